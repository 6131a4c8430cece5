"""Liability modifiers on one line that contradict each other (GY with GZ, GA with GZ, …).

## What it checks
Billed lines carrying two liability modifiers that cannot go together: GY (statutorily excluded)
with GZ (expected denial as not reasonable and necessary, no ABN); GA (required ABN issued) with
any other liability modifier (GY, GX, GZ); GX (voluntary notice) with GZ. GX with GY is the one
allowed pair.

## Why it matters
The modifiers say different things about why the service is not paid and who is liable: GY and
GZ are never used together, and Medicare returns a claim with GX beside GA or GZ, or with GA beside
another liability modifier, as unprocessable.

## Fix safety
Safe once the reason is known: a cosmetic (excluded) service takes GY (and GX with a voluntary
notice); a service expected to be denied as not reasonable and necessary takes GA with a signed ABN,
GZ without one.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import G_MODIFIERS

_CONFLICTS = (("GY", "GZ"), ("GA", "GZ"), ("GA", "GY"), ("GA", "GX"), ("GX", "GZ"))


class ContradictoryLiabilityModifiersOnOneLine(Rule):
    name = "contradictory-liability-modifiers-on-one-line"
    summary = "GY with GZ, or GA/GX with another liability modifier, on one line"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (G_MODIFIERS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for b in ctx.billed:
            mods = set(b.modifiers)
            pairs = [f"{x} with {y}" for x, y in _CONFLICTS if x in mods and y in mods]
            if not pairs:
                continue
            yield Hit(
                message=f"{b.code} carries {', '.join(pairs)}: GY marks an excluded service, GA/GZ a "
                "service expected to be denied as not reasonable and necessary (with or without an ABN)",
                fix=f"Keep one reason on {b.code}: GY (+GX with a voluntary notice) if it is cosmetic or "
                "otherwise excluded; GA if a signed ABN covers it; GZ if no ABN was signed",
                lines=(b.index,),
                facts=((f"/claim_lines/{b.index}/modifiers", list(b.modifiers)),),
            )
