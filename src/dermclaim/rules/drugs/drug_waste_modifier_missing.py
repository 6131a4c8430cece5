"""A single-dose drug billed without the JW or JZ modifier its documentation calls for.

## What it checks
For payers of the setting `waste_modifier_payers` (Medicare Part B policy; default Medicare and
Medicare Advantage) and drugs documented from a single-dose container: a documented discarded
amount is billed on its own line with JW (from 2017-01-01); a line with nothing discarded carries
JZ (required from 2023-07-01).

## Why it matters
Since 2023-07-01 a single-dose-container drug line without JW or JZ may be denied and audited, and
from 2023-10-01 the claim is returned as unprocessable. A documented waste not billed with JW is
payment lost for drug the practice bought.

## Fix safety
Safe: the modifier follows from the documented container and discarded amount.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.drugs import JW_FROM, JZ_REQUIRED
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import describe, is_jw, match, num
from dermclaim.rules.sources import JW_MODIFIER, JZ_MODIFIER


class DrugWasteModifierMissing(Rule):
    name = "drug-waste-modifier-missing"
    triggers = frozenset({"drug", "light"})
    summary = "Single-dose drug line without the JW or JZ modifier its documentation calls for"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (JW_MODIFIER, JZ_MODIFIER)
    effective_from = JW_FROM

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        dos = ctx.enc.date_of_service
        for view in match(ctx).by_code.values():
            if not view.billed:
                continue
            single = [it for it in view.items if it.container == "single_dose" and it.waste_policy]
            if not single:
                continue
            waste_items = [it for it in single if it.waste_units]
            if waste_items and not any(is_jw(b) for b in view.billed):
                what = " + ".join(f"{num(it.wasted)} {it.measure_text} ({it.pid})" for it in waste_items)
                yield Hit(
                    message=f"{what} of {waste_items[0].label} discarded from a single-dose container "
                    f"is documented, but no {view.code} line carries JW: the discarded amount is "
                    "unbilled and unreported",
                    fix=f"Bill {describe(view.expected_lines)}",
                    lines=tuple(b.index for b in view.billed),
                    procedures=tuple(it.pid for it in waste_items),
                    facts=tuple((it.pointer("wasted_mg"), it.wasted) for it in waste_items),
                )
            if dos < JZ_REQUIRED:
                continue
            if any(it.waste_units for it in view.items):
                continue
            bare = [b for b in view.billed if not {"JW", "JZ"} & set(b.modifiers)]
            if bare:
                yield Hit(
                    message=f"{view.code} on line(s) {', '.join(str(b.index + 1) for b in bare)} has "
                    f"neither JW nor JZ; the note documents nothing billable discarded from a "
                    f"single-dose container, and from 2023-07-01 such lines need JZ (claims without "
                    "it are returned from 2023-10-01)",
                    fix=f"Add JZ to {view.code} on line(s) {', '.join(str(b.index + 1) for b in bare)}",
                    lines=tuple(b.index for b in bare),
                    procedures=tuple(it.pid for it in single),
                    facts=tuple((it.pointer("container"), it.container) for it in single),
                )
