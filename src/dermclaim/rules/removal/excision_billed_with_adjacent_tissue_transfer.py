"""An excision billed for a lesion whose defect was closed with adjacent tissue transfer.

## What it checks
Excisions that share a `lesion` label with an `adjacent_tissue_transfer` of the same encounter,
when an excision code is billed for them beside the flap.

## Why it matters
CPT defines adjacent tissue transfer (14000–14302) as including the excision of the lesion; the
excision is not reported separately for that lesion. NCCI pairs the flap codes with every
excision code; a modifier to force the pair is improper when the excision and the flap concern
the same lesion.

## Fix safety
Safe: the shared lesion label documents that the flap closed that excision's defect.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import classify_extras, describe_codes, excision_audit, fate_ids, pointer
from dermclaim.rules.sources import CPT_FLAP_INCLUDES_EXCISION


class ExcisionBilledWithAdjacentTissueTransfer(Rule):
    name = "excision-billed-with-adjacent-tissue-transfer"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Excision billed for a lesion closed with adjacent tissue transfer (the flap includes it)"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (CPT_FLAP_INCLUDES_EXCISION,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        extra = [
            (b, c)
            for b, c, label in classify_extras(ctx, excision_audit(ctx).extra, "excision")
            if label == "in_flap"
        ]
        if not extra:
            return
        ids = fate_ids(ctx, "included_in_adjacent_tissue_transfer")
        reasons = "; ".join(f"{pid}: {ctx.coding.fates[pid].reason}" for pid in ids)
        yield Hit(
            message=f"{describe_codes(c for _, c in extra)} billed for excision(s) included in the "
            f"flap ({reasons})",
            fix=f"Remove {describe_codes(c for _, c in extra)}; the adjacent tissue transfer code "
            "includes the excision",
            lines=tuple(sorted({b.index for b, _ in extra})),
            procedures=tuple(ids),
            facts=tuple((pointer(ctx, pid, "lesion"), _lesion(ctx, pid)) for pid in ids),
        )


def _lesion(ctx: Context, pid: str) -> str | None:
    return next((p.lesion for p in ctx.enc.procedures if p.id == pid), None)
