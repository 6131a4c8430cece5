"""A column-two code billed with its column-one code for the same lesion, without a modifier.

## What it checks
In `scrub`: every in-force NCCI procedure-to-procedure edit with modifier indicator 1 between two
billed codes whose column-two line carries no NCCI-associated modifier, when the documentation
does not show distinct lesions (the same lesion, or nothing that tells them apart; NCCI001 covers
the case where it does). When the documentation names no procedure for one of the codes, it warns
that the column-two line will be denied unless a distinct lesion is documented — only for codes
no coding family owns (a family's own rules report a billed code it does not support), and never
for a code an indicator-0 edit already denies (NCCI002). In `code`: each coded line the NCCI pass
left off the claim — information when the documentation shows the same lesion, a warning when it
merely does not tell the lesions apart — or held for a person because only some of its lesions
were distinct (warning).

## Why it matters
The edit denies the column-two line: the service is included in the column-one service when both
were done on the same lesion — a simple repair in an excision, any repair in a benign excision of
0.5 cm or less (Medicare NCCI), a biopsy in the removal of the same lesion.

## Fix safety
Safe when the documentation shows the same lesion: remove the column-two line. Display-only when
it merely fails to tell the lesions apart: check the note, and either label the lesions and add
the distinct-lesion modifier, or remove the line. Its amount is minus the line's allowed amount.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding import owner
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.ncci._common import (
    amount_of,
    associated_modifiers,
    billed_allowed,
    billed_pairs,
    cite,
    decisions,
    judgement,
    line_numbers,
    never_payable,
    pointer_facts,
    procedures_for,
)
from dermclaim.rules.sources import NCCI_DISTINCT_LESION, NCCI_PTP, NCCI_SMALL_BENIGN_EXCISION


class NcciColumnTwoIncludedInColumnOne(Rule):
    name = "ncci-column-two-included-in-column-one"
    generic = True
    summary = "Column-two code billed with its column-one code without a documented distinct lesion"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (NCCI_PTP, NCCI_DISTINCT_LESION, NCCI_SMALL_BENIGN_EXCISION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if ctx.mode == "code":
            yield from cls._coded(ctx)
            return
        allowed: list[float] | None = None
        modifier = ctx.options.distinct("lesion")
        denied = never_payable(ctx)  # NCCI002 reports those
        for pair in billed_pairs(ctx, ("1",)):
            bare = tuple(b for b in pair.column2 if not associated_modifiers(b))
            if not bare or not pair.column1 or pair.edit.column2 in denied:
                continue
            found = judgement(ctx, pair)
            if found is not None and found.verdict == "distinct":
                continue  # NCCI001
            if found is None and owner(pair.edit.column2) is not None:
                continue  # a coded family's own rules report a billed code it does not support
            if allowed is None:
                allowed = billed_allowed(ctx)
            c1, c2, where = pair.edit.column1, pair.edit.column2, line_numbers(bare)
            head = (
                f"{c2} (line {where}) billed with {c1} without a modifier: NCCI edit {c1}/{c2} "
                f"({pair.edit.rationale}) includes it in {c1}"
            )
            if found is None:
                yield Hit(
                    message=f"{head}; it is denied unless it was a distinct lesion or site, and the "
                    f"documentation names no procedure for {c1 if not procedures_for(ctx, c1) else c2}",
                    fix=f"Remove {c2} (line {where}), or document the distinct lesion and add "
                    f"modifier {modifier} to it",
                    lines=tuple(b.index for b in bare),
                    severity="warning",
                    fix_safety="display-only",
                    confidence="medium",
                    extra_sources=cite(pair),
                    amount=amount_of(allowed, bare, -1),
                )
                continue
            same = found.verdict == "same_lesion"
            procs = procedures_for(ctx, c1) + procedures_for(ctx, c2)
            yield Hit(
                message=f"{head}, and the documentation "
                f"{'shows the same lesion' if same else 'does not show a distinct lesion or site'}"
                f": {found.reason}",
                fix=f"Remove {c2} (line {where})"
                + (
                    ""
                    if same
                    else f", or, if the note shows a different lesion or site, label each lesion "
                    f"and add modifier {modifier} to it"
                ),
                lines=tuple(b.index for b in bare),
                procedures=tuple(dict.fromkeys(procs)),
                facts=pointer_facts(ctx, procs),
                fix_safety="safe" if same else "display-only",
                confidence="high" if same else "medium",
                extra_sources=cite(pair),
                amount=amount_of(allowed, bare, -1),
            )

    @classmethod
    def _coded(cls, ctx: Context) -> Iterator[Hit]:
        for d in decisions(ctx):
            if d.indicator != "1" or d.action not in ("bundled", "hold"):
                continue
            held = d.action == "hold"
            yield Hit(
                message=f"{d.column2} × {d.units} ({', '.join(d.procedures)}) "
                f"{'held for review' if held else 'not billed'}: {d.reason}",
                fix=(
                    f"Split the {d.column2} line by lesion by hand and add the distinct-lesion "
                    "modifier to the distinct ones"
                    if held
                    else "Nothing to do if this is right; if the lesions were distinct, give "
                    "each its own lesion label and site"
                ),
                procedures=d.procedures,
                facts=pointer_facts(ctx, d.procedures + d.column1_procedures),
                severity="info" if d.verdict == "same_lesion" and not held else "warning",
                fix_safety="display-only",
                confidence="high" if d.verdict == "same_lesion" else "medium",
                extra_sources=(d.citation,),
            )
