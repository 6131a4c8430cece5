"""An E/M on the day of a major (090-day) procedure without modifier 57.

## What it checks
An E/M beside a procedure whose fee-schedule global period is 090 days — in dermatology the
adjacent tissue transfers 14000–14061 and 13160 — that does not carry modifier 57: in `scrub` the
billed E/M lines; in `code` the E/M the engine coded without 57 (beside minor procedures too, where
it carries 25), or the documented visit it left off the claim because the note does not show a
separately identifiable service.

## Why it matters
The global package of a major procedure includes the E/M services of the day before and the day
of surgery. The E/M is payable only when it is the visit at which the decision for surgery was
made (modifier 57), or, for an unrelated significant problem, with 25. Without either it is denied
as part of the global; with 25 for the decision itself it is recouped.

## Fix safety
Display-only, medium confidence: the document says whether the visit was separately
identifiable, not whether the decision to operate was made at it. Add 57 when it was; otherwise
remove the E/M or, for an unrelated problem, use 25. The amount is the E/M's allowed amount: what
57 recovers when the visit is documented as separately identifiable, minus what Medicare would pay
for it otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.families import VISIT_CODES
from dermclaim.money import billed_amounts
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.modifiers._common import (
    MAJOR_GLOBALS,
    describe,
    procedures_with_global,
    rvu_citation,
    visits,
)
from dermclaim.rules.sources import GLOBAL_SURGERY


class VisitBesideMajorProcedureWithout57(Rule):
    name = "visit-beside-major-procedure-without-57"
    summary = "E/M on the day of a 090-day procedure without modifier 57"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (GLOBAL_SURGERY,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.mode == "code":
            yield from cls._coded(ctx)
            return
        major = procedures_with_global(ctx, MAJOR_GLOBALS)
        if not major:
            return
        visit = ctx.enc.visit
        documented = bool(visit and visit.separately_identifiable)
        codes = ", ".join(dict.fromkeys(m.code for m in major))
        for b in visits(ctx):
            if "57" in b.modifiers:
                continue
            n = b.index + 1
            if documented:
                fix = (
                    f"Add modifier 57 to line {n} if the decision to perform {codes} was made at "
                    "this visit (the note documents a separately identifiable service); use 25 "
                    "instead only for a significant problem unrelated to the surgery"
                )
            else:
                fix = (
                    f"Remove the E/M on line {n}: the note documents no separately identifiable "
                    f"service, so it is part of the global package of {codes}"
                )
            yield Hit(
                message=f"E/M {b.code}{'-25' if '25' in b.modifiers else ''} on line {n} billed "
                f"beside {describe(major, ctx)} without modifier 57: the E/M of the day of a major "
                "procedure is part of its global package unless the decision for surgery was made "
                "at it",
                fix=fix,
                lines=(b.index,),
                facts=(("/visit/separately_identifiable", documented),),
                extra_sources=rvu_citation(ctx),
                amount=(
                    billed_amounts(ctx, edits=False)[b.index]  # recovered by 57
                    if documented
                    else -billed_amounts(ctx)[b.index]  # paid today only if the payer misses it
                )
                or None,
            )

    @classmethod
    def _coded(cls, ctx: Context) -> Iterator[Hit]:
        visit = ctx.enc.visit
        skipped = ctx.coding.facts.get("visit.major_procedures") or ()
        assert isinstance(skipped, tuple)
        if visit is not None and skipped and ctx.coding.facts.get("visit.not_billed"):
            codes = ", ".join(dict.fromkeys(skipped))
            yield Hit(
                message=f"E/M {visit.code} not billed: beside {codes} (090-day global) it is part "
                "of the global package, and the note does not document a separately identifiable "
                "service such as the decision for surgery",
                fix=f"Bill the E/M with modifier 57 only if the decision to perform {codes} was made "
                "at this visit (set visit.separately_identifiable)",
                facts=(("/visit/separately_identifiable", False),),
                extra_sources=rvu_citation(ctx),
            )
            return
        major = []
        for ln in ctx.coding.lines:
            rvu = ctx.tables.rvu(ln.code)
            if ln.code not in VISIT_CODES and rvu is not None and rvu.glob_days in MAJOR_GLOBALS:
                major.append(ln.code)
        if not major:
            return
        codes = ", ".join(dict.fromkeys(major))
        for i, ln in enumerate(ctx.coding.lines):
            if ln.code in VISIT_CODES and "57" not in ln.modifiers:
                yield Hit(
                    message=f"E/M {ln.code} coded beside {codes} (090-day global): it is part of "
                    "the global package unless the decision for surgery was made at this visit",
                    fix=f"Add modifier 57 if this visit decided on {codes}; otherwise leave the E/M "
                    "off the claim, or use 25 only for a significant problem unrelated to the surgery",
                    lines=(i,),
                    extra_sources=rvu_citation(ctx),
                )
