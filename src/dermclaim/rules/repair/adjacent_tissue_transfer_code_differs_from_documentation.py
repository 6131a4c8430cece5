"""An adjacent tissue transfer code that the documented defect area and site do not support.

## What it checks
Billed adjacent tissue transfer codes (14000–14061, 14301, +14302) against the documented
flaps: the anatomic group of the site (trunk; scalp, arms, legs; forehead, cheeks, chin, mouth,
neck, axillae, genitalia, hands, feet; eyelids, nose, ears, lips) and the defect area, primary
plus secondary defect (10 sq cm or less, 10.1–30.0 sq cm; over 30 sq cm any area 14301 and
+14302 per additional 30.0 sq cm or part). It also reports a flap code with no documented flap
and (warning) a documented flap that is not billed.

## Why it matters
The area band decides the code and most of the payment; measuring only the primary defect
under-codes and adding areas of separate flaps over-codes. Flaps over 30 sq cm are 14301 at any
site, not the site-group codes.

## Fix safety
Safe: the site and the defect area are documented for each flap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from dermclaim.coding.adjacent_tissue_transfer import Flap
from dermclaim.coding.skin_surgery import ATT_CODES, cm, flap_group_of, group_label
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.repair._common import describe
from dermclaim.rules.sources import CPT_FLAP_AREA


class AdjacentTissueTransferCodeDiffersFromDocumentation(Rule):
    name = "adjacent-tissue-transfer-code-differs-from-documentation"
    triggers = frozenset({"repair", "excision", "adjacent_tissue_transfer", "mohs"})
    summary = "Billed adjacent tissue transfer code differs from the documented defect area or site"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_FLAP_AREA,)
    effective_from = CPT_FLAP_AREA.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        flaps = ctx.coding.facts.get("att.flaps", ())
        assert isinstance(flaps, tuple)
        expected = [ln for ln in ctx.coding.lines if ln.code in ATT_CODES]
        billed = [b for b in ctx.billed if b.code in ATT_CODES]
        if not billed and not expected:
            return
        should = describe(expected)
        left: Counter[str] = Counter()
        for ln in expected:
            left[ln.code] += ln.units
        index = ctx.position
        all_flaps = [f for f in flaps if isinstance(f, Flap)]
        unmatched = []
        for b in billed:
            if left[b.code] >= b.units:
                left[b.code] -= b.units
            else:
                unmatched.append(b)
        pending = Counter(left)
        open_flaps = []
        for f in all_flaps:
            if pending[f.code.primary] > 0:
                pending[f.code.primary] -= 1
                open_flaps.append(f)
        for b in unmatched:
            facts: tuple[tuple[str, object], ...] = ()
            if b.code == "14302":
                extra = sum(f.code.add_on_units for f in all_flaps)
                message = (
                    f"14302 × {b.units} billed, but the documented flaps take 14302 × {extra} (one unit "
                    "per additional 30.0 sq cm or part beyond 60.0 sq cm, with 14301)"
                )
                procs: tuple[str, ...] = tuple(f.pid for f in all_flaps if f.code.add_on_units)
            elif open_flaps:
                flap = open_flaps.pop(0)
                left[flap.code.primary] -= 1
                facts = ((f"/procedures/{index[flap.pid]}/area_sq_cm", flap.area_sq_cm),)
                got = flap_group_of(b.code)
                group = flap.site.groups.get("adjacent_tissue_transfer")
                why = []
                if b.code != "14301" and got != group and flap.code.primary != "14301":
                    why.append(
                        f"{b.code} is for the {group_label(got)} group; the {flap.site.label} is in "
                        f"the {group_label(group)} group"
                    )
                why.append(
                    f"the defect (primary + secondary) is {cm(flap.area_sq_cm)} sq cm: {flap.code.primary} "
                    f"({flap.code.band})"
                )
                message = f"{b.code} billed for flap {flap.pid} of the {flap.site.label}: {'; '.join(why)}"
                procs = (flap.pid,)
            else:
                message = f"{b.code} billed, but no documented adjacent tissue transfer is left to support it"
                procs = ()
            yield Hit(
                message=message,
                fix=f"Bill {should} instead of {b.code}" if expected else f"Remove {b.code}",
                lines=(b.index,),
                procedures=procs,
                facts=facts,
            )
        primary_right = any(b.code == "14301" for b in billed) and all(b.code != "14301" for b in unmatched)
        add_on_billed = any(b.code == "14302" for b in billed)
        for code_, n in left.items():
            if n > 0 and (code_ != "14302" or (primary_right and not add_on_billed)):
                yield Hit(
                    message=f"a documented adjacent tissue transfer codes as {code_}, but it is not billed",
                    fix=f"Bill {should}",
                    procedures=tuple(f.pid for f in all_flaps if f.code.primary == code_),
                    severity="warning",
                )
