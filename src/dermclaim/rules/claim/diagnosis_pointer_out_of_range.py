"""A claim line's diagnosis pointer points past the encounter's diagnoses.

## What it checks
Integer `diagnoses` entries of `claim_lines` are 1-based pointers into `diagnoses`; each must
point at an existing diagnosis.

## Why it matters
A pointer beyond the diagnosis list makes the line unprocessable: clearinghouses reject the
claim before the payer sees it.

## Fix safety
Display-only: only a person knows which diagnosis the line was meant to point at.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import CMS_1500_POINTERS


class DiagnosisPointerOutOfRange(Rule):
    name = "diagnosis-pointer-out-of-range"
    summary = "Claim line diagnosis pointer beyond the encounter's diagnoses"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CMS_1500_POINTERS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        n = len(ctx.enc.diagnoses)
        for b in ctx.billed:
            for p in b.bad_pointers:
                yield Hit(
                    message=f"line {b.index + 1} ({b.code}) points at diagnosis {p}, but the "
                    f"encounter has {n} diagnos{'i' if n == 1 else 'e'}s",
                    fix=f"Point line {b.index + 1} at a diagnosis between 1 and {n}, or add the "
                    "missing diagnosis",
                    lines=(b.index,),
                    facts=((f"/claim_lines/{b.index}/diagnoses", p),),
                )
