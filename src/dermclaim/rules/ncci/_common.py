"""What the NCCI rules share: the in-force edits among the billed lines, the documented
procedures behind a billed code, and the allowed amounts of the billed lines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from dermclaim import money
from dermclaim.coding.families import VISIT_CODES
from dermclaim.coding.ncci import (
    DISTINCT_MODIFIERS,
    NCCI_ASSOCIATED_MODIFIERS,
    Judgement,
    NcciDecision,
    applies_to,
    judge_sets,
)
from dermclaim.document import Excision
from dermclaim.rules.base import BilledLine, Context
from dermclaim.tables import PtpEdit

# The procedure types a billed code can come from, for codes whose family the engine does not
# code (yet) or did not code for this encounter. Repair codes also come from an excision's
# documented repair.
_TYPES: tuple[tuple[int, int, tuple[str, ...]], ...] = (
    (11102, 11107, ("biopsy",)),
    (40490, 40490, ("biopsy",)),
    (40808, 40808, ("biopsy",)),
    (67810, 67810, ("biopsy",)),
    (11755, 11755, ("biopsy",)),
    (69105, 69105, ("biopsy",)),
    (11200, 11201, ("skin_tag_removal",)),
    (11300, 11313, ("shave_removal",)),
    (11400, 11646, ("excision",)),
    (11900, 11901, ("intralesional_injection",)),
    (12001, 13160, ("repair", "excision_repair")),
    (14000, 14302, ("adjacent_tissue_transfer",)),
    (15788, 15793, ("chemical_peel",)),
    (17000, 17286, ("destruction",)),
    (17311, 17315, ("mohs",)),
    (17360, 17360, ("chemical_peel",)),
    (88331, 88332, ("frozen_section",)),
)


@dataclass(frozen=True, slots=True)
class BilledPair:
    """An in-force edit between billed lines: the column-one and column-two lines."""

    edit: PtpEdit
    column1: tuple[BilledLine, ...]
    column2: tuple[BilledLine, ...]


def billed_pairs(ctx: Context, indicators: tuple[str, ...] = ("0", "1")) -> Iterator[BilledPair]:
    """Every in-force edit with one of ``indicators`` among the billed codes (E/M codes aside:
    the E/M rules and modifier 25 govern them)."""
    if not applies_to(ctx.enc, ctx.options):
        return
    codes = [b.code for b in ctx.billed if b.code not in VISIT_CODES]
    for edit in ctx.tables.ptp_pairs_for(codes):
        if edit.modifier_indicator not in indicators:
            continue
        yield BilledPair(
            edit,
            tuple(b for b in ctx.billed if b.code == edit.column1),
            tuple(b for b in ctx.billed if b.code == edit.column2),
        )


def kinds_of(code: str) -> tuple[str, ...]:
    """The procedure types ``code`` can come from ('excision_repair': an excision's repair)."""
    if not code.isdigit():
        return ()
    n = int(code)
    return next((k for lo, hi, k in _TYPES if lo <= n <= hi), ())


def procedures_for(ctx: Context, code: str) -> tuple[str, ...]:
    """The documented procedures behind ``code``: those of the coded lines of that code, or else
    the documented procedures of the type the code belongs to that no coded line of that type
    accounts for (a biopsy left off the claim, a repair documented with an excision)."""
    coded = tuple(p for ln in ctx.coding.lines if ln.code == code for p in ln.procedures)
    if coded:
        return tuple(dict.fromkeys(coded))
    kinds = kinds_of(code)
    if not kinds:
        return ()
    taken = {p for ln in ctx.coding.lines if kinds_of(ln.code) == kinds for p in ln.procedures}
    out = []
    for p in ctx.enc.procedures:
        if p.id in taken:
            continue
        tag = str(type(p).__struct_config__.tag)
        if tag in kinds or ("excision_repair" in kinds and isinstance(p, Excision) and p.repair):
            out.append(p.id)
    return tuple(out)


def never_payable(ctx: Context) -> set[str]:
    """Billed codes that an indicator-0 edit with another billed code denies (NCCI002)."""
    return {pair.edit.column2 for pair in billed_pairs(ctx, ("0",)) if pair.column1}


def coded_allowed(ctx: Context, code: str) -> float:
    """The allowed amount of the engine's own lines of ``code``, priced as its corrected claim."""
    lines = ctx.coding.lines
    prices = money.price_lines(
        [(ln.code, ln.units, ln.modifiers) for ln in lines], ctx.tables, ctx.enc.place_of_service
    )
    return round(sum(p.allowed for ln, p in zip(lines, prices, strict=True) if ln.code == code), 2)


def judgement(ctx: Context, pair: BilledPair) -> Judgement | None:
    """Whether the documentation shows the column-two code's procedures distinct from the
    column-one code's; None when it names no procedure for one of them."""
    c1 = procedures_for(ctx, pair.edit.column1)
    c2 = procedures_for(ctx, pair.edit.column2)
    if not c1 or not c2:
        return None
    return judge_sets(c2, c1, ctx.enc, ctx.sites)


def coded_bypass(ctx: Context, code: str) -> str | None:
    """The NCCI-associated modifier a family coder put on its line of ``code``, if any."""
    for ln in ctx.coding.lines:
        if ln.code == code:
            for m in ln.modifiers:
                if m in NCCI_ASSOCIATED_MODIFIERS:
                    return m
    return None


def distinct_modifiers(line: BilledLine) -> list[str]:
    return [m for m in line.modifiers if m in DISTINCT_MODIFIERS]


def associated_modifiers(line: BilledLine) -> list[str]:
    return [m for m in line.modifiers if m in NCCI_ASSOCIATED_MODIFIERS]


def billed_allowed(ctx: Context) -> list[float]:
    """The allowed amount of each billed line, priced together (with the MPPR)."""
    return money.billed_amounts(ctx)


def amount_of(allowed: list[float], lines: tuple[BilledLine, ...], sign: int) -> float | None:
    total = round(sum(allowed[b.index] for b in lines), 2)
    return sign * total if total else None


def decisions(ctx: Context) -> tuple[NcciDecision, ...]:
    found = ctx.coding.facts.get("ncci.decisions", ())
    assert isinstance(found, tuple)
    return found


def line_numbers(lines: tuple[BilledLine, ...]) -> str:
    return ", ".join(str(b.index + 1) for b in lines)


def cite(pair: BilledPair) -> tuple[str, ...]:
    return (pair.edit.release.citation(),)


def pointer_facts(ctx: Context, procedures: tuple[str, ...]) -> tuple[tuple[str, object], ...]:
    """The lesion labels and sites the distinctness judgement read, as JSON Pointers."""
    index = ctx.position
    out: list[tuple[str, object]] = []
    for pid in procedures:
        i = index.get(pid)
        if i is None:
            continue
        proc = ctx.enc.procedures[i]
        if proc.lesion:
            out.append((f"/procedures/{i}/lesion", proc.lesion))
        if proc.site:
            out.append((f"/procedures/{i}/site", proc.site))
    return tuple(out)
