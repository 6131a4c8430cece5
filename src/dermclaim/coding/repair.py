"""Wound repair (closure): simple 12001–12018, intermediate 12031–12057, complex 13100–13153
(RULES.md §4, §3.11, §11 rows 5–6).

Every documented closure counts: a standalone ``repair`` procedure and the ``repair`` nested in
an ``excision``. A standalone repair closes the wound of the procedure that shares its ``lesion``
label (a flap, excision, Mohs surgery, shave, biopsy or destruction); without one it is a wound of
its own (a laceration, say). Then:

* closure with adhesive strips alone is not a repair (no code);
* a flap (adjacent tissue transfer) of the same lesion includes the closure of its defect;
* simple closure is included in an excision and in punch and incisional biopsies; a shave or a
  tangential biopsy needs none (§4.3.3), so a simple repair of those wounds is not billed;
* NCCI bundles every repair of its wound into a benign excision of 0.5 cm or less
  (11400/11420/11440; §3.11) — setting ``small_benign_excision_includes_repair``; while such an
  excision waits for pathology its repair waits too;
* the rest are summed by class within the class's own anatomic group (the groups differ by
  class: ``Site.groups`` repair_simple / repair_intermediate / repair_complex) and each sum is one
  code (§4.3.1); complex: 1.1–2.5, 2.6–7.5 cm, then +add-on units per additional 5 cm or part;
  complex repairs of 1.0 cm or less in a group have no complex code and are coded as
  intermediate (§4.2 note, medium confidence);
* lines are ordered so the more complicated repair comes first (§4.3.2), see
  :func:`complicated_repairs_first`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from dermclaim.coding import CodedLine, FamilyCoding, Fate, FateStatus
from dermclaim.coding import excision as excision_coder
from dermclaim.coding.diagnosis import diagnosis_for
from dermclaim.coding.skin_surgery import (
    COMPLEX_MIN_CM,
    RepairClass,
    RepairCode,
    cm,
    group_label,
    repair_code,
    repair_rank,
)
from dermclaim.document import (
    AdjacentTissueTransfer,
    Biopsy,
    Destruction,
    Encounter,
    Excision,
    Mohs,
    Repair,
    RepairProcedure,
    ShaveRemoval,
    _Procedure,
)
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet

# Which procedure's wound a standalone repair closes, when several share its lesion label.
_WOUND_PRIORITY: tuple[type[_Procedure], ...] = (
    AdjacentTissueTransfer,
    Excision,
    Mohs,
    ShaveRemoval,
    Biopsy,
    Destruction,
)
_WOUND_KIND = {
    AdjacentTissueTransfer: "adjacent_tissue_transfer",
    Excision: "excision",
    Mohs: "mohs",
    ShaveRemoval: "shave",
    Biopsy: "biopsy",
    Destruction: "destruction",
}


@dataclass(frozen=True, slots=True)
class RepairItem:
    """One documented closure and what became of it."""

    pid: str  # the repair procedure, or the excision carrying a nested repair
    pointer: str  # JSON Pointer of the closure in the document
    nested: bool
    site: Site
    complexity: RepairClass  # as documented
    coded_as: RepairClass  # class used for coding (complex ≤1.0 cm → intermediate)
    group: str | None  # anatomic group of ``coded_as``
    length_cm: float
    method: str
    wound: str  # excision, biopsy, shave, adjacent_tissue_transfer, mohs, destruction, separate
    wound_of: str | None  # the procedure whose wound it closes
    disposition: str  # coded, included, small_benign_excision, in_flap, adhesive_strips, held
    reason: str
    diagnoses: tuple[str, ...]

    def describe(self) -> str:
        where = f"{self.pid}'s repair" if self.nested else self.pid
        return f"{where}: {self.complexity} {cm(self.length_cm)} cm, {self.site.label}"


@dataclass(frozen=True, slots=True)
class RepairSum:
    """The repairs of one class in one anatomic group, summed, and their code(s)."""

    cls: RepairClass
    group: str
    items: tuple[RepairItem, ...]
    length_cm: float
    code: RepairCode | None

    def because(self) -> str:
        parts = " + ".join(f"{cm(i.length_cm)} cm ({i.pid}, {i.site.label})" for i in self.items)
        total = f"{parts} = {cm(self.length_cm)} cm" if len(self.items) > 1 else parts
        text = f"{self.cls} repair, {group_label(self.group)}: {total}"
        if len(self.items) > 1:
            text += "; repairs of one class in one anatomic group are summed into one code"
        if self.code is not None:
            text += f" ({self.code.band})"
        if any(i.complexity == "complex" and i.coded_as == "intermediate" for i in self.items):
            text += (
                f"; complex repairs totalling {cm(COMPLEX_MIN_CM)} cm or less in a group have no "
                "complex code and are coded as intermediate"
            )
        if any(i.wound == "mohs" for i in self.items):
            text += "; repair of a Mohs defect is reported separately (CPT)"
        return text


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    del tables  # bands and groups are CPT structure, not a CMS table
    items = plan(enc, sites, options)
    sums = _sums([i for i in items if i.disposition == "coded"])
    lines: list[CodedLine] = []
    fates: dict[str, Fate] = {}
    coded_by: dict[str, list[str]] = {}
    for s in sums:
        if s.code is None:
            continue
        ids = tuple(dict.fromkeys(i.pid for i in s.items))
        dx = tuple(dict.fromkeys(d for i in s.items for d in i.diagnoses))[:4]
        lines.append(CodedLine(s.code.primary, 1, (), dx, ids, s.because(), "repair"))
        if s.code.add_on:
            lines.append(
                CodedLine(
                    s.code.add_on,
                    s.code.add_on_units,
                    (),
                    dx,
                    ids,
                    f"complex repair beyond 7.5 cm: {s.code.add_on_units} × each additional 5 cm or "
                    f"part (add-on to {s.code.primary})",
                    "repair",
                )
            )
        for i in s.items:
            coded_by.setdefault(i.pid, []).append(s.code.primary)
    for item in items:
        if item.nested:
            continue  # the excision's own fate stands; the item is in the facts
        if item.disposition == "coded":
            codes = coded_by.get(item.pid)
            fates[item.pid] = (
                Fate("coded", f"repair summed into {', '.join(codes)}")
                if codes
                else Fate(
                    "not_coded", f"no repair code for the {item.site.label}; code it by hand", "not_coded"
                )
            )
        else:
            status, cause = _FATE[item.disposition]
            fates[item.pid] = Fate(status, item.reason, cause)
    return FamilyCoding(
        lines=tuple(lines), fates=fates, facts={"repair.items": tuple(items), "repair.sums": tuple(sums)}
    )


_FATE: dict[str, tuple[FateStatus, str]] = {
    "included": ("bundled", "simple_repair_included"),
    "small_benign_excision": ("bundled", "repair_in_small_benign_excision"),
    "in_flap": ("bundled", "repair_in_flap"),
    "adhesive_strips": ("not_coded", "adhesive_strips_only"),
    "held": ("hold", "repair_pending_pathology"),
}


def plan(enc: Encounter, sites: Mapping[str, Site], options: Options) -> list[RepairItem]:
    """Every documented closure with its wound and disposition, in document order."""
    excisions = excision_coder.analyze(enc, sites, options)
    out: list[RepairItem] = []
    for i, proc in enumerate(enc.procedures):
        if isinstance(proc, Excision) and proc.repair is not None:
            out.append(
                _item(
                    enc,
                    sites,
                    options,
                    excisions,
                    proc,
                    proc.repair,
                    pointer=f"/procedures/{i}/repair",
                    nested=True,
                    wound=proc,
                    own_dx=None,
                )
            )
        elif isinstance(proc, RepairProcedure):
            out.append(
                _item(
                    enc,
                    sites,
                    options,
                    excisions,
                    proc,
                    proc,
                    pointer=f"/procedures/{i}",
                    nested=False,
                    wound=_wound_of(enc, proc),
                    own_dx=proc,
                )
            )
    return out


def _wound_of(enc: Encounter, repair: RepairProcedure) -> _Procedure | None:
    if not repair.lesion:
        return None
    same = [p for p in enc.procedures if p.lesion == repair.lesion and not isinstance(p, RepairProcedure)]
    for kind in _WOUND_PRIORITY:
        for p in same:
            if isinstance(p, kind):
                return p
    return None


def _item(
    enc: Encounter,
    sites: Mapping[str, Site],
    options: Options,
    excisions: excision_coder.ExcisionPlan,
    proc: _Procedure,
    closure: Repair | RepairProcedure,
    *,
    pointer: str,
    nested: bool,
    wound: _Procedure | None,
    own_dx: _Procedure | None,
) -> RepairItem:
    """The closure documented on `proc` (its nested `repair`, or a repair procedure itself)."""
    pid, site = proc.id, sites[proc.id]
    complexity, length_cm, method = closure.complexity, closure.length_cm, closure.method
    kind = "separate" if wound is None else _WOUND_KIND[type(wound)]
    unit = excisions.unit_of.get(wound.id) if wound is not None else None
    if own_dx is not None and own_dx.diagnosis:
        dx = diagnosis_for(enc, own_dx).codes
    elif unit is not None:
        dx = unit.diagnoses
    elif wound is not None:
        dx = diagnosis_for(enc, wound).codes
    elif own_dx is not None:
        dx = diagnosis_for(enc, own_dx).codes
    else:
        dx = ()
    disposition, reason = _disposition(excisions, options, complexity, method, wound, kind, unit)
    return RepairItem(
        pid=pid,
        pointer=pointer,
        nested=nested,
        site=site,
        complexity=complexity,
        coded_as=complexity,
        group=site.groups.get(f"repair_{complexity}"),
        length_cm=length_cm,
        method=method,
        wound=kind,
        wound_of=wound.id if wound is not None else None,
        disposition=disposition,
        reason=reason,
        diagnoses=dx,
    )


def _disposition(
    excisions: excision_coder.ExcisionPlan,
    options: Options,
    complexity: RepairClass,
    method: str,
    wound: _Procedure | None,
    kind: str,
    unit: excision_coder.ExcisionUnit | None,
) -> tuple[str, str]:
    if method == "adhesive_strips":
        return "adhesive_strips", (
            "closure with adhesive strips alone is not a repair: no repair code (CPT); it is part of "
            "the procedure"
        )
    if wound is None:
        return "coded", ""
    if kind == "adjacent_tissue_transfer" or wound.id in excisions.in_flap:
        flap = excisions.in_flap.get(wound.id, wound.id)
        return "in_flap", (
            f"the defect was closed with adjacent tissue transfer {flap}: the flap code includes the "
            "excision and the closure of its defect"
        )
    if complexity == "simple":
        if kind == "excision":
            return "included", f"simple (non-layered) closure is included in the excision ({wound.id}) (CPT)"
        if isinstance(wound, Biopsy) and wound.technique in ("punch", "incisional"):
            return "included", (
                f"simple closure is included in the {wound.technique} biopsy ({wound.id}) (CPT 11104/11106 "
                "descriptors)"
            )
        if kind in ("biopsy", "shave", "destruction"):
            return "included", (
                f"a {kind.replace('_', ' ')} wound ({wound.id}) needs no closure; a simple repair of it is "
                "not separately reportable (NCCI pairs 11102 and 11300–11313 with 12001–12018)"
            )
    if kind == "excision" and unit is not None and options.small_benign_excision_includes_repair:
        if unit.small_benign:
            return "small_benign_excision", (
                f"NCCI includes every repair of its wound in a benign excision of 0.5 cm or less "
                f"({unit.code}, {wound.id})"
            )
        if unit.malignant is None and unit.excised_cm <= 0.5:
            return "held", (
                f"the excision ({wound.id}, {cm(unit.excised_cm)} cm) waits for pathology: if benign, "
                "NCCI includes its repair; hold the repair with it"
            )
    return "coded", ""


def _sums(items: list[RepairItem]) -> list[RepairSum]:
    """Sum complex repairs per group first: a group whose complex total is 1.0 cm or less has
    no complex code, so those repairs join the intermediate sum of their intermediate group."""
    by_key: dict[tuple[RepairClass, str | None], list[RepairItem]] = {}
    for item in items:
        by_key.setdefault((item.complexity, item.group), []).append(item)
    for (cls, group), members in list(by_key.items()):
        if cls == "complex" and round(sum(m.length_cm for m in members), 2) <= COMPLEX_MIN_CM:
            del by_key[(cls, group)]
            for m in members:
                moved = replace(m, coded_as="intermediate", group=m.site.groups.get("repair_intermediate"))
                by_key.setdefault(("intermediate", moved.group), []).append(moved)
    out = []
    for (cls, group), members in by_key.items():
        if group is None:
            continue
        total = round(sum(m.length_cm for m in members), 2)
        out.append(RepairSum(cls, group, tuple(members), total, repair_code(cls, group, total)))
    out.sort(key=lambda s: -repair_rank(s.code.primary) if s.code else 0)
    return out


def complicated_repairs_first(lines: Sequence[CodedLine], tables: TableSet) -> list[CodedLine]:
    """Reorder repair lines (with their add-ons) among the slots repair lines already hold, so
    that complex precedes intermediate precedes simple (CPT; RULES 4.3.2). Other lines keep
    their places."""
    blocks: list[list[CodedLine]] = []
    for ln in lines:
        if blocks and tables.is_add_on(ln.code) and repair_rank(ln.code):
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    slots = [k for k, b in enumerate(blocks) if repair_rank(b[0].code)]
    ranked = sorted((blocks[k] for k in slots), key=lambda b: -repair_rank(b[0].code))
    for k, block in zip(slots, ranked, strict=True):
        blocks[k] = block
    return [ln for b in blocks for ln in b]
