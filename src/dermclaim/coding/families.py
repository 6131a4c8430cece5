"""The table of procedure families the engine codes: one row per family, in coding order.

A family names its coder and the codes it owns. In ``scrub``, billed lines whose code a family
owns are replaced in ``corrected_lines`` by what that family coded from the documentation; billed
lines of codes no family owns pass through unchanged. Add a family by adding one row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from dermclaim.coding import Coder, biopsy


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
