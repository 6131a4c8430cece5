"""A phototherapy or excimer session the documentation does not let the engine code.

## What it checks
Tar or petrolatum with UVB without `topical_applied_by` (96910 if staff applied the topical, 96900
if the patient did), and excimer laser without `area_sq_cm` (96920, 96921 or 96922 by area).

## Why it matters
The engine never guesses a code that changes the payment: the session is held until the note says
what decides it.

## Fix safety
Display-only: document the missing detail, then code again.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.light._common import plans
from dermclaim.rules.sources import PHOTOTHERAPY_CODES

_FIELD = {"topical_applied_by_missing": "topical_applied_by", "excimer_area_missing": "area_sq_cm"}


class PhototherapyNotCoded(Rule):
    name = "phototherapy-not-coded"
    triggers = frozenset({"light"})
    summary = "Phototherapy or excimer session held: the detail that picks the code is not documented"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (PHOTOTHERAPY_CODES,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for pl in plans(ctx):
            if pl.code is None and pl.kind in ("phototherapy", "excimer"):
                yield Hit(
                    message=pl.reason,
                    fix=pl.fix,
                    procedures=(pl.pid,),
                    facts=((pl.pointer(_FIELD.get(pl.cause, "modality")), None),),
                )
