"""Medical necessity of dual-purpose procedures: medical, cosmetic or undocumented, from the note.

A *dual-purpose* procedure is one that is medical for some patients and cosmetic for others:
removal or destruction of benign lesions (shave, benign excision, benign destruction 17110/17111,
skin tags), chemical peels, botulinum toxin and the treatment of scars (intralesional injection
of a keloid or hypertrophic scar). Medicare excludes cosmetic surgery by statute (Benefit Policy
Manual ch. 16 §120) and the benign-lesion LCDs (L34200, L35498) list the indications that make
a removal medical; the ICD-10 code alone does not show them, the note must (RULES.md §9.2, §10).

:func:`assess` gives each dual-purpose procedure of an encounter its :class:`Assessment`:

* the declared ``purpose`` ``cosmetic`` makes it cosmetic;
* otherwise a concept of its kind's indications found in the note and *affirmed* — not negated,
  uncertain, hypothetical, procedural boilerplate or about a family member, and (except for a
  pathology result) not historical — makes it **medical**;
* otherwise an affirmed cosmetic cue (appearance, patient preference, "cosmetic", "unsightly",
  "bothersome" without symptoms, makeup trapping, emotional distress, "asymptomatic") makes it
  **cosmetic**;
* otherwise it is **undocumented**, and :attr:`Assessment.needs` names what the note would need.

Which sentences speak of which procedure: with one dual-purpose procedure, the whole note. With
several, a sentence that names a procedure's site (laterality checked) or lesion label starts
that procedure's topic, which runs until another site is named; sentences before the first site
speak of all of them, and a procedure whose site the note never names gets the sentences that
name no site. The clinical text is analysed (medspaCy, :mod:`dermclaim.necessity.nlp`) only when
the encounter has a dual-purpose procedure and a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from dermclaim.coding.diagnosis import diagnosis_for, pathology_for
from dermclaim.document import (
    ChemicalPeel,
    Destruction,
    Drug,
    Encounter,
    Excision,
    IntralesionalInjection,
    ShaveRemoval,
    SkinTagRemoval,
    _Procedure,
)
from dermclaim.necessity.lexicon import CONCEPTS

if TYPE_CHECKING:
    from dermclaim.necessity.nlp import Mention
    from dermclaim.sites import Site

Verdict = Literal["medical", "cosmetic", "undocumented"]
Kind = Literal["benign_lesion", "chemical_peel", "botulinum_toxin", "scar"]

__all__ = ["KIND_LABEL", "POLICY", "Assessment", "Evidence", "assess", "dual_purpose_kind"]

#: The medical indications each kind of procedure accepts (lexicon concept keys).
MEDICAL: dict[str, tuple[str, ...]] = {
    "benign_lesion": (
        "bleeding",
        "itching",
        "pain",
        "inflammation",
        "infection",
        "growth",
        "color_change",
        "atypia",
        "obstruction",
        "trauma",
        "function",
        "pathology",
    ),
    "chemical_peel": ("premalignant", "acne", "pathology"),
    "botulinum_toxin": ("hyperhidrosis",),
    "scar": ("pain", "itching", "inflammation", "infection", "growth", "obstruction", "function"),
}
COSMETIC = tuple(k for k, c in CONCEPTS.items() if c.kind == "cosmetic")

KIND_LABEL: dict[str, str] = {
    "benign_lesion": "removal or destruction of a benign lesion",
    "chemical_peel": "chemical peel",
    "botulinum_toxin": "botulinum toxin",
    "scar": "scar treatment",
}
POLICY: dict[str, str] = {
    "benign_lesion": "LCD L34200 / L35498 'Removal of Benign Skin Lesions' (indications); Medicare "
    "Benefit Policy Manual ch. 16 §120 (cosmetic surgery excluded) [S41, RULES 9.2, 10.1-10.2]",
    "chemical_peel": "Payer chemical-peel policies (Highmark MA citing NCD 250.4; IBX): peels for actinic "
    "keratoses, 17360 for acne; cosmetic peels excluded [S58, RULES 6.6-6.7, 10.1]",
    "botulinum_toxin": "LCD L33458 / L34635 botulinum toxins: primary axillary hyperhidrosis L74.510 "
    "refractory to topicals; cosmetic use excluded [S57, RULES 9.2, 11.26, 10.1]",
    "scar": "Medicare Benefit Policy Manual ch. 16 §120 (cosmetic surgery excluded): a keloid or "
    "hypertrophic scar is treated medically for pain, itching, inflammation or functional limitation "
    "[RULES 10.1-10.2; indication list by analogy with S41, low confidence]",
}

_BOTULINUM = re.compile(r"botul|botox|dysport|xeomin|myobloc|daxxify|jeuveau", re.I)
_BOTULINUM_HCPCS = frozenset({"J0585", "J0586", "J0587", "J0588"})
_SCAR_DX = ("L91.0", "L90.5")
_LATERAL = {"left": "left", "l": "left", "lt": "left", "right": "right", "r": "right", "rt": "right"}
_GENERIC = frozenset({"area", "region", "skin", "fold", "aspect", "surface", "upper", "lower", "mid"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """One note span the audit read for a procedure, and whether it counts."""

    concept: str
    kind: Literal["medical", "cosmetic"]
    text: str
    start: int
    end: int
    negated: bool
    uncertain: bool
    hypothetical: bool
    historical: bool
    family: bool
    procedural: bool
    counts: bool


@dataclass(frozen=True, slots=True)
class Assessment:
    procedure: str
    kind: Kind
    declared: Literal["medical", "cosmetic"]
    verdict: Verdict
    evidence: tuple[Evidence, ...]
    """Every span of a concept relevant to this kind of procedure in its part of the note."""
    reason: str
    needs: tuple[str, ...]
    """The indications the note would need for the procedure to be medical."""
    diagnoses: tuple[str, ...]
    analysed: bool
    """Whether a note was there to read."""

    @property
    def policy(self) -> str:
        return POLICY[self.kind]

    def supporting(self, kind: Literal["medical", "cosmetic"]) -> list[Evidence]:
        return [e for e in self.evidence if e.counts and e.kind == kind]

    def discounted(self) -> list[Evidence]:
        """Medical spans that were found but do not count (negated, uncertain, ...)."""
        return [e for e in self.evidence if e.kind == "medical" and not e.counts]


def dual_purpose_kind(enc: Encounter, proc: _Procedure) -> Kind | None:
    """The kind of dual-purpose procedure ``proc`` is, or None when it is not one."""
    if isinstance(proc, SkinTagRemoval):
        return "benign_lesion"
    if isinstance(proc, ShaveRemoval | Excision | Destruction):
        path = pathology_for(enc, proc.specimen)
        behavior = getattr(proc, "behavior", None) or getattr(proc, "lesion_kind", None)
        behavior = behavior or (path.behavior if path else None)
        if isinstance(proc, ShaveRemoval):
            return "benign_lesion" if behavior in (None, "benign") else None
        return "benign_lesion" if behavior == "benign" else None
    if isinstance(proc, ChemicalPeel):
        return "chemical_peel"
    if isinstance(proc, Drug):
        name = f"{proc.drug or ''}"
        if _BOTULINUM.search(name) or (proc.hcpcs or "").upper() in _BOTULINUM_HCPCS:
            return "botulinum_toxin"
        return None
    if isinstance(proc, IntralesionalInjection):
        dx = diagnosis_for(enc, proc).codes
        return "scar" if any(d.startswith(_SCAR_DX) for d in dx) else None
    return None


def assess(enc: Encounter, sites: Mapping[str, Site]) -> dict[str, Assessment]:
    """The necessity assessment of every dual-purpose procedure of the encounter (pure)."""
    kinds = {p.id: k for p in enc.procedures if (k := dual_purpose_kind(enc, p)) is not None}
    if not kinds:
        return {}
    procs = [p for p in enc.procedures if p.id in kinds]
    note = enc.note or ""
    mentions: Sequence[Mention] = ()
    scope: dict[str, set[int]] = {}
    if note.strip():
        from dermclaim.necessity.nlp import analyze

        analysis = analyze(note)
        mentions = analysis.mentions
        scope = _scopes(note, analysis.sentences, procs, sites)
    out: dict[str, Assessment] = {}
    for proc in procs:
        kind = kinds[proc.id]
        wanted = set(MEDICAL[kind]) | set(COSMETIC)
        sentences = scope.get(proc.id)
        evidence = tuple(
            _evidence(m)
            for m in mentions
            if m.concept in wanted and (sentences is None or m.sentence in sentences)
        )
        out[proc.id] = _verdict(enc, proc, kind, evidence, bool(note.strip()))
    return out


def _evidence(m: Mention) -> Evidence:
    concept = CONCEPTS[m.concept]
    counts = not (m.negated or m.uncertain or m.hypothetical or m.family or m.procedural) and (
        not m.historical or concept.historical_counts
    )
    return Evidence(
        concept=m.concept,
        kind=concept.kind,
        text=m.text,
        start=m.start,
        end=m.end,
        negated=m.negated,
        uncertain=m.uncertain,
        hypothetical=m.hypothetical,
        historical=m.historical,
        family=m.family,
        procedural=m.procedural,
        counts=counts,
    )


def _verdict(
    enc: Encounter, proc: _Procedure, kind: Kind, evidence: tuple[Evidence, ...], analysed: bool
) -> Assessment:
    needs = tuple(CONCEPTS[c].label for c in MEDICAL[kind])
    dx = diagnosis_for(enc, proc).codes
    medical = [e for e in evidence if e.counts and e.kind == "medical"]
    cosmetic = [e for e in evidence if e.counts and e.kind == "cosmetic"]
    if proc.purpose == "cosmetic":
        verdict: Verdict = "cosmetic"
        reason = "documented as cosmetic (purpose 'cosmetic')"
    elif medical:
        verdict = "medical"
        reason = "the note documents " + _list(medical)
    elif cosmetic:
        verdict = "cosmetic"
        reason = "the note documents only cosmetic reasons: " + _list(cosmetic)
    else:
        verdict = "undocumented"
        reason = "no note to read" if not analysed else "the note documents no indication for it"
    return Assessment(
        procedure=proc.id,
        kind=kind,
        declared=proc.purpose,
        verdict=verdict,
        evidence=evidence,
        reason=reason,
        needs=needs,
        diagnoses=dx,
        analysed=analysed,
    )


def _list(evidence: Sequence[Evidence]) -> str:
    seen: dict[str, list[str]] = {}
    for e in evidence:
        seen.setdefault(CONCEPTS[e.concept].label, []).append(f"'{e.text}'")
    return "; ".join(f"{label} ({', '.join(texts[:2])})" for label, texts in seen.items())


# --------------------------------------------------------------------------- which sentences


def _scopes(
    note: str, sentences: Sequence[tuple[int, int]], procs: Sequence[_Procedure], sites: Mapping[str, Site]
) -> dict[str, set[int]]:
    """For each procedure, the indexes of the sentences that speak of it (see module doc)."""
    if len(procs) < 2:
        return {}
    patterns = {p.id: _site_patterns(p, sites.get(p.id)) for p in procs}
    named: list[set[str]] = []
    for start, end in sentences:
        text = note[start:end].lower()
        named.append({pid for pid, pats in patterns.items() if _names(text, pats, sites.get(pid))})
    if not any(named):
        return {}
    everyone = {p.id for p in procs}
    current = everyone
    scope: dict[str, set[int]] = {p.id: set() for p in procs}
    ever_named = set().union(*named)
    for i, ids in enumerate(named):
        if ids:
            current = ids
        for pid in current:
            scope[pid].add(i)
        if not ids:
            for pid in everyone - ever_named:
                scope[pid].add(i)
    return scope


def _site_patterns(proc: _Procedure, site: Site | None) -> list[re.Pattern[str]]:
    terms: set[str] = set()
    if proc.site:
        words = [w for w in re.findall(r"[a-z0-9']+", proc.site.lower()) if w not in _LATERAL]
        words = [w for w in words if w not in ("bilateral", "midline")]
        if words:
            terms.add(" ".join(words))
            if words[-1] not in _GENERIC and len(words[-1]) > 3:
                terms.add(words[-1])
    if site is not None:
        terms.add(site.label.lower())
    out = [re.compile(rf"\b{re.escape(t)}(?:e?s)?\b") for t in sorted(terms) if t]
    if proc.lesion:
        out.append(re.compile(rf"\blesion\s+{re.escape(proc.lesion.lower())}\b"))
    return out


def _names(text: str, patterns: list[re.Pattern[str]], site: Site | None) -> bool:
    want = site.laterality if site is not None else "unspecified"
    for pattern in patterns:
        for m in pattern.finditer(text):
            before = re.findall(r"[a-z]+", text[max(0, m.start() - 30) : m.start()])[-3:]
            sides = {_LATERAL[w] for w in before if w in _LATERAL}
            if want in ("left", "right") and sides and want not in sides:
                continue
            return True
    return False
