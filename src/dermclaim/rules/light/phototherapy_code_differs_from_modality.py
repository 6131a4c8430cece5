"""A phototherapy code that does not match the documented light and photosensitizer.

## What it checks
Billed 96900, 96910, 96912 and 96913 against the documented modality: 96900 is actinotherapy, UV
light alone (broadband or narrowband UVB, or UVA without a psoralen); 96910 is tar or petrolatum
with UVB, and only when staff apply the topical before the light (applied by the patient at home it
is 96900); 96912 is psoralen with UVA (PUVA); 96913 is Goeckerman or PUVA for severe
photoresponsive dermatoses with at least 4 hours of care under direct supervision.

## Why it matters
The codes are often mislabelled (96910 called "PUVA", 96920 called "PUVA", 96912 called "PUVA with
actinotherapy"); the wrong code misstates the service and its payment (96910 pays about five times
96900).

## Fix safety
Safe: the code follows from the documented modality, who applied the topical and the supervised
hours.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.light import PHOTOTHERAPY_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.light._common import code_differences
from dermclaim.rules.sources import PHOTOTHERAPY_CODES as PHOTOTHERAPY_SOURCE


class PhototherapyCodeDiffersFromModality(Rule):
    name = "phototherapy-code-differs-from-modality"
    triggers = frozenset({"light"})
    summary = "Phototherapy code (96900-96913) does not match the documented modality"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (PHOTOTHERAPY_SOURCE,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from code_differences(ctx, PHOTOTHERAPY_CODES, "phototherapy", "phototherapy session")
