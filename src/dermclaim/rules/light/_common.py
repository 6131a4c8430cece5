"""What the light-therapy and patch-test rules share: documented plans against billed lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dermclaim.coding import CodedLine
from dermclaim.coding.light import MEANING, LightPlan
from dermclaim.rules.base import BilledLine, Context, Hit


def plans(ctx: Context, kind: str | None = None) -> list[LightPlan]:
    found = ctx.coding.facts.get("light.plans", ())
    assert isinstance(found, tuple)
    return [p for p in found if kind is None or p.kind == kind]


def describe(lines: Iterable[CodedLine | BilledLine | LightPlan]) -> str:
    counts: Counter[str] = Counter()
    for ln in lines:
        if ln.code is not None:
            counts[ln.code] += ln.units
    return " + ".join(f"{c} × {n}" if n > 1 else c for c, n in counts.items()) or "nothing"


@dataclass(frozen=True, slots=True)
class Difference:
    expected: list[CodedLine]
    billed: list[BilledLine]


def difference(ctx: Context, codes: frozenset[str]) -> Difference | None:
    """The coded and billed lines of ``codes`` when their codes or units differ, else None."""
    expected = [ln for ln in ctx.coding.lines if ln.code in codes]
    billed = [b for b in ctx.billed if b.code in codes]
    want: Counter[str] = Counter()
    got: Counter[str] = Counter()
    for ln in expected:
        want[ln.code] += ln.units
    for b in billed:
        got[b.code] += b.units
    return None if want == got else Difference(expected, billed)


def code_differences(ctx: Context, codes: frozenset[str], kind: str, what: str) -> Iterator[Hit]:
    """One hit per documented procedure of ``kind`` whose code was billed wrong, plus billed codes
    nothing documents and documented ones not billed. ``what`` names the family in messages."""
    diff = difference(ctx, codes)
    if diff is None:
        return
    documented = [p for p in plans(ctx, kind) if p.code is not None]
    held = [p for p in plans(ctx, kind) if p.code is None]
    billed_left = list(diff.billed)
    unmatched: list[LightPlan] = []
    for pl in documented:  # first the lines billed as documented
        same = next((b for b in billed_left if b.code == pl.code), None)
        if same is None:
            unmatched.append(pl)
        else:
            billed_left.remove(same)
    for pl in unmatched:  # then a documented procedure against a line billed with another code
        units = f" × {pl.units}" if pl.units > 1 else ""
        if billed_left:
            wrong = billed_left.pop(0)
            meaning = MEANING.get(wrong.code)
            yield Hit(
                message=f"{wrong.code}{f' ({meaning})' if meaning else ''} billed on line "
                f"{wrong.index + 1} for {pl.pid}, documented as {pl.because}",
                fix=f"Replace {wrong.code} on line {wrong.index + 1} by {pl.code}{units}",
                lines=(wrong.index,),
                procedures=(pl.pid,),
                facts=((pl.pointer("type"), kind),),
            )
        else:
            yield Hit(
                message=f"{pl.pid} is documented ({pl.because}) but no {pl.code} line is billed",
                fix=f"Bill {pl.code}{units} for {pl.pid}",
                procedures=(pl.pid,),
                severity="warning",
            )
    if held:
        return  # the held procedure's rule asks for the missing detail first
    for b in billed_left:
        yield Hit(
            message=f"line {b.index + 1} bills {b.code}, but the encounter documents no {what} it "
            "could stand for",
            fix=f"Document the {what} billed on line {b.index + 1}, or remove the line",
            lines=(b.index,),
            fix_safety="display-only",
        )
