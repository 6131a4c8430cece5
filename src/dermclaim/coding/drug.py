"""Drug lines (HCPCS J/Q codes from the drug table) and their administration codes.

Knowledge (RULES.md §7): units are the dose divided by the code's descriptor amount, rounded up,
at least 1; the documented amount discarded from a single-dose container goes on its own line
with JW (since 2017-01-01), and a single-dose drug line with nothing discarded carries JZ (required
from 2023-07-01) for the payers of ``waste_modifier_payers``; neither applies to multi-dose
containers. The NDC is reported in 11 digits (5-4-2) with a unit qualifier and quantity.
Subcutaneous and intramuscular injections are 96372; an intravenous infusion of more than 15
minutes is 96365 and each further hour 96366 only when it runs more than 30 minutes past the last
full hour (payer option: 96413/96415 for monoclonal antibodies). Intralesional, intradermal and
topical drugs are administered by a separately coded procedure (11900/11901, chemodenervation,
photodynamic therapy). The drug of a photodynamic therapy session (its ``agent``) is coded here
too, so every drug line comes from one place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from dermclaim import drugs
from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.document import (
    Drug,
    Encounter,
    IntralesionalInjection,
    PhotodynamicTherapy,
    _Procedure,
    normalize_dx,
)
from dermclaim.drugs import JW_FROM, JZ_REQUIRED, DrugRow, NdcResult, Resolution
from dermclaim.dx_support import support_table
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet

INJECTION = "96372"
INFUSION = ("96365", "96366")
CHEMO_INFUSION = ("96413", "96415")
ADMIN_CODES = frozenset({INJECTION, *INFUSION, *CHEMO_INFUSION})
INJECTION_ROUTES = frozenset({"subcutaneous", "intramuscular"})
PROCEDURE_ROUTES = frozenset({"intralesional", "intradermal", "topical"})


def owned_codes() -> frozenset[str]:
    """The codes this family owns: every code of the drug table and the administration codes
    (a function, so the drug table is read on first use, not at import)."""
    return drugs.table().codes() | ADMIN_CODES


Status = Literal["coded", "hold"]


@dataclass(frozen=True, slots=True)
class DrugItem:
    """One documented drug (a ``drug`` procedure, or the agent of a photodynamic therapy)."""

    pid: str
    index: int
    source: Literal["drug", "pdt"]
    label: str
    route: str
    resolution: Resolution
    status: Status
    cause: str = ""
    reason: str = ""
    amount: float | None = None
    wasted: float = 0.0
    units: int = 0
    waste_units: int = 0
    container: str | None = None
    waste_policy: bool = False
    """The payer is one of ``waste_modifier_payers``: missing JW/JZ is an error."""
    ndc: NdcResult | None = None
    diagnoses: tuple[str, ...] = ()
    lines: tuple[CodedLine, ...] = ()
    infusion_minutes: float | None = None

    @property
    def row(self) -> DrugRow | None:
        return self.resolution.row

    @property
    def measure_text(self) -> str:
        row = self.row
        return "units" if row is not None and row.measure == "unit" else "mg"

    def dose_text(self) -> str:
        if self.amount is None:
            return "no documented dose"
        return f"{_num(self.amount)} {self.measure_text}"

    def pointer(self, field_name: str) -> str:
        return f"/procedures/{self.index}/{field_name}"


@dataclass(frozen=True, slots=True)
class AdminNote:
    """An administration this version could not code, and why (rule ADM002)."""

    pid: str
    index: int
    cause: str  # infusion_time_missing, not_an_infusion, additional_infusion, chemodenervation,
    # intralesional_undocumented
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class AdminPlan:
    lines: tuple[CodedLine, ...] = ()
    notes: tuple[AdminNote, ...] = ()
    infusion: dict[str, object] = field(default_factory=dict)


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    del sites
    items = document_items(enc, options)
    fates: dict[str, Fate] = {}
    lines: list[CodedLine] = []
    for item in items:
        lines.extend(item.lines)
        if item.source == "drug":
            if item.status == "coded":
                codes = " + ".join(_describe(ln) for ln in item.lines)
                fates[item.pid] = Fate("coded", f"{item.label}: {codes}")
            else:
                fates[item.pid] = Fate("hold", item.reason, item.cause)
    plan = administration(enc, items, tables, options)
    lines.extend(plan.lines)
    return FamilyCoding(
        lines=tuple(lines),
        fates=fates,
        facts={"drug.items": tuple(items), "drug.admin": plan},
    )


# --------------------------------------------------------------------------- drug lines


def document_items(enc: Encounter, options: Options) -> list[DrugItem]:
    """Every documented drug, resolved against the drug table and turned into lines."""
    tab = drugs.table()
    dos = enc.date_of_service
    out: list[DrugItem] = []
    for i, proc in enumerate(enc.procedures):
        if isinstance(proc, Drug):
            res = drugs.resolve(tab, name=proc.drug, hcpcs=proc.hcpcs, route=proc.route, dos=dos)
            label = proc.drug or proc.hcpcs or "drug"
            out.append(_item(enc, options, i, proc, "drug", label, proc.route, res))
        elif isinstance(proc, PhotodynamicTherapy):
            res = drugs.resolve(tab, name=proc.agent, hcpcs=None, route="topical", dos=dos)
            out.append(_item(enc, options, i, proc, "pdt", proc.agent.replace("_", " "), "topical", res))
    return out


def _item(
    enc: Encounter,
    options: Options,
    index: int,
    proc: _Procedure,
    source: Literal["drug", "pdt"],
    label: str,
    route: str,
    res: Resolution,
) -> DrugItem:
    held = DrugItem(
        pid=proc.id,
        index=index,
        source=source,
        label=label,
        route=route,
        resolution=res,
        status="hold",
        infusion_minutes=proc.infusion_minutes if isinstance(proc, Drug) else None,
    )

    row = res.row
    if row is None:
        return replace(held, cause=f"drug_{res.problem}", reason=res.reason)
    amount, wasted, missing = _amounts(proc, row)
    if missing:
        return replace(held, cause="drug_dose_missing", reason=missing)
    assert amount is not None
    container = proc.container if isinstance(proc, Drug) else row.single_container()
    waste_policy = enc.payer.kind in options.waste_modifier_payers
    units = row.units_for(amount)
    total = row.units_for(amount + wasted) if wasted and row.measure != "claim" else units
    waste_units = total - units if container == "single_dose" else 0
    dx = _diagnoses(enc, proc, row.hcpcs, options)
    ndc = drugs.normalize_ndc(proc.ndc) if isinstance(proc, Drug) and proc.ndc else None
    dos = enc.date_of_service
    mods: tuple[str, ...] = ()
    notes: list[str] = [f"{row.hcpcs} is {row.unit_text()} per unit"]
    if row.measure == "claim":
        notes = [
            f"{row.hcpcs} ({row.generic}) is billed as one unit; report {label}, {_num(amount)} "
            f"{'mg' if getattr(proc, 'dose_mg', None) is not None else 'units'} and the NDC in "
            "item 19 / loop 2400 NTE"
        ]
    else:
        notes.append(f"{_num(amount)} {_measure(row)} = {units} unit{'s' if units != 1 else ''}")
    if container == "single_dose" and dos >= JW_FROM:
        if waste_units == 0 and dos >= JZ_REQUIRED and waste_policy:
            mods = ("JZ",)
            notes.append(
                "nothing billable discarded from a single-dose container: JZ (required from 2023-07-01)"
                if not wasted
                else f"the {_num(wasted)} {_measure(row)} discarded fit within the rounded-up "
                "administered units: no JW line, JZ"
            )
    elif container == "multi_dose" and wasted:
        notes.append(f"multi-dose container: the {_num(wasted)} {_measure(row)} left are not billed")
    elif container is None:
        notes.append(
            f"the table does not say whether {row.product} is a single-dose container: "
            "add JW/JZ by hand if it is"
        )
    admin_ndc = _ndc_tuple(ndc, row, amount)
    because = f"{label} {_num(amount)} {_measure(row)} {route}: " + "; ".join(notes)
    lines = [CodedLine(row.hcpcs, units, mods, dx, (proc.id,), because, "drug", admin_ndc)]
    if waste_units:
        lines.append(
            CodedLine(
                row.hcpcs,
                waste_units,
                ("JW",),
                dx,
                (proc.id,),
                f"{_num(wasted)} {_measure(row)} of {label} discarded from a single-dose container "
                f"and documented: its own line with JW ({waste_units} unit"
                f"{'s' if waste_units != 1 else ''}; {_num(amount + wasted)} {_measure(row)} in all "
                f"= {units + waste_units} units)",
                "drug",
                _ndc_tuple(ndc, row, wasted),
            )
        )
    return replace(
        held,
        status="coded",
        amount=amount,
        wasted=wasted,
        units=units,
        waste_units=waste_units,
        container=container,
        waste_policy=waste_policy,
        ndc=ndc,
        diagnoses=dx,
        lines=tuple(lines),
    )


def _amounts(proc: _Procedure, row: DrugRow) -> tuple[float | None, float, str]:
    if isinstance(proc, PhotodynamicTherapy):
        if proc.dose_mg is None:
            return (
                None,
                0.0,
                (
                    f"the amount of {row.generic} applied ({row.hcpcs}, {row.unit_text()} per unit) is "
                    "not documented: document dose_mg"
                ),
            )
        return proc.dose_mg, 0.0, ""
    assert isinstance(proc, Drug)
    if row.measure == "unit":
        if proc.dose_units is None:
            return (
                None,
                0.0,
                (f"{row.generic} ({row.hcpcs}) is dosed in labelled units, not mg: document dose_units"),
            )
        return proc.dose_units, proc.wasted_units, ""
    if row.measure == "claim":
        amount = proc.dose_mg if proc.dose_mg is not None else proc.dose_units
        return amount, proc.wasted_mg or proc.wasted_units, ""
    if proc.dose_mg is None:
        return None, 0.0, f"{row.generic} ({row.hcpcs}) is billed per {row.unit_text()}: document dose_mg"
    return proc.dose_mg, proc.wasted_mg, ""


def _diagnoses(enc: Encounter, proc: _Procedure, code: str, options: Options) -> tuple[str, ...]:
    if proc.diagnosis:
        return (normalize_dx(proc.diagnosis),)
    documented = [normalize_dx(d) for d in enc.diagnoses]
    return support_table(options.dx_support_file).choose(code, documented)


def _ndc_tuple(ndc: NdcResult | None, row: DrugRow, amount: float) -> tuple[str, str, float] | None:
    if ndc is None or ndc.digits is None:
        return None
    unit = "UN" if row.measure == "unit" else "ME"
    return (ndc.digits, unit, round(float(amount), 3))


def _measure(row: DrugRow) -> str:
    return "units" if row.measure == "unit" else "mg"


def _num(x: float) -> str:
    return f"{x:g}"


def _describe(ln: CodedLine) -> str:
    mods = "-".join(ln.modifiers)
    return f"{ln.code}{'-' + mods if mods else ''} × {ln.units}"


# --------------------------------------------------------------------------- administration


def infusion_additional_hours(minutes: float) -> int:
    """Units of the add-on hour code (96366/96415) for an infusion of ``minutes``: one for each
    hour after the first in which the infusion runs more than 30 minutes (RULES 7.5.2)."""
    return 0 if minutes <= 90 else math.ceil((minutes - 90) / 60)


def administration(
    enc: Encounter, items: Sequence[DrugItem], tables: TableSet, options: Options
) -> AdminPlan:
    """The administration lines for the documented drugs, and what could not be coded."""
    injections: list[DrugItem] = []
    infusions: list[DrugItem] = []
    notes: list[AdminNote] = []
    has_intralesional = any(isinstance(p, IntralesionalInjection) for p in enc.procedures)
    for item in items:
        if item.source != "drug" or item.cause == "drug_route":
            continue  # a route no code of the drug describes: the documentation needs a person first
        row = item.row
        if row is not None and row.admin == "procedure" and item.route not in PROCEDURE_ROUTES:
            notes.append(_chemodenervation(item))
        elif item.route in INJECTION_ROUTES:
            injections.append(item)
        elif item.route == "intravenous":
            infusions.append(item)
        elif row is not None and row.hcpcs == "J0585":
            notes.append(_chemodenervation(item))
        elif item.route == "intralesional" and not has_intralesional:
            notes.append(
                AdminNote(
                    item.pid,
                    item.index,
                    "intralesional_undocumented",
                    f"{item.label} was injected intralesionally ({item.pid}) but no "
                    "intralesional_injection procedure documents the lesions injected",
                    f"Document the intralesional injection of {item.pid} (lesion count) so 11900 "
                    "(up to 7 lesions) or 11901 (more than 7) is coded",
                )
            )
    lines: list[CodedLine] = []
    infusion_info: dict[str, object] = {}
    first: DrugItem | None = None
    for item in infusions:
        minutes = item.infusion_minutes
        if first is not None:
            notes.append(
                AdminNote(
                    item.pid,
                    item.index,
                    "additional_infusion",
                    f"a second intravenous drug ({item.label}, {item.pid}) after {first.label}: "
                    "sequential or concurrent infusion codes (96367/96368) are not coded by this version",
                    f"Code the administration of {item.pid} by hand (96367 sequential or 96368 concurrent)",
                )
            )
            continue
        if minutes is None:
            notes.append(
                AdminNote(
                    item.pid,
                    item.index,
                    "infusion_time_missing",
                    f"intravenous {item.label} ({item.pid}) has no documented infusion time: "
                    "96365 needs more than 15 minutes, each 96366 more than 30 minutes past the hour",
                    f"Document the start and stop times of the infusion of {item.pid} (infusion_minutes)",
                )
            )
            first = item
            continue
        first = item
        if minutes <= 15:
            notes.append(
                AdminNote(
                    item.pid,
                    item.index,
                    "not_an_infusion",
                    f"intravenous {item.label} ({item.pid}) ran {_num(minutes)} minutes: an infusion "
                    "code needs more than 15 minutes",
                    f"Code the administration of {item.pid} as an IV push (96374) by hand, or "
                    "correct the documented time",
                )
            )
            continue
        chemo = options.monoclonal_admin_codes == "96413" and item.row is not None and item.row.monoclonal
        initial, add_on = CHEMO_INFUSION if chemo else INFUSION
        extra = infusion_additional_hours(minutes)
        why = (
            f"IV infusion of {item.label} for {_num(minutes)} minutes: {initial} for the first hour "
            "(more than 15 minutes)"
        )
        if chemo:
            why += " (payer setting monoclonal_admin_codes = 96413 for monoclonal antibodies)"
        dx = item.diagnoses or _first_dx(enc)
        lines.append(CodedLine(initial, 1, (), dx, (item.pid,), why, "drug"))
        if extra:
            lines.append(
                CodedLine(
                    add_on,
                    extra,
                    (),
                    dx,
                    (item.pid,),
                    f"{_num(minutes)} minutes = the first hour + {_num(minutes - 60)} minutes: "
                    f"{add_on} × {extra}, one per further hour run more than 30 minutes",
                    "drug",
                )
            )
        elif minutes > 60:
            lines[-1] = _append_because(
                lines[-1],
                f"; the {_num(minutes - 60)} minutes after the first hour do not exceed 30, so no {add_on}",
            )
        infusion_info = {"pid": item.pid, "minutes": minutes, "codes": (initial, add_on), "extra": extra}
    if injections:
        n = len(injections)
        dx = _merge_dx(injections) or _first_dx(enc)
        what = ", ".join(f"{it.label} {it.route}" for it in injections)
        because = f"{n} subcutaneous/intramuscular injection{'s' if n > 1 else ''} ({what}): {INJECTION}"
        mods: tuple[str, ...] = ()
        column1 = _column1_over(INJECTION, [ln.code for ln in lines] + _light_codes(enc), tables)
        if column1:
            mods = ("59" if options.distinct_modifier == "59" else "XU",)
            because += (
                f"; modifier {mods[0]}: NCCI pairs {INJECTION} with {', '.join(column1)}, and the "
                "injection of a separate drug is a distinct service"
            )
        lines.insert(
            0, CodedLine(INJECTION, n, mods, dx, tuple(it.pid for it in injections), because, "drug")
        )
    if lines and infusions:
        light = _light_codes(enc)
        for i, ln in enumerate(lines):
            if ln.code in (INFUSION[0], CHEMO_INFUSION[0]):
                over = _column1_over(ln.code, light, tables)
                if over:
                    mod = "59" if options.distinct_modifier == "59" else "XU"
                    lines[i] = _append_because(
                        replace(ln, modifiers=(*ln.modifiers, mod)),
                        f"; modifier {mod}: NCCI pairs {ln.code} with {', '.join(over)}, a distinct service",
                    )
    return AdminPlan(tuple(lines), tuple(notes), infusion_info)


def _chemodenervation(item: DrugItem) -> AdminNote:
    return AdminNote(
        item.pid,
        item.index,
        "chemodenervation",
        f"{item.label} ({item.pid}) is administered by chemodenervation (64650 both axillae, "
        "64653 other eccrine areas, 64615 migraine), which this version does not code",
        f"Code the chemodenervation procedure of {item.pid} by hand; do not bill 96372 for it",
    )


def _column1_over(column2: str, codes: Sequence[str], tables: TableSet) -> list[str]:
    """Codes among ``codes`` that NCCI pairs over ``column2`` with modifier indicator 1."""
    out = []
    for c in dict.fromkeys(codes):
        edit = tables.ptp(c, column2)
        if edit is not None and edit.modifier_indicator == "1":
            out.append(c)
    return out


def _light_codes(enc: Encounter) -> list[str]:
    from dermclaim.coding.light import planned_codes

    return planned_codes(enc)


def _append_because(ln: CodedLine, more: str) -> CodedLine:
    return replace(ln, because=ln.because + more)


def _merge_dx(items: Sequence[DrugItem]) -> tuple[str, ...]:
    out: list[str] = []
    for it in items:
        for d in it.diagnoses:
            if d not in out:
                out.append(d)
    return tuple(out[:4])


def _first_dx(enc: Encounter) -> tuple[str, ...]:
    return (normalize_dx(enc.diagnoses[0]),) if enc.diagnoses else ()
