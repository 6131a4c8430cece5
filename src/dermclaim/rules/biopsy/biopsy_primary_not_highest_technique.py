"""The primary biopsy code is not the highest technique performed.

## What it checks
When one primary biopsy code is billed, that it is the code of the highest technique documented:
incisional (11106) over punch (11104) over tangential (11102), whatever the order performed.

## Why it matters
11102 may be primary only when every biopsy was tangential, and 11105 and 11107 are not payable
with 11102. Coding the first biopsy done as the primary under-pays the encounter or gets the
add-on lines denied for lack of an allowed primary.

## Fix safety
Safe: the documented techniques determine the primary.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.biopsy import PRIMARY_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.biopsy._common import (
    billed_primaries,
    billed_skin,
    describe,
    documented,
    expected_skin,
    technique_facts,
    units,
)
from dermclaim.rules.sources import BIOPSY_HIERARCHY, CPT_2019_BIOPSY


class BiopsyPrimaryNotHighestTechnique(Rule):
    name = "biopsy-primary-not-highest-technique"
    triggers = frozenset({"biopsy"})
    summary = "Primary biopsy code is not the highest technique documented"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (BIOPSY_HIERARCHY, CPT_2019_BIOPSY)
    effective_from = CPT_2019_BIOPSY.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        primaries = billed_primaries(ctx)
        if len(primaries) != 1 or primaries[0].units != 1:
            return
        expected = expected_skin(ctx)
        if sum(units(billed_skin(ctx)).values()) != sum(units(expected).values()):
            return  # a count problem (BX004, BX007) whose fix already gives the right primary
        want = next((ln.code for ln in expected if ln.code in PRIMARY_CODES), None)
        if want is None or want == primaries[0].code:
            return
        yield Hit(
            message=f"{primaries[0].code} billed as the primary biopsy, but the documentation shows "
            f"{documented(ctx)}: the primary must be {want}",
            fix=f"Bill {describe(expected)}",
            lines=(primaries[0].index,),
            facts=technique_facts(ctx),
        )
