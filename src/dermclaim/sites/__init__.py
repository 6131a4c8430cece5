"""Body sites: a documented site phrase resolved to one canonical site and its code groupings.

CONTRACT.md §1.3: ``resolve("pretibial left leg")`` gives the canonical site (``pretibial``),
the laterality kept from the phrase (``left``) and every grouping a code family needs — the
shave, excision and malignant-destruction groups (RULES.md §2.3, §3.4, §6.3), the simple,
intermediate and complex repair and adjacent-tissue-transfer groups (§4.2), the Mohs site
group (§5.1, §5.3), the Mohs Appropriate Use Criteria area H/M/L, and whether skin codes apply
there at all (§1.9) or a site-specific code is used instead.

The vocabulary is data (``vocabulary.json`` next to this module, with its conventions written
at the top). A phrase that does not name exactly one known site raises :class:`UnknownSite`
with the closest known sites; the resolver never guesses.

Resolution, in order:

1. casefold; ``b/l`` → bilateral; hyphenated words are joined when the joined word is known
   (``pre-tibial`` → ``pretibial``) and split otherwise; punctuation separates words;
2. abbreviations are expanded (``lue`` → left upper extremity, ``post`` → posterior, …), plurals
   of known words are made singular, and articles dropped;
3. laterality words (left, l, lt, right, r, rt, bilateral, bil, b/l, both, midline) are taken out
   wherever they stand;
4. every synonym found as whole words is a candidate, except one lying inside a longer match
   (``back of hand`` hides ``back``); the words are tried again without mere qualifiers
   (anterior, lateral, dorsal, inner, …) and without upper/lower, which may only refine a
   candidate (``upper lateral arm`` → upper arm);
5. a candidate that another candidate lies within (``part_of``) gives way to the inner one
   (``pretibial left leg`` → pretibial); one candidate left is the site, several unrelated
   ones raise :class:`UnknownSite` naming them; none raises it with the closest sites — or,
   for a region the vocabulary lists as too vague to group (``face``, ``periorbital``,
   ``digit``), with the reason and the sites to choose from.

Results are cached per phrase (batch jobs see the same phrases millions of times) and the
vocabulary is loaded once, on first use.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Final, Literal

__all__ = [
    "GROUP_KEYS",
    "Laterality",
    "Site",
    "UnknownSite",
    "known_sites",
    "resolve",
]

Laterality = Literal["left", "right", "bilateral", "midline", "unspecified"]

#: The grouping keys every site carries, in the order they are reported.
GROUP_KEYS: Final[tuple[str, ...]] = (
    "shave",
    "excision",
    "malignant_destruction",
    "repair_simple",
    "repair_intermediate",
    "repair_complex",
    "adjacent_tissue_transfer",
    "mohs",
    "mohs_auc_area",
)

_LATERALITY_WORDS: Final[Mapping[str, str]] = {
    "left": "left",
    "l": "left",
    "lt": "left",
    "right": "right",
    "r": "right",
    "rt": "right",
    "bilateral": "bilateral",
    "bilaterally": "bilateral",
    "bilat": "bilateral",
    "bil": "bilateral",
    "both": "bilateral",
    "midline": "midline",
}

# Only well-known abbreviations; each expands to whole words before matching.
_ABBREVIATIONS: Final[Mapping[str, tuple[str, ...]]] = {
    "ue": ("upper", "extremity"),
    "le": ("lower", "extremity"),
    "lue": ("left", "upper", "extremity"),
    "rue": ("right", "upper", "extremity"),
    "bue": ("bilateral", "upper", "extremity"),
    "lle": ("left", "lower", "extremity"),
    "rle": ("right", "lower", "extremity"),
    "ble": ("bilateral", "lower", "extremity"),
    "abd": ("abdomen",),
    "abdo": ("abdomen",),
    "ant": ("anterior",),
    "post": ("posterior",),
    "sup": ("superior",),
    "inf": ("inferior",),
    "lat": ("lateral",),
    "med": ("medial",),
    "prox": ("proximal",),
    "dist": ("distal",),
    "eac": ("external", "auditory", "canal"),
    # abdominal quadrants
    "llq": ("left", "lower", "quadrant", "abdomen"),
    "luq": ("left", "upper", "quadrant", "abdomen"),
    "rlq": ("right", "lower", "quadrant", "abdomen"),
    "ruq": ("right", "upper", "quadrant", "abdomen"),
}

# A hyphenated word after one of these prefixes names a different place than the word alone
# ("infra-auricular" is not the ear): it is always joined, so an unknown joined word is refused
# rather than read as the site after the hyphen.
_LOCATIVE_PREFIXES: Final[frozenset[str]] = frozenset(
    {"infra", "supra", "sub", "peri", "para", "retro", "circum", "inter", "intra", "juxta"}
)

# Surface adjectives that name a site alone ("plantar" is the sole) but only qualify a digit or
# joint named beside them ("plantar great toe", "palmar index finger", "volar wrist").
_SURFACES: Final[frozenset[str]] = frozenset({"plantar", "palmar", "volar"})

_IRREGULAR_PLURALS: Final[Mapping[str, str]] = {
    "feet": "foot",
    "axillae": "axilla",
    "canthi": "canthus",
    "alae": "ala",
    "calves": "calf",
    "malleoli": "malleolus",
    "labiums": "labium",
}

_ARTICLES: Final[frozenset[str]] = frozenset({"the", "a", "an"})

# Words that qualify a site without changing it; they may sit inside a phrase and still let a
# synonym match ("upper lateral arm"), but only to refine a site the full words already name.
_QUALIFIERS: Final[frozenset[str]] = frozenset(
    {
        "superior",
        "inferior",
        "anterior",
        "posterior",
        "medial",
        "lateral",
        "proximal",
        "distal",
        "dorsal",
        "volar",
        "ventral",
        "mid",
        "middle",
        "central",
        "inner",
        "outer",
        "aspect",
        "area",
        "region",
        "surface",
        "skin",
        "portion",
        "part",
    }
)
_VERTICAL: Final[frozenset[str]] = frozenset({"upper", "lower"})
_REFINING_PASSES: Final[tuple[frozenset[str], ...]] = (
    _QUALIFIERS,
    _VERTICAL,
    _QUALIFIERS | _VERTICAL,
)

_WORD = re.compile(r"[^\W_]+")
_HYPHENATED = re.compile(r"[^\W_]+(?:\s*[-‐‑–]\s*[^\W_]+)+")
_HYPHEN = re.compile(r"\s*[-‐‑–]\s*")
_BILATERAL_SLASH = re.compile(r"\bb\s*/\s*l\b")

_MAX_PHRASE_CHARS: Final = 500
_MAX_SUGGESTIONS: Final = 3


@dataclass(frozen=True, slots=True)
class Site:
    """A resolved body site: canonical id, laterality and every code-family grouping."""

    canonical: str
    label: str
    laterality: Laterality
    groups: Mapping[str, str | None] = field(hash=False)
    skin_codes_apply: bool
    site_specific_codes: Mapping[str, str] | None = field(hash=False)
    phrase: str

    def to_json(self) -> dict[str, object]:
        """The contract shape of ``procedures[].site``: canonical, laterality, groups, …"""
        return {
            "canonical": self.canonical,
            "label": self.label,
            "laterality": self.laterality,
            "groups": dict(self.groups),
            "skin_codes_apply": self.skin_codes_apply,
            "site_specific_codes": (
                None if self.site_specific_codes is None else dict(self.site_specific_codes)
            ),
        }


class UnknownSite(ValueError):
    """A site phrase that names no known site, or more than one; never guessed.

    ``suggestions`` holds up to three labels of the closest known sites, or, when the phrase
    names several unrelated sites, the labels of those sites.
    """

    def __init__(self, phrase: str, suggestions: Iterable[str], message: str | None = None) -> None:
        self.phrase = phrase
        self.suggestions = list(suggestions)
        if message is None:
            closest = ", ".join(self.suggestions) or "none"
            message = f"unknown body site {phrase!r}; closest known sites: {closest}"
        self.message = message
        super().__init__(message)

    def __reduce__(self) -> tuple[type[UnknownSite], tuple[str, list[str], str]]:
        return (type(self), (self.phrase, self.suggestions, self.message))


def resolve(phrase: str) -> Site:
    """Resolve a documented site phrase to one canonical :class:`Site`.

    Raises :class:`UnknownSite` when the phrase names no known site or several unrelated ones.
    """
    if not isinstance(phrase, str):
        raise UnknownSite(repr(phrase), [], f"body site must be a text phrase, not {phrase!r}")
    outcome = _resolve_phrase(phrase)
    if isinstance(outcome, _Failure):
        raise UnknownSite(phrase, outcome.suggestions, outcome.message(phrase))
    return outcome


def known_sites() -> list[str]:
    """Canonical ids of every known site, in vocabulary order."""
    return list(_vocabulary().order)


# --------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True, slots=True)
class _Entry:
    canonical: str
    label: str
    lateral: bool
    groups: Mapping[str, str | None]
    skin_codes_apply: bool
    site_specific_codes: Mapping[str, str] | None
    within: frozenset[str]  # every site this one lies within (transitive part_of)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    entries: Mapping[str, _Entry]
    order: tuple[str, ...]
    index: Mapping[tuple[str, ...], str]  # normalised synonym words → canonical
    longest: int
    known_words: frozenset[str]
    suggestion_pool: tuple[tuple[str, str], ...]  # (synonym text, canonical)
    vague: Mapping[tuple[str, ...], tuple[str, tuple[str, ...]]]  # words → (reason, labels)


def _fail(where: str, what: str) -> ValueError:
    return ValueError(f"dermclaim/sites/vocabulary.json: {where}: {what}")


def _obj(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _fail(where, "expected an object")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(where, "expected a non-empty string")
    return value


def _texts(value: object, where: str) -> list[str]:
    if not isinstance(value, list):
        raise _fail(where, "expected a list of strings")
    return [_text(v, f"{where}[{i}]") for i, v in enumerate(value)]


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "expected true or false")
    return value


def _load_raw() -> dict[str, object]:
    text = resources.files(__name__).joinpath("vocabulary.json").read_text(encoding="utf-8")
    return _obj(json.loads(text), "top level")


@functools.lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = _load_raw()
    groupings = _obj(raw.get("groupings"), "groupings")
    allowed: dict[str, frozenset[str]] = {}
    for key in GROUP_KEYS:
        allowed[key] = frozenset(_obj(groupings.get(key), f"groupings.{key}"))
    sites = raw.get("sites")
    if not isinstance(sites, list) or not sites:
        raise _fail("sites", "expected a non-empty list")

    parsed: list[tuple[_Entry, list[str], list[str]]] = []
    for i, item in enumerate(sites):
        where = f"sites[{i}]"
        obj = _obj(item, where)
        canonical = _text(obj.get("canonical"), f"{where}.canonical")
        raw_groups = _obj(obj.get("groups"), f"{where}.groups")
        groups: dict[str, str | None] = {}
        for key in GROUP_KEYS:
            value = raw_groups.get(key)
            if value is not None and (not isinstance(value, str) or value not in allowed[key]):
                raise _fail(f"{where}.groups.{key}", f"{value!r} is not a known group")
            groups[key] = value
        extra = sorted(set(raw_groups) - set(GROUP_KEYS))
        if extra:
            raise _fail(f"{where}.groups", f"unknown keys {extra}")
        special_raw = obj.get("site_specific_codes")
        special: Mapping[str, str] | None = None
        if special_raw is not None:
            special_obj = _obj(special_raw, f"{where}.site_specific_codes")
            special = MappingProxyType(
                {k: _text(v, f"{where}.site_specific_codes.{k}") for k, v in special_obj.items()}
            )
        entry = _Entry(
            canonical=canonical,
            label=_text(obj.get("label"), f"{where}.label"),
            lateral=_flag(obj.get("lateral"), f"{where}.lateral"),
            groups=MappingProxyType(groups),
            skin_codes_apply=_flag(obj.get("skin_codes_apply"), f"{where}.skin_codes_apply"),
            site_specific_codes=special,
            within=frozenset(),
        )
        part_of = _texts(obj.get("part_of", []), f"{where}.part_of")
        synonyms = _texts(obj.get("synonyms"), f"{where}.synonyms")
        parsed.append((entry, part_of, synonyms))

    order = tuple(e.canonical for e, _, _ in parsed)
    if len(set(order)) != len(order):
        raise _fail("sites", "canonical ids are not unique")
    direct = {e.canonical: part_of for e, part_of, _ in parsed}
    for canonical, parents in direct.items():
        for parent in parents:
            if parent not in direct:
                raise _fail(canonical, f"part_of names unknown site {parent!r}")
    within = {c: _ancestors(c, direct) for c in order}

    entries: dict[str, _Entry] = {}
    for entry, _, _ in parsed:
        entries[entry.canonical] = _Entry(
            canonical=entry.canonical,
            label=entry.label,
            lateral=entry.lateral,
            groups=entry.groups,
            skin_codes_apply=entry.skin_codes_apply,
            site_specific_codes=entry.site_specific_codes,
            within=within[entry.canonical],
        )

    known_words = frozenset(
        word for _, _, synonyms in parsed for s in synonyms for word in _WORD.findall(s.casefold())
    )
    index: dict[tuple[str, ...], str] = {}
    pool: dict[str, str] = {}
    for entry, _, synonyms in parsed:
        for synonym in [*synonyms, entry.label]:
            pool.setdefault(synonym.casefold(), entry.canonical)
        for synonym in synonyms:
            words = _words(synonym, known_words)
            if not words:
                raise _fail(entry.canonical, f"synonym {synonym!r} has no words")
            other = index.setdefault(words, entry.canonical)
            if other != entry.canonical:
                raise _fail(entry.canonical, f"synonym {synonym!r} also names {other!r}")
    vague: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}
    raw_vague = raw.get("vague", [])
    if not isinstance(raw_vague, list):
        raise _fail("vague", "expected a list")
    for i, item in enumerate(raw_vague):
        where = f"vague[{i}]"
        obj = _obj(item, where)
        reason = _text(obj.get("reason"), f"{where}.reason")
        suggest = _texts(obj.get("suggest"), f"{where}.suggest")
        for canonical in suggest:
            if canonical not in entries:
                raise _fail(f"{where}.suggest", f"unknown site {canonical!r}")
        labels = tuple(entries[c].label for c in suggest)
        for phrase in _texts(obj.get("phrases"), f"{where}.phrases"):
            words = _words(phrase, known_words)
            if words in index:
                raise _fail(f"{where}.phrases", f"{phrase!r} is a synonym of {index[words]!r}")
            vague[words] = (reason, labels)
    return _Vocabulary(
        entries=MappingProxyType(entries),
        order=order,
        index=MappingProxyType(index),
        longest=max(len(words) for words in index),
        known_words=known_words,
        suggestion_pool=tuple(pool.items()),
        vague=MappingProxyType(vague),
    )


def _ancestors(canonical: str, direct: Mapping[str, list[str]]) -> frozenset[str]:
    seen: set[str] = set()
    stack = list(direct[canonical])
    while stack:
        parent = stack.pop()
        if parent == canonical:
            raise _fail(canonical, "part_of is cyclic")
        if parent not in seen:
            seen.add(parent)
            stack.extend(direct[parent])
    return frozenset(seen)


# --------------------------------------------------------------------------------------------
# Normalisation and matching


def _words(text: str, known: frozenset[str]) -> tuple[str, ...]:
    """Normalised words of a phrase or synonym (laterality words still included)."""
    text = text[:_MAX_PHRASE_CHARS].casefold()
    text = _BILATERAL_SLASH.sub(" bilateral ", text)

    def join_or_split(match: re.Match[str]) -> str:
        joined = _HYPHEN.sub("", match.group(0))
        prefixed = _HYPHEN.split(match.group(0), maxsplit=1)[0] in _LOCATIVE_PREFIXES
        return joined if joined in known or prefixed else _HYPHEN.sub(" ", match.group(0))

    text = _HYPHENATED.sub(join_or_split, text)
    out: list[str] = []
    for word in _WORD.findall(text):
        for part in _ABBREVIATIONS.get(word, (word,)):
            part = _singular(part, known)
            if part not in _ARTICLES:
                out.append(part)
    return tuple(out)


def _singular(word: str, known: frozenset[str]) -> str:
    if word in known or word in _LATERALITY_WORDS:
        return word
    irregular = _IRREGULAR_PLURALS.get(word)
    if irregular is not None and irregular in known:
        return irregular
    if word.endswith("es") and word[:-2] in known:
        return word[:-2]
    if word.endswith("s") and word[:-1] in known:
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class _Failure:
    kind: Literal["empty", "no_site", "unknown", "vague", "several"]
    suggestions: tuple[str, ...]
    reason: str = ""

    def message(self, phrase: str) -> str:
        if self.kind == "empty":
            return "body site is empty"
        if self.kind == "no_site":
            return f"body site {phrase!r} names a side but no site"
        if self.kind == "several":
            names = ", ".join(self.suggestions)
            return f"body site {phrase!r} names more than one site ({names}); document one site per procedure"
        closest = ", ".join(self.suggestions) or "none"
        if self.kind == "vague":
            return f"body site {phrase!r} is too vague ({self.reason}); closest known sites: {closest}"
        return f"unknown body site {phrase!r}; closest known sites: {closest}"


@dataclass(frozen=True, slots=True)
class _Found:
    canonical: str
    laterality: Laterality


@functools.lru_cache(maxsize=65536)
def _resolve_phrase(phrase: str) -> Site | _Failure:
    vocab = _vocabulary()
    outcome = _resolve_words(_words(phrase, vocab.known_words))
    if isinstance(outcome, _Failure):
        return outcome
    entry = vocab.entries[outcome.canonical]
    return Site(
        canonical=entry.canonical,
        label=entry.label,
        laterality=outcome.laterality,
        groups=entry.groups,
        skin_codes_apply=entry.skin_codes_apply,
        site_specific_codes=entry.site_specific_codes,
        phrase=phrase,
    )


@functools.lru_cache(maxsize=65536)
def _resolve_words(words: tuple[str, ...]) -> _Found | _Failure:
    vocab = _vocabulary()
    sides = {_LATERALITY_WORDS[w] for w in words if w in _LATERALITY_WORDS}
    rest = tuple(w for w in words if w not in _LATERALITY_WORDS)
    if not rest:
        return _Failure("no_site" if words else "empty", ())

    candidates = _matches(rest, vocab)
    named = set(candidates)
    for dropped in _REFINING_PASSES:
        fewer = tuple(w for w in rest if w not in dropped)
        if fewer == rest or not fewer:
            continue
        for canonical in _matches(fewer, vocab):
            refines = not named or not vocab.entries[canonical].within.isdisjoint(named)
            if refines and canonical not in candidates:
                candidates.append(canonical)

    innermost = [
        c
        for c in candidates
        if not any(c in vocab.entries[other].within for other in candidates if other != c)
    ]
    if not innermost:
        for start in range(len(rest)):
            for end in range(min(len(rest), start + vocab.longest), start, -1):
                vague = vocab.vague.get(rest[start:end])
                if vague is not None:
                    return _Failure("vague", vague[1], vague[0])
        return _Failure("unknown", _suggest(rest, vocab))
    if len(innermost) > 1 and any(w in _SURFACES for w in rest):
        surface = _resolve_words(tuple(w for w in words if w not in _SURFACES))
        if isinstance(surface, _Found):
            return surface
    if len(innermost) > 1:
        return _Failure("several", tuple(vocab.entries[c].label for c in innermost))
    entry = vocab.entries[innermost[0]]
    return _Found(entry.canonical, _laterality(sides, entry.lateral))


def _laterality(sides: set[str], lateral: bool) -> Laterality:
    if "bilateral" in sides or {"left", "right"} <= sides:
        return "bilateral"
    if "left" in sides:
        return "left"
    if "right" in sides:
        return "right"
    if "midline" in sides or not lateral:
        return "midline"
    return "unspecified"


def _matches(words: tuple[str, ...], vocab: _Vocabulary) -> list[str]:
    """Canonical ids of the synonyms found in ``words``, in order, ignoring any match that lies
    inside a longer one."""
    spans: list[tuple[int, int, str]] = []
    n = len(words)
    for start in range(n):
        for end in range(min(n, start + vocab.longest), start, -1):
            canonical = vocab.index.get(words[start:end])
            if canonical is not None:
                spans.append((start, end, canonical))
                break  # a shorter match from the same start lies inside this one
    out: list[str] = []
    for start, end, canonical in spans:
        inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
        if not inside and canonical not in out:
            out.append(canonical)
    return out


def _suggest(words: tuple[str, ...], vocab: _Vocabulary) -> tuple[str, ...]:
    """Labels of the (up to three) sites whose synonyms are closest to the phrase."""
    queries = [" ".join(words)[:60]]
    queries += sorted({w for w in words if len(w) >= 3}, key=len, reverse=True)[:4]
    best: dict[str, float] = {}
    floor = 0.0  # the score a site must beat to enter the top three
    matcher = difflib.SequenceMatcher(autojunk=False)
    for query in dict.fromkeys(queries):
        matcher.set_seq2(query)
        for text, canonical in vocab.suggestion_pool:
            matcher.set_seq1(text)
            if matcher.real_quick_ratio() <= floor or matcher.quick_ratio() <= floor:
                continue
            score = matcher.ratio()
            if score > best.get(canonical, 0.0):
                best[canonical] = score
                if len(best) >= _MAX_SUGGESTIONS:
                    floor = sorted(best.values(), reverse=True)[_MAX_SUGGESTIONS - 1]
    ranked = sorted(best.items(), key=lambda item: (-item[1], vocab.order.index(item[0])))
    return tuple(vocab.entries[c].label for c, _ in ranked[:_MAX_SUGGESTIONS])
