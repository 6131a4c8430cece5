"""A photodynamic therapy session the documentation does not let the engine code.

## What it checks
Photodynamic therapy (from 2018-01-01) without `applied_by`: 96567 when staff apply the
photosensitizer, 96573 when a physician or qualified professional does (96574 with debridement).

## Why it matters
The codes differ by who did the work, and 96573/96574 pay about twice 96567; the engine holds the
session rather than guess.

## Fix safety
Display-only: document who applied the photosensitizer and whether the lesions were debrided.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.light._common import plans
from dermclaim.rules.sources import PDT_CODES


class PhotodynamicTherapyNotCoded(Rule):
    name = "photodynamic-therapy-not-coded"
    triggers = frozenset({"light"})
    summary = "Photodynamic therapy held: who applied the photosensitizer is not documented"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (PDT_CODES,)
    effective_from = PDT_CODES.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for pl in plans(ctx, "pdt"):
            if pl.code is None:
                yield Hit(
                    message=pl.reason,
                    fix=pl.fix,
                    procedures=(pl.pid,),
                    facts=((pl.pointer("applied_by"), None),),
                )
