"""Mohs codes for surgery where the surgeon was not also the pathologist.

## What it checks
Mohs procedures documented with `surgeon_is_pathologist: false`. In `scrub`, any billed Mohs code
(17311–17315) for them is an error; in `code`, a note says that the removal was coded as an
excision on the final excised diameter and that the pathologist bills the pathology.

## Why it matters
Mohs codes pay for one physician acting as both surgeon and pathologist. When another physician
reads the specimens and bills for it, the surgery is an excision (11600–11646, one code on the
final excised diameter when all stages were the same day) and the pathologist reports the
pathology ("slow Mohs"); Mohs codes on such a claim are recouped.

## Fix safety
Safe when the final defect (or the tumor) diameter is documented: the excision code follows from
it. Otherwise display-only.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.mohs._common import billed_mohs, describe, index_of, tumors
from dermclaim.rules.sources import MOHS_SURGEON_PATHOLOGIST


class MohsCodesWhenSurgeonIsNotPathologist(Rule):
    name = "mohs-codes-when-surgeon-is-not-pathologist"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Mohs codes when another physician was the pathologist (code the excision instead)"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MOHS_SURGEON_PATHOLOGIST,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        slow = [t for t in tumors(ctx) if not t.surgeon_is_pathologist]
        if not slow:
            return
        lines_of = {
            pid: [ln for ln in ctx.coding.lines if pid in ln.procedures] for pid in (t.proc for t in slow)
        }
        instead = " + ".join(ln.code for t in slow for ln in lines_of[t.proc]) or "the excision code"
        facts = tuple((f"/procedures/{index_of(ctx, t.proc)}/surgeon_is_pathologist", False) for t in slow)
        if ctx.mode == "code":
            for t in slow:
                fate = ctx.coding.fates.get(t.proc)
                yield Hit(
                    message=f"{t.proc}: {fate.reason if fate else 'not coded as Mohs'}; the surgeon is "
                    "not the pathologist, so no Mohs codes: the pathologist bills the pathology of "
                    "the specimens on his own claim",
                    fix="Nothing to do on this claim; make sure the pathologist bills the pathology",
                    procedures=(t.proc,),
                    facts=facts,
                    severity="info",
                    fix_safety="display-only",
                )
            return
        real = [t for t in tumors(ctx) if t.surgeon_is_pathologist]
        billed = billed_mohs(ctx)
        if not billed or real:
            return  # with true Mohs the same day, MOH001 compares the units
        coded = any(lines_of[t.proc] for t in slow)
        yield Hit(
            message=f"{describe(billed)} billed, but the surgeon was not the pathologist for "
            f"{', '.join(t.proc for t in slow)}: Mohs codes do not apply; the removal is an excision "
            "and the pathologist bills the pathology",
            fix=f"Bill {instead} instead of {describe(billed)}",
            lines=tuple(b.index for b in billed),
            procedures=tuple(t.proc for t in slow),
            facts=facts,
            fix_safety="safe" if coded else "display-only",
        )
