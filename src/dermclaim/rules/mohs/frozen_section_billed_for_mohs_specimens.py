"""Frozen-section codes 88331/88332 billed for the Mohs specimens.

## What it checks
On a claim with Mohs surgery (the surgeon also the pathologist), billed 88331/88332 units beyond
those the documentation supports: a frozen section of a same-day diagnostic biopsy without prior
pathology (with 59/XU), or of another, non-Mohs specimen.

## Why it matters
The Mohs codes include the surgeon's histopathology of the Mohs specimens — frozen sections and
routine stains. NCCI pairs 17311/17313 over 88331/88332; billing them for the Mohs layers is
unbundling and is recouped.

## Fix safety
Safe: remove the frozen-section units the documentation does not support.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.mohs import FROZEN_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.mohs._common import as_mohs, describe, units
from dermclaim.rules.sources import MOHS_PATHOLOGY_INCLUDED


class FrozenSectionBilledForMohsSpecimens(Rule):
    name = "frozen-section-billed-for-mohs-specimens"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "88331/88332 billed for Mohs specimens, whose pathology is included in 17311–17315"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (MOHS_PATHOLOGY_INCLUDED,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        documented = as_mohs(ctx)
        if not documented:
            return
        billed = ctx.billed_codes(FROZEN_CODES)
        if not billed:
            return
        want_lines = [ln for ln in ctx.coding.lines if ln.code in FROZEN_CODES]
        if sum(units(billed).values()) <= sum(units(want_lines).values()):
            return
        included = [pid for pid, f in ctx.coding.fates.items() if f.cause == "included_in_mohs"]
        what = (
            f"the frozen sections of the Mohs specimens ({', '.join(included)}) are included"
            if included
            else "frozen sections of the Mohs layers are included"
        )
        yield Hit(
            message=f"{describe(billed)} billed with Mohs surgery ({', '.join(t.proc for t in documented)}): "
            f"{what} in the Mohs codes",
            fix=f"Bill {describe(want_lines)}" if want_lines else "Remove " + describe(billed),
            lines=tuple(b.index for b in billed),
            procedures=tuple(included),
        )
