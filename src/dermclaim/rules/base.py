"""What a rule is: a documented, sourced, pure check from an encounter's context to findings.

A rule module holds one :class:`Rule` subclass. Its docstring is its documentation and must have
the sections in :data:`DOC_SECTIONS` (a test enforces it); its examples live in
``rules/examples/<CODE>/{bad,good}.json`` and are tests too. The rule's code is given to it by
``rules/registry.py`` and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Literal

from dermclaim.model import Confidence, FixSafety, Mode, Severity, Source

if TYPE_CHECKING:
    from dermclaim.coding import Coding
    from dermclaim.document import Encounter
    from dermclaim.options import Options
    from dermclaim.sites import Site
    from dermclaim.tables import TableSet

DOC_SECTIONS = ("What it checks", "Why it matters", "Fix safety")

Status = Literal["stable", "preview"]


@dataclass(frozen=True, slots=True)
class BilledLine:
    """A claim line as billed (scrub), with diagnosis pointers resolved to codes."""

    index: int
    code: str
    units: int
    modifiers: tuple[str, ...]
    diagnoses: tuple[str, ...]
    bad_pointers: tuple[int, ...] = ()
    charge: float | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """Everything a rule may read. Rules never mutate it and never do I/O."""

    enc: Encounter
    mode: Mode
    tables: TableSet
    sites: Mapping[str, Site]
    coding: Coding
    billed: tuple[BilledLine, ...]
    options: Options
    position: Mapping[str, int]
    """Procedure id -> its index in ``enc.procedures``, for JSON Pointers in findings' facts."""

    def billed_codes(self, codes: Iterable[str]) -> list[BilledLine]:
        wanted = set(codes)
        return [b for b in self.billed if b.code in wanted]


@dataclass(frozen=True, slots=True)
class Hit:
    """One finding as a rule reports it; the engine adds the code, name and sources."""

    message: str
    fix: str
    lines: tuple[int, ...] = ()
    procedures: tuple[str, ...] = ()
    facts: tuple[tuple[str, object], ...] = ()
    severity: Severity | None = None
    fix_safety: FixSafety | None = None
    confidence: Confidence | None = None
    extra_sources: tuple[str, ...] = field(default=())
    amount: float | None = None
    """Allowed dollars the fix changes (+ recovered, − overpayment avoided); see money.py."""


class Rule:
    """Base class. Subclasses set the class attributes and implement :meth:`check`."""

    name: ClassVar[str]
    """kebab-case, names the problem found (not the fix)."""
    summary: ClassVar[str]
    severity: ClassVar[Severity]
    fix_safety: ClassVar[FixSafety]
    confidence: ClassVar[Confidence]
    modes: ClassVar[frozenset[Mode]]
    sources: ClassVar[tuple[Source, ...]]
    effective_from: ClassVar[dt.date | None] = None
    effective_to: ClassVar[dt.date | None] = None
    status: ClassVar[Status] = "stable"
    triggers: ClassVar[frozenset[str] | None] = None
    """The procedure families (coding/families.py) the rule is about; the engine runs it only
    when the encounter documents or bills one of them. None: it always runs."""
    generic: ClassVar[bool] = False
    """A generic table edit (NCCI, MUE, add-on) that steps back when a specific rule has already
    explained, as an error, every billed line it names: one problem, one finding."""

    @classmethod
    def in_force(cls, dos: dt.date) -> bool:
        if cls.effective_from and dos < cls.effective_from:
            return False
        return not (cls.effective_to and dos > cls.effective_to)

    @classmethod
    def check(cls, ctx: Context) -> Iterable[Hit]:
        raise NotImplementedError


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 lesion', '3 lesions'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
