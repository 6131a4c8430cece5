"""Benign destruction billed per lesion, with both 17110 and 17111, or in the wrong tier.

## What it checks
The billed 17110 and 17111 lines against the benign lesions (warts, molluscum, seborrhoeic
keratoses…) destroyed at the session, counted together: 17110 × 1 for 1–14 lesions, 17111 × 1
for 15 or more. It reports 17110 or 17111 with more than one unit, both codes on one claim, and
the tier that does not match the documented count.

## Why it matters
17110 is not a per-lesion code: one unit covers up to 14 lesions, and its MUE is 1. Billing
17110 × 4 for four warts, or 17110 with 17111 (NCCI modifier indicator 0), is denied or
recouped — one of the most common dermatology denial triggers.

## Fix safety
Safe: the documented lesion count determines the code. Display-only when no benign destruction
is documented.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.destruction import BENIGN_15_PLUS, BENIGN_CODES, BENIGN_UP_TO_14, MANY_LESIONS
from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.destruction._common import (
    count,
    describe,
    expected,
    per_procedure,
    ptp_citation,
    units,
)
from dermclaim.rules.sources import CPT_DESTRUCTION_UNITS, NCCI_DESTRUCTION_PAIRS


class BenignDestructionNotOneUnitPerSession(Rule):
    name = "benign-destruction-not-one-unit-per-session"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "17110/17111 billed per lesion, together, or in the wrong tier for the count"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_DESTRUCTION_UNITS, NCCI_DESTRUCTION_PAIRS)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        billed = ctx.billed_codes(BENIGN_CODES)
        want_lines = expected(ctx, BENIGN_CODES)
        got, want = units(billed), units(want_lines)
        if got == want:
            return
        n = count(ctx, "destruction.benign_count")
        if not billed:
            yield Hit(
                message=f"no benign destruction code billed, but the note documents "
                f"{plural(n, 'benign lesion')} destroyed ({per_procedure(ctx, 'benign')}): under-billing",
                fix=f"Bill {describe(want_lines)}",
                procedures=tuple(p for ln in want_lines for p in ln.procedures),
                severity="warning",
            )
            return
        why = []
        if got[BENIGN_UP_TO_14] and got[BENIGN_15_PLUS]:
            why.append("17110 and 17111 are never billed together (NCCI modifier indicator 0)")
        for code in (BENIGN_UP_TO_14, BENIGN_15_PLUS):
            if got[code] > 1:
                why.append(f"{code} is one unit for the whole session, not one per lesion")
        if n and got[BENIGN_15_PLUS] and n < MANY_LESIONS:
            why.append(f"17111 is for 15 or more lesions; {n} is 17110")
        if n >= MANY_LESIONS and got[BENIGN_UP_TO_14] and not got[BENIGN_15_PLUS]:
            why.append(f"{n} lesions are 15 or more: 17111")
        cite = (
            ptp_citation(ctx, BENIGN_15_PLUS, BENIGN_UP_TO_14)
            if got[BENIGN_15_PLUS] and got[BENIGN_UP_TO_14]
            else ()
        )
        if n == 0:
            yield Hit(
                message=f"{describe(billed)} billed, but the note documents no benign destruction"
                + (f"; {'; '.join(why)}" if why else ""),
                fix="Document the benign lesions destroyed and bill 17110 × 1 (1–14) or 17111 × 1 "
                "(15 or more), or remove " + ", ".join(sorted(got)),
                lines=tuple(b.index for b in billed),
                fix_safety="display-only",
                extra_sources=cite,
            )
            return
        yield Hit(
            message=f"{describe(billed)} billed for {plural(n, 'benign lesion')} "
            f"({per_procedure(ctx, 'benign')})" + (f": {'; '.join(why)}" if why else ""),
            fix=f"Bill {describe(want_lines)}",
            lines=tuple(b.index for b in billed),
            procedures=tuple(p for ln in want_lines for p in ln.procedures),
            extra_sources=cite,
        )
