"""Mohs surgery for a tumor the appropriate use criteria rate uncertain.

## What it checks
Mohs procedures whose tumor the 2012 appropriate use criteria rate uncertain (panel score 4–6):
e.g. a primary superficial BCC of 0.5 cm or less on the cheek or scalp (area M) in a healthy
patient, a nodular BCC of 1.1–2 cm on the trunk, an SCC in situ of 1.1–2 cm on a leg, lentigo
maligna of the trunk or limbs.

## Why it matters
For an uncertain rating, payers that follow the criteria look for the reason Mohs was chosen over
excision or destruction; the CMS Mohs guidance asks the note to say why Mohs was the most
appropriate treatment (tumor complexity, ill-defined borders, site, patient factors).

## Fix safety
Display-only: document in the note why Mohs was chosen for this tumor.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.auc._common import mohs_lines, what
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import index, ratings
from dermclaim.rules.sources import MOHS_AUC, MOHS_DOCUMENTATION


class MohsRatedUncertain(Rule):
    name = "mohs-rated-uncertain"
    summary = "Mohs for a tumor the appropriate use criteria rate uncertain: document why Mohs"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MOHS_AUC, MOHS_DOCUMENTATION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        where = index(ctx)
        for pid, r in ratings(ctx).items():
            if r.rating != "uncertain":
                continue
            yield Hit(
                message=f"{what(ctx, pid)}: {r.reason}",
                fix=f"Document in the note why Mohs, not excision or destruction, was chosen for {pid} "
                "(e.g. ill-defined borders, tissue sparing at this site, patient factors)",
                lines=mohs_lines(ctx, pid),
                procedures=(pid,),
                facts=((f"/procedures/{where[pid]}/tumor", r.histology_class),),
                confidence="medium" if r.confidence == "medium" else None,
            )
