"""A biopsy add-on code of the wrong technique, or without an allowed primary.

## What it checks
That each additional biopsy is billed with the add-on of its own technique (11103 tangential,
11105 punch, 11107 incisional) and that each add-on has an allowed primary on the claim
(11103 with 11102/11104/11106; 11105 with 11104/11106; 11107 with 11106 only, per the CMS
add-on code table in force).

## Why it matters
An add-on without an allowed primary is denied outright (the NCCI add-on edit); an add-on of
the wrong technique is paid at the wrong value and does not match the note on audit.

## Fix safety
Safe: the documented technique of each additional lesion determines its add-on.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.biopsy._common import (
    billed_add_ons,
    billed_primaries,
    billed_skin,
    describe,
    documented,
    expected_skin,
    technique_facts,
    units,
)
from dermclaim.rules.sources import BIOPSY_HIERARCHY, CPT_2019_BIOPSY, NCCI_AOC


class BiopsyAddOnTechniqueMismatch(Rule):
    name = "biopsy-add-on-technique-mismatch"
    triggers = frozenset({"biopsy"})
    summary = "Biopsy add-on code does not match the technique or has no allowed primary"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (BIOPSY_HIERARCHY, CPT_2019_BIOPSY, NCCI_AOC)
    effective_from = CPT_2019_BIOPSY.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        add_ons = billed_add_ons(ctx)
        if not add_ons:
            return
        primaries = {b.code for b in billed_primaries(ctx)}
        expected = expected_skin(ctx)
        orphans = []
        for b in add_ons:
            allowed = ctx.tables.add_on_primaries(b.code) or frozenset()
            if primaries and not primaries & allowed:
                orphans.append(b)
        if orphans:
            release = ctx.tables.releases().get("aoc")
            for b in orphans:
                listed = sorted(ctx.tables.add_on_primaries(b.code) or ())
                yield Hit(
                    message=f"{b.code} billed with primary {', '.join(sorted(primaries))}; "
                    f"{b.code} is payable only with {' or '.join(listed)}",
                    fix=f"Bill {describe(expected)} for the documented {documented(ctx)}",
                    lines=(b.index,),
                    facts=technique_facts(ctx),
                    extra_sources=(release.citation(),) if release else (),
                )
            return
        billed_total = sum(units(billed_skin(ctx)).values())
        expected_total = sum(units(expected).values())
        want = units(ln for ln in expected if ln.code not in {"11102", "11104", "11106"})
        got = units(add_ons)
        one_primary = sum(b.units for b in billed_primaries(ctx)) == 1  # else BX001 explains it
        if one_primary and billed_total == expected_total and want != got:
            yield Hit(
                message=f"add-on codes {describe(add_ons)} do not match the techniques documented "
                f"({documented(ctx)}): each additional biopsy takes the add-on of its own technique",
                fix=f"Bill {describe(expected)}",
                lines=tuple(b.index for b in add_ons),
                facts=technique_facts(ctx),
            )
