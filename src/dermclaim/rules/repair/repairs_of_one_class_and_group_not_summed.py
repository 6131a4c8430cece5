"""Repairs of one class in one anatomic group billed on several lines instead of summed.

## What it checks
Billed repair codes of the same classification (simple, intermediate or complex) and the same
anatomic group (the groups differ by class) on more than one line or with more than one unit.
The fix is the engine's code for the summed length.

## Why it matters
CPT reports repairs by summing the lengths of all repairs of one classification within one
anatomic group: two intermediate repairs of 2.0 and 3.0 cm on the arm are one 12032 (5.0 cm),
not 12031 + 12032. Separate lines over-bill, and the repair codes' MUE of 1 per day denies them.

## Fix safety
Safe: the lengths, classes and sites are documented.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import hits
from dermclaim.rules.sources import CPT_REPAIR_2020


class RepairsOfOneClassAndGroupNotSummed(Rule):
    name = "repairs-of-one-class-and-group-not-summed"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Repairs of one class in one anatomic group billed separately instead of summed"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_REPAIR_2020,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from hits(ctx, "not_summed")
