"""A photodynamic therapy code that does not match who applied the photosensitizer.

## What it checks
Billed 96567, 96573 and 96574 against the documentation: 96567 when staff apply the
photosensitizer (aminolevulinic acid) and the light activates it; 96573 when a physician or other
qualified health care professional applies it; 96574 when the lesions are debrided (curettage,
abrasion) first and a physician or QHP applies it; before 2018-01-01 only 96567 existed.

## Why it matters
96573 and 96574 pay roughly twice 96567; they describe physician work the note must show. The
drug itself (J7308 Levulan Kerastick per 354 mg, J7345 Ameluz per 10 mg of gel) is a separate line,
checked by the drug rules.

## Fix safety
Safe: the code follows from the documented `applied_by`, `debridement` and date of service.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.light import PDT_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.light._common import code_differences
from dermclaim.rules.sources import PDT_CODES as PDT_SOURCE


class PhotodynamicTherapyCodeDiffersFromDocumented(Rule):
    name = "photodynamic-therapy-code-differs-from-documented"
    triggers = frozenset({"light"})
    summary = "Photodynamic therapy code does not match who applied the drug or the debridement"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (PDT_SOURCE,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from code_differences(ctx, PDT_CODES, "pdt", "photodynamic therapy session")
