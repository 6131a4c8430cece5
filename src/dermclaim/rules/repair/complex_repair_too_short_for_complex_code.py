"""Complex repairs of 1.0 cm or less, which have no complex code.

## What it checks
Complex repairs whose total length in their complex anatomic group is 1.0 cm or less. The engine
codes them as intermediate repairs of their intermediate group and says so (`code`); in `scrub`
it reports a complex code billed for them.

## Why it matters
The complex codes start at 1.1 cm (13100, 13120, 13131, 13151); the code for 1.0 cm or less
(13150) was deleted and CPT directs such repairs to the simple or intermediate codes. A complex
code for a 1.0 cm repair does not match its descriptor.

## Fix safety
Display-only: the rules reference gives this medium confidence (the deletion of 13150 is not
confirmed there); a person confirms the length and the class.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.skin_surgery import cm
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import _facts, _ids, hits, repair_sums
from dermclaim.rules.sources import COMPLEX_REPAIR_MINIMUM


class ComplexRepairTooShortForComplexCode(Rule):
    name = "complex-repair-too-short-for-complex-code"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Complex repair of 1.0 cm or less has no complex code (coded as intermediate)"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (COMPLEX_REPAIR_MINIMUM,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.mode == "scrub":
            yield from hits(ctx, "complex_too_short")
            return
        for s in repair_sums(ctx):
            moved = [i for i in s.items if i.complexity == "complex" and i.coded_as == "intermediate"]
            if not moved or s.code is None:
                continue
            yield Hit(
                message=f"complex repair {', '.join(i.describe() for i in moved)}: "
                f"{cm(sum(i.length_cm for i in moved))} cm of complex repair in its group has no "
                f"complex code (they start at 1.1 cm); coded as intermediate {s.code.primary}",
                fix=f"Confirm the length; bill {s.code.primary}",
                procedures=_ids(moved),
                facts=_facts(moved),
            )
