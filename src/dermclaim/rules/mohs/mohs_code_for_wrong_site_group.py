"""Mohs codes of the wrong site group: 17313/17314 for the head, neck, hands, feet, genitalia
or a deep-structures case, or 17311/17312 for the trunk, arms or legs.

## What it checks
The billed Mohs first-stage and additional-stage codes against each documented tumor's group:
17311/17312 for the head, neck (scalp included), hands, feet and genitalia, **and for any site
where the surgery directly involved muscle, cartilage, bone, tendon, major nerves or vessels**
(`deep_structures`); 17313/17314 only for the trunk, arms and legs otherwise.

## Why it matters
The groups pay differently. 17313 for a scalp or hand tumor under-bills; 17311 for a shallow
back tumor over-bills and is recouped. Many billing guides omit the deep-structures clause and
wrongly put hands and feet with the extremities.

## Fix safety
Safe: the documented site and `deep_structures` determine the group.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.mohs import FIRST_STAGE, GROUP_OF_CODE, HEAD_GROUP, MohsTumor
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.mohs._common import as_mohs, billed_mohs, describe, expected_mohs, index_of
from dermclaim.rules.sources import CPT_MOHS


def _why(t: MohsTumor) -> str:
    if t.group == HEAD_GROUP and t.deep_structures and t.site.groups.get("mohs") != HEAD_GROUP:
        return f"{t.proc} ({t.site.label}) involved deep structures: 17311/17312 at any site"
    codes = "17311/17312" if t.group == HEAD_GROUP else "17313/17314"
    return f"{t.proc} ({t.site.label}) is in the {codes} group"


class MohsCodeForWrongSiteGroup(Rule):
    name = "mohs-code-for-wrong-site-group"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Mohs 17311/17312 vs 17313/17314 does not match the site or deep-structures facts"
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
            return
        billed = [b for b in billed_mohs(ctx) if b.code in GROUP_OF_CODE]
        if not billed:
            return
        want: dict[str, int] = {}
        for t in documented:
            assert t.group is not None
            want[t.group] = want.get(t.group, 0) + 1
        got: dict[str, int] = {}
        for b in billed:
            if b.code in FIRST_STAGE.values():
                got[GROUP_OF_CODE[b.code]] = got.get(GROUP_OF_CODE[b.code], 0) + b.units
        wrong_group = [b for b in billed if GROUP_OF_CODE[b.code] not in want]
        first_total_equal = sum(got.values()) == sum(want.values())
        if not wrong_group and not (first_total_equal and got != want):
            return
        bad = wrong_group or [b for b in billed if b.code in FIRST_STAGE.values()]
        head_billed = any(GROUP_OF_CODE[b.code] == HEAD_GROUP for b in bad)
        direction = (
            "over-billing"
            if head_billed and HEAD_GROUP not in want
            else ("under-billing" if not head_billed and HEAD_GROUP in want else "wrong group")
        )
        yield Hit(
            message=f"{describe(bad)} billed, but "
            + "; ".join(_why(t) for t in documented)
            + f" ({direction})",
            fix=f"Bill {describe(expected_mohs(ctx))}",
            lines=tuple(b.index for b in bad),
            procedures=tuple(t.proc for t in documented),
            facts=tuple(
                (f"/procedures/{index_of(ctx, t.proc)}/{f}", v)
                for t in documented
                for f, v in (("site", t.site.phrase), ("deep_structures", t.deep_structures))
            ),
        )
