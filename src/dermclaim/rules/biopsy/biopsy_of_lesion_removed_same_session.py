"""A biopsy billed for a lesion that was removed at the same session.

## What it checks
Biopsies that share a `lesion` label with a shave removal, excision, adjacent tissue transfer,
destruction or Mohs surgery of the same encounter, and are billed although no frozen-section
reading of the biopsy drove the decision to remove (for Mohs: although the diagnosis was already
established). In `code` mode it reports, for information, each biopsy it left off the claim and why.

## Why it matters
NCCI bundles a biopsy into a more extensive procedure on the same lesion at the same session;
billing both is a classic recoupment finding. It is separately reportable only when the biopsy
was read immediately and its result led to the removal (modifier 58; for Mohs without prior
pathology, the distinct modifier 59/XU with the frozen section).

## Fix safety
Safe: the documentation (same lesion label, frozen section, prior pathology) decides.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.biopsy._common import billed_skin, describe, expected_skin, units
from dermclaim.rules.sources import MOHS_SAME_DAY_BIOPSY, NCCI_BIOPSY_SAME_LESION


class BiopsyOfLesionRemovedSameSession(Rule):
    name = "biopsy-of-lesion-removed-same-session"
    triggers = frozenset({"biopsy"})
    summary = "Biopsy of a lesion removed at the same session is included in the removal"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (NCCI_BIOPSY_SAME_LESION, MOHS_SAME_DAY_BIOPSY)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        bundled = {pid: f for pid, f in ctx.coding.fates.items() if f.cause == "removed_same_session"}
        if not bundled:
            return
        index = ctx.position
        facts = tuple(
            (f"/procedures/{index[p]}/lesion", ctx.enc.procedures[index[p]].lesion) for p in bundled
        )
        if ctx.mode == "code":
            for pid, fate in bundled.items():
                yield Hit(
                    message=f"biopsy {pid} not billed: {fate.reason}",
                    fix="Nothing to do; bill the removal",
                    procedures=(pid,),
                    facts=facts,
                    severity="info",
                    fix_safety="display-only",
                )
            return
        billed = billed_skin(ctx)
        expected = expected_skin(ctx)
        if sum(units(billed).values()) > sum(units(expected).values()):
            reasons = "; ".join(f"{pid}: {f.reason}" for pid, f in bundled.items())
            yield Hit(
                message=f"{describe(billed)} billed, but the biopsied lesion of {', '.join(bundled)} "
                f"was removed at the same session ({reasons})",
                fix=f"Bill {describe(expected)}" if expected else "Remove the biopsy line(s)",
                lines=tuple(b.index for b in billed),
                procedures=tuple(bundled),
                facts=facts,
            )
