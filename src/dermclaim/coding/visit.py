"""The E/M visit line beside procedures (RULES.md §0.1–0.2).

For a procedure with a 000- or 010-day global the decision to do it is part of the procedure:
an E/M the same day is billable only when the note documents a significant, separately
identifiable service, and then it carries modifier 25. Global days come from the fee-schedule
table in force for the date of service.

Beside only major (090-day) procedures (adjacent tissue transfer 14000–14061, 13160) the E/M of the
day is part of the global package unless it is the visit at which the decision for surgery was
made (§0.1, §0.3): a visit documented as separately identifiable is coded with modifier 57, any
other visit is left off the claim (GLB001 explains either way).
"""

from __future__ import annotations

from collections.abc import Sequence

from dermclaim.coding import CodedLine, FamilyCoding
from dermclaim.document import Encounter, normalize_dx
from dermclaim.tables import TableSet

MINOR_GLOBALS = frozenset({"000", "010"})
MAJOR_GLOBALS = frozenset({"090"})


def minor_procedure_codes(lines: Sequence[CodedLine], tables: TableSet) -> list[str]:
    """Codes among ``lines`` whose global period is 000 or 010 days."""
    out = []
    for ln in lines:
        rvu = tables.rvu(ln.code)
        if rvu is not None and rvu.glob_days in MINOR_GLOBALS:
            out.append(ln.code)
    return out


def major_procedure_codes(lines: Sequence[CodedLine], tables: TableSet) -> list[str]:
    """Codes among ``lines`` whose global period is 090 days (major: RULES.md §0.1, §0.3)."""
    out = []
    for ln in lines:
        rvu = tables.rvu(ln.code)
        if rvu is not None and rvu.glob_days in MAJOR_GLOBALS:
            out.append(ln.code)
    return out


def code(enc: Encounter, procedure_lines: Sequence[CodedLine], tables: TableSet) -> FamilyCoding:
    visit = enc.visit
    if visit is None:
        return FamilyCoding()
    dx = tuple(normalize_dx(d) for d in (visit.diagnoses or enc.diagnoses)[:4])
    minor = minor_procedure_codes(procedure_lines, tables)
    facts = {"visit.minor_procedures": tuple(minor)}
    major = major_procedure_codes(procedure_lines, tables)
    if major and not minor:
        # 090-day global: the E/M of the day is in the package unless it decided the surgery (57).
        facts["visit.major_procedures"] = tuple(major)
        if not visit.separately_identifiable:
            return FamilyCoding(facts=facts | {"visit.not_billed": True})
        line = CodedLine(
            visit.code,
            1,
            ("57",),
            dx,
            (),
            f"significant, separately identifiable E/M documented beside {', '.join(major)} "
            "(090-day global): modifier 57, the visit at which the decision for surgery was made",
            "visit",
        )
        return FamilyCoding(lines=(line,), facts=facts)
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
