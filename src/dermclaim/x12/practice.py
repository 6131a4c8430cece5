"""The practice configuration file the 837P writer needs: who sends, who receives, who bills.

JSON, one object (``examples/practice.json`` is a complete example)::

    {"submitter": {"name", "id", "id_qualifier": "ZZ", "contact": {"name", "phone", "email"}},
     "receiver": {"name", "id", "id_qualifier": "ZZ"},
     "interchange": {"usage": "P" | "T", "acknowledgment_requested": false,
                     "application_sender_code", "application_receiver_code"},
     "billing_provider": {"name", "npi", "tax_id", "taxonomy", "clia",
                          "address": {"line1", "line2", "city", "state", "postal_code" (9 digits)},
                          "pay_to": {address, only when payments go elsewhere}},
     "providers": [{"npi", "last", "first", "taxonomy"}],
     "payers": [{"id", "name", "claim_filing_indicator"}],
     "fees": {"11102": 150.0, ...},
     "claim": {"provider_signature_on_file": true, "assignment": "A",
               "benefits_assignment": true, "release_of_information": "Y"}}

Every problem is reported at once with its JSON Pointer (:class:`PracticeError`); unknown keys are
errors, because a misspelt key would otherwise be silently ignored.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from dermclaim.document import npi_is_valid
from dermclaim.errors import ConfigError, Problem

__all__ = ["Practice", "PracticeError", "load_practice", "parse_practice"]

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "AS",
        "GU",
        "MP",
        "PR",
        "VI",
        "AA",
        "AE",
        "AP",
    ]
)
FILING_INDICATORS = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "AM",
        "BL",
        "CH",
        "CI",
        "DS",
        "FI",
        "HM",
        "LM",
        "MA",
        "MB",
        "MC",
        "OF",
        "TV",
        "VA",
        "WC",
        "ZZ",
    ]
)
"""SBR09 claim filing indicator codes of 005010X222A1."""
DEFAULT_FILING = {
    "medicare": "MB",
    "medicare_advantage": "16",
    "medicaid": "MC",
    "commercial": "CI",
}
"""SBR09 by payer kind when the payer's entry does not say: Medicare Part B, Health Maintenance
Organization Medicare Risk, Medicaid, commercial insurance."""

_X12_TEXT = re.compile(r"^[A-Za-z0-9 !\"&'()+,\-./;?=%@\[\]_{}\\|<>#$]*$")


class _Conf(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


class Contact(_Conf, kw_only=True):
    name: str = ""
    phone: str = ""
    email: str = ""


class Submitter(_Conf, kw_only=True):
    name: Annotated[str, Meta(min_length=1)]
    id: Annotated[str, Meta(min_length=2, max_length=15)]
    id_qualifier: str = "ZZ"
    contact: Contact = msgspec.field(default_factory=Contact)


class Receiver(_Conf, kw_only=True):
    name: Annotated[str, Meta(min_length=1)]
    id: Annotated[str, Meta(min_length=2, max_length=15)]
    id_qualifier: str = "ZZ"


class Interchange(_Conf, kw_only=True):
    usage: Literal["P", "T"] = "P"
    acknowledgment_requested: bool = False
    application_sender_code: str = ""
    application_receiver_code: str = ""


class PracticeAddress(_Conf, kw_only=True):
    line1: Annotated[str, Meta(min_length=1)]
    line2: str = ""
    city: Annotated[str, Meta(min_length=1)]
    state: str
    postal_code: str


class BillingProvider(_Conf, kw_only=True):
    name: Annotated[str, Meta(min_length=1)]
    npi: str
    tax_id: str
    address: PracticeAddress
    taxonomy: str = ""
    clia: str = ""
    pay_to: PracticeAddress | None = None


class Provider(_Conf, kw_only=True):
    npi: str
    last: Annotated[str, Meta(min_length=1)]
    first: str = ""
    taxonomy: str = ""


class PayerEntry(_Conf, kw_only=True):
    id: Annotated[str, Meta(min_length=2, max_length=80)]
    name: Annotated[str, Meta(min_length=1, max_length=60)]
    claim_filing_indicator: str = ""


class ClaimDefaults(_Conf, kw_only=True):
    provider_signature_on_file: bool = True
    assignment: Literal["A", "B", "C"] = "A"
    benefits_assignment: bool = True
    release_of_information: Literal["I", "Y"] = "Y"


class Practice(_Conf, kw_only=True):
    submitter: Submitter
    receiver: Receiver
    billing_provider: BillingProvider
    interchange: Interchange = msgspec.field(default_factory=Interchange)
    providers: list[Provider] = []
    payers: list[PayerEntry] = []
    fees: dict[str, Annotated[float, Meta(ge=0)]] = {}
    claim: ClaimDefaults = msgspec.field(default_factory=ClaimDefaults)

    def payer(self, payer_id: str | None) -> PayerEntry | None:
        for p in self.payers:
            if payer_id is not None and p.id == payer_id:
                return p
        return None

    def provider(self, npi: str | None) -> Provider | None:
        for p in self.providers:
            if npi is not None and p.npi == npi:
                return p
        return None

    def fee(self, code: str) -> Decimal | None:
        value = self.fees.get(code)
        return None if value is None else Decimal(repr(value))


class PracticeError(ConfigError):
    """The practice file is unreadable or invalid; ``problems`` has each one with its pointer."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: not a valid practice file\n{lines}")


def load_practice(path: str | Path) -> Practice:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PracticeError(str(path), [Problem("", f"cannot read: {exc.strerror or exc}")]) from None
    return parse_practice(raw, source=str(path))


def parse_practice(raw: bytes, *, source: str = "practice file") -> Practice:
    try:
        practice = msgspec.json.decode(raw, type=Practice)
    except msgspec.ValidationError as exc:
        text = str(exc)
        message, _, where = text.partition(" - at `$")
        pointer = where.rstrip("`").replace("[", "/").replace("]", "").replace(".", "/")
        raise PracticeError(source, [Problem(pointer, message)]) from None
    except msgspec.DecodeError as exc:
        raise PracticeError(source, [Problem("", f"not valid JSON: {exc}")]) from None
    problems = practice_problems(practice)
    if problems:
        raise PracticeError(source, problems)
    return practice


def _address_problems(base: str, a: PracticeAddress, *, nine_digit_zip: bool) -> list[Problem]:
    out = []
    if a.state.upper() not in US_STATES:
        out.append(
            Problem(f"{base}/state", "not a US state or territory code", a.state, "two letters, e.g. OR")
        )
    zip_ok = re.fullmatch(r"[0-9]{9}" if nine_digit_zip else r"[0-9]{5}([0-9]{4})?", a.postal_code)
    if not zip_ok:
        expected = "9 digits (ZIP+4 without hyphen)" if nine_digit_zip else "5 or 9 digits"
        out.append(Problem(f"{base}/postal_code", "ZIP code has the wrong form", a.postal_code, expected))
    for key in ("line1", "line2", "city"):
        value = getattr(a, key)
        if len(value) > 55 or not _X12_TEXT.match(value):
            out.append(
                Problem(
                    f"{base}/{key}",
                    "too long or has characters an 837P cannot carry",
                    value,
                    "≤ 55 plain characters",
                )
            )
    return out


def practice_problems(p: Practice) -> list[Problem]:
    """Checks the JSON types cannot express: NPI check digits, ZIP and tax id forms, codes."""
    out: list[Problem] = []
    bp = p.billing_provider
    if not npi_is_valid(bp.npi):
        out.append(Problem("/billing_provider/npi", "not a valid NPI (10 digits, check digit)", bp.npi))
    if not re.fullmatch(r"[0-9]{9}", bp.tax_id.replace("-", "")):
        out.append(Problem("/billing_provider/tax_id", "a tax id has 9 digits", bp.tax_id, "e.g. 93-1234567"))
    if bp.taxonomy and not re.fullmatch(r"[0-9]{3}[0-9A-Z]{6}X", bp.taxonomy):
        out.append(
            Problem(
                "/billing_provider/taxonomy", "not a provider taxonomy code", bp.taxonomy, "e.g. 207N00000X"
            )
        )
    if bp.clia and not re.fullmatch(r"[0-9]{2}D[0-9]{7}", bp.clia):
        out.append(
            Problem("/billing_provider/clia", "not a CLIA number", bp.clia, "10 characters, e.g. 38D1234567")
        )
    out += _address_problems("/billing_provider/address", bp.address, nine_digit_zip=True)
    if bp.pay_to is not None:
        out += _address_problems("/billing_provider/pay_to", bp.pay_to, nine_digit_zip=False)
    for i, prov in enumerate(p.providers):
        if not npi_is_valid(prov.npi):
            out.append(Problem(f"/providers/{i}/npi", "not a valid NPI (10 digits, check digit)", prov.npi))
    for i, payer in enumerate(p.payers):
        fi = payer.claim_filing_indicator
        if fi and fi not in FILING_INDICATORS:
            out.append(
                Problem(
                    f"/payers/{i}/claim_filing_indicator",
                    "not an SBR09 claim filing indicator code",
                    fi,
                    "one of " + ", ".join(sorted(FILING_INDICATORS)),
                )
            )
    for code in p.fees:
        if not re.fullmatch(r"[0-9A-Z]{5}", code):
            out.append(Problem(f"/fees/{code}", "not a CPT or HCPCS code", code, "5 characters, e.g. 11102"))
    for key, value in (("/submitter/name", p.submitter.name), ("/receiver/name", p.receiver.name)):
        if len(value) > 60 or not _X12_TEXT.match(value):
            out.append(
                Problem(
                    key, "too long or has characters an 837P cannot carry", value, "≤ 60 plain characters"
                )
            )
    phone = re.sub(r"[^0-9]", "", p.submitter.contact.phone)
    if not (phone or p.submitter.contact.email):
        out.append(Problem("/submitter/contact", "the 837P needs a phone number or email for the submitter"))
    elif p.submitter.contact.phone and len(phone) != 10:
        out.append(
            Problem("/submitter/contact/phone", "a US phone number has 10 digits", p.submitter.contact.phone)
        )
    return out
