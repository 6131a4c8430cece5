"""``dermclaim x12 check``: fast content checks of any 837P that a structural validator (pyx12)
does not make — code validity, diagnosis pointers, claim totals, dates, NPI check digits and
qualifier rules — each message with its segment and element position (codes in
:mod:`dermclaim.x12.issues`).

ICD-10-CM codes are checked against the project's table in force for the claim's date of service;
when that table's release does not cover the date (an older or newer fiscal year), an unknown or
non-billable code is a warning, not an error, since the code set of that year may differ.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from dermclaim.document import npi_is_valid
from dermclaim.tables import TableSet, tables_for
from dermclaim.x12.issues import CHECKS, Issue
from dermclaim.x12.model import Claim
from dermclaim.x12.reader837 import Read837, read_837
from dermclaim.x12.segments import Tokens

__all__ = ["CheckResult", "check_837", "check_read"]

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
    return check_read(read_837(data, source=source, lean=True), source=source, today=today)


def check_read(read: Read837, *, source: str = "input", today: dt.date | None = None) -> CheckResult:
    result = CheckResult(source=source)
    issues = list(read.issues)
    tokens = read.tokens
    result.segments = tokens.ordinal(len(tokens.segs) - 1) if tokens.segs else 0
    result.transaction_sets = read.transaction_sets
    result.claims = len(read.claims)
    result.lines = sum(len(c.lines) for c in read.claims)

    def add(code: str, index: int, element: str, message: str, fix: str, severity: str | None = None) -> None:
        issues.append(Issue.at(tokens, index, element, code, message, fix, severity))  # type: ignore[arg-type]

    if read.transaction_sets == 0:
        issues.append(
            Issue(
                "X12C029",
                "no ST transaction set: nothing to check",
                tokens.end_position(),
                "send an 837P file",
            )
        )
    for env in read.envelopes:
        _envelope(env, read, add)
    created = read.created or today or dt.date.today()
    births = {i: born for i, _, born in read.sexes}
    for i, sex, _ in read.sexes:
        if sex and sex not in SEXES:
            add("X12C027", i, "DMG03", f"DMG03 sex {sex!r} is not F, M or U", "write F, M or U")
    npi_ok: dict[str, bool] = {}
    for i, entity, npi in read.npis:
        ok = npi_ok.get(npi)
        if ok is None:
            ok = npi_ok[npi] = npi_is_valid(npi)
        if not ok:
            add(
                "X12C009",
                i,
                "NM109",
                f"NPI {npi!r} (NM1*{entity}) fails its check digit",
                "correct the NPI from NPPES; a typo in one digit is the usual cause",
            )
    for i, tax in read.tax_ids:
        if not re.fullmatch(r"[0-9]{9}", tax):
            add(
                "X12C018",
                i,
                "REF02",
                f"tax id {tax!r} is not 9 digits",
                "write the EIN as 9 digits, no hyphen",
            )
    for i, zip_code, billing in read.zips:
        if billing and not re.fullmatch(r"[0-9]{9}", zip_code):
            add(
                "X12C019",
                i,
                "N403",
                f"billing provider ZIP {zip_code!r} is not 9 digits",
                "write the ZIP+4 as 9 digits",
            )
        elif not billing and not re.fullmatch(r"[0-9]{5}(?:[0-9]{4})?", zip_code):
            add(
                "X12C019",
                i,
                "N403",
                f"ZIP {zip_code!r} is not 5 or 9 digits",
                "write 5 or 9 digits, no hyphen",
            )
    seen: dict[str, int] = {}
    tables: dict[dt.date, tuple[TableSet, bool]] = {}
    icd_memo: dict[tuple[str, dt.date], tuple[str, str] | None] = {}
    for claim in read.claims:
        ci = claim.pos["CLM"]
        if claim.id in seen:
            add(
                "X12C022",
                ci,
                "CLM01",
                f"claim id {claim.id!r} also at segment {tokens.ordinal(seen[claim.id])}",
                "give each claim its own patient control number",
            )
        else:
            seen[claim.id] = ci
        for issue in _claim(claim, tokens, created, births, tables, icd_memo):
            issues.append(issue)
    order = {code: n for n, code in enumerate(CHECKS)}
    issues.sort(key=lambda x: (x.sort_key, order.get(x.code, 0)))
    result.issues = issues
    return result


def _envelope(env: object, read: Read837, add: object) -> None:
    from dermclaim.x12.reader837 import Envelope

    assert isinstance(env, Envelope)
    tokens = read.tokens
    adder = add  # typed below
    assert callable(adder)
    trailer = {"ISA": "IEA", "GS": "GE", "ST": "SE"}[env.kind]
    if env.end is None:
        adder(
            "X12C002",
            env.start,
            "",
            f"{env.kind} {env.control!r} has no {trailer}",
            f"close it with {trailer}",
        )
        return
    ref = {"ISA": ("IEA02", "IEA01"), "GS": ("GE02", "GE01"), "ST": ("SE02", "SE01")}[env.kind]
    if env.trailer_control != env.control:
        adder(
            "X12C001",
            env.end,
            ref[0],
            f"{ref[0]} {env.trailer_control!r} differs from the {env.kind} control number "
            f"{env.control!r} at segment {tokens.ordinal(env.start)}",
            f"write {env.control} in {ref[0]}",
        )
    if env.kind == "ST":
        actual = tokens.ordinal(env.end) - tokens.ordinal(env.start) + 1
        what = "segments from ST to SE"
    else:
        actual = env.children
        what = "functional groups" if env.kind == "ISA" else "transaction sets"
    if env.declared_count != str(actual):
        adder(
            "X12C002",
            env.end,
            ref[1],
            f"{ref[1]} says {env.declared_count!r} but there are {actual} {what}",
            f"write {actual} in {ref[1]}",
        )


def _tables(day: dt.date, cache: dict[dt.date, tuple[TableSet, bool]]) -> tuple[TableSet, bool]:
    hit = cache.get(day)
    if hit is None:
        ts = tables_for(day)
        covered = ts.releases()["icd10cm"].covers(day)
        hit = cache[day] = (ts, covered)
    return hit


def _claim(
    claim: Claim,
    tokens: object,
    created: dt.date,
    births: dict[int, dt.date | None],
    tables: dict[dt.date, tuple[TableSet, bool]],
    memo: dict[tuple[str, dt.date], tuple[str, str] | None],
) -> Iterator[Issue]:
    assert isinstance(tokens, Tokens)
    ci = claim.pos["CLM"]

    def pos(index: int, element: str) -> tuple[Tokens, int, str]:
        return (tokens, index, element)

    if claim.place_of_service and claim.place_of_service not in PLACES_OF_SERVICE:
        yield Issue(
            "X12C020",
            f"CLM05-1 place of service {claim.place_of_service!r} is not a CMS place-of-service code",
            pos(ci, "CLM05-1"),
            "write the two-digit CMS code, e.g. 11 office",
        )
    if claim.facility_qualifier != "B" or claim.frequency not in FREQUENCIES:
        yield Issue(
            "X12C021",
            f"CLM05 is {claim.place_of_service}:{claim.facility_qualifier}:{claim.frequency}; "
            "an 837P claim has qualifier B and frequency 1 (original), 6, 7 (replacement) or 8 (void)",
            pos(ci, "CLM05-2" if claim.facility_qualifier != "B" else "CLM05-3"),
            "write CLM05 as POS:B:1 for an original claim",
        )
    total = sum((ln.charge for ln in claim.lines), Decimal(0))
    if total != claim.total_charge:
        yield Issue(
            "X12C008",
            f"claim {claim.id}: CLM02 is {claim.total_charge} but its {len(claim.lines)} line charges "
            f"add up to {total}",
            pos(ci, "CLM02"),
            f"write {total} in CLM02, or correct the line charges",
        )
    dos = claim.service_date
    hi = claim.pos.get("HI")
    quals = claim.diagnosis_qualifiers
    n_dx = len(claim.diagnoses)
    if hi is not None:
        for k, (q, code) in enumerate(zip(quals, claim.diagnoses, strict=True), start=1):
            el = f"HI{k:02d}"
            principal = k == 1
            if q in ("ABK", "ABF"):
                want = "ABK" if principal else "ABF"
                if dos is not None and dos < ICD10_START:
                    yield Issue(
                        "X12C012",
                        f"{el} is ICD-10-CM ({q}) but the service date {dos} is before 2015-10-01",
                        pos(hi, f"{el}-1"),
                        "code services before 2015-10-01 in ICD-9-CM (BK/BF)",
                    )
                elif q != want:
                    yield Issue(
                        "X12C012",
                        f"{el} qualifier is {q}; the {'first' if principal else 'other'} diagnosis is {want}",
                        pos(hi, f"{el}-1"),
                        f"write {want}",
                    )
                day = dos or created
                key = (code, day)
                if key not in memo:
                    memo[key] = _icd_problem(code, day, tables)
                problem = memo[key]
                if problem is not None:
                    check, message = problem
                    covered = _tables(day, tables)[1]
                    yield Issue(
                        check,
                        message,
                        pos(hi, f"{el}-2"),
                        "replace it with a valid, billable ICD-10-CM code"
                        if covered
                        else "confirm the code in the ICD-10-CM release of the service date",
                        None if covered else "warning",
                    )
            elif q in ("BK", "BF"):
                if dos is not None and dos >= ICD10_START:
                    yield Issue(
                        "X12C012",
                        f"{el} is ICD-9-CM ({q}) but the service date {dos} is on or after 2015-10-01",
                        pos(hi, f"{el}-1"),
                        "code the diagnosis in ICD-10-CM (ABK/ABF)",
                    )
                elif q != ("BK" if principal else "BF"):
                    yield Issue(
                        "X12C012", f"{el} qualifier is {q}", pos(hi, f"{el}-1"), "write BK first, then BF"
                    )
    mohs_line = None
    for ln in claim.lines:
        sv1 = ln.pos.get("SV1")
        if sv1 is None:
            continue
        if ln.qualifier == "HC":
            if not _PROC.match(ln.code):
                yield Issue(
                    "X12C010",
                    f"line {ln.number}: {ln.code!r} is not a CPT or HCPCS code",
                    pos(sv1, "SV101-2"),
                    "write a 5-character CPT (99213) or HCPCS (J3301) code",
                )
            elif ln.code in MOHS and mohs_line is None:
                mohs_line = ln
        for k, m in enumerate(ln.modifiers, start=3):
            if len(m) != 2 or not m.isalnum():
                yield Issue(
                    "X12C011",
                    f"line {ln.number}: modifier {m!r} is not two letters or digits",
                    pos(sv1, f"SV101-{k}"),
                    "write a two-character modifier such as 25 or XS",
                )
        if ln.units <= 0:
            yield Issue(
                "X12C015",
                f"line {ln.number} ({ln.code}): {ln.units} units",
                pos(sv1, "SV104"),
                "bill at least 1 unit",
            )
        if ln.place_of_service and ln.place_of_service not in PLACES_OF_SERVICE:
            yield Issue(
                "X12C020",
                f"line {ln.number}: SV105 {ln.place_of_service!r} is not a place-of-service code",
                pos(sv1, "SV105"),
                "leave SV105 empty or write a CMS code",
            )
        if not ln.pointers:
            yield Issue(
                "X12C025",
                f"line {ln.number} ({ln.code}) points at no diagnosis",
                pos(sv1, "SV107"),
                "point SV107-1 at the diagnosis that supports the line",
            )
        elif len(ln.pointers) > 1 and len(set(ln.pointers)) != len(ln.pointers):
            yield Issue(
                "X12C024",
                f"line {ln.number}: pointers {ln.pointers} repeat a diagnosis",
                pos(sv1, "SV107"),
                "point at each diagnosis once",
            )
        for k, p in enumerate(ln.pointers, start=1):
            if not 1 <= p <= n_dx:
                yield Issue(
                    "X12C007",
                    f"line {ln.number} ({ln.code}): pointer {p} but the claim has {n_dx} diagnos"
                    f"{'is' if n_dx == 1 else 'es'}",
                    pos(sv1, f"SV107-{k}"),
                    f"point at 1–{n_dx}, or add the missing diagnosis to HI",
                )
        dtp = ln.pos.get("DTP")
        if ln.service_date is not None and dtp is not None:
            if ln.service_date > created:
                yield Issue(
                    "X12C014",
                    f"line {ln.number}: service date {ln.service_date} is after the file was created "
                    f"({created})",
                    pos(dtp, "DTP03"),
                    "bill services after they are performed",
                )
            born = _born(claim, births)
            if born is not None and ln.service_date < born:
                yield Issue(
                    "X12C014",
                    f"line {ln.number}: service date {ln.service_date} is before the patient's birth "
                    f"({born})",
                    pos(dtp, "DTP03"),
                    "correct the service date or the birth date",
                )
        elif "DTP" not in ln.pos and sv1 is not None:
            yield Issue(
                "X12C023",
                f"line {ln.number} has no DTP*472 service date",
                pos(sv1, ""),
                "add DTP*472*D8*CCYYMMDD",
            )
        lin = ln.pos.get("LIN")
        if lin is not None and not re.fullmatch(r"[0-9]{11}", ln.ndc):
            yield Issue(
                "X12C017",
                f"line {ln.number}: NDC {ln.ndc!r} is not 11 digits",
                pos(lin, "LIN03"),
                "write the NDC in 5-4-2 form without hyphens (11 digits)",
            )
        ctp = ln.pos.get("CTP")
        if ctp is not None and ln.ndc_unit not in NDC_UNITS:
            yield Issue(
                "X12C017",
                f"line {ln.number}: NDC unit {ln.ndc_unit!r} is not F2, GR, ME, ML or UN",
                pos(ctp, "CTP05-1"),
                "write the unit qualifier of the NDC quantity",
            )
    if mohs_line is not None and not claim.clia:
        medicare = claim.filing_indicator in ("MA", "MB")
        yield Issue(
            "X12C016",
            f"claim {claim.id} bills Mohs {mohs_line.code} (line {mohs_line.number}) without a CLIA number",
            pos(mohs_line.pos["SV1"], "SV101-2"),
            "add REF*X4 with the practice's CLIA certificate number after CLM",
            None if medicare else "warning",
        )


def _born(claim: Claim, births: dict[int, dt.date | None]) -> dt.date | None:
    party = claim.patient or claim.subscriber
    return party.birth_date


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
