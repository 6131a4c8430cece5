"""Mohs micrographic surgery (17311–17315) and frozen sections (88331/88332).

Knowledge (RULES.md §5, §11 rows 7–9):

* per tumor: one first-stage code, (stages − 1) additional-stage add-ons, and one +17315 for
  each tissue block beyond the first 5 *in any stage* (Σ max(0, blocks − 5));
* 17311/+17312 for the head, neck, hands, feet and genitalia **or any site where the surgery
  involved muscle, cartilage, bone, tendon, major nerves or vessels**; 17313/+17314 for the
  trunk, arms and legs otherwise (the site's ``mohs`` group);
* several tumors on one day: each its own first-stage code; the second and later carry the
  distinct-lesion modifier (RULES 5.10, low–medium confidence); add-ons follow their primary;
* when the surgeon is not also the pathologist, Mohs codes are not reported: the removal is a
  malignant excision (116xx) on the final excised diameter and the pathologist bills the
  pathology (RULES 5.4);
* frozen sections and routine stains of the Mohs specimens are included in the Mohs codes
  (RULES 5.5); a frozen section of a same-day diagnostic biopsy that led to the Mohs, with no
  prior pathology, is reported with 59/XU (RULES 5.7); reconstruction is coded by the repair
  coders, never with modifier 58 (RULES 5.9).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.coding.bands import excision_code
from dermclaim.coding.diagnosis import diagnosis_for
from dermclaim.document import Biopsy, Encounter, FrozenSection, Mohs, _Procedure
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet

HEAD_GROUP = "head_neck_hands_feet_genitalia"
TRUNK_GROUP = "trunk_arms_legs"
FIRST_STAGE = {HEAD_GROUP: "17311", TRUNK_GROUP: "17313"}
ADD_STAGE = {HEAD_GROUP: "17312", TRUNK_GROUP: "17314"}
GROUP_OF_CODE = {c: g for g, c in FIRST_STAGE.items()} | {c: g for g, c in ADD_STAGE.items()}
EXTRA_BLOCK = "17315"
BLOCKS_PER_STAGE = 5
FIRST_STAGE_CODES = frozenset(FIRST_STAGE.values())
ADD_STAGE_CODES = frozenset(ADD_STAGE.values())
MOHS_CODES = FIRST_STAGE_CODES | ADD_STAGE_CODES | {EXTRA_BLOCK}
FROZEN_FIRST, FROZEN_ADDITIONAL = "88331", "88332"
FROZEN_CODES = frozenset({FROZEN_FIRST, FROZEN_ADDITIONAL})
IN_SITU_TUMORS = frozenset({"scc_in_situ", "melanoma_in_situ", "lentigo_maligna"})


@dataclass(frozen=True, slots=True)
class MohsTumor:
    """One Mohs procedure (tumor) as documented and coded."""

    proc: str
    site: Site
    group: str | None  # the Mohs group used: HEAD_GROUP / TRUNK_GROUP (None: not coded as Mohs)
    deep_structures: bool
    blocks: tuple[int, ...]  # tissue blocks per stage
    surgeon_is_pathologist: bool
    diagnoses: tuple[str, ...]

    @property
    def stages(self) -> int:
        return len(self.blocks)

    @property
    def extra_stages(self) -> int:
        return len(self.blocks) - 1

    @property
    def extra_blocks(self) -> int:
        return sum(max(0, b - BLOCKS_PER_STAGE) for b in self.blocks)

    def expected(self) -> list[tuple[str, int]]:
        """The Mohs codes and units this tumor supports (empty when not coded as Mohs)."""
        if self.group is None or not self.surgeon_is_pathologist:
            return []
        out = [(FIRST_STAGE[self.group], 1)]
        if self.extra_stages:
            out.append((ADD_STAGE[self.group], self.extra_stages))
        if self.extra_blocks:
            out.append((EXTRA_BLOCK, self.extra_blocks))
        return out


def mohs_group(proc: Mohs, site: Site) -> str | None:
    """17311 group for deep structures anywhere, else the site's Mohs group."""
    return HEAD_GROUP if proc.deep_structures else site.groups.get("mohs")


def blocks_text(blocks: tuple[int, ...]) -> str:
    """'stage 1: 7 blocks, stage 2: 2 blocks'."""
    return ", ".join(f"stage {i}: {b} block{'s' if b > 1 else ''}" for i, b in enumerate(blocks, 1))


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    tumors: list[MohsTumor] = []
    fates: dict[str, Fate] = {}
    slow: list[CodedLine] = []
    for proc in enc.procedures:
        if not isinstance(proc, Mohs):
            continue
        site = sites[proc.id]
        dx = diagnosis_for(enc, proc).codes
        blocks = tuple(s.blocks for s in proc.stages)
        if not proc.surgeon_is_pathologist:
            tumors.append(MohsTumor(proc.id, site, None, proc.deep_structures, blocks, False, dx))
            line, fate = _excision_instead(proc, site, dx, options)
            fates[proc.id] = fate
            if line is not None:
                slow.append(line)
            continue
        group = mohs_group(proc, site)
        if group not in FIRST_STAGE:
            fates[proc.id] = Fate(
                "not_coded",
                f"the {site.label} has no Mohs site group; code it by hand",
                "special_site",
            )
            continue
        tumors.append(MohsTumor(proc.id, site, group, proc.deep_structures, blocks, True, dx))

    coded = [t for t in tumors if t.group is not None]

    def value(t: MohsTumor) -> float:
        assert t.group is not None
        rvu = tables.rvu(FIRST_STAGE[t.group])
        return rvu.nonfac_total if rvu else 0.0

    # The highest-valued tumor is the first; the others carry the distinct-lesion modifier.
    ordered = sorted(coded, key=value, reverse=True)
    lines: list[CodedLine] = []
    add_ons: dict[tuple[str, tuple[str, ...]], list[tuple[MohsTumor, int, str]]] = {}
    for i, t in enumerate(ordered):
        assert t.group is not None
        first = FIRST_STAGE[t.group]
        where = (
            f"the {t.site.label}, surgery involving deep structures (17311 group at any site)"
            if t.deep_structures and t.site.groups.get("mohs") != HEAD_GROUP
            else f"the {t.site.label} ({t.group.replace('_', ', ')})"
        )
        mods: tuple[str, ...] = ()
        because = f"Mohs first stage (up to 5 blocks), {where}: {first}"
        if i > 0:
            mods = (options.distinct("lesion"),)
            because += (
                f"; a further tumor the same day takes its own first-stage code with {mods[0]} "
                "(separate lesion)"
            )
        lines.append(CodedLine(first, 1, mods, t.diagnoses, (t.proc,), because, "mohs"))
        if t.extra_stages:
            add_ons.setdefault((ADD_STAGE[t.group], t.diagnoses), []).append(
                (t, t.extra_stages, f"{t.proc}: {t.stages} stages")
            )
        if t.extra_blocks:
            add_ons.setdefault((EXTRA_BLOCK, t.diagnoses), []).append(
                (t, t.extra_blocks, f"{t.proc}: {blocks_text(t.blocks)}")
            )
        fates[t.proc] = Fate("coded", f"Mohs surgery: {_describe(t.expected())}")
    for (add_on, dx), members in add_ons.items():
        units = sum(n for _, n, _ in members)
        detail = "; ".join(d for _, _, d in members)
        if add_on == EXTRA_BLOCK:
            because = f"each tissue block beyond the first 5 in any stage ({detail}): +17315 × {units}"
        else:
            because = f"each additional stage after the first ({detail}): +{add_on} × {units}"
        lines.append(CodedLine(add_on, units, (), dx, tuple(t.proc for t, _, _ in members), because, "mohs"))
    facts = {"mohs.tumors": tuple(tumors)}
    return FamilyCoding(lines=tuple(lines + slow), fates=fates, facts=facts)


def _excision_instead(
    proc: Mohs, site: Site, dx: tuple[str, ...], options: Options
) -> tuple[CodedLine | None, Fate]:
    """Surgeon not the pathologist: a malignant excision on the final excised diameter."""
    if not site.skin_codes_apply:
        return None, Fate(
            "not_coded",
            f"surgeon is not the pathologist, so no Mohs codes; the {site.label} has no skin "
            "excision code: code the excision by hand with the site's own code",
            "special_site",
        )
    tumor = proc.tumor
    in_situ = tumor is not None and tumor.type in IN_SITU_TUMORS
    family = options.in_situ_excision_family if in_situ else "malignant"
    malignant = family != "benign"
    if proc.defect_diameter_cm is not None:
        size, basis = proc.defect_diameter_cm, "final defect diameter"
    elif tumor is not None and tumor.size_cm is not None:
        size, basis = tumor.size_cm, "tumor diameter (final defect not documented: margins not counted)"
    else:
        return None, Fate(
            "hold",
            "surgeon is not the pathologist, so the removal is an excision coded on the final "
            "excised diameter: document defect_diameter_cm (or at least tumor.size_cm)",
            "missing_size",
        )
    code_ = excision_code(site, size, malignant)
    if code_ is None:
        return None, Fate("not_coded", f"the {site.label} has no excision site group", "special_site")
    kind = (
        "in situ tumor excised with malignant-excision codes"
        if in_situ and malignant
        else ("malignant" if malignant else "in situ tumor excised with benign-excision codes")
    )
    because = (
        f"surgeon is not the pathologist, so Mohs codes do not apply: excision ({kind}) of the "
        f"{site.label} on the {basis} {size:g} cm over {len(proc.stages)} same-day stage(s): "
        f"{code_}; the pathologist bills the pathology"
    )
    line = CodedLine(code_, 1, (), dx, (proc.id,), because, "mohs")
    return line, Fate("coded", f"excision {code_} (surgeon not the pathologist)", "excision_instead_of_mohs")


def _describe(codes: list[tuple[str, int]]) -> str:
    return " + ".join(f"{c} × {n}" if n > 1 else c for c, n in codes) or "no code"


# --------------------------------------------------------------------------- frozen sections


def code_frozen_sections(
    enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options
) -> FamilyCoding:
    """88331 for the first frozen-section block of a specimen, +88332 for each further entry of
    the same specimen, unless the specimen is a Mohs specimen (included in Mohs), another
    physician reads it, or it is a biopsy that is not reportable beside the Mohs."""
    del sites, tables
    frozen = [p for p in enc.procedures if isinstance(p, FrozenSection)]
    if not frozen:
        return FamilyCoding()
    mohs = [p for p in enc.procedures if isinstance(p, Mohs)]
    fates: dict[str, Fate] = {}
    by_specimen: dict[str, list[FrozenSection]] = {}
    for fs in frozen:
        if fs.read_by == "pathologist":
            fates[fs.id] = Fate(
                "not_coded",
                f"frozen section of specimen {fs.specimen!r} read by a pathologist, who bills it",
                "read_by_pathologist",
            )
            continue
        by_specimen.setdefault(fs.specimen, []).append(fs)
    lines: list[CodedLine] = []
    for specimen, group in by_specimen.items():
        source = _source_procedure(enc, specimen)
        decision, modifier = _frozen_decision(specimen, source, mohs, options)
        if decision is not None:
            for fs in group:
                fates[fs.id] = decision
            continue
        mods = (modifier,) if modifier else ()
        dx = diagnosis_for(enc, group[0]).codes
        what = f"specimen {specimen!r}" + (f" ({source.id})" if source is not None else "")
        reason = (
            f"; with {modifier}: a same-day biopsy without prior pathology whose frozen section "
            "led to the Mohs"
            if modifier
            else ""
        )
        lines.append(
            CodedLine(
                FROZEN_FIRST,
                1,
                mods,
                dx,
                (group[0].id,),
                f"frozen section, first block of {what}: 88331{reason}",
                "frozen_section",
            )
        )
        fates[group[0].id] = Fate("coded", "frozen section 88331")
        if len(group) > 1:
            lines.append(
                CodedLine(
                    FROZEN_ADDITIONAL,
                    len(group) - 1,
                    mods,
                    dx,
                    tuple(fs.id for fs in group[1:]),
                    f"each further frozen-section block of {what}: +88332 × {len(group) - 1}",
                    "frozen_section",
                )
            )
            for fs in group[1:]:
                fates[fs.id] = Fate("coded", "frozen section, additional block 88332")
    return FamilyCoding(lines=tuple(lines), fates=fates)


def _source_procedure(enc: Encounter, specimen: str) -> _Procedure | None:
    for p in enc.procedures:
        if not isinstance(p, FrozenSection) and p.specimen == specimen:
            return p
    return None


def _frozen_decision(
    specimen: str, source: _Procedure | None, mohs: list[Mohs], options: Options
) -> tuple[Fate | None, str | None]:
    if isinstance(source, Mohs):
        if source.surgeon_is_pathologist:
            return Fate(
                "bundled",
                f"frozen sections of the Mohs specimen {specimen!r} ({source.id}) are included "
                "in the Mohs codes",
                "included_in_mohs",
            ), None
        return Fate(
            "not_coded",
            f"specimen {specimen!r} ({source.id}): the surgeon is not the pathologist; the "
            "pathologist bills its pathology",
            "read_by_pathologist",
        ), None
    if isinstance(source, Biopsy) and source.lesion:
        same = next((m for m in mohs if m.lesion == source.lesion), None)
        if same is not None:
            if same.prior_pathology:
                return Fate(
                    "bundled",
                    f"frozen section of the biopsy {source.id} of lesion {source.lesion!r}, which "
                    f"had Mohs ({same.id}) after its diagnosis was established: not reportable",
                    "mohs_prior_pathology",
                ), None
            return None, ("59" if options.distinct_modifier == "59" else "XU")
    if source is None and mohs:
        return Fate(
            "hold",
            f"frozen section of specimen {specimen!r}, which names no documented procedure, on a "
            "day with Mohs surgery: if it is a Mohs specimen it is included in the Mohs codes; "
            "name the procedure it came from",
            "unknown_specimen",
        ), None
    return None, None
