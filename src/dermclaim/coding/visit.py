"""The E/M visit line beside procedures (RULES.md §0.1–0.2).

For a procedure with a 000- or 010-day global the decision to do it is part of the procedure:
an E/M the same day is billable only when the note documents a significant, separately
identifiable service, and then it carries modifier 25. Global days come from the fee-schedule
table in force for the date of service.
"""

from __future__ import annotations

from collections.abc import Sequence

from dermclaim.coding import CodedLine, FamilyCoding
from dermclaim.document import Encounter, normalize_dx
from dermclaim.tables import TableSet

MINOR_GLOBALS = frozenset({"000", "010"})


def minor_procedure_codes(lines: Sequence[CodedLine], tables: TableSet) -> list[str]:
    """Codes among ``lines`` whose global period is 000 or 010 days."""
    out = []
    for ln in lines:
        rvu = tables.rvu(ln.code)
        if rvu is not None and rvu.glob_days in MINOR_GLOBALS:
            out.append(ln.code)
    return out


def code(enc: Encounter, procedure_lines: Sequence[CodedLine], tables: TableSet) -> FamilyCoding:
    visit = enc.visit
    if visit is None:
        return FamilyCoding()
    dx = tuple(normalize_dx(d) for d in (visit.diagnoses or enc.diagnoses)[:4])
    minor = minor_procedure_codes(procedure_lines, tables)
    facts = {"visit.minor_procedures": tuple(minor)}
    if not minor:
        line = CodedLine(
            visit.code, 1, (), dx, (), "E/M visit documented; no minor procedure billed the same day", "visit"
        )
        return FamilyCoding(lines=(line,), facts=facts)
    if visit.separately_identifiable:
        line = CodedLine(
            visit.code,
            1,
            ("25",),
            dx,
            (),
            f"significant, separately identifiable E/M documented beside {', '.join(minor)} "
            "(000/010-day global): modifier 25",
            "visit",
        )
        return FamilyCoding(lines=(line,), facts=facts)
    return FamilyCoding(facts=facts | {"visit.not_billed": True})
