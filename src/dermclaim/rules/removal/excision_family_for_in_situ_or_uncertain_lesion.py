"""An excision whose code family rests on unsettled guidance: in-situ or uncertain behavior.

## What it checks
Excisions of lesions whose behavior is `in_situ` (melanoma in situ D03, SCC in situ D04) or
`uncertain` (D48.5). In situ: the engine uses the family of the setting `in_situ_excision_family`
(default `malignant`, 11600–11646) — industry practice that no primary source confirms (RULES
3.13, low confidence), so it warns. Uncertain behavior: the engine uses the benign family
(11400–11446), as AAPC advises for atypia and dysplasia (one secondary source), and notes it.

## Why it matters
The family changes the code and the payment. A payer that reads the malignant descriptors
literally may deny a malignant code for a non-invasive lesion, or pay it; practices should know
the code rests on a convention, and set the family to their payers' policy.

## Fix safety
Display-only: confirm the payer's policy; change `in_situ_excision_family` if it says benign.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import behavior_pointer, excision_units
from dermclaim.rules.sources import EXCISION_FAMILY_FROM_PATHOLOGY, IN_SITU_MALIGNANT_FAMILY


class ExcisionFamilyForInSituOrUncertainLesion(Rule):
    name = "excision-family-for-in-situ-or-uncertain-lesion"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Excision family of an in-situ or uncertain-behavior lesion rests on a convention"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "low"
    modes = frozenset({"code", "scrub"})
    sources = (IN_SITU_MALIGNANT_FAMILY, EXCISION_FAMILY_FROM_PATHOLOGY)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for unit in excision_units(ctx):
            if unit.code is None:
                continue
            for les in unit.lesions:
                if les.behavior not in ("in_situ", "uncertain"):
                    continue
                lines = tuple(b.index for b in ctx.billed if b.code == unit.code)
                facts = ((behavior_pointer(ctx, les.ids), les.behavior),)
                if les.behavior == "in_situ":
                    setting = ctx.options.in_situ_excision_family
                    yield Hit(
                        message=f"excision {les.lead} removed an in-situ lesion: coded {unit.code} "
                        f"with the {setting} family by the setting in_situ_excision_family "
                        "(industry practice, no primary source)",
                        fix=f"Confirm the payer's policy for in-situ excisions; if it differs, set "
                        f"in_situ_excision_family to '{'benign' if setting == 'malignant' else 'malignant'}'",
                        lines=lines,
                        procedures=les.ids,
                        facts=facts,
                    )
                else:
                    yield Hit(
                        message=f"excision {les.lead} removed a lesion of uncertain behavior: coded "
                        f"{unit.code} with the benign family (AAPC: atypia and dysplasia take the "
                        "benign codes)",
                        fix="Nothing to do unless the payer's policy treats this lesion as malignant",
                        lines=lines,
                        procedures=les.ids,
                        facts=facts,
                        severity="info",
                        confidence="medium",
                    )
