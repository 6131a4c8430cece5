"""An NCCI pair billed without the modifier although the documentation shows distinct lesions.

## What it checks
For every in-force NCCI procedure-to-procedure edit with modifier indicator 1 between two billed
codes: the column-two line carries no NCCI-associated modifier (59, XS, XE, XP, XU, 58, anatomic
modifiers …), yet the documentation shows the two codes' procedures treated distinct lesions or
sites — different `lesion` labels, or different sites (opposite sides count) when a label is
missing.

## Why it matters
Without a modifier the payer's NCCI edit denies the column-two line although the work was a
separate, payable service: revenue is lost on a claim that was coded correctly. The modifier
belongs on the column-two code of the pair (NCCI), and it is the payer's distinct-lesion modifier:
XS, or 59 for payers that want 59 (setting `distinct_modifier`).

## Fix safety
Safe: the documentation shows the distinct lesions and the modifier is chosen by the payer
setting. The finding's amount is the column-two line's allowed amount, recovered by the modifier.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.money import billed_amounts
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.ncci._common import (
    associated_modifiers,
    billed_pairs,
    cite,
    coded_allowed,
    judgement,
    line_numbers,
    pointer_facts,
    procedures_for,
)
from dermclaim.rules.sources import CMS_X_MODIFIERS, NCCI_DISTINCT_LESION, NCCI_PTP


class NcciDistinctLesionModifierMissing(Rule):
    name = "ncci-distinct-lesion-modifier-missing"
    summary = "NCCI pair billed without XS/59 although the documentation shows distinct lesions"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (NCCI_PTP, NCCI_DISTINCT_LESION, CMS_X_MODIFIERS)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        modifier = ctx.options.distinct("lesion")
        for pair in billed_pairs(ctx, ("1",)):
            bare = tuple(b for b in pair.column2 if not associated_modifiers(b))
            if not bare or not pair.column1:
                continue
            found = judgement(ctx, pair)
            if found is None or found.verdict != "distinct":
                continue
            procs = procedures_for(ctx, pair.edit.column1) + procedures_for(ctx, pair.edit.column2)
            # recovered: the documented line of that code as the engine bills it (with modifier)
            money = coded_allowed(ctx, pair.edit.column2)
            if not money:
                worth = billed_amounts(ctx, edits=False)
                money = round(sum(worth[b.index] for b in bare), 2)
            yield Hit(
                message=f"{pair.edit.column2} (line {line_numbers(bare)}) billed with "
                f"{pair.edit.column1} without a modifier: NCCI edit {pair.edit.column1}/"
                f"{pair.edit.column2} ({pair.edit.rationale}) denies it, but the documentation "
                f"shows distinct lesions or sites ({found.reason})",
                fix=f"Add modifier {modifier} to {pair.edit.column2} on line {line_numbers(bare)}",
                lines=tuple(b.index for b in bare),
                procedures=tuple(dict.fromkeys(procs)),
                facts=pointer_facts(ctx, procs),
                extra_sources=cite(pair),
                amount=money or None,
            )
