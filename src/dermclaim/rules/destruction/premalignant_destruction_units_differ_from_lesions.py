"""Premalignant destruction codes that do not match the number of lesions destroyed.

## What it checks
The billed 17000, 17003 and 17004 units against the premalignant (actinic keratosis) lesions
documented for the session, counted together: 17000 × 1 for the first lesion, 17003 × (n − 1)
for lesions 2–14 (at most 13 units), 17004 × 1 alone for 15 or more. A claim that also mixes
17004 with 17000/17003 is reported by DES001 instead.

## Why it matters
17003 units that exceed n − 1 are over-billing that audits recoup (17003 × 14 also exceeds its
MUE of 13: fifteen lesions are 17004); fewer units than lesions leaves documented work unpaid;
17003 without 17000, or 17000 with more than one unit, is denied.

## Fix safety
Safe: the documented lesion counts determine the codes. Display-only when no premalignant
destruction is documented.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.destruction import (
    MANY_LESIONS,
    PREMALIGNANT_15_PLUS,
    PREMALIGNANT_ADD_ON,
    PREMALIGNANT_ADD_ON_MAX,
    PREMALIGNANT_CODES,
    PREMALIGNANT_FIRST,
)
from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.destruction._common import (
    billed_without_documentation,
    count,
    describe,
    expected,
    per_procedure,
    units,
)
from dermclaim.rules.sources import CPT_DESTRUCTION_UNITS


class PremalignantDestructionUnitsDifferFromLesions(Rule):
    name = "premalignant-destruction-units-differ-from-lesions"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "17000/17003/17004 units do not match the premalignant lesions destroyed"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_DESTRUCTION_UNITS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        billed = ctx.billed_codes(PREMALIGNANT_CODES)
        got = units(billed)
        if got[PREMALIGNANT_15_PLUS] and (got[PREMALIGNANT_FIRST] or got[PREMALIGNANT_ADD_ON]):
            return  # DES001
        want_lines = expected(ctx, PREMALIGNANT_CODES)
        want = units(want_lines)
        if got == want:
            return
        n = count(ctx, "destruction.premalignant_count")
        if not billed:
            yield Hit(
                message=f"no premalignant destruction code billed, but the note documents "
                f"{plural(n, 'premalignant lesion')} destroyed ({per_procedure(ctx, 'premalignant')}): "
                "under-billing",
                fix=f"Bill {describe(want_lines)}",
                procedures=tuple(dict.fromkeys(p for ln in want_lines for p in ln.procedures)),
                severity="warning",
            )
            return
        lines = tuple(b.index for b in billed)
        if n == 0:
            yield billed_without_documentation(
                billed, "premalignant destruction", "premalignant lesions destroyed"
            )
            return
        implied = (
            MANY_LESIONS if got[PREMALIGNANT_15_PLUS] else got[PREMALIGNANT_FIRST] + got[PREMALIGNANT_ADD_ON]
        )
        why = []
        if got[PREMALIGNANT_ADD_ON] > PREMALIGNANT_ADD_ON_MAX:
            why.append(
                "17003 covers lesions 2–14 only (at most 13 units); 15 or more lesions are 17004 alone"
            )
        elif n >= MANY_LESIONS and not got[PREMALIGNANT_15_PLUS]:
            why.append(f"{n} lesions are 15 or more: 17004 alone")
        if got[PREMALIGNANT_ADD_ON] and not got[PREMALIGNANT_FIRST]:
            why.append("17003 is an add-on to 17000, which is missing")
        if got[PREMALIGNANT_FIRST] > 1:
            why.append("17000 is one unit, for the first lesion")
        if got[PREMALIGNANT_15_PLUS] and n < MANY_LESIONS:
            why.append("17004 is for 15 or more lesions")
        if got[PREMALIGNANT_15_PLUS] > 1:
            why.append("17004 is one unit")
        if implied > n:
            why.insert(0, f"over-billing ({implied} lesions billed)")
        elif implied < n:
            why.insert(0, f"under-billing ({implied} lesions billed)")
        yield Hit(
            message=f"{describe(billed)} billed for {plural(n, 'premalignant lesion')} "
            f"({per_procedure(ctx, 'premalignant')})" + (f": {'; '.join(why)}" if why else ""),
            fix=f"Bill {describe(want_lines)}",
            lines=lines,
            procedures=tuple(dict.fromkeys(p for ln in want_lines for p in ln.procedures)),
        )
