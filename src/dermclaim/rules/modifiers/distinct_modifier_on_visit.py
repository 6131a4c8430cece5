"""A distinct-service modifier (59, XE, XS, XP, XU) on an E/M code.

## What it checks
Every billed E/M line (99202–99215) that carries 59 or an X modifier.

## Why it matters
59 and the X modifiers are never appended to an E/M code (CMS CR 8863; NCCI). An E/M on the day
of a minor procedure is separated from it by modifier 25, and only when the note documents a
significant, separately identifiable service; a 59 on the E/M is denied or, worse, paid and
recouped on audit.

## Fix safety
Safe: remove the modifier. When a minor procedure was done the same day and the note documents a
separately identifiable E/M, the fix says to use 25 instead; otherwise EM001 tells whether the
E/M is billable at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.ncci import DISTINCT_MODIFIERS
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.modifiers._common import MINOR_GLOBALS, procedures_with_global, visits
from dermclaim.rules.sources import CMS_X_MODIFIERS, GLOBAL_SURGERY


class DistinctModifierOnVisit(Rule):
    name = "distinct-modifier-on-visit"
    summary = "59 or an X modifier appended to an E/M code"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CMS_X_MODIFIERS, GLOBAL_SURGERY)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        minor = procedures_with_global(ctx, MINOR_GLOBALS)
        documented = bool(ctx.enc.visit and ctx.enc.visit.separately_identifiable)
        for b in visits(ctx):
            bad = [m for m in b.modifiers if m in DISTINCT_MODIFIERS]
            if not bad:
                continue
            fix = f"Remove modifier {', '.join(bad)} from the E/M on line {b.index + 1}"
            if minor and documented and "25" not in b.modifiers:
                fix += "; use modifier 25: the note documents a separately identifiable service"
            yield Hit(
                message=f"E/M {b.code} on line {b.index + 1} carries {', '.join(bad)}: distinct-"
                "service modifiers are never appended to an E/M (modifier 25 marks a separately "
                "identifiable E/M)",
                fix=fix,
                lines=(b.index,),
                facts=(("/visit/separately_identifiable", documented),),
            )
