"""What the Mohs rules share: the documented tumors against the billed Mohs codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dermclaim.coding import CodedLine
from dermclaim.coding.mohs import MOHS_CODES, MohsTumor
from dermclaim.rules.base import BilledLine, Context


def tumors(ctx: Context) -> tuple[MohsTumor, ...]:
    found = ctx.coding.facts.get("mohs.tumors", ())
    assert isinstance(found, tuple)
    return found


def as_mohs(ctx: Context) -> list[MohsTumor]:
    """Tumors coded as Mohs (surgeon also the pathologist, a Mohs site group)."""
    return [t for t in tumors(ctx) if t.surgeon_is_pathologist and t.group is not None]


def units(lines: Iterable[CodedLine | BilledLine]) -> Counter[str]:
    out: Counter[str] = Counter()
    for ln in lines:
        out[ln.code] += ln.units
    return out


def describe(lines: Iterable[CodedLine | BilledLine]) -> str:
    parts = [f"{c} × {n}" if n > 1 else c for c, n in units(lines).items()]
    return " + ".join(parts) if parts else "no Mohs code"


def expected_mohs(ctx: Context) -> list[CodedLine]:
    return [ln for ln in ctx.coding.lines if ln.code in MOHS_CODES]


def billed_mohs(ctx: Context) -> list[BilledLine]:
    return ctx.billed_codes(MOHS_CODES)


def index_of(ctx: Context, pid: str) -> int:
    return next(i for i, p in enumerate(ctx.enc.procedures) if p.id == pid)
