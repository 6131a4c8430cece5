"""An NDC that is not in the 11-digit 5-4-2 form claims need, or not the package documented.

## What it checks
Every NDC of a documented drug and of a billed drug line: it must be 11 digits in 5-4-2 form. The
10-digit package forms 4-4-2, 5-3-2 and 5-4-1 are padded with a leading zero in their short
segment (0002-1234-80 → 00002-1234-80); ten digits without hyphens cannot be padded safely. A
billed NDC that differs from the documented package is reported too.

## Why it matters
Claims carry the NDC as 11 digits without hyphens after the N4 qualifier; a 10-digit NDC is
rejected, and a wrong padding names another product. The NDC must match the package used.

## Fix safety
Safe when the NDC has its hyphens (the padding is determined); display-only otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim import drugs
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import items, match
from dermclaim.rules.sources import NDC_FORMAT


class DrugNdcNot11Digits(Rule):
    name = "drug-ndc-not-11-digits"
    triggers = frozenset({"drug", "light"})
    summary = "NDC not in the 11-digit 5-4-2 form, or not the documented package"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (NDC_FORMAT,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for it in items(ctx):
            if it.ndc is not None and it.ndc.digits is None:
                yield Hit(
                    message=f"the NDC {it.ndc.written!r} documented for {it.label} ({it.pid}) cannot "
                    f"be put in 11-digit form: {it.ndc.problem}",
                    fix=f"Record the NDC of {it.pid} as printed on the package, with its hyphens "
                    "(4-4-2, 5-3-2, 5-4-1 or 5-4-2)",
                    procedures=(it.pid,),
                    facts=((it.pointer("ndc"), it.ndc.written),),
                    fix_safety="display-only",
                )
        if ctx.mode != "scrub":
            return
        documented = {
            code: {it.ndc.digits for it in view.items if it.ndc is not None and it.ndc.digits}
            for code, view in match(ctx).by_code.items()
        }
        for b in ctx.billed:
            written = ctx.enc.claim_lines[b.index].ndc
            if not written or b.code not in drugs.table().codes():
                continue
            ndc = drugs.normalize_ndc(written)
            pointer = f"/claim_lines/{b.index}/ndc"
            if ndc.digits is None:
                yield Hit(
                    message=f"line {b.index + 1} ({b.code}) reports NDC {written!r}: {ndc.problem}",
                    fix=f"Report the NDC of the package used on line {b.index + 1} in 11 digits (5-4-2)",
                    lines=(b.index,),
                    facts=((pointer, written),),
                    fix_safety="display-only",
                )
                continue
            if ndc.normalized_from_short_form or written.strip() != ndc.digits:
                yield Hit(
                    message=f"line {b.index + 1} ({b.code}) reports NDC {written!r} ({ndc.form}); "
                    "claims need the 11-digit 5-4-2 form without hyphens",
                    fix=f"Report NDC {ndc.digits} ({ndc.hyphenated}) on line {b.index + 1}",
                    lines=(b.index,),
                    facts=((pointer, written),),
                )
            known = documented.get(b.code)
            if known and ndc.digits not in known:
                yield Hit(
                    message=f"line {b.index + 1} ({b.code}) reports NDC {ndc.digits}, but the note "
                    f"documents {', '.join(sorted(known))} for the package used",
                    fix=f"Report the NDC of the package used ({', '.join(sorted(known))}) on line "
                    f"{b.index + 1}, or correct the note",
                    lines=(b.index,),
                    facts=((pointer, written),),
                    severity="warning",
                    fix_safety="display-only",
                )
