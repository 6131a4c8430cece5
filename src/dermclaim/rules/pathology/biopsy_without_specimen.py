"""A biopsy documented with no specimen.

## What it checks
Each biopsy procedure names the `specimen` it sent to pathology.

## Why it matters
A biopsy code means tissue was taken for histopathology. A biopsy with no specimen on record
fails an audit's first question, and its pathology result cannot update the line's diagnosis.

## Fix safety
Display-only: record the specimen label (for example the jar letter).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.document import Biopsy
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import CPT_2019_BIOPSY


class BiopsyWithoutSpecimen(Rule):
    name = "biopsy-without-specimen"
    summary = "Biopsy documented without the specimen it sent to pathology"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (CPT_2019_BIOPSY,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for i, proc in enumerate(ctx.enc.procedures):
            if isinstance(proc, Biopsy) and not proc.specimen:
                yield Hit(
                    message=f"{proc.technique} biopsy {proc.id} of the {ctx.sites[proc.id].label} "
                    "names no specimen",
                    fix=f'Record the specimen label of biopsy {proc.id} ("specimen")',
                    procedures=(proc.id,),
                    facts=((f"/procedures/{i}/specimen", None),),
                )
