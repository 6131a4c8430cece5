"""The documented dose of a drug comes to more units than its medically unlikely edit.

## What it checks
When coding, the units of each drug code (administered plus discarded, on all its lines) against
the CMS practitioner MUE in force for the date of service (J3357 90, J2357 120, J1745 150, J3301
16 …). Billed units are checked by MUE001 when scrubbing.

## Why it matters
Units above the MUE are denied (MAI 3: per date of service, on clinical grounds); a dose that high
is either a documentation error (a misplaced decimal, mg written for mL) or needs the records sent
on appeal.

## Fix safety
Display-only: check the documented dose and container; only a person can confirm a dose that high.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import coded
from dermclaim.rules.sources import NCCI_MUE


class DrugUnitsExceedMue(Rule):
    name = "drug-units-exceed-mue"
    triggers = frozenset({"drug", "light"})
    summary = "Documented drug dose comes to more units than the MUE"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code"})
    sources = (NCCI_MUE,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        totals: dict[str, list[int]] = {}
        for it in coded(ctx):
            assert it.row is not None
            totals.setdefault(it.row.hcpcs, []).append(it.index)
        for code, idxs in totals.items():
            mue = ctx.tables.mue(code)
            if mue is None:
                continue
            mine = [it for it in coded(ctx) if it.index in idxs]
            units = sum(it.units + it.waste_units for it in mine)
            if units <= mue.value:
                continue
            what = " + ".join(f"{it.dose_text()} ({it.pid})" for it in mine)
            yield Hit(
                message=f"{what} of {mine[0].label} is {code} × {units}, above its MUE of {mue.value} "
                f"(MAI {mue.mai}: {mue.rationale}); units above the MUE are denied",
                fix=f"Check the documented dose of {', '.join(it.pid for it in mine)}; if it is right, "
                f"bill {code} and send the records with an appeal for the units above {mue.value}",
                procedures=tuple(it.pid for it in mine),
                facts=tuple((it.pointer("dose_mg"), it.amount) for it in mine),
                extra_sources=(mue.release.citation(),),
            )
