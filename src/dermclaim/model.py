"""Output structures of the v1 contract (§2), shared by the CLI, the library and batch jobs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import msgspec

Severity = Literal["error", "warning", "info"]
FixSafety = Literal["safe", "unsafe", "display-only"]
Confidence = Literal["high", "medium", "low"]
Mode = Literal["code", "scrub"]

SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class _Out(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Optional fields are left out of the JSON when they hold their default."""


class _Always(msgspec.Struct, kw_only=True):
    """Every field is written, even at its default: programs rely on the contract's keys."""


class Line(_Always, kw_only=True):
    """One claim line: what to bill, and why."""

    code: str
    units: int = msgspec.field(default=1)
    modifiers: list[str] = msgspec.field(default_factory=list)
    diagnoses: list[str] = msgspec.field(default_factory=list)
    procedures: list[str] = msgspec.field(default_factory=list)
    because: str = ""


class Fact(_Out, kw_only=True):
    """A documentation fact a finding relied on: where in the document, and its value."""

    pointer: str
    value: object = None


class Finding(_Always, kw_only=True):
    rule: str
    name: str
    severity: Severity
    message: str
    fix: str
    fix_safety: FixSafety
    confidence: Confidence
    lines: list[int] = msgspec.field(default_factory=list)
    procedures: list[str] = msgspec.field(default_factory=list)
    sources: list[str] = msgspec.field(default_factory=list)
    facts: list[Fact] = msgspec.field(default_factory=list)


class SiteOut(_Out, kw_only=True):
    canonical: str
    label: str
    laterality: str
    groups: dict[str, str | None]
    skin_codes_apply: bool = True


class ProcedureOut(_Out, kw_only=True):
    id: str
    type: str
    status: str
    reason: str = ""
    lines: list[int]
    site: SiteOut | None = None


class TableUse(_Out, kw_only=True):
    table: str
    release: str
    in_force: bool


class Result(_Out, kw_only=True):
    encounter: str
    mode: Mode
    date_of_service: dt.date
    lines: list[Line]
    patient_responsibility: list[Line]
    findings: list[Finding]
    procedures: list[ProcedureOut]
    corrected_lines: list[Line] | None = None
    tables: list[TableUse] = msgspec.field(default_factory=list)

    def worst(self) -> Severity | None:
        """The most severe finding, or None when there is none."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=SEVERITY_RANK.__getitem__)


@dataclass(frozen=True, slots=True)
class Source:
    """An authority behind a rule, with the dates it is in force."""

    citation: str
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    url: str | None = None

    def render(self) -> str:
        if self.effective_from and self.effective_to:
            when = f"in force {self.effective_from} to {self.effective_to}"
        elif self.effective_from:
            when = f"in force from {self.effective_from}"
        else:
            when = ""
        return f"{self.citation} ({when})" if when else self.citation
