"""The table of procedure families the engine codes: one row per family, in coding order.

A family names its coder and the codes it owns. In ``scrub``, billed lines whose code a family
owns are replaced in ``corrected_lines`` by what that family coded from the documentation; billed
lines of codes no family owns pass through unchanged. Add a family by adding one row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dermclaim.coding import (
    Coder,
    adjacent_tissue_transfer,
    biopsy,
    destruction,
    drug,
    excision,
    light,
    mohs,
    repair,
    shave,
)


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    coder: Coder
    types: frozenset[str]
    """The procedure types it codes (a repair can be nested in an excision)."""
    owns: frozenset[str]


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


def _codes(*ranges: tuple[int, int] | int) -> frozenset[str]:
    out: set[str] = set()
    for r in ranges:
        lo, hi = (r, r) if isinstance(r, int) else r
        out.update(str(n) for n in range(lo, hi + 1))
    return frozenset(out)


FAMILIES: tuple[Family, ...] = (
    Family(
        "biopsy", biopsy.code, _types("biopsy"), _codes((11102, 11107), 40490, 40808, 67810, 11755, 69105)
    ),
    Family(
        "destruction",
        destruction.code,
        _types("destruction"),
        _codes((17000, 17004), 17110, 17111, (17260, 17286)),
    ),
    Family(
        "skin_tag_removal", destruction.code_skin_tags, _types("skin_tag_removal"), _codes((11200, 11201))
    ),
    Family(
        "intralesional_injection",
        destruction.code_injections,
        _types("intralesional_injection"),
        _codes((11900, 11901)),
    ),
    Family("chemical_peel", destruction.code_peels, _types("chemical_peel"), _codes((15788, 15793), 17360)),
    Family("mohs", mohs.code, _types("mohs"), _codes((17311, 17315))),
    Family("frozen_section", mohs.code_frozen_sections, _types("frozen_section"), _codes((88331, 88332))),
    Family("shave", shave.code, _types("shave_removal"), _codes((11300, 11313))),
    Family("excision", excision.code, _types("excision"), _codes((11400, 11446), (11600, 11646))),
    Family(
        "repair",
        repair.code,
        _types("repair", "excision"),
        _codes((12001, 12021), (12031, 12057), (13100, 13160)),
    ),
    Family(
        "adjacent_tissue_transfer",
        adjacent_tissue_transfer.code,
        _types("adjacent_tissue_transfer"),
        _codes((14000, 14061), (14301, 14302)),
    ),
    Family(
        "drug", drug.code, _types("drug", "intralesional_injection"), drug.owned_codes()
    ),  # data/drugs J/Q codes + 96365/96366/96372/96413/96415
    Family(
        "light", light.code, _types("phototherapy", "photodynamic_therapy", "patch_test"), light.OWNS
    ),  # 96900-96922, 96567/96573/96574, 95044
)

# E/M codes: coded by coding/visit.py after the families, since they depend on the procedures.
VISIT_CODES = _codes((99202, 99205), (99211, 99215))


@cache
def owner_of(code: str) -> str | None:
    if code in VISIT_CODES:
        return "visit"
    for family in FAMILIES:
        if code in family.owns:
            return family.name
    return None


def present(procedure_types: frozenset[str], codes: frozenset[str]) -> frozenset[str]:
    """The families an encounter touches: a procedure of theirs is documented, or a code of theirs
    is billed or coded (a Mohs case can be coded as an excision). Rules tied to other families
    cannot fire and are not run."""
    return _present(procedure_types, codes)


@cache
def _present(procedure_types: frozenset[str], codes: frozenset[str]) -> frozenset[str]:
    return frozenset(f.name for f in FAMILIES if f.types & procedure_types or f.owns & codes)
