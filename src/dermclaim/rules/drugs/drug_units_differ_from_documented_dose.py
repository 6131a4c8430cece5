"""Billed drug units differ from the documented dose.

## What it checks
For each HCPCS drug code billed and documented, that the units on its lines without JW equal the
documented dose divided by the code's descriptor amount, rounded up and at least 1 (J3357 is 1 mg
per unit, J1745 10 mg, J2357 5 mg …), and that the units of its JW line equal the documented
amount discarded, counted the same way (total units of dose plus waste, less the administered
units). The message gives the units and milligrams under- or over-billed and, when the line has a
charge, the amount at that charge.

## Why it matters
Units are how a drug is paid: J3357 × 1 for a 90 mg dose bills 1 mg and loses 89/90 of the payment;
too many units is an overpayment that recovery audits recoup (CMS RAC issue 0074).

## Fix safety
Safe: the units come from the documented dose and the descriptor amount in the drug table.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import BilledLine, Context, Hit, Rule
from dermclaim.rules.drugs._common import CodeView, describe, is_jw, line_numbers, match, money, num
from dermclaim.rules.sources import DRUG_TABLE, DRUG_UNITS


class DrugUnitsDifferFromDocumentedDose(Rule):
    name = "drug-units-differ-from-documented-dose"
    triggers = frozenset({"drug", "light"})
    summary = "Billed drug units differ from the documented dose divided by the billing unit"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (DRUG_UNITS, DRUG_TABLE)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for view in match(ctx).by_code.values():
            if not view.billed:
                continue
            admin = [b for b in view.billed if not is_jw(b)]
            waste = [b for b in view.billed if is_jw(b)]
            if admin and view.billed_admin != view.admin_units:
                yield _hit(view, admin, view.billed_admin, view.admin_units, "administered")
            if waste and view.waste_units and view.billed_waste != view.waste_units:
                yield _hit(view, waste, view.billed_waste, view.waste_units, "discarded")


def _hit(view: CodeView, lines: list[BilledLine], got: int, want: int, what: str) -> Hit:
    row = view.items[0].row
    assert row is not None
    per = row.amount
    amounts = " + ".join(
        f"{num(it.amount if what == 'administered' else it.wasted)} {it.measure_text} of {it.label}"
        for it in view.items
        if it.amount is not None
    )
    diff = want - got
    size = f"{abs(diff)} unit{'s' if abs(diff) != 1 else ''}"
    if row.measure != "claim":
        size += f" ({num(float(per * abs(diff)))} {'units' if row.measure == 'unit' else 'mg'})"
    verdict = f"{size} {'under' if diff > 0 else 'over'}-billed"
    charged = [b for b in lines if b.charge]
    if charged and got:
        unit_charge = sum(b.charge or 0 for b in charged) / sum(b.units for b in charged)
        verdict += f", {money(unit_charge * abs(diff))} at the line's charge of {money(unit_charge)} per unit"
    pointer = "dose_mg" if what == "administered" else "wasted_mg"
    if row.measure == "unit":
        pointer = "dose_units" if what == "administered" else "wasted_units"
    return Hit(
        message=f"{view.code} × {got} billed on {line_numbers(lines)} for the {what} {amounts}; "
        f"{view.code} is {row.unit_text()} per unit, so the documentation supports {want}: {verdict}",
        fix=f"Bill {describe(view.expected_lines)}",
        lines=tuple(b.index for b in lines),
        procedures=tuple(it.pid for it in view.items),
        facts=tuple(
            (it.pointer(pointer), it.amount if what == "administered" else it.wasted) for it in view.items
        ),
    )
