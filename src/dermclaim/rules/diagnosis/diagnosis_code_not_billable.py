"""A diagnosis that is an ICD-10-CM category or subcategory header, not a billable code.

## What it checks
Every diagnosis of the encounter (documented, per procedure, from pathology and, when scrubbing, on
the billed lines) is a billable leaf of the ICD-10-CM code set for the date of service. Headers such
as C44, C44.3, L82, L40, D22 or R22 are reported with their billable codes (up to five shown).

## Why it matters
Claims need the full code: a header is rejected as invalid. Many lists given to billers name
headers (C44.01–C44.99, D04, L40, L82 …); C44 alone has 101 billable codes, eyelid codes with seven
characters.

## Fix safety
Display-only: the specific code depends on the site, laterality and histology in the note.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.diagnosis._common import children_text, places, table_caveat
from dermclaim.rules.sources import ICD10_CODE_SET


class DiagnosisCodeNotBillable(Rule):
    name = "diagnosis-code-not-billable"
    summary = "Diagnosis is an ICD-10-CM header (category or subcategory), not a billable code"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (ICD10_CODE_SET,)
    effective_from = ICD10_CODE_SET.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        caveat, sure = table_caveat(ctx)
        for place in places(ctx):
            icd = ctx.tables.icd10(place.code)
            if icd is None or icd.billable:
                continue
            kids = [k.code for k in ctx.tables.icd10_children(icd.code)]
            yield Hit(
                message=f"{icd.code} ({icd.description}, at {', '.join(place.pointers)}) is a header, "
                f"not a billable code{caveat}",
                fix=f"Replace {icd.code} by the billable code the note supports: {children_text(kids)}",
                lines=tuple(place.lines),
                facts=tuple((p, icd.code) for p in place.pointers),
                confidence="high" if sure else "medium",
            )
