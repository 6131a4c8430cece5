"""A Mohs case or a frozen section that cannot be coded from what is documented.

## What it checks
Frozen sections whose specimen names no documented procedure on a day with Mohs surgery (a Mohs
specimen's frozen sections are included in the Mohs codes, another specimen's are billed), and
Mohs cases at a site without a Mohs site group or, when the surgeon is not the pathologist, at a
site where the skin excision codes do not apply (lip vermilion and mucosa, eyelid margin, nail
unit, ear canal).

## Why it matters
Billing 88331 for a Mohs layer is unbundling; leaving off the frozen section of a separate
diagnostic biopsy loses a payable service. The engine does not guess which it is: it names the
procedure so a person decides.

## Fix safety
Display-only: name the procedure the specimen came from (its `specimen` label), or code the
case by hand with the site's own code.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.document import FrozenSection, Mohs
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import MOHS_PATHOLOGY_INCLUDED, MOHS_SURGEON_PATHOLOGIST

_CAUSES = {
    "unknown_specimen": "Give the frozen section's specimen the label of the procedure it came from "
    "(the Mohs case, a biopsy or an excision), then code",
    "special_site": "Code the procedure by hand with the site-specific code",
}


class MohsOrFrozenSectionNotCoded(Rule):
    name = "mohs-or-frozen-section-not-coded"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Mohs case or frozen section held: specimen not identified, or no code for the site"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MOHS_PATHOLOGY_INCLUDED, MOHS_SURGEON_PATHOLOGIST)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for i, proc in enumerate(ctx.enc.procedures):
            if not isinstance(proc, (Mohs, FrozenSection)):
                continue
            fate = ctx.coding.fates.get(proc.id)
            if fate is None or fate.cause not in _CAUSES:
                continue
            field = "specimen" if isinstance(proc, FrozenSection) else "site"
            yield Hit(
                message=f"{str(type(proc).__struct_config__.tag).replace('_', ' ')} {proc.id} not coded: "
                f"{fate.reason}",
                fix=_CAUSES[fate.cause],
                procedures=(proc.id,),
                facts=((f"/procedures/{i}/{field}", getattr(proc, field)),),
            )
