"""A diagnosis that is not an ICD-10-CM code.

## What it checks
Every diagnosis of the encounter (documented, per procedure, from pathology and, when scrubbing, on
the billed lines) against the CMS ICD-10-CM code set of the date of service. Dots are optional on
input (L570 is L57.0). When the code's parent exists, its billable codes are offered.

## Why it matters
A code that does not exist makes the claim unprocessable; clearinghouses reject it before the payer
sees it. The project ships the April 2026 (FY2026) code set: for a date of service outside it, a
code added or deleted in another fiscal year cannot be known, and the finding says so in its
confidence.

## Fix safety
Display-only: only the coder knows which code the note supports.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.diagnosis._common import children_text, places, table_caveat
from dermclaim.rules.sources import ICD10_CODE_SET
from dermclaim.tables import TableSet


def nearest(tables: TableSet, code: str) -> str:
    """Suggestions from the closest existing ancestor of ``code``: '' when there is none."""
    flat = code.replace(".", "")
    for n in range(len(flat) - 1, 2, -1):
        parent = tables.icd10(flat[:n])
        if parent is None:
            continue
        if parent.billable:
            return f"{parent.code} ({parent.description})"
        kids = [k.code for k in tables.icd10_children(parent.code)]
        return f"one of the billable codes of {parent.code} ({parent.description}): {children_text(kids)}"
    return ""


class DiagnosisCodeInvalid(Rule):
    name = "diagnosis-code-invalid"
    summary = "Diagnosis is not an ICD-10-CM code"
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
            if ctx.tables.icd10(place.code) is not None:
                continue
            hint = nearest(ctx.tables, place.code)
            yield Hit(
                message=f"{place.code} (at {', '.join(place.pointers)}) is not an ICD-10-CM code{caveat}",
                fix=f"Replace {place.code} by {hint}"
                if hint
                else f"Replace {place.code} by the ICD-10-CM code the note supports",
                lines=tuple(place.lines),
                facts=tuple((p, place.code) for p in place.pointers),
                confidence="high" if sure else "medium",
            )
