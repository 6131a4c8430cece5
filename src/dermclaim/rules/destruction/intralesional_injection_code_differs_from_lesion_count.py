"""Intralesional injection code that does not match the number of lesions injected.

## What it checks
The billed 11900 and 11901 lines against the lesions injected at the session, counted together:
11900 × 1 for up to and including 7 lesions, 11901 × 1 for more than 7 — one code, one unit.

## Why it matters
11900 and 11901 count lesions in their descriptors: billing 11900 per lesion, or both codes
(NCCI pairs 11901 over 11900 with modifier indicator 0), is denied; 11900 for more than 7 lesions
under-bills.

## Fix safety
Safe: the documented count determines the code.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.destruction import INJECTION_MORE_THAN_7, INJECTION_UP_TO_7
from dermclaim.rules.base import Context, Hit, Rule, plural
from dermclaim.rules.destruction._common import (
    billed_without_documentation,
    count,
    describe,
    expected,
    ptp_citation,
    units,
)
from dermclaim.rules.sources import CPT_INTRALESIONAL

_CODES = frozenset({INJECTION_UP_TO_7, INJECTION_MORE_THAN_7})


class IntralesionalInjectionCodeDiffersFromLesionCount(Rule):
    name = "intralesional-injection-code-differs-from-lesion-count"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "11900/11901 do not match the lesions injected (one unit: up to 7, or more than 7)"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_INTRALESIONAL,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        billed = ctx.billed_codes(_CODES)
        want_lines = expected(ctx, _CODES)
        got, want = units(billed), units(want_lines)
        if got == want:
            return
        n = count(ctx, "intralesional.count")
        cite = ptp_citation(ctx, INJECTION_MORE_THAN_7, INJECTION_UP_TO_7) if len(got) > 1 else ()
        if not want_lines:
            yield billed_without_documentation(billed, "intralesional injection", "lesions injected", cite)
            return
        yield Hit(
            message=f"{describe(billed) if billed else 'no injection code'} billed for "
            f"{plural(n, 'lesion')} injected: 11900 is one unit for up to 7 lesions, 11901 one unit "
            "for more than 7, never both",
            fix=f"Bill {describe(want_lines)}",
            lines=tuple(b.index for b in billed),
            severity=None if billed else "warning",
            procedures=tuple(p for ln in want_lines for p in ln.procedures),
            extra_sources=cite,
        )
