"""What the destruction-family rules share: documented counts against the billed codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dermclaim.coding import CodedLine
from dermclaim.coding.destruction import TreatedLesions
from dermclaim.rules.base import BilledLine, Context, Hit


def treated(ctx: Context) -> tuple[TreatedLesions, ...]:
    found = ctx.coding.facts.get("destruction.treated", ())
    assert isinstance(found, tuple)
    return found


def count(ctx: Context, key: str) -> int:
    value = ctx.coding.facts.get(key, 0)
    assert isinstance(value, int)
    return value


def units(lines: Iterable[CodedLine | BilledLine]) -> Counter[str]:
    out: Counter[str] = Counter()
    for ln in lines:
        out[ln.code] += ln.units
    return out


def describe(lines: Iterable[CodedLine | BilledLine]) -> str:
    """'17000 + 17003 × 2' — codes in claim order with units."""
    parts = [f"{c} × {n}" if n > 1 else c for c, n in units(lines).items()]
    return " + ".join(parts) if parts else "no code"


def expected(ctx: Context, codes: frozenset[str]) -> list[CodedLine]:
    return [ln for ln in ctx.coding.lines if ln.code in codes]


def billed_without_documentation(
    billed: list[BilledLine], procedure: str, document: str, extra_sources: tuple[str, ...] = ()
) -> Hit:
    """The display-only hit for codes billed when the note documents no such procedure at all:
    '17000 billed, but the note documents no premalignant destruction'."""
    return Hit(
        message=f"{describe(billed)} billed, but the note documents no {procedure}",
        fix=f"Document the {document}, or remove " + ", ".join(sorted(units(billed))),
        lines=tuple(b.index for b in billed),
        fix_safety="display-only",
        extra_sources=extra_sources,
    )


def per_procedure(ctx: Context, kind: str) -> str:
    """'d1: 10, d2: 8' — the documented counts behind a session total."""
    parts = [f"{t.proc}: {t.count}" for t in treated(ctx) if t.kind == kind]
    return ", ".join(parts)


def pointer(ctx: Context, pid: str, field: str) -> str:
    for i, p in enumerate(ctx.enc.procedures):
        if p.id == pid:
            return f"/procedures/{i}/{field}"
    return ""


def ptp_citation(ctx: Context, column1: str, column2: str) -> tuple[str, ...]:
    """The NCCI table release behind an edit, when the edit is in force."""
    edit = ctx.tables.ptp(column1, column2)
    if edit is None:
        return ()
    return (
        f"{edit.release.citation()}: {column1} over {column2}, modifier indicator {edit.modifier_indicator}",
    )
