"""The drug table (``data/drugs/``): HCPCS drug codes, billing units, routes, containers, Part B
self-administration status and labelled indications, with the dates each row is in force.

The table is curated by hand from the sources its manifest names (RULES.md §7, tags S42–S52) and
read lazily, once per process. Lookups are pure: :func:`resolve` turns what a note documents
(generic or brand name, optional HCPCS code, route, date of service) into the row to bill, or
into the reason it cannot be coded. Billing arithmetic (units, waste, NDC) lives here too so the
coder and the rules share one definition.

    >>> row = table().row("J2357", date(2026, 5, 12))
    >>> row.units_for(300)
    60
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import threading
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.resources import files

from dermclaim.errors import DermClaimError

__all__ = [
    "NOC_CODES",
    "DrugRow",
    "DrugTable",
    "DrugTableError",
    "NdcResult",
    "Resolution",
    "normalize_ndc",
    "resolve",
    "table",
]

NOC_CODES = frozenset({"J3490", "J3590"})
"""Unclassified drugs (J3490) and unclassified biologics (J3590): one unit per line, the drug's
name, dose and NDC in item 19 / loop 2400 NTE."""

JW_FROM = date(2017, 1, 1)
"""JW (amount discarded) required on the discarded amount's line from this date (S43)."""
JZ_AVAILABLE = date(2023, 1, 1)
"""JZ (zero amount discarded) available, optional, from this date (S43)."""
JZ_REQUIRED = date(2023, 7, 1)
"""JZ required on single-dose-container drug lines without waste from this date (S43)."""

_COLUMNS = (
    "hcpcs",
    "generic",
    "product",
    "names",
    "amount",
    "measure",
    "routes",
    "containers",
    "admin",
    "biologic",
    "monoclonal",
    "biosimilar_of",
    "self_administered",
    "supports",
    "mismatch",
    "effective_from",
    "effective_to",
    "dates_basis",
    "sources",
    "mismatch_note",
)


class DrugTableError(DermClaimError):
    """The drug table or its manifest is missing or malformed; the message names the file."""


@dataclass(frozen=True, slots=True)
class DrugRow:
    """One HCPCS drug code as the table describes it."""

    hcpcs: str
    generic: str
    product: str
    names: tuple[str, ...]
    amount: Decimal
    measure: str  # "mg", "unit" (labelled toxin units) or "claim" (unclassified: 1 per line)
    routes: frozenset[str]
    containers: tuple[str, ...]
    admin: str  # "route" or "procedure"
    biologic: bool
    monoclonal: bool
    biosimilar_of: str | None
    self_administered: str | None  # "sad_list", "supervised_only" or None
    supports: tuple[str, ...]
    mismatch: tuple[str, ...]
    effective_from: date
    effective_to: date | None
    dates_basis: str
    sources: str
    mismatch_note: str = ""

    @property
    def unclassified(self) -> bool:
        return self.hcpcs in NOC_CODES

    def in_force(self, dos: date) -> bool:
        return self.effective_from <= dos and (self.effective_to is None or dos <= self.effective_to)

    def unit_text(self) -> str:
        """'1 mg', '10 mg', '1 unit' or 'one line' (unclassified)."""
        if self.measure == "claim":
            return "one unit per line"
        amount = format(self.amount.normalize(), "f")
        return f"{amount} {self.measure}"

    def units_for(self, amount: float) -> int:
        """Billing units for ``amount`` (mg or toxin units): amount / descriptor amount, rounded
        up, at least 1 (Medicare Claims Processing Manual ch. 17 §10; RULES 7.2.1)."""
        if self.measure == "claim":
            return 1
        exact = Decimal(repr(float(amount))) / self.amount
        return max(1, math.ceil(exact))

    def single_container(self) -> str | None:
        """The container kind when the product comes in only one kind, else None."""
        return self.containers[0] if len(self.containers) == 1 else None


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a documented drug resolves to: the row to bill, or why there is none."""

    row: DrugRow | None
    problem: str = ""  # "", "unknown_drug", "unknown_code", "not_in_force", "route"
    reason: str = ""
    documented_code: str | None = None
    conflict: str = ""
    """Why the billed code differs from the documented ``hcpcs`` (route, biosimilar, NOC)."""
    candidates: tuple[str, ...] = ()
    """When there is no row: the table's codes of the documented drug (any date or route), so a
    billed line of one of them is known to stand for the held drug, not for an undocumented one."""


@dataclass(frozen=True, slots=True)
class NdcResult:
    """An NDC as written, and its 11-digit 5-4-2 form (``digits``) or why it has none."""

    written: str
    digits: str | None
    form: str  # "5-4-2", "4-4-2", "5-3-2", "5-4-1", "11 digits" or "" when unusable
    problem: str = ""

    @property
    def hyphenated(self) -> str:
        d = self.digits or ""
        return f"{d[:5]}-{d[5:9]}-{d[9:]}" if d else self.written

    @property
    def normalized_from_short_form(self) -> bool:
        return self.digits is not None and self.form not in ("5-4-2", "11 digits")


class DrugTable:
    """The rows of the drug table and the manifest that describes them."""

    def __init__(self, rows: tuple[DrugRow, ...], manifest: dict[str, object]) -> None:
        self.rows = rows
        self.manifest = manifest
        self._by_code: dict[str, list[DrugRow]] = {}
        self._by_name: dict[str, list[DrugRow]] = {}
        for r in rows:
            self._by_code.setdefault(r.hcpcs, []).append(r)
            for name in r.names:
                self._by_name.setdefault(name, []).append(r)

    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def row(self, code: str, dos: date) -> DrugRow | None:
        """The row of ``code`` in force on ``dos``."""
        for r in self._by_code.get(code.strip().upper(), ()):
            if r.in_force(dos):
                return r
        return None

    def any_row(self, code: str) -> DrugRow | None:
        """A row of ``code`` whatever its dates (for messages about codes not in force)."""
        rows = self._by_code.get(code.strip().upper())
        return rows[0] if rows else None

    def named(self, name: str) -> list[DrugRow]:
        """Rows whose names include ``name`` (exact, after normalising; then the name without
        its strength or form: 'Kenalog-40 40 mg/mL' -> 'kenalog-40'). Never a partial word:
        'infliximab-dyyb' or 'infliximab biosimilar' is not infliximab."""
        for key in _name_keys(name):
            found = self._by_name.get(key)
            if found:
                return list(found)
        return []

    def siblings(self, row: DrugRow) -> list[DrugRow]:
        """Rows of the same generic drug (other routes)."""
        return [r for r in self.rows if r.generic == row.generic and r is not row]

    def citation(self) -> str:
        m = self.manifest
        return (
            f"dermclaim drug table {m.get('release')} (rows in force from their effective_from; "
            f"curated from RULES.md §7 sources S42–S52 and the CMS MUE files)"
        )


def _name_keys(name: str) -> list[str]:
    n = " ".join(name.strip().lower().replace("®", "").replace("™", "").split())
    keys = [n]
    short = re.split(r"\s+\d|\s*\(|,", n, maxsplit=1)[0].strip()
    if short and short != n:
        keys.append(short)
    return keys


def resolve(tab: DrugTable, *, name: str | None, hcpcs: str | None, route: str, dos: date) -> Resolution:
    """The row a documented drug is billed with.

    The documented drug (name and route) decides; a documented HCPCS code that disagrees is
    reported as a conflict, never silently kept. Without a known name, the documented code is
    used when the table has it.
    """
    code = hcpcs.strip().upper() if hcpcs else None
    candidates = tab.named(name) if name else []
    if candidates:
        current = [r for r in candidates if r.in_force(dos)]
        codes_of_name = tuple(dict.fromkeys(r.hcpcs for r in candidates))
        if not current:
            first = min(candidates, key=lambda r: r.effective_from)
            return Resolution(
                None,
                "not_in_force",
                f"the drug table has {name} ({first.hcpcs}) only from {first.effective_from}; "
                f"code the {dos} dose by hand",
                code,
                candidates=codes_of_name,
            )
        by_route = [r for r in current if route in r.routes]
        later = [r for r in candidates if route in r.routes and r not in current]
        if not by_route and later:
            return Resolution(
                None,
                "not_in_force",
                f"the drug table has {name} given {route} ({later[0].hcpcs}) only from "
                f"{later[0].effective_from}; code the {dos} dose by hand",
                code,
                candidates=codes_of_name,
            )
        if not by_route:
            codes = ", ".join(f"{r.hcpcs} ({'/'.join(sorted(r.routes))})" for r in current)
            return Resolution(
                None,
                "route",
                f"no HCPCS code of the table describes {name} given {route}: {codes}",
                code,
                candidates=codes_of_name,
            )
        row = by_route[0]
        conflict = ""
        if code and code != row.hcpcs:
            conflict = _conflict(tab, code, row, route, name or row.generic, dos)
        return Resolution(row, documented_code=code, conflict=conflict)
    if name and not code:
        return Resolution(
            None,
            "unknown_drug",
            f"{name!r} is not in the drug table; document its HCPCS code (J3490 unclassified "
            "drug, J3590 unclassified biologic, or its own code)",
        )
    if code is None:  # neither (the document loader refuses this)
        return Resolution(None, "unknown_drug", "the drug is named neither by name nor by HCPCS code")
    found = tab.row(code, dos)
    if found is None:
        known = tab.any_row(code)
        if known is None:
            return Resolution(
                None,
                "unknown_code",
                f"{code} is not in the drug table (billing unit unknown); code it by hand",
                code,
            )
        return Resolution(
            None,
            "not_in_force",
            f"the drug table has {code} only from {known.effective_from}; code the {dos} dose by hand",
            code,
        )
    if route in found.routes:
        return Resolution(found, documented_code=code)
    for other in tab.siblings(found):
        if other.in_force(dos) and route in other.routes:
            return Resolution(
                other,
                documented_code=code,
                conflict=f"{code} describes {found.generic} given {'/'.join(sorted(found.routes))}; "
                f"the note documents {route} administration, which is {other.hcpcs}",
            )
    return Resolution(
        None,
        "route",
        f"{code} ({found.generic}) describes {'/'.join(sorted(found.routes))} administration, not {route}",
        code,
    )


def _conflict(tab: DrugTable, code: str, row: DrugRow, route: str, name: str, dos: date) -> str:
    documented = tab.row(code, dos) or tab.any_row(code)
    if documented is None:
        return f"{code} is not a code of {name}; {name} given {route} is {row.hcpcs}"
    if documented.unclassified:
        return (
            f"{code} is for drugs without their own code, but {name} has {row.hcpcs} "
            f"({row.unit_text()} per unit)"
        )
    if row.biosimilar_of == documented.hcpcs:
        return (
            f"{documented.hcpcs} is the reference product {documented.generic} and excludes "
            f"biosimilars; {row.generic} ({row.product}) has its own code {row.hcpcs}"
        )
    if documented.generic == row.generic:
        return (
            f"{documented.hcpcs} describes {row.generic} given "
            f"{'/'.join(sorted(documented.routes))}; the note documents {route} administration, "
            f"which is {row.hcpcs}"
        )
    return f"{code} is {documented.generic}, but the note documents {name} ({row.hcpcs})"


# --------------------------------------------------------------------------- NDC


def normalize_ndc(text: str) -> NdcResult:
    """An NDC in 11 digits (5-4-2), padding the short segment of the 10-digit 4-4-2, 5-3-2 and
    5-4-1 forms with a leading zero (RULES 7.4.1). Ten digits without hyphens are ambiguous."""
    raw = text.strip()
    parts = [p for p in re.split(r"[-\s]+", raw) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return NdcResult(raw, None, "", "an NDC has only digits and hyphens")
    if len(parts) == 1:
        digits = parts[0]
        if len(digits) == 11:
            return NdcResult(raw, digits, "11 digits")
        if len(digits) == 10:
            return NdcResult(
                raw,
                None,
                "",
                "ten digits without hyphens cannot be padded safely (4-4-2, 5-3-2 or 5-4-1?)",
            )
        return NdcResult(raw, None, "", f"{len(digits)} digits; an NDC has 10 or 11")
    if len(parts) != 3:
        return NdcResult(raw, None, "", "an NDC has three segments (labeler-product-package)")
    shape = "-".join(str(len(p)) for p in parts)
    a, b, c = parts
    if shape == "5-4-2":
        return NdcResult(raw, a + b + c, shape)
    if shape == "4-4-2":
        return NdcResult(raw, "0" + a + b + c, shape)
    if shape == "5-3-2":
        return NdcResult(raw, a + "0" + b + c, shape)
    if shape == "5-4-1":
        return NdcResult(raw, a + b + "0" + c, shape)
    return NdcResult(raw, None, "", f"segments {shape}; an NDC is 5-4-2, 4-4-2, 5-3-2 or 5-4-1")


# --------------------------------------------------------------------------- loading

_lock = threading.Lock()
_table: DrugTable | None = None


def table() -> DrugTable:
    """The drug table (read and checked on first use, then cached for the process)."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                _table = _load()
    return _table


def _load() -> DrugTable:
    folder = files("dermclaim").joinpath("data", "drugs")
    where = str(folder)
    try:
        manifest = json.loads(folder.joinpath("manifest.json").read_text(encoding="utf-8"))
        text = folder.joinpath("drugs.csv").read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise DrugTableError(f"{where}: cannot read the drug table ({exc})") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or tuple(rows[0]) != _COLUMNS:
        raise DrugTableError(f"{where}/drugs.csv: header must be {','.join(_COLUMNS)}")
    body = rows[1:]
    if not isinstance(manifest, dict) or manifest.get("rows") != len(body):
        raise DrugTableError(f"{where}/drugs.csv: {len(body)} rows, manifest says {manifest.get('rows')}")
    out = []
    for line, row in enumerate(body, start=2):
        if len(row) != len(_COLUMNS):
            raise DrugTableError(f"{where}/drugs.csv:{line}: expected {len(_COLUMNS)} fields")
        out.append(_parse(dict(zip(_COLUMNS, row, strict=True)), f"{where}/drugs.csv:{line}"))
    return DrugTable(tuple(out), manifest)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _parse(f: dict[str, str], where: str) -> DrugRow:
    try:
        amount = Decimal(f["amount"])
        start = date.fromisoformat(f["effective_from"])
        end = date.fromisoformat(f["effective_to"]) if f["effective_to"] else None
    except (ValueError, ArithmeticError):
        raise DrugTableError(f"{where}: bad amount or date") from None
    if amount <= 0 or f["measure"] not in ("mg", "unit", "claim") or f["admin"] not in ("route", "procedure"):
        raise DrugTableError(f"{where}: bad amount, measure or admin")
    containers = _split(f["containers"])
    if not containers or set(containers) - {"single_dose", "multi_dose"}:
        raise DrugTableError(f"{where}: containers must be single_dose and/or multi_dose")
    return DrugRow(
        hcpcs=f["hcpcs"],
        generic=f["generic"],
        product=f["product"],
        names=tuple(n.lower() for n in _split(f["names"])),
        amount=amount,
        measure=f["measure"],
        routes=frozenset(_split(f["routes"])),
        containers=containers,
        admin=f["admin"],
        biologic=f["biologic"] == "yes",
        monoclonal=f["monoclonal"] == "yes",
        biosimilar_of=f["biosimilar_of"] or None,
        self_administered=f["self_administered"] or None,
        supports=_split(f["supports"]),
        mismatch=_split(f["mismatch"]),
        effective_from=start,
        effective_to=end,
        dates_basis=f["dates_basis"],
        sources=f["sources"],
        mismatch_note=f["mismatch_note"],
    )
