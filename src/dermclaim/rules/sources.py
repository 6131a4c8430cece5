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
