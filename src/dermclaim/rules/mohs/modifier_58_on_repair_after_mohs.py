"""Modifier 58 on a repair, flap or graft billed the same day as Mohs surgery.

## What it checks
Billed repair (12001–13160), adjacent tissue transfer or flap (14000–14350, 15570–15770) and graft
(15040–15278) lines that carry modifier 58 on a claim with Mohs surgery the same day.

## Why it matters
Modifier 58 means a staged or related procedure by the same physician *during that physician's
own postoperative period*. Mohs has a 000-day global, so a same-day (or later) reconstruction is
never inside a Mohs global; and a different surgeon doing the reconstruction bills his own codes
without 58. Advice that "the reconstructing surgeon adds 58" is wrong; the modifier misstates the
service and invites denial or audit.

## Fix safety
Safe: remove modifier 58; the repair is reported on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.mohs import MOHS_CODES
from dermclaim.document import Mohs
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import MODIFIER_58_MOHS

_RECONSTRUCTION = ((12001, 13160), (14000, 14350), (15040, 15278), (15570, 15770))


def is_reconstruction(code: str) -> bool:
    return code.isdigit() and any(lo <= int(code) <= hi for lo, hi in _RECONSTRUCTION)


class Modifier58OnRepairAfterMohs(Rule):
    name = "modifier-58-on-repair-after-mohs"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Modifier 58 on a repair, flap or graft the same day as Mohs surgery"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (MODIFIER_58_MOHS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        mohs = any(isinstance(p, Mohs) for p in ctx.enc.procedures) or any(
            b.code in MOHS_CODES for b in ctx.billed
        )
        if not mohs:
            return
        for b in ctx.billed:
            if "58" in b.modifiers and is_reconstruction(b.code):
                rest = [m for m in b.modifiers if m != "58"]
                yield Hit(
                    message=f"{b.code}-58 billed on line {b.index + 1} the same day as Mohs surgery: "
                    "58 is only for a staged procedure in the same physician's own postoperative "
                    "period, and Mohs has a 000-day global",
                    fix=f"Remove modifier 58 from line {b.index + 1}: bill {b.code}"
                    + (f" with {', '.join(rest)}" if rest else " without it"),
                    lines=(b.index,),
                )
