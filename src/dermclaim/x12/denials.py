"""Denials teach the engine: each denied remittance line, its reason in words, and the dermclaim
rule family that would have caught it before the claim went out (or that none exists yet).

The CARC/RARC table (``dermclaim/data/carc_rarc/codes.json``) maps each code to words and to rule
families (rule-code prefixes). When the claims are given (our 837P files or the encounter
documents), lines are matched by claim id (CLP01 = CLM01 = encounter id) and REF*6R line control
number, or else by code and modifiers; with encounter documents, the engine is run again and the
report says which rule of those families fires on the claim now.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

from dermclaim.x12.reader835 import Adjustment, ClaimPayment, LinePayment, Read835

__all__ = ["CodeInfo", "DenialReport", "DeniedLine", "code_table", "denial_report", "describe"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    kind: str
    text: str
    families: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CodeTable:
    source: str
    reviewed: str
    carc: dict[str, CodeInfo]
    rarc: dict[str, CodeInfo]


@cache
def code_table() -> CodeTable:
    raw = json.loads((files("dermclaim") / "data" / "carc_rarc" / "codes.json").read_text(encoding="utf-8"))
    carc = {k: CodeInfo(k, v["kind"], v["text"], tuple(v["families"])) for k, v in raw["carc"].items()}
    rarc = {k: CodeInfo(k, "remark", v["text"], tuple(v["families"])) for k, v in raw["rarc"].items()}
    return CodeTable(raw["source"], raw["reviewed"], carc, rarc)


def describe(code: str, *, remark: bool = False) -> CodeInfo:
    table = code_table()
    found = (table.rarc if remark else table.carc).get(code)
    if found is not None:
        return found
    what = "RARC" if remark else "CARC"
    return CodeInfo(code, "unknown", f"{what} {code} (not in dermclaim's table)", ())


@dataclass(slots=True)
class DeniedLine:
    claim_id: str
    code: str
    modifiers: list[str]
    charge: Decimal
    paid: Decimal
    denied: Decimal
    reasons: list[dict[str, Any]]
    remarks: list[dict[str, Any]]
    families: list[str]
    rules: list[str]
    caught_now: list[str] = field(default_factory=list)
    diagnoses: list[str] = field(default_factory=list)
    matched: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "code": self.code,
            "modifiers": self.modifiers,
            "charge": self.charge,
            "paid": self.paid,
            "denied_amount": self.denied,
            "reasons": self.reasons,
            "remarks": self.remarks,
            "families": self.families,
            "rules": self.rules,
            "prevention": self.prevention,
            "caught_now": self.caught_now,
            "billed_diagnoses": self.diagnoses,
            "matched_claim": self.matched or None,
        }

    @property
    def prevention(self) -> str:
        if self.caught_now:
            return f"dermclaim now flags it: {', '.join(self.caught_now)}"
        if self.rules:
            shown = ", ".join(self.rules[:6]) + (" …" if len(self.rules) > 6 else "")
            return f"rules that check this: {shown}"
        if self.families:
            return f"no rule yet (family {', '.join(self.families)} has no rule in this version)"
        return "no rule exists yet for this reason"


@dataclass(slots=True)
class DenialReport:
    lines: list[DeniedLine] = field(default_factory=list)
    claims: int = 0
    remittance_lines: int = 0

    def by_reason(self) -> list[dict[str, Any]]:
        money: dict[str, Decimal] = defaultdict(Decimal)
        count: dict[str, int] = defaultdict(int)
        words: dict[str, str] = {}
        for ln in self.lines:
            for r in ln.reasons:
                if r["kind"] in ("denial", "unknown"):
                    key = f"{r['group']}-{r['reason']}"
                    money[key] += r["amount"]
                    count[key] += 1
                    words[key] = r["text"]
        rows = [{"reason": k, "text": words[k], "lines": count[k], "amount": money[k]} for k in money]
        return sorted(rows, key=lambda r: (-r["amount"], r["reason"]))

    @property
    def total(self) -> Decimal:
        return sum((ln.denied for ln in self.lines), Decimal(0))

    def to_json(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "remittance_lines": self.remittance_lines,
            "denied_lines": [ln.to_json() for ln in self.lines],
            "by_reason": self.by_reason(),
            "total_denied": self.total,
            "codes_source": code_table().source,
        }


def _registered(families: list[str]) -> list[str]:
    from dermclaim.rules.registry import RULES
    from dermclaim.x12.issues import CHECKS

    out: list[str] = []
    for fam in families:
        pool = CHECKS if fam == "X12C" else RULES
        out += [code for code in pool if code[: len(fam)] == fam and code[len(fam) :].isdigit()]
    return out


def _reasons(adjs: list[Adjustment]) -> list[dict[str, Any]]:
    out = []
    for a in adjs:
        info = describe(a.reason)
        out.append(
            {
                "group": a.group,
                "reason": a.reason,
                "amount": a.amount,
                "kind": info.kind,
                "text": info.text,
                "families": list(info.families),
            }
        )
    return out


def _is_denied(paid: Decimal, reasons: list[dict[str, Any]], claim_denied: bool) -> bool:
    if any(r["kind"] == "denial" for r in reasons):
        return True
    if claim_denied:
        return True
    return paid == 0 and any(r["kind"] == "unknown" and r["amount"] > 0 for r in reasons)


def denial_report(
    eras: list[Read835],
    claims: dict[str, Any] | None = None,
    findings: dict[str, list[str]] | None = None,
) -> DenialReport:
    """``claims``: claim id -> x12.model.Claim (what was sent); ``findings``: claim id -> rule codes
    dermclaim raises on that claim now (from the encounter documents or ``x12 check``)."""
    claims = claims or {}
    findings = findings or {}
    report = DenialReport()
    for era in eras:
        for cp in era.claims():
            report.claims += 1
            units: list[tuple[LinePayment | None, list[Adjustment], list[str]]] = []
            if cp.lines:
                units = [
                    (ln, ln.adjustments + (cp.adjustments if len(cp.lines) == 1 else []), ln.remarks)
                    for ln in cp.lines
                ]
            else:
                units = [(None, cp.adjustments, [])]
            for ln, adjs, line_remarks in units:
                report.remittance_lines += 1
                reasons = _reasons(adjs)
                paid = ln.paid if ln is not None else cp.paid
                if not _is_denied(paid, reasons, cp.status == "4"):
                    continue
                remarks = [
                    {
                        "code": r,
                        "text": describe(r, remark=True).text,
                        "families": list(describe(r, remark=True).families),
                    }
                    for r in list(line_remarks) + cp.remarks
                ]
                fams: list[str] = []
                for r in reasons:
                    if r["kind"] in ("denial", "unknown"):
                        fams += [f for f in r["families"] if f not in fams]
                for r in remarks:
                    fams += [f for f in r["families"] if f not in fams]
                sent = claims.get(cp.claim_id)
                diagnoses: list[str] = []
                if sent is not None and ln is not None:
                    match = _match_line(sent, ln)
                    if match is not None:
                        diagnoses = list(match.diagnoses)
                caught = [c for c in findings.get(cp.claim_id, []) if any(c.startswith(f) for f in fams)]
                charge = ln.charge if ln is not None else cp.charge
                denied = sum((r["amount"] for r in reasons if r["kind"] in ("denial", "unknown")), Decimal(0))
                report.lines.append(
                    DeniedLine(
                        claim_id=cp.claim_id,
                        code=ln.code if ln is not None else "(claim)",
                        modifiers=ln.modifiers if ln is not None else [],
                        charge=charge,
                        paid=paid,
                        denied=denied if denied else charge - paid,
                        reasons=reasons,
                        remarks=remarks,
                        families=fams,
                        rules=_registered(fams),
                        caught_now=caught,
                        diagnoses=diagnoses,
                        matched=sent.id if sent is not None else "",
                    )
                )
    return report


def _match_line(sent: Any, ln: LinePayment) -> Any:
    for line in sent.lines:
        if ln.control_number and line.control_number == ln.control_number:
            return line
    for line in sent.lines:
        if line.code == ln.code and list(line.modifiers) == list(ln.modifiers):
            return line
    return None


def claims_denied(cp: ClaimPayment) -> bool:
    return cp.status == "4"
