"""Units above the medically unlikely edit for the code.

## What it checks
Billed units against the CMS practitioner MUE table in force for the date of service: per line
for MAI 1, and summed over the date of service for MAI 2 and 3.

## Why it matters
Units above an MUE are denied (MAI 1: the line; MAI 2/3: the excess for the day, and MAI 2 is a
policy limit that appeals rarely overturn). Example: 17003 × 14 exceeds its MUE of 13, because
15 or more premalignant lesions are 17004 alone.

## Fix safety
Display-only: the right units depend on what was done; the documented coding is in
corrected_lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.sources import NCCI_MUE


class UnitsExceedMue(Rule):
    name = "units-exceed-mue"
    generic = True
    summary = "Billed units exceed the medically unlikely edit"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (NCCI_MUE,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        per_day: dict[str, list[int]] = {}
        for b in ctx.billed:
            per_day.setdefault(b.code, []).append(b.index)
        for code, idxs in per_day.items():
            mue = ctx.tables.mue(code)
            if mue is None:
                continue
            cite = (mue.release.citation(),)
            if mue.per_line:
                for i in idxs:
                    if ctx.billed[i].units > mue.value:
                        yield Hit(
                            message=f"{code} × {ctx.billed[i].units} on line {i + 1} exceeds its "
                            f"MUE of {mue.value} per line ({mue.rationale})",
                            fix=f"Bill at most {plural(mue.value, 'unit')} of {code} per line; check the "
                            "documentation",
                            lines=(i,),
                            extra_sources=cite,
                        )
                continue
            total = sum(ctx.billed[i].units for i in idxs)
            if total > mue.value:
                yield Hit(
                    message=f"{code} × {total} on {ctx.enc.date_of_service} exceeds its MUE of "
                    f"{mue.value} per date of service (MAI {mue.mai}: {mue.rationale})",
                    fix=f"Bill at most {plural(mue.value, 'unit')} of {code} for the day; check the "
                    "documentation",
                    lines=tuple(idxs),
                    extra_sources=cite,
                )
