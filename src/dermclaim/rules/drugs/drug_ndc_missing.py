"""A drug line without the NDC the payer requires.

## What it checks
Drug lines of the drug table: unclassified drugs and biologics (J3490, J3590) need the NDC for
every payer; every drug line needs it for the payer kinds of the setting `ndc_required` (default:
Medicaid). When coding, the documented drug must carry its `ndc`; when scrubbing, the billed line.

## Why it matters
Medicaid (and many commercial and Medicare Advantage plans) deny drug lines without the NDC of
the package used, and Medicaid needs it for the drug rebate; an unclassified code cannot be priced
without it.

## Fix safety
Safe when the note documents the NDC (it is copied to the line); otherwise display-only: record the
NDC of the package used.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim import drugs
from dermclaim.coding.drug import DrugItem
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import items, match
from dermclaim.rules.sources import NDC_FORMAT, NDC_REQUIRED


def required(ctx: Context, code: str) -> str:
    """Why the payer needs the NDC on a line of ``code``, or '' when it does not."""
    kind = ctx.enc.payer.kind
    if kind == "self_pay":
        return ""
    if code in drugs.NOC_CODES:
        return f"{code} is an unclassified code: every payer needs the drug's NDC"
    if kind in ctx.options.ndc_required:
        return f"{kind.replace('_', ' ')} requires the NDC on every drug line (setting ndc_required)"
    return ""


def ndc_text(item: DrugItem) -> str:
    """'N400002123480 ME90': what loop 2410 / item 24A reports for the item's first line."""
    ln = item.lines[0]
    if ln.ndc is None:
        return ""
    digits, unit, qty = ln.ndc
    return f"N4{digits} {unit}{qty:g}"


class DrugNdcMissing(Rule):
    name = "drug-ndc-missing"
    triggers = frozenset({"drug", "light"})
    summary = "Drug line without the NDC the payer requires"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (NDC_REQUIRED, NDC_FORMAT)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.mode == "code":
            for it in items(ctx):
                if it.status != "coded" or it.ndc is not None or it.source != "drug":
                    continue
                assert it.row is not None
                why = required(ctx, it.row.hcpcs)
                if why:
                    yield Hit(
                        message=f"{it.label} ({it.row.hcpcs}, {it.pid}) has no documented NDC; {why}",
                        fix=f"Record the 11-digit NDC of the package used for {it.pid} (ndc) and "
                        "report it with the line (N4 + NDC + unit qualifier + quantity)",
                        procedures=(it.pid,),
                        facts=((it.pointer("ndc"), None),),
                        fix_safety="display-only",
                    )
            return
        documented = {code: view.items for code, view in match(ctx).by_code.items()}
        for b in ctx.billed:
            if b.code not in drugs.table().codes() or ctx.enc.claim_lines[b.index].ndc:
                continue
            why = required(ctx, b.code)
            if not why:
                continue
            known = [ndc_text(it) for it in documented.get(b.code, []) if ndc_text(it)]
            if known:
                yield Hit(
                    message=f"line {b.index + 1} ({b.code}) has no NDC; {why}",
                    fix=f"Report NDC {known[0]} on line {b.index + 1} (qualifier N4, the 11-digit NDC "
                    "documented with the drug, unit qualifier and quantity)",
                    lines=(b.index,),
                    facts=((f"/claim_lines/{b.index}/ndc", None),),
                )
            else:
                yield Hit(
                    message=f"line {b.index + 1} ({b.code}) has no NDC, and none is documented; {why}",
                    fix=f"Record the 11-digit NDC of the package used and report it on line {b.index + 1}",
                    lines=(b.index,),
                    facts=((f"/claim_lines/{b.index}/ndc", None),),
                    fix_safety="display-only",
                )
