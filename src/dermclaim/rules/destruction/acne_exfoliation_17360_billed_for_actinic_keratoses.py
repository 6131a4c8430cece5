"""17360 (chemical exfoliation for acne) billed for actinic keratoses.

## What it checks
A billed 17360 line that points at actinic keratosis (L57.0), or that stands for a chemical peel
the note documents as treatment of actinic keratoses.

## Why it matters
17360 is chemical exfoliation for acne — not a peel for actinic keratoses, however often billing
guides say so. A peel for actinic keratoses (field treatment) is 15788/15789 (face, epidermal or
dermal) or 15792/15793 (elsewhere); actinic keratoses destroyed one by one with a chemical agent
are 17000–17004. A 17360 with an actinic-keratosis diagnosis is miscoded and denied or recouped.

## Fix safety
Safe when the peel is documented (its depth and whether it was facial give the code); otherwise
display-only.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.destruction import ACNE_EXFOLIATION, PEEL_CODES, is_actinic_keratosis
from dermclaim.coding.diagnosis import diagnosis_for
from dermclaim.document import ChemicalPeel
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import CPT_17360_ACNE


class AcneExfoliation17360BilledForActinicKeratoses(Rule):
    name = "acne-exfoliation-17360-billed-for-actinic-keratoses"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "17360 (acne exfoliation) billed for an actinic keratosis peel"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_17360_ACNE,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        billed = ctx.billed_codes({ACNE_EXFOLIATION})
        if not billed:
            return
        ak_peels = [
            (i, p)
            for i, p in enumerate(ctx.enc.procedures)
            if isinstance(p, ChemicalPeel) and is_actinic_keratosis(diagnosis_for(ctx.enc, p).codes)
        ]
        for b in billed:
            on_line = is_actinic_keratosis(b.diagnoses)
            if not on_line and not ak_peels:
                continue
            why = (
                f"line {b.index + 1} points at {', '.join(b.diagnoses)}"
                if on_line
                else "the note documents the peel as treatment of actinic keratoses (L57.0)"
            )
            if ak_peels:
                codes = [PEEL_CODES[(p.facial, p.depth)] for _, p in ak_peels]
                what = "; ".join(
                    f"{p.id}: {'facial' if p.facial else 'non-facial'} {p.depth} peel" for _, p in ak_peels
                )
                yield Hit(
                    message=f"17360 billed for actinic keratoses ({why}): 17360 is chemical "
                    f"exfoliation for acne; the documented peel ({what}) is {' + '.join(codes)}",
                    fix=f"Bill {' + '.join(codes)} instead of 17360",
                    lines=(b.index,),
                    procedures=tuple(p.id for _, p in ak_peels),
                    facts=tuple((f"/procedures/{i}/depth", p.depth) for i, p in ak_peels),
                )
            else:
                yield Hit(
                    message=f"17360 billed for actinic keratoses ({why}): 17360 is chemical "
                    "exfoliation for acne, and no chemical peel is documented",
                    fix="Bill 15788/15789 (face, epidermal/dermal) or 15792/15793 (elsewhere) for "
                    "an actinic-keratosis peel, or 17000–17004 for lesions destroyed chemically, "
                    "and document the procedure",
                    lines=(b.index,),
                    fix_safety="display-only",
                )
