"""Payer- and practice-configurable settings, declared once in one table.

Rules that the rules reference marks payer-specific or unconfirmed read their behaviour from
here instead of hard-coding it. ``dermclaim settings`` lists the table; a test checks that every
setting is documented in docs/settings.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from dermclaim.errors import ConfigError

DistinctModifier = Literal["59", "X"]


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "distinct_modifier",
        "X",
        "How a distinct lesion, site or session is shown when an NCCI edit pairs two codes: 'X' "
        "uses the subset modifiers XS/XE/XU (CMS CR 8863, since 2015-01-01), '59' uses 59.",
    ),
    Setting(
        "same_lesion_biopsy_modifier",
        "58",
        "Modifier on a biopsy of a lesion removed at the same session when a frozen-section "
        "reading of that biopsy drove the decision to remove it (NCCI/AAPC advise 58).",
    ),
    Setting(
        "table_grace_days",
        0,
        "Days past the end of its quarter that a code-table release is still used without a "
        "TAB001 note (for practices that knowingly run on the previous quarter's files).",
    ),
    Setting(
        "max_document_bytes",
        1_000_000,
        "Largest encounter document accepted, in bytes.",
    ),
)


@dataclass(frozen=True, slots=True)
class Options:
    distinct_modifier: DistinctModifier = "X"
    same_lesion_biopsy_modifier: str = "58"
    table_grace_days: int = 0
    max_document_bytes: int = 1_000_000

    def distinct(self, kind: Literal["lesion", "session"]) -> str:
        """The modifier that marks a distinct lesion or session for this payer."""
        if self.distinct_modifier == "59":
            return "59"
        return "XS" if kind == "lesion" else "XE"


DEFAULT = Options()


def load_options(path: str | Path | None) -> Options:
    """Read a JSON settings file ({"distinct_modifier": "59", ...}); unknown keys are errors."""
    if path is None:
        return DEFAULT
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: settings must be a JSON object")
    known = {f.name for f in fields(Options)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    if data.get("distinct_modifier", "X") not in ("59", "X"):
        raise ConfigError(f"{path}: distinct_modifier must be '59' or 'X'")
    return replace(DEFAULT, **data)
