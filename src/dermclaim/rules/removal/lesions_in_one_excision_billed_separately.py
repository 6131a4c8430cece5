"""Several lesions removed by one excision, billed as separate excisions.

## What it checks
Excisions linked by `same_excision_as` (one ellipse removed several lesions) when the claim
bills more excision codes than the engine codes for them. Under NCCI several lesions removed by
a single excision are one excision code; the setting `combined_excision_diameter` sizes it
(`largest`, default: the widest excised diameter; `sum`: summed lesion diameters plus twice the
narrowest margin) or, for a payer that pays each lesion, `separate` turns the rule off.

## Why it matters
Billing each lesion of one ellipse is unbundling: Medicare pays one excision for one excision,
whatever it contained, and recoups the rest on review.

## Fix safety
Safe: the document says which lesions one excision removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.skin_surgery import EXCISION_CODES
from dermclaim.document import Excision
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import (
    classify_extras,
    describe,
    describe_codes,
    excision_audit,
    excision_units,
    expected,
    pointer,
)
from dermclaim.rules.sources import NCCI_ONE_EXCISION_SEVERAL_LESIONS


class LesionsInOneExcisionBilledSeparately(Rule):
    name = "lesions-in-one-excision-billed-separately"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Several lesions removed by one excision billed with several excision codes"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (NCCI_ONE_EXCISION_SEVERAL_LESIONS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.options.combined_excision_diameter == "separate":
            return
        extra = [
            (b, c)
            for b, c, label in classify_extras(ctx, excision_audit(ctx).extra, "excision")
            if label == "same_excision"
        ]
        if not extra:
            return
        combined = [u for u in excision_units(ctx) if len(u.lesions) > 1]
        ids = tuple(i for u in combined for i in u.ids)
        what = "; ".join(
            f"{', '.join(les.lead for les in u.lesions)} in one excision → {u.code or 'held'}"
            for u in combined
        )
        yield Hit(
            message=f"{describe_codes(c for _, c in extra)} billed in addition for lesions removed by one "
            f"excision ({what}): one excision is one code (NCCI)",
            fix=f"Remove {describe_codes(c for _, c in extra)}; "
            f"bill {describe(expected(ctx, EXCISION_CODES))}",
            lines=tuple(sorted({b.index for b, _ in extra})),
            procedures=ids,
            facts=tuple(
                (pointer(ctx, p.id, "same_excision_as"), p.same_excision_as)
                for p in ctx.enc.procedures
                if isinstance(p, Excision) and p.id in ids and p.same_excision_as
            ),
        )
