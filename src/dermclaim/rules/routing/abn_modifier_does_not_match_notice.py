"""GA without a signed ABN, or a signed ABN whose service is billed without GA.

## What it checks
Billed lines with GA (a required Advance Beneficiary Notice was issued) for a code no procedure
with a signed ABN was billed with — GA needs the patient's signed ABN, else the line takes GZ —
and procedures a signed ABN covers whose billed lines carry neither GA nor another liability
modifier (a warning: the claim is processed, but the patient cannot be billed if it is denied).
Only for the payer kinds in the `abn_payers` setting (Medicare by default).

## Why it matters
GA shifts liability to the patient; reporting it without a valid, signed ABN misstates the claim
and the patient cannot be held liable. Without GA on a service the ABN covers, a denial leaves the
practice liable although it did everything to protect itself.

## Fix safety
Safe: the modifier follows the notice on file (GA with a signed ABN, GZ without one).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.routing import covering
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import G_MODIFIERS, billed_for, codes_of, routes
from dermclaim.rules.sources import ABN_NOTICE
from dermclaim.rules.sources import G_MODIFIERS as G_MODIFIER_SOURCE


class AbnModifierDoesNotMatchNotice(Rule):
    name = "abn-modifier-does-not-match-notice"
    summary = "GA without a signed ABN, or a signed ABN's service billed without GA"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (G_MODIFIER_SOURCE, ABN_NOTICE)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.enc.payer.kind not in ctx.options.abn_payers:
            return
        signed_codes: dict[str, list[str]] = {}
        for proc in ctx.enc.procedures:
            if any(w.signed_on is not None for _, w in covering(ctx.enc, proc.id, "abn")):
                for code in codes_of(ctx, proc.id):
                    signed_codes.setdefault(code, []).append(proc.id)
        for b in ctx.billed:
            if "GA" in b.modifiers and b.code not in signed_codes:
                yield Hit(
                    message=f"{b.code} is billed with GA, but no signed ABN covers a procedure billed "
                    "with it",
                    fix=f"Replace GA on {b.code} with GZ (no signed ABN: the patient cannot be billed), "
                    "or record the ABN's signature date if the patient signed it before the service",
                    lines=(b.index,),
                )
        for pid, route in routes(ctx).items():
            if route.cause != "abn_signed":
                continue
            missing = [b for b in billed_for(ctx, pid) if not (set(b.modifiers) & G_MODIFIERS)]
            if not missing or route.waiver is None:
                continue
            codes = ", ".join(sorted({b.code for b in missing}))
            signed = ctx.enc.waivers[route.waiver].signed_on
            yield Hit(
                message=f"{pid} is covered by the ABN signed {signed}, but {codes} is billed without GA",
                fix=f"Add GA to {codes} for {pid}, so the patient is liable if Medicare denies it",
                lines=tuple(b.index for b in missing),
                procedures=(pid,),
                severity="warning",
                facts=((f"/waivers/{route.waiver}/signed_on", str(signed)),),
            )
