"""A "biopsy" that removed the entire lesion.

## What it checks
Biopsies documented with `removes_entire_lesion: true`, and suggests the removal code the
documentation would support: a shave removal (11300–11313) for a tangential technique, an
excision (11400–11446 benign, 11600–11646 malignant) for a punch or incisional one.

## Why it matters
CPT reports removal of the whole lesion as the removal, not as a biopsy; the intent of a biopsy
is to sample. The removal code usually pays more, and auditors compare the code with the note.

## Fix safety
Display-only: whether the intent was sampling or removal is the clinician's call.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.bands import excised_diameter, excision_code, shave_code
from dermclaim.coding.diagnosis import pathology_for
from dermclaim.document import Biopsy
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import REMOVAL_NOT_BIOPSY


class BiopsyRemovedEntireLesion(Rule):
    name = "biopsy-removed-entire-lesion"
    triggers = frozenset({"biopsy"})
    summary = "A biopsy removed the entire lesion: consider the removal code"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (REMOVAL_NOT_BIOPSY,)
    effective_from = REMOVAL_NOT_BIOPSY.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for i, proc in enumerate(ctx.enc.procedures):
            if not isinstance(proc, Biopsy) or not proc.removes_entire_lesion:
                continue
            site = ctx.sites[proc.id]
            yield Hit(
                message=f"{proc.technique} biopsy {proc.id} of the {site.label} removed the entire "
                "lesion: CPT reports a whole-lesion removal as the removal, not a biopsy",
                fix=_suggestion(ctx, proc),
                procedures=(proc.id,),
                facts=(
                    (f"/procedures/{i}/removes_entire_lesion", True),
                    (f"/procedures/{i}/technique", proc.technique),
                ),
            )


def _suggestion(ctx: Context, proc: Biopsy) -> str:
    site = ctx.sites[proc.id]
    if proc.diameter_cm is None:
        return (
            "If the intent was removal, document the lesion diameter (and margins) and code "
            "the shave removal or excision instead of the biopsy"
        )
    if proc.technique == "tangential":
        code = shave_code(site, proc.diameter_cm)
        return (
            f"If the intent was removal, bill shave removal {code} ({proc.diameter_cm} cm "
            f"lesion, {(site.groups.get('shave') or '').replace('_', ' ')}) instead of the biopsy"
        )
    path = pathology_for(ctx.enc, proc.specimen)
    excised = excised_diameter(proc.diameter_cm, proc.margin_cm)
    if path is None or path.behavior is None:
        return (
            f"If the intent was removal, bill an excision of {excised} cm excised diameter "
            "instead of the biopsy, benign or malignant family once pathology is back"
        )
    malignant = path.behavior in ("malignant", "in_situ")
    code = excision_code(site, excised, malignant)
    return (
        f"If the intent was removal, bill excision {code} ({excised} cm excised diameter, "
        f"pathology {path.behavior}) instead of the biopsy"
    )
