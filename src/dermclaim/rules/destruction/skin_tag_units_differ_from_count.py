"""Skin tag removal codes that do not match the number of tags removed.

## What it checks
The billed 11200 and 11201 units against the skin tags documented for the session: 11200 × 1
for up to 15 tags, plus 11201 for each further 10 tags or part of 10 (31 tags: 11200 + 11201 × 2).

## Why it matters
11200 is one unit for the first 15 tags; billing it per tag, or 11201 per tag, is over-billing
that is denied by the MUE or recouped; 11201 without 11200 is denied by the add-on edit; too few
11201 units leaves documented work unpaid.

## Fix safety
Safe: the documented count determines the codes.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.destruction import SKIN_TAG_ADD_ON, SKIN_TAG_FIRST
from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.destruction._common import billed_without_documentation, count, describe, expected, units
from dermclaim.rules.sources import CPT_SKIN_TAGS

_CODES = frozenset({SKIN_TAG_FIRST, SKIN_TAG_ADD_ON})


class SkinTagUnitsDifferFromCount(Rule):
    name = "skin-tag-units-differ-from-count"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "11200/11201 units do not match the skin tags removed (first 15, then per 10)"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_SKIN_TAGS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        billed = ctx.billed_codes(_CODES)
        want_lines = expected(ctx, _CODES)
        got, want = units(billed), units(want_lines)
        if got == want:
            return
        n = count(ctx, "skin_tags.count")
        if not want_lines:
            yield billed_without_documentation(billed, "skin tag removal", "skin tags removed")
            return
        billed_tags = 15 + 10 * got[SKIN_TAG_ADD_ON] if got[SKIN_TAG_FIRST] else 10 * got[SKIN_TAG_ADD_ON]
        direction = (
            "over-billing"
            if sum(got.values()) > sum(want.values())
            else "under-billing"
            if sum(got.values()) < sum(want.values())
            else "wrong codes"
        )
        yield Hit(
            message=f"{describe(billed) if billed else 'no skin tag code'} billed (up to {billed_tags} "
            f"tags) for {plural(n, 'skin tag')} removed: {direction}; 11200 covers the first 15 "
            "tags in one unit, 11201 each further 10 or part of 10",
            fix=f"Bill {describe(want_lines)}",
            lines=tuple(b.index for b in billed),
            severity=None if billed else "warning",
            procedures=tuple(dict.fromkeys(p for ln in want_lines for p in ln.procedures)),
        )
