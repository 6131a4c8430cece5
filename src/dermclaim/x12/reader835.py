"""835 reader (005010X221A1): remittances -> claim payments, line payments, adjustments, remarks.

Tolerant of real files: unpadded ISA fields, a bare ST…SE without envelope, several interchanges,
groups and transaction sets, composite separators other than ':', a claim without the LX header,
negative amounts (reversals), claim-level adjustments without lines, PLB-only transactions. A
malformed segment (an amount that is not a number, a CAS without reason code) is an issue with its
position; the rest of the file is still read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from dermclaim.x12.issues import Issue
from dermclaim.x12.segments import Tokens, tokenize

__all__ = ["Adjustment", "ClaimPayment", "LinePayment", "Read835", "Remittance", "read_835"]

CLAIM_STATUS = {
    "1": "processed as primary",
    "2": "processed as secondary",
    "3": "processed as tertiary",
    "4": "denied",
    "19": "processed as primary, forwarded to additional payer(s)",
    "20": "processed as secondary, forwarded to additional payer(s)",
    "21": "processed as tertiary, forwarded to additional payer(s)",
    "22": "reversal of previous payment",
    "23": "not our claim, forwarded to additional payer(s)",
    "25": "predetermination pricing only, no payment",
}
GROUPS = {
    "CO": "contractual obligation",
    "OA": "other adjustment",
    "PI": "payer initiated reduction",
    "PR": "patient responsibility",
    "CR": "correction and reversal",
}


@dataclass(slots=True)
class Adjustment:
    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"group": self.group, "reason": self.reason, "amount": self.amount}
        if self.quantity is not None:
            out["quantity"] = self.quantity
        return out


@dataclass(slots=True)
class LinePayment:
    code: str
    qualifier: str
    modifiers: list[str]
    charge: Decimal
    paid: Decimal
    units: Decimal | None = None
    original_code: str = ""
    service_date: dt.date | None = None
    control_number: str = ""
    allowed: Decimal | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    segment: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "qualifier": self.qualifier,
            "modifiers": self.modifiers,
            "charge": self.charge,
            "paid": self.paid,
            "units": self.units,
            "original_code": self.original_code or None,
            "service_date": self.service_date.isoformat() if self.service_date else None,
            "control_number": self.control_number or None,
            "allowed": self.allowed,
            "adjustments": [a.to_json() for a in self.adjustments],
            "remarks": self.remarks,
        }


@dataclass(slots=True)
class ClaimPayment:
    claim_id: str
    status: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal | None = None
    filing_indicator: str = ""
    payer_claim_number: str = ""
    facility: str = ""
    frequency: str = ""
    patient_name: str = ""
    patient_id: str = ""
    rendering_npi: str = ""
    statement_from: dt.date | None = None
    statement_to: dt.date | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    lines: list[LinePayment] = field(default_factory=list)
    segment: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "status": self.status,
            "status_text": CLAIM_STATUS.get(self.status, "unknown status"),
            "charge": self.charge,
            "paid": self.paid,
            "patient_responsibility": self.patient_responsibility,
            "filing_indicator": self.filing_indicator or None,
            "payer_claim_number": self.payer_claim_number or None,
            "facility": self.facility or None,
            "frequency": self.frequency or None,
            "patient": {"name": self.patient_name or None, "id": self.patient_id or None},
            "rendering_npi": self.rendering_npi or None,
            "statement_from": self.statement_from.isoformat() if self.statement_from else None,
            "statement_to": self.statement_to.isoformat() if self.statement_to else None,
            "adjustments": [a.to_json() for a in self.adjustments],
            "remarks": self.remarks,
            "lines": [ln.to_json() for ln in self.lines],
        }


@dataclass(slots=True)
class ProviderAdjustment:
    provider: str
    fiscal_period_end: dt.date | None
    reason: str
    reference: str
    amount: Decimal

    def to_json(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "fiscal_period_end": self.fiscal_period_end.isoformat() if self.fiscal_period_end else None,
            "reason": self.reason,
            "reference": self.reference or None,
            "amount": self.amount,
        }


@dataclass(slots=True)
class Remittance:
    """One 835 transaction set."""

    control: str
    payment_amount: Decimal | None = None
    credit_debit: str = ""
    payment_method: str = ""
    payment_date: dt.date | None = None
    trace_number: str = ""
    payer_name: str = ""
    payer_id: str = ""
    payee_name: str = ""
    payee_npi: str = ""
    payee_tax_id: str = ""
    production_date: dt.date | None = None
    claims: list[ClaimPayment] = field(default_factory=list)
    provider_adjustments: list[ProviderAdjustment] = field(default_factory=list)
    segment: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "control": self.control,
            "payment": {
                "amount": self.payment_amount,
                "credit_debit": self.credit_debit or None,
                "method": self.payment_method or None,
                "date": self.payment_date.isoformat() if self.payment_date else None,
                "trace_number": self.trace_number or None,
            },
            "payer": {"name": self.payer_name or None, "id": self.payer_id or None},
            "payee": {
                "name": self.payee_name or None,
                "npi": self.payee_npi or None,
                "tax_id": self.payee_tax_id or None,
            },
            "production_date": self.production_date.isoformat() if self.production_date else None,
            "claims": [c.to_json() for c in self.claims],
            "provider_adjustments": [p.to_json() for p in self.provider_adjustments],
        }


@dataclass(slots=True)
class Read835:
    tokens: Tokens
    source: str
    remittances: list[Remittance] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.source,
            "remittances": [r.to_json() for r in self.remittances],
            "issues": [i.to_json() for i in self.issues],
        }

    def claims(self) -> list[ClaimPayment]:
        return [c for r in self.remittances for c in r.claims]


def _date(value: str) -> dt.date | None:
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def read_835(data: bytes | str, *, source: str = "input") -> Read835:
    """Read an 835 file. Raises X12ReadError only when the input is not X12 at all."""
    tokens = tokenize(data, source=source)
    out = Read835(tokens, source)

    def issue(code: str, index: int, element: str, message: str, fix: str = "") -> None:
        out.issues.append(Issue.at(tokens, index, element, code, message, fix))

    def num(value: str, index: int, element: str, *, required: bool = True) -> Decimal | None:
        if not value:
            if required:
                issue("X12C003", index, element, f"{element} is empty; an amount is required")
            return None
        try:
            d = Decimal(value)
            if not d.is_finite():
                raise InvalidOperation
            return d
        except (InvalidOperation, ValueError):
            issue("X12C003", index, element, f"{element} {value!r} is not a number")
            return None

    for msg, idx in tokens.notes:
        issue("X12C030", idx, "", msg)
    remit: Remittance | None = None
    claim: ClaimPayment | None = None
    line: LinePayment | None = None
    n1 = ""
    bounds = [c.first for c in tokens._chunks[1:]] + [len(tokens.segs)]
    saw_st = False
    open_env: dict[str, tuple[int, str, int]] = {}  # kind -> (segment index, control, children)

    def close(kind: str, i: int, e: list[str]) -> None:
        ctl_el, count_el = {"ISA": ("IEA02", "IEA01"), "GS": ("GE02", "GE01"), "ST": ("SE02", "SE01")}[kind]
        if kind not in open_env:
            issue("X12C023", i, "", f"{e[0]} without its {kind}")
            return
        start, control, children = open_env.pop(kind)
        if e[2].strip() != control:
            issue(
                "X12C001",
                i,
                ctl_el,
                f"{ctl_el} {e[2].strip()!r} differs from the {kind} control number {control!r}",
                f"write {control} in {ctl_el}",
            )
        actual = tokens.ordinal(i) - tokens.ordinal(start) + 1 if kind == "ST" else children
        if e[1] != str(actual):
            issue("X12C002", i, count_el, f"{count_el} says {e[1]!r} but counts {actual}", f"write {actual}")

    for chunk, stop in zip(tokens._chunks, bounds, strict=True):
        E, C = chunk.seps.element, chunk.seps.component
        for i in range(chunk.first, stop):
            s = tokens.segs[i]
            if not s:
                continue
            e = s.split(E)
            if len(e) < 20:
                e += [""] * (20 - len(e))
            tag = e[0]
            if tag in ("ISA", "GS", "ST"):
                parent = {"GS": "ISA", "ST": "GS"}.get(tag)
                if parent in open_env:
                    st_i, ctl, kids = open_env[parent]
                    open_env[parent] = (st_i, ctl, kids + 1)
                open_env[tag] = (i, (e[13] if tag == "ISA" else e[6] if tag == "GS" else e[2]).strip(), 0)
            elif tag in ("IEA", "GE", "SE"):
                close({"IEA": "ISA", "GE": "GS", "SE": "ST"}[tag], i, e)
            if tag == "ST":
                saw_st = True
                if e[1] and e[1] != "835":
                    issue("X12C029", i, "ST01", f"transaction set {e[1]} is not an 835 remittance")
                remit = Remittance(control=e[2], segment=i)
                out.remittances.append(remit)
                claim = line = None
                n1 = ""
                continue
            if tag in ("ISA", "GS", "GE", "IEA"):
                continue
            if remit is None:
                issue("X12C023", i, "", f"{tag} before any ST: not inside a transaction set")
                continue
            if tag == "BPR":
                remit.payment_amount = num(e[2], i, "BPR02")
                remit.credit_debit, remit.payment_method = e[3], e[4]
                remit.payment_date = _date(e[16])
            elif tag == "TRN":
                remit.trace_number = e[2]
            elif tag == "DTM":
                q, day = e[1], _date(e[2])
                if e[2] and day is None:
                    issue("X12C004", i, "DTM02", f"date {e[2]!r} is not CCYYMMDD")
                if q == "405":
                    remit.production_date = day
                elif line is not None and q in ("472", "150"):
                    line.service_date = day
                elif claim is not None and q == "232":
                    claim.statement_from = day
                elif claim is not None and q == "233":
                    claim.statement_to = day
            elif tag == "N1":
                n1 = e[1]
                if n1 == "PR":
                    remit.payer_name = e[2]
                    if e[3] == "XV" or e[4]:
                        remit.payer_id = e[4]
                elif n1 == "PE":
                    remit.payee_name = e[2]
                    if e[3] == "XX":
                        remit.payee_npi = e[4]
                    elif e[3] == "FI":
                        remit.payee_tax_id = e[4]
            elif tag == "REF":
                if line is not None:
                    if e[1] == "6R":
                        line.control_number = e[2]
                elif claim is None and n1 == "PR" and e[1] == "2U":
                    remit.payer_id = remit.payer_id or e[2]
                elif claim is None and n1 == "PE" and e[1] == "TJ":
                    remit.payee_tax_id = e[2]
            elif tag == "CLP":
                line = None
                charge = num(e[3], i, "CLP03") or Decimal(0)
                paid = num(e[4], i, "CLP04") or Decimal(0)
                if not e[1]:
                    issue("X12C026", i, "CLP01", "CLP01 (the claim id sent on the 837) is empty")
                claim = ClaimPayment(
                    claim_id=e[1],
                    status=e[2],
                    charge=charge,
                    paid=paid,
                    patient_responsibility=num(e[5], i, "CLP05", required=False),
                    filing_indicator=e[6],
                    payer_claim_number=e[7],
                    facility=e[8],
                    frequency=e[9],
                    segment=i,
                )
                remit.claims.append(claim)
            elif tag == "CAS":
                target = line if line is not None else claim
                if target is None:
                    issue("X12C023", i, "", "CAS outside a claim")
                    continue
                group = e[1]
                if group not in GROUPS:
                    issue("X12C026", i, "CAS01", f"CAS01 group {group!r} is not CO, OA, PI, PR or CR")
                for k in range(2, 19, 3):
                    reason, amount = e[k], e[k + 1]
                    if not reason and not amount:
                        continue
                    if not reason:
                        issue("X12C026", i, f"CAS{k:02d}", f"CAS{k:02d}: an amount without a reason code")
                        continue
                    value = num(amount, i, f"CAS{k + 1:02d}")
                    if value is None:
                        continue
                    qty = num(e[k + 2], i, f"CAS{k + 2:02d}", required=False)
                    target.adjustments.append(Adjustment(group, reason, value, qty))
            elif tag == "NM1":
                if claim is not None and line is None:
                    if e[1] == "QC":
                        claim.patient_name = " ".join(x for x in (e[4], e[3]) if x)
                        claim.patient_id = e[9]
                    elif e[1] == "82":
                        claim.rendering_npi = e[9]
            elif tag == "MOA" or tag == "MIA":
                if claim is not None:
                    slots = range(3, 8) if tag == "MOA" else (5, 20, 21, 22, 23)
                    for k in slots:
                        if k < len(e) and e[k]:
                            claim.remarks.append(e[k])
            elif tag == "SVC":
                if claim is None:
                    issue("X12C023", i, "", "SVC outside a claim (CLP)")
                    continue
                comp = e[1].split(C)
                if len(comp) == 1:
                    for alt in (":", ">", "|", "^"):
                        if alt != C and alt in e[1]:
                            issue(
                                "X12C013",
                                i,
                                "SVC01",
                                f"SVC01 {e[1]!r} is separated by {alt!r}, but ISA16 declares {C!r}",
                            )
                            comp = e[1].split(alt)
                            break
                comp += ["", ""]
                line = LinePayment(
                    code=comp[1],
                    qualifier=comp[0],
                    modifiers=[m for m in comp[2:6] if m],
                    charge=num(e[2], i, "SVC02") or Decimal(0),
                    paid=num(e[3], i, "SVC03") or Decimal(0),
                    units=num(e[5], i, "SVC05", required=False),
                    original_code=e[6].split(C)[1] if C in e[6] else "",
                    segment=i,
                )
                claim.lines.append(line)
            elif tag == "AMT":
                if line is not None and e[1] == "B6":
                    line.allowed = num(e[2], i, "AMT02")
            elif tag == "LQ":
                if line is not None and e[1] == "HE":
                    line.remarks.append(e[2])
            elif tag == "LX":
                claim = line = None
            elif tag == "PLB":
                for k in range(3, 15, 2):
                    ident, amount = e[k], e[k + 1]
                    if not ident and not amount:
                        continue
                    value = num(amount, i, f"PLB{k + 1:02d}")
                    reason, _, ref = ident.partition(C)
                    if value is not None:
                        remit.provider_adjustments.append(
                            ProviderAdjustment(e[1], _date(e[2]), reason, ref, value)
                        )
            elif tag == "SE":
                claim = line = None
    if not saw_st:
        out.issues.append(
            Issue(
                "X12C029",
                "no ST transaction set: not a remittance",
                tokens.end_position(),
                "send an 835 file",
            )
        )
    for remit in out.remittances:
        for c in remit.claims:
            _balance(c, tokens, out.issues)
    return out


def _balance(c: ClaimPayment, tokens: Tokens, issues: list[Issue]) -> None:
    """Charge − adjustments = payment, for the claim and each line (X221 balancing rules)."""
    if c.lines:
        for ln in c.lines:
            adj = sum((a.amount for a in ln.adjustments), Decimal(0))
            if ln.charge - adj != ln.paid:
                issues.append(
                    Issue.at(
                        tokens,
                        ln.segment,
                        "SVC03",
                        "X12C028",
                        f"claim {c.claim_id} line {ln.code}: charge {ln.charge} − adjustments {adj} "
                        f"≠ paid {ln.paid}",
                    )
                )
    adj = sum((a.amount for a in c.adjustments), Decimal(0)) + sum(
        (a.amount for ln in c.lines for a in ln.adjustments), Decimal(0)
    )
    if c.status not in ("22", "25") and c.charge - adj != c.paid:
        issues.append(
            Issue.at(
                tokens,
                c.segment,
                "CLP04",
                "X12C028",
                f"claim {c.claim_id}: charge {c.charge} − adjustments {adj} ≠ paid {c.paid}",
            )
        )
