"""A repair code that the documented closures do not support.

## What it checks
Billed repair codes (12001–12018, 12031–12057, 13100–13153) that no other repair rule explains,
against what the documentation codes to: the class (simple, intermediate, complex), the anatomic
group of that class, and the band of the summed length (complex: +13102/13122/13133/13153 per
additional 5 cm or part). It names a wrong band, a wrong class, a repair included in a flap of
the same lesion, a repair code with no documented repair, and (warning) a documented repair
that is not billed.

## Why it matters
Repair codes are chosen by class, group and summed length, and the note is checked against
them: a layered code for a one-layer closure, or a band longer than the documented wound,
is recouped; an unbilled intermediate or complex repair is lost revenue.

## Fix safety
Safe: the documented closures (class, length, site, method) decide the code.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import hits
from dermclaim.rules.sources import CPT_FLAP_INCLUDES_EXCISION, CPT_REPAIR_2020


class RepairCodeDiffersFromDocumentation(Rule):
    name = "repair-code-differs-from-documentation"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Billed repair code differs from the documented class, anatomic group or length"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_REPAIR_2020, CPT_FLAP_INCLUDES_EXCISION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from hits(ctx, "differs")
