"""837P 005010X222A1 writer: coded encounters + the practice file -> one interchange.

Each encounter is coded by :func:`dermclaim.code` and becomes one claim (loop 2300) under its own
subscriber level (2000B, and 2000C when the patient is not the subscriber). The claim carries the
coded ``lines`` (not ``patient_responsibility``): SV1 with up to four modifiers, units, charge and
up to four diagnosis pointers into the claim's HI (at most twelve diagnoses, in order of first use
by the lines, the first being the principal ABK), DTP*472, REF*6R line item control number
(``<encounter id>-<line number>``, which remittances echo back), REF*G1 prior authorization, and
loop 2410 (LIN N4 + CTP) when the line is a drug with an NDC.

Charges: the charge of a billed ``claim_lines`` entry of the same code when the encounter has one
(its charge divided by its units, times the coded units), else the practice fee schedule
(``fees``, per unit); a line with neither is an error, never a guess.

An encounter that cannot become a valid claim (a missing member id, patient address, payer id,
NPI, charge, …; a procedure held or not coded; an error finding) is not written: it becomes an
:class:`Rejected` record naming exactly what is missing, with JSON Pointers into the encounter
(``/patient/birth_date``) or the practice file (``practice:/fees/11104``). The other claims are
written. Control numbers: ISA13 = GS06 = the interchange control number; ST02 counts from 0001;
SE01, GE01 and IEA01 are the real counts.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dermclaim.document import Encounter, normalize_dx
from dermclaim.errors import Problem, is_phi
from dermclaim.model import Line, Result
from dermclaim.x12.model import Address, Claim, ClaimLine, Party, money
from dermclaim.x12.practice import DEFAULT_FILING, Practice

__all__ = [
    "MAX_CLAIMS_PER_TRANSACTION",
    "Rejected",
    "WriteResult",
    "build_claim",
    "normalize_ndc",
    "write_837",
]

IMPLEMENTATION = "005010X222A1"
MAX_CLAIMS_PER_TRANSACTION = 5000
"""The TR3 recommends at most 5000 claims (CLM) per transaction set."""
MAX_LINES = 50
MAX_DIAGNOSES = 12
MAX_POINTERS = 4
MAX_MODIFIERS = 4
MOHS_CODES = frozenset({"17311", "17312", "17313", "17314", "17315"})
RELATIONSHIP_CODES = {
    "self": "18",
    "spouse": "01",
    "child": "19",
    "employee": "20",
    "unknown": "21",
    "organ_donor": "39",
    "cadaver_donor": "40",
    "life_partner": "53",
    "partner": "53",
    "other": "G8",
}
"""Subscriber relationship (payer.subscriber.relationship) -> PAT01 / SBR02 code."""
_ALLOWED = re.compile(r"^[A-Z0-9 !\"&'()+,\-./;?=%@\[\]_{}\\|<>#$]*$")


@dataclass(frozen=True, slots=True)
class Rejected:
    """An encounter that was not written, and exactly why."""

    encounter: str | None
    line: int | None
    problems: list[Problem]

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "encounter": self.encounter,
            "error": "claim not written",
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass(slots=True)
class WriteResult:
    text: str
    claims: list[Claim] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    control_number: int = 0
    segments: int = 0


# --------------------------------------------------------------------------- encounter -> claim


def normalize_ndc(value: str) -> str | None:
    """11-digit 5-4-2 NDC from 5-4-2, 4-4-2, 5-3-2 or 5-4-1 (hyphenated), or 11 digits; else None."""
    v = value.strip()
    if re.fullmatch(r"[0-9]{11}", v):
        return v
    m = re.fullmatch(r"([0-9]{4,5})-([0-9]{3,4})-([0-9]{1,2})", v)
    if not m:
        return None
    a, b, c = m.groups()
    if len(a) + len(b) + len(c) != 10 and (len(a), len(b), len(c)) != (5, 4, 2):
        return None
    return a.zfill(5) + b.zfill(4) + c.zfill(2)


def _text(value: str | None, pointer: str, problems: list[Problem], what: str, limit: int = 60) -> str:
    """Upper-case X12 text; accents are removed (José -> JOSE); other unusable characters are an error."""
    if not value or not value.strip():
        problems.append(Problem(pointer, f"{what} is missing; the 837P requires it"))
        return ""
    folded = unicodedata.normalize("NFKD", value.strip())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).upper()
    if not _ALLOWED.match(folded) or len(folded) > limit:
        bad = sorted({ch for ch in folded if not _ALLOWED.match(ch)})
        why = f"has characters an 837P cannot carry ({''.join(bad)})" if bad else f"is longer than {limit}"
        problems.append(Problem(pointer, f"{what} {why}", None if is_phi(pointer) else value))
        return ""
    return folded


def _split_name(name: str) -> tuple[str, str]:
    """'Dr. A. Rivera, MD' -> ('RIVERA', 'A'): titles and degrees dropped, last word is the surname."""
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
    drop = {"DR", "DR.", "MD", "M.D.", "DO", "D.O.", "PA", "PA-C", "NP", "FAAD", "PHD"}
    words = [w for w in words if w.upper().rstrip(".") not in {d.rstrip(".") for d in drop}]
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1]).rstrip(".")


def _address(addr: Any, base: str, problems: list[Problem], who: str) -> Address | None:
    if addr is None:
        problems.append(Problem(base, f"{who} address is missing; the 837P requires it"))
        return None
    out = Address(
        line1=_text(addr.line1, f"{base}/line1", problems, f"{who} address line1", 55),
        line2=_text(addr.line2, f"{base}/line2", problems, "address line2", 55) if addr.line2 else "",
        city=_text(addr.city, f"{base}/city", problems, f"{who} city", 30),
        state=_text(addr.state, f"{base}/state", problems, f"{who} state", 2),
        postal_code=(addr.postal_code or "").replace("-", "").strip(),
    )
    if not re.fullmatch(r"[0-9]{5}([0-9]{4})?", out.postal_code):
        seen = None if is_phi(f"{base}/postal_code") else addr.postal_code
        problems.append(Problem(f"{base}/postal_code", f"{who} ZIP code must have 5 or 9 digits", seen))
    return out


def _line_charge(enc: Encounter, line: Line, practice: Practice, problems: list[Problem]) -> Decimal:
    for cl in enc.claim_lines:
        if cl.code.upper() == line.code and cl.charge is not None:
            per_unit = Decimal(repr(cl.charge)) / Decimal(cl.units)
            return (per_unit * line.units).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    fee = practice.fee(line.code)
    if fee is None:
        problems.append(
            Problem(
                f"practice:/fees/{line.code}",
                f"no charge for {line.code}: add it to the practice file's fees "
                "or give the billed claim line a charge",
            )
        )
        return Decimal(0)
    return (fee * line.units).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _set(value: Any) -> Any:
    """A line attribute's value, or None when absent (msgspec's UNSET included)."""
    return value if isinstance(value, str | int | float) and not isinstance(value, bool) else None


def _ndc_for(
    enc: Encounter, line: Line, index: int, problems: list[Problem]
) -> tuple[str, str, Decimal | None]:
    """NDC, unit qualifier and quantity for a drug line: from the line when the coder set them,
    else from the documented drug procedure (unit ME, the administered or, on a JW line, the
    discarded milligrams)."""
    raw = _set(getattr(line, "ndc", None))
    unit = _set(getattr(line, "ndc_unit", None)) or ""
    qty = _set(getattr(line, "ndc_quantity", None))
    proc = None
    for p in enc.procedures:
        if p.id in line.procedures and getattr(p, "ndc", None):
            proc = p
            break
    if not raw and proc is not None:
        raw = getattr(proc, "ndc", None)
    if not raw:
        return "", "", None
    ndc = normalize_ndc(str(raw))
    if ndc is None:
        pointer = (
            f"/procedures/{enc.procedures.index(proc)}/ndc" if proc is not None else f"/lines/{index}/ndc"
        )
        problems.append(
            Problem(pointer, "not an NDC in 5-4-2, 4-4-2, 5-3-2 or 5-4-1 form", raw, "e.g. 57894-0030-01")
        )
        return "", "", None
    if qty is None and proc is not None:
        dose = getattr(proc, "wasted_mg", 0) if "JW" in line.modifiers else getattr(proc, "dose_mg", None)
        qty = dose
        unit = unit or "ME"
    quantity = Decimal(repr(qty)) if qty is not None else Decimal(line.units)
    return ndc, unit or "UN", quantity


CLIA_RULE = "mohs-without-valid-clia-number"


def _encounter_clia(enc: Encounter) -> str | None:
    return enc.billing_provider.clia if enc.billing_provider and enc.billing_provider.clia else None


def build_claim(enc: Encounter, result: Result, practice: Practice) -> Claim | list[Problem]:
    """The claim for one coded encounter, or the list of everything that stops it being written."""
    problems: list[Problem] = []
    payer_entry = practice.payer(enc.payer.id)
    if enc.payer.kind == "self_pay":
        problems.append(Problem("/payer/kind", "self-pay encounter: there is no payer to send an 837P to"))
    claim_id = enc.id.strip()
    if len(claim_id) > 38 or not _ALLOWED.match(claim_id.upper()):
        problems.append(Problem("/id", "the claim id (CLM01) must be at most 38 plain characters", enc.id))

    # --- what stops coding
    for proc_out in result.procedures:
        if proc_out.status in ("hold", "not_coded"):
            i = next(k for k, p in enumerate(enc.procedures) if p.id == proc_out.id)
            verb = "is held" if proc_out.status == "hold" else "is not coded"
            problems.append(Problem(f"/procedures/{i}", f"procedure {proc_out.id} {verb}: {proc_out.reason}"))
    clia = _encounter_clia(enc) or practice.billing_provider.clia
    for f in result.findings:
        if f.severity == "error" and not (f.name == CLIA_RULE and not _encounter_clia(enc) and clia):
            # (a Mohs claim without a CLIA in the encounter takes the practice file's: REF*X4)
            problems.append(Problem("", f"{f.rule} {f.name}: {f.message.rstrip('.')}. Fix: {f.fix}"))
    if not result.lines and not problems:
        problems.append(Problem("/procedures", "nothing to bill: the encounter codes to no claim lines"))

    # --- payer and subscriber
    payer = Party(entity="2", id_qualifier="PI")
    payer.id = _text(enc.payer.id, "/payer/id", problems, "payer id", 80)
    name = enc.payer.name or (payer_entry.name if payer_entry else None)
    if not name:
        problems.append(
            Problem(
                "/payer/name",
                "payer name is missing: give payer.name or list the payer id in the practice file's payers",
            )
        )
    else:
        payer.last = _text(name, "/payer/name", problems, "payer name")
    filing = (payer_entry.claim_filing_indicator if payer_entry else "") or DEFAULT_FILING.get(
        enc.payer.kind, ""
    )
    member_id = _text(enc.payer.member_id, "/payer/member_id", problems, "member id", 80)

    sub_doc = enc.payer.subscriber
    relationship = "18"
    if sub_doc is not None and (sub_doc.relationship or "").strip().lower() not in ("", "self", "18"):
        rel = sub_doc.relationship.strip().lower() if sub_doc.relationship else ""
        relationship = RELATIONSHIP_CODES.get(
            rel, rel.upper() if rel.upper() in RELATIONSHIP_CODES.values() else ""
        )
        if not relationship:
            problems.append(
                Problem(
                    "/payer/subscriber/relationship",
                    "unknown relationship of the patient to the subscriber",
                    sub_doc.relationship,
                    "one of " + ", ".join(RELATIONSHIP_CODES),
                )
            )
    patient_is_subscriber = relationship == "18"
    pat = enc.patient
    patient = _person(
        pat.name, pat.birth_date, pat.sex, pat.address, "/patient", problems, "patient", demographics=True
    )
    if patient_is_subscriber:
        subscriber = patient
        patient_party: Party | None = None
    else:
        assert sub_doc is not None
        subscriber = _person(
            sub_doc.name,
            sub_doc.birth_date,
            sub_doc.sex,
            sub_doc.address,
            "/payer/subscriber",
            problems,
            "subscriber",
            demographics=False,
        )
        patient_party = patient
    subscriber.id_qualifier, subscriber.id = "MI", member_id

    # --- providers
    billing = _billing_provider(enc, practice, problems)
    rendering = None
    rp = enc.rendering_provider
    if rp is not None and (rp.npi or rp.name):
        if not rp.npi:
            problems.append(Problem("/rendering_provider/npi", "the rendering provider's NPI is missing"))
        elif rp.npi != billing.id:
            known = practice.provider(rp.npi)
            last, first = (known.last, known.first) if known else _split_name(rp.name or "")
            rendering = Party(entity="1", id_qualifier="XX", id=rp.npi)
            rendering.last = _text(last, "/rendering_provider/name", problems, "rendering provider name")
            rendering.first = (
                _text(first, "/rendering_provider/name", problems, "first name") if first else ""
            )
            rendering.taxonomy = rp.taxonomy or (known.taxonomy if known else "")

    # --- lines and diagnoses
    if len(result.lines) > MAX_LINES:
        problems.append(
            Problem(
                "/procedures",
                f"{len(result.lines)} lines: an 837P claim takes at most {MAX_LINES}; split the encounter",
            )
        )
    diagnoses: list[str] = []
    for ln in result.lines:
        for d in ln.diagnoses:
            code = normalize_dx(d)
            if code not in diagnoses:
                diagnoses.append(code)
    if len(diagnoses) > MAX_DIAGNOSES:
        problems.append(
            Problem(
                "/diagnoses",
                f"the lines point at {len(diagnoses)} diagnoses; an 837P claim carries at most "
                f"{MAX_DIAGNOSES}: " + ", ".join(diagnoses),
            )
        )
    lines: list[ClaimLine] = []
    has_mohs = False
    for i, ln in enumerate(result.lines):
        if len(ln.diagnoses) > MAX_POINTERS:
            problems.append(
                Problem(
                    f"/lines/{i}",
                    f"line {i + 1} ({ln.code}) points at {len(ln.diagnoses)} diagnoses; a line takes at most "
                    f"{MAX_POINTERS}: keep the four that support it",
                )
            )
        if not ln.diagnoses:
            problems.append(Problem(f"/lines/{i}", f"line {i + 1} ({ln.code}) has no diagnosis to point at"))
        if len(ln.modifiers) > MAX_MODIFIERS:
            problems.append(Problem(f"/lines/{i}", f"line {i + 1} ({ln.code}) has more than 4 modifiers"))
        has_mohs = has_mohs or ln.code in MOHS_CODES
        dx = [normalize_dx(d) for d in ln.diagnoses]
        ndc, unit, qty = _ndc_for(enc, ln, i, problems)
        lines.append(
            ClaimLine(
                number=i + 1,
                code=ln.code,
                charge=_line_charge(enc, ln, practice, problems),
                units=Decimal(ln.units),
                modifiers=list(ln.modifiers[:MAX_MODIFIERS]),
                pointers=[diagnoses.index(d) + 1 for d in dx if d in diagnoses][:MAX_POINTERS],
                diagnoses=dx[:MAX_POINTERS],
                service_date=enc.date_of_service,
                ndc=ndc,
                ndc_unit=unit,
                ndc_quantity=qty,
                control_number=f"{claim_id}-{i + 1}"[:50],
            )
        )
    if has_mohs and not clia:
        problems.append(
            Problem(
                "practice:/billing_provider/clia",
                "Mohs lines (17311–17315) need the practice's CLIA number (REF X4); add it",
            )
        )
    claim_auth, _ = _authorizations(enc, result, lines)
    if problems:
        return problems
    total = sum((ln.charge for ln in lines), Decimal(0))
    cd = practice.claim
    return Claim(
        id=claim_id,
        total_charge=total,
        place_of_service=enc.place_of_service,
        provider_signature="Y" if cd.provider_signature_on_file else "N",
        assignment=cd.assignment,
        benefits_assignment="Y" if cd.benefits_assignment else "N",
        release_of_information=cd.release_of_information,
        diagnoses=diagnoses,
        prior_authorization=claim_auth,
        clia=clia if has_mohs and clia else "",
        filing_indicator=filing,
        group_number=(enc.payer.group_number or "").strip().upper(),
        relationship=relationship,
        subscriber=subscriber,
        patient=patient_party,
        payer=payer,
        billing_provider=billing,
        pay_to=_pay_to(practice),
        rendering_provider=rendering,
        lines=lines,
    )


def _person(
    name: Any,
    birth: dt.date | None,
    sex: str | None,
    addr: Any,
    base: str,
    problems: list[Problem],
    who: str,
    *,
    demographics: bool,
) -> Party:
    party = Party(entity="1")
    party.last = _text(name.family if name else None, f"{base}/name/family", problems, f"{who} family name")
    party.first = (
        _text(name.given, f"{base}/name/given", problems, f"{who} given name", 35)
        if name and name.given
        else ""
    )
    if demographics:
        party.address = _address(addr, f"{base}/address", problems, who)
        if birth is None:
            problems.append(
                Problem(f"{base}/birth_date", f"{who} birth date is missing; the 837P requires it")
            )
        if not sex:
            problems.append(Problem(f"{base}/sex", f"{who} sex is missing; the 837P requires it (F, M or U)"))
        party.birth_date, party.sex = birth, sex or ""
    else:
        party.address = _address(addr, f"{base}/address", problems, who) if addr is not None else None
        party.birth_date, party.sex = birth, (sex or "U") if birth else ""
    return party


def _billing_provider(enc: Encounter, practice: Practice, problems: list[Problem]) -> Party:
    pb = practice.billing_provider
    eb = enc.billing_provider
    party = Party(entity="2", id_qualifier="XX")
    party.id = (eb.npi if eb and eb.npi else None) or pb.npi
    name = (eb.name if eb and eb.name else None) or pb.name
    party.last = _text(name, "/billing_provider/name", problems, "billing provider name")
    party.tax_id = ((eb.tax_id if eb and eb.tax_id else None) or pb.tax_id).replace("-", "")
    if not re.fullmatch(r"[0-9]{9}", party.tax_id):
        problems.append(Problem("/billing_provider/tax_id", "a tax id has 9 digits", party.tax_id))
    party.taxonomy = pb.taxonomy
    if eb is not None and eb.address is not None:
        party.address = _address(eb.address, "/billing_provider/address", problems, "billing provider")
        if party.address and len(party.address.postal_code) != 9:
            problems.append(
                Problem(
                    "/billing_provider/address/postal_code",
                    "the billing provider's ZIP code must have 9 digits",
                )
            )
    else:
        a = pb.address
        party.address = Address(
            a.line1.upper(), a.line2.upper(), a.city.upper(), a.state.upper(), a.postal_code
        )
    return party


def _pay_to(practice: Practice) -> Address | None:
    a = practice.billing_provider.pay_to
    if a is None:
        return None
    return Address(a.line1.upper(), a.line2.upper(), a.city.upper(), a.state.upper(), a.postal_code)


def _authorizations(enc: Encounter, result: Result, lines: list[ClaimLine]) -> tuple[str, list[str]]:
    """One authorization covering every procedure goes in 2300 REF*G1; the others on the lines of
    the procedures they cover (2400 REF*G1, at most five per line)."""
    claim_level = [a for a in enc.authorizations if not a.procedures]
    claim_auth = claim_level[0].number.strip().upper() if len(claim_level) == 1 else ""
    for auth in enc.authorizations:
        if auth.number.strip().upper() == claim_auth and not auth.procedures:
            continue
        covered = set(auth.procedures)
        for ln, out in zip(result.lines, lines, strict=True):
            if (not covered or covered & set(ln.procedures)) and len(out.prior_authorizations) < 5:
                out.prior_authorizations.append(auth.number.strip().upper())
    return claim_auth, []


# --------------------------------------------------------------------------- claims -> X12


class _Seg:
    """Collects segments, dropping trailing empty elements and components."""

    __slots__ = ("count", "el", "items", "sub")

    def __init__(self, el: str = "*", sub: str = ":") -> None:
        self.items: list[str] = []
        self.el, self.sub = el, sub
        self.count = 0

    def add(self, *elements: str) -> None:
        parts = list(elements)
        while parts and parts[-1] == "":
            parts.pop()
        self.items.append(self.el.join(parts))
        self.count += 1

    def comp(self, *parts: str) -> str:
        values = list(parts)
        while values and values[-1] == "":
            values.pop()
        return self.sub.join(values)


def _d8(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _name(s: _Seg, code: str, p: Party) -> None:
    if p.entity == "2":
        s.add("NM1", code, "2", p.last, "", "", "", "", p.id_qualifier if p.id else "", p.id)
    else:
        s.add("NM1", code, "1", p.last, p.first, p.middle, "", p.suffix, p.id_qualifier if p.id else "", p.id)


def _addr(s: _Seg, a: Address) -> None:
    s.add("N3", a.line1, a.line2)
    s.add("N4", a.city, a.state, a.postal_code)


def _transaction(
    s: _Seg, claims: Sequence[Claim], practice: Practice, st02: str, bht03: str, now: dt.datetime
) -> None:
    start = s.count
    s.add("ST", "837", st02, IMPLEMENTATION)
    s.add("BHT", "0019", "00", bht03, _d8(now.date()), now.strftime("%H%M"), "CH")
    sub = practice.submitter
    s.add("NM1", "41", "2", sub.name.upper(), "", "", "", "", "46", sub.id)
    contact = sub.contact
    phone = re.sub(r"[^0-9]", "", contact.phone)
    per = ["PER", "IC", contact.name.upper()]
    if phone:
        per += ["TE", phone]
    if contact.email:
        per += ["EM", contact.email]
    s.add(*per)
    s.add("NM1", "40", "2", practice.receiver.name.upper(), "", "", "", "", "46", practice.receiver.id)
    hl = 0
    current_billing: tuple[Party, Address | None] | None = None
    billing_hl = 0
    for claim in claims:
        if current_billing is None or (claim.billing_provider, claim.pay_to) != current_billing:
            hl += 1
            billing_hl = hl
            current_billing = (claim.billing_provider, claim.pay_to)
            bp = claim.billing_provider
            s.add("HL", str(hl), "", "20", "1")
            if bp.taxonomy:
                s.add("PRV", "BI", "PXC", bp.taxonomy)
            _name(s, "85", bp)
            assert bp.address is not None
            _addr(s, bp.address)
            s.add("REF", "EI", bp.tax_id)
            if claim.pay_to is not None:
                s.add("NM1", "87", "2")
                _addr(s, claim.pay_to)
        hl += 1
        sub_hl = hl
        s.add("HL", str(sub_hl), str(billing_hl), "22", "0" if claim.patient is None else "1")
        s.add(
            "SBR",
            claim.payer_responsibility,
            "18" if claim.patient is None else "",
            claim.group_number,
            "",
            "",
            "",
            "",
            "",
            claim.filing_indicator,
        )
        sb = claim.subscriber
        _name(s, "IL", sb)
        if sb.address is not None:
            _addr(s, sb.address)
        if sb.birth_date is not None:
            s.add("DMG", "D8", _d8(sb.birth_date), sb.sex or "U")
        _name(s, "PR", claim.payer)
        if claim.patient is not None:
            hl += 1
            pt = claim.patient
            s.add("HL", str(hl), str(sub_hl), "23", "0")
            s.add("PAT", claim.relationship)
            _name(s, "QC", pt)
            assert pt.address is not None and pt.birth_date is not None
            _addr(s, pt.address)
            s.add("DMG", "D8", _d8(pt.birth_date), pt.sex)
        _claim(s, claim)
    s.add("SE", str(s.count - start + 1), st02)


def _claim(s: _Seg, c: Claim) -> None:
    s.add(
        "CLM",
        c.id,
        money(c.total_charge),
        "",
        "",
        s.comp(c.place_of_service, c.facility_qualifier, c.frequency),
        c.provider_signature,
        c.assignment,
        c.benefits_assignment,
        c.release_of_information,
    )
    if c.prior_authorization:
        s.add("REF", "G1", c.prior_authorization)
    if c.clia:
        s.add("REF", "X4", c.clia)
    qual = ("ABK", "ABF") if c.diagnosis_codeset == "icd10" else ("BK", "BF")
    s.add(
        "HI", *(s.comp(qual[0] if i == 0 else qual[1], d.replace(".", "")) for i, d in enumerate(c.diagnoses))
    )
    if c.rendering_provider is not None:
        _name(s, "82", c.rendering_provider)
        if c.rendering_provider.taxonomy:
            s.add("PRV", "PE", "PXC", c.rendering_provider.taxonomy)
    for ln in c.lines:
        s.add("LX", str(ln.number))
        s.add(
            "SV1",
            s.comp(ln.qualifier, ln.code, *ln.modifiers),
            money(ln.charge),
            ln.unit_basis,
            _qty(ln.units),
            ln.place_of_service if ln.place_of_service != c.place_of_service else "",
            "",
            s.comp(*(str(p) for p in ln.pointers)),
        )
        assert ln.service_date is not None
        if ln.service_date_end and ln.service_date_end != ln.service_date:
            s.add("DTP", "472", "RD8", f"{_d8(ln.service_date)}-{_d8(ln.service_date_end)}")
        else:
            s.add("DTP", "472", "D8", _d8(ln.service_date))
        for auth in ln.prior_authorizations:
            s.add("REF", "G1", auth)
        if ln.control_number:
            s.add("REF", "6R", ln.control_number)
        if ln.ndc:
            s.add("LIN", "", "N4", ln.ndc)
            assert ln.ndc_quantity is not None
            s.add("CTP", "", "", "", _qty(ln.ndc_quantity), ln.ndc_unit)


def _chunks(claims: Sequence[Claim], size: int) -> Iterator[Sequence[Claim]]:
    for i in range(0, len(claims), size):
        yield claims[i : i + size]


def write_837(
    claims: Sequence[Claim],
    practice: Practice,
    *,
    control_number: int,
    now: dt.datetime,
    line_breaks: bool = True,
    claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
) -> tuple[str, int]:
    """The interchange text for ``claims`` and its segment count. With no claims, an interchange
    with no functional group (valid X12: IEA01 = 0)."""
    if not 0 < control_number < 1_000_000_000:
        raise ValueError("the interchange control number must be 1..999999999")
    s = _Seg()
    ic = practice.interchange
    sub, rec = practice.submitter, practice.receiver
    isa13 = f"{control_number:09d}"
    s.add(
        "ISA",
        "00",
        " " * 10,
        "00",
        " " * 10,
        sub.id_qualifier,
        f"{sub.id:<15}",
        rec.id_qualifier,
        f"{rec.id:<15}",
        now.strftime("%y%m%d"),
        now.strftime("%H%M"),
        "^",
        "00501",
        isa13,
        "1" if ic.acknowledgment_requested else "0",
        ic.usage,
        ":",
    )
    groups = 0
    if claims:
        groups = 1
        s.add(
            "GS",
            "HC",
            ic.application_sender_code or sub.id,
            ic.application_receiver_code or rec.id,
            _d8(now.date()),
            now.strftime("%H%M"),
            str(control_number),
            "X",
            IMPLEMENTATION,
        )
        n_st = 0
        for part in _chunks(claims, claims_per_transaction):
            n_st += 1
            st02 = f"{n_st:04d}"
            for c in part:
                c.transaction = st02
            _transaction(s, part, practice, st02, f"{control_number}{n_st:04d}", now)
        s.add("GE", str(n_st), str(control_number))
    s.add("IEA", str(groups), isa13)
    sep = "~\n" if line_breaks else "~"
    return sep.join(s.items) + "~" + ("\n" if line_breaks else ""), s.count


def claims_from(
    encounters: Iterable[tuple[int, Encounter | list[Problem], str | None]],
    practice: Practice,
    run: Any,
) -> tuple[list[Claim], list[Rejected]]:
    """Build claims from (line number, encounter or its input problems, id) triples; ``run`` codes
    an encounter (dermclaim.code with the options)."""
    claims: list[Claim] = []
    rejected: list[Rejected] = []
    seen: dict[str, int] = {}
    for number, enc, enc_id in encounters:
        if isinstance(enc, list):
            rejected.append(Rejected(enc_id, number, enc))
            continue
        built = build_claim(enc, run(enc), practice)
        if isinstance(built, list):
            rejected.append(Rejected(enc.id, number, built))
            continue
        if built.id in seen:
            rejected.append(
                Rejected(
                    enc.id,
                    number,
                    [Problem("/id", f"duplicate claim id {built.id!r} (first at line {seen[built.id]})")],
                )
            )
            continue
        seen[built.id] = number
        claims.append(built)
    return claims, rejected
