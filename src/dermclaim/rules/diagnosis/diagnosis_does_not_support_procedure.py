"""A line whose diagnoses do not support its procedure or drug.

## What it checks
Each line (coded, or billed when scrubbing) against the procedure–diagnosis support table: which
ICD-10-CM families support each procedure family (premalignant destruction: L57.0; Mohs: C44, C4A,
D03, D04, C43; biologics: their labelled indications …). A line none of whose diagnoses supports
it is a warning; a known mismatch is an error (J3358 intravenous ustekinumab with psoriasis L40.x,
J3380 vedolizumab with a skin diagnosis, botulinum toxin or 64650 with R61 — generalized
hyperhidrosis — where the dermatology indication is L74.510; 17000 with a seborrheic keratosis).
When another documented diagnosis supports the line, the fix points the line at it. The table is
payer-configurable (setting `dx_support_file`, e.g. a MAC's LCA lists).

## Why it matters
Payers deny a line whose diagnosis is not a covered indication for it (CO-50/CO-11); a known
mismatch also signals a wrong code or a wrong drug.

## Fix safety
Unsafe when it re-points the line at another documented diagnosis (check the note); display-only
otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from dermclaim.document import normalize_dx
from dermclaim.dx_support import SupportTable, support_table
from dermclaim.model import FixSafety, Severity
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import DX_SUPPORT_TABLE


class DiagnosisDoesNotSupportProcedure(Rule):
    name = "diagnosis-does-not-support-procedure"
    summary = "Line's diagnoses do not support its procedure or drug (support table)"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (DX_SUPPORT_TABLE,)
    effective_from = DX_SUPPORT_TABLE.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        table = support_table(ctx.options.dx_support_file)
        documented = [normalize_dx(d) for d in ctx.enc.diagnoses]
        if ctx.mode == "code":
            rows: Sequence[tuple[int, str, tuple[str, ...]]] = [
                (i, ln.code, ln.diagnoses) for i, ln in enumerate(ctx.coding.lines)
            ]
        else:
            rows = [(b.index, b.code, b.diagnoses) for b in ctx.billed]
        for index, code, dx in rows:
            hit = _check(ctx, table, documented, index, code, dx)
            if hit is not None:
                yield hit


def _check(
    ctx: Context,
    table: SupportTable,
    documented: list[str],
    index: int,
    code: str,
    dx: tuple[str, ...],
) -> Hit | None:
    known = [d for d in dx if ctx.tables.icd10(d) is not None]  # invalid codes are DX001's
    verdict = table.verdict(code, known)
    fam = verdict.family
    if fam is None or verdict.status in ("supported", "unchecked"):
        return None
    better = [d for d in documented if fam.supported_by(d) and d not in dx]
    listed = ", ".join(known)
    source = (
        (fam.source,)
        if fam.origin == "package" or fam.origin == "drug table"
        else (f"payer dx-support file {fam.origin}: {fam.source}",)
    )
    if verdict.status == "mismatch":
        why = f"{fam.mismatch_note}; " if fam.mismatch_note else ""
        message = (
            f"line {index + 1} ({code}, {fam.label}) points at {', '.join(verdict.mismatched)}, a known "
            f"mismatch: {why}{code} is supported by {fam.describe_supports()}"
        )
        severity: Severity = "error"
    else:
        message = (
            f"line {index + 1} ({code}, {fam.label}) points at {listed}, none of which supports it; "
            f"the support table lists {fam.describe_supports()}"
        )
        severity = "warning"
    if better:
        fix = f"Point line {index + 1} ({code}) at {', '.join(better)}, documented at this visit"
        safety: FixSafety = "unsafe"
    else:
        fix = (
            f"Check line {index + 1}: document the indication that supports {code} "
            f"({fam.describe_supports(4)}), or correct the code or the diagnosis"
        )
        safety = "display-only"
    return Hit(
        message=message,
        fix=fix,
        lines=(index,),
        severity=severity,
        fix_safety=safety,
        confidence="high" if fam.confidence == "high" else "medium" if fam.confidence == "medium" else "low",
        extra_sources=source,
        facts=tuple((f"/claim_lines/{index}/diagnoses", d) for d in known) if ctx.mode == "scrub" else (),
    )
