"""Modifier 59 and an X modifier (XE, XS, XP, XU) on the same claim line.

## What it checks
Every billed line that carries both 59 and one of XE, XS, XP, XU.

## Why it matters
The X modifiers are subsets of 59 that say which kind of distinct service it was; CMS instructs
not to report 59 together with an X modifier on one line. Payers reject or deny such lines, and
the pair shows an audit reader that the modifier was chosen without reading the note.

## Fix safety
Safe: keep the one modifier the payer wants (setting `distinct_modifier`: 'X' keeps the X
modifier, '59' keeps 59) and remove the other; the distinct service itself is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import CMS_X_MODIFIERS

X_MODIFIERS = frozenset({"XE", "XS", "XP", "XU"})


class Modifier59AndXModifierOnOneLine(Rule):
    name = "modifier-59-and-x-modifier-on-one-line"
    summary = "59 and an X modifier (XE/XS/XP/XU) on the same line"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CMS_X_MODIFIERS,)
    effective_from = CMS_X_MODIFIERS.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for b in ctx.billed:
            xs = [m for m in b.modifiers if m in X_MODIFIERS]
            if "59" not in b.modifiers or not xs:
                continue
            drop = ["59"] if ctx.options.distinct_modifier == "X" else xs
            keep = xs[0] if ctx.options.distinct_modifier == "X" else "59"
            yield Hit(
                message=f"{b.code} on line {b.index + 1} carries both 59 and {', '.join(xs)}: "
                "59 and an X modifier are never reported together",
                fix=f"Remove modifier {', '.join(drop)} from line {b.index + 1}; keep {keep}",
                lines=(b.index,),
            )
