"""Mohs surgery on a claim whose billing provider has no valid CLIA number.

## What it checks
When Mohs codes (17311–17315) are coded or billed, that `billing_provider.clia` is present and
has the CLIA number's form: 10 characters, two digits, the letter D, seven digits (`05D1234567`).

## Why it matters
The Mohs surgeon performs high-complexity pathology on the Mohs specimens, so the Mohs codes are
CLIA-edited: a claim without the billing entity's CLIA certificate number (a certificate that is
not a waiver or provider-performed-microscopy certificate) is rejected before it is paid.

## Fix safety
Display-only: add the practice's CLIA number to the billing provider (837P REF X4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from dermclaim.coding.mohs import MOHS_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import MOHS_CLIA

CLIA_FORMAT = re.compile(r"^[0-9]{2}D[0-9]{7}$")


class MohsWithoutValidCliaNumber(Rule):
    name = "mohs-without-valid-clia-number"
    triggers = frozenset({"mohs", "frozen_section"})
    summary = "Mohs codes without a valid CLIA number (NNDNNNNNNN) for the billing provider"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (MOHS_CLIA,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        coded = [i for i, ln in enumerate(ctx.coding.lines) if ln.code in MOHS_CODES]
        billed = [b.index for b in ctx.billed if b.code in MOHS_CODES]
        if not coded and not billed:
            return
        provider = ctx.enc.billing_provider
        clia = provider.clia if provider is not None else None
        if clia is not None and CLIA_FORMAT.match(clia.strip()):
            return
        lines = tuple(coded) if ctx.mode == "code" else tuple(billed)
        if clia is None:
            problem = "the billing provider has no CLIA number"
        else:
            problem = (
                f"the billing provider's CLIA number {clia!r} is not in the CLIA form (10 characters: "
                "two digits, 'D', seven digits)"
            )
        yield Hit(
            message=f"Mohs surgery is on the claim and {problem}: Mohs codes are CLIA-edited and the "
            "claim is rejected without it",
            fix="Add the practice's CLIA certificate number (e.g. 05D1234567) as billing_provider.clia",
            lines=lines,
            facts=(("/billing_provider/clia", clia),),
        )
