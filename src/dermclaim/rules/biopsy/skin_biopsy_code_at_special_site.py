"""A skin biopsy code billed for a site the skin codes do not cover.

## What it checks
Biopsies at the lip vermilion or mucosa, eyelid margin, nail unit or external auditory canal,
whose site-specific code (40490, 67810, 11755, 69105) is not billed while skin biopsy codes are.

## Why it matters
CPT 11102–11107 are for skin only; a biopsy at these sites reported with a skin code is the
wrong service and is denied or down-coded on review.

## Fix safety
Safe: the documented site determines the code.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.biopsy._common import billed_skin, lesions
from dermclaim.rules.sources import SITE_SPECIFIC_BIOPSY


class SkinBiopsyCodeAtSpecialSite(Rule):
    name = "skin-biopsy-code-at-special-site"
    triggers = frozenset({"biopsy"})
    summary = "Skin biopsy code used where a site-specific biopsy code applies"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (SITE_SPECIFIC_BIOPSY,)
    effective_from = SITE_SPECIFIC_BIOPSY.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        skin = billed_skin(ctx)
        if not skin:
            return
        billed_codes = {b.code for b in ctx.billed}
        index = ctx.position
        for les in lesions(ctx):
            if les.special_code is None or les.special_code in billed_codes:
                continue
            yield Hit(
                message=f"biopsy {les.lead} of the {les.site.label} is billed with skin biopsy codes; "
                f"skin codes do not apply there",
                fix=f"Bill {les.special_code} for biopsy {les.lead} and remove it from the skin biopsy units",
                lines=tuple(b.index for b in skin),
                procedures=(les.lead,),
                facts=((f"/procedures/{index[les.lead]}/site", les.site.phrase),),
            )
