"""Excimer laser for a body surface area above the payer's coverage limit.

## What it checks
Documented excimer laser sessions whose `bsa_percent` (body surface area affected) is above the
setting `excimer_max_bsa_percent` (default 10 %, per the archived LCD L29212 and commercial
policies; null turns the check off).

## Why it matters
Payers cover targeted excimer phototherapy for limited plaque psoriasis (commonly at most 10 % body
surface area after failed topical therapy) and deny it for extensive disease, where whole-body
phototherapy or systemic therapy is expected. The criteria are payer-specific.

## Fix safety
Display-only: check the payer's policy; obtain prior authorization or give notice before treating.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.document import Phototherapy
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import EXCIMER_CRITERIA


class ExcimerOutsidePayerCriteria(Rule):
    name = "excimer-outside-payer-criteria"
    triggers = frozenset({"light"})
    summary = "Excimer laser for more body surface area than the payer covers"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (EXCIMER_CRITERIA,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        limit = ctx.options.excimer_max_bsa_percent
        if limit is None:
            return
        for i, proc in enumerate(ctx.enc.procedures):
            if not isinstance(proc, Phototherapy) or proc.modality != "excimer":
                continue
            if proc.bsa_percent is not None and proc.bsa_percent > limit:
                yield Hit(
                    message=f"excimer laser ({proc.id}) for disease covering {proc.bsa_percent:g} % of "
                    f"the body surface; the payer covers it up to {limit:g} % (setting "
                    "excimer_max_bsa_percent)",
                    fix=f"Check the payer's excimer policy for {proc.id}: obtain prior authorization or "
                    "notify the patient, or document why targeted phototherapy is needed",
                    procedures=(proc.id,),
                    facts=((f"/procedures/{i}/bsa_percent", proc.bsa_percent),),
                )
