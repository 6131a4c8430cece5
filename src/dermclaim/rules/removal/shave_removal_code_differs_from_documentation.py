"""A shave removal code that the documented lesion diameter and site do not support.

## What it checks
Each billed shave removal code (11300–11313) against the shave removals documented: the band
comes from the lesion diameter alone (≤0.5, 0.6–1.0, 1.1–2.0, >2.0 cm; margins give nothing)
and the site group (trunk, arms, legs / scalp, neck, hands, feet, genitalia / face, ears,
eyelids, nose, lips, mucous membrane). One unit per lesion: it also reports a shave code with
no documented lesion, and a documented lesion that is not billed (warning).

## Why it matters
Shave codes are per lesion and sized by the lesion: adding a margin, or adding lesions together,
over-codes and is recouped on review; a lesion left off the claim is work not paid.

## Fix safety
Safe: the lesion diameter and site are documented for each shave removal.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.shave import ShavedLesion
from dermclaim.coding.skin_surgery import SHAVE_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import classify_extras, describe, expected, pointer, shave_audit
from dermclaim.rules.sources import CPT_SHAVE_REMOVAL


class ShaveRemovalCodeDiffersFromDocumentation(Rule):
    name = "shave-removal-code-differs-from-documentation"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Billed shave removal code differs from the documented lesion diameter or site"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_SHAVE_REMOVAL,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        audit = shave_audit(ctx)
        for pair in audit.pairs:
            les = pair.lesion
            assert isinstance(les, ShavedLesion)
            yield Hit(
                message=f"{pair.code} billed for shave removal {les.pid} of the {les.site.label}: {pair.why}",
                fix=f"Bill {pair.want} instead of {pair.code}",
                lines=(pair.billed.index,),
                procedures=(les.pid,),
                facts=((pointer(ctx, les.pid, "diameter_cm"), les.diameter_cm),),
            )
        should = describe(expected(ctx, SHAVE_CODES))
        for billed, code_, label in classify_extras(ctx, audit.extra, "shave_removal"):
            if label == "undocumented":
                yield Hit(
                    message=f"{code_} billed, but no documented shave removal is left to support it "
                    f"(documented shave removals code as {should}; one unit per lesion)",
                    fix=f"Remove one unit of {code_}, or document the lesion it stands for",
                    lines=(billed.index,),
                )
        for lesion, code_ in audit.missing:
            assert isinstance(lesion, ShavedLesion)
            yield Hit(
                message=f"shave removal {lesion.pid} of the {lesion.site.label} codes as {code_}, but no "
                "shave code for it is billed",
                fix=f"Bill {code_}",
                procedures=(lesion.pid,),
                severity="warning",
            )
