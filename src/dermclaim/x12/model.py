"""Claims and remittances as plain data: what the 837P writer writes and the readers read back.

Positions (segment indexes into the file's :class:`~dermclaim.x12.segments.Tokens`) are kept
beside the values for messages, and are left out of equality, so a claim written and read back
compares equal to the claim that was written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

__all__ = ["Address", "Claim", "ClaimLine", "Party", "money"]


def money(value: Decimal) -> str:
    """X12 decimal (R) form: no trailing zeros, no exponent: 150.00 -> '150', 12.50 -> '12.5'."""
    q = value.quantize(Decimal("0.01"))
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(slots=True)
class Address:
    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""


@dataclass(slots=True)
class Party:
    """A person (``first`` set or ``entity`` 1) or an organisation in an NM1 loop."""

    entity: str = "1"  # NM102: 1 person, 2 non-person
    last: str = ""  # last name or organisation name
    first: str = ""
    middle: str = ""
    suffix: str = ""
    id_qualifier: str = ""  # NM108: XX NPI, MI member id, PI payer id, 46 ETIN …
    id: str = ""
    address: Address | None = None
    birth_date: dt.date | None = None
    sex: str = ""
    tax_id: str = ""
    taxonomy: str = ""


@dataclass(slots=True)
class ClaimLine:
    number: int
    code: str
    charge: Decimal
    units: Decimal
    modifiers: list[str] = field(default_factory=list)
    qualifier: str = "HC"
    unit_basis: str = "UN"
    place_of_service: str = ""
    pointers: list[int] = field(default_factory=list)
    diagnoses: list[str] = field(default_factory=list)
    """The codes the pointers name, with dots (resolved against the claim's HI)."""
    service_date: dt.date | None = None
    service_date_end: dt.date | None = None
    ndc: str = ""
    ndc_unit: str = ""
    ndc_quantity: Decimal | None = None
    control_number: str = ""
    prior_authorizations: list[str] = field(default_factory=list)
    rendering_npi: str = ""
    pos: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


@dataclass(slots=True)
class Claim:
    id: str
    total_charge: Decimal
    place_of_service: str
    frequency: str = "1"
    facility_qualifier: str = "B"
    provider_signature: str = "Y"
    assignment: str = "A"
    benefits_assignment: str = "Y"
    release_of_information: str = "Y"
    diagnosis_codeset: str = "icd10"  # icd10 (ABK/ABF) or icd9 (BK/BF)
    diagnoses: list[str] = field(default_factory=list)
    diagnosis_qualifiers: list[str] = field(default_factory=list, compare=False, repr=False)
    prior_authorization: str = ""
    referral_number: str = ""
    clia: str = ""
    payer_responsibility: str = "P"
    filing_indicator: str = ""
    group_number: str = ""
    relationship: str = "18"  # 18 self, else the PAT01 code
    subscriber: Party = field(default_factory=Party)
    patient: Party | None = None
    payer: Party = field(default_factory=Party)
    billing_provider: Party = field(default_factory=Party)
    pay_to: Address | None = None
    rendering_provider: Party | None = None
    lines: list[ClaimLine] = field(default_factory=list)
    other_payers: list[str] = field(default_factory=list)
    """COB (loop 2320/2330B): the other payers' ids, when the claim carries them."""
    transaction: str = field(default="", compare=False)
    pos: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def service_date(self) -> dt.date | None:
        dates = [ln.service_date for ln in self.lines if ln.service_date is not None]
        return min(dates) if dates else None
