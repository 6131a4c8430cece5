"""Cosmetic work billed to the patient without a signed cosmetic waiver.

## What it checks
Procedures dermclaim bills to the patient as cosmetic (documented purpose, or a note that gives
only cosmetic reasons) when no cosmetic waiver with a signature date covers them — none listed,
or one listed without `signed_on`.

## Why it matters
Medicare does not pay for excluded cosmetic services and needs no notice for them, but the
practice's cosmetic financial waiver is what tells the patient, before the service, that they
will pay and how much; without it patients dispute the bill and split visits are hard to defend.
Practice policy and payer contracts vary (rules reference 10.5 is a general principle), hence a
warning of low confidence.

## Fix safety
Display-only: have the patient sign the cosmetic waiver before the service next time, and record
its date.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import describe, routes
from dermclaim.rules.sources import COSMETIC_EXCLUSION, COSMETIC_SPLIT_VISIT


class CosmeticWaiverNotSigned(Rule):
    name = "cosmetic-waiver-not-signed"
    summary = "Cosmetic work billed to the patient without a signed cosmetic waiver"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "low"
    modes = frozenset({"code", "scrub"})
    sources = (COSMETIC_SPLIT_VISIT, COSMETIC_EXCLUSION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for pid, route in routes(ctx).items():
            if route.cause != "cosmetic_no_waiver":
                continue
            listed = route.waiver is not None
            facts: tuple[tuple[str, object], ...] = (
                ((f"/waivers/{route.waiver}/signed_on", None),)
                if listed
                else (("/waivers", "none covers it"),)
            )
            yield Hit(
                message=f"{describe(ctx, pid)} is billed to the patient as cosmetic, but "
                + ("its cosmetic waiver has no signature date" if listed else "no cosmetic waiver covers it"),
                fix=f"Have the patient sign the practice's cosmetic financial waiver for {pid} (service, "
                "price, that the insurer will not pay) before the service, and record signed_on",
                procedures=(pid,),
                facts=facts,
            )
