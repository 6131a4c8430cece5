"""What the biopsy rules share: the documented picture against the billed one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dermclaim.coding import CodedLine
from dermclaim.coding.biopsy import ADD_ON_CODES, PRIMARY_CODES, SKIN_BIOPSY_CODES, SampledLesion
from dermclaim.rules.base import BilledLine, Context


def lesions(ctx: Context) -> tuple[SampledLesion, ...]:
    found = ctx.coding.facts.get("biopsy.lesions", ())
    assert isinstance(found, tuple)
    return found


def expected_skin(ctx: Context) -> list[CodedLine]:
    return [ln for ln in ctx.coding.lines_for("biopsy") if ln.code in SKIN_BIOPSY_CODES]


def billed_skin(ctx: Context) -> list[BilledLine]:
    return ctx.billed_codes(SKIN_BIOPSY_CODES)


def billed_primaries(ctx: Context) -> list[BilledLine]:
    return ctx.billed_codes(PRIMARY_CODES)


def billed_add_ons(ctx: Context) -> list[BilledLine]:
    return ctx.billed_codes(ADD_ON_CODES)


def units(lines: Iterable[CodedLine | BilledLine]) -> Counter[str]:
    count: Counter[str] = Counter()
    for ln in lines:
        count[ln.code] += ln.units
    return count


def describe(lines: Iterable[CodedLine | BilledLine]) -> str:
    """'11104 + 11103 × 2' — codes in claim order with units."""
    parts = [f"{c} × {n}" if n > 1 else c for c, n in units(lines).items()]
    return " + ".join(parts) if parts else "no biopsy code"


def documented(ctx: Context) -> str:
    """'1 punch, 2 tangential biopsies of separate lesions'."""
    kinds = Counter(les.technique for les in lesions(ctx) if les.special_code is None)
    if not kinds:
        return "no separately sampled skin lesion"
    total = sum(kinds.values())
    order = sorted(kinds.items(), key=lambda kv: ("incisional", "punch", "tangential").index(kv[0]))
    what = ", ".join(f"{n} {t}" for t, n in order)
    return f"{what} biops{'y' if total == 1 else 'ies'} of separate lesions"


def technique_facts(ctx: Context) -> tuple[tuple[str, object], ...]:
    index = ctx.position
    return tuple(
        (f"/procedures/{index[les.lead]}/technique", les.technique)
        for les in lesions(ctx)
        if les.special_code is None
    )
