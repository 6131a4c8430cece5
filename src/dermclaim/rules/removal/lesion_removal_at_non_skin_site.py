"""A shave removal or excision at a site where the skin codes do not apply.

## What it checks
Shave removals and excisions at the lip vermilion or mucosa, the eyelid margin, the nail unit,
the external auditory canal or the oral mucosa (the site vocabulary's `skin_codes_apply: false`).
The engine does not code them (fate `not_coded`, cause `non_skin_site`) and says why; in `scrub`
it also names the skin removal codes billed for them (11300–11313, 11400–11646).

## Why it matters
These sites have their own procedure codes (lip, eyelid, nail, ear), which the skin lesion codes
do not replace; a skin code there is denied or recouped, and the site's own code is lost.

## Fix safety
Display-only: a person codes the procedure with the site's own code (the vocabulary's rule for
these sites is the project's reading of CPT and is marked for verification for some sites).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import (
    classify_extras,
    describe_codes,
    excision_audit,
    pointer,
    shave_audit,
)
from dermclaim.rules.sources import NON_SKIN_SITES, SITE_SPECIFIC_BIOPSY


class LesionRemovalAtNonSkinSite(Rule):
    name = "lesion-removal-at-non-skin-site"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Shave removal or excision at a site where skin removal codes do not apply"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (NON_SKIN_SITES, SITE_SPECIFIC_BIOPSY)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        ids = [pid for pid, f in ctx.coding.fates.items() if f.cause == "non_skin_site"]
        if not ids:
            return
        extra: list[str] = []
        lines: set[int] = set()
        if ctx.mode == "scrub":
            for kind, audit in (("excision", excision_audit(ctx)), ("shave_removal", shave_audit(ctx))):
                for billed, code_, label in classify_extras(ctx, audit.extra, kind):
                    if label == "non_skin":
                        extra.append(code_)
                        lines.add(billed.index)
        for pid in ids:
            site = ctx.sites[pid]
            yield Hit(
                message=f"{pid} at the {site.label} is not coded: {ctx.coding.fates[pid].reason}",
                fix="Code it by hand with the site's own procedure code"
                + (f"; remove {describe_codes(extra)}" if extra else ""),
                lines=tuple(sorted(lines)),
                procedures=(pid,),
                facts=((pointer(ctx, pid, "site"), site.phrase),),
                severity="error" if extra else None,
            )
