"""What the criteria rules share: the Mohs lines of a procedure and how to describe it."""

from __future__ import annotations

from dermclaim.rules.base import Context
from dermclaim.rules.necessity._common import describe, payer_positions

MOHS_CODES = frozenset({"17311", "17312", "17313", "17314", "17315"})


def mohs_lines(ctx: Context, pid: str) -> tuple[int, ...]:
    """The coded Mohs lines of ``pid`` (code) or the billed Mohs lines (scrub)."""
    if ctx.mode == "code":
        return payer_positions(ctx, pid)
    mohs = [p for p in ctx.enc.procedures if str(type(p).__struct_config__.tag) == "mohs"]
    if len(mohs) == 1:
        return tuple(b.index for b in ctx.billed if b.code in MOHS_CODES)
    return ()


def what(ctx: Context, pid: str) -> str:
    return describe(ctx, pid).replace("mohs ", "Mohs ", 1)
