"""An excimer laser code that does not match the documented area treated.

## What it checks
Billed 96920, 96921 and 96922 (laser treatment for inflammatory skin disease such as psoriasis)
against the documented total area treated in the session: less than 250 sq cm is 96920, 250 to
500 sq cm 96921, more than 500 sq cm 96922.

## Why it matters
The three codes are priced by area; a higher band than documented is an overpayment, a lower one
lost revenue. (One secondary site calls 96920 "PUVA": it is not.)

## Fix safety
Safe: the band follows from the documented `area_sq_cm`.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.light import EXCIMER_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.light._common import code_differences
from dermclaim.rules.sources import PHOTOTHERAPY_CODES


class ExcimerCodeDiffersFromArea(Rule):
    name = "excimer-code-differs-from-area"
    triggers = frozenset({"light"})
    summary = "Excimer laser code (96920-96922) does not match the documented area treated"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (PHOTOTHERAPY_CODES,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        yield from code_differences(ctx, EXCIMER_CODES, "excimer", "excimer laser session")
