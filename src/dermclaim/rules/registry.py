"""The one place a rule code is bound to its rule. Codes carry a family prefix and are never
reused: a rule taken out of service moves to ``retired.py`` with its release and reason.

Families: BX skin biopsy · PTH pathology correlation · EM E/M beside procedures · AOC add-on
codes · MUE medically unlikely edits · CLM claim form · ENG engine coverage · TAB code tables.
"""

from __future__ import annotations

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
from dermclaim.rules.pathology.biopsy_without_specimen import BiopsyWithoutSpecimen
from dermclaim.rules.pathology.diagnosis_not_from_pathology import DiagnosisNotFromPathology
from dermclaim.rules.pathology.specimen_without_procedure import SpecimenWithoutProcedure
from dermclaim.rules.pathology.uncertain_behavior_without_pathology import (
    UncertainBehaviorWithoutPathology,
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
    "EM001": VisitNotSeparatelyIdentifiable,
    "AOC001": AddOnWithoutPrimary,
    "MUE001": UnitsExceedMue,
    "CLM001": DiagnosisPointerOutOfRange,
    "ENG001": ProcedureNotCoded,
    "TAB001": TableNotInForce,
}


def code_of(rule: type[Rule]) -> str:
    for code, registered in RULES.items():
        if registered is rule:
            return code
    raise KeyError(rule.__name__)
