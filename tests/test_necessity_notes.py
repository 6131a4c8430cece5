"""The medical-necessity note suite: short realistic notes, each with its verdict and evidence.

Every case goes through the public library (dermclaim.load/code) and reads the contract's
``procedures[].necessity``: the verdict (medical, cosmetic, undocumented) and the evidence spans
(text, start, end, concept and the ConText flags). Negated, uncertain, hypothetical, historical
and family mentions must never count as evidence (RULES.md §9.2, §10.2).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import msgspec
import pytest

import dermclaim
from dermclaim.model import NecessityOut
from tests.conftest import biopsy, encounter


def _procedure(**extra: Any) -> dict[str, Any]:
    return {
        "id": "p1",
        "type": "destruction",
        "lesion_kind": "benign",
        "count": 1,
        "site": "left shoulder",
        "method": "cryosurgery",
        **extra,
    }


def _necessity(note: str | None, *procedures: dict[str, Any], **fields: Any) -> dict[str, NecessityOut]:
    procs = list(procedures) or [_procedure()]
    doc = encounter(date_of_service="2026-05-12", diagnoses=["L82.1"], procedures=procs, **fields)
    if note is not None:
        doc["note"] = note
    result = dermclaim.code(dermclaim.load(msgspec.json.encode(doc)))
    out = {p.id: p.necessity for p in result.procedures if p.necessity is not None}
    for n in out.values():
        for e in n.evidence:
            assert note is not None and note[e.start : e.end] == e.text  # spans index the note
    return out


def _one(note: str | None, **extra: Any) -> NecessityOut:
    return _necessity(note, _procedure(**extra))["p1"]


def _counted(n: NecessityOut) -> set[tuple[str, str]]:
    return {(e.concept, e.text) for e in n.evidence if e.counts}


# --- symptomatic: the LCD indications ------------------------------------------------------------

SYMPTOMATIC = [
    ("Seborrheic keratosis on the left shoulder that bleeds when she towels off.", {("bleeding", "bleeds")}),
    (
        "Irritated, itchy keratosis on the left shoulder.",
        {("inflammation", "Irritated"), ("itching", "itchy")},
    ),
    ("Painful papule, tender to palpation.", {("pain", "Painful"), ("pain", "tender")}),
    (
        "The lesion has grown over the past 3 months and darkened.",
        {("growth", "grown"), ("color_change", "darkened")},
    ),
    (
        "Crusted, inflamed keratosis with surrounding erythema.",
        {("inflammation", "Crusted"), ("inflammation", "inflamed"), ("inflammation", "erythema")},
    ),
    ("Draining, purulent cyst.", {("infection", "Draining"), ("infection", "purulent")}),
    ("The skin tag catches on her necklace.", {("trauma", "catches on her necklace")}),
    ("He nicks it when shaving.", {("trauma", "nicks it when shaving")}),
    ("The papule on the eyelid obstructs vision.", {("obstruction", "obstructs vision")}),
    (
        "Pigmented lesion concerning for melanoma, with irregular borders.",
        {("atypia", "concerning for melanoma"), ("atypia", "irregular borders")},
    ),
    ("Plantar wart, painful to walk on.", {("function", "painful to walk")}),
    (
        "Prior biopsy showed a dysplastic nevus with severe atypia.",
        {("pathology", "biopsy showed"), ("pathology", "severe atypia")},
    ),
    ("2-month history of a changing, itchy mole.", {("growth", "changing"), ("itching", "itchy")}),
    ("Her husband noticed it has been bleeding.", {("bleeding", "bleeding")}),
]


@pytest.mark.parametrize(("note", "counted"), SYMPTOMATIC, ids=[n for n, _ in SYMPTOMATIC])
def test_symptomatic_notes_are_medical(note: str, counted: set[tuple[str, str]]) -> None:
    n = _one(note)
    assert n.verdict == "medical"
    assert _counted(n) == counted
    assert n.rules == [] and n.billed_to == "payer"


def test_a_pathology_result_counts_although_it_is_historical() -> None:
    n = _one("Prior biopsy showed a dysplastic nevus with severe atypia.")
    span = next(e for e in n.evidence if e.text == "biopsy showed")
    assert span.historical and span.counts


# --- negated, uncertain, hypothetical, historical, family: never evidence -------------------------

NOT_EVIDENCE = [
    ("No bleeding or itching.", {"bleeding": "negated", "itching": "negated"}),
    (
        "Patient denies pain, itching or bleeding.",
        {"pain": "negated", "itching": "negated", "bleeding": "negated"},
    ),
    ("Not inflamed. No recent change.", {"inflamed": "negated", "recent change": "negated"}),
    ("She thinks it may be growing.", {"growing": "hypothetical"}),
    ("Rule out melanoma.", {"melanoma": "hypothetical"}),
    ("Possible irritation?", {"irritation": "hypothetical"}),
    ("History of bleeding from this spot years ago.", {"bleeding": "historical"}),
    ("She had itching last year that has resolved.", {"itching": "negated"}),
    ("Family history of melanoma.", {"melanoma": "family"}),
    ("Mother had melanoma.", {"melanoma": "family"}),
    ("Return if bleeding or signs of infection.", {"bleeding": "hypothetical", "infection": "hypothetical"}),
    (
        "Risks including bleeding, infection and scarring were discussed; consent signed.",
        {"bleeding": "procedural", "infection": "procedural"},
    ),
]


@pytest.mark.parametrize(("note", "flags"), NOT_EVIDENCE, ids=[n for n, _ in NOT_EVIDENCE])
def test_negated_uncertain_historical_and_family_mentions_do_not_count(
    note: str, flags: dict[str, str]
) -> None:
    n = _one(note)
    assert n.verdict == "undocumented"
    seen = {e.text: e for e in n.evidence}
    assert set(seen) == set(flags)
    for text, flag in flags.items():
        span = seen[text]
        assert not span.counts
        assert getattr(span, flag), (text, flag)


def test_uncertain_mentions_are_flagged_hypothetical_in_the_contract_and_uncertain_beside_it() -> None:
    span = _one("Lesion may be growing.").evidence[0]
    assert (span.text, span.hypothetical, span.uncertain, span.negated) == ("growing", True, True, False)


def test_an_undocumented_verdict_names_what_the_note_would_need() -> None:
    n = _one("Seborrheic keratosis, 7 mm, waxy stuck-on appearance. No bleeding or itching.")
    assert n.verdict == "undocumented"
    assert "bleeding" in n.needs and "recent change or growth" in n.needs
    assert n.rules == ["NEC002"]
    assert "L34200" in n.policy


def test_without_a_note_the_verdict_is_undocumented() -> None:
    n = _one(None)
    assert (n.verdict, n.evidence, n.reason) == ("undocumented", [], "no note to read")


# --- cosmetic cues -----------------------------------------------------------------------------------

COSMETIC = [
    (
        "Asymptomatic keratosis; she finds it unsightly and wants it removed.",
        {("asymptomatic", "Asymptomatic"), ("appearance", "unsightly"), ("preference", "wants it removed")},
    ),
    (
        "Bothersome to the patient, no symptoms.",
        {("bothersome", "Bothersome"), ("asymptomatic", "no symptoms")},
    ),
    ("Makeup gets trapped in it.", {("makeup", "Makeup gets trapped")}),
    ("She is self-conscious about it.", {("distress", "self-conscious")}),
    (
        "Removed at patient's request for cosmetic reasons.",
        {("preference", "at patient's request"), ("appearance", "cosmetic")},
    ),
    ("She does not like the way it looks.", {("appearance", "not like the way it looks")}),
]


@pytest.mark.parametrize(("note", "counted"), COSMETIC, ids=[n for n, _ in COSMETIC])
def test_cosmetic_cues_make_it_cosmetic(note: str, counted: set[tuple[str, str]]) -> None:
    n = _one(note)
    assert n.verdict == "cosmetic"
    assert _counted(n) == counted
    assert n.billed_to == "patient"


def test_a_clinical_description_of_appearance_is_not_a_cosmetic_cue() -> None:
    n = _one("Waxy, stuck-on appearance consistent with seborrheic keratosis; it bleeds when scratched.")
    assert n.verdict == "medical"
    assert _counted(n) == {("bleeding", "bleeds")}


def test_a_documented_cosmetic_purpose_is_cosmetic_whatever_the_note() -> None:
    n = _one("Keratosis of the left shoulder.", purpose="cosmetic")
    assert (n.verdict, n.declared, n.reason) == (
        "cosmetic",
        "cosmetic",
        "documented as cosmetic (purpose 'cosmetic')",
    )


# --- mixed notes -------------------------------------------------------------------------------------


def test_a_symptom_outweighs_cosmetic_wishes_in_the_same_lesion() -> None:
    n = _one("No bleeding, but it itches constantly and she dislikes how it looks.")
    assert n.verdict == "medical"
    assert _counted(n) == {("itching", "itches"), ("appearance", "dislikes how it looks")}
    assert next(e for e in n.evidence if e.text == "bleeding").negated


def test_bothersome_because_of_a_symptom_is_medical() -> None:
    n = _one("Bothersome because it catches on her bra strap.")
    assert n.verdict == "medical"
    assert ("trauma", "catches on her bra") in _counted(n)


def test_in_a_mixed_note_each_lesion_gets_the_sentences_about_its_site() -> None:
    note = (
        "Seborrheic keratosis on the right inframammary fold catches on her bra strap and bleeds. "
        "Two keratoses on the left temple are asymptomatic; she dislikes how they look."
    )
    out = _necessity(
        note,
        _procedure(id="p1", site="right inframammary fold"),
        _procedure(id="p2", site="left temple", count=2),
    )
    assert out["p1"].verdict == "medical"
    assert _counted(out["p1"]) == {("trauma", "catches on her bra"), ("bleeding", "bleeds")}
    assert out["p2"].verdict == "cosmetic"
    assert _counted(out["p2"]) == {("asymptomatic", "asymptomatic"), ("appearance", "dislikes how they look")}


def test_laterality_keeps_two_lesions_of_the_same_site_apart() -> None:
    note = "The right shoulder lesion is itchy and inflamed. The left shoulder lesion is asymptomatic."
    out = _necessity(
        note, _procedure(id="p1", site="right shoulder"), _procedure(id="p2", site="left shoulder")
    )
    assert (out["p1"].verdict, out["p2"].verdict) == ("medical", "cosmetic")


def test_sentences_before_any_site_speak_of_every_lesion() -> None:
    note = "Both lesions bleed when she showers. Right forearm: 5 mm. Left forearm: 4 mm."
    out = _necessity(
        note, _procedure(id="p1", site="right forearm"), _procedure(id="p2", site="left forearm")
    )
    assert out["p1"].verdict == out["p2"].verdict == "medical"


# --- the other dual-purpose procedures -----------------------------------------------------------------


def test_skin_tags_chemical_peels_botulinum_toxin_and_keloids_are_assessed() -> None:
    procs = [
        {"id": "t1", "type": "skin_tag_removal", "count": 3},
        {"id": "c1", "type": "chemical_peel", "depth": "epidermal", "facial": True},
        {"id": "b1", "type": "drug", "drug": "onabotulinumtoxinA", "dose_mg": 1, "route": "intramuscular"},
        {"id": "k1", "type": "intralesional_injection", "count": 1, "diagnosis": "L91.0"},
        biopsy("x1", "punch"),
    ]
    out = _necessity("Follow-up.", *procs)
    assert {pid: n.kind for pid, n in out.items()} == {
        "t1": "benign_lesion",
        "c1": "chemical_peel",
        "b1": "botulinum_toxin",
        "k1": "scar",
    }


def test_a_peel_is_medical_for_actinic_keratoses_and_botulinum_toxin_for_hyperhidrosis() -> None:
    peel = {"id": "c1", "type": "chemical_peel", "depth": "epidermal", "facial": True}
    assert (
        _necessity("Numerous actinic keratoses of the face; field treatment.", peel)["c1"].verdict
        == "medical"
    )
    assert _necessity("Peel for fine lines and rejuvenation.", peel)["c1"].verdict == "cosmetic"
    botox = {"id": "b1", "type": "drug", "drug": "onabotulinumtoxinA", "dose_mg": 1, "route": "intramuscular"}
    note = "Severe primary axillary hyperhidrosis, failed aluminum chloride."
    assert _necessity(note, botox)["b1"].verdict == "medical"
    assert _necessity("Glabellar lines; she wants fewer wrinkles.", botox)["b1"].verdict == "cosmetic"


def test_malignant_and_premalignant_work_is_not_dual_purpose() -> None:
    procs = [
        _procedure(id="a1", lesion_kind="premalignant", count=3),
        _procedure(id="m1", lesion_kind="malignant", diameter_cm=0.8),
    ]
    assert _necessity("Actinic keratoses, unsightly.", *procs) == {}


# --- cost: loads once per process, about a millisecond per note, only when needed ----------------------

TYPICAL_NOTE = (
    "Established patient for a lesion on the right upper back. It catches on her bra strap, has bled "
    "twice this month and is itchy. Denies pain. No family history of melanoma. Exam: 8 mm stuck-on "
    "seborrheic keratosis with crust, no atypical features. Risks including bleeding, infection and "
    "scarring discussed; verbal consent. Cryotherapy, 2 freeze-thaw cycles; tolerated well."
)


def test_spacy_is_imported_only_when_a_dual_purpose_procedure_has_a_note() -> None:
    script = (
        "import sys, msgspec, dermclaim\n"
        "base = {'id': 'E', 'date_of_service': '2026-05-12', 'patient': {'id': 'P'},\n"
        "        'payer': {'kind': 'medicare'}}\n"
        "bx = {'id': 'p1', 'type': 'biopsy', 'technique': 'punch', 'site': 'upper back'}\n"
        "de = {'id': 'p2', 'type': 'destruction', 'lesion_kind': 'benign', 'site': 'upper back'}\n"
        "def run(**f):\n"
        "    dermclaim.code(dermclaim.load(msgspec.json.encode({**base, **f})))\n"
        "    return 'spacy' in sys.modules\n"
        "print(run(procedures=[bx], note='It bleeds.'), run(procedures=[de]),\n"
        "      run(procedures=[de], note='It bleeds.'))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False", "True"]


def test_a_long_note_analysed_in_chunks_gives_the_same_mentions(monkeypatch: pytest.MonkeyPatch) -> None:
    from dermclaim.necessity import nlp

    long_note = " ".join([TYPICAL_NOTE, "Mother had melanoma.", *NOT_EVIDENCE_NOTES, TYPICAL_NOTE])
    chunked = nlp.analyze.__wrapped__(long_note)
    monkeypatch.setattr(nlp, "CHUNK_CHARS", 10**9)
    assert nlp.analyze.__wrapped__(long_note) == chunked
    assert len(chunked.mentions) > 20


NOT_EVIDENCE_NOTES = [note for note, _ in NOT_EVIDENCE]
