"""A pathology specimen that no documented procedure produced.

## What it checks
Each `pathology` entry's `specimen` label is named by some procedure of the encounter.

## Why it matters
A specimen with no procedure means a biopsy, shave or excision was done and sent but is not
documented as a procedure, so it is not billed (lost revenue), or the label is mistyped and the
pathology result will not reach the line's diagnosis.

## Fix safety
Display-only: a person must add the missing procedure or correct the label.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import PATHOLOGY_FINAL_DX


class SpecimenWithoutProcedure(Rule):
    name = "specimen-without-procedure"
    summary = "Pathology specimen that no documented procedure produced"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (PATHOLOGY_FINAL_DX,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        named = {p.specimen for p in ctx.enc.procedures if p.specimen}
        for i, path in enumerate(ctx.enc.pathology):
            if path.specimen not in named:
                yield Hit(
                    message=f"pathology specimen {path.specimen!r} has no procedure: the procedure "
                    "that produced it is not documented, so it is not billed",
                    fix=f"Add the procedure that produced specimen {path.specimen!r} (with "
                    '"specimen": its label), or correct the label',
                    facts=((f"/pathology/{i}/specimen", path.specimen),),
                )
