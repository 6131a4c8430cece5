"""Mohs first-stage, additional-stage or extra-block units that differ from the op note.

## What it checks
For the Mohs surgery documented (one entry per tumor, each with its stages and the tissue blocks
of every stage), the billed units against: one first-stage code (17311/17313) per tumor, one
additional-stage add-on (17312/17314) for each stage after the first, and one 17315 for each
block beyond the first 5 *in any stage* — Σ max(0, blocks − 5). The site group of the codes is
checked by MOH002; this rule compares the counts.

## Why it matters
Stage and block units are where Mohs claims are most often wrong: counting every block (or every
block beyond 5 over the whole case) as 17315 over-bills and is recouped in audits; forgetting the
blocks beyond 5 of a later stage, or a stage, leaves documented work unpaid.

## Fix safety
Safe: the documented stages and blocks determine the units.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.mohs import ADD_STAGE_CODES, EXTRA_BLOCK, FIRST_STAGE_CODES, blocks_text
from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.mohs._common import as_mohs, billed_mohs, describe, expected_mohs, index_of, units
from dermclaim.rules.sources import CPT_MOHS


class MohsStageOrBlockUnitsDifferFromDocumentation(Rule):
    name = "mohs-stage-or-block-units-differ-from-documentation"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Mohs stage or tissue-block units differ from the documented stages and blocks"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_MOHS,)
    effective_from = CPT_MOHS.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        documented = as_mohs(ctx)
        if not documented:
            return  # no Mohs to compare with (MOH005 covers a surgeon who is not the pathologist)
        billed = billed_mohs(ctx)
        want_lines = expected_mohs(ctx)
        got, want = units(billed), units(want_lines)

        def total(counter: dict[str, int], codes: frozenset[str]) -> int:
            return sum(n for c, n in counter.items() if c in codes)

        parts = []
        checks = (
            ("first-stage", FIRST_STAGE_CODES, ("tumor", "tumors"), plural(len(documented), "tumor")),
            (
                "additional-stage",
                ADD_STAGE_CODES,
                ("additional stage", "additional stages"),
                "; ".join(f"{t.proc}: {plural(t.stages, 'stage')}" for t in documented),
            ),
            (
                "extra-block (17315)",
                frozenset({EXTRA_BLOCK}),
                ("block beyond 5", "blocks beyond 5"),
                "; ".join(f"{t.proc}: {blocks_text(t.blocks)}" for t in documented),
            ),
        )
        for label, codes, unit, detail in checks:
            g, w = total(got, codes), total(want, codes)
            if g != w:
                direction = "over-billing" if g > w else "under-billing"
                parts.append(f"{g} {label} unit(s) billed for {plural(w, *unit)} ({detail}): {direction}")
        if not parts:
            return
        facts = tuple(
            (f"/procedures/{index_of(ctx, t.proc)}/stages", [{"blocks": b} for b in t.blocks])
            for t in documented
        )
        yield Hit(
            message=f"{describe(billed)} billed: " + "; ".join(parts),
            fix=f"Bill {describe(want_lines)}",
            lines=tuple(b.index for b in billed),
            procedures=tuple(t.proc for t in documented),
            facts=facts,
            severity=None if billed else "warning",
        )
