"""A Mohs tumor the shipped appropriate use criteria cannot rate.

## What it checks
Mohs procedures whose tumor cannot be placed in the criteria table: a fact the rating depends on is
not documented (tumor type, histology — e.g. whether a BCC of the trunk is nodular or superficial
—, size), the histology phrase is not one of the criteria's classes, or the table has no cell for
the tumor (verrucous SCC outside area H). A warning then names the fields to document. Tumors the
shipped table does not cover at all — Merkel cell carcinoma, DFSP and the paper's other rare-tumor
scenarios — are an informational note.

## Why it matters
The rating is what a reviewer checks first. dermclaim never guesses it: an unrated tumor needs a
person to check the criteria (and the MAC's LCD) and the note to carry the facts.

## Fix safety
Display-only: add the missing tumor facts to the document (and the note), or check the tumor
against the full criteria by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.auc._common import what
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import index, ratings
from dermclaim.rules.sources import MOHS_AUC


class MohsAucNotRated(Rule):
    name = "mohs-auc-not-rated"
    summary = "Mohs tumor the shipped appropriate use criteria cannot rate"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MOHS_AUC,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        where = index(ctx)
        for pid, r in ratings(ctx).items():
            if r.rating != "not_rated":
                continue
            base = f"/procedures/{where[pid]}"
            if r.not_covered:
                yield Hit(
                    message=f"{what(ctx, pid)} is not rated: {r.reason}",
                    fix=f"Check {pid} against the full 2012 criteria and the MAC's Mohs LCD by hand, and "
                    "document in the note why Mohs was chosen",
                    procedures=(pid,),
                    facts=((f"{base}/tumor/type", r.tumor),),
                    severity="info",
                )
                continue
            fields = ", ".join(r.missing) if r.missing else "the tumor facts"
            yield Hit(
                message=f"{what(ctx, pid)} is not rated: {r.reason}",
                fix=f"Document {fields} for {pid} (procedure tumor fields and the note), or rate it by hand",
                procedures=(pid,),
                facts=tuple((f"{base}/{m.replace('.', '/')}", None) for m in r.missing),
            )
