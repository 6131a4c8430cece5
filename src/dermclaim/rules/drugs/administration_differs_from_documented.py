"""Billed drug administration codes differ from the documented injections and infusion times.

## What it checks
When scrubbing, the billed 96372, 96365/96366 and 96413/96415 against what the documented drugs
support: one 96372 per subcutaneous or intramuscular injection; for an intravenous infusion of
more than 15 minutes the first-hour code, and one add-on hour only for each further hour the
infusion runs more than 30 minutes past the last full hour (75 minutes: 96365 alone; 105 minutes:
96365 + 96366). 96365 billed where the payer setting `monoclonal_admin_codes` says 96413 (or the
other way round) is a warning: that choice is payer policy.

## Why it matters
An add-on hour billed for 75 minutes of infusion, or an infusion code for a push, is an
overpayment that audits recoup; an administration left off is lost revenue.

## Fix safety
Safe: the codes follow from the documented routes and infusion times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from dermclaim.coding import CodedLine
from dermclaim.coding.drug import ADMIN_CODES, CHEMO_INFUSION, INFUSION
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import admin_plan, describe, num
from dermclaim.rules.sources import DRUG_ADMINISTRATION

_SWAP = {
    INFUSION[0]: CHEMO_INFUSION[0],
    CHEMO_INFUSION[0]: INFUSION[0],
    INFUSION[1]: CHEMO_INFUSION[1],
    CHEMO_INFUSION[1]: INFUSION[1],
}


class AdministrationDiffersFromDocumented(Rule):
    name = "administration-differs-from-documented"
    triggers = frozenset({"drug", "light"})
    summary = "Billed injection or infusion codes differ from the documented routes and infusion time"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (DRUG_ADMINISTRATION,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        expected_lines = [ln for ln in ctx.coding.lines if ln.code in ADMIN_CODES]
        expected: Counter[str] = Counter()
        for ln in expected_lines:
            expected[ln.code] += ln.units
        billed: Counter[str] = Counter()
        where: dict[str, list[int]] = {}
        for b in ctx.billed:
            if b.code in ADMIN_CODES:
                billed[b.code] += b.units
                where.setdefault(b.code, []).append(b.index)
        skip = _ncci_left_off(ctx)
        fix = f"Bill {describe(expected_lines)}" if expected_lines else "Remove the administration line(s)"
        info = admin_plan(ctx).infusion
        minutes = info.get("minutes")
        timing = (
            f" (the infusion ran {num(float(minutes))} minutes)" if isinstance(minutes, int | float) else ""
        )
        swapped: set[str] = set()
        for code in sorted(set(expected) | set(billed)):
            if code in skip or code in swapped:
                continue
            want, got = expected[code], billed[code]
            if want == got:
                continue
            other = _SWAP.get(code)
            if other and got and not want and expected[other] == got and not billed[other]:
                swapped.update({code, other})
                yield Hit(
                    message=f"{code} × {got} billed for the documented infusion{timing}; the payer "
                    f"setting monoclonal_admin_codes calls for {other}",
                    fix=f"Bill {other} × {got} instead of {code}, or change the setting if this payer "
                    f"accepts {code}",
                    lines=tuple(where[code]),
                    severity="warning",
                    confidence="medium",
                )
                continue
            lines = tuple(where.get(code, ()))
            if got > want:
                reason = _why_not(code, want, timing)
                yield Hit(
                    message=f"{code} × {got} billed, but the documentation supports {code} × {want}"
                    f"{timing}: {reason}",
                    fix=fix,
                    lines=lines,
                    procedures=_pids(expected_lines),
                )
            else:
                yield Hit(
                    message=f"{code} × {got} billed, but the documentation supports {code} × {want}"
                    f"{timing}: {want - got} administration unit(s) not billed",
                    fix=fix,
                    lines=lines,
                    procedures=_pids(expected_lines),
                    severity="warning",
                )


def _why_not(code: str, want: int, timing: str) -> str:
    if code in (INFUSION[1], CHEMO_INFUSION[1]):
        return (
            "an additional hour is billable only when the infusion runs more than 30 minutes past "
            "the last full hour"
        )
    if code in (INFUSION[0], CHEMO_INFUSION[0]):
        return "one initial infusion per encounter, and only for more than 15 minutes of documented infusion"
    return "96372 is one unit per documented subcutaneous or intramuscular injection"


def _pids(lines: list[CodedLine]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for ln in lines for p in ln.procedures))


def _ncci_left_off(ctx: Context) -> set[str]:
    """Administration codes the NCCI post-pass left off the claim (the NCCI rules report them)."""
    out = set()
    decisions = ctx.coding.facts.get("ncci.decisions", ())
    for d in decisions if isinstance(decisions, tuple) else ():
        if getattr(d, "action", "") in ("bundled", "hold") and getattr(d, "column2", "") in ADMIN_CODES:
            out.add(str(d.column2))
    return out
