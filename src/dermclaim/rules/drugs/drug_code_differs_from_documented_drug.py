"""A drug billed or documented under a HCPCS code that does not describe the drug given.

## What it checks
The code of each documented drug comes from its name and route in the drug table. It reports a
documented or billed code that describes another route of the same drug (J3357 subcutaneous
versus J3358 intravenous ustekinumab), the reference product for a biosimilar (J1745 excludes
biosimilars: Inflectra Q5103, Renflexis Q5104, Avsola Q5121), an unclassified code (J3490, J3590)
for a drug that has its own code, or another drug's code.

## Why it matters
The code decides the payment and the coverage policy applied: IV ustekinumab is labelled only for
the Crohn's disease or ulcerative colitis induction dose, a biosimilar billed under the reference
code is a false claim, and an unclassified code for a coded drug is denied or underpaid.

## Fix safety
Safe: the code follows from the documented drug, route and date of service.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim import drugs
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import describe, items, match
from dermclaim.rules.sources import DRUG_CODE_DESCRIPTORS, DRUG_TABLE


class DrugCodeDiffersFromDocumentedDrug(Rule):
    name = "drug-code-differs-from-documented-drug"
    triggers = frozenset({"drug", "light"})
    summary = "Drug billed or documented under a code that does not describe the drug and route given"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (DRUG_CODE_DESCRIPTORS, DRUG_TABLE)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.mode == "code":
            for it in items(ctx):
                if it.status != "coded" or not it.resolution.conflict:
                    continue
                assert it.row is not None
                yield Hit(
                    message=f"{it.pid} documents {it.resolution.documented_code} for {it.label} "
                    f"{it.route}: {it.resolution.conflict}",
                    fix=f"Bill {describe(it.lines)} for {it.pid}, and correct its hcpcs to {it.row.hcpcs}",
                    procedures=(it.pid,),
                    facts=((it.pointer("hcpcs"), it.resolution.documented_code),),
                )
            return
        for sub in match(ctx).substitutions:
            it = sub.item
            row = it.row
            assert row is not None
            billed = sub.billed[0].code
            why = it.resolution.conflict if it.resolution.documented_code == billed else ""
            if not why:
                other = drugs.table().row(billed, ctx.enc.date_of_service) or drugs.table().any_row(billed)
                if other is not None and other.unclassified:
                    why = f"{billed} is for drugs without their own code; {it.label} has {row.hcpcs}"
                elif other is not None and row.biosimilar_of == other.hcpcs:
                    why = (
                        f"{billed} ({other.generic}) excludes biosimilars; {row.generic} "
                        f"({row.product}) is {row.hcpcs}"
                    )
                elif other is not None and other.generic == row.generic:
                    why = (
                        f"{billed} describes {other.generic} given {'/'.join(sorted(other.routes))}; "
                        f"the note documents {it.route} administration, which is {row.hcpcs}"
                    )
                else:
                    why = f"{billed} does not describe {it.label} given {it.route}, which is {row.hcpcs}"
            nums = ", ".join(str(b.index + 1) for b in sub.billed)
            yield Hit(
                message=f"{describe(sub.billed)} billed (line {nums}) for the documented {it.label} "
                f"{it.dose_text()} {it.route} ({it.pid}): {why}",
                fix=f"Replace line {nums} by {describe(it.lines)}",
                lines=tuple(b.index for b in sub.billed),
                procedures=(it.pid,),
                facts=((it.pointer("route"), it.route),),
            )
