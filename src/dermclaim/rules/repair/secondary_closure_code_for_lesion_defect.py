"""A dehiscence or secondary-closure code (13160, 12020, 12021) billed for a lesion defect.

## What it checks
Billed 13160 (secondary closure of a surgical wound or dehiscence, extensive or complicated),
12020 or 12021 (superficial wound dehiscence). When the encounter documents lesion-defect repairs
or excisions, Mohs surgery or flaps, it is an error and the fix is the documented repair's code;
when it documents none, it is a warning: the encounter document cannot describe a dehiscence, so
the engine leaves the line off its corrected lines for a person to review.

## Why it matters
13160 is not a complex repair code: complex repairs are 13100–13153. Billing it for the closure
of an excision or Mohs defect claims a 90-day-global service that was not done and is denied or
recouped.

## Fix safety
Safe when lesion-defect repairs are documented (bill their codes); otherwise display-only.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import hits
from dermclaim.rules.sources import CPT_REPAIR_2020, CPT_SECONDARY_CLOSURE


class SecondaryClosureCodeForLesionDefect(Rule):
    name = "secondary-closure-code-for-lesion-defect"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "13160/12020/12021 (dehiscence, secondary closure) billed for a lesion-defect repair"
    severity = "error"
    fix_safety = "safe"
    confidence = "medium"
    modes = frozenset({"scrub"})
    sources = (CPT_SECONDARY_CLOSURE, CPT_REPAIR_2020)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from hits(ctx, "secondary_closure")
