"""Procedure–diagnosis support (RULES.md §9.2): which ICD-10-CM families support each procedure
family, as a payer-configurable table.

The packaged table (``data/dx_support/dx_support.json``) holds the procedure families; the drug
families ("drug:J3357", …) come from the drug table's ``supports`` and ``mismatch`` columns, so a
drug's indications are written once. A payer file (setting ``dx_support_file``) of the same shape
replaces families by name or adds new ones — the place for a MAC's LCA ICD-10 lists. Each table
is read once per process; lookups are pure.

A line is *supported* when one of its diagnoses matches the family's ``supports`` prefixes; else
a diagnosis matching ``mismatch`` makes it a known *mismatch* (J3358 with L40.x); anything else
is *unsupported*. Codes no family lists are *unchecked*.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from dermclaim.errors import ConfigError, DermClaimError

__all__ = ["SupportFamily", "SupportTable", "Verdict", "load_override", "support_table"]

Status = Literal["supported", "unsupported", "mismatch", "unchecked"]
_CONFIDENCE = ("high", "medium", "low")


def _key(code: str) -> str:
    return "".join(code.split()).upper().replace(".", "")


@dataclass(frozen=True, slots=True)
class SupportFamily:
    name: str
    label: str
    codes: frozenset[str]
    supports: tuple[str, ...]
    mismatch: tuple[str, ...]
    confidence: str
    source: str
    origin: str  # "package", "drug table" or the payer file's path
    mismatch_note: str = ""
    """Why a mismatch diagnosis is wrong for the family (shown in the finding)."""

    def supported_by(self, dx: str) -> bool:
        k = _key(dx)
        return any(k.startswith(_key(p)) for p in self.supports)

    def mismatched_by(self, dx: str) -> bool:
        k = _key(dx)
        return any(k.startswith(_key(p)) for p in self.mismatch)

    def describe_supports(self, limit: int = 8) -> str:
        shown = list(self.supports[:limit])
        more = f" and {len(self.supports) - limit} more" if len(self.supports) > limit else ""
        return ", ".join(f"{p}{'' if '.' in p or len(p) < 3 else '.x'}" for p in shown) + more


@dataclass(frozen=True, slots=True)
class Verdict:
    family: SupportFamily | None
    status: Status
    supporting: tuple[str, ...] = ()
    mismatched: tuple[str, ...] = ()


class SupportTable:
    """Procedure families by code, after the payer's overrides."""

    def __init__(self, families: Sequence[SupportFamily], origin: str) -> None:
        self.families = tuple(families)
        self.origin = origin
        self._by_code: dict[str, SupportFamily] = {}
        for fam in self.families:
            for code in fam.codes:
                self._by_code[code] = fam

    def family_for(self, code: str) -> SupportFamily | None:
        return self._by_code.get(code.strip().upper())

    def verdict(self, code: str, diagnoses: Iterable[str]) -> Verdict:
        fam = self.family_for(code)
        dx = list(diagnoses)
        if fam is None or not fam.supports or not dx:
            return Verdict(fam, "unchecked")
        good = tuple(d for d in dx if fam.supported_by(d))
        if good:
            return Verdict(fam, "supported", supporting=good)
        bad = tuple(d for d in dx if fam.mismatched_by(d))
        return Verdict(fam, "mismatch" if bad else "unsupported", mismatched=bad)

    def choose(self, code: str, documented: Sequence[str], limit: int = 4) -> tuple[str, ...]:
        """The documented diagnoses a line of ``code`` points at: those that support it, in
        documented order; when none does, the first documented diagnosis (a rule says so)."""
        fam = self.family_for(code)
        if not documented:
            return ()
        if fam is None or not fam.supports:
            return tuple(documented[:1])
        good = [d for d in documented if fam.supported_by(d)]
        return tuple(good[:limit]) if good else tuple(documented[:1])


# --------------------------------------------------------------------------- loading

_lock = threading.Lock()
_base: tuple[SupportFamily, ...] | None = None
_tables: dict[str | None, SupportTable] = {}


def support_table(override: str | None = None) -> SupportTable:
    """The support table with the payer file ``override`` applied (cached per path)."""
    found = _tables.get(override)
    if found is not None:
        return found
    with _lock:
        found = _tables.get(override)
        if found is None:
            found = _build(override)
            _tables[override] = found
    return found


def load_override(path: str | Path) -> None:
    """Read and check a payer's dx-support file now (settings loading calls this so a bad file
    is a ConfigError at start-up, not mid-batch)."""
    support_table(str(path))


def _build(override: str | None) -> SupportTable:
    families = {f.name: f for f in _base_families()}
    origin = "dermclaim dx-support table"
    if override is not None:
        for fam in _read_override(override):
            families[fam.name] = fam
        origin += f" with payer file {override}"
    return SupportTable(list(families.values()), origin)


def _base_families() -> tuple[SupportFamily, ...]:
    global _base
    if _base is None:
        path = files("dermclaim").joinpath("data", "dx_support", "dx_support.json")
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DermClaimError(f"{path}: cannot read the dx-support table ({exc})") from None
        fams = [_family(f, "package", str(path)) for f in _families_of(doc, str(path))]
        fams.extend(_drug_families())
        _base = tuple(fams)
    return _base


def _drug_families() -> list[SupportFamily]:
    from dermclaim.drugs import table

    out: dict[str, SupportFamily] = {}
    for row in table().rows:
        if not row.supports and not row.mismatch:
            continue
        out.setdefault(
            f"drug:{row.hcpcs}",
            SupportFamily(
                name=f"drug:{row.hcpcs}",
                label=row.generic,
                codes=frozenset({row.hcpcs}),
                supports=row.supports,
                mismatch=row.mismatch,
                confidence="high" if row.mismatch else "medium",
                source=f"labelled indications per the drug table ({row.sources})",
                origin="drug table",
                mismatch_note=row.mismatch_note,
            ),
        )
    return list(out.values())


def _read_override(path: str) -> list[SupportFamily]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read the dx-support file: {exc}") from None
    return [_family(f, path, path, config=True) for f in _families_of(doc, path, config=True)]


def _families_of(doc: Any, where: str, config: bool = False) -> list[Any]:
    err = ConfigError if config else DermClaimError
    if not isinstance(doc, dict) or not isinstance(doc.get("families"), list):
        raise err(f"{where}: expected an object with a 'families' list")
    fams: list[Any] = doc["families"]
    return fams


def _family(raw: Any, origin: str, where: str, config: bool = False) -> SupportFamily:
    err = ConfigError if config else DermClaimError
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise err(f"{where}: every family needs a 'name'")
    name = raw["name"]
    lists = {}
    for key in ("codes", "supports", "mismatch"):
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise err(f"{where}: family {name!r}: {key!r} must be a list of codes")
        lists[key] = tuple(v.strip().upper() for v in value)
    codes = lists["codes"]
    if not codes and name.startswith("drug:"):
        codes = (name.split(":", 1)[1].upper(),)
    if not codes:
        raise err(f"{where}: family {name!r} lists no procedure codes")
    confidence = raw.get("confidence", "medium")
    if confidence not in _CONFIDENCE:
        raise err(f"{where}: family {name!r}: confidence must be high, medium or low")
    return SupportFamily(
        name=name,
        label=str(raw.get("label", name)),
        codes=frozenset(codes),
        supports=lists["supports"],
        mismatch=lists["mismatch"],
        confidence=confidence,
        source=str(raw.get("source", origin)),
        origin=origin,
        mismatch_note=str(raw.get("mismatch_note", "")),
    )
