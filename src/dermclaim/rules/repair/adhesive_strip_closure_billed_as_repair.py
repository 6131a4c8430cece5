"""A closure with adhesive strips alone, which is not a repair.

## What it checks
Documented closures whose `method` is `adhesive_strips`. The engine codes no repair for them
(fate `not_coded`, cause `adhesive_strips_only`) and reports it for information in `code`; in
`scrub` it reports a repair code billed for such a closure as an error.

## Why it matters
CPT does not count a wound closed with adhesive strips only as a repair; the closure is part of
the procedure or visit. A repair code for it is denied on review. (Tissue adhesive alone is a
simple repair.)

## Fix safety
Safe: the documented closure method (`adhesive_strips`) decides; remove the repair line.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import _facts, hits, repair_items
from dermclaim.rules.sources import CPT_ADHESIVE_STRIPS


class AdhesiveStripClosureBilledAsRepair(Rule):
    name = "adhesive-strip-closure-billed-as-repair"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Closure with adhesive strips alone is not a repair"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (CPT_ADHESIVE_STRIPS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.mode == "scrub":
            yield from hits(ctx, "adhesive_strips")
            return
        for item in repair_items(ctx):
            if item.disposition == "adhesive_strips":
                yield Hit(
                    message=f"{item.describe()} closed with adhesive strips alone: not a repair, no "
                    "repair code",
                    fix="Nothing to bill for this closure",
                    procedures=(item.pid,),
                    facts=((f"{item.pointer}/method", item.method), *_facts([item])),
                    severity="info",
                    fix_safety="display-only",
                )
