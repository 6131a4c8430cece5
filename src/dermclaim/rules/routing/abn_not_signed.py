"""An ABN is on file for a service but has no signature: GZ, and the patient cannot be billed.

## What it checks
Procedures an Advance Beneficiary Notice (waiver kind "abn") covers when the ABN has no
`signed_on` date, for payer kinds in the `abn_payers` setting (Medicare by default). dermclaim
bills them with GZ (expected to be denied as not reasonable and necessary, no ABN) instead of GA.

## Why it matters
Only an ABN the patient signed before the service makes the patient liable when Medicare denies
the service as not reasonable and necessary. An unsigned notice protects no one: with GZ the
denial falls on the practice.

## Fix safety
Display-only: if the patient did sign before the service, record the date (the line then takes
GA); otherwise obtain signatures before services next time. An ABN signed after the service is
not valid.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import describe, payer_positions, routes
from dermclaim.rules.sources import ABN_NOTICE, G_MODIFIERS


class AbnNotSigned(Rule):
    name = "abn-not-signed"
    summary = "ABN listed without a signature: GZ, the patient cannot be billed"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (ABN_NOTICE, G_MODIFIERS)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for pid, route in routes(ctx).items():
            if route.cause != "abn_unsigned":
                continue
            yield Hit(
                message=f"{describe(ctx, pid)} is covered by an ABN without a signature date: it is "
                "billed with GZ and the patient cannot be billed if Medicare denies it",
                fix=f"Record the ABN's signed_on date if the patient signed it before {pid} was done "
                "(then GA); otherwise keep GZ and obtain the signature before the service next time",
                lines=payer_positions(ctx, pid) if ctx.mode == "code" else (),
                procedures=(pid,),
                facts=((f"/waivers/{route.waiver}/signed_on", None),),
            )
