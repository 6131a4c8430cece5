"""An E/M visit beside a minor procedure without a separately identifiable service.

## What it checks
When the encounter has a procedure with a 000- or 010-day global (fee-schedule table in force),
an E/M line is billed only if `visit.separately_identifiable` is true, and then with modifier 25.
In `code` mode it tells the biller why the documented visit was left off the claim.

## Why it matters
For minor procedures the decision to operate is part of the procedure. An E/M billed the same day
without a significant, separately identifiable service is denied or recouped; a new-patient status
alone does not justify it, and different diagnoses are not required when the service is distinct.

## Fix safety
Safe for a missing 25 when the note documents the separate service; display-only otherwise, since
only the note can show that service.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.families import VISIT_CODES
from dermclaim.money import billed_amounts
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import NCCI_MINOR_EM


class VisitNotSeparatelyIdentifiable(Rule):
    name = "visit-not-separately-identifiable"
    summary = "E/M beside a minor procedure without a documented separately identifiable service"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (NCCI_MINOR_EM,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        visit = ctx.enc.visit
        minor = ctx.coding.facts.get("visit.minor_procedures") or ()
        assert isinstance(minor, tuple)
        if not minor:
            return
        rvu = ctx.tables.releases().get("rvu")
        cite = (rvu.citation(),) if rvu else ()
        procs = ", ".join(minor)
        documented = bool(visit and visit.separately_identifiable)
        if ctx.mode == "code":
            if visit is not None and not documented:
                yield Hit(
                    message=f"E/M {visit.code} not billed: the note does not document a significant, "
                    f"separately identifiable service beside {procs} (000/010-day global)",
                    fix="Bill the E/M with modifier 25 only if the note documents such a service "
                    "(set visit.separately_identifiable)",
                    facts=(("/visit/separately_identifiable", False),),
                    severity="warning",
                    extra_sources=cite,
                )
            return
        for b in ctx.billed_codes(VISIT_CODES):
            # money.py: what Medicare allows for the E/M as billed, and what it is worth if paid
            allowed, worth = billed_amounts(ctx)[b.index], billed_amounts(ctx, edits=False)[b.index]
            if not documented:
                yield Hit(
                    message=f"E/M {b.code} billed beside {procs} (000/010-day global) but the note "
                    "does not document a significant, separately identifiable service",
                    fix=f"Remove the E/M line {b.index + 1}, or document the separate service and "
                    "bill it with modifier 25",
                    lines=(b.index,),
                    facts=(
                        ("/visit/separately_identifiable", bool(visit and visit.separately_identifiable)),
                    ),
                    extra_sources=cite,
                    amount=-allowed if allowed else None,
                )
            elif "25" not in b.modifiers:
                yield Hit(
                    message=f"E/M {b.code} billed beside {procs} without modifier 25",
                    fix=f"Add modifier 25 to line {b.index + 1}",
                    lines=(b.index,),
                    facts=(("/visit/separately_identifiable", True),),
                    fix_safety="safe",
                    extra_sources=cite,
                    amount=worth or None,
                )
