"""The one place a rule code is bound to its rule. Codes carry a family prefix and are never
reused: a rule taken out of service moves to ``retired.py`` with its release and reason.

Families: BX skin biopsy · PTH pathology correlation · EM E/M beside procedures · AOC add-on
codes · MUE medically unlikely edits · CLM claim form · ENG engine coverage · TAB code tables ·
NCCI procedure-to-procedure edits · MOD modifiers · GLB global periods ·
DES destruction, skin tags, intralesional injection, chemical peels · MOH Mohs surgery ·
SHV shave removal · EXC excision · REP wound repair · ATT adjacent tissue transfer ·
DRG drugs (units, JW/JZ, NDC, codes) · ADM drug administration · PHO phototherapy, excimer laser
and patch tests · PDT photodynamic therapy · DX ICD-10-CM validity and procedure support ·
NEC medical necessity (cosmetic versus medical) · RTE routing to payer or patient, G-modifiers ·
AUC Mohs appropriate use criteria.
"""

from __future__ import annotations

from dermclaim.rules.auc.mohs_auc_not_rated import MohsAucNotRated
from dermclaim.rules.auc.mohs_rated_inappropriate import MohsRatedInappropriate
from dermclaim.rules.auc.mohs_rated_uncertain import MohsRatedUncertain
from dermclaim.rules.base import Rule
from dermclaim.rules.biopsy.biopsy_add_on_technique_mismatch import BiopsyAddOnTechniqueMismatch
from dermclaim.rules.biopsy.biopsy_held_for_pathology import BiopsyHeldForPathology
from dermclaim.rules.biopsy.biopsy_of_lesion_removed_same_session import (
    BiopsyOfLesionRemovedSameSession,
)
from dermclaim.rules.biopsy.biopsy_primary_not_highest_technique import (
    BiopsyPrimaryNotHighestTechnique,
)
from dermclaim.rules.biopsy.biopsy_removed_entire_lesion import BiopsyRemovedEntireLesion
from dermclaim.rules.biopsy.biopsy_units_differ_from_sampled_lesions import (
    BiopsyUnitsDifferFromSampledLesions,
)
from dermclaim.rules.biopsy.multiple_primary_biopsy_codes import MultiplePrimaryBiopsyCodes
from dermclaim.rules.biopsy.skin_biopsy_code_at_special_site import SkinBiopsyCodeAtSpecialSite
from dermclaim.rules.claim.add_on_without_primary import AddOnWithoutPrimary
from dermclaim.rules.claim.diagnosis_pointer_out_of_range import DiagnosisPointerOutOfRange
from dermclaim.rules.claim.procedure_not_coded import ProcedureNotCoded
from dermclaim.rules.claim.table_not_in_force import TableNotInForce
from dermclaim.rules.claim.units_exceed_mue import UnitsExceedMue
from dermclaim.rules.destruction.acne_exfoliation_17360_billed_for_actinic_keratoses import (
    AcneExfoliation17360BilledForActinicKeratoses,
)
from dermclaim.rules.destruction.benign_destruction_not_one_unit_per_session import (
    BenignDestructionNotOneUnitPerSession,
)
from dermclaim.rules.destruction.destruction_17004_billed_with_17000_or_17003 import (
    Destruction17004BilledWith17000Or17003,
)
from dermclaim.rules.destruction.destruction_held_for_documentation import (
    DestructionHeldForDocumentation,
)
from dermclaim.rules.destruction.intralesional_injection_code_differs_from_lesion_count import (
    IntralesionalInjectionCodeDiffersFromLesionCount,
)
from dermclaim.rules.destruction.malignant_destruction_code_differs_from_documentation import (
    MalignantDestructionCodeDiffersFromDocumentation,
)
from dermclaim.rules.destruction.premalignant_destruction_units_differ_from_lesions import (
    PremalignantDestructionUnitsDifferFromLesions,
)
from dermclaim.rules.destruction.skin_tag_units_differ_from_count import SkinTagUnitsDifferFromCount
from dermclaim.rules.diagnosis.diagnosis_code_invalid import DiagnosisCodeInvalid
from dermclaim.rules.diagnosis.diagnosis_code_not_billable import DiagnosisCodeNotBillable
from dermclaim.rules.diagnosis.diagnosis_does_not_support_procedure import (
    DiagnosisDoesNotSupportProcedure,
)
from dermclaim.rules.diagnosis.icd10_before_effective_date import Icd10BeforeEffectiveDate
from dermclaim.rules.diagnosis.line_diagnosis_not_linked_to_procedure import (
    LineDiagnosisNotLinkedToProcedure,
)
from dermclaim.rules.drugs.administration_differs_from_documented import (
    AdministrationDiffersFromDocumented,
)
from dermclaim.rules.drugs.drug_administration_not_coded import DrugAdministrationNotCoded
from dermclaim.rules.drugs.drug_billed_without_documentation import DrugBilledWithoutDocumentation
from dermclaim.rules.drugs.drug_code_differs_from_documented_drug import (
    DrugCodeDiffersFromDocumentedDrug,
)
from dermclaim.rules.drugs.drug_ndc_missing import DrugNdcMissing
from dermclaim.rules.drugs.drug_ndc_not_11_digits import DrugNdcNot11Digits
from dermclaim.rules.drugs.drug_not_coded import DrugNotCoded
from dermclaim.rules.drugs.drug_units_differ_from_documented_dose import (
    DrugUnitsDifferFromDocumentedDose,
)
from dermclaim.rules.drugs.drug_units_exceed_mue import DrugUnitsExceedMue
from dermclaim.rules.drugs.drug_waste_modifier_missing import DrugWasteModifierMissing
from dermclaim.rules.drugs.drug_waste_modifier_misused import DrugWasteModifierMisused
from dermclaim.rules.drugs.self_administered_drug_billed_to_part_b import (
    SelfAdministeredDrugBilledToPartB,
)
from dermclaim.rules.light.excimer_code_differs_from_area import ExcimerCodeDiffersFromArea
from dermclaim.rules.light.excimer_outside_payer_criteria import ExcimerOutsidePayerCriteria
from dermclaim.rules.light.patch_test_units_differ_from_allergens import (
    PatchTestUnitsDifferFromAllergens,
)
from dermclaim.rules.light.photodynamic_therapy_code_differs_from_documented import (
    PhotodynamicTherapyCodeDiffersFromDocumented,
)
from dermclaim.rules.light.photodynamic_therapy_not_coded import PhotodynamicTherapyNotCoded
from dermclaim.rules.light.phototherapy_code_differs_from_modality import (
    PhototherapyCodeDiffersFromModality,
)
from dermclaim.rules.light.phototherapy_not_coded import PhototherapyNotCoded
from dermclaim.rules.modifiers.distinct_modifier_on_visit import DistinctModifierOnVisit
from dermclaim.rules.modifiers.modifier_25_without_procedure import Modifier25WithoutProcedure
from dermclaim.rules.modifiers.modifier_57_without_major_procedure import (
    Modifier57WithoutMajorProcedure,
)
from dermclaim.rules.modifiers.modifier_59_and_x_modifier_on_one_line import (
    Modifier59AndXModifierOnOneLine,
)
from dermclaim.rules.modifiers.visit_beside_major_procedure_without_57 import (
    VisitBesideMajorProcedureWithout57,
)
from dermclaim.rules.mohs.frozen_section_billed_for_mohs_specimens import (
    FrozenSectionBilledForMohsSpecimens,
)
from dermclaim.rules.mohs.modifier_58_on_repair_after_mohs import Modifier58OnRepairAfterMohs
from dermclaim.rules.mohs.mohs_code_for_wrong_site_group import MohsCodeForWrongSiteGroup
from dermclaim.rules.mohs.mohs_codes_when_surgeon_is_not_pathologist import (
    MohsCodesWhenSurgeonIsNotPathologist,
)
from dermclaim.rules.mohs.mohs_excision_diameter_undocumented import MohsExcisionDiameterUndocumented
from dermclaim.rules.mohs.mohs_or_frozen_section_not_coded import MohsOrFrozenSectionNotCoded
from dermclaim.rules.mohs.mohs_stage_or_block_units_differ_from_documentation import (
    MohsStageOrBlockUnitsDifferFromDocumentation,
)
from dermclaim.rules.mohs.mohs_without_valid_clia_number import MohsWithoutValidCliaNumber
from dermclaim.rules.mohs.second_mohs_tumor_without_distinct_modifier import (
    SecondMohsTumorWithoutDistinctModifier,
)
from dermclaim.rules.ncci.ncci_bypass_modifier_without_distinct_lesion import (
    NcciBypassModifierWithoutDistinctLesion,
)
from dermclaim.rules.ncci.ncci_column_two_included_in_column_one import (
    NcciColumnTwoIncludedInColumnOne,
)
from dermclaim.rules.ncci.ncci_column_two_never_separately_payable import (
    NcciColumnTwoNeverSeparatelyPayable,
)
from dermclaim.rules.ncci.ncci_distinct_lesion_modifier_missing import (
    NcciDistinctLesionModifierMissing,
)
from dermclaim.rules.necessity.cosmetic_procedure_billed_as_medical import (
    CosmeticProcedureBilledAsMedical,
)
from dermclaim.rules.necessity.medical_indication_on_cosmetic_procedure import (
    MedicalIndicationOnCosmeticProcedure,
)
from dermclaim.rules.necessity.medical_necessity_not_documented import MedicalNecessityNotDocumented
from dermclaim.rules.pathology.biopsy_without_specimen import BiopsyWithoutSpecimen
from dermclaim.rules.pathology.diagnosis_not_from_pathology import DiagnosisNotFromPathology
from dermclaim.rules.pathology.specimen_without_procedure import SpecimenWithoutProcedure
from dermclaim.rules.pathology.uncertain_behavior_without_pathology import (
    UncertainBehaviorWithoutPathology,
)
from dermclaim.rules.removal.excision_billed_with_adjacent_tissue_transfer import (
    ExcisionBilledWithAdjacentTissueTransfer,
)
from dermclaim.rules.removal.excision_code_differs_from_documentation import (
    ExcisionCodeDiffersFromDocumentation,
)
from dermclaim.rules.removal.excision_family_for_in_situ_or_uncertain_lesion import (
    ExcisionFamilyForInSituOrUncertainLesion,
)
from dermclaim.rules.removal.excision_held_for_pathology import ExcisionHeldForPathology
from dermclaim.rules.removal.excision_margin_not_documented import ExcisionMarginNotDocumented
from dermclaim.rules.removal.lesion_removal_at_non_skin_site import LesionRemovalAtNonSkinSite
from dermclaim.rules.removal.lesions_in_one_excision_billed_separately import (
    LesionsInOneExcisionBilledSeparately,
)
from dermclaim.rules.removal.shave_removal_code_differs_from_documentation import (
    ShaveRemovalCodeDiffersFromDocumentation,
)
from dermclaim.rules.repair.adhesive_strip_closure_billed_as_repair import (
    AdhesiveStripClosureBilledAsRepair,
)
from dermclaim.rules.repair.adjacent_tissue_transfer_code_differs_from_documentation import (
    AdjacentTissueTransferCodeDiffersFromDocumentation,
)
from dermclaim.rules.repair.complex_repair_too_short_for_complex_code import (
    ComplexRepairTooShortForComplexCode,
)
from dermclaim.rules.repair.repair_billed_with_small_benign_excision import (
    RepairBilledWithSmallBenignExcision,
)
from dermclaim.rules.repair.repair_code_differs_from_documentation import (
    RepairCodeDiffersFromDocumentation,
)
from dermclaim.rules.repair.repairs_of_one_class_and_group_not_summed import (
    RepairsOfOneClassAndGroupNotSummed,
)
from dermclaim.rules.repair.repairs_summed_across_anatomic_groups import (
    RepairsSummedAcrossAnatomicGroups,
)
from dermclaim.rules.repair.secondary_closure_code_for_lesion_defect import (
    SecondaryClosureCodeForLesionDefect,
)
from dermclaim.rules.repair.simple_repair_of_procedure_wound_billed import (
    SimpleRepairOfProcedureWoundBilled,
)
from dermclaim.rules.routing.abn_modifier_does_not_match_notice import AbnModifierDoesNotMatchNotice
from dermclaim.rules.routing.abn_not_signed import AbnNotSigned
from dermclaim.rules.routing.contradictory_liability_modifiers_on_one_line import (
    ContradictoryLiabilityModifiersOnOneLine,
)
from dermclaim.rules.routing.cosmetic_service_billed_to_payer import CosmeticServiceBilledToPayer
from dermclaim.rules.routing.cosmetic_waiver_not_signed import CosmeticWaiverNotSigned
from dermclaim.rules.routing.visit_addressed_only_cosmetic_concerns import (
    VisitAddressedOnlyCosmeticConcerns,
)
from dermclaim.rules.visit.visit_not_separately_identifiable import VisitNotSeparatelyIdentifiable

RULES: dict[str, type[Rule]] = {
    "BX001": MultiplePrimaryBiopsyCodes,
    "BX002": BiopsyPrimaryNotHighestTechnique,
    "BX003": BiopsyAddOnTechniqueMismatch,
    "BX004": BiopsyUnitsDifferFromSampledLesions,
    "BX005": BiopsyRemovedEntireLesion,
    "BX006": SkinBiopsyCodeAtSpecialSite,
    "BX007": BiopsyOfLesionRemovedSameSession,
    "BX008": BiopsyHeldForPathology,
    "PTH001": SpecimenWithoutProcedure,
    "PTH002": BiopsyWithoutSpecimen,
    "PTH003": DiagnosisNotFromPathology,
    "PTH004": UncertainBehaviorWithoutPathology,
    "DES001": Destruction17004BilledWith17000Or17003,
    "DES002": PremalignantDestructionUnitsDifferFromLesions,
    "DES003": BenignDestructionNotOneUnitPerSession,
    "DES004": MalignantDestructionCodeDiffersFromDocumentation,
    "DES005": AcneExfoliation17360BilledForActinicKeratoses,
    "DES006": DestructionHeldForDocumentation,
    "DES007": SkinTagUnitsDifferFromCount,
    "DES008": IntralesionalInjectionCodeDiffersFromLesionCount,
    "MOH001": MohsStageOrBlockUnitsDifferFromDocumentation,
    "MOH002": MohsCodeForWrongSiteGroup,
    "MOH003": MohsWithoutValidCliaNumber,
    "MOH004": Modifier58OnRepairAfterMohs,
    "MOH005": MohsCodesWhenSurgeonIsNotPathologist,
    "MOH006": FrozenSectionBilledForMohsSpecimens,
    "MOH007": MohsExcisionDiameterUndocumented,
    "MOH008": SecondMohsTumorWithoutDistinctModifier,
    "MOH009": MohsOrFrozenSectionNotCoded,
    "SHV001": ShaveRemovalCodeDiffersFromDocumentation,
    "EXC001": ExcisionCodeDiffersFromDocumentation,
    "EXC002": ExcisionHeldForPathology,
    "EXC003": ExcisionMarginNotDocumented,
    "EXC004": LesionsInOneExcisionBilledSeparately,
    "EXC005": ExcisionBilledWithAdjacentTissueTransfer,
    "EXC006": ExcisionFamilyForInSituOrUncertainLesion,
    "EXC007": LesionRemovalAtNonSkinSite,
    "REP001": SimpleRepairOfProcedureWoundBilled,
    "REP002": RepairsOfOneClassAndGroupNotSummed,
    "REP003": RepairsSummedAcrossAnatomicGroups,
    "REP004": RepairBilledWithSmallBenignExcision,
    "REP005": ComplexRepairTooShortForComplexCode,
    "REP006": AdhesiveStripClosureBilledAsRepair,
    "REP007": SecondaryClosureCodeForLesionDefect,
    "REP008": RepairCodeDiffersFromDocumentation,
    "ATT001": AdjacentTissueTransferCodeDiffersFromDocumentation,
    "DRG001": DrugUnitsDifferFromDocumentedDose,
    "DRG002": DrugUnitsExceedMue,
    "DRG003": DrugWasteModifierMissing,
    "DRG004": DrugWasteModifierMisused,
    "DRG005": DrugNdcMissing,
    "DRG006": DrugNdcNot11Digits,
    "DRG007": DrugCodeDiffersFromDocumentedDrug,
    "DRG008": SelfAdministeredDrugBilledToPartB,
    "DRG009": DrugNotCoded,
    "DRG010": DrugBilledWithoutDocumentation,
    "ADM001": AdministrationDiffersFromDocumented,
    "ADM002": DrugAdministrationNotCoded,
    "PHO001": PhototherapyCodeDiffersFromModality,
    "PHO002": ExcimerCodeDiffersFromArea,
    "PHO003": PhototherapyNotCoded,
    "PHO004": ExcimerOutsidePayerCriteria,
    "PHO005": PatchTestUnitsDifferFromAllergens,
    "PDT001": PhotodynamicTherapyCodeDiffersFromDocumented,
    "PDT002": PhotodynamicTherapyNotCoded,
    "DX001": DiagnosisCodeInvalid,
    "DX002": DiagnosisCodeNotBillable,
    "DX003": Icd10BeforeEffectiveDate,
    "DX004": DiagnosisDoesNotSupportProcedure,
    "DX005": LineDiagnosisNotLinkedToProcedure,
    "EM001": VisitNotSeparatelyIdentifiable,
    "AOC001": AddOnWithoutPrimary,
    "MUE001": UnitsExceedMue,
    "NCCI001": NcciDistinctLesionModifierMissing,
    "NCCI002": NcciColumnTwoNeverSeparatelyPayable,
    "NCCI003": NcciBypassModifierWithoutDistinctLesion,
    "NCCI004": NcciColumnTwoIncludedInColumnOne,
    "MOD001": Modifier59AndXModifierOnOneLine,
    "MOD002": DistinctModifierOnVisit,
    "MOD003": Modifier57WithoutMajorProcedure,
    "MOD004": Modifier25WithoutProcedure,
    "GLB001": VisitBesideMajorProcedureWithout57,
    "CLM001": DiagnosisPointerOutOfRange,
    "ENG001": ProcedureNotCoded,
    "TAB001": TableNotInForce,
    "NEC001": CosmeticProcedureBilledAsMedical,
    "NEC002": MedicalNecessityNotDocumented,
    "NEC003": MedicalIndicationOnCosmeticProcedure,
    "RTE001": CosmeticServiceBilledToPayer,
    "RTE002": AbnModifierDoesNotMatchNotice,
    "RTE003": ContradictoryLiabilityModifiersOnOneLine,
    "RTE004": CosmeticWaiverNotSigned,
    "RTE005": AbnNotSigned,
    "RTE006": VisitAddressedOnlyCosmeticConcerns,
    "AUC001": MohsRatedInappropriate,
    "AUC002": MohsRatedUncertain,
    "AUC003": MohsAucNotRated,
}


def code_of(rule: type[Rule]) -> str:
    for code, registered in RULES.items():
        if registered is rule:
            return code
    raise KeyError(rule.__name__)
