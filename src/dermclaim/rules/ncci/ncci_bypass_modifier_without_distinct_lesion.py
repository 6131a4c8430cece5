"""A 59 or X modifier bypasses an NCCI edit although the documentation shows no distinct lesion.

## What it checks
For every in-force NCCI procedure-to-procedure edit with modifier indicator 1 between two billed
codes whose column-two line carries 59, XS, XE, XP or XU: whether the documentation shows the two
codes' procedures were distinct. It raises the rule when they treated the same lesion (same
procedure or same `lesion` label) or when nothing documented tells them apart (same site, no
lesion labels) — unless the engine's own coding put an NCCI-associated modifier on that code (a
biopsy read by frozen section before Mohs, for instance).

## Why it matters
A distinct-service modifier unlocks payment of the column-two code, so its use is audited: OIG
and MAC reviews recoup 59/X modifiers that the record does not support, and repeated misuse is a
compliance problem. A different diagnosis alone does not make a distinct service. The classic
dermatology case is a layered repair of a benign excision of 0.5 cm or less forced through with
59 when no other, larger lesion was excised.

## Fix safety
Display-only: only the note can show a distinct lesion, site or session. Either document it
(give each lesion its own `lesion` label and site) or remove the column-two line. The finding's
amount is minus the column-two line's allowed amount (the overpayment an audit would recoup).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.ncci._common import (
    amount_of,
    billed_allowed,
    billed_pairs,
    cite,
    coded_bypass,
    distinct_modifiers,
    judgement,
    line_numbers,
    pointer_facts,
    procedures_for,
)
from dermclaim.rules.sources import (
    CMS_X_MODIFIERS,
    NCCI_DISTINCT_LESION,
    NCCI_PTP,
    NCCI_SMALL_BENIGN_EXCISION,
)

_SHOWS = {True: "shows the same lesion", False: "does not show a distinct lesion or site"}


class NcciBypassModifierWithoutDistinctLesion(Rule):
    name = "ncci-bypass-modifier-without-distinct-lesion"
    summary = "59/X modifier bypasses an NCCI edit but the documentation shows no distinct lesion"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (NCCI_PTP, NCCI_DISTINCT_LESION, CMS_X_MODIFIERS, NCCI_SMALL_BENIGN_EXCISION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        allowed: list[float] | None = None
        for pair in billed_pairs(ctx, ("1",)):
            flagged = tuple(b for b in pair.column2 if distinct_modifiers(b))
            if not flagged or not pair.column1 or coded_bypass(ctx, pair.edit.column2):
                continue
            found = judgement(ctx, pair)
            if found is None or found.verdict == "distinct":
                continue
            if allowed is None:
                allowed = billed_allowed(ctx)
            mods = ", ".join(sorted({m for b in flagged for m in distinct_modifiers(b)}))
            procs = procedures_for(ctx, pair.edit.column1) + procedures_for(ctx, pair.edit.column2)
            same = found.verdict == "same_lesion"
            yield Hit(
                message=f"{pair.edit.column2}-{mods} (line {line_numbers(flagged)}) bypasses NCCI "
                f"edit {pair.edit.column1}/{pair.edit.column2} ({pair.edit.rationale}), but the "
                f"documentation {_SHOWS[same]}"
                f": {found.reason}",
                fix=f"Remove {pair.edit.column2} (line {line_numbers(flagged)})"
                + (
                    ""
                    if same
                    else ", or, if the note shows a different lesion or site, give each lesion its "
                    "own lesion label and site in the documentation"
                ),
                lines=tuple(b.index for b in flagged),
                procedures=tuple(dict.fromkeys(procs)),
                facts=pointer_facts(ctx, procs),
                confidence="high" if same else "medium",
                extra_sources=cite(pair),
                amount=amount_of(allowed, flagged, -1),
            )
