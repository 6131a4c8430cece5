"""Mohs surgery for a tumor the appropriate use criteria rate inappropriate.

## What it checks
Each Mohs procedure's tumor, placed in the 2012 AAD/ACMS/ASDSA/ASMS appropriate use criteria by
the site's area (H, M, L), tumor type and histologic class (aggressive or not, by the criteria's
definitions), size, primary or recurrent, and immune status; raised when the criteria rate it
inappropriate — e.g. a primary superficial BCC of the trunk in a healthy patient, a nodular BCC of
1 cm or less on an arm, an actinic keratosis with focal SCC in situ anywhere. A rating resting on a
criteria cell the source marks as reconstructed is a warning of medium confidence; the
`mohs_auc_inappropriate` setting makes every such finding a warning for payers that do not use the
criteria.

## Why it matters
Many Medicare contractors' Mohs LCDs, and commercial policies, cover Mohs only where the criteria
call it appropriate (or uncertain with documented reasons): Mohs for a tumor rated inappropriate
will likely be denied, and is an audit target.

## Fix safety
Unsafe: a clinical decision. Check the tumor facts (histology, size, site, recurrence, immune
status); if they are right, treat such tumors by excision or destruction, or document the reason
Mohs was needed; for a Medicare patient who chooses Mohs anyway, an ABN signed before the service
allows GA.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.auc._common import mohs_lines, what
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import index, ratings
from dermclaim.rules.sources import MOHS_AUC, MOHS_DOCUMENTATION


class MohsRatedInappropriate(Rule):
    name = "mohs-rated-inappropriate"
    summary = "Mohs for a tumor the appropriate use criteria rate inappropriate"
    severity = "error"
    fix_safety = "unsafe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MOHS_AUC, MOHS_DOCUMENTATION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        where = index(ctx)
        for pid, r in ratings(ctx).items():
            if r.rating != "inappropriate":
                continue
            medium = r.confidence == "medium"
            severity = "warning" if medium else ctx.options.mohs_auc_inappropriate
            caveat = " (the criteria cell was reconstructed from the source; verify it)" if medium else ""
            yield Hit(
                message=f"{what(ctx, pid)}: {r.reason}{caveat}; payers whose Mohs policy follows the "
                "criteria will likely deny it",
                fix=f"Check the tumor facts of {pid} (histology, size, site, recurrence, immune status); if "
                "they are right, treat such a tumor by excision or destruction, or document in the note "
                "why Mohs was needed; for a Medicare patient who chooses Mohs anyway, have an ABN signed "
                "before the service and report GA",
                lines=mohs_lines(ctx, pid),
                procedures=(pid,),
                facts=(
                    (f"/procedures/{where[pid]}/tumor", r.histology_class),
                    (f"/procedures/{where[pid]}/site", r.area),
                ),
                severity=severity,
                confidence="medium" if medium else None,
            )
