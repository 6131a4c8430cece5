"""Destruction of lesions (17000–17286), skin tags (11200/11201), intralesional injection
(11900/11901) and chemical peels (15788–15793, 17360).

Knowledge (RULES.md §6, §11 rows 10–12):

* premalignant lesions (actinic keratoses) by any method: 17000 for the first lesion, +17003 for
  each of lesions 2–14 (units n − 1), 17004 alone (one unit) for 15 or more — the lesions of the
  whole session are counted together;
* benign lesions (warts, molluscum, seborrhoeic keratoses): 17110 one unit for 1–14 lesions,
  17111 one unit for 15 or more — never both, never per lesion;
* malignant and in situ lesions: 17260–17286 by the site's malignant-destruction group and the
  diameter band (≤0.5, ≤1.0, ≤2.0, ≤3.0, ≤4.0, >4.0 cm → last digit 0–4, 6), one line per lesion;
  the final curettage defect is used when documented (AAD advice; setting
  ``malignant_destruction_size``);
* a lesion sampled and destroyed at one session is billed from its pathology: benign → the
  biopsy (coding/biopsy.py) and not the destruction; otherwise the destruction; no result → hold;
* skin tags: 11200 for up to 15, +11201 for each further 10 or part; intralesional injection:
  11900 for up to 7 lesions, 11901 for more than 7 (never both; the drug is a ``drug`` entry);
* chemical peels: 15788 facial epidermal, 15789 facial dermal, 15792 non-facial epidermal, 15793
  non-facial dermal; 17360 is chemical exfoliation *for acne* only and is never an AK peel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.coding.bands import excision_digit
from dermclaim.coding.biopsy import RANK
from dermclaim.coding.diagnosis import diagnosis_for, pathology_for
from dermclaim.document import (
    Biopsy,
    ChemicalPeel,
    Destruction,
    Encounter,
    IntralesionalInjection,
    SkinTagRemoval,
)
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet

LesionKind = Literal["premalignant", "benign", "in_situ", "malignant"]

PREMALIGNANT_FIRST, PREMALIGNANT_ADD_ON, PREMALIGNANT_15_PLUS = "17000", "17003", "17004"
PREMALIGNANT_CODES = frozenset({PREMALIGNANT_FIRST, PREMALIGNANT_ADD_ON, PREMALIGNANT_15_PLUS})
PREMALIGNANT_ADD_ON_MAX = 13
BENIGN_UP_TO_14, BENIGN_15_PLUS = "17110", "17111"
BENIGN_CODES = frozenset({BENIGN_UP_TO_14, BENIGN_15_PLUS})
MANY_LESIONS = 15

MALIGNANT_BASE = {
    "trunk_arms_legs": 17260,
    "scalp_neck_hands_feet_genitalia": 17270,
    "face_ears_eyelids_nose_lips_mucous_membrane": 17280,
}
MALIGNANT_CODES = frozenset(str(b + d) for b in MALIGNANT_BASE.values() for d in (0, 1, 2, 3, 4, 6))

SKIN_TAG_FIRST, SKIN_TAG_ADD_ON = "11200", "11201"
SKIN_TAG_FIRST_COUNT, SKIN_TAG_ADD_ON_COUNT = 15, 10
INJECTION_UP_TO_7, INJECTION_MORE_THAN_7 = "11900", "11901"
INJECTION_LIMIT = 7

PEEL_CODES = {
    (True, "epidermal"): "15788",
    (True, "dermal"): "15789",
    (False, "epidermal"): "15792",
    (False, "dermal"): "15793",
}
ACNE_EXFOLIATION = "17360"
ACNE_DX_PREFIX = "L70"
ACTINIC_KERATOSIS_DX = "L57.0"

_KIND_OF_BEHAVIOR: Mapping[str, LesionKind] = {
    "benign": "benign",
    "premalignant": "premalignant",
    "in_situ": "in_situ",
    "malignant": "malignant",
}


@dataclass(frozen=True, slots=True)
class TreatedLesions:
    """One destruction procedure as coded: what kind of lesion, how many, and where from."""

    proc: str
    kind: LesionKind
    count: int
    origin: str  # why this kind: "documented", "pathology of specimen S1", …
    diagnoses: tuple[str, ...]
    code: str | None = None  # malignant/in situ: the per-lesion code
    size_cm: float | None = None  # malignant/in situ: the diameter that chose the band
    size_basis: str = ""  # "lesion diameter" or "final curettage defect"
    alternative_code: str | None = None  # the code the other size setting would give


# --------------------------------------------------------------------------- destruction


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    """Destruction lines: premalignant and benign counted per session, malignant per lesion."""
    del tables  # the counting and the size bands are CPT text, not a CMS table
    fates: dict[str, Fate] = {}
    treated: list[TreatedLesions] = []
    for proc in enc.procedures:
        if not isinstance(proc, Destruction):
            continue
        outcome = _classify(enc, proc, sites.get(proc.id), options)
        if isinstance(outcome, Fate):
            fates[proc.id] = outcome
        else:
            treated.append(outcome)
    lines: list[CodedLine] = []
    lines += _premalignant_lines([t for t in treated if t.kind == "premalignant"], fates)
    lines += _benign_lines([t for t in treated if t.kind == "benign"], fates)
    lines += _malignant_lines([t for t in treated if t.kind in ("malignant", "in_situ")], fates, options)
    facts = {
        "destruction.treated": tuple(treated),
        "destruction.premalignant_count": sum(t.count for t in treated if t.kind == "premalignant"),
        "destruction.benign_count": sum(t.count for t in treated if t.kind == "benign"),
    }
    return FamilyCoding(lines=tuple(lines), fates=fates, facts=facts)


def premalignant_codes(n: int) -> list[tuple[str, int]]:
    """17000 + 17003 × (n − 1) for 1–14 lesions; 17004 × 1 for 15 or more."""
    if n <= 0:
        return []
    if n >= MANY_LESIONS:
        return [(PREMALIGNANT_15_PLUS, 1)]
    return [(PREMALIGNANT_FIRST, 1)] + ([(PREMALIGNANT_ADD_ON, n - 1)] if n > 1 else [])


def benign_codes(n: int) -> list[tuple[str, int]]:
    """17110 × 1 for 1–14 lesions; 17111 × 1 for 15 or more."""
    if n <= 0:
        return []
    return [(BENIGN_15_PLUS if n >= MANY_LESIONS else BENIGN_UP_TO_14, 1)]


def skin_tag_codes(n: int) -> list[tuple[str, int]]:
    """11200 for up to 15 tags; +11201 for each additional 10 or part of 10."""
    if n <= 0:
        return []
    extra = max(0, n - SKIN_TAG_FIRST_COUNT)
    add_on = -(-extra // SKIN_TAG_ADD_ON_COUNT)
    return [(SKIN_TAG_FIRST, 1)] + ([(SKIN_TAG_ADD_ON, add_on)] if add_on else [])


def injection_codes(n: int) -> list[tuple[str, int]]:
    """11900 for up to and including 7 lesions; 11901 for more than 7."""
    if n <= 0:
        return []
    return [(INJECTION_MORE_THAN_7 if n > INJECTION_LIMIT else INJECTION_UP_TO_7, 1)]


def describe(codes: Iterable[tuple[str, int]]) -> str:
    """'17000 + 17003 × 2'."""
    parts = [f"{c} × {n}" if n > 1 else c for c, n in codes]
    return " + ".join(parts) if parts else "no code"


def _classify(
    enc: Encounter, proc: Destruction, site: Site | None, options: Options
) -> TreatedLesions | Fate:
    kind, origin, fate = _lesion_kind(enc, proc)
    if fate is not None:
        return fate
    assert kind is not None
    if site is not None and not site.skin_codes_apply:
        note = (site.site_specific_codes or {}).get("note", "")
        return Fate(
            "not_coded",
            f"destruction at the {site.label}: the skin destruction codes 17000–17286 do not apply "
            f"there{'; ' + note if note else ''}; code it by hand with the site's own code",
            "special_site",
        )
    dx = diagnosis_for(enc, proc).codes
    if kind in ("premalignant", "benign"):
        return TreatedLesions(proc.id, kind, proc.count, origin, dx)
    # malignant / in situ: one procedure per lesion, with its site and diameter
    if site is None or proc.diameter_cm is None:
        missing = " and ".join(f for f, v in (("site", site), ("diameter_cm", proc.diameter_cm)) if v is None)
        return Fate(
            "hold",
            f"{kind.replace('_', ' ')} destruction ({origin}) is coded by site and lesion "
            f"diameter: document its {missing}",
            "missing_size",
        )
    if proc.count > 1:
        return Fate(
            "hold",
            f"{proc.count} {kind.replace('_', ' ')} lesions in one entry: malignant destruction "
            "is coded per lesion; document one destruction procedure per lesion with its own "
            "site and diameter",
            "count_per_lesion",
        )
    group = site.groups.get("malignant_destruction")
    base = MALIGNANT_BASE.get(group or "")
    if base is None:
        return Fate(
            "not_coded",
            f"the {site.label} has no malignant-destruction site group; code it by hand",
            "special_site",
        )
    lesion_code = str(base + excision_digit(proc.diameter_cm))
    if proc.defect_diameter_cm is not None:
        defect_code = str(base + excision_digit(proc.defect_diameter_cm))
        if options.malignant_destruction_size == "defect":
            size, basis, used, other = (
                proc.defect_diameter_cm,
                "final curettage defect",
                defect_code,
                lesion_code,
            )
        else:
            size, basis, used, other = proc.diameter_cm, "lesion diameter", lesion_code, defect_code
    else:
        size, basis, used, other = proc.diameter_cm, "lesion diameter", lesion_code, lesion_code
    return TreatedLesions(
        proc.id,
        kind,
        1,
        origin,
        dx,
        code=used,
        size_cm=size,
        size_basis=basis,
        alternative_code=other if other != used else None,
    )


def _lesion_kind(enc: Encounter, proc: Destruction) -> tuple[LesionKind | None, str, Fate | None]:
    """The lesion kind, where it came from, or the fate that keeps the procedure off the claim.

    A lesion sampled and destroyed at the same session follows its pathology, exactly as the
    biopsy coder decides the biopsy side (coding/biopsy.py ``_same_lesion_removal``)."""
    biopsy = _biopsy_of_same_lesion(enc, proc)
    if biopsy is not None:
        path = pathology_for(enc, biopsy.specimen) or pathology_for(enc, proc.specimen)
        behavior = path.behavior if path else None
        if behavior is None:
            return (
                None,
                "",
                Fate(
                    "hold",
                    f"lesion {proc.lesion!r} was sampled ({biopsy.id}) and destroyed: bill the "
                    "destruction if pathology is premalignant or malignant, the biopsy if benign; "
                    "hold for pathology",
                    "pending_pathology",
                ),
            )
        if behavior == "benign":
            return (
                None,
                "",
                Fate(
                    "bundled",
                    f"lesion {proc.lesion!r} was sampled ({biopsy.id}) and destroyed and pathology "
                    "is benign: the biopsy is billed, not the destruction",
                    "biopsy_billed_instead",
                ),
            )
        kind = _KIND_OF_BEHAVIOR.get(behavior)
        if kind is not None:
            return kind, f"pathology of the biopsy of lesion {proc.lesion!r}: {behavior}", None
        # uncertain behavior: the destruction's own documented kind decides, if any
    if proc.lesion_kind is not None:
        return proc.lesion_kind, "documented lesion kind", None
    path = pathology_for(enc, proc.specimen)
    behavior = path.behavior if path else None
    if behavior is None:
        return (
            None,
            "",
            Fate(
                "hold",
                f"no lesion_kind documented and no pathology behavior for specimen "
                f"{proc.specimen!r}: the destruction family (premalignant, benign or malignant) "
                "cannot be chosen; hold for pathology",
                "pending_pathology",
            ),
        )
    kind = _KIND_OF_BEHAVIOR.get(behavior)
    if kind is None:
        return (
            None,
            "",
            Fate(
                "hold",
                f"pathology of specimen {proc.specimen!r} reports uncertain behavior: no "
                "destruction family fits; document the lesion kind",
                "uncertain_behavior",
            ),
        )
    return kind, f"pathology of specimen {proc.specimen!r}: {behavior}", None


def _biopsy_of_same_lesion(enc: Encounter, proc: Destruction) -> Biopsy | None:
    """The lead biopsy (highest technique) of the lesion this destruction treated, if any."""
    if not proc.lesion:
        return None
    samples = [p for p in enc.procedures if isinstance(p, Biopsy) and p.lesion == proc.lesion]
    return max(samples, key=lambda b: RANK[b.technique]) if samples else None


def _union_dx(groups: Iterable[tuple[str, ...]], limit: int = 4) -> tuple[str, ...]:
    out: list[str] = []
    for codes in groups:
        for c in codes:
            if c not in out:
                out.append(c)
    return tuple(out[:limit])


def _counted(treated: Sequence[TreatedLesions]) -> str:
    if len(treated) == 1:
        return f"{treated[0].proc}: {treated[0].count}"
    return ", ".join(f"{t.proc}: {t.count}" for t in treated)


def _premalignant_lines(treated: list[TreatedLesions], fates: dict[str, Fate]) -> list[CodedLine]:
    n = sum(t.count for t in treated)
    if n == 0:
        return []
    ids = tuple(t.proc for t in treated)
    dx = _union_dx(t.diagnoses for t in treated)
    per = f"{n} premalignant lesion{'s' if n > 1 else ''} destroyed this session ({_counted(treated)})"
    lines: list[CodedLine] = []
    if n >= MANY_LESIONS:
        lines.append(
            CodedLine(
                PREMALIGNANT_15_PLUS,
                1,
                (),
                dx,
                ids,
                f"{per}: 15 or more is 17004, one unit, reported instead of 17000 + 17003",
                "destruction",
            )
        )
    else:
        lines.append(
            CodedLine(PREMALIGNANT_FIRST, 1, (), dx, ids, f"{per}: 17000 for the first lesion", "destruction")
        )
        if n > 1:
            lines.append(
                CodedLine(
                    PREMALIGNANT_ADD_ON,
                    n - 1,
                    (),
                    dx,
                    ids,
                    f"lesions 2–{n}: +17003 one unit per lesion ({n - 1})",
                    "destruction",
                )
            )
    codes = describe((ln.code, ln.units) for ln in lines)
    for t in treated:
        fates[t.proc] = Fate(
            "coded", f"premalignant destruction, counted with the session's lesions: {codes}"
        )
    return lines


def _benign_lines(treated: list[TreatedLesions], fates: dict[str, Fate]) -> list[CodedLine]:
    n = sum(t.count for t in treated)
    if n == 0:
        return []
    ((code_, units),) = benign_codes(n)
    tier = "15 or more lesions" if code_ == BENIGN_15_PLUS else "1–14 lesions"
    line = CodedLine(
        code_,
        units,
        (),
        _union_dx(t.diagnoses for t in treated),
        tuple(t.proc for t in treated),
        f"{n} benign lesion{'s' if n > 1 else ''} destroyed this session ({_counted(treated)}): "
        f"{code_} covers {tier}, one unit in all (not per lesion)",
        "destruction",
    )
    for t in treated:
        fates[t.proc] = Fate("coded", f"benign destruction, counted with the session's lesions: {code_} × 1")
    return [line]


def _malignant_lines(
    treated: list[TreatedLesions], fates: dict[str, Fate], options: Options
) -> list[CodedLine]:
    lines: list[CodedLine] = []
    seen: set[str] = set()
    for t in treated:
        assert t.code is not None and t.size_cm is not None
        mods: tuple[str, ...] = ()
        repeat = ""
        if t.code in seen:
            mods = (options.distinct("lesion"),)
            repeat = f"; another lesion already takes {t.code}: {mods[0]} marks this one as a separate lesion"
        seen.add(t.code)
        kind = "in situ" if t.kind == "in_situ" else "malignant"
        setting = ""
        if t.size_basis == "final curettage defect":
            setting = (
                f" (AAD advice, medium confidence; setting malignant_destruction_size='defect'; the "
                f"lesion diameter would give {t.alternative_code})"
                if t.alternative_code
                else " (AAD advice; same band as the lesion diameter)"
            )
        elif t.alternative_code:
            setting = (
                f" (setting malignant_destruction_size='lesion'; the documented final defect "
                f"would give {t.alternative_code})"
            )
        lines.append(
            CodedLine(
                t.code,
                1,
                mods,
                t.diagnoses,
                (t.proc,),
                f"destruction of one {kind} lesion ({t.origin}), {t.size_basis} {t.size_cm:g} cm"
                f"{setting}: {t.code}{repeat}",
                "destruction",
            )
        )
        fates[t.proc] = Fate("coded", f"{kind} destruction {t.code}")
    return lines


# --------------------------------------------------------------------------- skin tags, injections


@dataclass(frozen=True, slots=True)
class _Session:
    """The session's skin tags or intralesional injections, coded together by their total count."""

    ids: tuple[str, ...]
    count: int
    diagnoses: tuple[str, ...]


def _session(enc: Encounter, kind: type[SkinTagRemoval] | type[IntralesionalInjection]) -> _Session:
    procs = [p for p in enc.procedures if isinstance(p, kind)]
    return _Session(
        ids=tuple(p.id for p in procs),
        count=sum(p.count for p in procs),
        diagnoses=_union_dx(diagnosis_for(enc, p).codes for p in procs),
    )


def code_skin_tags(
    enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options
) -> FamilyCoding:
    """11200 + 11201 × ⌈(n − 15) / 10⌉ for the session's skin tags."""
    del sites, tables, options
    session = _session(enc, SkinTagRemoval)
    n = session.count
    codes = skin_tag_codes(n)
    if not codes:
        return FamilyCoding()
    ids, dx = session.ids, session.diagnoses
    lines = [
        CodedLine(
            SKIN_TAG_FIRST,
            1,
            (),
            dx,
            ids,
            f"{n} skin tag{'s' if n > 1 else ''} removed: 11200 covers the first 15",
            "skin_tag_removal",
        )
    ]
    if len(codes) > 1:
        extra = n - SKIN_TAG_FIRST_COUNT
        lines.append(
            CodedLine(
                SKIN_TAG_ADD_ON,
                codes[1][1],
                (),
                dx,
                ids,
                f"{extra} tag{'s' if extra > 1 else ''} beyond the first 15: +11201 for each further "
                f"10 or part of 10 ({codes[1][1]})",
                "skin_tag_removal",
            )
        )
    fates = {pid: Fate("coded", f"skin tags counted for the session: {describe(codes)}") for pid in ids}
    return FamilyCoding(lines=tuple(lines), fates=fates, facts={"skin_tags.count": n})


def code_injections(
    enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options
) -> FamilyCoding:
    """11900 (up to 7 lesions) or 11901 (more than 7), one unit for the session."""
    del sites, tables, options
    session = _session(enc, IntralesionalInjection)
    n = session.count
    codes = injection_codes(n)
    if not codes:
        return FamilyCoding()
    ((code_, _),) = codes
    tier = "more than 7 lesions" if code_ == INJECTION_MORE_THAN_7 else "up to and including 7 lesions"
    line = CodedLine(
        code_,
        1,
        (),
        session.diagnoses,
        session.ids,
        f"{n} lesion{'s' if n > 1 else ''} injected this session: {code_} covers {tier}, one unit "
        "(the drug is billed on its own line)",
        "intralesional_injection",
    )
    fates = {pid: Fate("coded", f"intralesional injection {code_} × 1") for pid in session.ids}
    return FamilyCoding(lines=(line,), fates=fates, facts={"intralesional.count": n})


# --------------------------------------------------------------------------- chemical peels


def is_acne(dx: Iterable[str]) -> bool:
    return any(d.upper().startswith(ACNE_DX_PREFIX) for d in dx)


def is_actinic_keratosis(dx: Iterable[str]) -> bool:
    return any(d.upper().replace(".", "") == ACTINIC_KERATOSIS_DX.replace(".", "") for d in dx)


def peel_code(peel: ChemicalPeel, dx: Sequence[str]) -> str:
    """17360 for chemical exfoliation of acne; otherwise the peel code by face and depth."""
    if is_acne(dx):
        return ACNE_EXFOLIATION
    return PEEL_CODES[(peel.facial, peel.depth)]


def code_peels(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    """One line per chemical peel: 15788/15789/15792/15793, or 17360 when it treats acne."""
    del sites, tables, options
    lines: list[CodedLine] = []
    fates: dict[str, Fate] = {}
    for proc in enc.procedures:
        if not isinstance(proc, ChemicalPeel):
            continue
        dx = diagnosis_for(enc, proc).codes
        code_ = peel_code(proc, dx)
        where = "facial" if proc.facial else "non-facial"
        if code_ == ACNE_EXFOLIATION:
            why = f"chemical exfoliation for acne ({', '.join(dx)}): 17360"
        else:
            why = f"{where} {proc.depth} chemical peel: {code_}"
            if is_actinic_keratosis(dx):
                why += " (a peel for actinic keratoses is a 1578x/1579x peel; 17360 is acne exfoliation only)"
        lines.append(CodedLine(code_, 1, (), dx, (proc.id,), why, "chemical_peel"))
        fates[proc.id] = Fate("coded", f"chemical peel {code_}")
    return FamilyCoding(lines=tuple(lines), fates=fates)
