"""Shave removal (11300–11313) and excision (11400–11646) coding and scrubbing, through the
library and the CLI (RULES.md §2–3 and their worked examples)."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest

import dermclaim
from dermclaim.errors import InputError
from dermclaim.options import Options
from tests.conftest import (
    Lines,
    biopsy,
    code_doc,
    encounter,
    first_finding,
    result_lines,
    rule_names,
    run_cli,
    scrub_doc,
)


def _status(result: dermclaim.Result) -> dict[str, tuple[str, str]]:
    return {p.id: (p.status, p.reason) for p in result.procedures}


def excision(
    pid: str, site: str, diameter: float, margin: float | None = None, **extra: Any
) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": pid, "type": "excision", "site": site, "diameter_cm": diameter}
    if margin is not None:
        doc["margin_cm"] = margin
    return doc | extra


def shave(pid: str, site: str, diameter: float, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "type": "shave_removal", "site": site, "diameter_cm": diameter} | extra


# --- excision: the worked example (RULES 3.2) --------------------------------------------------


def test_worked_example_trunk_benign_is_11402() -> None:
    doc = encounter(
        diagnoses=["L72.0"],
        procedures=[excision("p1", "upper back", 1.0, 0.2, behavior="benign")],
    )
    result = code_doc(doc)
    assert result_lines(result) == [("11402", 1, ())]
    because = result.lines[0].because
    assert "1.0 + 2 × 0.2 cm margin = 1.4 cm" in because
    assert "trunk, arms, legs" in because and "1.1–2.0 cm" in because


def test_worked_example_face_malignant_from_pathology_is_11642() -> None:
    doc = encounter(
        diagnoses=["D49.2"],
        procedures=[excision("p1", "nasal tip", 1.0, 0.2, specimen="A")],
        pathology=[{"specimen": "A", "diagnosis": "C44.311", "behavior": "malignant"}],
    )
    result = code_doc(doc)
    assert result_lines(result) == [("11642", 1, ())]
    assert result.lines[0].diagnoses == ["C44.311"]
    assert "pathology of specimen 'A'" in result.lines[0].because


@pytest.mark.parametrize(
    "diameter, margin, code",
    [
        (0.3, 0.1, "11400"),  # 0.5 cm
        (0.4, 0.1, "11401"),  # 0.6 cm
        (0.6, 0.2, "11401"),  # 1.0 cm
        (1.6, 0.2, "11402"),  # 2.0 cm
        (2.0, 0.5, "11403"),  # 3.0 cm
        (3.0, 0.5, "11404"),  # 4.0 cm
        (3.0, 0.55, "11406"),  # 4.1 cm
    ],
)
def test_excised_diameter_bands(diameter: float, margin: float, code: str) -> None:
    doc = encounter(procedures=[excision("p1", "left thigh", diameter, margin, behavior="benign")])
    assert result_lines(code_doc(doc)) == [(code, 1, ())]


@pytest.mark.parametrize(
    "site, behavior, code",
    [
        ("scalp", "benign", "11422"),
        ("right dorsal hand", "malignant", "11622"),
        ("left upper eyelid", "benign", "11442"),
        ("left forearm", "malignant", "11602"),
        ("neck", "malignant", "11622"),
        ("right helix", "malignant", "11642"),
    ],
)
def test_excision_site_groups_and_families(site: str, behavior: str, code: str) -> None:
    doc = encounter(procedures=[excision("p1", site, 1.0, 0.2, behavior=behavior)])
    assert result_lines(code_doc(doc)) == [(code, 1, ())]


# --- family: premalignant, uncertain, in situ, pending -------------------------------------------


def test_premalignant_lesion_takes_the_benign_family() -> None:
    doc = encounter(procedures=[excision("p1", "upper back", 1.0, 0.2, behavior="premalignant")])
    result = code_doc(doc)
    assert result_lines(result) == [("11402", 1, ())]
    assert "EXC006" not in rule_names(result)


def test_uncertain_behavior_takes_the_benign_family_and_says_so() -> None:
    doc = encounter(procedures=[excision("p1", "upper back", 1.0, 0.2, behavior="uncertain")])
    result = code_doc(doc)
    assert result_lines(result) == [("11402", 1, ())]
    finding = first_finding(result, "EXC006")
    assert finding.severity == "info" and finding.confidence == "medium"


def test_in_situ_takes_the_malignant_family_by_default_with_a_low_confidence_warning() -> None:
    doc = encounter(procedures=[excision("p1", "left upper arm", 0.9, 0.5, behavior="in_situ")])
    result = code_doc(doc)
    assert result_lines(result) == [("11602", 1, ())]
    assert "in_situ_excision_family='malignant'" in result.lines[0].because
    finding = first_finding(result, "EXC006")
    assert finding.severity == "warning" and finding.confidence == "low"
    benign = code_doc(doc, Options(in_situ_excision_family="benign"))
    assert result_lines(benign) == [("11402", 1, ())]


def test_behavior_unknown_holds_the_excision_for_pathology() -> None:
    doc = encounter(procedures=[excision("p1", "left forearm", 0.8, 0.2, specimen="A")])
    result = code_doc(doc)
    assert result.lines == []
    assert _status(result)["p1"][0] == "hold"
    finding = first_finding(result, "EXC002")
    assert finding.severity == "warning" and "specimen 'A'" in finding.message
    assert "ENG001" not in rule_names(result)


def test_documented_behavior_wins_over_the_missing_pathology() -> None:
    doc = encounter(procedures=[excision("p1", "left forearm", 0.8, 0.2, behavior="malignant", specimen="A")])
    assert result_lines(code_doc(doc)) == [("11602", 1, ())]


# --- margins, re-excision, one excision for several lesions --------------------------------------


def test_without_a_margin_only_the_lesion_diameter_counts() -> None:
    doc = encounter(procedures=[excision("p1", "upper back", 1.0, behavior="benign")])
    result = code_doc(doc)
    assert result_lines(result) == [("11401", 1, ())]
    assert "margin not documented" in result.lines[0].because
    assert "1.4 cm" in first_finding(result, "EXC003").fix


def test_re_excision_at_the_same_session_is_one_code_on_the_widest_diameter() -> None:
    doc = encounter(
        procedures=[
            excision("p1", "nasal tip", 0.8, 0.2, behavior="malignant", lesion="N"),
            excision("p2", "nasal tip", 1.4, 0.4, behavior="malignant", lesion="N", re_excision_of="p1"),
        ]
    )
    result = code_doc(doc)
    assert result_lines(result) == [("11643", 1, ())]  # 1.4 + 0.8 = 2.2 cm
    assert result.lines[0].procedures == ["p1", "p2"]
    status = _status(result)
    assert status["p2"][0] == "coded" and status["p1"][0] == "bundled"


def test_re_excision_billed_as_a_second_code_is_flagged() -> None:
    doc = encounter(
        procedures=[
            excision("p1", "nasal tip", 0.8, 0.2, behavior="malignant"),
            excision("p2", "nasal tip", 1.4, 0.4, behavior="malignant", re_excision_of="p1"),
        ],
        claim_lines=[{"code": "11642"}, {"code": "11643"}],
    )
    result = scrub_doc(doc)
    finding = first_finding(result, "EXC001")
    assert "re-excision at the same session" in finding.message and finding.lines == [0]
    assert result_lines(result, corrected=True) == [("11643", 1, ())]


def _one_ellipse() -> dict[str, Any]:
    return encounter(
        diagnoses=["D22.5"],
        procedures=[
            excision("p1", "upper back", 1.0, 0.2, behavior="benign"),
            excision("p2", "upper back", 0.8, 0.3, behavior="benign", same_excision_as="p1"),
        ],
        claim_lines=[{"code": "11402"}, {"code": "11402"}],
    )


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("largest", [("11402", 1, ())]),  # widest: p1 1.4 cm (p2 1.4 cm too)
        ("sum", [("11403", 1, ())]),  # 1.0 + 0.8 + 2 × 0.2 = 2.2 cm
        ("separate", [("11402", 2, ())]),
    ],
)
def test_several_lesions_in_one_excision_follow_the_payer_setting(setting: str, expected: Lines) -> None:
    result = code_doc(_one_ellipse(), Options(combined_excision_diameter=setting))  # type: ignore[arg-type]
    assert result_lines(result) == expected


def test_several_lesions_in_one_excision_billed_separately_is_an_error_under_ncci() -> None:
    result = scrub_doc(_one_ellipse())
    finding = first_finding(result, "EXC004")
    assert finding.severity == "error" and finding.lines == [1]
    assert finding.fix.startswith("Remove 11402")
    assert result_lines(result, corrected=True) == [("11402", 1, ())]
    assert "EXC004" not in rule_names(
        scrub_doc(_one_ellipse(), Options(combined_excision_diameter="separate"))
    )


def test_a_malignant_lesion_in_the_ellipse_makes_the_code_malignant() -> None:
    doc = encounter(
        procedures=[
            excision("p1", "left cheek", 0.6, 0.2, behavior="benign"),
            excision("p2", "left cheek", 0.5, 0.3, behavior="malignant", same_excision_as="p1"),
        ]
    )
    assert result_lines(code_doc(doc)) == [("11642", 1, ())]


@pytest.mark.parametrize("ref", ["p9", "p1", "b1"])
def test_same_excision_as_must_name_another_excision(ref: str) -> None:
    doc = encounter(
        procedures=[
            biopsy("b1", "punch"),
            excision("p1", "upper back", 1.0, 0.2, behavior="benign", same_excision_as=ref),
        ]
    )
    with pytest.raises(InputError) as err:
        dermclaim.load(msgspec.json.encode(doc))
    assert "/procedures/1/same_excision_as" in str(err.value)


# --- adjacent tissue transfer, special sites, biopsies -------------------------------------------


def test_excision_closed_with_a_flap_is_included_in_the_flap() -> None:
    doc = encounter(
        procedures=[
            excision("p1", "right nasal ala", 0.9, 0.3, behavior="malignant", lesion="N"),
            {
                "id": "f1",
                "type": "adjacent_tissue_transfer",
                "site": "right nasal ala",
                "area_sq_cm": 6,
                "lesion": "N",
            },
        ],
        claim_lines=[{"code": "14060"}, {"code": "11642"}],
    )
    result = scrub_doc(doc)
    assert result_lines(result, corrected=True) == [("14060", 1, ())]
    assert _status(result)["p1"][0] == "bundled"
    assert first_finding(result, "EXC005").lines == [1]
    assert "EXC001" not in rule_names(result)


@pytest.mark.parametrize("site", ["lip vermilion", "left lower eyelid margin", "right great toenail"])
def test_no_skin_removal_code_where_skin_codes_do_not_apply(site: str) -> None:
    doc = encounter(procedures=[excision("p1", site, 0.6, 0.1, behavior="benign"), shave("s1", site, 0.4)])
    result = code_doc(doc)
    assert result.lines == []
    assert {s for s, _ in _status(result).values()} == {"not_coded"}
    assert len([f for f in result.findings if f.rule == "EXC007"]) == 2


def test_biopsy_of_a_shaved_lesion_is_left_to_the_biopsy_rules() -> None:
    doc = encounter(
        procedures=[biopsy("b1", "tangential", lesion="A"), shave("s1", "upper back", 0.6, lesion="A")],
        claim_lines=[{"code": "11301"}, {"code": "11102"}],
    )
    result = scrub_doc(doc)
    assert result_lines(result, corrected=True) == [("11301", 1, ())]
    assert "BX007" in rule_names(result)
    assert not {"SHV001", "EXC001"} & rule_names(result)


# --- shave removal --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site, diameter, code",
    [
        ("upper back", 0.5, "11300"),
        ("left forearm", 0.6, "11301"),
        ("left thigh", 2.0, "11302"),
        ("abdomen", 2.1, "11303"),
        ("scalp", 0.4, "11305"),
        ("neck", 1.5, "11307"),
        ("right dorsal foot", 2.5, "11308"),
        ("left cheek", 0.7, "11311"),
        ("nasal tip", 1.2, "11312"),
    ],
)
def test_shave_bands_use_the_lesion_diameter_by_site_group(site: str, diameter: float, code: str) -> None:
    assert result_lines(code_doc(encounter(procedures=[shave("s1", site, diameter)]))) == [(code, 1, ())]


def test_shaved_lesions_with_one_code_share_a_line_unless_diagnoses_differ() -> None:
    doc = encounter(
        diagnoses=["L82.0"],
        procedures=[
            shave("s1", "upper back", 0.4),
            shave("s2", "lower back", 0.3),
            shave("s3", "chest", 0.5, diagnosis="D22.5"),
        ],
    )
    result = code_doc(doc)
    assert sorted(result_lines(result)) == [("11300", 1, ()), ("11300", 2, ())]
    by_dx = {tuple(ln.diagnoses): ln.units for ln in result.lines}
    assert by_dx == {("L82.0",): 2, ("D22.5",): 1}


def test_shave_sized_with_a_margin_is_flagged_with_the_right_code() -> None:
    doc = encounter(
        diagnoses=["L82.0"],
        procedures=[shave("s1", "left cheek", 0.7)],
        claim_lines=[{"code": "11312", "diagnoses": [1]}],
    )
    result = scrub_doc(doc)
    finding = first_finding(result, "SHV001")
    assert finding.fix == "Bill 11311 instead of 11312"
    assert "lesion diameter only" in finding.message
    assert result_lines(result, corrected=True) == [("11311", 1, ())]


def test_shave_units_beyond_the_lesions_are_flagged() -> None:
    doc = encounter(
        procedures=[shave("s1", "upper back", 0.4), shave("s2", "upper back", 0.3)],
        claim_lines=[{"code": "11300", "units": 3}],
    )
    findings = [f for f in scrub_doc(doc).findings if f.rule == "SHV001"]
    assert len(findings) == 1 and "no documented shave removal" in findings[0].message


# --- excision scrubbing -----------------------------------------------------------------------------


def test_excision_sized_without_margins_is_an_error_with_a_safe_fix() -> None:
    doc = encounter(
        diagnoses=["L72.0"],
        procedures=[excision("p1", "upper back", 1.0, 0.2, behavior="benign")],
        claim_lines=[{"code": "11401", "diagnoses": [1]}],
    )
    finding = first_finding(scrub_doc(doc), "EXC001")
    assert finding.severity == "error" and finding.fix_safety == "safe"
    assert "without its margins" in finding.message
    assert finding.fix == "Bill 11402 instead of 11401"
    assert {"pointer": "/procedures/0/margin_cm", "value": 0.2} in [
        {"pointer": f.pointer, "value": f.value} for f in finding.facts
    ]


def test_excision_billed_in_the_wrong_family() -> None:
    doc = encounter(
        diagnoses=["C44.311"],
        procedures=[excision("p1", "nasal tip", 1.0, 0.2, specimen="A")],
        pathology=[{"specimen": "A", "diagnosis": "C44.311", "behavior": "malignant"}],
        claim_lines=[{"code": "11442", "diagnoses": [1]}],
    )
    finding = first_finding(scrub_doc(doc), "EXC001")
    assert "benign excision code" in finding.message and finding.fix == "Bill 11642 instead of 11442"
    assert {f.pointer for f in finding.facts} >= {"/pathology/0/behavior"}


def test_excision_fix_is_unsafe_when_the_margin_is_not_documented() -> None:
    doc = encounter(
        procedures=[excision("p1", "upper back", 1.0, behavior="benign")],
        claim_lines=[{"code": "11403"}],
    )
    finding = first_finding(scrub_doc(doc), "EXC001")
    assert finding.fix_safety == "unsafe" and finding.confidence == "medium"


def test_held_excision_accepts_either_family_of_its_band() -> None:
    doc = encounter(
        procedures=[excision("p1", "upper back", 1.0, 0.2, specimen="A")],
        claim_lines=[{"code": "11602"}],
    )
    result = scrub_doc(doc)
    assert "EXC001" not in rule_names(result)
    assert first_finding(result, "EXC002").lines == [0]


def test_documented_excision_not_billed_is_a_warning() -> None:
    doc = encounter(
        procedures=[excision("p1", "upper back", 1.0, 0.2, behavior="benign")],
        claim_lines=[{"code": "99213"}],
    )
    finding = first_finding(scrub_doc(doc), "EXC001")
    assert finding.severity == "warning" and finding.fix == "Bill 11402"


# --- through the command line ---------------------------------------------------------------------


def test_cli_codes_an_excision_and_explains_it(write_json: Any) -> None:
    doc = encounter(procedures=[excision("p1", "nasal tip", 1.0, 0.2, behavior="malignant")])
    proc = run_cli("code", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert [(ln["code"], ln["units"]) for ln in out["lines"]] == [("11642", 1)]
    assert "1.4 cm" in out["lines"][0]["because"]
    assert out["procedures"][0]["status"] == "coded"


def test_cli_scrub_fails_on_error_and_names_the_rule(write_json: Any) -> None:
    doc = encounter(
        procedures=[excision("p1", "upper back", 1.0, 0.2, behavior="benign")],
        claim_lines=[{"code": "11401"}],
    )
    path = str(write_json(doc))
    proc = run_cli("scrub", path, "--format", "json", "--fail-on", "error")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert "EXC001" in {f["rule"] for f in out["findings"]}
    assert [ln["code"] for ln in out["corrected_lines"]] == ["11402"]


def test_cli_refuses_a_dangling_same_excision_reference(write_json: Any) -> None:
    doc = encounter(
        procedures=[excision("p1", "upper back", 1.0, 0.2, behavior="benign", same_excision_as="p7")]
    )
    proc = run_cli("code", str(write_json(doc)))
    assert proc.returncode == 2
    assert "/procedures/0/same_excision_as" in proc.stderr.decode()


def test_cli_settings_file_changes_the_combined_excision(write_json: Any) -> None:
    doc = _one_ellipse()
    del doc["claim_lines"]
    config = write_json({"combined_excision_diameter": "separate"}, "settings.json")
    proc = run_cli("code", str(write_json(doc)), "--format", "json", "--config", str(config))
    assert proc.returncode == 0, proc.stderr.decode()
    assert [(ln["code"], ln["units"]) for ln in json.loads(proc.stdout)["lines"]] == [("11402", 2)]
    bad = write_json({"combined_excision_diameter": "widest"}, "bad.json")
    assert run_cli("code", str(write_json(doc)), "--config", str(bad)).returncode == 2
