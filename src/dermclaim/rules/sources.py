"""Authorities the rules cite, each with the dates it is in force (RULES.md "Sources")."""

from __future__ import annotations

import datetime as dt

from dermclaim.model import Source

CPT_2019_BIOPSY = Source(
    "CPT 2019 skin biopsy codes 11102–11107 and their guidelines (11100/11101 deleted "
    "2018-12-31), as explained in AAD DermWorld Coding Consult, Fall 2018, 'New skin biopsy "
    "codes: it's all about the technique' [S1]",
    dt.date(2019, 1, 1),
)
BIOPSY_HIERARCHY = Source(
    "AAPC Podiatry Coding Alert, 'Sharpen your multiple skin biopsy coding skills' [S2]; Cutis/The "
    "Hospitalist, 'A guide to avoiding common procedural coding mistakes' (incisional > punch > "
    "tangential) [S3]",
    dt.date(2019, 1, 1),
)
BIOPSY_SAMPLES_ONE_LESION = Source(
    "CPT biopsy guidelines: one unit per separately sampled lesion; AAPC '5 skin biopsy myths'; "
    "several samples of one lesion are one biopsy (health-plan coding guideline) [S6, RULES 1.7–1.8]",
    dt.date(2019, 1, 1),
)
SITE_SPECIFIC_BIOPSY = Source(
    "CPT: 11102–11107 are for skin; lip (40490), eyelid margin (67810), nail unit (11755) and "
    "external auditory canal (69105) have site-specific biopsy codes; AAD DermWorld Dec 2018, "
    "'Biopsy coding in 2019: Part 2' [S4, RULES 1.9]",
    dt.date(2019, 1, 1),
)
REMOVAL_NOT_BIOPSY = Source(
    "CPT 2019 biopsy guidelines: removal of the entire lesion is reported as the removal "
    "(shave 11300–11313 or excision 11400–11646), not as a biopsy [S1, S8, RULES 1.3]",
    dt.date(2019, 1, 1),
)
NCCI_BIOPSY_SAME_LESION = Source(
    "NCCI Policy Manual ch. I and III on a biopsy with a more extensive procedure on the same "
    "lesion, as quoted by AAPC 'Bundled or separate biopsy depends on circumstances' and 'Excision "
    "includes same-site biopsy — usually'; AAD DermWorld Jan 2012 (Elston) [S7, S8, S9]",
)
MOHS_SAME_DAY_BIOPSY = Source(
    "MAC Mohs billing and coding articles (e.g. A56836): a same-day biopsy and frozen section "
    "before Mohs only without prior pathology, with modifier 59/XU [S23, S26, S31, RULES 5.7]",
)
ICD10_UNCERTAIN_BEHAVIOR = Source(
    "ICD-10-CM Tabular List, note at D37–D48: neoplasms of uncertain behavior are those whose "
    "histology cannot say malignant or benign; D49 is unspecified behavior [S55, RULES 9.1]",
    dt.date(2015, 10, 1),
)
PATHOLOGY_FINAL_DX = Source(
    "ICD-10-CM Official Guidelines for outpatient services (Section IV): code to the highest "
    "certainty known at the time of coding, i.e. the pathology result when it is available "
    "[RULES 9.2]",
    dt.date(2015, 10, 1),
)
NCCI_MINOR_EM = Source(
    "NCCI Policy Manual ch. I/III and the CMS Global Surgery booklet: the decision to perform a "
    "minor (000/010-day) procedure is included in it; a same-day E/M needs a significant, "
    "separately identifiable service and modifier 25 [S32, S37, RULES 0.1–0.2]",
)
NCCI_AOC = Source(
    "CMS NCCI add-on code edits: an add-on code is paid only with one of its listed primaries "
    "[S35, S38, RULES 0.7]",
)
NCCI_MUE = Source(
    "CMS NCCI medically unlikely edits: the most units of a code one provider reports for one "
    "patient on one date; MAI 1 per line, 2 and 3 per date of service [RULES 7.2.3]",
)
CMS_1500_POINTERS = Source(
    "X12 837P 005010X222A1 SV107 / CMS-1500 item 24E: diagnosis pointers refer to the claim's "
    "diagnosis list (at most 12 diagnoses, 4 pointers per line)",
    dt.date(2012, 1, 1),
)
DERMCLAIM_SCOPE = Source("dermclaim coverage: the procedure families this version codes (README)")
TABLE_RELEASES = Source(
    "CMS quarterly NCCI, MUE and add-on code files and the Medicare physician fee schedule RVU "
    "file: each release is in force for its quarter"
)

# --- destruction, skin tags, intralesional injection, peels (RULES.md §6) ----------------------

CPT_DESTRUCTION_UNITS = Source(
    "CPT destruction guidelines (paraphrased): premalignant 17000 first lesion, +17003 each of "
    "lesions 2–14, 17004 for 15 or more instead of 17000/17003; benign 17110 for 1–14 lesions "
    "and 17111 for 15 or more, one unit each; as explained by codingmcw 17003, codingahead "
    "17110/17111, auctusgroupconsulting 17110 [S38, RULES 6.1–6.2, 11.10]"
)
NCCI_DESTRUCTION_PAIRS = Source(
    "CMS NCCI procedure-to-procedure edits: 17004 is column one over 17000 and 17003, and 17111 "
    "over 17110, with modifier indicator 0 (never bypassed) [RULES 0.5, 6.1–6.2]"
)
MALIGNANT_DESTRUCTION_BANDS = Source(
    "CPT 17260–17286 (paraphrased): destruction of malignant lesions by site group (trunk, arms, "
    "legs / scalp, neck, hands, feet, genitalia / face, ears, eyelids, nose, lips, mucous "
    "membrane) and lesion diameter (≤0.5, 0.6–1.0, 1.1–2.0, 2.1–3.0, 3.1–4.0, >4.0 cm), one code "
    "per lesion; codingahead 17260–17264, openpayer [RULES 6.3, 11.11]"
)
AAD_CURETTAGE_DEFECT = Source(
    "AAD DermWorld, Jan 2012, Elston, 'When can I bill a biopsy in conjunction with another "
    "procedure?': for curettage and electrodesiccation of a malignancy, use the final defect "
    "diameter [S9, RULES 6.3 — medium confidence]",
    dt.date(2012, 1, 1),
)
DESTRUCTION_SAME_LESION = Source(
    "AAD DermWorld, Jan 2012, Elston: a lesion sampled and then destroyed at one session is "
    "billed as the malignant destruction if pathology is malignant, as the biopsy if benign — "
    "never both [S9, RULES 6.4]",
    dt.date(2012, 1, 1),
)
CPT_SKIN_TAGS = Source(
    "CPT 11200/11201 (paraphrased): removal of skin tags, up to and including 15 lesions; +11201 "
    "each additional 10 lesions or part thereof; CMS NCCI add-on edit: 11201 only with 11200 "
    "[RULES 6.2]"
)
CPT_INTRALESIONAL = Source(
    "CPT 11900/11901 (paraphrased): intralesional injection, up to and including 7 lesions / "
    "more than 7 lesions, one per session; CMS NCCI edit 11901 over 11900 with modifier "
    "indicator 0 (never both)"
)
CPT_17360_ACNE = Source(
    "CPT 17360 is chemical exfoliation for acne (rvuedge and openpayer 17360) — not a peel for "
    "actinic keratoses; AK peels are 15788/15789 (face, epidermal/dermal) and 15792/15793 "
    "(elsewhere), individual AKs destroyed chemically 17000–17004 (Highmark Medicare Advantage "
    "AK policy citing NCD 250.4; IBX chemical-peel policies) [S40, S58, RULES 6.6–6.7, 11.12]"
)

# --- Mohs micrographic surgery (RULES.md §5) -------------------------------------------------

CPT_MOHS = Source(
    "CPT 2007 Mohs codes 17311–17315 (paraphrased): 17311/+17312 head, neck, hands, feet, "
    "genitalia or any site where the surgery involves muscle, cartilage, bone, tendon, major "
    "nerves or vessels; 17313/+17314 trunk, arms, legs; +17315 each block beyond 5 in any stage; "
    "medicarepaymentandreimbursement.com, codingahead, americanmedicalcoding [S22, RULES 5.1–5.3, "
    "11.7]",
    dt.date(2007, 1, 1),
)
MOHS_SURGEON_PATHOLOGIST = Source(
    "LCD L35494 'Mohs Micrographic Surgery' and Mohs billing articles: one physician acts as "
    "surgeon and pathologist; otherwise report excision (11600–11646, final excised diameter) and "
    "the pathologist's codes; AAD DermWorld Sept 2011 (Elston), 'Mohs and slow Mohs' [S24, S23, "
    "S21, S29, RULES 5.4]"
)
MOHS_PATHOLOGY_INCLUDED = Source(
    "CPT Mohs guidelines and CPT Assistant Feb 2014 as explained by AAD DermWorld Mar 2020 "
    "(Miller) and Ellzey Coding Solutions: frozen sections and routine stains of the Mohs "
    "specimens are included in 17311–17315; CMS NCCI edits 17311/17313 over 88331/88332 [S22, "
    "S31, S33, RULES 5.5, 5.7]"
)
MOHS_CLIA = Source(
    "CMS CR 3458 (Transmittal 434) as cited by the MAC Mohs billing and coding articles "
    "A56514/A56515: Mohs codes are CLIA-edited; the billing entity needs a CLIA certificate "
    "(not a waiver or PPM certificate) and its 10-character number on the claim [S25, RULES 5.12]"
)
MODIFIER_58_MOHS = Source(
    "AAD DermWorld, Apr 2012, Elston, 'Appropriate use of modifier 58': 58 is only for a staged "
    "or related procedure by the same physician in that physician's postoperative period; Mohs "
    "has a 000-day global, so a repair after Mohs never takes 58 [S20, RULES 5.6, 5.9, 11.8]",
    dt.date(2012, 4, 1),
)
MOHS_MULTIPLE_TUMORS = Source(
    "Mohs billing guidance (dermatologybilling.com; pabau, low quality): several tumors the same "
    "day each take a first-stage code, the second and later with 59/XS; add-ons follow their "
    "own primary [RULES 5.10 — low to medium confidence]"
)
EXCISED_DIAMETER = Source(
    "AAPC, 'Skin lesion measuring tips' and 'Include margins in lesion measurement': excision "
    "codes go by the excised diameter (lesion plus margins), not the lesion alone [S10, S11, "
    "RULES 3.2, 5.4]"
)

# --- NCCI procedure-to-procedure edits, modifiers, global days (RULES.md §0) ------------------

NCCI_PTP = Source(
    "CMS NCCI procedure-to-procedure edits (quarterly practitioner file) and NCCI Policy Manual "
    "ch. I: the column-two code is not paid with the column-one code; modifier indicator 0 = "
    "never bypassed, 1 = bypassed by an NCCI-associated modifier on the column-two code when the "
    "services were distinct, 9 = not applicable; as quoted by AAPC [S13, S34, RULES 0.5]"
)
NCCI_DISTINCT_LESION = Source(
    "NCCI Policy Manual ch. I and III as quoted by AAPC and AAD: biopsy, destruction, shave or "
    "excision of a different lesion the same day is separately reportable with 59/XS when an "
    "edit pairs the codes; a different diagnosis alone does not justify 59 [S7, S9, S13, S34, "
    "RULES 0.6, 1.11–1.12]"
)
CMS_X_MODIFIERS = Source(
    "CMS CR 8863 / MLN Matters MM8863: modifiers XE (separate encounter), XS (separate structure), "
    "XP (separate practitioner), XU (unusual non-overlapping service) as subsets of 59; 59 and an "
    "X modifier are not reported on one line, and neither is appended to an E/M code; AAD DermWorld "
    "Mar 2020 (Miller) [S34, S33, RULES 0.4]",
    dt.date(2015, 1, 1),
)
NCCI_SMALL_BENIGN_EXCISION = Source(
    "NCCI Policy Manual ch. III as quoted on the AAPC forum (Novitas JL bundling): every repair is "
    "included in a benign excision of 0.5 cm or less (11400, 11420, 11440); a 59 to force the pair "
    "is improper when no other, larger lesion was excised [S14, S15, RULES 3.11]"
)
GLOBAL_SURGERY = Source(
    "CMS MLN Global Surgery booklet, as summarised by NGS Medicare, and the NCCI Policy Manual ch. "
    "I/III as quoted by Ellzey Coding Solutions: global days from the fee schedule (000/010 minor, "
    "090 major: the day before, the day of and 90 days after); modifier 57 marks the E/M at which "
    "the decision for a major (090-day) surgery was made and is not used with minor procedures; "
    "modifier 25 marks a significant, separately identifiable E/M on the day of a procedure [S37, "
    "S32, RULES 0.1–0.3, 11.29]"
)

# --- shave removal, excision, repair, adjacent tissue transfer (RULES.md §2–4) ---------------

CPT_SHAVE_REMOVAL = Source(
    "CPT shave removal 11300–11313 (paraphrased): transverse removal of an epidermal or dermal "
    "lesion without full-thickness excision, per lesion, by site group and lesion diameter only "
    "(≤0.5, 0.6–1.0, 1.1–2.0, >2.0 cm); AAPC Podiatry 'Mythbuster' (margins give nothing) and AAPC "
    "Part B Insider 'Look past the urban myth about adding up lesion sizes' [RULES 2.1–2.4]",
)
CPT_EXCISED_DIAMETER = Source(
    "CPT excision guidelines since 2003 (paraphrased): excised diameter = greatest clinical "
    "diameter of the lesion + the narrowest margin on each side, measured before excision, not "
    "from the pathology report or the ellipse; bands and site groups of 11400–11446 / 11600–11646; "
    "AAPC 'Skin lesion measuring tips', 'Include margins in lesion measurement' [S10, S11, "
    "RULES 3.2–3.4, 11.4]",
    dt.date(2003, 1, 1),
)
EXCISION_FAMILY_FROM_PATHOLOGY = Source(
    "AAPC General Surgery Coding Alert 'Three tidbits'; Blue KC excision policy: the benign or "
    "malignant family follows the final pathology, so coding waits for the report [S19, RULES 3.5]; "
    "AAPC '4 steps for improved excision coding' (HEALTHCON 2019): uncertain behavior (atypia, "
    "dysplasia) takes the benign codes",
)
IN_SITU_MALIGNANT_FAMILY = Source(
    "Industry practice, not confirmed by a primary source: in-situ lesions (D03 melanoma in situ, "
    "D04 SCC in situ) are coded with the malignant excision family [RULES 3.13, 12; confidence L]",
)
CPT_EACH_LESION_EXCISED = Source(
    "CPT excision guidelines: report each lesion excised separately; AAPC General Surgery Coding "
    "Alert 'Add up repairs, or lesions?' and 'Lesion excisions don't add up' [S12, RULES 3.6]",
)
NCCI_ONE_EXCISION_SEVERAL_LESIONS = Source(
    "NCCI Policy Manual for Medicare Services ch. III, as quoted by AAPC Otolaryngology Coding "
    "Alert 'Get familiar with these NCCI policies on lesion removal': several lesions removed by one "
    "excision are one excision code [S13, RULES 3.7]; payers differ on its size (Blue KC adds the "
    "diameters) [S19, RULES 3.8]",
)
RE_EXCISION_SAME_SESSION = Source(
    "Blue KC excision policy; AAD DermWorld Apr 2012, Elston, 'Appropriate use of modifier 58': "
    "a re-excision at the same session for an inadequate margin is one code on the final widest "
    "excised diameter [S19, S20, RULES 3.9]",
)
CPT_FLAP_INCLUDES_EXCISION = Source(
    "CPT adjacent tissue transfer 14000–14302 guidelines (paraphrased): the codes include excision "
    "of the lesion and the closure of the defect; AAD DermWorld Sept 2011, Elston, 'Mohs and slow "
    "Mohs' [S21, RULES 3.10]; AAPC General Surgery Coding Alert 'Seize tissue transfer "
    "opportunities' (NCCI pairs 14301 with 11400–11646 and 12001–13152)",
)
CPT_FLAP_AREA = Source(
    "CPT 14000–14061 (paraphrased): adjacent tissue transfer by anatomic group and defect area "
    "(primary + secondary defect) 10 sq cm or less / 10.1–30.0 sq cm; 14301 any area 30.1–60.0 sq "
    "cm, +14302 each additional 30.0 sq cm or part (CPT 2009 onwards); rvuedge and openpayer "
    "14301/14302 pages",
    dt.date(2009, 1, 1),
)
CPT_REPAIR_2020 = Source(
    "CPT 2020 repair (closure) guidelines (paraphrased): simple, intermediate and complex "
    "definitions; sum the lengths of repairs of one classification within one anatomic group "
    "(groups differ by classification) and report one code; list the more complicated first; "
    "Zotec 'CPT 2020 updates to wound repair guidelines', WoundKare checklist, AAPC 'Add up "
    "repairs, or lesions?' [S12, S16, S18, RULES 4.1–4.3, 11.5–11.6]",
    dt.date(2020, 1, 1),
)
SIMPLE_REPAIR_INCLUDED = Source(
    "CPT: excision 11400–11646 includes simple (non-layered) closure; 11104/11106 include simple "
    "closure; AAPC General Surgery Coding Alert 'Wound repair with lesion excision?'; the CMS NCCI "
    "PTP table pairs every excision, skin biopsy and shave removal over 12001–12018 [S15, RULES "
    "3.1, 4.3.3, 11.5]",
)
NCCI_SMALL_BENIGN_EXCISION_REPAIR = Source(
    "NCCI Policy Manual ch. III, as quoted on the AAPC forum (Novitas JL bundling): every repair "
    "is included in a benign excision of excised diameter 0.5 cm or less (11400, 11420, 11440); "
    "malignant ones are not bundled; the CMS NCCI PTP table pairs 11400/11420/11440 over the "
    "intermediate and complex repairs [S14, S15, RULES 3.11, 11.5]",
)
COMPLEX_REPAIR_MINIMUM = Source(
    "CPT complex repair codes start at 1.1 cm (13100, 13120, 13131, 13151); complex repairs of "
    "1.0 cm or less are reported as simple or intermediate repairs (13150 deleted) [RULES 4.2 "
    "note; confidence M]",
)
CPT_ADHESIVE_STRIPS = Source(
    "CPT repair (closure) guidelines: a wound closed with adhesive strips only is not a repair and "
    "takes no repair code; tissue adhesive alone is a simple repair [dermclaim CONTRACT §1.1]",
)
CPT_SECONDARY_CLOSURE = Source(
    "CPT 13160 (secondary closure of a surgical wound or dehiscence, extensive or complicated; "
    "090-day global) and 12020/12021 (superficial wound dehiscence) are not repairs of a lesion "
    "defect [S16, S18, RULES 4.2, 11.6; confidence M]",
)
NON_SKIN_SITES = Source(
    "dermclaim body-site vocabulary (sites/vocabulary.json, conventions): the skin lesion codes "
    "11102–11107, 11300–11646 and 17000–17286 do not apply at the lip vermilion and mucosa, eyelid "
    "margin, nail unit, external auditory canal and oral mucosa, which have their own CPT code "
    "families [RULES 1.9 and CONTRACT §1.3; verify per site]",
)

# --- drugs, administration, phototherapy, photodynamic therapy, diagnoses (issue 4) ---------
DRUG_UNITS = Source(
    "Medicare Claims Processing Manual ch. 17 §10 and CMS Recovery Audit issue 0074: drug units "
    "are the dose administered divided by the HCPCS descriptor amount, rounded up, at least 1 "
    "[S42, RULES 7.2.1]",
)
DRUG_TABLE = Source(
    "dermclaim drug table (data/drugs, release 2026-12): HCPCS descriptor units, routes, containers "
    "and labelled indications from RULES 7.1 and 11.13–11.19 [S46–S51] and the CMS NCCI MUE files "
    "2024Q3/2026Q2; each row carries its own effective dates",
    dt.date(2017, 1, 1),
)
JW_MODIFIER = Source(
    "CMS discarded-drug policy (Medicare Claims Processing Manual ch. 17 §40): JW on the line of the "
    "amount discarded from a single-dose container, documented in the record; Noridian JE/JF "
    "'Drug wastage - JW and JZ modifiers' [S43, RULES 7.3.1, 7.3.4]",
    dt.date(2017, 1, 1),
)
JZ_MODIFIER = Source(
    "CMS JZ policy (CY2023 PFS final rule): JZ attests zero amount discarded from a single-dose "
    "container; available 2023-01-01, required from 2023-07-01, claims without JW or JZ returned "
    "from 2023-10-01; never with JW on one line; not for multi-dose containers; CGS Dec 2023 "
    "[S43, RULES 7.3.2–7.3.4]",
    dt.date(2023, 7, 1),
)
NDC_FORMAT = Source(
    "CMS-1500 item 24A shaded area / 837P loop 2410 (LIN03, CTP04, CTP05): qualifier N4, the "
    "11-digit NDC in 5-4-2 form (short segment padded with a leading zero), unit qualifier F2, GR, "
    "ME, ML or UN and quantity [S44, RULES 7.4.1]",
)
NDC_REQUIRED = Source(
    "Medicaid (and many commercial and Medicare Advantage plans) require the NDC of the package used "
    "on every physician-administered drug line; Medicare requires it for J3490/J3590 [S44 MedStar, "
    "Anthem 2025; S45 Priority Health; S46 CGS; RULES 7.4.2–7.4.3 (non-NOC Medicare: unconfirmed)]",
)
DRUG_CODE_DESCRIPTORS = Source(
    "HCPCS Level II descriptors: J3357 ustekinumab subcutaneous and J3358 intravenous (from "
    "2018-01-01); J1745 infliximab excludes biosimilars (Q5103, Q5104, Q5121); J3490 unclassified "
    "drugs, J3590 unclassified biologics [S45, S46, S48, RULES 7.1, 11.13, 11.15, 11.17]",
)
SAD_EXCLUSION = Source(
    "CMS Medicare Benefit Policy Manual ch. 15 §50.2 as applied by MAC self-administered drug "
    "exclusion lists (A52571, A53127, A53022; Noridian SAD list): a drug usually self-administered "
    "is not paid under Part B even when given in the office [S52, RULES 7.1, 7.5.4; which MACs "
    "list J3357: unconfirmed]",
)
DRUG_ADMINISTRATION = Source(
    "CPT drug administration guidelines: 96372 subcutaneous or intramuscular injection; 96365 IV "
    "infusion up to 1 hour (more than 15 minutes), +96366 each additional hour (more than 30 "
    "minutes beyond the hour); 96413/+96415 for monoclonal antibodies per payer; AAPC Pulmonology "
    "'infusion codes' [S53, RULES 7.5]",
)
PHOTOTHERAPY_CODES = Source(
    "CPT 96900–96913 and 96920–96922 as explained by codingahead (96910, 96913), medcoder (96900, "
    "96910, 96920), the vivu code list and the AAPC forum on 96910 vs 96900 (topical applied by "
    "staff) [S54, RULES 8, 11.21–11.23]",
)
EXCIMER_CRITERIA = Source(
    "Archived LCD L29212 and the QualChoice excimer policy: plaque psoriasis of at most 10 % body "
    "surface area after failed topical therapy; limits per course (payer-specific) [S54, RULES 8; "
    "confidence M]",
)
PDT_CODES = Source(
    "CPT 96567 (photosensitizer activated, applied by staff), 96573 (applied by a physician or "
    "QHP) and 96574 (with debridement of the lesions), per day; 96573/96574 new in CPT 2018; J7308 "
    "and J7345 for the aminolevulinic acid (Biofrontera reimbursement note; Ellzey Coding "
    "Solutions 2018)",
    dt.date(2018, 1, 1),
)
PATCH_TEST_UNITS = Source(
    "CPT 95044 patch or application tests: the number of tests is the units (one per allergen); "
    "CMS NCCI MUE 95044 = 90 per day (MAI 3) [SOURCES.md]",
)
ICD10_CODE_SET = Source(
    "CMS ICD-10-CM code set, April 2026 release (FY2026), as bundled in simple-icd-10-cm 1.5.0: a "
    "claim needs a billable leaf code; categories and subcategories are headers [S55, RULES 9.1, "
    "11.24]",
    dt.date(2015, 10, 1),
)
ICD10_COMPLIANCE_DATE = Source(
    "HIPAA code set rule (45 CFR 162.1002): ICD-10-CM replaces ICD-9-CM for dates of service on "
    "and after 2015-10-01",
)
DX_SUPPORT_TABLE = Source(
    "dermclaim procedure-diagnosis support table (data/dx_support, payer-overridable with "
    "dx_support_file) from RULES 9.2, the drug table's labelled indications and LCDs L34200/"
    "L35498 (benign lesions), NCD 250.4 (actinic keratoses), L35494 (Mohs), L33458/L34635 "
    "(botulinum toxin) [S39, S41, S24–S27, S46–S51, S54, S57; RULES 11.26]",
    dt.date(2015, 10, 1),
)

# --- cosmetic versus medical, routing, Mohs appropriate use criteria (RULES.md §5.13–5.14, §9.2, §10)

BENIGN_LESION_LCD = Source(
    "LCD L34200 (CGS) and L35498 'Removal of Benign Skin Lesions', Aetna CPB 0633, BCBSND "
    "benign-lesion policy: removal is medical with a documented indication — bleeding, intense "
    "itching, pain; recent change or enlargement; inflammation or infection; obstruction of an "
    "orifice or of vision; clinical uncertainty or concern for malignancy; prior biopsy suggesting "
    "malignancy; repeated trauma — otherwise cosmetic; the ICD-10 code alone does not show it "
    "[S41, RULES 9.2, 10.2, 11.27]",
    dt.date(2015, 10, 1),
)
COSMETIC_EXCLUSION = Source(
    "Social Security Act §1862(a)(10) and Medicare Benefit Policy Manual ch. 16 §120: cosmetic "
    "surgery and expenses incurred in connection with it are excluded from coverage (cited by the "
    "benign-lesion and Mohs LCAs) [S41, S25, S56, RULES 10.1]"
)
G_MODIFIERS = Source(
    "CMS CR 6563 / MLN Matters MM6563: GA = required ABN issued, GX = voluntary notice issued "
    "(with GY allowed; with GA or GZ the claim is returned), in force from 2010-04-01; GY = "
    "statutorily excluded, GZ = expected to be denied as not reasonable and necessary with no ABN; "
    "AAPC Dermatology Coding Alert 'Go with G modifiers on ABN claims' [S56, RULES 10.3, 11.28]",
    dt.date(2010, 4, 1),
)
ABN_NOTICE = Source(
    "Medicare Claims Processing Manual ch. 30 §50 and form CMS-R-131 (ABN): the notice must be "
    "given and signed before the service for the patient to be liable when Medicare denies it as "
    "not reasonable and necessary; AAD 'Advanced beneficiary notice' [S56, S39, RULES 10.3]"
)
COSMETIC_SPLIT_VISIT = Source(
    "RULES 10.4–10.5 (general principle, unconfirmed, low confidence): bill covered services to the "
    "payer and cosmetic ones to the patient under the practice's cosmetic financial waiver; cosmetic "
    "work does not raise the E/M; a cosmetic service filed at the patient's request takes GY "
    "(some payers add Z41.1)"
)
MANDATORY_CLAIM_SUBMISSION = Source(
    "Social Security Act §1848(g)(4): the physician files the claim for a covered service furnished "
    "to a Medicare beneficiary (mandatory claim submission); a medically necessary removal is not "
    "cosmetic because the form says so [RULES 10.2]"
)
MOHS_AUC = Source(
    "Connolly SM et al., 'AAD/ACMS/ASDSA/ASMS 2012 appropriate use criteria for Mohs micrographic "
    "surgery', J Am Acad Dermatol 2012;67(4):531-550 (areas H/M/L, tumor, size, patient), as "
    "referenced by MAC Mohs LCDs (e.g. L34961); table rebuilt from the ACMS/AAD summary [S27, "
    "RULES 5.13–5.14]",
    dt.date(2012, 10, 1),
)
MOHS_DOCUMENTATION = Source(
    "CMS MLN 'Guidance to reduce Mohs surgery reimbursement issues' (2013, updated 2020) and MAC Mohs "
    "LCDs: the note shows why Mohs, not excision or destruction, was the most appropriate treatment "
    "(tumor complexity, size, location, patient factors); AAD DermWorld Sept 2013 'Documenting Mohs "
    "surgery' [S28, S29, S30, RULES 5.13]",
    dt.date(2013, 9, 1),
)
