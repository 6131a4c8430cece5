"""A second Mohs tumor the same day billed without the distinct-lesion modifier.

## What it checks
When two or more tumors had Mohs surgery the same day, that each first-stage code (17311/17313)
is on its own line and that every line after the first carries a distinct-procedure modifier
(59, or XS per the `distinct_modifier` setting).

## Why it matters
Two first-stage codes for one date without a modifier look like a duplicate line and the second
is denied. Specialty billing guidance asks for 59/XS on the second and later first-stage codes;
the add-on stage and block codes follow their own primary. The sources for this are secondary
(low to medium confidence) and payers vary, so this is a warning.

## Fix safety
Unsafe: whether the payer wants 59, XS or units on one line is payer policy.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.mohs import FIRST_STAGE_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.mohs._common import as_mohs
from dermclaim.rules.sources import MOHS_MULTIPLE_TUMORS

_DISTINCT = frozenset({"59", "XS", "XE", "XP", "XU"})


class SecondMohsTumorWithoutDistinctModifier(Rule):
    name = "second-mohs-tumor-without-distinct-modifier"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Second Mohs first-stage code the same day without 59/XS"
    severity = "warning"
    fix_safety = "unsafe"
    confidence = "low"
    modes = frozenset({"scrub"})
    sources = (MOHS_MULTIPLE_TUMORS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        documented = as_mohs(ctx)
        if len(documented) < 2:
            return
        firsts = ctx.billed_codes(FIRST_STAGE_CODES)
        if sum(b.units for b in firsts) < 2:
            return
        modifier = ctx.options.distinct("lesion")
        multi = [b for b in firsts if b.units > 1]
        bare = [b for b in firsts[1:] if not _DISTINCT & set(b.modifiers)]
        if multi:
            b = multi[0]
            yield Hit(
                message=f"{b.code} × {b.units} on line {b.index + 1} for {len(documented)} tumors "
                f"({', '.join(t.proc for t in documented)}): each tumor's first stage is its own line",
                fix=f"Bill {b.code} once per tumor on separate lines, with {modifier} on the second "
                "and later",
                lines=(b.index,),
                procedures=tuple(t.proc for t in documented),
            )
        elif bare:
            yield Hit(
                message=f"first-stage Mohs code(s) on line(s) {', '.join(str(b.index + 1) for b in bare)} "
                f"for a further tumor the same day without a distinct-lesion modifier",
                fix=f"Add {modifier} to line(s) {', '.join(str(b.index + 1) for b in bare)}",
                lines=tuple(b.index for b in bare),
                procedures=tuple(t.proc for t in documented),
            )
