"""A drug line billed with no documented drug it could stand for.

## What it checks
Billed lines with a HCPCS code of the drug table (J3357, J1745, J2357 …) when the encounter
documents no drug of that code, and no documented drug that the code could be a miscoding of (that
case is DRG007).

## Why it matters
A drug billed without a record of its administration (name, dose, route, lot and NDC) is an
unsupported claim that audits recoup in full.

## Fix safety
Display-only: document the administration, or remove the line.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim import drugs
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import match
from dermclaim.rules.sources import DRUG_TABLE, DRUG_UNITS


class DrugBilledWithoutDocumentation(Rule):
    name = "drug-billed-without-documentation"
    triggers = frozenset({"drug", "light"})
    summary = "Drug line billed with no documented drug of that code"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (DRUG_UNITS, DRUG_TABLE)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for b in match(ctx).undocumented:
            row = drugs.table().row(b.code, ctx.enc.date_of_service) or drugs.table().any_row(b.code)
            what = f"{row.generic}, {row.unit_text()} per unit" if row else "a drug"
            yield Hit(
                message=f"line {b.index + 1} bills {b.code} × {b.units} ({what}), but the encounter "
                "documents no such drug (name or HCPCS code, dose and route)",
                fix=f"Document the administration of {b.code} (drug, dose, route, NDC) or remove "
                f"line {b.index + 1}",
                lines=(b.index,),
            )
