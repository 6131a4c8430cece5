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
    allowed: float = 0.0
    """Medicare allowed amount in dollars (money.py): RVUs for the place of service × conversion
    factor × units, after the multiple-procedure reduction; 0.0 when the fee schedule does not
    price the code or Medicare's automated edits (NCCI PTP, add-on, MUE) deny the line."""
    ndc: str | msgspec.UnsetType = msgspec.UNSET
    """Drug lines only (the three ndc keys are absent elsewhere): the 11-digit NDC, 5-4-2 without
    hyphens, reported after qualifier N4 (CMS-1500 24A shaded area; 837P loop 2410 LIN03)."""
    ndc_unit: str | msgspec.UnsetType = msgspec.UNSET
    """Unit qualifier of the NDC quantity: F2, GR, ME, ML or UN (837P CTP05)."""
    ndc_quantity: float | msgspec.UnsetType = msgspec.UNSET
    """NDC quantity in that unit (837P CTP04)."""


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
    amount: float | None = None
    """Dollars of Medicare allowed amount the fix changes: positive = revenue recovered by the
    correction, negative = overpayment avoided; null when it cannot be computed."""
    related: list[str] = msgspec.field(default_factory=list)
    """Generic table edits (NCCI, MUE, add-on) that found the same lines and were folded into
    this finding; their sources are among this finding's sources."""


class Totals(_Always, kw_only=True):
    """Money of a scrubbed claim: allowed amounts of the billed and the corrected lines."""

    billed_allowed: float
    corrected_allowed: float
    difference: float
    """corrected_allowed − billed_allowed: positive = revenue the corrections recover."""
    basis: str = ""
    unpriced: list[str] = msgspec.field(default_factory=list)
    """Codes the fee schedule does not price (drugs, carrier-priced …), counted as 0.00."""


class SiteOut(_Out, kw_only=True):
    canonical: str
    label: str
    laterality: str
    groups: dict[str, str | None]
    skin_codes_apply: bool = True


class EvidenceOut(_Always, kw_only=True):
    """A note span the medical-necessity audit read (contract §2 procedures[].necessity)."""

    text: str
    start: int
    end: int
    concept: str
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    family: bool = False
    uncertain: bool = False
    """Also counted in ``hypothetical`` (the contract's flag): 'rule out', 'may be growing'."""
    procedural: bool = False
    """Consent or procedure boilerplate ('risks including bleeding were discussed')."""
    counts: bool = False
    """Whether the span supports the verdict (affirmed, current, about the patient)."""


class NecessityOut(_Always, kw_only=True):
    """Medical necessity of a dual-purpose procedure: medical, cosmetic or undocumented."""

    verdict: str
    evidence: list[EvidenceOut] = msgspec.field(default_factory=list)
    kind: str = ""
    declared: str = "medical"
    reason: str = ""
    needs: list[str] = msgspec.field(default_factory=list)
    """What the note would need for the procedure to be medical (undocumented verdicts)."""
    policy: str = ""
    rules: list[str] = msgspec.field(default_factory=list)
    """Codes of the findings raised about it (NEC…, RTE…)."""
    billed_to: str = ""
    """'payer' or 'patient' (patient_responsibility), with any G-modifiers in ``modifiers``."""
    modifiers: list[str] = msgspec.field(default_factory=list)


class MohsAucOut(_Always, kw_only=True):
    """The Mohs Appropriate Use Criteria rating of one Mohs procedure (contract §2)."""

    area: str | None
    histology_class: str
    rating: str
    tumor: str | None = None
    confidence: str = "high"
    reason: str = ""
    missing: list[str] = msgspec.field(default_factory=list)
    rules: list[str] = msgspec.field(default_factory=list)


class ProcedureOut(_Out, kw_only=True):
    id: str
    type: str
    status: str
    reason: str = ""
    lines: list[int]
    site: SiteOut | None = None
    patient_lines: list[int] = msgspec.field(default_factory=list)
    """Indexes into ``patient_responsibility`` (cosmetic work billed to the patient)."""
    necessity: NecessityOut | None = None
    mohs_auc: MohsAucOut | None = None


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
    totals: Totals | None = None

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
