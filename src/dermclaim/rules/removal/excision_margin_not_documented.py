"""An excision documented without its margin, so only the lesion diameter can size it.

## What it checks
Excisions without `margin_cm`. The excised diameter is the greatest lesion diameter plus twice
the narrowest margin; with no margin documented the engine can only use the lesion diameter
(RULES 3.2), which may put the excision in a lower band than the work done.

## Why it matters
Margins are part of the excised diameter: a 1.0 cm lesion excised with 0.2 cm margins is a
1.4 cm excision (11402, not 11401). An undocumented margin under-codes, and a margin added
later without documentation does not survive an audit.

## Fix safety
Display-only: the surgeon documents the narrowest margin (0 if none was taken) before the
claim is sent; the engine then recodes.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.skin_surgery import cm
from dermclaim.document import Excision
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import pointer
from dermclaim.rules.sources import CPT_EXCISED_DIAMETER


class ExcisionMarginNotDocumented(Rule):
    name = "excision-margin-not-documented"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Excision without a documented margin is sized from the lesion diameter alone"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (CPT_EXCISED_DIAMETER,)
    effective_from = CPT_EXCISED_DIAMETER.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for proc in ctx.enc.procedures:
            if not isinstance(proc, Excision) or proc.margin_cm is not None:
                continue
            fate = ctx.coding.fates.get(proc.id)
            if fate is None or fate.cause in ("included_in_adjacent_tissue_transfer", "non_skin_site"):
                continue
            site = ctx.sites[proc.id]
            yield Hit(
                message=f"excision {proc.id} of the {site.label}: no margin documented, so the "
                f"excised diameter is the {cm(proc.diameter_cm)} cm lesion alone",
                fix=f"Document the narrowest margin of {proc.id} (e.g. 0.2 cm makes the excised "
                f"diameter {cm(proc.diameter_cm + 0.4)} cm), or 0 if none was taken",
                procedures=(proc.id,),
                facts=((pointer(ctx, proc.id, "diameter_cm"), proc.diameter_cm),),
            )
