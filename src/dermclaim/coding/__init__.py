"""Coding: from documented procedures to claim lines, each with the reason it exists.

Each procedure family has a coder, a pure function ``(encounter, sites, tables, options) ->
FamilyCoding``. The same coders give the scrubber its expected lines, so coding and scrubbing
share one body of knowledge. A family also names the codes it owns: in ``scrub``, billed lines
with codes no family owns pass through to ``corrected_lines`` unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from dermclaim.coding.families import Family
    from dermclaim.document import Encounter
    from dermclaim.options import Options
    from dermclaim.sites import Site
    from dermclaim.tables import TableSet

FateStatus = Literal["coded", "bundled", "hold", "not_coded"]


@dataclass(frozen=True, slots=True)
class CodedLine:
    code: str
    units: int
    modifiers: tuple[str, ...]
    diagnoses: tuple[str, ...]
    procedures: tuple[str, ...]
    because: str
    family: str
    ndc: tuple[str, str, float] | None = None
    """Drug lines: (11-digit NDC, unit qualifier F2/GR/ME/ML/UN, quantity) for 24A / loop 2410."""


@dataclass(frozen=True, slots=True)
class Fate:
    """What became of one documented procedure, and why."""

    status: FateStatus
    reason: str
    cause: str = ""
    """A stable key rules can test: 'sample_of_lesion', 'removed_same_session', 'not_coded', …"""


@dataclass(frozen=True, slots=True)
class FamilyCoding:
    lines: tuple[CodedLine, ...] = ()
    fates: Mapping[str, Fate] = field(default_factory=dict)
    facts: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Coding:
    """The coders' output for one encounter: lines in claim order, fates and shared facts."""

    lines: tuple[CodedLine, ...]
    fates: Mapping[str, Fate]
    facts: Mapping[str, object]

    def lines_for(self, family: str) -> list[CodedLine]:
        return [ln for ln in self.lines if ln.family == family]


Coder = Callable[["Encounter", "Mapping[str, Site]", "TableSet", "Options"], FamilyCoding]


def code_encounter(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> Coding:
    """Run every family coder (``coding/families.py``), order the lines for the claim, then the
    visit coder (it depends on the procedures' global periods)."""
    from dermclaim.coding import visit
    from dermclaim.coding.families import FAMILIES

    parts: list[tuple[Family, tuple[CodedLine, ...]]] = []
    fates: dict[str, Fate] = {}
    facts: dict[str, object] = {}
    for family in FAMILIES:
        part = family.coder(enc, sites, tables, options)
        parts.append((family, part.lines))
        fates.update(part.fates)
        facts.update(part.facts)
    for proc in enc.procedures:
        if proc.id not in fates:
            kind = type(proc).__struct_config__.tag
            fates[proc.id] = Fate(
                "not_coded",
                f"this version of dermclaim does not code {kind} procedures yet; code it by hand",
                "not_coded",
            )
    from dermclaim.coding import ncci  # NCCI PTP edits between the coded lines (post-pass)

    lines, fates, ncci_facts = ncci.settle(enc, sites, tables, options, parts, fates)
    facts.update(ncci_facts)
    ordered = order_lines(lines, tables)
    em = visit.code(enc, ordered, tables)
    return Coding(lines=tuple(ordered) + em.lines, fates=fates, facts=facts | dict(em.facts))


def order_lines(lines: list[CodedLine], tables: TableSet) -> list[CodedLine]:
    """Claim order: primary lines by fee-schedule value (highest first), each add-on after it."""
    primaries = [ln for ln in lines if not tables.is_add_on(ln.code)]
    add_ons = [ln for ln in lines if tables.is_add_on(ln.code)]

    def value(ln: CodedLine) -> float:
        rvu = tables.rvu(ln.code)
        return rvu.nonfac_total if rvu else 0.0

    def fits(add_on: CodedLine, primary: CodedLine) -> bool:
        return primary.code in (tables.add_on_primaries(add_on.code) or frozenset())

    def own(add_on: CodedLine, primary: CodedLine) -> bool:
        return fits(add_on, primary) and bool(set(add_on.procedures) & set(primary.procedures))

    out: list[CodedLine] = []
    for primary in sorted(primaries, key=value, reverse=True):
        out.append(primary)
        for add_on in list(add_ons):
            # an add-on follows the primary of its own procedures (the second tumor's +17312
            # after the second 17311), else the first primary it may be billed with
            if own(add_on, primary) or (fits(add_on, primary) and not any(own(add_on, p) for p in primaries)):
                out.append(add_on)
                add_ons.remove(add_on)
    from dermclaim.coding.repair import complicated_repairs_first  # CPT: complex before simple

    out = complicated_repairs_first(out, tables)
    return out + add_ons


def owner(code: str) -> str | None:
    """The family that owns a code (scrub replaces billed lines of owned codes by coded ones)."""
    from dermclaim.coding.families import owner_of

    return owner_of(code)
