"""A biopsied and destroyed lesion whose pathology is not back yet.

## What it checks
Biopsies of a lesion that was also destroyed at the same session when no pathology result
(behavior) is documented for it.

## Why it matters
For a lesion sampled and then destroyed, either the biopsy (benign pathology) or the malignant
destruction (malignant pathology) is billed, never both; which one depends on the pathology.
Billing before the result invites a correction or a recoupment.

## Fix safety
Display-only: wait for the pathology report, then code.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.document import Biopsy
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import NCCI_BIOPSY_SAME_LESION


class BiopsyHeldForPathology(Rule):
    name = "biopsy-held-for-pathology"
    triggers = frozenset({"biopsy"})
    summary = "Biopsy of a destroyed lesion cannot be coded until pathology is back"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (NCCI_BIOPSY_SAME_LESION,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        index = ctx.position
        for pid, fate in ctx.coding.fates.items():
            # Only biopsies: a destruction held for the same reason is DES006's to report.
            if fate.cause == "pending_pathology" and isinstance(ctx.enc.procedures[index[pid]], Biopsy):
                yield Hit(
                    message=f"biopsy {pid}: {fate.reason}",
                    fix="Hold the claim until the pathology report gives the lesion's behavior, "
                    "then add it to the document's pathology",
                    procedures=(pid,),
                    facts=((f"/procedures/{index[pid]}/lesion", ctx.enc.procedures[index[pid]].lesion),),
                )
