"""The X12 content checks' code table (X12C…) and the issue record every X12 message uses.

These codes are for files, not encounters, so they live here rather than in
``rules/registry.py``; like rule codes they are never reused. Each issue carries its position:
segment ordinal, segment id, element reference (``SV107-2``), byte offset and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dermclaim.x12.segments import Position, Tokens

Severity = Literal["error", "warning", "info"]

__all__ = ["CHECKS", "Check", "Issue"]


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    name: str
    severity: Severity
    summary: str


CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        Check("X12C001", "control-number-mismatch", "error", "ISA13/IEA02, GS06/GE02 or ST02/SE02 differ"),
        Check(
            "X12C002", "envelope-count-wrong", "error", "IEA01, GE01 or SE01 does not count what it encloses"
        ),
        Check("X12C003", "malformed-number", "error", "an amount or quantity is not a decimal number"),
        Check(
            "X12C004",
            "invalid-date",
            "error",
            "a date is not a calendar date, or a range ends before it starts",
        ),
        Check(
            "X12C005",
            "icd10-code-unknown",
            "error",
            "a diagnosis is not an ICD-10-CM code of the table in force",
        ),
        Check(
            "X12C006",
            "icd10-code-not-billable",
            "error",
            "a diagnosis is a category header, not a billable leaf",
        ),
        Check(
            "X12C007", "diagnosis-pointer-out-of-range", "error", "SV107 points past the claim's HI diagnoses"
        ),
        Check(
            "X12C008",
            "claim-total-differs-from-lines",
            "error",
            "CLM02 is not the sum of the SV102 line charges",
        ),
        Check("X12C009", "npi-check-digit-fails", "error", "an NPI (NM108 = XX) fails its Luhn check digit"),
        Check("X12C010", "procedure-code-malformed", "error", "SV101-2 is not a CPT or HCPCS code"),
        Check("X12C011", "modifier-malformed", "error", "a procedure modifier is not two letters or digits"),
        Check(
            "X12C012",
            "diagnosis-qualifier-wrong",
            "error",
            "HI qualifiers: ABK first then ABF (ICD-10, from 2015-10-01), BK/BF only before",
        ),
        Check(
            "X12C013",
            "component-separator-mismatch",
            "error",
            "a composite uses another separator than the one ISA16 declares",
        ),
        Check(
            "X12C014",
            "service-date-impossible",
            "error",
            "a service date is after the file was created or before birth",
        ),
        Check("X12C015", "units-not-positive", "error", "SV104 units are zero or negative"),
        Check(
            "X12C016",
            "mohs-without-clia",
            "error",
            "a Mohs line (17311–17315) on a claim without REF*X4 CLIA number",
        ),
        Check(
            "X12C017", "ndc-malformed", "error", "LIN03 is not an 11-digit NDC, or CTP05 not a unit qualifier"
        ),
        Check(
            "X12C018", "tax-id-malformed", "error", "REF*EI is not a 9-digit employer identification number"
        ),
        Check("X12C019", "zip-malformed", "error", "a ZIP code is not 5 or 9 digits (billing provider: 9)"),
        Check(
            "X12C020",
            "place-of-service-unknown",
            "error",
            "CLM05-1 or SV105 is not a CMS place-of-service code",
        ),
        Check("X12C021", "claim-frequency-unknown", "error", "CLM05-2 is not B or CLM05-3 not 1, 6, 7 or 8"),
        Check("X12C022", "duplicate-claim-id", "warning", "two claims in the file share CLM01"),
        Check(
            "X12C023",
            "segment-out-of-place",
            "error",
            "a segment is where the 837P structure does not allow it",
        ),
        Check("X12C024", "diagnosis-pointer-repeated", "error", "a line points at the same diagnosis twice"),
        Check("X12C025", "line-without-diagnosis", "error", "a service line has no diagnosis pointer"),
        Check("X12C026", "segment-unreadable", "error", "a segment's elements cannot be read"),
        Check("X12C027", "demographic-code-unknown", "error", "DMG03 sex is not F, M or U"),
        Check("X12C028", "remittance-does-not-balance", "warning", "835 charge − adjustments ≠ payment"),
        Check("X12C029", "not-a-claim-file", "error", "the file holds no 837P transaction set"),
        Check("X12C030", "envelope-irregular", "warning", "an envelope is missing or unusual but readable"),
    )
}


class Issue:
    """One finding in an X12 file. Its position is computed when first asked for, so that a file
    with thousands of findings costs no more than one with a few."""

    __slots__ = ("_element", "_index", "_position", "_tokens", "code", "fix", "message", "severity")

    def __init__(
        self,
        code: str,
        message: str,
        position: Position | tuple[Tokens, int, str] | None,
        fix: str = "",
        severity: Severity | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.fix = fix
        self.severity = severity
        self._tokens: Tokens | None = None
        self._element = ""
        if isinstance(position, tuple):
            self._position: Position | None = None
            self._tokens, self._index, self._element = position
        else:
            self._position = position
            self._index = position.segment if position else 1 << 60

    @classmethod
    def at(
        cls,
        tokens: Tokens,
        index: int,
        element: str,
        code: str,
        message: str,
        fix: str = "",
        severity: Severity | None = None,
    ) -> Issue:
        issue = cls(code, message, None, fix, severity)
        issue._tokens, issue._index, issue._element = tokens, index, element
        return issue

    @property
    def position(self) -> Position | None:
        if self._position is None and self._tokens is not None:
            self._position = self._tokens.position(self._index, self._element)
        return self._position

    @property
    def sort_key(self) -> int:
        return self._index

    @property
    def level(self) -> Severity:
        return self.severity or CHECKS[self.code].severity

    @property
    def name(self) -> str:
        return CHECKS[self.code].name

    def to_json(self) -> dict[str, object]:
        pos = self.position
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.level,
            "message": self.message,
            "fix": self.fix,
            "position": pos.to_json() if pos else None,
        }

    def __repr__(self) -> str:
        return f"Issue({self.code}, {self.message!r})"

    def __str__(self) -> str:
        pos = self.position
        where = f"{pos}: " if pos else ""
        return f"{where}{self.level} {self.code} {self.message}"
