"""17004 (15 or more premalignant lesions) billed together with 17000 or 17003.

## What it checks
A claim that carries 17004 and also 17000 or 17003 for the same session's premalignant
(actinic keratosis) destructions.

## Why it matters
17004 covers 15 or more premalignant lesions in one unit and is reported *instead of* 17000 and
17003, never with them. NCCI pairs 17004 over 17000 and over 17003 with modifier indicator 0, so
no modifier bypasses the edit: the 17000/17003 lines are denied, and billing all three is one of
the most common dermatology denial triggers.

## Fix safety
Safe when the note documents the number of premalignant lesions destroyed: 17004 × 1 alone for
15 or more, otherwise 17000 + 17003 × (n − 1). Display-only when no premalignant destruction is
documented.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.destruction import (
    PREMALIGNANT_15_PLUS,
    PREMALIGNANT_ADD_ON,
    PREMALIGNANT_CODES,
    PREMALIGNANT_FIRST,
)
from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.destruction._common import count, describe, expected, per_procedure, ptp_citation
from dermclaim.rules.sources import CPT_DESTRUCTION_UNITS, NCCI_DESTRUCTION_PAIRS


class Destruction17004BilledWith17000Or17003(Rule):
    name = "destruction-17004-billed-with-17000-or-17003"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "17004 (15+ premalignant lesions) billed with 17000/17003 instead of alone"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_DESTRUCTION_UNITS, NCCI_DESTRUCTION_PAIRS)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if not ctx.billed_codes({PREMALIGNANT_15_PLUS}):
            return
        per_lesion = ctx.billed_codes({PREMALIGNANT_FIRST, PREMALIGNANT_ADD_ON})
        if not per_lesion:
            return
        billed = ctx.billed_codes(PREMALIGNANT_CODES)
        n = count(ctx, "destruction.premalignant_count")
        want = expected(ctx, PREMALIGNANT_CODES)
        cite = ptp_citation(ctx, PREMALIGNANT_15_PLUS, PREMALIGNANT_FIRST) + ptp_citation(
            ctx, PREMALIGNANT_15_PLUS, PREMALIGNANT_ADD_ON
        )
        if n == 0:
            yield Hit(
                message=f"{describe(billed)} billed: 17004 is reported instead of 17000/17003, never "
                "with them, and the note documents no premalignant destruction",
                fix="Document the number of premalignant lesions destroyed, then bill 17004 alone for "
                "15 or more or 17000 + 17003 × (n − 1) for fewer",
                lines=tuple(b.index for b in billed),
                fix_safety="display-only",
                extra_sources=cite,
            )
            return
        drop = ", ".join(sorted({b.code for b in billed} - {ln.code for ln in want}))
        yield Hit(
            message=f"{describe(billed)} billed for {plural(n, 'premalignant lesion')} "
            f"({per_procedure(ctx, 'premalignant')}): 17004 is reported instead of 17000/17003, "
            "never with them (NCCI modifier indicator 0)",
            fix=f"Bill {describe(want)}"
            + (f" and remove {drop}" if drop else "")
            + (" (15 or more lesions)" if n >= 15 else f" ({n} lesions: fewer than 15)"),
            lines=tuple(b.index for b in billed),
            procedures=tuple(dict.fromkeys(p for w in want for p in w.procedures)),
            extra_sources=cite,
        )
