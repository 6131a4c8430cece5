"""A documented procedure this version of dermclaim does not code.

## What it checks
Every documented procedure whose family has no coder yet (the README lists the families coded).

## Why it matters
The engine never guesses silently: a procedure it cannot code is named so a person codes it,
rather than vanishing from the claim (lost revenue) or being coded wrongly.

## Fix safety
Display-only: code the procedure by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import DERMCLAIM_SCOPE


class ProcedureNotCoded(Rule):
    name = "procedure-not-coded"
    summary = "Documented procedure of a family this version does not code"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (DERMCLAIM_SCOPE,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for i, proc in enumerate(ctx.enc.procedures):
            fate = ctx.coding.fates.get(proc.id)
            if fate is not None and fate.cause == "not_coded":
                kind = type(proc).__struct_config__.tag
                yield Hit(
                    message=f"{kind} {proc.id} is not coded: {fate.reason}",
                    fix=f"Code {proc.id} by hand and review it; its billed lines are kept as billed",
                    procedures=(proc.id,),
                    facts=((f"/procedures/{i}/type", kind),),
                )
