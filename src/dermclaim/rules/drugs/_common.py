"""What the drug and administration rules share: the documented drugs against the billed lines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from dermclaim import drugs
from dermclaim.coding import CodedLine
from dermclaim.coding.drug import ADMIN_CODES, AdminPlan, DrugItem
from dermclaim.rules.base import BilledLine, Context

MEDICARE_KINDS = ("medicare", "medicare_advantage")


def items(ctx: Context) -> tuple[DrugItem, ...]:
    found = ctx.coding.facts.get("drug.items", ())
    assert isinstance(found, tuple)
    return found


def admin_plan(ctx: Context) -> AdminPlan:
    plan = ctx.coding.facts.get("drug.admin")
    return plan if isinstance(plan, AdminPlan) else AdminPlan()


def drug_codes() -> frozenset[str]:
    return drugs.table().codes()


def billed_drug_lines(ctx: Context) -> list[BilledLine]:
    codes = drug_codes()
    return [b for b in ctx.billed if b.code in codes]


def coded(ctx: Context) -> list[DrugItem]:
    return [it for it in items(ctx) if it.status == "coded"]


def is_jw(line: BilledLine | CodedLine) -> bool:
    return "JW" in line.modifiers


@dataclass(slots=True)
class CodeView:
    """One drug code: what the documentation supports and what was billed."""

    code: str
    items: list[DrugItem] = field(default_factory=list)
    admin_units: int = 0
    waste_units: int = 0
    billed: list[BilledLine] = field(default_factory=list)

    @property
    def billed_admin(self) -> int:
        return sum(b.units for b in self.billed if not is_jw(b))

    @property
    def billed_waste(self) -> int:
        return sum(b.units for b in self.billed if is_jw(b))

    @property
    def expected_lines(self) -> list[CodedLine]:
        return [ln for it in self.items for ln in it.lines if ln.code == self.code]


@dataclass(frozen=True, slots=True)
class Substitution:
    """A documented drug billed under another code (route, biosimilar, unclassified)."""

    item: DrugItem
    billed: tuple[BilledLine, ...]


@dataclass(slots=True)
class Matching:
    by_code: dict[str, CodeView]
    substitutions: list[Substitution]
    undocumented: list[BilledLine]


def match(ctx: Context) -> Matching:
    """Documented drugs by code, the billed lines of each, substituted codes and billed drug
    lines that nothing documented explains."""
    views: dict[str, CodeView] = {}
    for it in coded(ctx):
        row = it.row
        assert row is not None
        view = views.setdefault(row.hcpcs, CodeView(row.hcpcs))
        view.items.append(it)
        view.admin_units += it.units
        view.waste_units += it.waste_units
    leftovers: list[BilledLine] = []
    for b in billed_drug_lines(ctx):
        if b.code in views:
            views[b.code].billed.append(b)
        else:
            leftovers.append(b)
    subs: list[Substitution] = []
    for view in views.values():
        if view.billed:
            continue
        for it in view.items:
            related = _related_codes(it)
            taken = tuple(b for b in leftovers if b.code in related)
            if taken:
                subs.append(Substitution(it, taken))
                leftovers = [b for b in leftovers if b not in taken]
    explained = {
        c
        for it in items(ctx)
        if it.status == "hold"
        for c in (
            it.row.hcpcs if it.row else None,
            it.resolution.documented_code,
            *it.resolution.candidates,
        )
        if c is not None
    }
    undocumented = [b for b in leftovers if b.code not in explained]
    return Matching(views, subs, undocumented)


def _related_codes(it: DrugItem) -> set[str]:
    row = it.row
    assert row is not None
    tab = drugs.table()
    out = set(drugs.NOC_CODES)
    out.update(r.hcpcs for r in tab.siblings(row))
    if row.biosimilar_of:
        out.add(row.biosimilar_of)
        out.update(r.hcpcs for r in tab.rows if r.biosimilar_of == row.biosimilar_of)
    out.update(r.hcpcs for r in tab.rows if r.biosimilar_of == row.hcpcs)
    if it.resolution.documented_code:
        out.add(it.resolution.documented_code)
    out.discard(row.hcpcs)
    return out


def describe(lines: Iterable[CodedLine | BilledLine]) -> str:
    """'J1745 × 35 + J1745-JW × 5'."""
    parts = []
    for ln in lines:
        mods = "-".join(ln.modifiers)
        parts.append(f"{ln.code}{'-' + mods if mods else ''} × {ln.units}")
    return " + ".join(parts) if parts else "nothing"


def line_numbers(lines: Iterable[BilledLine]) -> str:
    nums = [str(b.index + 1) for b in lines]
    return ("line " if len(nums) == 1 else "lines ") + ", ".join(nums)


def admin_units(lines: Iterable[CodedLine | BilledLine]) -> Counter[str]:
    out: Counter[str] = Counter()
    for ln in lines:
        if ln.code in ADMIN_CODES:
            out[ln.code] += ln.units
    return out


def num(x: float) -> str:
    return f"{x:g}"


def money(x: float) -> str:
    return f"${x:,.2f}"
