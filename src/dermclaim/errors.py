"""The one exception tree of dermclaim.

    DermClaimError
    ├── InputError        the input is not a valid encounter document (exit 2)
    └── ConfigError       a configuration file is unreadable or invalid (exit 2)

Claim problems are findings, never exceptions. Table problems raise
``dermclaim.tables.TableError``, a subclass of DermClaimError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class DermClaimError(Exception):
    """Base of every error dermclaim raises on purpose."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason an input was refused: where (JSON Pointer), what, and the value seen."""

    pointer: str
    message: str
    value: object = None
    expected: str | None = None

    def __str__(self) -> str:
        text = f"{self.pointer or '/'}: {self.message}"
        if self.value is not None and repr(self.value) not in self.message:
            text += f"; got {self.value!r}"
        if self.expected and self.expected not in self.message and "expected" not in self.message:
            text += f"; expected {self.expected}"
        return text

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"pointer": self.pointer, "message": self.message}
        if self.value is not None:
            out["value"] = self.value
        if self.expected is not None:
            out["expected"] = self.expected
        return out


_PHI = re.compile(r"^/(patient/(?!id$)|payer/(subscriber|member_id|group_number)|note$)")


def is_phi(pointer: str) -> bool:
    """Patient data beyond ids: error messages name where it is, never what it says."""
    return bool(_PHI.match(pointer))


class InputError(DermClaimError):
    """The input is not a valid encounter document; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem], *, source: str = "input") -> None:
        self.problems = problems
        self.source = source
        first = problems[0] if problems else Problem("", "invalid input")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{source}: {first}{more}")


class ConfigError(DermClaimError):
    """A configuration file (payer options, practice file) is unreadable or invalid."""
