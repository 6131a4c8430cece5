"""A simple repair billed for the wound of an excision, biopsy or shave removal.

## What it checks
Simple repair codes (12001–12018) billed when the documented simple closure is of an excision,
punch or incisional biopsy wound (included in those codes), of a shave or tangential biopsy
wound (which needs none), or when no separate simple repair is documented at all beside an
excision, biopsy or shave. A simple repair of a separate wound (a laceration, a Mohs defect) is
not flagged.

## Why it matters
One of the most common dermatology denials: CPT defines excision (11400–11646) and punch and
incisional biopsy (11104, 11106) as including simple (non-layered) closure, and NCCI pairs every
excision, skin biopsy and shave code over 12001–12018. Only intermediate and complex repairs are
reported beside them.

## Fix safety
Safe: remove the simple repair line; the excision or biopsy code already pays for the closure.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import hits
from dermclaim.rules.sources import CPT_REPAIR_2020, SIMPLE_REPAIR_INCLUDED


class SimpleRepairOfProcedureWoundBilled(Rule):
    name = "simple-repair-of-procedure-wound-billed"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Simple repair billed for an excision, biopsy or shave wound (included in it)"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (SIMPLE_REPAIR_INCLUDED, CPT_REPAIR_2020)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from hits(ctx, "simple_included")
