"""Patch-test units that differ from the number of allergens applied.

## What it checks
Billed 95044 units against the documented number of allergens (`allergens`, summed over the
encounter's patch tests): one unit per allergen (the descriptor says "specify number of tests").

## Why it matters
One unit for a 80-allergen series bills 1/80 of the work; more units than tests applied is an
overpayment. The MUE is 90 per day (MAI 3).

## Fix safety
Safe: the units are the documented allergen count.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.light import PATCH_TEST
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.light._common import plans
from dermclaim.rules.sources import PATCH_TEST_UNITS


class PatchTestUnitsDifferFromAllergens(Rule):
    name = "patch-test-units-differ-from-allergens"
    triggers = frozenset({"light"})
    summary = "95044 units differ from the number of allergens applied"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (PATCH_TEST_UNITS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        documented = plans(ctx, "patch_test")
        billed = [b for b in ctx.billed if b.code == PATCH_TEST]
        want = sum(p.units for p in documented)
        got = sum(b.units for b in billed)
        if want == got:
            return
        lines = tuple(b.index for b in billed)
        if not documented:
            yield Hit(
                message=f"{PATCH_TEST} × {got} billed, but the encounter documents no patch test",
                fix="Document the patch tests (allergens applied) or remove the line",
                lines=lines,
                fix_safety="display-only",
            )
            return
        pids = tuple(p.pid for p in documented)
        if not got:
            yield Hit(
                message=f"patch tests with {want} allergen{'s' if want != 1 else ''} are documented "
                f"({', '.join(pids)}), but {PATCH_TEST} is not billed",
                fix=f"Bill {PATCH_TEST} × {want}",
                procedures=pids,
                facts=tuple((p.pointer("allergens"), p.units) for p in documented),
                severity="warning",
            )
            return
        diff = want - got
        yield Hit(
            message=f"{PATCH_TEST} × {got} billed for {want} allergen{'s' if want != 1 else ''} applied "
            f"({', '.join(pids)}): {abs(diff)} unit{'s' if abs(diff) != 1 else ''} "
            f"{'under' if diff > 0 else 'over'}-billed",
            fix=f"Bill {PATCH_TEST} × {want}",
            lines=lines,
            procedures=pids,
            facts=tuple((p.pointer("allergens"), p.units) for p in documented),
        )
