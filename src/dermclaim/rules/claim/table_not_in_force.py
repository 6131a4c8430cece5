"""A code table used outside the dates it is in force.

## What it checks
For each table kind (NCCI edits, MUEs, add-on edits, fee schedule, ICD-10-CM), whether the
release the engine has covers the date of service. When none does, the engine uses the nearest
release and says so here.

## Why it matters
Edits and values change every quarter. A finding computed from another quarter's table may be
out of date; the biller should know which release was used.

## Fix safety
Display-only: load the release in force (scripts/build_tables.py) and re-run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import TABLE_RELEASES


class TableNotInForce(Rule):
    name = "table-not-in-force"
    summary = "A code table release used outside its effective dates"
    severity = "info"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (TABLE_RELEASES,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        dos = ctx.enc.date_of_service
        grace = dt.timedelta(days=ctx.options.table_grace_days)
        stale = [
            r
            for r in ctx.tables.stale()
            if dos < r.effective_from or (r.effective_to and dos > r.effective_to + grace)
        ]
        if not stale:
            return
        used = ", ".join(f"{r.table} {r.release}" for r in stale)
        yield Hit(
            message=f"no table release in force on {dos} for {used}: the nearest release was used",
            fix="Build the releases in force for this date with scripts/build_tables.py, or set "
            "table_grace_days to accept the previous quarter's files",
            facts=(("/date_of_service", str(dos)),),
            extra_sources=tuple(r.citation() for r in stale),
        )
