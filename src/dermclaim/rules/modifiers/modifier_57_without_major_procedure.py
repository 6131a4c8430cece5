"""Modifier 57 (decision for surgery) on an E/M with no major (090-day) procedure.

## What it checks
Every billed E/M line with modifier 57 when no billed procedure has a 090-day global period in
the fee-schedule table in force (dermatology's minor procedures — biopsies, shaves, excisions,
destructions, simple and intermediate repairs, Mohs — are 000 or 010 days).

## Why it matters
Modifier 57 says the E/M was the visit at which the decision for a major surgery was made; it is
for 090-day procedures only. Beside a 000/010-day procedure the decision to operate is part of
the procedure, and a same-day E/M is billable only as a significant, separately identifiable
service with modifier 25. 57 on a minor-procedure day is denied, or paid and recouped.

## Fix safety
Safe when the note documents a separately identifiable service (replace 57 with 25);
display-only otherwise (remove the E/M, see EM001).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.model import FixSafety
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.modifiers._common import (
    MAJOR_GLOBALS,
    MINOR_GLOBALS,
    describe,
    procedures_with_global,
    rvu_citation,
    visits,
)
from dermclaim.rules.sources import GLOBAL_SURGERY, NCCI_MINOR_EM


class Modifier57WithoutMajorProcedure(Rule):
    name = "modifier-57-without-major-procedure"
    summary = "Modifier 57 on an E/M with no 090-day procedure the same day"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (GLOBAL_SURGERY, NCCI_MINOR_EM)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if procedures_with_global(ctx, MAJOR_GLOBALS):
            return
        minor = procedures_with_global(ctx, MINOR_GLOBALS)
        documented = bool(ctx.enc.visit and ctx.enc.visit.separately_identifiable)
        for b in visits(ctx):
            if "57" not in b.modifiers:
                continue
            n = b.index + 1
            safety: FixSafety
            if minor:
                beside = f"beside {describe(minor, ctx)}: modifier 57 is for 090-day (major) procedures only"
                if documented:
                    fix, safety = f"Replace modifier 57 with 25 on line {n}", "safe"
                else:
                    fix = (
                        f"Remove the E/M on line {n}: the note documents no separately "
                        "identifiable service beside the minor procedure (EM001)"
                    )
                    safety = "display-only"
            else:
                beside = (
                    "with no 090-day procedure billed: modifier 57 marks the decision for a major surgery"
                )
                fix, safety = f"Remove modifier 57 from line {n}", "safe"
            yield Hit(
                message=f"E/M {b.code}-57 on line {n} {beside}",
                fix=fix,
                lines=(b.index,),
                facts=(("/visit/separately_identifiable", documented),),
                fix_safety=safety,
                extra_sources=rvu_citation(ctx),
            )
