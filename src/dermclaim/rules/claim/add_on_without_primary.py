"""An add-on code billed without any of its allowed primary codes.

## What it checks
Every billed add-on code (per the CMS NCCI add-on code table in force for the date of service)
has one of its listed primary codes on the same claim. Edit type 2 and 3 add-ons, whose
primaries the contractor decides, are reported as warnings.

## Why it matters
An add-on code is never paid alone: the add-on edit denies it (CO-B15 / N122 family).

## Fix safety
Display-only: either the primary was left off, or the add-on is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import NCCI_AOC


class AddOnWithoutPrimary(Rule):
    name = "add-on-without-primary"
    generic = True
    summary = "Add-on code billed without an allowed primary code"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (NCCI_AOC,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        codes = {b.code for b in ctx.billed}
        release = ctx.tables.releases().get("aoc")
        cite = (release.citation(),) if release else ()
        for b in ctx.billed:
            allowed = ctx.tables.add_on_primaries(b.code)
            if allowed is None or codes & allowed:
                continue
            listed = ", ".join(sorted(allowed)) if allowed else "a primary the contractor accepts"
            yield Hit(
                message=f"add-on {b.code} billed without a primary code; it is payable only with {listed}",
                fix=f"Add the primary procedure the add-on {b.code} belongs to, or remove line {b.index + 1}",
                lines=(b.index,),
                severity="error" if allowed else "warning",
                extra_sources=cite,
            )
