"""Repairs of one class summed across anatomic groups into one code.

## What it checks
A billed repair code whose band matches the total length of one class's repairs in two or more
anatomic groups (for example a simple repair of the cheek and one of the back billed as one
12002), where the documentation codes each group separately.

## Why it matters
CPT sums repair lengths only within one classification and one anatomic group; the face and
the trunk have different codes and values. Summing across groups mis-states both the code and
the payment and fails review.

## Fix safety
Safe: each repair's site, class and length are documented.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import hits
from dermclaim.rules.sources import CPT_REPAIR_2020


class RepairsSummedAcrossAnatomicGroups(Rule):
    name = "repairs-summed-across-anatomic-groups"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Repairs of one class in different anatomic groups summed into one code"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_REPAIR_2020,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from hits(ctx, "across_groups")
