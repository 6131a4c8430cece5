"""Modifier 25 on an E/M with no procedure or other service it must be separated from.

## What it checks
Every billed E/M line with modifier 25 when no other billed code has a 000-, 010- or 090-day
global period and none has an in-force NCCI edit over the E/M (drug administration 96372 has one,
for instance). The fee-schedule and NCCI tables in force decide.

## Why it matters
Modifier 25 separates a significant, separately identifiable E/M from a procedure or service done
the same day. With nothing to separate it from it is meaningless; some payers reject the line as
an invalid modifier combination, and habitual 25 on every visit is a known audit target.

## Fix safety
Safe: remove modifier 25; the E/M itself is unchanged. Warning, medium confidence: payers differ
in whether they reject it.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.families import VISIT_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.modifiers._common import visits
from dermclaim.rules.sources import GLOBAL_SURGERY, NCCI_MINOR_EM

_SURGICAL_GLOBALS = frozenset({"000", "010", "090"})


class Modifier25WithoutProcedure(Rule):
    name = "modifier-25-without-procedure"
    summary = "Modifier 25 on an E/M with no procedure or edited service the same day"
    severity = "warning"
    fix_safety = "safe"
    confidence = "medium"
    modes = frozenset({"scrub"})
    sources = (NCCI_MINOR_EM, GLOBAL_SURGERY)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        marked = [b for b in visits(ctx) if "25" in b.modifiers]
        if not marked:
            return
        others = [b for b in ctx.billed if b.code not in VISIT_CODES]
        for b in others:
            rvu = ctx.tables.rvu(b.code)
            if rvu is not None and rvu.glob_days in _SURGICAL_GLOBALS:
                return
        for v in marked:
            edited = any(ctx.tables.ptp(o.code, v.code) for o in others)
            if edited:
                continue
            what = ", ".join(dict.fromkeys(o.code for o in others)) or "nothing else"
            yield Hit(
                message=f"E/M {v.code}-25 on line {v.index + 1}, but the claim bills {what}: no "
                "procedure with a global period and no service NCCI edits against the E/M",
                fix=f"Remove modifier 25 from line {v.index + 1}",
                lines=(v.index,),
            )
