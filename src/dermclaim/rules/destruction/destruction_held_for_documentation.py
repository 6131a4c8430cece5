"""A destruction that cannot be coded from what is documented.

## What it checks
Every documented destruction the engine could not code: no lesion kind and no pathology behavior
(or an uncertain one); a lesion sampled and destroyed whose pathology is not back; a malignant or
in situ destruction without its site or diameter, or with several lesions in one entry; or a
site where the skin destruction codes do not apply (lip vermilion and mucosa, eyelid margin, nail
unit, ear canal).

## Why it matters
The destruction family and its code follow from the lesion kind, the pathology, the site and the
diameter. The engine never guesses them: a destruction it cannot code is named, so it is neither
lost from the claim nor coded wrongly (a benign lesion billed as malignant is a recoupment).

## Fix safety
Display-only: document what is missing (or wait for the pathology report), then code.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.document import Destruction
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import DESTRUCTION_SAME_LESION, MALIGNANT_DESTRUCTION_BANDS

_FIX = {
    "pending_pathology": "Hold the claim until the pathology report gives the lesion's behavior, then "
    "add it to the document's pathology (or document lesion_kind)",
    "uncertain_behavior": "Document the lesion kind (premalignant, benign, in_situ or malignant) the "
    "destruction treated",
    "missing_size": "Document the lesion's site and greatest diameter (and the final curettage defect "
    "if measured)",
    "count_per_lesion": "Split the entry into one destruction procedure per lesion, each with its site "
    "and diameter",
    "special_site": "Code the destruction by hand with the site-specific code",
}


class DestructionHeldForDocumentation(Rule):
    name = "destruction-held-for-documentation"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "Destruction cannot be coded until its lesion kind, pathology, site or size is documented"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MALIGNANT_DESTRUCTION_BANDS, DESTRUCTION_SAME_LESION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for i, proc in enumerate(ctx.enc.procedures):
            if not isinstance(proc, Destruction):
                continue
            fate = ctx.coding.fates.get(proc.id)
            if fate is None or fate.status not in ("hold", "not_coded"):
                continue
            facts: tuple[tuple[str, object], ...] = (
                (f"/procedures/{i}/lesion_kind", proc.lesion_kind),
                (f"/procedures/{i}/specimen", proc.specimen),
            )
            if fate.cause in ("missing_size", "count_per_lesion", "special_site"):
                facts = (
                    (f"/procedures/{i}/site", proc.site),
                    (f"/procedures/{i}/diameter_cm", proc.diameter_cm),
                    (f"/procedures/{i}/count", proc.count),
                )
            yield Hit(
                message=f"destruction {proc.id} not coded: {fate.reason}",
                fix=_FIX.get(fate.cause, "Code the destruction by hand"),
                procedures=(proc.id,),
                facts=facts,
            )
