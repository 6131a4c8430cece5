"""JW or JZ used where the documentation or the date does not allow it.

## What it checks
Billed drug lines of documented drugs: JW and JZ on one line; JW or JZ on a drug documented from a
multi-dose container; JZ when the note documents a discarded amount that is billable; JW when the
note documents nothing discarded; JZ before it existed (2023-01-01).

## Why it matters
JW bills drug that was thrown away; without documented waste it is an overpayment, and JZ attests
that nothing was discarded. Multi-dose containers are outside the discarded-drug policy. A line
with both modifiers is rejected.

## Fix safety
Safe: the corrected lines follow the documented container and discarded amount.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.drugs import JZ_AVAILABLE
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import describe, match
from dermclaim.rules.sources import JW_MODIFIER, JZ_MODIFIER


class DrugWasteModifierMisused(Rule):
    name = "drug-waste-modifier-misused"
    triggers = frozenset({"drug", "light"})
    summary = "JW or JZ on a drug line where the documentation or the date does not allow it"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (JW_MODIFIER, JZ_MODIFIER)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        dos = ctx.enc.date_of_service
        for view in match(ctx).by_code.values():
            fix = f"Bill {describe(view.expected_lines)}"
            pids = tuple(it.pid for it in view.items)
            multi = all(it.container == "multi_dose" for it in view.items)
            wasted = sum(it.waste_units for it in view.items)
            for b in view.billed:
                mods = set(b.modifiers)
                n = b.index + 1
                problem = ""
                if {"JW", "JZ"} <= mods:
                    problem = f"line {n} ({b.code}) carries both JW and JZ; they exclude each other"
                elif mods & {"JW", "JZ"} and multi:
                    problem = (
                        f"line {n} ({b.code}) carries {'JW' if 'JW' in mods else 'JZ'}, but the drug "
                        "is documented from a multi-dose container, which the discarded-drug policy "
                        "does not cover"
                    )
                elif "JZ" in mods and dos < JZ_AVAILABLE:
                    problem = (
                        f"line {n} ({b.code}) carries JZ, which exists from 2023-01-01 (date of "
                        f"service {dos})"
                    )
                elif "JZ" in mods and wasted:
                    problem = (
                        f"line {n} ({b.code}) carries JZ (nothing discarded), but the note documents "
                        f"a discarded amount of {view.items[0].label} worth {wasted} unit(s)"
                    )
                elif "JW" in mods and not wasted:
                    problem = (
                        f"line {n} ({b.code}) bills {b.units} unit(s) as discarded (JW), but the note "
                        "documents no billable discarded amount"
                    )
                if problem:
                    yield Hit(message=problem, fix=fix, lines=(b.index,), procedures=pids)
