"""A repair billed for the wound of a benign excision of 0.5 cm or less.

## What it checks
Repair codes billed for a closure (nested in the excision, or a repair sharing its `lesion`
label) of a benign excision coded 11400, 11420 or 11440. Setting
`small_benign_excision_includes_repair` (default true) turns the rule off for a payer that pays
such repairs.

## Why it matters
NCCI includes every repair, intermediate and complex too, in a benign excision of excised
diameter 0.5 cm or less; the PTP table pairs 11400/11420/11440 over the layered repairs.
Malignant excisions of that size are not bundled. A distinct-service modifier to force the pair
is improper when no other, larger lesion was excised.

## Fix safety
Safe: remove the repair line; the documentation ties the closure to the small benign excision.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import hits
from dermclaim.rules.sources import NCCI_SMALL_BENIGN_EXCISION_REPAIR


class RepairBilledWithSmallBenignExcision(Rule):
    name = "repair-billed-with-small-benign-excision"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Repair billed for a benign excision of 0.5 cm or less (NCCI includes it)"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (NCCI_SMALL_BENIGN_EXCISION_REPAIR,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from hits(ctx, "small_benign")
