"""A service documented as cosmetic is on the payer's claim without GY.

## What it checks
Procedures that are cosmetic: documented as cosmetic (purpose "cosmetic"), or whose note gives
only cosmetic reasons (a note-cosmetic procedure documented as medical with a medical diagnosis
is NEC001's, one problem one finding). Cosmetic work under a cosmetic waiver is
billed to the patient, never to the payer; when the patient asks that the payer be billed anyway
(patient_requests_claim), the line goes to the payer with GY, the modifier that says the service
is statutorily excluded (with GX when a voluntary notice was signed). Raised when a claim line of
the procedure's code goes to the payer without GY, beyond the lines the medical part of the
visit needs (a split visit may bill 17110 once for its medical lesions).

## Why it matters
A cosmetic service billed without GY is presented as covered: paid in error and recovered on
audit, or denied and left unbillable to the patient. GY tells the payer to deny it as excluded
and leaves the patient liable, which is what the cosmetic waiver agreed.

## Fix safety
Safe when the documentation is right: move the line to the patient's bill, or add GY when the
patient asked for the claim.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import (
    assessments,
    cosmetic_with_medical_dx,
    describe,
    index,
    procedure,
    routes,
    unexcluded,
)
from dermclaim.rules.sources import COSMETIC_EXCLUSION, COSMETIC_SPLIT_VISIT, G_MODIFIERS


class CosmeticServiceBilledToPayer(Rule):
    name = "cosmetic-service-billed-to-payer"
    summary = "Cosmetic service on the payer's claim without GY"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (COSMETIC_EXCLUSION, G_MODIFIERS, COSMETIC_SPLIT_VISIT)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        where = index(ctx)
        found = assessments(ctx)
        for pid, route in routes(ctx).items():
            if route.cause not in ("cosmetic_waiver", "cosmetic_no_waiver", "excluded_filed"):
                continue
            a = found.get(pid)
            if a is not None and cosmetic_with_medical_dx(a):
                continue  # NEC001: cosmetic work presented as medical
            wrong = unexcluded(ctx, pid)
            if not wrong:
                continue
            codes = ", ".join(sorted({b.code for b in wrong}))
            if route.to == "patient":
                fix = (
                    f"Take {codes} for {pid} off the payer's claim and bill it to the patient under the "
                    "cosmetic waiver; if the patient asks that the payer be billed, add GY"
                )
            else:
                fix = f"Add {' and '.join(route.modifiers)} to {codes} for {pid}"
            yield Hit(
                message=f"{describe(ctx, pid)} is cosmetic ({route.reason}), but {codes} is on the "
                "payer's claim without GY",
                fix=fix,
                lines=tuple(b.index for b in wrong),
                procedures=(pid,),
                facts=((f"/procedures/{where[pid]}/purpose", procedure(ctx, pid).purpose),),
            )
