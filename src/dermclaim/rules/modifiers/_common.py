"""What the modifier and global-period rules share."""

from __future__ import annotations

from dermclaim.coding.families import VISIT_CODES
from dermclaim.rules.base import BilledLine, Context

MINOR_GLOBALS = frozenset({"000", "010"})
MAJOR_GLOBALS = frozenset({"090"})


def visits(ctx: Context) -> list[BilledLine]:
    return [b for b in ctx.billed if b.code in VISIT_CODES]


def procedures_with_global(ctx: Context, globals_: frozenset[str]) -> list[BilledLine]:
    """Billed non-E/M lines whose fee-schedule global period is one of ``globals_``."""
    out = []
    for b in ctx.billed:
        if b.code in VISIT_CODES:
            continue
        rvu = ctx.tables.rvu(b.code)
        if rvu is not None and rvu.glob_days in globals_:
            out.append(b)
    return out


def describe(lines: list[BilledLine], ctx: Context) -> str:
    """'11104 (000-day global), 11402 (010-day global)'."""
    parts = []
    for b in lines:
        rvu = ctx.tables.rvu(b.code)
        parts.append(f"{b.code} ({rvu.glob_days}-day global)" if rvu else b.code)
    return ", ".join(dict.fromkeys(parts))


def rvu_citation(ctx: Context) -> tuple[str, ...]:
    rel = ctx.tables.releases().get("rvu")
    return (rel.citation(),) if rel else ()
