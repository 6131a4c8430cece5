"""837P reader: any 005010X222 file -> claims, with the position of every value.

Tolerant by design: it follows the hierarchical levels (HL 20 billing provider, 22 subscriber,
23 patient), the claim (CLM) and its lines (LX/SV1) and reads what dermclaim needs; loops it
does not use (COB 2320/2330, ambulance, DME, repricing …) are stepped over, except that the other
payers' ids are kept. Anything it cannot read is an :class:`~dermclaim.x12.issues.Issue` with its
position, never an exception; only a file that is not X12 at all raises ``X12ReadError``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dermclaim.x12.issues import Issue
from dermclaim.x12.model import Address, Claim, ClaimLine, Party
from dermclaim.x12.segments import Tokens, tokenize

__all__ = ["Envelope", "Read837", "read_837"]


@dataclass(slots=True)
class Envelope:
    """A header/trailer pair (ISA/IEA, GS/GE, ST/SE) with what the trailer declares."""

    kind: str  # "ISA", "GS" or "ST"
    control: str
    start: int  # segment index of the header
    end: int | None = None  # segment index of the trailer
    declared_count: str = ""
    trailer_control: str = ""
    children: int = 0
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Read837:
    tokens: Tokens
    claims: list[Claim] = field(default_factory=list)
    envelopes: list[Envelope] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    created: dt.date | None = None
    transaction_sets: int = 0

    def issue(self, code: str, index: int, element: str, message: str, fix: str = "") -> None:
        self.issues.append(Issue.at(self.tokens, index, element, code, message, fix))


_ZERO = Decimal(0)


_DATES: dict[str, dt.date | None] = {}


def _date(value: str) -> dt.date | None:
    if value in _DATES:
        return _DATES[value]
    day = _parse_date(value)
    if len(_DATES) < 65536:
        _DATES[value] = day
    return day


def _parse_date(value: str) -> dt.date | None:
    if len(value) != 8 or not value.isdigit():
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _dx(code: str) -> str:
    c = code.strip().upper().replace(".", "")
    return c if len(c) <= 3 else f"{c[:3]}.{c[3:]}"


def read_837(data: bytes | str, *, source: str = "input") -> Read837:
    """Read an 837P file. Raises X12ReadError only when the input is not X12 at all."""
    tokens = tokenize(data, source=source)
    out = Read837(tokens)
    for msg, idx in tokens.notes:
        out.issue("X12C030", idx, "", msg)
    _Walker(out).run()
    return out


class _Walker:
    def __init__(self, out: Read837) -> None:
        self.out = out
        self.numbers: dict[str, Decimal] = {}

    def number(self, value: str, index: int, element: str) -> Decimal:
        known = self.numbers.get(value)
        if known is not None:
            return known
        try:
            d = Decimal(value)
            if not d.is_finite():
                raise InvalidOperation
            if len(self.numbers) < 4096:
                self.numbers[value] = d
            return d
        except (InvalidOperation, ValueError):
            self.out.issue(
                "X12C003",
                index,
                element,
                f"{element} {value!r} is not a number",
                f"write {element} as a decimal",
            )
            return Decimal(0)

    def finish(self, c: Claim | None) -> None:
        if c is None:
            return
        for ln in c.lines:
            ln.diagnoses = [c.diagnoses[p - 1] for p in ln.pointers if 0 < p <= len(c.diagnoses)]
        if "HI" not in c.pos:
            self.out.issue(
                "X12C023",
                c.pos["CLM"],
                "",
                f"claim {c.id} has no HI diagnosis segment",
                "add HI with the principal diagnosis (ABK)",
            )

    def run(self) -> None:
        out = self.out
        tokens = out.tokens
        segs = tokens.segs
        chunks = tokens._chunks
        bounds = [c.first for c in chunks[1:]] + [len(segs)]
        stack: list[Envelope] = []
        billing = Party(entity="2")
        pending_taxonomy = ""
        pay_to: Address | None = None
        subscriber = Party()
        payer = Party(entity="2")
        patient: Party | None = None
        sbr = ("", "", "", "")  # SBR01, SBR02, SBR03, SBR09
        pat_rel = ""
        entity: Party | None = None
        dummy = Party()
        in_cob = False
        in_st = False
        born: dt.date | None = None
        pad = [""] * 17
        issue = out.issue
        numbers = self.numbers
        dates = _DATES
        claim: Claim | None = None
        cur_line: ClaimLine | None = None
        finish = self.finish
        number = self.number
        for chunk, stop in zip(chunks, bounds, strict=True):
            E = chunk.seps.element
            C = chunk.seps.component
            used = {E, C, chunk.seps.repetition or "", chunk.seps.segment} - {""}
            foreign_chars = "".join(ch for ch in ":>^|\\" if ch not in used)
            foreign = re.compile("[" + re.escape(foreign_chars) + "]") if foreign_chars else None
            for i in range(chunk.first, stop):
                s = segs[i]
                if not s:
                    continue
                e = s.split(E)
                n = len(e)
                if n < 13:
                    e += pad[: 13 - n]
                tag = e[0]
                if tag == "SV1":
                    line = cur_line
                    if claim is None or line is None or "SV1" in line.pos:
                        issue("X12C023", i, "", "SV1 outside a claim line (it must follow LX in a claim)")
                        continue
                    line.pos["SV1"] = i
                    comp = e[1].split(C)
                    if len(comp) == 1 and foreign is not None and foreign.search(comp[0]):
                        bad = foreign.search(comp[0]).group()  # type: ignore[union-attr]
                        issue(
                            "X12C013",
                            i,
                            "SV101",
                            f"SV101 {comp[0]!r} is separated by {bad!r}, but ISA16 declares {C!r}",
                            f"separate the composite with {C!r}",
                        )
                        comp = comp[0].split(bad)
                    line.qualifier = comp[0]
                    line.code = comp[1] if len(comp) > 1 else ""
                    line.modifiers = [m for m in comp[2:6] if m] if len(comp) > 2 else []
                    line.charge = numbers.get(e[2]) or number(e[2], i, "SV102")
                    line.unit_basis = e[3]
                    line.units = numbers.get(e[4]) or number(e[4] or "0", i, "SV104")
                    line.place_of_service = e[5]
                    ptrs = e[7]
                    if ptrs:
                        if ptrs.isdigit():
                            line.pointers = [int(ptrs)]
                            continue
                        parts = ptrs.split(C)
                        if len(parts) == 1 and foreign is not None and foreign.search(ptrs):
                            parts = ptrs.split(foreign.search(ptrs).group())  # type: ignore[union-attr]
                        pointers: list[int] = []
                        for k, p in enumerate(parts, start=1):
                            if p.isdigit():
                                pointers.append(int(p))
                            elif p:
                                issue(
                                    "X12C007",
                                    i,
                                    f"SV107-{k}",
                                    f"diagnosis pointer {p!r} is not a number 1–12",
                                )
                        line.pointers = pointers
                elif tag == "DTP":
                    if cur_line is not None and e[1] == "472":
                        cur_line.pos["DTP"] = i
                        fmt, value = e[2], e[3]
                        if fmt == "RD8" and "-" in value:
                            a, _, b = value.partition("-")
                            start, end = _date(a), _date(b)
                        else:
                            start = end = dates[value] if value in dates else _date(value)
                        if start is None or end is None:
                            issue(
                                "X12C004", i, "DTP03", f"service date {value!r} is not a {fmt or 'D8'} date"
                            )
                        elif end < start:
                            issue("X12C004", i, "DTP03", f"service date range {value} ends before it starts")
                        else:
                            cur_line.service_date = start
                            cur_line.service_date_end = end if end != start else None
                elif tag == "LX":
                    if claim is None:
                        issue("X12C023", i, "", "LX outside a claim")
                        continue
                    if cur_line is not None and "SV1" not in cur_line.pos:
                        issue("X12C023", cur_line.pos["LX"], "", "service line without SV1")
                    lx_number = int(e[1]) if e[1].isdigit() else len(claim.lines) + 1
                    cur_line = ClaimLine(
                        lx_number,
                        "",
                        _ZERO,
                        _ZERO,
                        [],
                        "HC",
                        "UN",
                        "",
                        [],
                        [],
                        None,
                        None,
                        "",
                        "",
                        None,
                        "",
                        [],
                        "",
                        {"LX": i},
                    )
                    claim.lines.append(cur_line)
                    entity = dummy
                elif tag == "REF":
                    q = e[1]
                    value = e[2]
                    if cur_line is not None:
                        if q == "6R":
                            cur_line.control_number = value
                        elif q == "G1":
                            cur_line.prior_authorizations.append(value)
                    elif claim is not None and not in_cob:
                        if q == "G1":
                            claim.prior_authorization = value
                        elif q == "X4":
                            claim.clia = value
                            claim.pos["X4"] = i
                        elif q == "9F":
                            claim.referral_number = value
                    elif q in ("EI", "SY") and entity is billing:
                        billing.tax_id = value
                elif tag == "NM1":
                    q = e[1]
                    party = Party(
                        entity=e[2],
                        last=e[3],
                        first=e[4],
                        middle=e[5],
                        suffix=e[7],
                        id_qualifier=e[8],
                        id=e[9],
                    )
                    if claim is None:
                        if q == "85":
                            party.taxonomy = pending_taxonomy
                            billing = party
                            entity = billing
                        elif q == "87":
                            pay_to = Address()
                            entity = Party(address=pay_to)
                        elif q == "IL":
                            subscriber = party
                            entity = subscriber
                        elif q == "PR":
                            payer = party
                            entity = payer
                        elif q == "QC":
                            patient = party
                            entity = patient
                        else:
                            entity = dummy if q not in ("41", "40") else party
                    elif in_cob:
                        if q == "PR" and party.id:
                            claim.other_payers.append(party.id)
                        entity = dummy
                    elif q == "82":
                        if cur_line is not None:
                            cur_line.rendering_npi = party.id
                            entity = dummy
                        else:
                            claim.rendering_provider = party
                            entity = party
                    else:
                        entity = dummy
                elif tag == "HL":
                    finish(claim)
                    claim = None
                    cur_line = None
                    level = e[3]
                    entity = None
                    if level == "22":
                        subscriber, payer, patient, pat_rel, born = Party(), Party(entity="2"), None, "", None
                    elif level == "20":
                        billing, pending_taxonomy, pay_to = Party(entity="2"), "", None
                    elif level == "23":
                        patient = Party()
                elif tag == "N4":
                    if entity is not None:
                        if entity.address is None:
                            entity.address = Address()
                        addr = entity.address
                        addr.city, addr.state, addr.postal_code = e[1], e[2], e[3]
                elif tag == "N3":
                    if entity is not None:
                        if entity.address is None:
                            entity.address = Address()
                        entity.address.line1, entity.address.line2 = e[1], e[2]
                elif tag == "SBR":
                    if claim is None:
                        sbr = (e[1], e[2], e[3], e[9])
                    else:
                        in_cob = True
                        entity = dummy
                elif tag == "DMG":
                    if entity is not None and entity is not dummy:
                        born = _date(e[2])
                        if e[2] and born is None:
                            issue("X12C004", i, "DMG02", "the birth date (DMG02) is not a D8 date CCYYMMDD")
                        entity.birth_date, entity.sex = born, e[3]
                elif tag == "CLM":
                    finish(claim)
                    claim = None
                    cur_line = None
                    in_cob = False
                    if not in_st:
                        issue("X12C023", i, "", "CLM outside a transaction set")
                    clm05 = e[5].split(C)
                    if len(clm05) == 1 and foreign is not None and foreign.search(clm05[0]):
                        bad = foreign.search(clm05[0]).group()  # type: ignore[union-attr]
                        issue(
                            "X12C013",
                            i,
                            "CLM05",
                            f"CLM05 {clm05[0]!r} is separated by {bad!r}, but ISA16 declares {C!r}",
                            f"separate the composite with {C!r}",
                        )
                        clm05 = clm05[0].split(bad)
                    clm05 += ["", "", ""]
                    c = Claim(
                        e[1],
                        number(e[2], i, "CLM02"),
                        clm05[0],
                        clm05[2],
                        clm05[1],
                        e[6],
                        e[7],
                        e[8],
                        e[9],
                        payer_responsibility=sbr[0],
                        relationship=sbr[1] if patient is None else pat_rel,
                        group_number=sbr[2],
                        filing_indicator=sbr[3],
                        subscriber=subscriber,
                        patient=patient,
                        payer=payer,
                        billing_provider=billing,
                        pay_to=pay_to,
                        transaction=stack[-1].control if stack and stack[-1].kind == "ST" else "",
                    )
                    c.pos["CLM"] = i
                    out.claims.append(c)
                    claim = c
                    cur_line = None
                    entity = dummy
                elif tag == "HI":
                    if claim is None:
                        issue("X12C023", i, "", "HI outside a claim")
                        continue
                    kind = e[1].split(C, 1)[0]
                    if kind not in ("ABK", "BK", "ABF", "BF") or "HI" in claim.pos:
                        continue  # condition codes, anesthesia procedures …
                    claim.pos["HI"] = i
                    codes: list[str] = []
                    quals: list[str] = []
                    for k in range(1, n):
                        part = e[k].split(C)
                        if len(part) == 1 and e[k] and foreign is not None and foreign.search(e[k]):
                            bad = foreign.search(e[k]).group()  # type: ignore[union-attr]
                            issue(
                                "X12C013",
                                i,
                                f"HI{k:02d}",
                                f"HI{k:02d} {e[k]!r} is separated by {bad!r}, but ISA16 declares {C!r}",
                                f"separate the composite with {C!r}",
                            )
                            part = e[k].split(bad)
                        quals.append(part[0])
                        codes.append(_dx(part[1] if len(part) > 1 else ""))
                    claim.diagnoses = codes
                    claim.diagnosis_qualifiers = quals
                    claim.diagnosis_codeset = "icd9" if quals and quals[0] in ("BK", "BF") else "icd10"
                elif tag == "PRV":
                    if e[1] == "BI":
                        pending_taxonomy = e[3]
                        billing.taxonomy = pending_taxonomy
                    elif e[1] == "PE" and claim is not None and cur_line is None and claim.rendering_provider:
                        claim.rendering_provider.taxonomy = e[3]
                elif tag == "PAT":
                    pat_rel = e[1]
                elif tag == "LIN":
                    if cur_line is not None:
                        cur_line.pos["LIN"] = i
                        cur_line.ndc = e[3]
                        if e[2] != "N4":
                            issue("X12C017", i, "LIN02", f"LIN02 is {e[2]!r}; an NDC is qualified N4")
                elif tag == "CTP":
                    if cur_line is not None:
                        cur_line.pos["CTP"] = i
                        cur_line.ndc_quantity = number(e[4] or "0", i, "CTP04")
                        cur_line.ndc_unit = e[5].split(C)[0]
                elif tag == "ST":
                    finish(claim)
                    claim = None
                    cur_line = None
                    env = Envelope("ST", e[2], i, meta={"id": e[1], "version": e[3]})
                    if stack and stack[-1].kind == "GS":
                        stack[-1].children += 1
                    out.envelopes.append(env)
                    stack.append(env)
                    in_st = True
                    out.transaction_sets += 1
                    billing, subscriber, payer, patient, pay_to = (
                        Party(entity="2"),
                        Party(),
                        Party(entity="2"),
                        None,
                        None,
                    )
                elif tag == "SE":
                    finish(claim)
                    claim = None
                    cur_line = None
                    in_st = False
                    self._close(stack, "ST", i, e)
                elif tag == "BHT":
                    created = _date(e[4])
                    if created is not None:
                        out.created = created
                elif tag == "GS":
                    env = Envelope("GS", e[6], i, meta={"id": e[1], "version": e[8], "date": e[4]})
                    while stack and stack[-1].kind != "ISA":
                        stack.pop()
                    if stack:
                        stack[-1].children += 1
                    out.envelopes.append(env)
                    stack.append(env)
                elif tag == "GE":
                    self._close(stack, "GS", i, e)
                elif tag == "ISA":
                    stack.clear()
                    e += pad[: max(0, 17 - len(e))]
                    env = Envelope("ISA", e[13].strip(), i, meta={"version": e[12]})
                    out.envelopes.append(env)
                    stack.append(env)
                elif tag == "IEA":
                    self._close(stack, "ISA", i, e)
        finish(claim)
        claim = None
        cur_line = None

    def _close(self, stack: list[Envelope], kind: str, i: int, e: list[str]) -> None:
        while stack and stack[-1].kind != kind:
            stack.pop()
        if not stack:
            self.out.issue("X12C023", i, "", f"{e[0]} without its {kind}")
            return
        env = stack.pop()
        env.end = i
        env.declared_count = e[1]
        env.trailer_control = e[2].strip()
