"""The CMS code tables in force for a date of service, loaded lazily from the package data.

The data live in ``dermclaim/data/<kind>/<release>/`` (one table file and a ``manifest.json``
per release), written by ``scripts/build_tables.py``. Releases are discovered by listing those
folders, so adding a release needs no code change. Nothing is read at import; each release file
is read, checked against its manifest's SHA-256 and parsed at most once per process, on the
first lookup that needs it. Lookups after that are dictionary look-ups (about a microsecond).

    >>> ts = tables_for(date(2026, 5, 1))
    >>> ts.mue("17003").value
    13

Release choice, per table kind: the newest release whose ``effective_from`` is on or before the
date of service; if the date is before every release, the earliest. A release used for a date it
does not cover is reported by :meth:`TableSet.stale`, never an error.

Deletion dates in the NCCI files are the last day an edit is in force (CMS deletes at quarter
ends: 2019-12-31, 2006-03-31 …); an edit whose deletion date equals its effective date was
withdrawn and never in force.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TypeVar

from dermclaim.errors import DermClaimError

__all__ = [
    "KINDS",
    "AocEdit",
    "Icd10",
    "Mue",
    "PtpEdit",
    "Release",
    "Rvu",
    "TableError",
    "TableSet",
    "all_releases",
    "normalize_icd10",
    "tables_for",
]


class TableError(DermClaimError):
    """A table file or manifest is missing or malformed; the message names the file."""


#: Table kinds, in report order; each is a folder under ``dermclaim/data``.
KINDS: tuple[str, ...] = ("ncci_ptp", "mue", "aoc", "rvu", "icd10cm")

_FILES: dict[str, str] = {
    "ncci_ptp": "ptp.csv",
    "mue": "mue.csv",
    "aoc": "aoc.csv",
    "rvu": "rvu.csv",
    "icd10cm": "icd10cm.tsv.gz",
}
_HEADERS: dict[str, tuple[str, ...]] = {
    "ncci_ptp": ("column1", "column2", "deletion_date", "modifier_indicator", "rationale"),
    "mue": ("code", "value", "mai", "rationale"),
    "aoc": ("add_on", "primary", "edit_type", "effective", "deleted"),
    "rvu": (
        "code",
        "modifier",
        "status",
        "work_rvu",
        "nonfac_pe_rvu",
        "fac_pe_rvu",
        "mp_rvu",
        "nonfac_total",
        "fac_total",
        "glob_days",
        "mult_proc",
        "conv_factor",
    ),
}
#: Placeholder primary of AOC edit types 2/3: "primaries defined by the contractor".
_CONTRACTOR_PRIMARY = "CCCCC"
_CENT = Decimal("0.01")


# --------------------------------------------------------------------------- public records


@dataclass(frozen=True, slots=True)
class Release:
    """One release of one table, as described by its manifest."""

    table: str
    release: str
    title: str
    source: str
    effective_from: date
    effective_to: date | None

    def covers(self, dos: date) -> bool:
        """True when ``dos`` lies inside the release's effective range."""
        return self.effective_from <= dos and (self.effective_to is None or dos <= self.effective_to)

    def citation(self) -> str:
        """E.g. ``CMS NCCI …, 2024Q3 (in force 2024-07-01 to 2024-09-30)``."""
        return _citation(self)


@cache
def _citation(release: Release) -> str:
    start = release.effective_from.isoformat()
    if release.effective_to is None:
        return f"{release.title}, {release.release} (in force from {start})"
    return f"{release.title}, {release.release} (in force {start} to {release.effective_to.isoformat()})"


@dataclass(frozen=True, slots=True)
class PtpEdit:
    """An NCCI procedure-to-procedure edit: ``column2`` is not paid with ``column1``."""

    column1: str
    column2: str
    modifier_indicator: str  # "0" never bypassed, "1" bypassed by a modifier, "9" not applicable
    rationale: str
    deleted: date | None  # last day in force; None while in force
    release: Release


@dataclass(frozen=True, slots=True)
class Mue:
    """A medically unlikely edit: at most ``value`` units of ``code``."""

    code: str
    value: int
    mai: int  # 1 per line, 2 per date of service (policy), 3 per date of service (clinical)
    rationale: str
    release: Release

    @property
    def per_line(self) -> bool:
        """MAI 1: the limit applies to each claim line, not to the day."""
        return self.mai == 1


@dataclass(frozen=True, slots=True)
class AocEdit:
    """An add-on code edit: ``add_on`` is paid only with ``primary`` (edit type 1)."""

    add_on: str
    primary: str  # "CCCCC" = primaries defined by the contractor (types 2 and 3)
    edit_type: str  # "1" listed primaries only, "2" contractor decides, "3" listed and others
    effective: date
    deleted: date | None  # last day in force
    release: Release


@dataclass(frozen=True, slots=True)
class Rvu:
    """A Medicare physician fee schedule (PPRRVU) row for ``code`` + ``modifier``."""

    code: str
    modifier: str
    status: str
    work: float
    nonfac_pe: float
    fac_pe: float
    mp: float
    nonfac_total: float
    fac_total: float
    glob_days: str
    mult_proc: str
    conv_factor: float
    release: Release

    def allowed(self, facility: bool) -> float:
        """Total RVUs (facility or non-facility) × conversion factor, rounded half-up to cents.

        National amount without geographic (GPCI) adjustment.
        """
        total = self.fac_total if facility else self.nonfac_total
        amount = Decimal(repr(total)) * Decimal(repr(self.conv_factor))
        return float(amount.quantize(_CENT, rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Icd10:
    """An ICD-10-CM code: billable leaf, or header (category/subcategory with children)."""

    code: str  # with dot, e.g. "L57.0"
    billable: bool
    description: str


def normalize_icd10(code: str) -> str:
    """``"l570"`` → ``"L57.0"``, ``" C44.11 "`` → ``"C44.11"``: upper case, dot after 3 chars."""
    s = "".join(code.split()).upper().replace(".", "")
    return s if len(s) <= 3 else f"{s[:3]}.{s[3:]}"


# --------------------------------------------------------------------------- catalog


@dataclass(frozen=True, slots=True)
class _Entry:
    release: Release
    path: Traversable
    sha256: str
    rows: int


_lock = threading.RLock()
_catalog: dict[str, tuple[_Entry, ...]] | None = None


def _data_root() -> Traversable:
    return files("dermclaim").joinpath("data")


def _parse_iso(value: object, where: str, what: str) -> date:
    if not isinstance(value, str):
        raise TableError(f"{where}: {what} must be an ISO date, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TableError(f"{where}: {what} must be an ISO date, got {value!r}") from None


def _read_manifest(kind: str, folder: Traversable) -> _Entry:
    path = folder.joinpath("manifest.json")
    where = str(path)
    try:
        doc = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise TableError(f"{where}: manifest missing") from None
    except (OSError, ValueError) as exc:
        raise TableError(f"{where}: unreadable manifest ({exc})") from None
    if not isinstance(doc, dict):
        raise TableError(f"{where}: manifest is not a JSON object")
    for key in ("table", "release", "title", "source"):
        if not isinstance(doc.get(key), str):
            raise TableError(f"{where}: {key!r} must be a string")
    if doc["table"] != kind or doc["release"] != folder.name:
        raise TableError(
            f"{where}: manifest names {doc['table']}/{doc['release']}, folder is {kind}/{folder.name}"
        )
    start = _parse_iso(doc.get("effective_from"), where, "effective_from")
    end_raw = doc.get("effective_to")
    end = None if end_raw is None else _parse_iso(end_raw, where, "effective_to")
    name = _FILES[kind]
    entries = doc.get("files")
    info = entries.get(name) if isinstance(entries, dict) else None
    if (
        not isinstance(info, dict)
        or not isinstance(info.get("sha256"), str)
        or not isinstance(info.get("rows"), int)
    ):
        raise TableError(f"{where}: 'files' must describe {name!r} with sha256 and rows")
    release = Release(kind, doc["release"], doc["title"], doc["source"], start, end)
    return _Entry(release, folder.joinpath(name), info["sha256"], info["rows"])


def _load_catalog() -> dict[str, tuple[_Entry, ...]]:
    global _catalog
    if _catalog is not None:
        return _catalog
    with _lock:
        if _catalog is not None:
            return _catalog
        root = _data_root()
        if not root.is_dir():
            raise TableError(f"{root}: table data folder missing")
        catalog: dict[str, tuple[_Entry, ...]] = {}
        for kind in KINDS:
            kind_dir = root.joinpath(kind)
            found: list[_Entry] = []
            if kind_dir.is_dir():
                for folder in kind_dir.iterdir():
                    if folder.is_dir() and not folder.name.startswith((".", "_")):
                        found.append(_read_manifest(kind, folder))
            if not found:
                raise TableError(f"{kind_dir}: no release of table {kind!r}")
            found.sort(key=lambda e: (e.release.effective_from, e.release.release))
            catalog[kind] = tuple(found)
        _catalog = catalog
        return catalog


def _choose(entries: tuple[_Entry, ...], dos: date) -> _Entry:
    chosen = entries[0]
    for entry in entries:
        if entry.release.effective_from <= dos:
            chosen = entry
    return chosen


def all_releases() -> dict[str, list[Release]]:
    """Every release shipped, per kind, oldest first (reads the manifests only)."""
    return {kind: [e.release for e in entries] for kind, entries in _load_catalog().items()}


# --------------------------------------------------------------------------- file parsing


def _read_checked(entry: _Entry) -> bytes:
    where = str(entry.path)
    try:
        data = entry.path.read_bytes()
    except FileNotFoundError:
        raise TableError(f"{where}: table file missing") from None
    except OSError as exc:
        raise TableError(f"{where}: unreadable table file ({exc})") from None
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise TableError(f"{where}: SHA-256 does not match its manifest (file edited by hand?)")
    return data


def _read_csv(entry: _Entry) -> list[list[str]]:
    where = str(entry.path)
    data = _read_checked(entry)
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise TableError(f"{where}: not a UTF-8 CSV file ({exc})") from None
    header = _HEADERS[entry.release.table]
    if not rows or tuple(rows[0]) != header:
        got = rows[0] if rows else "nothing"
        raise TableError(f"{where}: header must be {','.join(header)}, got {got}")
    body = rows[1:]
    width = len(header)
    for i, row in enumerate(body, start=2):
        if len(row) != width:
            raise TableError(f"{where}:{i}: expected {width} fields, got {len(row)}")
    if len(body) != entry.rows:
        raise TableError(f"{where}: {len(body)} rows, manifest says {entry.rows}")
    return body


def _check_iso(value: str, where: str, line: int) -> str:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise TableError(f"{where}:{line}: bad date {value!r}") from None
    return value


def _in_force(dos_iso: str, effective: str, deleted: str) -> bool:
    """ISO strings compare like dates; deleted = last day in force; deleted == effective: never."""
    if effective and dos_iso < effective:
        return False
    return not deleted or (dos_iso <= deleted and deleted != effective)


# Each table's parsed form: plain dicts of strings; record objects are built on first lookup.


class _PtpData:
    __slots__ = ("edits", "objs", "release")

    def __init__(self, entry: _Entry) -> None:
        where = str(entry.path)
        self.release = entry.release
        # (column1, column2) -> [(deletion ISO or "", modifier indicator, rationale)];
        # rows are sorted, so an edit in force ("" deletion) comes first
        self.edits: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        self.objs: dict[tuple[str, str, int], PtpEdit] = {}
        rationales: dict[str, str] = {}
        for line, (c1, c2, deleted, mi, why) in enumerate(_read_csv(entry), start=2):
            if mi not in ("0", "1", "9"):
                raise TableError(f"{where}:{line}: bad modifier indicator {mi!r}")
            _check_iso(deleted, where, line)
            why = rationales.setdefault(why, why)
            self.edits.setdefault((c1, c2), []).append((deleted, mi, why))

    def get(self, c1: str, c2: str, dos_iso: str) -> PtpEdit | None:
        rows = self.edits.get((c1, c2))
        if rows is None:
            return None
        for i, (deleted, mi, why) in enumerate(rows):
            if not deleted or dos_iso <= deleted:
                key = (c1, c2, i)
                obj = self.objs.get(key)
                if obj is None:
                    gone = date.fromisoformat(deleted) if deleted else None
                    obj = PtpEdit(c1, c2, mi, why, gone, self.release)
                    self.objs[key] = obj
                return obj
        return None


class _MueData:
    __slots__ = ("by_code", "objs", "release")

    def __init__(self, entry: _Entry) -> None:
        where = str(entry.path)
        self.release = entry.release
        self.by_code: dict[str, tuple[int, int, str]] = {}
        self.objs: dict[str, Mue] = {}
        for line, (code, value, mai, why) in enumerate(_read_csv(entry), start=2):
            try:
                self.by_code[code] = (int(value), int(mai), why)
            except ValueError:
                raise TableError(f"{where}:{line}: bad MUE value or MAI") from None

    def get(self, code: str) -> Mue | None:
        obj = self.objs.get(code)
        if obj is None:
            raw = self.by_code.get(code)
            if raw is None:
                return None
            obj = Mue(code, raw[0], raw[1], raw[2], self.release)
            self.objs[code] = obj
        return obj


class _AocData:
    __slots__ = ("by_add_on", "release")

    def __init__(self, entry: _Entry) -> None:
        where = str(entry.path)
        self.release = entry.release
        # add-on -> [(primary, edit type, effective ISO, deleted ISO or "")]
        self.by_add_on: dict[str, list[tuple[str, str, str, str]]] = {}
        for line, (add_on, primary, kind, effective, deleted) in enumerate(_read_csv(entry), start=2):
            if not effective:
                raise TableError(f"{where}:{line}: AOC edit without effective date")
            _check_iso(effective, where, line)
            _check_iso(deleted, where, line)
            self.by_add_on.setdefault(add_on, []).append((primary, kind, effective, deleted))


class _RvuData:
    __slots__ = ("by_key", "objs", "release")

    def __init__(self, entry: _Entry) -> None:
        where = str(entry.path)
        self.release = entry.release
        self.by_key: dict[tuple[str, str], tuple[str, ...]] = {}
        self.objs: dict[tuple[str, str], Rvu] = {}
        for line, row in enumerate(_read_csv(entry), start=2):
            for value in row[3:9] + row[11:12]:
                try:
                    float(value or "0")
                except ValueError:
                    raise TableError(f"{where}:{line}: bad number {value!r}") from None
            self.by_key[(row[0], row[1])] = tuple(row)

    def get(self, code: str, modifier: str) -> Rvu | None:
        key = (code, modifier)
        obj = self.objs.get(key)
        if obj is None:
            raw = self.by_key.get(key)
            if raw is None:
                return None
            n = [float(v or "0") for v in raw[3:9]]
            obj = Rvu(
                raw[0],
                raw[1],
                raw[2],
                n[0],
                n[1],
                n[2],
                n[3],
                n[4],
                n[5],
                raw[9],
                raw[10],
                float(raw[11] or "0"),
                self.release,
            )
            self.objs[key] = obj
        return obj


class _IcdData:
    """The sorted ICD-10-CM text, searched by bisection on line starts: loading costs only the
    gunzip; a lookup is a few microseconds, then memoised."""

    __slots__ = ("kids", "objs", "release", "text", "where")

    def __init__(self, entry: _Entry) -> None:
        self.where = str(entry.path)
        self.release = entry.release
        try:
            self.text = gzip.decompress(_read_checked(entry)).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise TableError(f"{self.where}: not a gzip UTF-8 file ({exc})") from None
        lines = self.text.count("\n")
        if lines != entry.rows or (self.text and not self.text.endswith("\n")):
            raise TableError(f"{self.where}: {lines} rows, manifest says {entry.rows}")
        if self.text.count("\t") != 2 * lines:
            raise TableError(f"{self.where}: expected code<TAB>B|H<TAB>description per line")
        self.objs: dict[str, Icd10] = {}
        self.kids: dict[str, tuple[Icd10, ...]] = {}

    def _line(self, start: int) -> tuple[str, Icd10]:
        text = self.text
        end = text.index("\n", start)
        parts = text[start:end].split("\t")
        if len(parts) != 3 or parts[1] not in ("B", "H") or not parts[0]:
            raise TableError(f"{self.where}: malformed line {text[start:end]!r}")
        return parts[0], Icd10(parts[0], parts[1] == "B", parts[2])

    def _find(self, code: str) -> int:
        """Offset of the line of dotted ``code``, or -1 (lines are sorted by code)."""
        text = self.text
        lo, hi = 0, len(text)  # lo is always a line start
        while lo < hi:
            mid = (lo + hi) // 2
            newline = text.rfind("\n", lo, mid)
            start = lo if newline < 0 else newline + 1
            key = text[start : text.index("\t", start)]
            if key < code:
                lo = text.index("\n", start) + 1
            elif key > code:
                hi = start
            else:
                return start
        return -1

    def get(self, code: str) -> Icd10 | None:
        obj = self.objs.get(code)
        if obj is not None:
            return obj
        pos = self._find(code)
        if pos < 0:
            return None  # misses are not memoised: unknown input must not grow the cache
        obj = self._line(pos)[1]
        self.objs[code] = obj
        return obj

    def children(self, code: str) -> list[Icd10]:
        kids = self.kids.get(code)
        if kids is None:
            pos = self._find(code)
            if pos < 0:
                return []
            kids = self.kids[code] = tuple(self._children(code, pos))
        return list(kids)

    def _children(self, code: str, pos: int) -> list[Icd10]:
        text = self.text
        out: list[Icd10] = []
        pos = text.index("\n", pos) + 1
        while pos < len(text):
            key, obj = self._line(pos)
            if not key.startswith(code):
                break
            if obj.billable:
                out.append(self.objs.setdefault(key, obj))
            pos = text.index("\n", pos) + 1
        return out


_T = TypeVar("_T")
_ptp_cache: dict[str, _PtpData] = {}
_mue_cache: dict[str, _MueData] = {}
_aoc_cache: dict[str, _AocData] = {}
_rvu_cache: dict[str, _RvuData] = {}
_icd_cache: dict[str, _IcdData] = {}


def _cached(cache: dict[str, _T], entry: _Entry, parse: Callable[[_Entry], _T]) -> _T:
    data = cache.get(entry.release.release)
    if data is None:
        with _lock:
            data = cache.get(entry.release.release)
            if data is None:
                data = parse(entry)
                cache[entry.release.release] = data
    return data


# --------------------------------------------------------------------------- table set

_NO_AOC: tuple[list[AocEdit], frozenset[str] | None] = ([], None)


def _code(code: str) -> str:
    return code.strip().upper()


class TableSet:
    """The tables in force for one date of service. Get one with :func:`tables_for`."""

    __slots__ = (
        "_aoc",
        "_aoc_memo",
        "_dos_iso",
        "_entries",
        "_icd",
        "_lookup_memo",
        "_mue",
        "_ptp",
        "_releases",
        "_rvu",
        "_stale",
        "dos",
    )

    def __init__(self, dos: date, entries: dict[str, _Entry]) -> None:
        self.dos = dos
        self._dos_iso = dos.isoformat()
        self._entries = entries
        self._ptp: _PtpData | None = None
        self._mue: _MueData | None = None
        self._aoc: _AocData | None = None
        self._rvu: _RvuData | None = None
        self._icd: _IcdData | None = None
        self._aoc_memo: dict[str, tuple[list[AocEdit], frozenset[str] | None]] = {}
        # (kind, code as asked, modifier) -> row found; only hits are kept, so unknown input
        # cannot grow it, and the rows are immutable
        self._lookup_memo: dict[tuple[str, str, str], Rvu | Mue] = {}
        self._releases: dict[str, Release] = {kind: e.release for kind, e in entries.items()}
        self._stale: tuple[Release, ...] = tuple(
            e.release for e in entries.values() if not e.release.covers(dos)
        )

    def __repr__(self) -> str:
        used = ", ".join(f"{k}={e.release.release}" for k, e in self._entries.items())
        return f"TableSet(dos={self._dos_iso}, {used})"

    # -- lazy data access

    def _ptp_data(self) -> _PtpData:
        if self._ptp is None:
            self._ptp = _cached(_ptp_cache, self._entries["ncci_ptp"], _PtpData)
        return self._ptp

    def _mue_data(self) -> _MueData:
        if self._mue is None:
            self._mue = _cached(_mue_cache, self._entries["mue"], _MueData)
        return self._mue

    def _aoc_data(self) -> _AocData:
        if self._aoc is None:
            self._aoc = _cached(_aoc_cache, self._entries["aoc"], _AocData)
        return self._aoc

    def _rvu_data(self) -> _RvuData:
        if self._rvu is None:
            self._rvu = _cached(_rvu_cache, self._entries["rvu"], _RvuData)
        return self._rvu

    def _icd_data(self) -> _IcdData:
        if self._icd is None:
            self._icd = _cached(_icd_cache, self._entries["icd10cm"], _IcdData)
        return self._icd

    # -- NCCI procedure-to-procedure

    def ptp(self, column1: str, column2: str) -> PtpEdit | None:
        """The edit with ``column1`` over ``column2`` in force on the date of service, if any."""
        return self._ptp_data().get(_code(column1), _code(column2), self._dos_iso)

    def ptp_pairs_for(self, codes: Iterable[str]) -> list[PtpEdit]:
        """Every in-force edit between two different codes of ``codes``, in both orders,
        sorted by (column1, column2)."""
        data = self._ptp_data()
        uniq = sorted({_code(c) for c in codes})
        dos_iso = self._dos_iso
        out: list[PtpEdit] = []
        for a in uniq:
            for b in uniq:
                if a != b:
                    edit = data.get(a, b, dos_iso)
                    if edit is not None:
                        out.append(edit)
        return out

    # -- MUE

    def mue(self, code: str) -> Mue | None:
        """The practitioner MUE of ``code``; None when CMS sets none."""
        key = ("mue", code, "")
        hit = self._lookup_memo.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        row = self._mue_data().get(_code(code))
        if row is not None:
            self._lookup_memo[key] = row
        return row

    # -- add-on codes

    def _aoc_lookup(self, add_on: str) -> tuple[list[AocEdit], frozenset[str] | None]:
        memo = self._aoc_memo.get(add_on)
        if memo is not None:
            return memo
        data = self._aoc_data()
        rows = data.by_add_on.get(add_on)
        if rows is None:
            return _NO_AOC  # not memoised: unknown input must not grow the cache
        edits: list[AocEdit] = []
        for primary, kind, effective, deleted in rows:
            if _in_force(self._dos_iso, effective, deleted):
                gone = date.fromisoformat(deleted) if deleted else None
                edits.append(
                    AocEdit(add_on, primary, kind, date.fromisoformat(effective), gone, data.release)
                )
        primaries = frozenset(e.primary for e in edits if e.primary != _CONTRACTOR_PRIMARY) if edits else None
        memo = (edits, primaries)
        self._aoc_memo[add_on] = memo
        return memo

    def add_on_edits(self, add_on: str) -> list[AocEdit]:
        """The AOC edits of ``add_on`` in force on the date of service (with edit types)."""
        return list(self._aoc_lookup(_code(add_on))[0])

    def add_on_primaries(self, add_on: str) -> frozenset[str] | None:
        """The primary codes ``add_on`` may be billed with, from the edits in force; None when
        ``add_on`` has no AOC edit in force (not an add-on). The contractor placeholder
        ``CCCCC`` of edit types 2/3 is left out: see :meth:`add_on_edits` for edit types."""
        memo = self._aoc_memo.get(add_on)  # codes as coders write them: no normalising
        return (memo if memo is not None else self._aoc_lookup(_code(add_on)))[1]

    def is_add_on(self, code: str) -> bool:
        """True when ``code`` has an AOC edit in force on the date of service."""
        memo = self._aoc_memo.get(code)
        return (memo if memo is not None else self._aoc_lookup(_code(code)))[1] is not None

    # -- fee schedule

    def rvu(self, code: str, modifier: str = "") -> Rvu | None:
        """The PPRRVU row of ``code`` with ``modifier`` ("" = global, "26", "TC", …)."""
        key = ("rvu", code, modifier)
        hit = self._lookup_memo.get(key)
        if hit is not None:
            return hit  # type: ignore[return-value]
        row = self._rvu_data().get(_code(code), _code(modifier))
        if row is not None:
            self._lookup_memo[key] = row
        return row

    # -- ICD-10-CM

    def icd10(self, code: str) -> Icd10 | None:
        """The ICD-10-CM code, with or without dot, any case; None when unknown."""
        return self._icd_data().get(normalize_icd10(code))

    def icd10_children(self, code: str) -> list[Icd10]:
        """The billable codes under header ``code``, in code order; [] for a leaf or unknown."""
        return self._icd_data().children(normalize_icd10(code))

    # -- provenance

    def releases(self) -> dict[str, Release]:
        """Table kind → the release used for this date of service."""
        return dict(self._releases)

    def stale(self) -> list[Release]:
        """Releases used although the date of service is outside their effective range."""
        return list(self._stale)


@lru_cache(maxsize=4096)
def _tables_for(dos: date) -> TableSet:
    catalog = _load_catalog()
    return TableSet(dos, {kind: _choose(entries, dos) for kind, entries in catalog.items()})


def tables_for(dos: date) -> TableSet:
    """The tables in force on ``dos`` (cached; tables themselves load on first lookup)."""
    if isinstance(dos, datetime):
        dos = dos.date()
    return _tables_for(dos)


def _reset() -> None:
    """Forget every cached catalog, table and table set (for tests)."""
    global _catalog
    with _lock:
        _catalog = None
        for cache in (_ptp_cache, _mue_cache, _aoc_cache, _rvu_cache, _icd_cache):
            cache.clear()
        _tables_for.cache_clear()
