"""The v1 encounter document: typed structures, decoding and validation.

The structures below are the single source of truth for the contract's input shape: the
shipped JSON Schema (``schema/encounter.v1.json``) is generated from them by
``scripts/gen_schema.py`` and a test keeps the two identical. Decoding uses msgspec, which
validates types and bounds while it parses (fast path). When that fails, or a semantic check
fails (unknown site, duplicate id, dangling reference), every problem is collected with its
JSON Pointer and raised as one :class:`~dermclaim.errors.InputError`; nothing is half-processed.

Fields the contract does not name are accepted and ignored, so producers may carry their own
data in the same document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from dermclaim.errors import InputError, Problem

MAX_DOCUMENT_BYTES = 1_000_000
"""Largest single encounter document accepted (bytes). A real encounter is a few kilobytes."""

# Sizes, doses and counts: a sanity ceiling keeps absurd values (1e308 cm) out of the arithmetic.
LIMIT = 1_000_000
Positive = Annotated[float, Meta(gt=0, le=LIMIT)]
NonNegative = Annotated[float, Meta(ge=0, le=LIMIT)]
Count = Annotated[int, Meta(ge=1, le=LIMIT)]
Icd10Code = Annotated[
    str,
    Meta(
        pattern=r"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$",
        description="ICD-10-CM code, dot optional (L57.0 or L570)",
    ),
]
Behavior = Literal["benign", "premalignant", "in_situ", "malignant", "uncertain"]
Npi = Annotated[str, Meta(pattern=r"^[0-9]{10}$", description="10-digit NPI (Luhn-checked)")]


class _Struct(msgspec.Struct, kw_only=True, forbid_unknown_fields=False, omit_defaults=True):
    """Base: unknown fields are accepted and ignored; defaults are omitted on output."""


class Name(_Struct, kw_only=True):
    family: str | None = None
    given: str | None = None


class Address(_Struct, kw_only=True):
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None


class Patient(_Struct, kw_only=True):
    id: Annotated[str, Meta(min_length=1)]
    birth_date: dt.date | None = None
    sex: Literal["F", "M", "U"] | None = None
    weight_kg: Positive | None = None
    name: Name | None = None
    address: Address | None = None


class Subscriber(_Struct, kw_only=True):
    name: Name | None = None
    birth_date: dt.date | None = None
    sex: Literal["F", "M", "U"] | None = None
    address: Address | None = None
    relationship: str | None = None


class Payer(_Struct, kw_only=True):
    kind: Literal["medicare", "medicare_advantage", "medicaid", "commercial", "self_pay"]
    id: str | None = None
    name: str | None = None
    member_id: str | None = None
    group_number: str | None = None
    subscriber: Subscriber | None = None


class RenderingProvider(_Struct, kw_only=True):
    npi: Npi | None = None
    name: str | None = None
    taxonomy: str | None = None


class BillingProvider(_Struct, kw_only=True):
    npi: Npi | None = None
    name: str | None = None
    tax_id: str | None = None
    address: Address | None = None
    clia: str | None = None


class Visit(_Struct, kw_only=True):
    code: Annotated[str, Meta(pattern=r"^992(0[2-5]|1[1-5])$", description="E/M 99202–99215")]
    separately_identifiable: bool = False
    diagnoses: list[Icd10Code] = []


class Pathology(_Struct, kw_only=True):
    specimen: Annotated[str, Meta(min_length=1)]
    diagnosis: Icd10Code | None = None
    behavior: Behavior | None = None
    text: str | None = None


class Waiver(_Struct, kw_only=True):
    kind: Literal["cosmetic", "abn"]
    signed_on: dt.date | None = None
    procedures: list[str] = []
    patient_requests_claim: bool = False


class Authorization(_Struct, kw_only=True):
    number: Annotated[str, Meta(min_length=1)]
    procedures: list[str] = []


class ClaimLine(_Struct, kw_only=True):
    code: Annotated[str, Meta(pattern=r"^[0-9A-Za-z]{5}$", description="CPT or HCPCS code")]
    units: Count = 1
    modifiers: list[Annotated[str, Meta(pattern=r"^[0-9A-Za-z]{2}$")]] = []
    diagnoses: list[Icd10Code | Annotated[int, Meta(ge=1)]] = []
    charge: NonNegative | None = None
    ndc: Annotated[str, Meta(description="NDC of the drug billed on this line (11 digits, 5-4-2)")] | None = (
        None
    )


# --- procedures (§1.1) --------------------------------------------------------------------


class _Procedure(_Struct, tag_field="type", kw_only=True):
    id: Annotated[str, Meta(min_length=1)]
    site: str | None = None
    lesion: str | None = None
    specimen: str | None = None
    diagnosis: Icd10Code | None = None
    purpose: Literal["medical", "cosmetic"] = "medical"
    patient_requests_claim: bool = False


class Repair(_Struct, kw_only=True):
    complexity: Literal["simple", "intermediate", "complex"]
    length_cm: Positive
    method: Literal["sutures", "staples", "tissue_adhesive", "adhesive_strips"] = "sutures"


class Biopsy(_Procedure, tag="biopsy", kw_only=True):
    technique: Literal["tangential", "punch", "incisional"]
    site: str
    removes_entire_lesion: bool = False
    diameter_cm: Positive | None = None
    margin_cm: NonNegative | None = None


class ShaveRemoval(_Procedure, tag="shave_removal", kw_only=True):
    site: str
    diameter_cm: Positive


class Excision(_Procedure, tag="excision", kw_only=True):
    site: str
    diameter_cm: Positive
    margin_cm: NonNegative | None = None
    behavior: Behavior | None = None
    re_excision_of: str | None = None
    repair: Repair | None = None
    same_excision_as: (
        Annotated[
            str,
            Meta(
                min_length=1,
                description="id of the excision procedure whose single excision (one ellipse) also "
                "removed this lesion; NCCI reports several lesions removed by one excision with one "
                "excision code (setting combined_excision_diameter)",
            ),
        ]
        | None
    ) = None


class RepairProcedure(_Procedure, tag="repair", kw_only=True):
    site: str
    complexity: Literal["simple", "intermediate", "complex"]
    length_cm: Positive
    method: Literal["sutures", "staples", "tissue_adhesive", "adhesive_strips"] = "sutures"


class AdjacentTissueTransfer(_Procedure, tag="adjacent_tissue_transfer", kw_only=True):
    site: str
    area_sq_cm: Positive


class Destruction(_Procedure, tag="destruction", kw_only=True):
    lesion_kind: Literal["premalignant", "benign", "in_situ", "malignant"] | None = None
    count: Count = 1
    diameter_cm: Positive | None = None
    defect_diameter_cm: Positive | None = None
    method: (
        Literal[
            "cryosurgery",
            "electrodesiccation_curettage",
            "laser",
            "chemical",
            "surgical_curettement",
        ]
        | None
    ) = None


class Stage(_Struct, kw_only=True):
    blocks: Count


class Tumor(_Struct, kw_only=True):
    type: (
        Literal[
            "bcc",
            "scc",
            "scc_in_situ",
            "lentigo_maligna",
            "melanoma_in_situ",
            "merkel_cell",
            "dfsp",
            "other",
        ]
        | None
    ) = None
    histology: str | None = None
    size_cm: Positive | None = None
    recurrent: bool = False
    immunocompromised: bool = False
    prior_radiation: bool = False
    genetic_syndrome: bool = False
    breslow_mm: NonNegative | None = None
    clark_level: Annotated[int, Meta(ge=1, le=5)] | None = None
    site_condition: (
        Literal["traumatic_scar", "osteomyelitis", "chronic_ulcer", "chronic_inflammation"] | None
    ) = None


class Mohs(_Procedure, tag="mohs", kw_only=True):
    site: str
    stages: Annotated[list[Stage], Meta(min_length=1)]
    deep_structures: bool = False
    surgeon_is_pathologist: bool = True
    prior_pathology: bool = True
    tumor: Tumor | None = None
    defect_diameter_cm: (
        Annotated[
            float,
            Meta(
                gt=0,
                description="greatest diameter of the final defect after the last stage (cm); "
                "the excised diameter when the surgeon is not the pathologist and the removal "
                "is coded as an excision",
            ),
        ]
        | None
    ) = None


class SkinTagRemoval(_Procedure, tag="skin_tag_removal", kw_only=True):
    count: Count


class IntralesionalInjection(_Procedure, tag="intralesional_injection", kw_only=True):
    count: Count


class Drug(_Procedure, tag="drug", kw_only=True):
    drug: str | None = None
    hcpcs: Annotated[str, Meta(pattern=r"^[A-Za-z][0-9]{4}$")] | None = None
    dose_mg: (
        Annotated[float, Meta(gt=0, description="dose administered (mg); required unless dose_units")] | None
    ) = None
    route: Literal["subcutaneous", "intramuscular", "intravenous", "intralesional", "intradermal", "topical"]
    wasted_mg: NonNegative = 0
    container: Literal["single_dose", "multi_dose"] = "single_dose"
    ndc: str | None = None
    infusion_minutes: NonNegative | None = None
    dose_units: (
        Annotated[
            float,
            Meta(gt=0, description="dose in labelled units, for drugs dosed in units (botulinum toxins)"),
        ]
        | None
    ) = None
    wasted_units: Annotated[
        float, Meta(ge=0, description="labelled units discarded from a single-dose container")
    ] = 0


class Phototherapy(_Procedure, tag="phototherapy", kw_only=True):
    modality: Literal["uvb", "nbuvb", "uva", "puva", "tar_uvb", "petrolatum_uvb", "excimer"]
    area_sq_cm: Positive | None = None
    bsa_percent: Annotated[float, Meta(ge=0, le=100)] | None = None
    supervised_hours: NonNegative | None = None
    topical_applied_by: Literal["staff", "patient"] | None = None


class PhotodynamicTherapy(_Procedure, tag="photodynamic_therapy", kw_only=True):
    agent: Annotated[str, Meta(min_length=1)]
    dose_mg: Positive | None = None
    minutes: NonNegative | None = None
    applied_by: (
        Annotated[
            Literal["staff", "physician"],
            Meta(description="who applied the photosensitizer: staff (96567) or a physician/QHP (96573)"),
        ]
        | None
    ) = None
    debridement: Annotated[
        bool, Meta(description="lesions debrided (curettage, abrasion) before application (96574)")
    ] = False


class ChemicalPeel(_Procedure, tag="chemical_peel", kw_only=True):
    depth: Literal["epidermal", "dermal"]
    facial: bool


class PatchTest(_Procedure, tag="patch_test", kw_only=True):
    allergens: Count


class FrozenSection(_Procedure, tag="frozen_section", kw_only=True):
    specimen: Annotated[str, Meta(min_length=1)]
    read_by: Literal["surgeon", "pathologist"] = "surgeon"


class OtherProcedure(_Procedure, tag="other", kw_only=True):
    """Extension: a documented procedure outside the families dermclaim codes (an incision and
    drainage, a nail avulsion …). It is reported for a person to code, never dropped or guessed."""

    description: Annotated[str, Meta(min_length=1, description="what was done, in words")]
    code: Annotated[str, Meta(pattern=r"^[0-9A-Za-z]{5}$")] | None = None


Procedure = (
    Biopsy
    | ShaveRemoval
    | Excision
    | RepairProcedure
    | AdjacentTissueTransfer
    | Destruction
    | Mohs
    | SkinTagRemoval
    | IntralesionalInjection
    | Drug
    | Phototherapy
    | PhotodynamicTherapy
    | ChemicalPeel
    | PatchTest
    | FrozenSection
    | OtherProcedure
)

PROCEDURE_TYPES: dict[str, type[_Procedure]] = {
    str(cls.__struct_config__.tag): cls
    for cls in (
        Biopsy,
        ShaveRemoval,
        Excision,
        RepairProcedure,
        AdjacentTissueTransfer,
        Destruction,
        Mohs,
        SkinTagRemoval,
        IntralesionalInjection,
        Drug,
        Phototherapy,
        PhotodynamicTherapy,
        ChemicalPeel,
        PatchTest,
        FrozenSection,
        OtherProcedure,
    )
}


class Encounter(_Struct, kw_only=True):
    """One encounter: what was documented, not what to bill."""

    id: Annotated[str, Meta(min_length=1)]
    date_of_service: dt.date
    patient: Patient
    payer: Payer
    rendering_provider: RenderingProvider | None = None
    billing_provider: BillingProvider | None = None
    place_of_service: Annotated[str, Meta(pattern=r"^[0-9]{2}$")] = "11"
    diagnoses: list[Icd10Code] = []
    visit: Visit | None = None
    procedures: list[Procedure] = []
    pathology: list[Pathology] = []
    note: str | None = None
    waivers: list[Waiver] = []
    authorizations: list[Authorization] = []
    claim_lines: list[ClaimLine] = []


# --- decoding -------------------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"
_TOO_DEEP = "JSON nested too deeply: an encounter document is a few levels deep"
_decoder = msgspec.json.Decoder(Encounter)
_raw_decoder = msgspec.json.Decoder()


def load(data: bytes | str, *, source: str = "input") -> Encounter:
    """Decode and validate one encounter document, or raise InputError listing every problem."""
    raw = data.encode() if isinstance(data, str) else data
    if raw.startswith(_BOM):  # editors on Windows write one; JSON parsers may ignore it
        raw = raw[len(_BOM) :]
    if not raw.strip():
        raise InputError([Problem("", "empty input: expected one JSON encounter document")], source=source)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InputError(
            [Problem("", f"input is {len(raw):,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}")],
            source=source,
        )
    try:
        enc = _decoder.decode(raw)
    except RecursionError:
        raise InputError([Problem("", _TOO_DEEP)], source=source) from None
    except msgspec.ValidationError:
        raise InputError(_structural_problems(raw), source=source) from None
    except msgspec.DecodeError as exc:
        raise InputError(
            [Problem("", f"not valid JSON: {_json_position(raw, exc)}")], source=source
        ) from None
    problems = semantic_problems(enc)
    if problems:
        raise InputError(problems, source=source)
    return enc


def _json_position(raw: bytes, exc: msgspec.DecodeError) -> str:
    """Turn msgspec's byte offset into line and column, which people can find."""
    text = str(exc)
    m = re.search(r"at byte (\d+)|char (\d+)", text)
    if not m:
        return text
    offset = int(m.group(1) or m.group(2))
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    reason = text.split(" - ")[0].split(" at ")[0]
    return f"{reason} at line {line}, column {col}"


def _structural_problems(raw: bytes) -> list[Problem]:
    """Every schema violation with its pointer (slow path, only for refused documents)."""
    from dermclaim.schema import collect_problems  # jsonschema is imported only on this path

    try:
        obj = _raw_decoder.decode(raw)
    except msgspec.DecodeError as exc:
        return [Problem("", f"not valid JSON: {_json_position(raw, exc)}")]
    except RecursionError:
        return [Problem("", _TOO_DEEP)]
    problems = collect_problems(obj)
    if not problems:  # msgspec and the schema disagree: report msgspec's own words
        try:
            _decoder.decode(raw)
        except msgspec.ValidationError as exc:
            problems = [_from_msgspec(exc)]
    if isinstance(obj, dict):
        problems.extend(_site_problems_raw(obj))
    return sorted(problems, key=_pointer_order)


def _pointer_order(problem: Problem) -> list[tuple[int, str]]:
    """Document order: /procedures/2 before /procedures/10."""
    return [(int(p), "") if p.isdigit() else (-1, p) for p in problem.pointer.split("/")]


def _from_msgspec(exc: msgspec.ValidationError) -> Problem:
    text = str(exc)
    message, _, where = text.partition(" - at `$")
    pointer = where.rstrip("`").replace("[", "/").replace("]", "").replace(".", "/")
    return Problem(pointer, message)


def _site_problems_raw(obj: dict[str, Any]) -> list[Problem]:
    procs = obj.get("procedures")
    if not isinstance(procs, list):
        return []
    out = []
    for i, proc in enumerate(procs):
        if isinstance(proc, dict) and isinstance(proc.get("site"), str):
            problem = _site_problem(f"/procedures/{i}/site", proc["site"])
            if problem:
                out.append(problem)
    return out


def _site_problem(pointer: str, phrase: str) -> Problem | None:
    from dermclaim.sites import UnknownSite, resolve

    try:
        resolve(phrase)
    except UnknownSite as exc:
        closest = ", ".join(exc.suggestions) or "no close match"
        return Problem(
            pointer,
            f"unknown body site {phrase!r}; closest known sites: {closest}",
            value=phrase,
            expected="a body-site phrase from the vocabulary (dermclaim sites)",
        )
    return None


def semantic_problems(enc: Encounter) -> list[Problem]:
    """Checks a schema cannot express: unique ids, resolvable sites, references that resolve."""
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for i, proc in enumerate(enc.procedures):
        if proc.id in ids:
            problems.append(
                Problem(
                    f"/procedures/{i}/id",
                    f"duplicate procedure id {proc.id!r}",
                    proc.id,
                    f"unique within the encounter (first used at /procedures/{ids[proc.id]})",
                )
            )
        ids.setdefault(proc.id, i)
        if proc.site is not None:
            problem = _site_problem(f"/procedures/{i}/site", proc.site)
            if problem:
                problems.append(problem)
        problems.extend(_procedure_problems(i, proc, ids))
    problems.extend(_same_excision_problems(enc))
    for w, waiver in enumerate(enc.waivers):
        problems.extend(_dangling(f"/waivers/{w}/procedures", waiver.procedures, ids))
    for a, auth in enumerate(enc.authorizations):
        problems.extend(_dangling(f"/authorizations/{a}/procedures", auth.procedures, ids))
    if enc.visit is not None:
        documented = {normalize_dx(d) for d in enc.diagnoses}
        for d, code in enumerate(enc.visit.diagnoses):
            if normalize_dx(code) not in documented:
                problems.append(
                    Problem(
                        f"/visit/diagnoses/{d}",
                        f"{code!r} is not among the encounter's diagnoses",
                        code,
                        "a subset of /diagnoses",
                    )
                )
    for p, npi_holder in (
        ("/rendering_provider/npi", enc.rendering_provider),
        ("/billing_provider/npi", enc.billing_provider),
    ):
        npi = npi_holder.npi if npi_holder is not None else None
        if npi is not None and not npi_is_valid(npi):
            problems.append(Problem(p, f"NPI {npi} fails its check digit", npi, "a valid 10-digit NPI"))
    return problems


def _procedure_problems(i: int, proc: _Procedure, ids: dict[str, int]) -> Iterator[Problem]:
    base = f"/procedures/{i}"
    if isinstance(proc, Destruction) and proc.lesion_kind in ("in_situ", "malignant"):
        for field in ("site", "diameter_cm"):
            if getattr(proc, field) is None:
                yield Problem(
                    f"{base}/{field}",
                    f"required for {proc.lesion_kind} destruction",
                    None,
                    "one procedure per lesion with its site and diameter",
                )
    if isinstance(proc, Destruction) and proc.lesion_kind is None and proc.specimen is None:
        yield Problem(
            f"{base}/lesion_kind",
            "lesion_kind is required unless a specimen names the pathology",
            None,
            "premalignant, benign, in_situ or malignant",
        )
    if isinstance(proc, Excision) and proc.re_excision_of is not None:
        first = ids.get(proc.re_excision_of)
        if first is None or first >= i:
            yield Problem(
                f"{base}/re_excision_of",
                f"{proc.re_excision_of!r} is not an excision earlier in this encounter",
                proc.re_excision_of,
                "the id of an earlier excision of the same lesion",
            )
    if isinstance(proc, Drug) and proc.drug is None and proc.hcpcs is None:
        yield Problem(
            f"{base}/drug",
            "a drug needs its generic name (drug) or its HCPCS code (hcpcs)",
            None,
            "drug or hcpcs",
        )
    if isinstance(proc, Drug) and proc.dose_mg is None and proc.dose_units is None:
        yield Problem(
            f"{base}/dose_mg",
            "a drug needs its dose: dose_mg, or dose_units for drugs dosed in units",
            None,
            "dose_mg or dose_units",
        )


def _dangling(pointer: str, refs: list[str], ids: dict[str, int]) -> Iterator[Problem]:
    for r, ref in enumerate(refs):
        if ref not in ids:
            yield Problem(f"{pointer}/{r}", f"no procedure has id {ref!r}", ref, "a procedure id")


def _same_excision_problems(enc: Encounter) -> Iterator[Problem]:
    """``same_excision_as`` must name another excision of the encounter (earlier or later)."""
    excisions = {p.id for p in enc.procedures if isinstance(p, Excision)}
    for i, proc in enumerate(enc.procedures):
        ref = proc.same_excision_as if isinstance(proc, Excision) else None
        if ref is not None and (ref == proc.id or ref not in excisions):
            yield Problem(
                f"/procedures/{i}/same_excision_as",
                f"{ref!r} is not another excision of this encounter",
                ref,
                "the id of the excision whose single ellipse also removed this lesion",
            )


@lru_cache(maxsize=65536)
def normalize_dx(code: str) -> str:
    """ICD-10-CM code with its dot, upper case: 'l570' -> 'L57.0'."""
    c = code.strip().upper().replace(".", "")
    return c if len(c) <= 3 else f"{c[:3]}.{c[3:]}"


def npi_is_valid(npi: str) -> bool:
    """NPI check digit: Luhn over the 80840 prefix plus the first nine digits."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    total = 24  # the constant contribution of the 80840 prefix
    for pos, ch in enumerate(reversed(npi[:9])):
        d = int(ch)
        if pos % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10 == int(npi[9])
