"""The excised diameter of a Mohs case coded as an excision is not documented.

## What it checks
Mohs procedures with `surgeon_is_pathologist: false`, which are coded as an excision on the final
excised diameter: when `defect_diameter_cm` is missing the engine codes the tumor diameter
(`tumor.size_cm`) and warns that margins are not counted, or holds the case when neither is
documented.

## Why it matters
Excision codes go by the excised diameter — the lesion plus its margins, which after Mohs-style
staged excision is the final defect. Coding the tumor size alone under-bills, and coding without
any size is a guess.

## Fix safety
Display-only: document the final defect diameter (`defect_diameter_cm`).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.document import Mohs
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import EXCISED_DIAMETER, MOHS_SURGEON_PATHOLOGIST


class MohsExcisionDiameterUndocumented(Rule):
    name = "mohs-excision-diameter-undocumented"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Mohs coded as an excision without the final defect diameter"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MOHS_SURGEON_PATHOLOGIST, EXCISED_DIAMETER)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for i, proc in enumerate(ctx.enc.procedures):
            if not isinstance(proc, Mohs) or proc.surgeon_is_pathologist or proc.defect_diameter_cm:
                continue
            fate = ctx.coding.fates.get(proc.id)
            if fate is None:
                continue
            size = proc.tumor.size_cm if proc.tumor else None
            facts: tuple[tuple[str, object], ...] = (
                (f"/procedures/{i}/defect_diameter_cm", None),
                (f"/procedures/{i}/tumor/size_cm", size),
            )
            if fate.status == "hold":
                yield Hit(
                    message=f"{proc.id}: {fate.reason}",
                    fix=f"Document the final defect diameter of {proc.id} as defect_diameter_cm",
                    procedures=(proc.id,),
                    facts=facts,
                )
            elif fate.status == "coded":
                yield Hit(
                    message=f"{proc.id} coded as an excision on the tumor diameter {size:g} cm: the final "
                    "defect is not documented, so the margins are not counted and the size band may be "
                    "too low",
                    fix=f"Document the final defect diameter of {proc.id} as defect_diameter_cm and recode",
                    procedures=(proc.id,),
                    facts=facts,
                    confidence="medium",
                )
