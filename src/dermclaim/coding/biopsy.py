"""Skin biopsy coding (CPT 11102–11107 since 2019-01-01), and site-specific biopsy codes.

Knowledge (RULES.md §1): one primary biopsy code per encounter, chosen by technique
(incisional 11106 > punch 11104 > tangential 11102), never by order; every other separately
sampled lesion takes the add-on of its own technique (11107 / 11105 / 11103); several samples of
one lesion are one biopsy; skin codes do not apply at the lip vermilion and mucosa, eyelid margin,
nail unit and external auditory canal, which have their own codes; a biopsy of a lesion removed
at the same session is included in the removal unless a frozen-section reading of it drove the
decision to remove (then modifier 58, or for Mohs without prior pathology the distinct modifier).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.coding.diagnosis import diagnosis_for, pathology_for
from dermclaim.document import Biopsy, Destruction, Encounter, FrozenSection, Mohs
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet

RANK = {"incisional": 3, "punch": 2, "tangential": 1}
PRIMARY = {"incisional": "11106", "punch": "11104", "tangential": "11102"}
ADD_ON = {"incisional": "11107", "punch": "11105", "tangential": "11103"}
TECHNIQUE_OF = {code: t for t, code in PRIMARY.items()} | {code: t for t, code in ADD_ON.items()}
PRIMARY_CODES = frozenset(PRIMARY.values())
ADD_ON_CODES = frozenset(ADD_ON.values())
SKIN_BIOPSY_CODES = PRIMARY_CODES | ADD_ON_CODES

REMOVAL_TYPES = ("shave_removal", "excision", "adjacent_tissue_transfer", "mohs", "destruction")


@dataclass(frozen=True, slots=True)
class SampledLesion:
    """One separately sampled lesion or site: the unit a biopsy code counts."""

    lead: str  # the procedure id that stands for the lesion
    samples: tuple[str, ...]  # every biopsy procedure of this lesion
    technique: str
    site: Site
    diagnoses: tuple[str, ...]
    dx_origin: str
    modifier: str | None = None
    special_code: str | None = None


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    del tables  # the hierarchy is CPT text, not a CMS table
    biopsies = [p for p in enc.procedures if isinstance(p, Biopsy)]
    fates: dict[str, Fate] = {}
    lesions: list[SampledLesion] = []
    for group in _group_by_lesion(biopsies):
        lead = max(group, key=lambda b: RANK[b.technique])
        for other in group:
            if other is not lead:
                fates[other.id] = Fate(
                    "bundled",
                    f"another sample of lesion {lead.lesion!r} ({lead.id}): several samples of one "
                    "lesion are one biopsy",
                    "sample_of_lesion",
                )
        decision, modifier = _same_lesion_removal(enc, lead, options)
        if decision is not None:
            for b in group:
                fates[b.id] = decision
            continue
        dx = diagnosis_for(enc, lead)
        site = sites[lead.id]
        special = (site.site_specific_codes or {}).get("biopsy") if not site.skin_codes_apply else None
        lesions.append(
            SampledLesion(
                lead=lead.id,
                samples=tuple(b.id for b in group),
                technique=lead.technique,
                site=site,
                diagnoses=dx.codes,
                dx_origin=dx.origin,
                modifier=modifier,
                special_code=special,
            )
        )
    lines: list[CodedLine] = []
    skin = [les for les in lesions if les.special_code is None]
    for les in lesions:
        if les.special_code is not None:
            lines.append(
                CodedLine(
                    code=les.special_code,
                    units=1,
                    modifiers=_mods(les),
                    diagnoses=les.diagnoses,
                    procedures=les.samples,
                    family="biopsy",
                    because=f"{les.technique} biopsy of the {les.site.label}: skin biopsy codes do not "
                    f"apply there; the site-specific biopsy code is {les.special_code}",
                )
            )
            fates[les.lead] = Fate("coded", f"site-specific biopsy code {les.special_code}")
    skin.sort(key=lambda les: -RANK[les.technique])  # stable: document order within a technique
    if skin:
        first = skin[0]
        lines.append(
            CodedLine(
                code=PRIMARY[first.technique],
                units=1,
                modifiers=_mods(first),
                diagnoses=first.diagnoses,
                procedures=first.samples,
                family="biopsy",
                because=_primary_because(first, skin),
            )
        )
        fates[first.lead] = Fate("coded", f"primary biopsy code {PRIMARY[first.technique]}")
        grouped: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[SampledLesion]] = {}
        for les in skin[1:]:
            key = (ADD_ON[les.technique], _mods(les), les.diagnoses)
            grouped.setdefault(key, []).append(les)
            fates[les.lead] = Fate("coded", f"add-on biopsy code {ADD_ON[les.technique]}")
        for (add_on, mods, codes), members in grouped.items():
            ids = tuple(i for les in members for i in les.samples)
            n = len(members)
            lines.append(
                CodedLine(
                    code=add_on,
                    units=n,
                    modifiers=mods,
                    diagnoses=codes,
                    procedures=ids,
                    family="biopsy",
                    because=f"{n} additional {members[0].technique} "
                    f"biops{'y' if n == 1 else 'ies'} of separate lesion{'s' if n > 1 else ''}: "
                    f"each takes the add-on of its own technique ({add_on})",
                )
            )
    return FamilyCoding(lines=tuple(lines), fates=fates, facts={"biopsy.lesions": tuple(lesions)})


def _mods(les: SampledLesion) -> tuple[str, ...]:
    return (les.modifier,) if les.modifier else ()


def _primary_because(first: SampledLesion, skin: list[SampledLesion]) -> str:
    kinds = Counter(les.technique for les in skin)
    if len(kinds) == 1:
        return f"{first.technique} biopsy, first lesion: the primary biopsy code"
    done = ", ".join(f"{n} {t}" for t, n in sorted(kinds.items(), key=lambda kv: -RANK[kv[0]]))
    return (
        f"{first.technique} biopsy is the highest technique performed ({done}); "
        "the primary code follows incisional > punch > tangential, not the order done"
    )


def _group_by_lesion(biopsies: list[Biopsy]) -> list[list[Biopsy]]:
    groups: dict[str, list[Biopsy]] = {}
    for b in biopsies:
        groups.setdefault(f"lesion:{b.lesion}" if b.lesion else f"id:{b.id}", []).append(b)
    return list(groups.values())


def _same_lesion_removal(enc: Encounter, biopsy: Biopsy, options: Options) -> tuple[Fate | None, str | None]:
    """For a biopsy of a lesion also removed or destroyed this session: either the fate that
    keeps it off the claim, or no fate and the modifier that makes it reportable."""
    if not biopsy.lesion:
        return None, None
    removal = next(
        (
            p
            for p in enc.procedures
            if p.lesion == biopsy.lesion
            and p.id != biopsy.id
            and type(p).__struct_config__.tag in REMOVAL_TYPES
        ),
        None,
    )
    if removal is None:
        return None, None
    frozen = biopsy.specimen is not None and any(
        isinstance(p, FrozenSection) and p.specimen == biopsy.specimen for p in enc.procedures
    )
    kind = str(type(removal).__struct_config__.tag)
    if isinstance(removal, Mohs):
        if removal.prior_pathology:
            return Fate(
                "bundled",
                f"lesion {biopsy.lesion!r} had Mohs surgery ({removal.id}) and its "
                "diagnosis was already established: a same-day biopsy is not reportable",
                "removed_same_session",
            ), None
        if not frozen:
            return Fate(
                "bundled",
                f"lesion {biopsy.lesion!r} had Mohs surgery ({removal.id}); without a "
                "frozen section of the biopsy that led to the Mohs, the biopsy is not reportable",
                "removed_same_session",
            ), None
        # Same lesion, so not XS (separate structure): XU, or 59 for payers that want 59.
        return None, ("59" if options.distinct_modifier == "59" else "XU")
    if isinstance(removal, Destruction):
        path = pathology_for(enc, biopsy.specimen) or pathology_for(enc, removal.specimen)
        behavior = path.behavior if path else None
        if behavior is None:
            return Fate(
                "hold",
                f"lesion {biopsy.lesion!r} was sampled and destroyed ({removal.id}): bill "
                "the biopsy if pathology is benign, the destruction if not; hold for pathology",
                "pending_pathology",
            ), None
        if behavior == "benign":
            return None, None
        return Fate(
            "bundled",
            f"lesion {biopsy.lesion!r} was sampled and destroyed ({removal.id}) and "
            f"pathology is {behavior}: the destruction is billed, not the biopsy",
            "removed_same_session",
        ), None
    if frozen:
        return None, options.same_lesion_biopsy_modifier
    return Fate(
        "bundled",
        f"lesion {biopsy.lesion!r} was removed at the same session ({removal.id}, "
        f"{kind.replace('_', ' ')}): the biopsy is included in the removal",
        "removed_same_session",
    ), None
