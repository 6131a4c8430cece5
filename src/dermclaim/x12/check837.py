"""``dermclaim x12 check``: fast content checks of any 837P that a structural validator (pyx12)
does not make — code validity, diagnosis pointers, claim totals, dates, NPI check digits and
qualifier rules — each message with its segment and element position (codes in
:mod:`dermclaim.x12.issues`).

The check is one streaming pass over the segments: it builds no claim objects, splits only the
segments it reads, and memoises what repeats across claims (codes, NPIs, ZIPs, amounts, dates,
ICD-10-CM look-ups), which keeps it two orders of magnitude faster than pyx12 on the same file.
Messages carry ids and positions, never patient names, birth dates, addresses or member ids.

ICD-10-CM codes are checked against the project's table in force for the claim's date of service;
when that table's release does not cover the date (an older or newer fiscal year), an unknown or
non-billable code is a warning, not an error, since the code set of that year may differ.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from dermclaim.document import npi_is_valid
from dermclaim.tables import TableSet, tables_for
from dermclaim.x12.issues import CHECKS, Issue
from dermclaim.x12.reader837 import Read837
from dermclaim.x12.segments import Tokens, tokenize

__all__ = ["CheckResult", "check_837", "check_read", "check_tokens"]

ICD10_START = dt.date(2015, 10, 1)
PLACES_OF_SERVICE = frozenset(
    [f"{n:02d}" for n in range(1, 28)]
    + ["31", "32", "33", "34", "41", "42"]
    + [str(n) for n in range(49, 59)]
    + ["60", "61", "62", "65", "66", "71", "72", "81", "99"]
)
"""CMS place-of-service codes (01–27, 31–34, 41–42, 49–58, 60–62, 65–66, 71–72, 81, 99)."""
FREQUENCIES = frozenset({"1", "6", "7", "8"})
NDC_UNITS = frozenset({"F2", "GR", "ME", "ML", "UN"})
SEXES = frozenset({"F", "M", "U"})
MOHS = frozenset({"17311", "17312", "17313", "17314", "17315"})
_PROC = re.compile(r"^(?:[0-9]{5}|[0-9]{4}[FTU]|[A-V][0-9]{4})$")
_ICD10 = re.compile(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")
_DIGITS9 = re.compile(r"[0-9]{9}")
_ZIP = re.compile(r"[0-9]{5}(?:[0-9]{4})?")
_NDC = re.compile(r"[0-9]{11}")


@dataclass(slots=True)
class CheckResult:
    source: str
    issues: list[Issue] = field(default_factory=list)
    claims: int = 0
    lines: int = 0
    segments: int = 0
    transaction_sets: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.level == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.level == "warning")

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.source,
            "segments": self.segments,
            "transaction_sets": self.transaction_sets,
            "claims": self.claims,
            "lines": self.lines,
            "errors": self.errors,
            "warnings": self.warnings,
            "issues": [i.to_json() for i in self.issues],
        }


def check_837(data: bytes | str, *, source: str = "input", today: dt.date | None = None) -> CheckResult:
    """Read and check an 837P file. Raises X12ReadError when it is not X12 at all."""
    return check_tokens(tokenize(data, source=source), source=source, today=today)


def check_read(read: Read837, *, source: str = "input", today: dt.date | None = None) -> CheckResult:
    """Check a file already read with :func:`~dermclaim.x12.reader837.read_837`."""
    return check_tokens(read.tokens, source=source, today=today)


_MEMO_LIMIT = 65536
_NUMBERS: dict[str, Decimal] = {}
_DATES: dict[str, dt.date | None] = {}
_NPIS: dict[str, bool] = {}
_ICD: dict[tuple[str, dt.date], tuple[str, str, bool] | None] = {}
_PAD = [""] * 20


def _remember(memo: dict[str, object], key: str, value: object) -> None:
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = value


def _number(value: str) -> Decimal | None:
    """A finite decimal, or None."""
    known = _NUMBERS.get(value)
    if known is not None:
        return known
    try:
        d = Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    _remember(_NUMBERS, value, d)  # type: ignore[arg-type]
    return d


def _date(value: str) -> dt.date | None:
    if value in _DATES:
        return _DATES[value]
    day = None
    if len(value) == 8 and value.isdigit():
        try:
            day = dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError:
            day = None
    _remember(_DATES, value, day)  # type: ignore[arg-type]
    return day


_DX: dict[str, str] = {}


def _dx(code: str) -> str:
    known = _DX.get(code)
    if known is None:
        c = code.strip().upper().replace(".", "")
        known = c if len(c) <= 3 else f"{c[:3]}.{c[3:]}"
        _remember(_DX, code, known)  # type: ignore[arg-type]
    return known


def _foreign(seps_used: set[str]) -> re.Pattern[str] | None:
    chars = "".join(ch for ch in ":>^|\\" if ch not in seps_used)
    return re.compile("[" + re.escape(chars) + "]") if chars else None


Problems = tuple[tuple[str, str, str, str], ...]
"""(check code, element, message, fix) found in a composite, the same wherever it repeats."""


def _split_composite(value: str, comp: str, foreign: re.Pattern[str] | None) -> tuple[list[str], str]:
    """The components of a composite, and the foreign separator it used instead of ``comp`` ('' if
    none)."""
    parts = value.split(comp)
    if len(parts) == 1 and foreign is not None:
        m = foreign.search(value)
        if m is not None:
            return value.split(m.group()), m.group()
    return parts, ""


def _sv101(value: str, comp: str, foreign: re.Pattern[str] | None) -> tuple[str, bool, Problems]:
    """SV101: the procedure code, whether it is Mohs, and what is wrong with the composite."""
    parts, bad = _split_composite(value, comp, foreign)
    problems: list[tuple[str, str, str, str]] = []
    if bad:
        problems.append(
            (
                "X12C013",
                "SV101",
                f"SV101 {value!r} is separated by {bad!r}, but ISA16 declares {comp!r}",
                f"separate the composite with {comp!r}",
            )
        )
    code = parts[1] if len(parts) > 1 else ""
    mohs = False
    if parts[0] == "HC":
        if not _PROC.match(code):
            problems.append(
                (
                    "X12C010",
                    "SV101-2",
                    f"{code!r} is not a CPT or HCPCS code",
                    "write a 5-character CPT (99213) or HCPCS (J3301) code",
                )
            )
        else:
            mohs = code in MOHS
    for k, mod in enumerate(parts[2:6], start=3):
        if mod and (len(mod) != 2 or not mod.isalnum()):
            problems.append(
                (
                    "X12C011",
                    f"SV101-{k}",
                    f"modifier {mod!r} is not two letters or digits",
                    "write a two-character modifier such as 25 or XS",
                )
            )
    return code, mohs, tuple(problems)


def _sv107(value: str, comp: str, foreign: re.Pattern[str] | None) -> tuple[tuple[int, ...], int, Problems]:
    """SV107: the pointers, the highest (99 when one is below 1, so that it is always checked
    against the claim's diagnoses) and what is wrong with them."""
    if not value:
        return (), 0, (("X12C025", "SV107", "points at no diagnosis", _POINT),)
    parts, _ = _split_composite(value, comp, foreign)
    pointers: list[int] = []
    problems: list[tuple[str, str, str, str]] = []
    for k, part in enumerate(parts, start=1):
        if part.isdigit() and len(part) < 6:
            pointers.append(int(part))
        elif part:
            problems.append(
                ("X12C007", f"SV107-{k}", f"diagnosis pointer {part!r} is not a number 1–12", _POINT)
            )
    if not pointers:
        problems.append(("X12C025", "SV107", "points at no diagnosis", _POINT))
    elif len(set(pointers)) != len(pointers):
        problems.append(
            ("X12C024", "SV107", f"pointers {pointers} repeat a diagnosis", "point at each diagnosis once")
        )
    top = 99 if any(p < 1 for p in pointers) else max(pointers, default=0)
    return tuple(pointers), top, tuple(problems)


_POINT = "point SV107 at the diagnoses that support the line (1–12)"


class _Claim:
    """What the check keeps of the claim being read (no claim objects are built)."""

    __slots__ = (
        "born",
        "clia",
        "cob",
        "codes",
        "filing",
        "hi",
        "id",
        "index",
        "late_pointers",
        "lines",
        "min_date",
        "mohs",
        "quals",
        "sum",
        "total",
    )

    def __init__(self, index: int, claim_id: str, total: Decimal, filing: str, born: dt.date | None) -> None:
        self.index = index
        self.id = claim_id
        self.total = total
        self.sum = Decimal(0)
        self.filing = filing
        self.born = born
        self.clia = False
        self.cob = False
        self.hi = -1
        self.quals: list[str] = []
        self.codes: list[str] = []
        self.lines = 0
        self.min_date: dt.date | None = None
        self.mohs: tuple[int, str, int] | None = None  # line number, code, SV1 index
        self.late_pointers: list[tuple[int, tuple[int, ...], str, int]] = []  # SV1, pointers, code, line


def check_tokens(tokens: Tokens, *, source: str = "input", today: dt.date | None = None) -> CheckResult:
    """The content checks of an 837P in one streaming pass over its segments."""
    result = CheckResult(source=source)
    issues: list[Issue] = []
    at = Issue.at
    segs = tokens.segs

    def add(
        code: str, index: int, element: str, message: str, fix: str = "", severity: str | None = None
    ) -> None:
        issues.append(at(tokens, index, element, code, message, fix, severity))  # type: ignore[arg-type]

    for msg, idx in tokens.notes:
        add("X12C030", idx, "", msg)
    fallback_day = today or dt.date.today()
    created = fallback_day
    tables: dict[dt.date, tuple[TableSet, bool]] = {}
    envelopes: list[list[object]] = []  # [kind, control, start, children, closed]
    stack: list[list[object]] = []
    seen: dict[str, int] = {}
    n_claims = n_lines = n_st = 0
    in_st = False
    filing = ""
    born: dt.date | None = None
    entity_q = ""
    claim: _Claim | None = None
    # the open service line: LX index (-1: none), its number, SV1 index (-1: none yet), whether DTP*472
    lx = -1
    line_no = 0
    sv1_at = -1
    line_dtp = False
    npis, numbers = _NPIS, _NUMBERS
    positive: set[str] = set()

    def close_line() -> None:
        nonlocal lx
        if lx >= 0:
            if sv1_at < 0:
                add("X12C023", lx, "", "service line without SV1")
            elif not line_dtp:
                add(
                    "X12C023",
                    sv1_at,
                    "",
                    f"line {line_no} has no DTP*472 service date",
                    "add DTP*472*D8*CCYYMMDD",
                )
        lx = -1

    def close_claim() -> None:
        nonlocal claim
        close_line()
        if claim is not None:
            _finish(claim, add, tables)
            claim = None

    def close_env(kind: str, i: int, e: list[str]) -> None:
        while stack and stack[-1][0] != kind:
            stack.pop()
        if not stack:
            add("X12C023", i, "", f"{e[0]} without its {kind}")
            return
        env = stack.pop()
        env[4] = True
        control, start, children = str(env[1]), int(env[2]), int(env[3])  # type: ignore[call-overload]
        ctl_el, count_el = {"ISA": ("IEA02", "IEA01"), "GS": ("GE02", "GE01"), "ST": ("SE02", "SE01")}[kind]
        declared, trailer_control = e[1], e[2].strip()
        if trailer_control != control:
            add(
                "X12C001",
                i,
                ctl_el,
                f"{ctl_el} {trailer_control!r} differs from the {kind} control number {control!r} at "
                f"segment {tokens.ordinal(start)}",
                f"write {control} in {ctl_el}",
            )
        if kind == "ST":
            actual = i - start + 1 - segs[start:i].count("")
            what = "segments from ST to SE"
        else:
            actual = children
            what = "functional groups" if kind == "ISA" else "transaction sets"
        if declared != str(actual):
            add(
                "X12C002",
                i,
                count_el,
                f"{count_el} says {declared!r} but there are {actual} {what}",
                f"write {actual} in {count_el}",
            )

    chunks = tokens._chunks
    bounds = [c.first for c in chunks[1:]] + [len(segs)]
    for chunk, stop in zip(chunks, bounds, strict=True):
        seps = chunk.seps
        E, C = seps.element, seps.component
        foreign = _foreign({E, C, seps.repetition or "", seps.segment} - {""})
        sv101: dict[str, tuple[str, bool, Problems]] = {}
        sv107: dict[str, tuple[tuple[int, ...], int, Problems]] = {}
        hi_memo: dict[str, tuple[str, str, str]] = {}
        d8 = "D8" + E
        t_lx, t_hl, t_hi, t_n4, t_n3 = "LX" + E, "HL" + E, "HI" + E, "N4" + E, "N3" + E
        t_st, t_se, t_gs, t_ge = "ST" + E, "SE" + E, "GS" + E, "GE" + E
        dtp472 = "DTP" + E + "472" + E
        n_dtp = len(dtp472)
        xx = E + "XX" + E
        ref6r = "REF" + E + "6R" + E
        for i in range(chunk.first, stop):
            s = segs[i]
            if not s:
                continue
            t = s[:3]
            if len(t) < 3:
                t = s + E
            if t == "SV1":
                if claim is None or lx < 0 or sv1_at >= 0:
                    add("X12C023", i, "", "SV1 outside a claim line (it must follow LX in a claim)")
                    continue
                sv1_at = i
                e = s.split(E)
                if len(e) < 8:
                    e += _PAD[: 8 - len(e)]
                sv = sv101.get(e[1])
                if sv is None:
                    sv = sv101[e[1]] = _sv101(e[1], C, foreign)
                code, mohs, problems = sv
                if problems:
                    for p_code, p_el, p_msg, p_fix in problems:
                        add(p_code, i, p_el, f"line {line_no}: {p_msg}", p_fix)
                if mohs and claim.mohs is None:
                    claim.mohs = (line_no, code, i)
                charge = numbers.get(e[2]) or _number(e[2])
                if charge is None:
                    add("X12C003", i, "SV102", f"SV102 {e[2]!r} is not a number", "write SV102 as a decimal")
                else:
                    claim.sum += charge
                if e[4] not in positive:
                    units = _number(e[4] or "0")
                    if units is None:
                        add(
                            "X12C003",
                            i,
                            "SV104",
                            f"SV104 {e[4]!r} is not a number",
                            "write SV104 as a decimal",
                        )
                    elif units <= 0:
                        add(
                            "X12C015",
                            i,
                            "SV104",
                            f"line {line_no} ({code}): {units} units",
                            "bill at least 1 unit",
                        )
                    else:
                        positive.add(e[4])
                pos_code = e[5]
                if pos_code and pos_code not in PLACES_OF_SERVICE:
                    add(
                        "X12C020",
                        i,
                        "SV105",
                        f"line {line_no}: SV105 {pos_code!r} is not a place-of-service code",
                        "leave SV105 empty or write a CMS code",
                    )
                ptrs = sv107.get(e[7])
                if ptrs is None:
                    ptrs = sv107[e[7]] = _sv107(e[7], C, foreign)
                pointers, top, p_problems = ptrs
                if top > len(claim.codes):
                    claim.late_pointers.append((i, pointers, code, line_no))
                for p_code, p_el, p_msg, p_fix in p_problems:
                    add(p_code, i, p_el, f"line {line_no} ({code}): {p_msg}", p_fix)
            elif t == t_lx:
                if claim is None:
                    add("X12C023", i, "", "LX outside a claim")
                    continue
                if lx >= 0 and (sv1_at < 0 or not line_dtp):
                    close_line()
                claim.lines += 1
                n_lines += 1
                number = s[3:]
                line_no = int(number) if number.isdigit() and len(number) < 6 else claim.lines
                lx, sv1_at, line_dtp = i, -1, False
            elif t == "DTP":
                if lx < 0 or not s.startswith(dtp472):
                    continue
                line_dtp = True
                rest = s[n_dtp:]
                if len(rest) == 11 and rest.startswith(d8):
                    fmt, value = "D8", rest[3:]
                else:
                    fmt, _, value = rest.partition(E)
                    value = value.split(E, 1)[0]
                if fmt == "RD8" and "-" in value:
                    a, _, b = value.partition("-")
                    first, last = _date(a), _date(b)
                else:
                    first = last = _DATES[value] if value in _DATES else _date(value)
                if first is None or last is None:
                    add("X12C004", i, "DTP03", f"service date {value!r} is not a {fmt or 'D8'} date")
                elif last < first:
                    add("X12C004", i, "DTP03", f"service date range {value} ends before it starts")
                else:
                    assert claim is not None
                    if claim.min_date is None or first < claim.min_date:
                        claim.min_date = first
                    if first > created:
                        add(
                            "X12C014",
                            i,
                            "DTP03",
                            f"line {line_no}: service date {first} is after the file was created ({created})",
                            "bill services after they are performed",
                        )
                    if claim.born is not None and first < claim.born:
                        add(
                            "X12C014",
                            i,
                            "DTP03",
                            f"line {line_no}: service date {first} is before the patient's birth date "
                            "(DMG02)",
                            "correct the service date or the birth date",
                        )
            elif t == "REF":
                if s.startswith(ref6r):
                    continue
                e = s.split(E)
                if len(e) < 3:
                    e += _PAD[: 3 - len(e)]
                q = e[1]
                if claim is not None:
                    if q == "X4" and lx < 0 and not claim.cob:
                        claim.clia = bool(e[2])
                elif q == "EI" and entity_q == "85" and not _DIGITS9.fullmatch(e[2]):
                    add(
                        "X12C018",
                        i,
                        "REF02",
                        f"tax id {e[2]!r} is not 9 digits",
                        "write the EIN as 9 digits, no hyphen",
                    )
            elif t == "NM1":
                entity_q = s[4 : s.find(E, 4)] if s.find(E, 4) > 0 else s[4:]
                k = s.find(xx)
                if k > 0 and s.count(E, 0, k) == 7:  # NM108 = XX
                    npi = s[k + 4 :].split(E, 1)[0]
                    ok = npis.get(npi)
                    if ok is None:
                        ok = npi_is_valid(npi)
                        _remember(npis, npi, ok)  # type: ignore[arg-type]
                    if not ok:
                        add(
                            "X12C009",
                            i,
                            "NM109",
                            f"NPI {npi!r} (NM1*{entity_q}) fails its check digit",
                            "correct the NPI from NPPES; a typo in one digit is the usual cause",
                        )
            elif t == t_n4:
                if entity_q not in ("85", "87", "IL", "QC"):
                    continue
                e = s.split(E)
                zip_code = e[3] if len(e) > 3 else ""
                if not zip_code:
                    continue
                if entity_q == "85":
                    if not _DIGITS9.fullmatch(zip_code):
                        add(
                            "X12C019",
                            i,
                            "N403",
                            f"billing provider ZIP {zip_code!r} is not 9 digits",
                            "write the ZIP+4 as 9 digits",
                        )
                elif not _ZIP.fullmatch(zip_code):
                    who = (
                        "pay-to"
                        if entity_q == "87"
                        else "the patient's"
                        if entity_q == "QC"
                        else "the subscriber's"
                    )
                    add(
                        "X12C019",
                        i,
                        "N403",
                        f"{who} ZIP code is not 5 or 9 digits",
                        "write 5 or 9 digits, no hyphen",
                    )
            elif t == t_n3:
                continue
            elif t == t_hl:
                close_claim()
                e = s.split(E)
                level = e[3] if len(e) > 3 else ""
                entity_q = ""
                if level == "22":
                    born, filing = None, ""
            elif t == "CLM":
                close_claim()
                if not in_st:
                    add("X12C023", i, "", "CLM outside a transaction set")
                e = s.split(E)
                if len(e) < 6:
                    e += _PAD[: 6 - len(e)]
                total = numbers.get(e[2]) or _number(e[2])
                if total is None:
                    add("X12C003", i, "CLM02", f"CLM02 {e[2]!r} is not a number", "write CLM02 as a decimal")
                    total = Decimal(0)
                claim = _Claim(i, e[1], total, filing, born)
                n_claims += 1
                entity_q = ""
                if e[1] in seen:
                    add(
                        "X12C022",
                        i,
                        "CLM01",
                        f"claim id {e[1]!r} also at segment {tokens.ordinal(seen[e[1]])}",
                        "give each claim its own patient control number",
                    )
                else:
                    seen[e[1]] = i
                clm05 = e[5].split(C)
                if len(clm05) == 1 and foreign is not None:
                    m = foreign.search(clm05[0])
                    if m is not None:
                        bad = m.group()
                        add(
                            "X12C013",
                            i,
                            "CLM05",
                            f"CLM05 {clm05[0]!r} is separated by {bad!r}, but ISA16 declares {C!r}",
                            f"separate the composite with {C!r}",
                        )
                        clm05 = clm05[0].split(bad)
                clm05 += ["", "", ""]
                place, qualifier, frequency = clm05[0], clm05[1], clm05[2]
                if place and place not in PLACES_OF_SERVICE:
                    add(
                        "X12C020",
                        i,
                        "CLM05-1",
                        f"CLM05-1 place of service {place!r} is not a CMS place-of-service code",
                        "write the two-digit CMS code, e.g. 11 office",
                    )
                if qualifier != "B" or frequency not in FREQUENCIES:
                    add(
                        "X12C021",
                        i,
                        "CLM05-2" if qualifier != "B" else "CLM05-3",
                        f"CLM05 is {place}:{qualifier}:{frequency}; an 837P claim has qualifier B and "
                        "frequency 1 (original), 6, 7 (replacement) or 8 (void)",
                        "write CLM05 as POS:B:1 for an original claim",
                    )
            elif t == t_hi:
                if claim is None:
                    add("X12C023", i, "", "HI outside a claim")
                    continue
                e = s.split(E)
                kind = e[1].split(C, 1)[0] if len(e) > 1 else ""
                if claim.hi >= 0 or kind not in ("ABK", "BK", "ABF", "BF"):
                    continue  # condition codes, anesthesia procedures …
                claim.hi = i
                for k in range(1, len(e)):
                    dx = hi_memo.get(e[k])
                    if dx is None:
                        part, bad = _split_composite(e[k], C, foreign)
                        dx = hi_memo[e[k]] = (part[0], _dx(part[1] if len(part) > 1 else ""), bad)
                    claim.quals.append(dx[0])
                    claim.codes.append(dx[1])
                    if dx[2]:
                        add(
                            "X12C013",
                            i,
                            f"HI{k:02d}",
                            f"HI{k:02d} {e[k]!r} is separated by {dx[2]!r}, but ISA16 declares {C!r}",
                            f"separate the composite with {C!r}",
                        )
            elif t == "SBR":
                if claim is None:
                    e = s.split(E)
                    filing = e[9] if len(e) > 9 else ""
                else:
                    claim.cob = True
                    entity_q = ""
            elif t == "DMG":
                if entity_q not in ("IL", "QC") or (claim is not None and claim.cob):
                    continue
                e = s.split(E)
                if len(e) < 4:
                    e += _PAD[: 4 - len(e)]
                day = _date(e[2])
                if e[2] and day is None:
                    add("X12C004", i, "DMG02", "the birth date (DMG02) is not a D8 date CCYYMMDD")
                if claim is None:
                    born = day
                if e[3] and e[3] not in SEXES:
                    add("X12C027", i, "DMG03", f"DMG03 sex {e[3]!r} is not F, M or U", "write F, M or U")
            elif t == "LIN":
                if lx < 0:
                    continue
                e = s.split(E)
                if len(e) < 4:
                    e += _PAD[: 4 - len(e)]
                if e[2] != "N4":
                    add("X12C017", i, "LIN02", f"LIN02 is {e[2]!r}; an NDC is qualified N4")
                if not _NDC.fullmatch(e[3]):
                    add(
                        "X12C017",
                        i,
                        "LIN03",
                        f"line {line_no}: NDC {e[3]!r} is not 11 digits",
                        "write the NDC in 5-4-2 form without hyphens (11 digits)",
                    )
            elif t == "CTP":
                if lx < 0:
                    continue
                e = s.split(E)
                if len(e) < 6:
                    e += _PAD[: 6 - len(e)]
                if _number(e[4] or "0") is None:
                    add("X12C003", i, "CTP04", f"CTP04 {e[4]!r} is not a number", "write CTP04 as a decimal")
                unit = e[5].split(C)[0]
                if unit not in NDC_UNITS:
                    add(
                        "X12C017",
                        i,
                        "CTP05-1",
                        f"line {line_no}: NDC unit {unit!r} is not F2, GR, ME, ML or UN",
                        "write the unit qualifier of the NDC quantity",
                    )
            elif t == "BHT":
                e = s.split(E)
                day = _date(e[4]) if len(e) > 4 else None
                created = day or fallback_day
            elif t == t_st:
                close_claim()
                e = s.split(E)
                if len(e) < 4:
                    e += _PAD[: 4 - len(e)]
                env: list[object] = ["ST", e[2], i, 0, False]
                if stack and stack[-1][0] == "GS":
                    stack[-1][3] = int(stack[-1][3]) + 1  # type: ignore[call-overload]
                envelopes.append(env)
                stack.append(env)
                in_st = True
                n_st += 1
                filing, born, entity_q, created = "", None, "", fallback_day
            elif t == t_se:
                close_claim()
                in_st = False
                e = s.split(E)
                close_env("ST", i, e + _PAD[: max(0, 3 - len(e))])
            elif t == t_gs:
                e = s.split(E)
                if len(e) < 7:
                    e += _PAD[: 7 - len(e)]
                env = ["GS", e[6], i, 0, False]
                while stack and stack[-1][0] != "ISA":
                    stack.pop()
                if stack:
                    stack[-1][3] = int(stack[-1][3]) + 1  # type: ignore[call-overload]
                envelopes.append(env)
                stack.append(env)
            elif t == t_ge:
                e = s.split(E)
                close_env("GS", i, e + _PAD[: max(0, 3 - len(e))])
            elif t == "ISA":
                close_claim()
                e = s.split(E)
                if len(e) < 14:
                    e += _PAD[: 14 - len(e)]
                stack.clear()
                env = ["ISA", e[13].strip(), i, 0, False]
                envelopes.append(env)
                stack.append(env)
            elif t == "IEA":
                e = s.split(E)
                close_env("ISA", i, e + _PAD[: max(0, 3 - len(e))])
    close_claim()
    trailers = {"ISA": "IEA", "GS": "GE", "ST": "SE"}
    for env in envelopes:
        if not env[4]:
            kind = str(env[0])
            add(
                "X12C002",
                int(env[2]),  # type: ignore[call-overload]
                "",
                f"{kind} {env[1]!r} has no {trailers[kind]}",
                f"close it with {trailers[kind]}",
            )
    if n_st == 0:
        issues.append(
            Issue(
                "X12C029",
                "no ST transaction set: nothing to check",
                tokens.end_position(),
                "send an 837P file",
            )
        )
    order = _ORDER
    issues.sort(key=lambda x: (x.sort_key, order.get(x.code, 0)))
    result.issues = issues
    result.segments = len(segs) - segs.count("")
    result.transaction_sets = n_st
    result.claims = n_claims
    result.lines = n_lines
    return result


_ORDER = {code: n for n, code in enumerate(CHECKS)}


def _tables(day: dt.date, cache: dict[dt.date, tuple[TableSet, bool]]) -> tuple[TableSet, bool]:
    hit = cache.get(day)
    if hit is None:
        ts = tables_for(day)
        covered = ts.releases()["icd10cm"].covers(day)
        hit = cache[day] = (ts, covered)
    return hit


def _finish(claim: _Claim, add: Any, tables: dict[dt.date, tuple[TableSet, bool]]) -> None:
    """The checks that need the whole claim: total, diagnoses (by the service date), pointers, CLIA."""
    ci = claim.index
    if claim.hi < 0:
        add(
            "X12C023",
            ci,
            "",
            f"claim {claim.id} has no HI diagnosis segment",
            "add HI with the principal diagnosis (ABK)",
        )
    if claim.sum != claim.total:
        add(
            "X12C008",
            ci,
            "CLM02",
            f"claim {claim.id}: CLM02 is {claim.total} but its {claim.lines} line charges "
            f"add up to {claim.sum}",
            f"write {claim.sum} in CLM02, or correct the line charges",
        )
    n_dx = len(claim.codes)
    for sv1, pointers, code, number in claim.late_pointers:
        for k, p in enumerate(pointers, start=1):
            if not 1 <= p <= n_dx:
                add(
                    "X12C007",
                    sv1,
                    f"SV107-{k}",
                    f"line {number} ({code}): pointer {p} but the claim has {n_dx} diagnos"
                    f"{'is' if n_dx == 1 else 'es'}",
                    f"point at 1–{n_dx}, or add the missing diagnosis to HI",
                )
    dos = claim.min_date
    hi = claim.hi
    for k, (q, code) in enumerate(zip(claim.quals, claim.codes, strict=True), start=1):
        el = f"HI{k:02d}"
        principal = k == 1
        if q in ("ABK", "ABF"):
            want = "ABK" if principal else "ABF"
            if dos is not None and dos < ICD10_START:
                add(
                    "X12C012",
                    hi,
                    f"{el}-1",
                    f"{el} is ICD-10-CM ({q}) but the service date {dos} is before 2015-10-01",
                    "code services before 2015-10-01 in ICD-9-CM (BK/BF)",
                )
            elif q != want:
                add(
                    "X12C012",
                    hi,
                    f"{el}-1",
                    f"{el} qualifier is {q}; the {'first' if principal else 'other'} diagnosis is {want}",
                    f"write {want}",
                )
            day = dos or dt.date.today()
            key = (code, day)
            if key in _ICD:
                problem = _ICD[key]
            else:
                found = _icd_problem(code, day, tables)
                problem = (*found, _tables(day, tables)[1]) if found is not None else None
                if len(_ICD) >= _MEMO_LIMIT:
                    _ICD.clear()
                _ICD[key] = problem
            if problem is not None:
                check, message, covered = problem
                add(
                    check,
                    hi,
                    f"{el}-2",
                    message,
                    "replace it with a valid, billable ICD-10-CM code"
                    if covered
                    else "confirm the code in the ICD-10-CM release of the service date",
                    None if covered else "warning",
                )
        elif q in ("BK", "BF"):
            if dos is not None and dos >= ICD10_START:
                add(
                    "X12C012",
                    hi,
                    f"{el}-1",
                    f"{el} is ICD-9-CM ({q}) but the service date {dos} is on or after 2015-10-01",
                    "code the diagnosis in ICD-10-CM (ABK/ABF)",
                )
            elif q != ("BK" if principal else "BF"):
                add("X12C012", hi, f"{el}-1", f"{el} qualifier is {q}", "write BK first, then BF")
        elif q or code:
            add(
                "X12C012",
                hi,
                f"{el}-1",
                f"{el} qualifier is {q!r}; a diagnosis is ABK/ABF (ICD-10-CM) or BK/BF (ICD-9-CM)",
                "write each diagnosis as qualifier, component separator, code (e.g. ABF:L570)",
            )
    if claim.mohs is not None and not claim.clia:
        number, code, sv1 = claim.mohs
        medicare = claim.filing in ("MA", "MB")
        add(
            "X12C016",
            sv1,
            "SV101-2",
            f"claim {claim.id} bills Mohs {code} (line {number}) without a CLIA number",
            "add REF*X4 with the practice's CLIA certificate number after CLM",
            None if medicare else "warning",
        )


def _icd_problem(
    code: str, day: dt.date, cache: dict[dt.date, tuple[TableSet, bool]]
) -> tuple[str, str] | None:
    if not _ICD10.match(code):
        return "X12C005", f"{code!r} is not an ICD-10-CM code (a letter, two characters, then up to four)"
    ts, covered = _tables(day, cache)
    release = ts.releases()["icd10cm"].release
    found = ts.icd10(code)
    if found is None:
        return "X12C005", f"{code} is not in ICD-10-CM {release}" + (
            "" if covered else f" (service date {day})"
        )
    if not found.billable:
        kids = [k.code for k in ts.icd10_children(code)[:5]]
        more = f"; billable codes under it include {', '.join(kids)}" if kids else ""
        return "X12C006", f"{code} is a category header, not billable{more}"
    return None
