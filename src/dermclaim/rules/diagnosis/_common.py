"""What the diagnosis rules share: every diagnosis of the encounter with where it was found."""

from __future__ import annotations

from dataclasses import dataclass, field

from dermclaim.document import normalize_dx
from dermclaim.rules.base import Context


@dataclass(slots=True)
class Place:
    """One distinct diagnosis code and everywhere the encounter uses it."""

    code: str
    pointers: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def places(ctx: Context) -> list[Place]:
    """Documented diagnoses, procedure and pathology diagnoses and (scrub) the billed lines'
    diagnoses, each code once, in document order."""
    found: dict[str, Place] = {}

    def add(code: str, pointer: str, line: int | None = None) -> None:
        place = found.setdefault(code, Place(code))
        if pointer not in place.pointers:
            place.pointers.append(pointer)
        if line is not None and line not in place.lines:
            place.lines.append(line)

    enc = ctx.enc
    for i, d in enumerate(enc.diagnoses):
        add(normalize_dx(d), f"/diagnoses/{i}")
    for i, proc in enumerate(enc.procedures):
        if proc.diagnosis:
            add(normalize_dx(proc.diagnosis), f"/procedures/{i}/diagnosis")
    for i, path in enumerate(enc.pathology):
        if path.diagnosis:
            add(normalize_dx(path.diagnosis), f"/pathology/{i}/diagnosis")
    if ctx.mode == "scrub":
        for i, cl in enumerate(enc.claim_lines):
            for j, ref in enumerate(cl.diagnoses):
                if isinstance(ref, int):
                    if 1 <= ref <= len(enc.diagnoses):
                        add(normalize_dx(enc.diagnoses[ref - 1]), f"/diagnoses/{ref - 1}", i)
                else:
                    add(normalize_dx(ref), f"/claim_lines/{i}/diagnoses/{j}", i)
    return list(found.values())


def table_caveat(ctx: Context) -> tuple[str, bool]:
    """('', True) when the ICD-10-CM release covers the date of service, else a caveat and False."""
    release = ctx.tables.releases().get("icd10cm")
    if release is None or release.covers(ctx.enc.date_of_service):
        return "", True
    return (
        f" (checked against the {release.title} {release.release} release, in force "
        f"{release.effective_from} to {release.effective_to}; the code set in force on "
        f"{ctx.enc.date_of_service} may differ)",
        False,
    )


def children_text(codes: list[str], limit: int = 5) -> str:
    shown = ", ".join(codes[:limit])
    more = len(codes) - limit
    return f"{shown} … ({len(codes)} billable codes)" if more > 0 else shown
