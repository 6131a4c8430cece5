"""Body-site vocabulary and resolver (CONTRACT.md §1.3; RULES.md §1.9, §2.3, §3.4, §4.2, §5.1,
§5.3, §6.3; data/mohs_auc/DEFINITIONS.md areas H, M, L)."""

from __future__ import annotations

import json
import pickle
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dermclaim.sites import GROUP_KEYS, Site, UnknownSite, known_sites, resolve

# Short names for the group values, so the table below stays readable.
TAL = "trunk_arms_legs"
SNHFG = "scalp_neck_hands_feet_genitalia"
FACE = "face_ears_eyelids_nose_lips_mucous_membrane"
S_BODY = "scalp_neck_axillae_genitalia_trunk_extremities"
S_FACE = "face_ears_eyelids_nose_lips_mucous_membranes"
I_BODY = "scalp_axillae_trunk_extremities"
I_NHFG = "neck_hands_feet_genitalia"
I_FACE = "face_ears_eyelids_nose_lips_mucous_membranes"
C_TRUNK = "trunk"
C_SAL = "scalp_arms_legs"
C_FCC = "forehead_cheeks_chin_mouth_neck_axillae_genitalia_hands_feet"
C_ENEL = "eyelids_nose_ears_lips"
M_HEAD = "head_neck_hands_feet_genitalia"
M_TAL = "trunk_arms_legs"

ALLOWED: dict[str, set[str]] = {
    "shave": {TAL, SNHFG, FACE},
    "excision": {TAL, SNHFG, FACE},
    "malignant_destruction": {TAL, SNHFG, FACE},
    "repair_simple": {S_BODY, S_FACE},
    "repair_intermediate": {I_BODY, I_NHFG, I_FACE},
    "repair_complex": {C_TRUNK, C_SAL, C_FCC, C_ENEL},
    "adjacent_tissue_transfer": {C_TRUNK, C_SAL, C_FCC, C_ENEL},
    "mohs": {M_HEAD, M_TAL},
    "mohs_auc_area": {"H", "M", "L"},
}

# Key → group, used by the table: x = excision (= shave = malignant destruction), s = simple,
# i = intermediate, c = complex (= adjacent tissue transfer), m = Mohs, a = AUC area.
_KEYS = {
    "x": "excision",
    "s": "repair_simple",
    "i": "repair_intermediate",
    "c": "repair_complex",
    "m": "mohs",
    "a": "mohs_auc_area",
}

CASES: list[tuple[str, str, str, dict[str, str]]] = [
    # ---- every example of CONTRACT.md §1.3 and of the brief ----
    ("left upper eyelid", "upper_eyelid", "left", {"x": FACE, "c": C_ENEL, "a": "H"}),
    ("nasal tip", "nasal_tip", "midline", {"x": FACE, "c": C_ENEL, "m": M_HEAD, "a": "H"}),
    (
        "scalp",
        "scalp",
        "unspecified",
        {"x": SNHFG, "s": S_BODY, "i": I_BODY, "c": C_SAL, "m": M_HEAD, "a": "M"},
    ),
    (
        "right dorsal hand",
        "dorsal_hand",
        "right",
        {"x": SNHFG, "s": S_BODY, "i": I_NHFG, "c": C_FCC, "m": M_HEAD, "a": "H"},
    ),
    ("upper back", "upper_back", "unspecified", {"x": TAL, "i": I_BODY, "c": C_TRUNK, "m": M_TAL, "a": "L"}),
    ("pretibial left leg", "pretibial", "left", {"x": TAL, "c": C_SAL, "m": M_TAL, "a": "M"}),
    ("lip vermilion", "lip_vermilion", "unspecified", {"x": FACE, "c": C_ENEL, "a": "H"}),
    ("L forearm", "forearm", "left", {"x": TAL, "c": C_SAL, "m": M_TAL, "a": "L"}),
    ("R nasal ala", "nasal_ala", "right", {"c": C_ENEL, "a": "H"}),
    (
        "post neck",
        "posterior_neck",
        "unspecified",
        {"x": SNHFG, "s": S_BODY, "i": I_NHFG, "c": C_FCC, "m": M_HEAD, "a": "M"},
    ),
    # ---- laterality words anywhere, abbreviations, punctuation, plurals ----
    ("Lt. cheek", "cheek", "left", {"x": FACE, "c": C_FCC, "a": "M"}),
    ("cheek, rt", "cheek", "right", {}),
    ("b/l cheeks", "cheek", "bilateral", {}),
    ("both feet", "foot", "bilateral", {"x": SNHFG, "m": M_HEAD, "a": "H"}),
    ("left and right forearms", "forearm", "bilateral", {}),
    ("bil axillae", "axilla", "bilateral", {}),
    ("LUE", "arm", "left", {"x": TAL, "c": C_SAL, "m": M_TAL, "a": "L"}),
    ("rle", "leg", "right", {"x": TAL, "m": M_TAL, "a": "L"}),
    ("BUE", "arm", "bilateral", {}),
    ("left UE", "arm", "left", {}),
    ("abd", "abdomen", "unspecified", {"x": TAL, "c": C_TRUNK, "a": "L"}),
    ("ant chest", "chest", "unspecified", {"c": C_TRUNK}),
    ("R EAC", "external_auditory_canal", "right", {"x": FACE, "a": "H"}),
    ("Rt. pre-tibial", "pretibial", "right", {"a": "M"}),
    ("L. post-auricular", "postauricular", "left", {"x": FACE, "c": C_ENEL, "a": "H"}),
    ("mid-back", "mid_back", "unspecified", {"c": C_TRUNK}),
    ("lower-back", "lower_back", "unspecified", {}),
    ("midline upper back", "upper_back", "midline", {}),
    # ---- most specific site wins; qualifiers do not change the site ----
    ("upper lip", "upper_lip", "unspecified", {"x": FACE, "c": C_ENEL, "a": "H"}),
    ("lower back", "lower_back", "unspecified", {}),
    ("lower lip vermilion", "lip_vermilion", "unspecified", {}),
    ("vermilion border of the lower lip", "lip_vermilion", "unspecified", {}),
    ("mucosal lower lip", "lip_mucosa", "unspecified", {}),
    ("left upper lid margin", "eyelid_margin", "left", {}),
    ("nail bed of left thumb", "nail_bed", "left", {}),
    ("left great toe nail bed", "nail_bed", "left", {}),
    ("left index finger nail", "fingernail", "left", {}),
    ("tip of the nose", "nasal_tip", "midline", {}),
    ("nose, left ala", "nasal_ala", "left", {}),
    ("left ear helix", "helix", "left", {"c": C_ENEL}),
    ("back of the left hand", "dorsal_hand", "left", {}),
    ("right upper outer arm", "upper_arm", "right", {}),
    ("left posterior upper arm", "upper_arm", "left", {}),
    ("right anterior lower leg", "pretibial", "right", {"a": "M"}),
    ("left shin", "pretibial", "left", {"a": "M"}),
    ("left dorsal forearm", "forearm", "left", {}),
    ("right medial cheek", "cheek", "right", {}),
    ("right cheek (malar)", "malar_cheek", "right", {"a": "M"}),
    ("posterior knee", "popliteal_fossa", "unspecified", {"c": C_SAL}),
    ("left lateral malleolus", "ankle", "left", {}),
    ("plantar heel", "heel", "unspecified", {"a": "H"}),
    ("left side of nose", "nasal_sidewall", "left", {}),
    ("side of neck", "lateral_neck", "unspecified", {"i": I_NHFG}),
    # ---- Mohs AUC areas (DEFINITIONS.md) ----
    ("right ankle", "ankle", "right", {"x": TAL, "c": C_SAL, "m": M_TAL, "a": "H"}),
    ("left forearm", "forearm", "left", {"a": "L"}),
    ("nose", "nose", "unspecified", {"a": "H"}),
    ("right nipple", "nipple", "right", {"x": TAL, "c": C_TRUNK, "m": M_TAL, "a": "H"}),
    ("areola", "areola", "unspecified", {"a": "H"}),
    ("left temple", "temple", "left", {"x": FACE, "c": C_FCC, "a": "H"}),
    ("chin", "chin", "midline", {"c": C_FCC, "a": "H"}),
    ("left jawline", "jawline", "left", {"x": FACE, "c": C_FCC, "a": "M"}),
    ("forehead", "forehead", "unspecified", {"c": C_FCC, "a": "M"}),
    ("left eyebrow", "eyebrow", "left", {"a": "H"}),
    ("right medial canthus", "medial_canthus", "right", {"c": C_ENEL, "a": "H"}),
    ("left preauricular", "preauricular", "left", {"c": C_FCC, "a": "H"}),
    ("upper chest", "chest", "unspecified", {"a": "L"}),
    ("left thigh", "thigh", "left", {"a": "L"}),
    ("left calf", "calf", "left", {"a": "L"}),
    # ---- hands, feet, genitalia: head group for Mohs, neck group for intermediate repair ----
    ("right palm", "palm", "right", {"x": SNHFG, "s": S_BODY, "i": I_NHFG, "m": M_HEAD}),
    ("left great toe", "great_toe", "left", {"x": SNHFG, "i": I_NHFG, "c": C_FCC, "m": M_HEAD}),
    ("sole of right foot", "sole", "right", {"m": M_HEAD, "a": "H"}),
    ("left thumb", "thumb", "left", {"m": M_HEAD, "a": "H"}),
    ("penile shaft", "penis", "midline", {"x": SNHFG, "i": I_NHFG, "c": C_FCC, "m": M_HEAD}),
    ("left labia majora", "labia_majora", "left", {"m": M_HEAD, "a": "H"}),
    ("perianal", "perianal", "midline", {"x": SNHFG, "i": I_NHFG, "m": M_HEAD, "a": "H"}),
    ("perineum", "perineum", "midline", {"x": SNHFG, "a": "H"}),
    # ---- conventions ----
    (
        "right axilla",
        "axilla",
        "right",
        {"x": TAL, "s": S_BODY, "i": I_BODY, "c": C_FCC, "m": M_TAL, "a": "L"},
    ),
    ("left shoulder", "shoulder", "left", {"x": TAL, "c": C_SAL, "m": M_TAL, "a": "L"}),
    ("left buttock", "buttock", "left", {"x": TAL, "c": C_TRUNK, "m": M_TAL}),
    ("right groin", "groin", "right", {"x": TAL, "c": C_TRUNK}),
    (
        "anterior neck",
        "anterior_neck",
        "unspecified",
        {"x": SNHFG, "s": S_BODY, "i": I_NHFG, "c": C_FCC, "m": M_HEAD, "a": "M"},
    ),
    ("neck", "neck", "unspecified", {"i": I_NHFG, "c": C_FCC}),
    ("left concha", "concha", "left", {"x": FACE, "s": S_FACE, "i": I_FACE, "c": C_ENEL}),
    ("philtrum", "philtrum", "midline", {"c": C_ENEL, "a": "H"}),
    ("left hip", "hip", "left", {"x": TAL, "c": C_SAL}),
    ("right wrist", "wrist", "right", {"x": TAL, "i": I_BODY, "a": "L"}),
    ("buccal mucosa", "oral_mucosa", "unspecified", {"x": FACE, "c": C_FCC}),
]


@pytest.mark.parametrize(("phrase", "canonical", "laterality", "groups"), CASES, ids=[c[0] for c in CASES])
def test_resolve_table(phrase: str, canonical: str, laterality: str, groups: dict[str, str]) -> None:
    site = resolve(phrase)
    assert site.canonical == canonical
    assert site.laterality == laterality
    assert site.phrase == phrase
    for short, expected in groups.items():
        assert site.groups[_KEYS[short]] == expected, short
    # the shave, excision and malignant destruction groups are the same three groups
    assert site.groups["shave"] == site.groups["excision"] == site.groups["malignant_destruction"]
    assert site.groups["repair_complex"] == site.groups["adjacent_tissue_transfer"]


def test_case_table_is_large() -> None:
    assert len(CASES) >= 60


SPECIAL: list[tuple[str, str, str]] = [
    ("lip vermilion", "lip_vermilion", "40490"),
    ("upper lip vermilion", "lip_vermilion", "40490"),
    ("right lower lip mucosa", "lip_mucosa", "40490"),
    ("labial mucosa", "lip_mucosa", "40490"),
    ("left lower eyelid margin", "eyelid_margin", "67810"),
    ("left lash line", "eyelid_margin", "67810"),
    ("nail unit", "nail_unit", "11755"),
    ("right great toenail", "toenail", "11755"),
    ("left thumbnail", "fingernail", "11755"),
    ("nail matrix left index finger", "nail_matrix", "11755"),
    ("left proximal nail fold", "nail_fold", "11755"),
    ("subungual", "nail_bed", "11755"),
    ("right external auditory canal", "external_auditory_canal", "69105"),
    ("left ear canal", "external_auditory_canal", "69105"),
    ("buccal mucosa", "oral_mucosa", "40808"),
]


@pytest.mark.parametrize(("phrase", "canonical", "biopsy"), SPECIAL, ids=[s[0] for s in SPECIAL])
def test_special_sites_have_no_skin_codes(phrase: str, canonical: str, biopsy: str) -> None:
    site = resolve(phrase)
    assert site.canonical == canonical
    assert site.skin_codes_apply is False
    assert site.site_specific_codes is not None
    assert site.site_specific_codes["biopsy"] == biopsy
    assert site.site_specific_codes["note"]


@pytest.mark.parametrize(
    "phrase",
    [
        "upper lip",
        "lower lip",
        "lip",
        "left upper eyelid",
        "left finger",
        "helix",
        "nasal ala",
        "oral commissure",
    ],
)
def test_neighbours_of_special_sites_are_skin(phrase: str) -> None:
    site = resolve(phrase)
    assert site.skin_codes_apply is True
    assert site.site_specific_codes is None


def test_scalp_versus_neck_groupings() -> None:
    scalp, neck = resolve("scalp"), resolve("neck")
    # RULES §3.4/§5.3: both are the scalp-neck excision group and the head Mohs group …
    assert scalp.groups["excision"] == neck.groups["excision"] == SNHFG
    assert scalp.groups["mohs"] == neck.groups["mohs"] == M_HEAD
    # … but §4.2 splits them for layered and complex repairs.
    assert scalp.groups["repair_intermediate"] == I_BODY
    assert neck.groups["repair_intermediate"] == I_NHFG
    assert scalp.groups["repair_complex"] == C_SAL
    assert neck.groups["repair_complex"] == C_FCC


def test_hands_and_feet_are_extremities_for_simple_repair_only() -> None:
    for phrase in ("left hand", "right foot"):
        site = resolve(phrase)
        assert site.groups["repair_simple"] == S_BODY
        assert site.groups["repair_intermediate"] == I_NHFG
        assert site.groups["mohs"] == M_HEAD


@pytest.mark.parametrize("phrase", ["elbowz pit", "spleen", "armpitt", "xyzzy left"])
def test_unknown_phrases_name_the_closest_sites(phrase: str) -> None:
    with pytest.raises(UnknownSite) as info:
        resolve(phrase)
    exc = info.value
    assert exc.phrase == phrase
    assert 1 <= len(exc.suggestions) <= 3
    assert len(set(exc.suggestions)) == len(exc.suggestions)
    assert phrase in str(exc)
    labels = {_entry(c)["label"] for c in known_sites()}
    assert set(exc.suggestions) <= labels


def test_suggestions_are_close() -> None:
    with pytest.raises(UnknownSite) as info:
        resolve("elbowz pit")
    assert "antecubital fossa" in info.value.suggestions
    with pytest.raises(UnknownSite) as info:
        resolve("armpitt")
    assert info.value.suggestions[0] == "axilla"


@pytest.mark.parametrize("phrase", ["", "   ", "left", "R", "--"])
def test_empty_or_side_only_phrases(phrase: str) -> None:
    with pytest.raises(UnknownSite) as info:
        resolve(phrase)
    assert info.value.suggestions == []


@pytest.mark.parametrize(
    ("phrase", "candidates"),
    [
        ("left cheek and nose", ["cheek", "nose"]),
        ("right upper back/shoulder", ["upper back", "shoulder"]),
        ("chest and back", ["chest", "back"]),
        ("left temple/forehead", ["temple", "forehead"]),
    ],
)
def test_two_unrelated_sites_are_not_guessed(phrase: str, candidates: list[str]) -> None:
    with pytest.raises(UnknownSite) as info:
        resolve(phrase)
    assert info.value.suggestions == candidates
    assert "more than one site" in str(info.value)
    for label in candidates:
        assert label in str(info.value)


@pytest.mark.parametrize(
    ("phrase", "first"),
    [
        ("face", "cheek"),
        ("left side of face", "cheek"),
        ("periorbital", "upper eyelid"),
        ("mouth", "perioral skin"),
        ("digit", "finger"),
    ],
)
def test_vague_regions_are_not_guessed(phrase: str, first: str) -> None:
    with pytest.raises(UnknownSite) as info:
        resolve(phrase)
    assert info.value.suggestions[0] == first
    assert "too vague" in str(info.value)


def test_unknown_site_is_a_value_error_and_pickles() -> None:
    with pytest.raises(ValueError, match="spleen"):  # the brief: UnknownSite(ValueError)
        resolve("spleen")
    try:
        resolve("spleen")
    except UnknownSite as exc:
        copy = pickle.loads(pickle.dumps(exc))
        assert isinstance(copy, UnknownSite)
        assert (copy.phrase, copy.suggestions, str(copy)) == (exc.phrase, exc.suggestions, str(exc))


def test_non_text_is_an_unknown_site() -> None:
    with pytest.raises(UnknownSite):
        resolve(None)  # type: ignore[arg-type]


def test_to_json_shape() -> None:
    site = resolve("R nasal ala")
    out = site.to_json()
    assert set(out) == {
        "canonical",
        "label",
        "laterality",
        "groups",
        "skin_codes_apply",
        "site_specific_codes",
    }
    assert out["canonical"] == "nasal_ala"
    assert out["laterality"] == "right"
    assert out["groups"] == dict(site.groups)
    assert isinstance(out["groups"], dict)
    assert list(out["groups"]) == list(GROUP_KEYS)
    json.dumps(out)
    vermilion = resolve("lip vermilion")
    special = vermilion.to_json()
    assert special["skin_codes_apply"] is False
    assert special["site_specific_codes"] == dict(vermilion.site_specific_codes or {})
    assert dict(vermilion.site_specific_codes or {})["biopsy"] == "40490"


def test_sites_are_immutable_hashable_and_cached() -> None:
    site = resolve("scalp")
    assert resolve("scalp") is site
    assert isinstance(site, Site)
    hash(site)
    with pytest.raises(AttributeError):
        site.canonical = "forehead"  # type: ignore[misc]
    with pytest.raises(TypeError):
        site.groups["mohs"] = "x"  # type: ignore[index]
    # the same normalised words give equal sites that keep their own phrase
    other = resolve("  SCALP ")
    assert other.phrase == "  SCALP "
    assert (other.canonical, other.groups) == (site.canonical, site.groups)


# --------------------------------------------------------------------------------------------
# Data integrity of vocabulary.json


def _data() -> dict[str, Any]:
    text = resources.files("dermclaim.sites").joinpath("vocabulary.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _entry(canonical: str) -> dict[str, Any]:
    return next(e for e in _data()["sites"] if e["canonical"] == canonical)


def test_vocabulary_size_and_known_sites() -> None:
    sites = _data()["sites"]
    assert 90 <= len(sites) <= 140
    assert known_sites() == [e["canonical"] for e in sites]


def test_every_entry_is_complete() -> None:
    data = _data()
    assert data["conventions"] and all(isinstance(c, str) for c in data["conventions"])
    assert {k: set(v) for k, v in data["groupings"].items()} == ALLOWED
    for entry in data["sites"]:
        name = entry["canonical"]
        assert set(entry) == {
            "canonical",
            "label",
            "synonyms",
            "part_of",
            "lateral",
            "groups",
            "skin_codes_apply",
            "site_specific_codes",
        }, name
        assert name.isidentifier() and name == name.lower(), name
        assert entry["label"] and entry["synonyms"], name
        assert isinstance(entry["lateral"], bool), name
        assert list(entry["groups"]) == list(GROUP_KEYS), name
        for key, value in entry["groups"].items():
            assert value in ALLOWED[key], (name, key, value)
        special = entry["site_specific_codes"]
        assert entry["skin_codes_apply"] is (special is None), name
        if special is not None:
            assert special["biopsy"].isdigit() and len(special["biopsy"]) == 5, name
            assert special["note"], name


def test_identifiers_and_synonyms_are_unique() -> None:
    sites = _data()["sites"]
    canonicals = [e["canonical"] for e in sites]
    assert len(set(canonicals)) == len(canonicals)
    labels = [e["label"] for e in sites]
    assert len(set(labels)) == len(labels)
    seen: dict[str, str] = {}
    for entry in sites:
        for synonym in entry["synonyms"]:
            assert synonym == synonym.lower().strip(), synonym
            assert synonym not in seen, (synonym, seen.get(synonym), entry["canonical"])
            seen[synonym] = entry["canonical"]


def test_every_synonym_resolves_to_its_own_site() -> None:
    for entry in _data()["sites"]:
        for synonym in entry["synonyms"]:
            site = resolve(synonym)
            assert site.canonical == entry["canonical"], synonym
            expected = "unspecified" if entry["lateral"] else "midline"
            assert site.laterality == expected, synonym
            assert resolve(f"left {synonym}").laterality == "left", synonym


def test_part_of_names_known_sites_without_cycles() -> None:
    sites = {e["canonical"]: e["part_of"] for e in _data()["sites"]}
    for name, parents in sites.items():
        stack, seen = list(parents), set()
        while stack:
            parent = stack.pop()
            assert parent in sites, (name, parent)
            assert parent != name, f"part_of cycle through {name}"
            if parent not in seen:
                seen.add(parent)
                stack.extend(sites[parent])


def test_sites_named_by_the_groupings_exist() -> None:
    """CONTRACT §1.3: the vocabulary covers every site the groupings name."""
    named = [
        "scalp",
        "neck",
        "axilla",
        "genitalia",
        "trunk",
        "arm",
        "leg",
        "hand",
        "foot",
        "forehead",
        "cheek",
        "chin",
        "perioral",
        "eyelid",
        "upper_eyelid",
        "lower_eyelid",
        "nose",
        "ear",
        "lip",
        "lip_vermilion",
        "lip_mucosa",
        "oral_mucosa",
        "eyelid_margin",
        "nail_unit",
        "external_auditory_canal",
        "temple",
        "eyebrow",
        "jawline",
        "pretibial",
        "ankle",
        "nipple",
        "areola",
        "perineum",
        "perianal",
        "medial_canthus",
        "lateral_canthus",
        "preauricular",
        "postauricular",
        "shoulder",
        "buttock",
        "groin",
    ]
    assert set(named) <= set(known_sites())


# --------------------------------------------------------------------------------------------
# Property: resolve never raises anything but UnknownSite

_WORDS = sorted({w for e in _data()["sites"] for s in e["synonyms"] for w in s.split()})
_NOISE = [
    "left",
    "L",
    "rt",
    "b/l",
    "both",
    "and",
    "of",
    "the",
    "upper",
    "lower",
    "post",
    "ant",
    "lue",
    "-",
    "/",
    ",",
    "(",
    ")",
    "2cm",
    "lesion",
    "xyz",
    "midline",
    "face",
]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_resolve_never_raises_anything_else_on_text(phrase: str) -> None:
    try:
        site = resolve(phrase)
    except UnknownSite as exc:
        assert exc.phrase == phrase
        assert len(exc.suggestions) <= 3 or "more than one site" in str(exc)
    else:
        assert site.canonical in known_sites()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + _NOISE), min_size=0, max_size=6).map(" ".join))
def test_resolve_never_raises_anything_else_on_site_words(phrase: str) -> None:
    try:
        site = resolve(phrase)
    except UnknownSite:
        return
    assert site.canonical in known_sites()
    assert site.laterality in {"left", "right", "bilateral", "midline", "unspecified"}
    assert set(site.groups) == set(GROUP_KEYS)


# --- audit (issue 2): phrases billers write --------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "canonical", "laterality"),
    [
        ("L nasal ala", "nasal_ala", "left"),
        ("R post auricular", "postauricular", "right"),
        ("LUE", "arm", "left"),
        ("mid upper back", "upper_back", "unspecified"),
        ("R dorsal 2nd finger", "finger", "right"),
        ("L pretibial", "pretibial", "left"),
        ("L 1st toe", "great_toe", "left"),
        ("L plantar great toe", "great_toe", "left"),
        ("R plantar 2nd toe", "toe", "right"),
        ("L palmar index finger", "finger", "left"),
        ("R volar wrist", "wrist", "right"),
        ("L plantar foot", "sole", "left"),
        ("LLQ", "abdomen", "left"),
        ("RUQ abdomen", "abdomen", "right"),
        ("R submalar", "cheek", "right"),
        ("L suprabrow", "forehead", "left"),
        ("L paraspinal", "back", "left"),
        ("R parasternal", "chest", "right"),
        ("L scaphoid fossa", "ear", "left"),
        ("R sub-mental", "anterior_neck", "right"),
        ("L infra-orbital", "cheek", "left"),
    ],
)
def test_biller_phrases_resolve(phrase: str, canonical: str, laterality: str) -> None:
    site = resolve(phrase)
    assert (site.canonical, site.laterality) == (canonical, laterality)


@pytest.mark.parametrize(
    "phrase", ["L infra-auricular", "R supra-auricular", "L peri-auricular", "para-nasal"]
)
def test_a_locative_prefix_is_not_dropped_at_the_hyphen(phrase: str) -> None:
    """'infra-auricular' skin is below the ear, not the ear: refused, never read as 'auricular'."""
    with pytest.raises(UnknownSite):
        resolve(phrase)
