"""A code billed with another code that NCCI never lets it be paid with (modifier indicator 0).

## What it checks
In `scrub`: every in-force NCCI procedure-to-procedure edit with modifier indicator 0 between two
billed codes, e.g. 11104 with 11102, 11106 with 11104, 17004 with 17000 or 17003, 17111 with
17110 — whatever modifiers the column-two line carries. In `code`: each coded line the NCCI pass
left off the claim for such an edit, for information.

## Why it matters
Indicator 0 means no modifier can bypass the edit: the column-two line is denied every time, and
a 59 or X modifier on it only adds audit risk. The two codes describe one service or mutually
exclusive ones (11102 with 11104 is two primary biopsy codes, where one primary and add-ons are
correct).

## Fix safety
Safe: remove the column-two line; `corrected_lines` carries what the documentation supports. The
finding's amount is minus the column-two line's allowed amount.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.ncci._common import (
    amount_of,
    billed_allowed,
    billed_pairs,
    cite,
    decisions,
    line_numbers,
)
from dermclaim.rules.sources import NCCI_PTP


class NcciColumnTwoNeverSeparatelyPayable(Rule):
    name = "ncci-column-two-never-separately-payable"
    generic = True
    summary = "Code billed with a code NCCI never pays it with (modifier indicator 0)"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (NCCI_PTP,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.mode == "code":
            for d in decisions(ctx):
                if d.indicator == "0" and d.action == "bundled":
                    yield Hit(
                        message=f"{d.column2} × {d.units} ({', '.join(d.procedures)}) not billed: {d.reason}",
                        fix=f"Nothing to do; {d.column1} is billed",
                        procedures=d.procedures,
                        severity="info",
                        fix_safety="display-only",
                        extra_sources=(d.citation,),
                    )
            return
        allowed: list[float] | None = None
        for pair in billed_pairs(ctx, ("0",)):
            if not pair.column1 or not pair.column2:
                continue
            if allowed is None:
                allowed = billed_allowed(ctx)
            mods = sorted({m for b in pair.column2 for m in b.modifiers})
            bypass = f" (modifier {', '.join(mods)} cannot bypass it)" if mods else ""
            yield Hit(
                message=f"{pair.edit.column2} (line {line_numbers(pair.column2)}) billed with "
                f"{pair.edit.column1} (line {line_numbers(pair.column1)}): NCCI edit "
                f"{pair.edit.column1}/{pair.edit.column2} has modifier indicator 0 "
                f"({pair.edit.rationale}), it is never paid{bypass}",
                fix=f"Remove {pair.edit.column2} (line {line_numbers(pair.column2)}); bill the "
                "documented procedures as in corrected_lines",
                lines=tuple(b.index for b in pair.column2 + pair.column1),
                extra_sources=cite(pair),
                amount=amount_of(allowed, pair.column2, -1),
            )
