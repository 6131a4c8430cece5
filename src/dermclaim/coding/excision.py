"""Excision of skin lesions: benign 11400–11446, malignant 11600–11646 (RULES.md §3).

Knowledge:
* excised diameter = greatest clinical lesion diameter + 2 × the narrowest margin, measured
  before excision (§3.2); six bands by site group and family (``coding/bands.py``);
* the family comes from the lesion's behavior, documented or from the pathology of its
  specimen (§3.5): malignant → 116xx; benign and premalignant → 114xx; uncertain behavior →
  114xx (AAPC: atypia/dysplasia take the benign codes); in situ → setting
  ``in_situ_excision_family`` (default malignant, §3.13, low confidence). Neither documented →
  hold for pathology;
* one code per lesion (§3.6), except: several lesions removed in one excision
  (``same_excision_as``) are one code (NCCI, §3.7; sized per ``combined_excision_diameter``,
  §3.8), and a re-excision at the same session (``re_excision_of``) is one code on the final
  widest excised diameter (§3.9);
* adjacent tissue transfer includes excision of its lesion (§3.10): an excision sharing a
  ``lesion`` label with an adjacent_tissue_transfer is not coded;
* skin excision codes do not apply at the lip vermilion and mucosa, eyelid margin, nail unit and
  external ear canal (the site vocabulary): such an excision is not coded, and says so.

:func:`analyze` is shared with the repair coder, which needs each wound's excision code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.coding.bands import excised_diameter, excision_code, excision_digit
from dermclaim.coding.diagnosis import diagnosis_for, pathology_for
from dermclaim.coding.skin_surgery import EXCISION_BANDS, SMALL_BENIGN_EXCISIONS, cm, group_label
from dermclaim.document import AdjacentTissueTransfer, Encounter, Excision
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet

_SEVERITY = {"benign": 0, "premalignant": 1, "uncertain": 2, "in_situ": 3, "malignant": 4}


@dataclass(frozen=True, slots=True)
class ExcisedLesion:
    """One lesion: its excision and any re-excision at the same session."""

    ids: tuple[str, ...]  # document order
    lead: str  # the excision with the widest excised diameter
    site: Site
    lesion_cm: float
    margin_cm: float | None
    excised_cm: float
    behavior: str | None
    behavior_from: str  # "as documented" or "per the pathology of specimen 'B'"; "" when unknown
    diagnoses: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExcisionUnit:
    """What one excision code stands for: one lesion, or several removed in one excision."""

    lesions: tuple[ExcisedLesion, ...]
    lead: str
    site: Site
    excised_cm: float
    malignant: bool | None  # None: behavior not documented yet (hold)
    code: str | None  # None while held
    size_because: str
    family_because: str
    diagnoses: tuple[str, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(i for les in self.lesions for i in les.ids)

    @property
    def small_benign(self) -> bool:
        """Coded 11400/11420/11440: NCCI includes every repair of its wound (RULES 3.11)."""
        return self.code in SMALL_BENIGN_EXCISIONS

    def because(self) -> str:
        return f"{self.family_because}; {self.size_because}"


@dataclass(frozen=True, slots=True)
class ExcisionPlan:
    units: tuple[ExcisionUnit, ...]
    fates: Mapping[str, Fate]
    unit_of: Mapping[str, ExcisionUnit] = field(default_factory=dict)
    in_flap: Mapping[str, str] = field(default_factory=dict)  # excision id → flap id
    non_skin: frozenset[str] = frozenset()


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    del tables  # bands and groups are CPT structure, not a CMS table
    plan = analyze(enc, sites, options)
    grouped: dict[tuple[str, tuple[str, ...]], list[ExcisionUnit]] = {}
    for unit in plan.units:
        if unit.code is not None:
            grouped.setdefault((unit.code, unit.diagnoses), []).append(unit)
    lines = []
    for (code_, dx), units in grouped.items():
        because = " | ".join(u.because() for u in units)
        if len(units) > 1:
            because = f"{len(units)} lesions excised separately, each {code_}: {because}"
        lines.append(
            CodedLine(
                code=code_,
                units=len(units),
                modifiers=(),
                diagnoses=dx,
                procedures=tuple(i for u in units for i in u.ids),
                because=because,
                family="excision",
            )
        )
    return FamilyCoding(lines=tuple(lines), fates=plan.fates, facts={"excision.units": plan.units})


def analyze(enc: Encounter, sites: Mapping[str, Site], options: Options) -> ExcisionPlan:
    """Group the documented excisions into coded units, with every excision's fate."""
    excisions = [p for p in enc.procedures if isinstance(p, Excision)]
    if not excisions:
        return ExcisionPlan(units=(), fates={})
    flaps = {p.lesion: p.id for p in enc.procedures if isinstance(p, AdjacentTissueTransfer) and p.lesion}
    fates: dict[str, Fate] = {}
    in_flap: dict[str, str] = {}
    non_skin: set[str] = set()
    kept: list[Excision] = []
    for exc in excisions:
        site = sites[exc.id]
        if exc.lesion and exc.lesion in flaps:
            in_flap[exc.id] = flaps[exc.lesion]
            fates[exc.id] = Fate(
                "bundled",
                f"lesion {exc.lesion!r} was closed with adjacent tissue transfer {flaps[exc.lesion]}: "
                "the flap code includes excision of the lesion (CPT)",
                "included_in_adjacent_tissue_transfer",
            )
        elif not site.skin_codes_apply:
            non_skin.add(exc.id)
            note = (site.site_specific_codes or {}).get("note", "").rstrip(".")
            fates[exc.id] = Fate(
                "not_coded",
                f"skin excision codes 11400–11646 do not apply at the {site.label}"
                f"{': ' + note if note else ''}; code the site's own excision procedure by hand",
                "non_skin_site",
            )
        else:
            kept.append(exc)
    by_id = {e.id: e for e in kept}
    order = {e.id: i for i, e in enumerate(kept)}

    # Lesions: an excision and its same-session re-excisions.
    lesion_root = _UnionFind(by_id)
    for exc in kept:
        if exc.re_excision_of in by_id:
            lesion_root.join(exc.re_excision_of, exc.id)
    lesions = {root: _lesion(enc, sites, [by_id[i] for i in ids]) for root, ids in lesion_root.groups(order)}
    lesion_of = {i: les for les in lesions.values() for i in les.ids}

    # Units: lesions removed by one excision (unless the payer wants each lesion billed).
    unit_root = _UnionFind(by_id)
    for exc in kept:
        for i in lesion_of[exc.id].ids:
            unit_root.join(lesion_of[exc.id].ids[0], i)
        if options.combined_excision_diameter != "separate" and exc.same_excision_as in by_id:
            unit_root.join(exc.same_excision_as, exc.id)
    units: list[ExcisionUnit] = []
    for _, ids in unit_root.groups(order):
        members: list[ExcisedLesion] = []
        for i in ids:
            les = lesion_of[i]
            if all(les is not m for m in members):
                members.append(les)
        units.append(_unit(members, options))
    unit_of = {i: u for u in units for i in u.ids}
    for unit in units:
        fates.update(_fates(unit))
    return ExcisionPlan(
        units=tuple(units), fates=fates, unit_of=unit_of, in_flap=in_flap, non_skin=frozenset(non_skin)
    )


class _UnionFind:
    def __init__(self, ids: Mapping[str, object]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra

    def groups(self, order: Mapping[str, int]) -> list[tuple[str, list[str]]]:
        out: dict[str, list[str]] = {}
        for i in sorted(self.parent, key=order.__getitem__):
            out.setdefault(self.find(i), []).append(i)
        return list(out.items())


def behavior_of(enc: Encounter, exc: Excision) -> tuple[str | None, str]:
    """The lesion's behavior and where it came from: the procedure, else its pathology."""
    if exc.behavior is not None:
        return exc.behavior, "as documented"
    path = pathology_for(enc, exc.specimen)
    if path is not None and path.behavior is not None:
        return path.behavior, f"per the pathology of specimen {path.specimen!r}"
    return None, ""


def _lesion(enc: Encounter, sites: Mapping[str, Site], chain: list[Excision]) -> ExcisedLesion:
    widths = [excised_diameter(e.diameter_cm, e.margin_cm) for e in chain]
    widest = max(range(len(chain)), key=lambda k: (widths[k], k))
    lead = chain[widest]
    behavior: str | None = None
    origin = ""
    for exc in chain:
        b, o = behavior_of(enc, exc)
        if b is not None and (behavior is None or _SEVERITY[b] > _SEVERITY[behavior]):
            behavior, origin = b, o
    dx: list[str] = []
    for exc in sorted(chain, key=lambda e: diagnosis_for(enc, e).origin == "encounter"):
        for d in diagnosis_for(enc, exc).codes:
            if d not in dx:
                dx.append(d)
        if dx:
            break
    return ExcisedLesion(
        ids=tuple(e.id for e in chain),
        lead=lead.id,
        site=sites[lead.id],
        lesion_cm=lead.diameter_cm,
        margin_cm=lead.margin_cm,
        excised_cm=widths[widest],
        behavior=behavior,
        behavior_from=origin,
        diagnoses=tuple(dx),
    )


def family(behavior: str, options: Options) -> tuple[bool, str]:
    """(malignant family?, why) for a lesion of ``behavior``."""
    if behavior == "malignant":
        return True, "malignant lesion: malignant excision family 11600–11646"
    if behavior == "in_situ":
        malignant = options.in_situ_excision_family == "malignant"
        return malignant, (
            f"in-situ lesion coded with the {'malignant' if malignant else 'benign'} excision family "
            f"(setting in_situ_excision_family={options.in_situ_excision_family!r}; RULES 3.13, "
            "industry practice, low confidence)"
        )
    if behavior == "premalignant":
        return False, "premalignant lesion (not a malignancy): benign excision family 11400–11446"
    if behavior == "uncertain":
        return False, (
            "lesion of uncertain behavior: benign excision family 11400–11446 (AAPC: atypia or "
            "dysplasia on pathology take the benign codes)"
        )
    return False, "benign lesion: benign excision family 11400–11446"


def _size(les: ExcisedLesion) -> str:
    if les.margin_cm is None:
        text = f"margin not documented, so the excised diameter is the lesion diameter {cm(les.lesion_cm)} cm"
    else:
        text = (
            f"excised diameter {cm(les.lesion_cm)} + 2 × {cm(les.margin_cm)} cm margin = "
            f"{cm(les.excised_cm)} cm"
        )
    if len(les.ids) > 1:
        text += (
            f" (re-excised at the same session: {', '.join(les.ids)}; one code on the final "
            "widest excised diameter)"
        )
    return text


def _unit(members: list[ExcisedLesion], options: Options) -> ExcisionUnit:
    lead = max(members, key=lambda les: les.excised_cm)  # first of the widest
    site = lead.site
    verdicts = [(les, *family(les.behavior, options)) for les in members if les.behavior is not None]
    malignant_ones = [v for v in verdicts if v[1]]
    malignant: bool | None
    if malignant_ones:
        malignant, deciding = True, malignant_ones
    elif len(verdicts) < len(members):
        malignant, deciding = None, []
    else:
        malignant, deciding = False, verdicts
    why = ""
    if deciding:
        worst = max(deciding, key=lambda v: _SEVERITY[v[0].behavior or "benign"])
        why = f"{worst[2]} ({worst[0].behavior} {worst[0].behavior_from})"
    if len(members) == 1:
        excised = lead.excised_cm
        size = _size(lead)
    else:
        ids = ", ".join(les.lead for les in members)
        if options.combined_excision_diameter == "sum":
            margins = [les.margin_cm for les in members if les.margin_cm is not None]
            narrowest = min(margins) if margins else 0.0
            excised = round(sum(les.lesion_cm for les in members) + 2 * narrowest, 2)
            size = (
                f"lesions {ids} removed in one excision: one code (NCCI) on the summed lesion "
                f"diameters {' + '.join(cm(les.lesion_cm) for les in members)} + 2 × {cm(narrowest)} cm "
                f"margin = {cm(excised)} cm (setting combined_excision_diameter='sum')"
            )
        else:
            excised = lead.excised_cm
            size = (
                f"lesions {ids} removed in one excision: one code (NCCI) on the widest excised "
                f"diameter, {lead.lead}'s: {_size(lead)} (setting combined_excision_diameter='largest')"
            )
    digit = excision_digit(excised)
    group = site.groups.get("excision")
    size += f"; {group_label(group)}, {EXCISION_BANDS[digit]}"
    code_ = None if malignant is None else excision_code(site, excised, malignant)
    dx: list[str] = []
    for les in [lead, *[m for m in members if m is not lead]]:
        for d in les.diagnoses:
            if d not in dx:
                dx.append(d)
    return ExcisionUnit(
        lesions=tuple(members),
        lead=lead.lead,
        site=site,
        excised_cm=excised,
        malignant=malignant,
        code=code_,
        size_because=size,
        family_because=why,
        diagnoses=tuple(dx[:4]),
    )


def _fates(unit: ExcisionUnit) -> dict[str, Fate]:
    fates: dict[str, Fate] = {}
    if unit.malignant is None:
        for i in unit.ids:
            fates[i] = Fate(
                "hold",
                "the lesion's behavior is neither documented nor reported by pathology: benign "
                "(11400–11446) or malignant (11600–11646) family depends on it; hold for pathology",
                "excision_pending_pathology",
            )
        return fates
    if unit.code is None:
        for i in unit.ids:
            fates[i] = Fate(
                "not_coded",
                f"no excision code for the {unit.site.label}; code it by hand",
                "not_coded",
            )
        return fates
    lead_lesion = next(les for les in unit.lesions if les.lead == unit.lead)
    for les in unit.lesions:
        for i in les.ids:
            if i == unit.lead:
                fates[i] = Fate("coded", f"excision code {unit.code}")
            elif les is lead_lesion or i in lead_lesion.ids:
                fates[i] = Fate(
                    "bundled",
                    f"re-excision of the same lesion at the same session: one code ({unit.code}) "
                    f"on the final widest excised diameter, with {unit.lead}",
                    "re_excised_same_session",
                )
            else:
                fates[i] = Fate(
                    "bundled",
                    f"removed in the same excision as {unit.lead}: several lesions removed in one "
                    f"excision are one excision code ({unit.code}, NCCI)",
                    "same_excision",
                )
    return fates
