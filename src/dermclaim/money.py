"""Medicare allowed amounts of claim lines, from the physician fee schedule table in force.

Allowed amount of a line = total RVUs for the place of service × the conversion factor of the
RVU release in force on the date of service × units, then the multiple-procedure payment
reduction — and 0.00 for a line Medicare's automated claim edits deny (:func:`denials`: NCCI
procedure-to-procedure pairs, add-on codes without a primary, MUEs), so that the billed lines say
what Medicare would actually allow for the claim as billed and the difference from the corrected
lines is what the corrections recover (positive) or the overpayment they avoid (negative).
National amounts: no geographic (GPCI) adjustment, no deductible or coinsurance, no sequestration
— a figure to compare claims with, not a remittance forecast. Commercial payers pay differently;
the amounts are Medicare's whatever the payer.

Place of service (Medicare Claims Processing Manual ch. 12 §20.4.2, site-of-service payment
differential, and the CMS place-of-service code set): the **facility** total applies in POS
19 off-campus and 22 on-campus outpatient hospital, 21 inpatient hospital, 23 emergency room,
24 ambulatory surgical center, 26 military treatment facility, 31 skilled nursing facility,
34 hospice, 41 and 42 ambulance, 51 inpatient psychiatric facility, 52 psychiatric facility
partial hospitalisation, 53 community mental health center, 56 psychiatric residential treatment
center and 61 comprehensive inpatient rehabilitation facility; every other POS (11 office, 12
home, …) is priced at the **non-facility** total.

Modifiers 26 and TC price from their own PPRRVU rows. Fee-schedule status: A (active),
R (restricted) and T (paid only without other services) are priced; B (bundled) is 0.00; codes
without a row or with another status (E excluded — drugs are paid from the ASP file, C carrier
priced, I, N, X …) are *unpriced*: 0.00, listed in the totals.

Multiple-procedure payment reduction (Medicare Claims Processing Manual ch. 12 §40.6.2; PPRRVU
"MULT PROC" field; RULES.md §0.8, §5.11): among the units of codes with indicator 2 performed the
same day, the highest-priced unit is paid at 100 % and every other unit at 50 %, whatever their
modifiers (59 and the X modifiers do not exempt a line). Indicator 0 codes (add-ons, E/M,
pathology) and 9 are exempt. Indicator 3 (endoscopy base rule) does not occur among the
dermatology codes; a line with it is priced without reduction and says so in the notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from dermclaim.model import Finding, Line, Totals
    from dermclaim.rules.base import Context
    from dermclaim.tables import Rvu, TableSet

__all__ = [
    "FACILITY_POS",
    "Priced",
    "annotate",
    "basis",
    "billed_amounts",
    "is_facility",
    "price_claim",
    "price_lines",
    "total",
]

#: Places of service paid at the facility rate (MCPM ch. 12 §20.4.2).
FACILITY_POS: Final = frozenset(
    {"19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61"}
)
PRICED_STATUSES: Final = frozenset({"A", "R", "T"})
PRICING_MODIFIERS: Final = ("26", "TC")
_CENT = Decimal("0.01")
_HALF = Decimal("0.5")


@dataclass(frozen=True, slots=True)
class Priced:
    """A line's allowed amount, in dollars, and how it was reached."""

    allowed: float
    """After the multiple-procedure reduction, rounded half-up to cents."""
    full: float
    """Before the reduction: unit amount × units."""
    priced: bool
    """False when the fee schedule gives no amount (no row, or a status it does not price)."""
    note: str = ""
    denied: bool = False
    """True when Medicare's automated edits deny the line (``note`` says which)."""


def is_facility(place_of_service: str) -> bool:
    """True when the place of service is paid at the facility rate."""
    return place_of_service in FACILITY_POS


def _row(tables: TableSet, code: str, modifiers: Iterable[str]) -> Rvu | None:
    mods = set(modifiers)
    for mod in PRICING_MODIFIERS:
        if mod in mods:
            row = tables.rvu(code, mod)
            if row is not None:
                return row
    return tables.rvu(code)


def _unit(row: Rvu | None, code: str, facility: bool) -> tuple[Decimal, bool, str]:
    if row is None:
        return Decimal(0), False, f"{code} is not on the physician fee schedule table"
    if row.status == "B":
        return Decimal(0), True, f"{code} has fee-schedule status B: never paid separately"
    if row.status not in PRICED_STATUSES:
        return Decimal(0), False, f"{code} has fee-schedule status {row.status}: not priced by it"
    return Decimal(repr(row.allowed(facility))), True, ""


def price_lines(
    lines: Sequence[tuple[str, int, Sequence[str]]],
    tables: TableSet,
    place_of_service: str,
    *,
    edits: bool = True,
) -> list[Priced]:
    """Price ``(code, units, modifiers)`` lines billed together on one date of service.

    With ``edits`` (the default) a line Medicare's automated edits deny (:func:`denials`) is
    allowed 0.00 and takes no part in the multiple-procedure ranking; without, every line is
    priced as if paid (what it is worth).
    """
    key = tuple((code, n, tuple(mods)) for code, n, mods in lines)
    return list(_price_lines(key, tables, place_of_service, edits))


@lru_cache(maxsize=8192)
def _price_lines(
    lines: tuple[tuple[str, int, tuple[str, ...]], ...],
    tables: TableSet,
    place_of_service: str,
    edits: bool,
) -> tuple[Priced, ...]:
    """:func:`price_lines` on hashable lines, memoised: rules and the result price the same
    claim several times, and batch files repeat the same claims (Priced is immutable)."""
    facility = is_facility(place_of_service)
    denied = denials(lines, tables) if edits else {}
    units: list[Decimal] = []
    reducible: list[tuple[Decimal, int, int]] = []  # (unit amount, line, unit) for MPPR ranking
    states: list[tuple[bool, str]] = []
    for i, (code, n, modifiers) in enumerate(lines):
        row = _row(tables, code, modifiers)
        amount, priced, note = _unit(row, code, facility)
        if row is not None and priced and row.mult_proc == "3":
            note = f"{code}: multiple-procedure indicator 3 (endoscopy) is priced without reduction"
        units.append(amount)
        states.append((priced, note))
        if i not in denied and row is not None and priced and row.mult_proc == "2" and amount > 0:
            reducible.extend((amount, i, k) for k in range(n))
    factor: dict[tuple[int, int], Decimal] = {}
    ranked = sorted(reducible, key=lambda t: (-t[0], t[1], t[2]))
    for rank, (_, i, k) in enumerate(ranked):
        factor[(i, k)] = Decimal(1) if rank == 0 else _HALF
    out: list[Priced] = []
    for i, (_, n, _mods) in enumerate(lines):
        full = units[i] * n
        paid = sum((units[i] * factor.get((i, k), Decimal(1)) for k in range(n)), Decimal(0))
        priced, note = states[i]
        if i in denied:
            paid, note = Decimal(0), denied[i]
        elif paid != full and not note:
            note = "multiple-procedure reduction: 50 % for each procedure after the highest-priced"
        out.append(
            Priced(
                allowed=float(paid.quantize(_CENT, rounding=ROUND_HALF_UP)),
                full=float(full.quantize(_CENT, rounding=ROUND_HALF_UP)),
                priced=priced,
                note=note,
                denied=i in denied,
            )
        )
    return tuple(out)


def denials(lines: Sequence[tuple[str, int, Sequence[str]]], tables: TableSet) -> dict[int, str]:
    """The lines Medicare's automated claim edits deny, with the reason (index → reason).

    * NCCI PTP: a column-two line beside its column-one code when the edit's modifier indicator
      is 0, or 1 and the line carries no NCCI-associated modifier (E/M column-two lines included:
      an E/M beside a minor procedure without 25 is denied);
    * add-on codes (edit type 1) billed without any of their listed primaries;
    * MUE: MAI 1, a line whose units exceed the MUE; MAI 2 and 3, every line of a code whose units
      for the day exceed it (CMS denies the whole line, not only the excess units).

    Each edit is applied to the lines as billed, not to the survivors of other edits.
    """
    from dermclaim.coding.ncci import NCCI_ASSOCIATED_MODIFIERS

    out: dict[int, str] = {}
    codes = [code for code, _, _ in lines]
    for edit in tables.ptp_pairs_for(codes):
        if edit.modifier_indicator not in ("0", "1"):
            continue
        for i, (code, _, mods) in enumerate(lines):
            if code != edit.column2:
                continue
            if edit.modifier_indicator == "1" and any(m in NCCI_ASSOCIATED_MODIFIERS for m in mods):
                continue
            how = "never bypassed" if edit.modifier_indicator == "0" else "no bypass modifier"
            out.setdefault(
                i,
                f"Medicare denies it: NCCI edit {edit.column1}/{edit.column2} "
                f"(modifier indicator {edit.modifier_indicator}, {how})",
            )
    present = set(codes)
    for i, code in enumerate(codes):
        primaries = tables.add_on_primaries(code)
        if primaries and not primaries & present:
            out.setdefault(i, f"Medicare denies it: add-on {code} without a listed primary code")
    per_day: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        per_day.setdefault(code, []).append(i)
    for code, idxs in per_day.items():
        mue = tables.mue(code)
        if mue is None:
            continue
        if mue.per_line:
            for i in idxs:
                if lines[i][1] > mue.value:
                    out.setdefault(
                        i, f"Medicare denies it: {lines[i][1]} units exceed the MUE of {mue.value}"
                    )
        elif sum(lines[i][1] for i in idxs) > mue.value:
            for i in idxs:
                out.setdefault(
                    i, f"Medicare denies it: units of {code} for the day exceed the MUE of {mue.value}"
                )
    return out


def billed_amounts(ctx: Context, *, edits: bool = True) -> list[float]:
    """For rules: the allowed amount of each billed line (by index), priced together; with
    ``edits=False`` what each line is worth if paid (for 'revenue recovered' amounts)."""
    prices = price_lines(
        [(b.code, b.units, b.modifiers) for b in ctx.billed],
        ctx.tables,
        ctx.enc.place_of_service,
        edits=edits,
    )
    return [p.allowed for p in prices]


def total(prices: Iterable[Priced]) -> float:
    """Sum of allowed amounts, to the cent."""
    cents = sum((Decimal(repr(p.allowed)) for p in prices), Decimal(0))
    return float(cents.quantize(_CENT, rounding=ROUND_HALF_UP))


def basis(tables: TableSet, place_of_service: str, codes: Iterable[str] = ()) -> str:
    """One sentence on how the amounts were computed, with the release and conversion factor."""
    rel = tables.releases().get("rvu")
    factors = [r.conv_factor for r in map(tables.rvu, codes) if r is not None and r.conv_factor]
    cf = f" × conversion factor {factors[0]}" if factors else ""
    setting = "facility" if is_facility(place_of_service) else "non-facility"
    release = f"{rel.title} {rel.release}" if rel else "physician fee schedule"
    return (
        f"Medicare national {setting} amounts (place of service {place_of_service}): {release} "
        f"RVUs{cf}, multiple-procedure reduction applied; no GPCI, deductible or coinsurance"
    )


def price_claim(lines: Sequence[Line], tables: TableSet, place_of_service: str) -> list[Priced]:
    """Price contract lines billed together and set each line's ``allowed`` (in place); a line
    Medicare's edits deny gets 0.00 and the reason appended to its ``because``."""
    prices = price_lines([(ln.code, ln.units, ln.modifiers) for ln in lines], tables, place_of_service)
    for ln, p in zip(lines, prices, strict=True):
        ln.allowed = p.allowed
        if p.denied:
            ln.because = f"{ln.because}; {p.note}" if ln.because else p.note
    return prices


_CODE = re.compile(r"\b(?:[0-9]{4}[0-9A-Z]|[A-Z][0-9]{4})\b")


def annotate(
    lines: Sequence[Line],
    corrected: Sequence[Line] | None,
    findings: Sequence[Finding],
    tables: TableSet,
    place_of_service: str,
) -> Totals | None:
    """Fill the allowed amounts of a result's lines; for scrub (``corrected`` given), fill the
    amount of each safe-fix finding that has none and return the claim's totals.

    A finding's fallback amount is the change in allowed amount, between the billed and the
    corrected lines, of the codes it concerns: the codes of its billed lines and the codes its fix
    names ("Bill 11104 + 11103 × 2" → 11102, 11104, 11103). A fix that changes none of them (a
    diagnosis pointer) gets none, unless one of its billed lines is one Medicare's edits deny:
    then 0.00 is the computed answer (the fix avoids the denial, not a payment). Two findings
    about the same codes share that amount: add up ``totals.difference``, not the findings.
    """
    from dermclaim.model import Totals

    billed = price_claim(lines, tables, place_of_service)
    if corrected is None:
        return None
    fixed = price_claim(corrected, tables, place_of_service)

    def subtotal(which: Sequence[Line], prices: list[Priced], codes: set[str]) -> Decimal:
        return sum(
            (Decimal(repr(p.allowed)) for ln, p in zip(which, prices, strict=True) if ln.code in codes),
            Decimal(0),
        )

    for f in findings:
        if f.amount is not None or f.fix_safety != "safe" or not f.lines:
            continue
        codes = {lines[i].code for i in f.lines if i < len(lines)} | set(_CODE.findall(f.fix))
        delta = subtotal(corrected, fixed, codes) - subtotal(lines, billed, codes)
        # 0.00 is an answer when Medicare's modelled edits already deny a line the fix removes
        # (17000 + 17003 beside 17004): the fix protects nothing in dollars, it avoids a denial
        if delta or any(billed[i].denied for i in f.lines if i < len(billed)):
            f.amount = float(delta.quantize(_CENT, rounding=ROUND_HALF_UP))
    billed_total, fixed_total = total(billed), total(fixed)
    unpriced = [
        ln.code for ln, p in zip([*lines, *corrected], [*billed, *fixed], strict=True) if not p.priced
    ]
    return Totals(
        billed_allowed=billed_total,
        corrected_allowed=fixed_total,
        difference=float((Decimal(repr(fixed_total)) - Decimal(repr(billed_total))).quantize(_CENT)),
        basis=basis(tables, place_of_service, [ln.code for ln in [*lines, *corrected]]),
        unpriced=sorted(set(unpriced)),
    )
