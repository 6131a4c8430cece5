"""A documented drug the engine could not code.

## What it checks
Every documented drug (a `drug` procedure, or the agent of a photodynamic therapy) that did not
become a claim line: a name the drug table does not know (a biosimilar without a verified code, a
product not in the table), a code not in force on the date of service, a route no code of the drug
describes, or a missing dose (`dose_mg`; `dose_units` for drugs dosed in units).

## Why it matters
A drug left off the claim is lost revenue, and a guessed code or unit count is a false claim; the
engine says what it needs instead of guessing.

## Fix safety
Display-only: complete the documentation (name, HCPCS code, dose) or code the drug by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import items
from dermclaim.rules.sources import DRUG_TABLE, DRUG_UNITS

_FIX = {
    "drug_unknown_drug": "Document the HCPCS code of {label} ({pid}: hcpcs), or code it by hand",
    "drug_unknown_code": "Code {pid} by hand: {code} is not in the drug table",
    "drug_not_in_force": "Code {pid} by hand for this date of service",
    "drug_route": "Check the documented route of {pid}, or code it by hand",
    "drug_dose_missing": "Document the dose of {pid}",
}


class DrugNotCoded(Rule):
    name = "drug-not-coded"
    triggers = frozenset({"drug", "light"})
    summary = "Documented drug that could not be coded (unknown drug, route, date or dose)"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (DRUG_TABLE, DRUG_UNITS)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for it in items(ctx):
            if it.status != "hold":
                continue
            fix = _FIX.get(it.cause, "Code {pid} by hand").format(
                label=it.label, pid=it.pid, code=it.resolution.documented_code
            )
            field = "dose_mg" if it.cause == "drug_dose_missing" else "drug"
            if it.source == "pdt":
                field = "dose_mg" if it.cause == "drug_dose_missing" else "agent"
            yield Hit(
                message=f"{it.label} ({it.pid}) is not coded: {it.reason}",
                fix=fix,
                procedures=(it.pid,),
                facts=((it.pointer(field), None),),
            )
