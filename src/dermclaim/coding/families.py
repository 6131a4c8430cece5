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
    owns: frozenset[str]


def _codes(*ranges: tuple[int, int] | int) -> frozenset[str]:
    out: set[str] = set()
    for r in ranges:
        lo, hi = (r, r) if isinstance(r, int) else r
        out.update(str(n) for n in range(lo, hi + 1))
    return frozenset(out)


FAMILIES: tuple[Family, ...] = (
    Family("biopsy", biopsy.code, _codes((11102, 11107), 40490, 40808, 67810, 11755, 69105)),
    Family("destruction", destruction.code, _codes((17000, 17004), 17110, 17111, (17260, 17286))),
    Family("skin_tag_removal", destruction.code_skin_tags, _codes((11200, 11201))),
    Family("intralesional_injection", destruction.code_injections, _codes((11900, 11901))),
    Family("chemical_peel", destruction.code_peels, _codes((15788, 15793), 17360)),
    Family("mohs", mohs.code, _codes((17311, 17315))),
    Family("frozen_section", mohs.code_frozen_sections, _codes((88331, 88332))),
    Family("shave", shave.code, _codes((11300, 11313))),
    Family("excision", excision.code, _codes((11400, 11446), (11600, 11646))),
    Family("repair", repair.code, _codes((12001, 12021), (12031, 12057), (13100, 13160))),
    Family("adjacent_tissue_transfer", adjacent_tissue_transfer.code, _codes((14000, 14061), (14301, 14302))),
    Family("drug", drug.code, drug.owned_codes()),  # data/drugs J/Q codes + 96365/96366/96372/96413/96415
    Family("light", light.code, light.OWNS),  # 96900-96922, 96567/96573/96574, 95044
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
