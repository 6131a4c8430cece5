"""An excision whose lesion behavior is not known yet, so its code family cannot be chosen.

## What it checks
Excisions with no `behavior` and no pathology result (behavior) for their `specimen`. The engine
holds them (fate `hold`): benign (11400–11446) or malignant (11600–11646) depends on the
pathology. A repair of a benign-sized (0.5 cm or less) excision wound waits with it, since NCCI
includes every repair of such a wound when the lesion is benign.

## Why it matters
The family follows the final pathology. A claim sent on the clinical impression is corrected or
recouped when the report disagrees, and a malignant code on a benign lesion labels the patient
with a cancer diagnosis.

## Fix safety
Display-only: wait for the pathology report, then add its behavior to the document.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.bands import excision_code
from dermclaim.coding.skin_surgery import cm
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import excision_units, pointer
from dermclaim.rules.repair._common import repair_items
from dermclaim.rules.sources import EXCISION_FAMILY_FROM_PATHOLOGY


class ExcisionHeldForPathology(Rule):
    name = "excision-held-for-pathology"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Excision cannot be coded until pathology gives the lesion's behavior"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (EXCISION_FAMILY_FROM_PATHOLOGY,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for unit in excision_units(ctx):
            if unit.malignant is not None:
                continue
            either = {excision_code(unit.site, unit.excised_cm, m) for m in (False, True)}
            billed = [b for b in ctx.billed if b.code in either]
            held_repairs = [
                r.describe() for r in repair_items(ctx) if r.disposition == "held" and r.wound_of in unit.ids
            ]
            also = f"; its repair ({', '.join(held_repairs)}) waits with it" if held_repairs else ""
            specimens = [p.specimen for p in ctx.enc.procedures if p.id in unit.ids and p.specimen]
            what = (
                f"specimen {', '.join(repr(s) for s in specimens)} has no pathology behavior yet"
                if specimens
                else "no behavior is documented and no specimen names a pathology report"
            )
            yield Hit(
                message=f"excision {', '.join(unit.ids)} of the {unit.site.label} "
                f"({cm(unit.excised_cm)} cm excised diameter): {what}; benign or malignant family "
                f"depends on it{also}",
                fix="Hold the claim until the pathology report is back, then add its behavior "
                "(benign, premalignant, in_situ, malignant, uncertain) to the document",
                lines=tuple(b.index for b in billed),
                procedures=unit.ids,
                facts=tuple((pointer(ctx, i, "behavior"), None) for i in unit.ids),
            )
