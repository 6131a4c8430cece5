"""Two or more primary biopsy codes on one encounter.

## What it checks
That the claim carries at most one unit of a primary skin biopsy code (11102, 11104, 11106).

## Why it matters
CPT allows one primary biopsy code per encounter; every other biopsy takes an add-on code.
Two primaries (11102 + 11104, or 11104 × 2) is the most common dermatology biopsy error and is
denied or recouped: the second primary is paid at the full first-lesion rate.

## Fix safety
Safe: the documented techniques and lesion count determine the corrected codes
(primary by incisional > punch > tangential, each other biopsy the add-on of its own technique).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.biopsy._common import (
    billed_primaries,
    describe,
    documented,
    expected_skin,
    technique_facts,
)
from dermclaim.rules.sources import BIOPSY_HIERARCHY, CPT_2019_BIOPSY


class MultiplePrimaryBiopsyCodes(Rule):
    name = "multiple-primary-biopsy-codes"
    triggers = frozenset({"biopsy"})
    summary = "More than one primary skin biopsy code (11102/11104/11106) on one encounter"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_2019_BIOPSY, BIOPSY_HIERARCHY)
    effective_from = CPT_2019_BIOPSY.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        primaries = billed_primaries(ctx)
        if sum(b.units for b in primaries) <= 1:
            return
        expected = expected_skin(ctx)
        yield Hit(
            message=f"{describe(primaries)} billed on {ctx.enc.date_of_service}: only one primary "
            "biopsy code is allowed per encounter",
            fix=f"Bill {describe(expected)} for the documented {documented(ctx)}",
            lines=tuple(b.index for b in primaries),
            facts=technique_facts(ctx),
            fix_safety="safe" if expected else "display-only",
        )
