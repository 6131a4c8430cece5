"""Wound repair (12001–13153) and adjacent tissue transfer (14000–14302) coding and scrubbing,
through the library and the CLI (RULES.md §3.10–3.11, §4 and their worked examples)."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dermclaim
from dermclaim.options import Options
from tests.conftest import biopsy, code_doc, encounter, first_finding, rule_names, run_cli, scrub_doc


def _codes(result: dermclaim.Result, corrected: bool = False) -> list[tuple[str, int]]:
    lines = result.corrected_lines if corrected else result.lines
    assert lines is not None
    return [(ln.code, ln.units) for ln in lines]


def _status(result: dermclaim.Result) -> dict[str, str]:
    return {p.id: p.status for p in result.procedures}


def repair(pid: str, site: str, complexity: str, length: float, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "type": "repair", "site": site, "complexity": complexity, "length_cm": length} | extra


def excision(
    pid: str, site: str, diameter: float, margin: float, behavior: str, **extra: Any
) -> dict[str, Any]:
    return {
        "id": pid,
        "type": "excision",
        "site": site,
        "diameter_cm": diameter,
        "margin_cm": margin,
        "behavior": behavior,
    } | extra


def flap(pid: str, site: str, area: float, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "type": "adjacent_tissue_transfer", "site": site, "area_sq_cm": area} | extra


# --- the worked examples ----------------------------------------------------------------------------


def test_two_intermediate_repairs_on_the_arm_sum_to_12032() -> None:
    doc = encounter(
        procedures=[
            repair("r1", "left forearm", "intermediate", 2.0),
            repair("r2", "left upper arm", "intermediate", 3.0),
        ]
    )
    result = code_doc(doc)
    assert _codes(result) == [("12032", 1)]
    assert result.lines[0].procedures == ["r1", "r2"]
    assert "2.0 cm (r1, forearm) + 3.0 cm (r2, upper arm) = 5.0 cm" in result.lines[0].because


def test_simple_repairs_of_face_and_trunk_are_separate_codes() -> None:
    doc = encounter(
        procedures=[repair("r1", "left cheek", "simple", 2.0), repair("r2", "upper back", "simple", 3.0)]
    )
    assert sorted(_codes(code_doc(doc))) == [("12002", 1), ("12011", 1)]


def test_simple_repair_beside_an_excision_is_an_error_with_its_source() -> None:
    doc = encounter(
        diagnoses=["L72.0"],
        procedures=[
            excision(
                "p1", "upper back", 1.0, 0.2, "benign", repair={"complexity": "simple", "length_cm": 3.0}
            )
        ],
        claim_lines=[{"code": "11402", "diagnoses": [1]}, {"code": "12001", "diagnoses": [1]}],
    )
    result = scrub_doc(doc)
    finding = first_finding(result, "REP001")
    assert finding.severity == "error" and finding.fix_safety == "safe" and finding.lines == [1]
    assert finding.fix == "Remove 12001"
    assert any("includes simple (non-layered) closure" in s for s in finding.sources)
    assert _codes(result, corrected=True) == [("11402", 1)]


# --- bands and groups -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site, complexity, length, expected",
    [
        ("upper back", "simple", 2.5, [("12001", 1)]),
        ("upper back", "simple", 2.6, [("12002", 1)]),
        ("left thigh", "simple", 7.6, [("12004", 1)]),
        ("abdomen", "simple", 30.5, [("12007", 1)]),
        ("left cheek", "simple", 5.0, [("12013", 1)]),
        ("left cheek", "simple", 5.1, [("12014", 1)]),
        ("scalp", "intermediate", 12.5, [("12034", 1)]),
        ("neck", "intermediate", 2.0, [("12041", 1)]),
        ("right dorsal hand", "simple", 2.0, [("12001", 1)]),
        ("right dorsal hand", "intermediate", 2.0, [("12041", 1)]),
        ("nasal tip", "intermediate", 5.0, [("12052", 1)]),
        ("forehead", "intermediate", 5.1, [("12053", 1)]),
        ("upper back", "complex", 2.5, [("13100", 1)]),
        ("left forearm", "complex", 7.5, [("13121", 1)]),
        ("right dorsal hand", "complex", 3.0, [("13132", 1)]),
        ("upper back", "complex", 7.6, [("13101", 1), ("13102", 1)]),
        ("upper back", "complex", 12.5, [("13101", 1), ("13102", 1)]),
        ("upper back", "complex", 12.6, [("13101", 1), ("13102", 2)]),
        ("nasal tip", "complex", 8.0, [("13152", 1), ("13153", 1)]),
    ],
)
def test_repair_bands_by_class_and_group(
    site: str, complexity: str, length: float, expected: list[Any]
) -> None:
    assert _codes(code_doc(encounter(procedures=[repair("r1", site, complexity, length)]))) == expected


def test_groups_differ_by_class() -> None:
    # Neck: simple with the trunk (12001), intermediate with the hands (12041), complex with the
    # cheeks (13131); the scalp and arm intermediate repairs sum together, the neck's does not.
    doc = encounter(
        procedures=[
            repair("r1", "neck", "simple", 2.0),
            repair("r2", "upper back", "simple", 2.0),
            repair("r3", "neck", "intermediate", 2.0),
            repair("r4", "scalp", "intermediate", 2.0),
            repair("r5", "left upper arm", "intermediate", 1.0),
        ]
    )
    assert sorted(_codes(code_doc(doc))) == [("12002", 1), ("12032", 1), ("12041", 1)]


# --- classification edge cases ------------------------------------------------------------------------


def test_complex_repair_of_1_cm_is_coded_as_intermediate_with_a_warning() -> None:
    doc = encounter(
        procedures=[
            repair("r1", "nasal tip", "complex", 1.0),
            repair("r2", "right cheek", "intermediate", 2.0),
        ]
    )
    result = code_doc(doc)
    assert _codes(result) == [("12052", 1)]  # 1.0 + 2.0 cm in the face intermediate group
    finding = first_finding(result, "REP005")
    assert finding.severity == "warning" and finding.confidence == "medium"


def test_complex_lengths_are_summed_before_the_one_centimetre_test() -> None:
    doc = encounter(
        procedures=[
            repair("r1", "nasal tip", "complex", 0.8),
            repair("r2", "left upper eyelid", "complex", 0.6),
        ]
    )
    assert _codes(code_doc(doc)) == [("13151", 1)]


def test_more_complicated_repair_is_listed_first() -> None:
    doc = encounter(
        procedures=[
            repair("r1", "upper back", "intermediate", 10.0),
            repair("r2", "upper back", "complex", 1.5),
        ]
    )
    assert [c for c, _ in _codes(code_doc(doc))] == ["13100", "12034"]


# --- closures that are not billed ---------------------------------------------------------------------


def test_simple_repair_of_excision_and_punch_wounds_is_included() -> None:
    doc = encounter(
        procedures=[
            excision("p1", "upper back", 1.0, 0.2, "benign", lesion="A"),
            repair("r1", "upper back", "simple", 3.0, lesion="A"),
            biopsy("b1", "punch", site="left forearm", lesion="B"),
            repair("r2", "left forearm", "simple", 0.5, lesion="B"),
            repair("r3", "left thigh", "simple", 2.0),
        ]
    )
    result = code_doc(doc)
    assert sorted(_codes(result)) == [("11104", 1), ("11402", 1), ("12001", 1)]
    status = _status(result)
    assert status["r1"] == status["r2"] == "bundled" and status["r3"] == "coded"
    assert next(ln for ln in result.lines if ln.code == "12001").procedures == ["r3"]


def test_layered_repair_of_a_punch_biopsy_wound_is_coded_unless_ncci_pairs_them() -> None:
    # CPT: only simple closure is included in 11104 (RULES 1.10); the NCCI table pairs 11104 over
    # 12031, so under NCCI the post-pass bundles the repair of the same wound.
    doc = encounter(
        payer={"kind": "commercial"},
        procedures=[
            biopsy("b1", "punch", site="left forearm", lesion="B"),
            repair("r1", "left forearm", "intermediate", 1.0, lesion="B"),
        ],
    )
    assert sorted(_codes(code_doc(doc, Options(ncci_for_commercial=False)))) == [("11104", 1), ("12031", 1)]
    assert _codes(code_doc(doc)) == [("11104", 1)]


def _small_benign(behavior: str = "benign") -> dict[str, Any]:
    return encounter(
        procedures=[
            excision(
                "p1",
                "left shoulder",
                0.3,
                0.1,
                behavior,
                repair={"complexity": "intermediate", "length_cm": 1.5},
            )
        ],
        claim_lines=[{"code": "11400"}, {"code": "12031"}],
    )


def test_repair_of_a_small_benign_excision_is_included_under_ncci() -> None:
    result = code_doc(_small_benign())
    assert _codes(result) == [("11400", 1)]
    assert first_finding(scrub_doc(_small_benign()), "REP004").lines == [1]


def test_payer_setting_pays_the_repair_of_a_small_benign_excision() -> None:
    result = code_doc(_small_benign(), Options(small_benign_excision_includes_repair=False))
    assert sorted(_codes(result)) == [("11400", 1), ("12031", 1)]


def test_repair_of_a_small_malignant_excision_is_coded() -> None:
    assert sorted(_codes(code_doc(_small_benign("malignant")))) == [("11600", 1), ("12031", 1)]


def test_repair_of_a_small_excision_waits_for_its_pathology() -> None:
    doc = encounter(
        procedures=[
            {"id": "p1", "type": "excision", "site": "left shoulder", "diameter_cm": 0.3, "margin_cm": 0.1},
            repair("r1", "left shoulder", "intermediate", 1.5, lesion="X"),
        ]
    )
    doc["procedures"][0]["lesion"] = "X"
    result = code_doc(doc)
    assert result.lines == []
    assert _status(result) == {"p1": "hold", "r1": "hold"}
    assert "waits with it" in first_finding(result, "EXC002").message


def test_adhesive_strips_alone_are_not_a_repair() -> None:
    doc = encounter(
        procedures=[repair("r1", "left forearm", "simple", 1.5, method="adhesive_strips")],
        claim_lines=[{"code": "12001"}],
    )
    coded = code_doc(doc)
    assert coded.lines == [] and _status(coded)["r1"] == "not_coded"
    assert first_finding(coded, "REP006").severity == "info"
    assert first_finding(scrub_doc(doc), "REP006").severity == "error"


def test_tissue_adhesive_alone_is_a_simple_repair() -> None:
    doc = encounter(procedures=[repair("r1", "left forearm", "simple", 1.5, method="tissue_adhesive")])
    assert _codes(code_doc(doc)) == [("12001", 1)]


def test_repair_after_mohs_is_reported() -> None:
    doc = encounter(
        procedures=[
            {"id": "m1", "type": "mohs", "site": "nasal tip", "lesion": "T", "stages": [{"blocks": 2}]},
            repair("r1", "nasal tip", "intermediate", 2.0, lesion="T"),
        ]
    )
    result = code_doc(doc)
    assert ("12051", 1) in _codes(result)
    assert "Mohs defect" in next(ln for ln in result.lines if ln.code == "12051").because


# --- scrubbing ----------------------------------------------------------------------------------------


def test_repairs_of_one_group_billed_on_two_lines_are_flagged() -> None:
    doc = encounter(
        procedures=[
            repair("r1", "left forearm", "intermediate", 2.0),
            repair("r2", "left upper arm", "intermediate", 3.0),
        ],
        claim_lines=[{"code": "12031"}, {"code": "12032"}],
    )
    result = scrub_doc(doc)
    finding = first_finding(result, "REP002")
    assert finding.lines == [0, 1] and finding.fix == "Bill 12032"
    assert "REP008" not in rule_names(result)
    assert _codes(result, corrected=True) == [("12032", 1)]


def test_repairs_summed_across_groups_are_flagged() -> None:
    doc = encounter(
        procedures=[repair("r1", "left cheek", "simple", 2.0), repair("r2", "upper back", "simple", 2.0)],
        claim_lines=[{"code": "12002"}],
    )
    result = scrub_doc(doc)
    finding = first_finding(result, "REP003")
    assert "4.0 cm" in finding.message and "12011" in finding.fix and "12001" in finding.fix
    assert "REP008" not in rule_names(result)


def test_secondary_closure_code_for_a_lesion_defect() -> None:
    doc = encounter(
        procedures=[
            excision(
                "p1", "upper back", 2.0, 0.5, "malignant", repair={"complexity": "complex", "length_cm": 7.0}
            )
        ],
        claim_lines=[{"code": "11603"}, {"code": "13160"}],
    )
    result = scrub_doc(doc)
    finding = first_finding(result, "REP007")
    assert finding.severity == "error" and finding.fix == "Remove 13160; bill 13101"
    assert sorted(_codes(result, corrected=True)) == [("11603", 1), ("13101", 1)]


def test_dehiscence_code_without_documented_repair_is_left_to_a_person() -> None:
    doc = encounter(procedures=[biopsy("b1", "punch")], claim_lines=[{"code": "11104"}, {"code": "12020"}])
    finding = first_finding(scrub_doc(doc), "REP007")
    assert finding.severity == "warning" and finding.fix_safety == "display-only"


def test_layered_code_for_a_one_layer_closure() -> None:
    doc = encounter(
        procedures=[repair("r1", "right dorsal hand", "simple", 3.2)],
        claim_lines=[{"code": "12042"}],
    )
    result = scrub_doc(doc)
    findings = [f for f in result.findings if f.rule == "REP008"]
    assert len(findings) == 1 and "an intermediate repair code" in findings[0].message
    assert findings[0].fix == "Bill 12002 instead of 12042"


def test_repair_billed_for_a_flap_defect() -> None:
    doc = encounter(
        procedures=[
            excision("p1", "left cheek", 1.5, 0.4, "malignant", lesion="C"),
            flap("f1", "left cheek", 14.0, lesion="C"),
            repair("r1", "left cheek", "intermediate", 4.0, lesion="C"),
        ],
        claim_lines=[{"code": "14041"}, {"code": "12052"}],
    )
    result = scrub_doc(doc)
    assert _status(result)["r1"] == "bundled"
    assert "flap" in first_finding(result, "REP008").message
    assert _codes(result, corrected=True) == [("14041", 1)]


# --- adjacent tissue transfer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "site, area, expected",
    [
        ("upper back", 10.0, [("14000", 1)]),
        ("upper back", 10.1, [("14001", 1)]),
        ("scalp", 30.0, [("14021", 1)]),
        ("left cheek", 8.0, [("14040", 1)]),
        ("right helix", 12.0, [("14061", 1)]),
        ("nasal tip", 30.1, [("14301", 1)]),
        ("left thigh", 60.0, [("14301", 1)]),
        ("left thigh", 60.1, [("14301", 1), ("14302", 1)]),
        ("abdomen", 95.0, [("14301", 1), ("14302", 2)]),
    ],
)
def test_flap_codes_by_group_and_area(site: str, area: float, expected: list[Any]) -> None:
    assert _codes(code_doc(encounter(procedures=[flap("f1", site, area)]))) == expected


def test_flap_billed_from_the_primary_defect_only() -> None:
    doc = encounter(procedures=[flap("f1", "left cheek", 14.0)], claim_lines=[{"code": "14040"}])
    finding = first_finding(scrub_doc(doc), "ATT001")
    assert finding.fix == "Bill 14041 instead of 14040" and "14.0 sq cm" in finding.message


# --- through the command line ---------------------------------------------------------------------


def test_cli_scrub_reports_the_simple_repair_and_corrects_the_claim(write_json: Any) -> None:
    doc = encounter(
        diagnoses=["L72.0"],
        procedures=[
            excision(
                "p1", "upper back", 1.0, 0.2, "benign", repair={"complexity": "simple", "length_cm": 3.0}
            )
        ],
        claim_lines=[{"code": "11402", "diagnoses": [1]}, {"code": "12001", "diagnoses": [1]}],
    )
    proc = run_cli("scrub", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    rep = next(f for f in out["findings"] if f["rule"] == "REP001")
    assert rep["lines"] == [1] and rep["sources"]
    assert [ln["code"] for ln in out["corrected_lines"]] == ["11402"]
    text = run_cli("explain", "REP001").stdout.decode()
    assert "simple-repair-of-procedure-wound-billed" in text
