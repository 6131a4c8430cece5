"""Billed biopsy units differ from the separately sampled lesions documented.

## What it checks
That the billed skin biopsy units (primary plus add-ons) equal the number of separately sampled
lesions or sites in the note, where several samples of one lesion count once.

## Why it matters
Billing each sample of one lesion as a separate biopsy is over-billing that audits recoup;
leaving a separately sampled lesion off the claim loses an add-on payment for work performed.

## Fix safety
Safe: the count comes from the documented procedures and their `lesion` labels.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.biopsy._common import billed_skin, describe, documented, expected_skin, units
from dermclaim.rules.sources import BIOPSY_SAMPLES_ONE_LESION, CPT_2019_BIOPSY


class BiopsyUnitsDifferFromSampledLesions(Rule):
    name = "biopsy-units-differ-from-sampled-lesions"
    triggers = frozenset({"biopsy"})
    summary = "Billed biopsy units differ from the number of separately sampled lesions"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (BIOPSY_SAMPLES_ONE_LESION, CPT_2019_BIOPSY)
    effective_from = CPT_2019_BIOPSY.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        billed = billed_skin(ctx)
        expected = expected_skin(ctx)
        got, want = sum(units(billed).values()), sum(units(expected).values())
        # Biopsies kept off the claim by a same-session removal are BX007's to explain.
        removed = sum(1 for f in ctx.coding.fates.values() if f.cause == "removed_same_session")
        samples = [pid for pid, f in ctx.coding.fates.items() if f.cause == "sample_of_lesion"]
        index = ctx.position
        if got > want + removed:
            why = (
                f"; {', '.join(samples)} {'is' if len(samples) == 1 else 'are'} further "
                "sample(s) of an already counted lesion"
                if samples
                else ""
            )
            yield Hit(
                message=f"{got} biopsy units billed ({describe(billed)}) for {documented(ctx)}{why}",
                fix=f"Bill {describe(expected)}",
                lines=tuple(b.index for b in billed),
                procedures=tuple(samples),
                facts=tuple(
                    (f"/procedures/{index[p]}/lesion", ctx.enc.procedures[index[p]].lesion) for p in samples
                ),
            )
        elif got < want and billed:
            yield Hit(
                message=f"{got} biopsy units billed ({describe(billed)}) but the note documents "
                f"{documented(ctx)}: {plural(want - got, 'biopsied lesion')} not billed",
                fix=f"Bill {describe(expected)}",
                lines=tuple(b.index for b in billed),
                severity="warning",
            )
        elif got < want:
            yield Hit(
                message=f"no biopsy code billed but the note documents {documented(ctx)}",
                fix=f"Bill {describe(expected)}",
                severity="warning",
            )
