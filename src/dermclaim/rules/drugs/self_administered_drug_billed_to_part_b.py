"""A drug on the MAC's self-administered drug exclusion list billed to Medicare Part B.

## What it checks
Drug lines (coded or billed) for Medicare and Medicare Advantage whose code is on the payer's
self-administered drug (SAD) exclusion list: the setting `self_administered_codes`, or by default
the drug table's `sad_list` rows (J3357 subcutaneous ustekinumab, per RULES 7.1).

## Why it matters
Part B does not pay for a drug that is usually self-administered, even when staff give it in the
office: the drug line is denied while the 96372 may be paid. The patient should be told in advance
(the drug is often covered under Part D or the pharmacy benefit instead).

## Fix safety
Display-only: confirm the MAC's current SAD list (which MACs list J3357 is unconfirmed); bill the
pharmacy benefit or give the patient notice before the service.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim import drugs
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import MEDICARE_KINDS, coded
from dermclaim.rules.sources import SAD_EXCLUSION


def on_sad_list(ctx: Context, code: str) -> bool:
    listed = ctx.options.self_administered_codes
    if listed is not None:
        return code in listed
    row = drugs.table().row(code, ctx.enc.date_of_service)
    return row is not None and row.self_administered == "sad_list"


class SelfAdministeredDrugBilledToPartB(Rule):
    name = "self-administered-drug-billed-to-part-b"
    triggers = frozenset({"drug", "light"})
    summary = "Drug on the MAC self-administered drug exclusion list billed to Medicare Part B"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (SAD_EXCLUSION,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.enc.payer.kind not in MEDICARE_KINDS:
            return
        source = (
            "the payer's list (setting self_administered_codes)"
            if ctx.options.self_administered_codes is not None
            else "MAC SAD exclusion lists per the drug table (verify your MAC's current list)"
        )
        if ctx.mode == "code":
            for it in coded(ctx):
                assert it.row is not None
                if on_sad_list(ctx, it.row.hcpcs):
                    yield Hit(
                        message=f"{it.row.hcpcs} ({it.label}, {it.pid}) is on {source}: Medicare Part "
                        "B does not pay a usually self-administered drug even when given in the office",
                        fix=f"Check the MAC's SAD list for {it.row.hcpcs}; if listed, bill the drug to "
                        "the pharmacy benefit (Part D) and tell the patient before the service",
                        procedures=(it.pid,),
                        facts=((it.pointer("route"), it.route),),
                    )
            return
        for b in ctx.billed:
            if b.code in drugs.table().codes() and on_sad_list(ctx, b.code):
                yield Hit(
                    message=f"line {b.index + 1} bills {b.code} to {ctx.enc.payer.kind.replace('_', ' ')}"
                    f"; it is on {source}, so Part B denies the drug line",
                    fix=f"Check the MAC's SAD list for {b.code}; if listed, bill the drug to the "
                    "pharmacy benefit (Part D) and tell the patient before the service",
                    lines=(b.index,),
                )
