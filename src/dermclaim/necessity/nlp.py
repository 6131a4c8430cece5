"""Clinical-text analysis of the note with medspaCy, fully offline (no model download).

The pipeline is ``spacy.blank("en")`` (rule-based tokenizer) + spaCy's ``sentencizer`` (the
same sentences as PyRuSH on short notes, at a fraction of the cost; PyRuSH is not loaded) +
medspaCy's ``TargetMatcher`` (the concepts of :mod:`dermclaim.necessity.lexicon`) + medspaCy's
``ConText`` (negation, uncertainty, hypothetical, historical, family and procedural
boilerplate, with the lexicon's curated rules instead of the general defaults).

spaCy and medspaCy are imported on the first call only, and the pipeline is built once per
process (:func:`pipeline` is cached): commands that have no dual-purpose procedure never pay
for it. :func:`analyze` is cached per note text as well, since one note serves every
procedure of its encounter.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dermclaim.necessity.lexicon import MODIFIERS, TARGETS, Pattern

if TYPE_CHECKING:
    from spacy.language import Language

MAX_NOTE_CHARS = 100_000
"""Longer notes are analysed up to this length (documents are limited to 1 MB anyway)."""
CHUNK_CHARS = 400
"""Notes longer than this are analysed in chunks of whole sentences (see :func:`analyze`)."""

_FLAGS = ("is_negated", "is_uncertain", "is_hypothetical", "is_historical", "is_family", "is_procedural")
_ATTRS = {
    "NEGATED_EXISTENCE": {"is_negated": True},
    "POSSIBLE_EXISTENCE": {"is_uncertain": True},
    "HYPOTHETICAL": {"is_hypothetical": True},
    "HISTORICAL": {"is_historical": True},
    "FAMILY": {"is_family": True},
    "PROCEDURAL": {"is_procedural": True},
}


@dataclass(frozen=True, slots=True)
class Mention:
    """One concept found in the note, with its character span and ConText attributes."""

    concept: str
    text: str
    start: int
    end: int
    sentence: int  # index of the sentence it lies in
    negated: bool = False
    uncertain: bool = False
    hypothetical: bool = False
    historical: bool = False
    family: bool = False
    procedural: bool = False


@dataclass(frozen=True, slots=True)
class Analysis:
    """The note's sentences (character spans) and every concept mention in it."""

    sentences: tuple[tuple[int, int], ...]
    mentions: tuple[Mention, ...]


class _Compiled:
    """The lexicon's patterns rewritten for speed.

    spaCy's Matcher tests the first token of every pattern at every token of the note; a
    ``{"LOWER": {"IN": [...]}}`` test there is a Python call, and with ~150 patterns that is
    most of the cost. So every word the lexicon names gets a word-class tag in ``Token.norm_``
    (one class per distinct combination of word lists it belongs to), the first token of each
    pattern becomes one exact ``NORM`` test per class (C speed), and later tokens — tested only
    when a match is under way — keep a set test over their classes. Matches are unchanged.
    """

    def __init__(self) -> None:
        lists: dict[frozenset[str], int] = {}
        for pattern in self._patterns():
            for spec in pattern:
                words = _words(spec)
                if words:
                    lists.setdefault(words, len(lists))
        member: dict[str, set[int]] = {}
        for words, i in lists.items():
            for w in words:
                member.setdefault(w, set()).add(i)
        names: dict[frozenset[int], str] = {}
        self.norm: dict[str, str] = {}
        for w, ids in member.items():
            self.norm[w] = names.setdefault(frozenset(ids), f"dermclaim_w{len(names)}")

    @staticmethod
    def _patterns() -> Iterable[Pattern]:
        yield from (p for _, _, p in TARGETS)
        yield from (p for _, _, _, p in MODIFIERS)

    def classes(self, words: frozenset[str]) -> list[str]:
        return sorted({self.norm[w] for w in words})

    def expand(self, pattern: Pattern) -> list[Pattern]:
        rest: Pattern = []
        for spec in pattern[1:]:
            words = _words(spec)
            if words is None:
                rest.append(spec)
                continue
            classes = self.classes(words)
            test: object = classes[0] if len(classes) == 1 else {"IN": classes}
            rest.append({"NORM": test} | {k: v for k, v in spec.items() if k != "LOWER"})
        first = pattern[0]
        words = _words(first)
        if words is None:
            return [[first, *rest]]
        extra = {k: v for k, v in first.items() if k != "LOWER"}
        return [[{"NORM": c} | extra, *rest] for c in self.classes(words)]


def _words(spec: dict[str, Any]) -> frozenset[str] | None:
    value = spec.get("LOWER")
    if value is None:
        return None
    return frozenset((value,) if isinstance(value, str) else value["IN"])


@functools.cache
def pipeline() -> Language:
    """Build the pipeline once per process (imports spaCy and medspaCy on first use)."""
    with warnings.catch_warnings():
        # spaCy 3.7 and medspaCy import deprecated click/pkg APIs; their warnings are not ours.
        warnings.simplefilter("ignore")
        import spacy
        from medspacy.context import ConTextRule  # type: ignore[import-untyped]
        from medspacy.target_matcher import TargetRule  # type: ignore[import-untyped]
        from spacy.tokens import Span

        for flag in _FLAGS:
            if not Span.has_extension(flag):
                Span.set_extension(flag, default=False)
        from spacy.language import Language

        compiled = _Compiled()
        norm = compiled.norm

        if "dermclaim_word_classes" not in Language.factories:

            @Language.component("dermclaim_word_classes")
            def word_classes(doc: Any) -> Any:
                for token in doc:
                    tag = norm.get(token.lower_)
                    if tag is not None:
                        token.norm_ = tag
                return doc

        nlp = spacy.blank("en")
        nlp.add_pipe("dermclaim_word_classes")
        nlp.add_pipe("sentencizer")
        matcher: Any = nlp.add_pipe("medspacy_target_matcher")
        matcher.add(
            [
                TargetRule(literal, concept, pattern=expanded)
                for concept, literal, pattern in TARGETS
                for expanded in compiled.expand(pattern)
            ]
        )
        context: Any = nlp.add_pipe("medspacy_context", config={"rules": None, "span_attrs": _ATTRS})
        context.add(
            [
                ConTextRule(literal, category, direction=direction, pattern=expanded)
                for category, literal, direction, pattern in MODIFIERS
                for expanded in compiled.expand(pattern)
            ]
        )
    return nlp


@functools.lru_cache(maxsize=256)
def analyze(note: str) -> Analysis:
    """Sentences and concept mentions of one note (cached per text).

    ConText compares every modifier with every target of a document, so its cost grows with the
    square of the note's length; its scopes never cross a sentence, though. A long note is
    therefore split at sentence boundaries into chunks of about :data:`CHUNK_CHARS` characters,
    each analysed on its own: the same mentions and attributes, at a cost linear in length."""
    text = note[:MAX_NOTE_CHARS]
    if not text.strip():
        return Analysis((), ())
    nlp = pipeline()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if len(text) <= CHUNK_CHARS:
            doc = nlp(text)
            sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
            parts = [(0, doc)]
        else:
            bare = nlp.get_pipe("sentencizer")(nlp.make_doc(text))
            sentences = tuple((s.start_char, s.end_char) for s in bare.sents)
            parts = [(start, nlp(text[start:end])) for start, end in _chunks(sentences)]
    starts = [s for s, _ in sentences]
    mentions = []
    for offset, doc in parts:
        for ent in doc.ents:
            start = offset + ent.start_char
            mentions.append(
                Mention(
                    concept=ent.label_,
                    text=ent.text,
                    start=start,
                    end=offset + ent.end_char,
                    sentence=max(0, _bisect_right(starts, start) - 1),
                    negated=bool(ent._.is_negated),
                    uncertain=bool(ent._.is_uncertain),
                    hypothetical=bool(ent._.is_hypothetical),
                    historical=bool(ent._.is_historical),
                    family=bool(ent._.is_family),
                    procedural=bool(ent._.is_procedural),
                )
            )
    return Analysis(sentences, tuple(mentions))


def _chunks(sentences: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """Runs of whole sentences of about CHUNK_CHARS characters (a longer sentence stands alone)."""
    out: list[tuple[int, int]] = []
    start = end = sentences[0][0]
    for s_start, s_end in sentences:
        if s_end - start > CHUNK_CHARS and end > start:
            out.append((start, end))
            start = s_start
        end = s_end
    out.append((start, end))
    return out


def _bisect_right(values: list[int], x: int) -> int:
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < values[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo
