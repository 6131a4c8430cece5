"""Destruction, skin tags, intralesional injection and chemical peels (RULES.md §6, §11 rows
10–12): coding and scrubbing through the library and the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dermclaim
from dermclaim.errors import ConfigError
from dermclaim.options import Options, load_options
from tests.conftest import biopsy, code_doc, encounter, findings_by_rule, line_tuples, run_cli, scrub_doc

DOS = "2026-05-12"


def _doc(**fields: Any) -> dict[str, Any]:
    return encounter(date_of_service=DOS, **fields)


def ak(pid: str, count: int, site: str = "scalp", **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "type": "destruction",
        "lesion_kind": "premalignant",
        "count": count,
        "site": site,
        **extra,
    }


def malignant(pid: str, site: str, diameter: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "type": "destruction",
        "lesion_kind": "malignant",
        "site": site,
        "diameter_cm": diameter,
        "method": "electrodesiccation_curettage",
        **extra,
    }


def _mine(result: dermclaim.Result) -> list[tuple[str, int, tuple[str, ...]]]:
    """The lines of the destruction-family codes (other families may add lines)."""
    return [
        ln
        for ln in line_tuples(result.lines)
        if ln[0].startswith(("170", "171", "172", "112", "119", "157", "173"))
    ]


# --- premalignant: the worked examples -------------------------------------------------------


@pytest.mark.parametrize(
    "counts, expected",
    [
        ([1], [("17000", 1, ())]),
        ([3], [("17000", 1, ()), ("17003", 2, ())]),  # RULES worked example: 3 AKs
        ([14], [("17000", 1, ()), ("17003", 13, ())]),
        ([15], [("17004", 1, ())]),
        ([18], [("17004", 1, ())]),  # RULES worked example: 18 AKs
        ([10, 8], [("17004", 1, ())]),  # counted over the session, not per site
        ([2, 3], [("17000", 1, ()), ("17003", 4, ())]),
    ],
)
def test_premalignant_destruction_counts_the_session(counts: list[int], expected: list[Any]) -> None:
    sites = ["scalp", "left dorsal hand", "forehead"]
    doc = _doc(diagnoses=["L57.0"], procedures=[ak(f"d{i}", n, sites[i]) for i, n in enumerate(counts)])
    result = code_doc(doc)
    assert _mine(result) == expected
    assert all(ln.diagnoses == ["L57.0"] for ln in result.lines)
    assert "15 or more" in result.lines[0].because if expected[0][0] == "17004" else True


# --- benign ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, code", [(1, "17110"), (4, "17110"), (14, "17110"), (15, "17111"), (30, "17111")]
)
def test_benign_destruction_is_one_unit_for_the_session(count: int, code: str) -> None:
    doc = _doc(
        diagnoses=["B07.8"],
        procedures=[{"id": "w", "type": "destruction", "lesion_kind": "benign", "count": count}],
    )
    result = code_doc(doc)
    assert _mine(result) == [(code, 1, ())]
    assert "not per lesion" in result.lines[0].because


def test_benign_lesions_of_two_procedures_are_counted_together() -> None:
    doc = _doc(
        diagnoses=["B07.8"],
        procedures=[
            {
                "id": "w1",
                "type": "destruction",
                "lesion_kind": "benign",
                "count": 9,
                "site": "left index finger",
            },
            {"id": "w2", "type": "destruction", "lesion_kind": "benign", "count": 7, "site": "right sole"},
        ],
    )
    assert _mine(code_doc(doc)) == [("17111", 1, ())]


# --- malignant ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "site, diameter, code",
    [
        ("upper back", 0.5, "17260"),
        ("upper back", 0.8, "17261"),
        ("left forearm", 1.5, "17262"),
        ("scalp", 2.5, "17273"),
        ("right dorsal hand", 3.5, "17274"),
        ("neck", 4.5, "17276"),
        ("nasal tip", 0.4, "17280"),
        ("left cheek", 1.0, "17281"),
        ("right upper eyelid", 1.9, "17282"),
    ],
)
def test_malignant_destruction_by_site_group_and_diameter_band(site: str, diameter: float, code: str) -> None:
    doc = _doc(diagnoses=["C44.91"], procedures=[malignant("d1", site, diameter)])
    assert _mine(code_doc(doc)) == [(code, 1, ())]


def test_final_curettage_defect_is_used_when_documented_and_the_setting_can_turn_it_off() -> None:
    doc = _doc(diagnoses=["C44.519"], procedures=[malignant("d1", "upper back", 0.8, defect_diameter_cm=1.2)])
    default = code_doc(doc)
    assert _mine(default) == [("17262", 1, ())]
    assert "final curettage defect 1.2 cm" in default.lines[0].because
    assert "malignant_destruction_size='defect'" in default.lines[0].because
    assert "17261" in default.lines[0].because  # says what the lesion diameter would give
    lesion = code_doc(doc, Options(malignant_destruction_size="lesion"))
    assert _mine(lesion) == [("17261", 1, ())]
    assert "would give 17262" in lesion.lines[0].because


def test_one_line_per_malignant_lesion_and_a_repeated_code_is_marked_as_a_separate_lesion() -> None:
    doc = _doc(
        diagnoses=["C44.519"],
        procedures=[
            malignant("d1", "upper back", 0.8),
            malignant("d2", "lower back", 0.9),
            malignant("d3", "nasal tip", 0.4, diagnosis="C44.311"),
        ],
    )
    assert sorted(_mine(code_doc(doc))) == [("17261", 1, ()), ("17261", 1, ("XS",)), ("17280", 1, ())]
    assert ("17261", 1, ("59",)) in _mine(code_doc(doc, Options(distinct_modifier="59")))


def test_lesion_kind_from_pathology_and_in_situ_uses_the_malignant_codes() -> None:
    doc = _doc(
        diagnoses=["D04.5"],
        procedures=[
            {"id": "d1", "type": "destruction", "site": "upper back", "diameter_cm": 1.1, "specimen": "A"}
        ],
        pathology=[{"specimen": "A", "diagnosis": "D04.5", "behavior": "in_situ"}],
    )
    result = code_doc(doc)
    assert _mine(result) == [("17262", 1, ())]
    assert "pathology of specimen 'A': in_situ" in result.lines[0].because


@pytest.mark.parametrize(
    "proc, pathology, cause",
    [
        ({"specimen": "A"}, [], "pending_pathology"),
        ({"specimen": "A"}, [{"specimen": "A", "behavior": "uncertain"}], "uncertain_behavior"),
        ({"specimen": "A"}, [{"specimen": "A", "behavior": "malignant"}], "missing_size"),
        (
            {"lesion_kind": "malignant", "site": "upper back", "diameter_cm": 1.0, "count": 2},
            [],
            "count_per_lesion",
        ),
        ({"lesion_kind": "premalignant", "site": "lip vermilion"}, [], "special_site"),
    ],
)
def test_what_cannot_be_coded_is_held_with_a_finding(
    proc: dict[str, Any], pathology: list[dict[str, Any]], cause: str
) -> None:
    doc = _doc(
        diagnoses=["L98.9"], procedures=[{"id": "d1", "type": "destruction", **proc}], pathology=pathology
    )
    result = code_doc(doc)
    assert _mine(result) == []
    found = findings_by_rule(result)["DES006"]
    assert found[0].severity == "warning" and found[0].procedures == ["d1"]
    assert result.procedures[0].status in ("hold", "not_coded")
    assert "ENG001" not in findings_by_rule(result)


# --- a lesion sampled and destroyed (consistent with coding/biopsy.py) -----------------------


@pytest.mark.parametrize(
    "behavior, billed",
    [
        ("benign", {"11102"}),
        ("premalignant", {"17000"}),
        ("malignant", {"17281"}),
        (None, set()),
    ],
)
def test_biopsy_and_destruction_of_one_lesion_follow_the_pathology(
    behavior: str | None, billed: set[str]
) -> None:
    pathology = [{"specimen": "S1", "behavior": behavior, "diagnosis": "L82.1"}] if behavior else []
    doc = _doc(
        diagnoses=["L82.1"],
        procedures=[
            biopsy("p1", "tangential", site="left cheek", lesion="T1", specimen="S1"),
            {
                "id": "d1",
                "type": "destruction",
                "lesion": "T1",
                "lesion_kind": "benign",
                "site": "left cheek",
                "diameter_cm": 0.7,
            },
        ],
        pathology=pathology,
    )
    result = code_doc(doc)
    assert {ln.code for ln in result.lines} == billed
    if behavior is None:
        assert {"BX008", "DES006"} <= set(findings_by_rule(result))


# --- skin tags, intralesional injection -------------------------------------------------------


@pytest.mark.parametrize(
    "counts, expected",
    [
        ([1], [("11200", 1, ())]),
        ([15], [("11200", 1, ())]),
        ([16], [("11200", 1, ()), ("11201", 1, ())]),
        ([25], [("11200", 1, ()), ("11201", 1, ())]),
        ([14, 8], [("11200", 1, ()), ("11201", 1, ())]),
        ([31], [("11200", 1, ()), ("11201", 2, ())]),
    ],
)
def test_skin_tags_first_15_then_per_10_or_part(counts: list[int], expected: list[Any]) -> None:
    doc = _doc(
        diagnoses=["L91.8"],
        procedures=[{"id": f"t{i}", "type": "skin_tag_removal", "count": n} for i, n in enumerate(counts)],
    )
    assert _mine(code_doc(doc)) == expected


@pytest.mark.parametrize("counts, code", [([1], "11900"), ([7], "11900"), ([8], "11901"), ([4, 4], "11901")])
def test_intralesional_injection_up_to_7_or_more(counts: list[int], code: str) -> None:
    doc = _doc(
        diagnoses=["L91.0"],
        procedures=[
            {"id": f"i{i}", "type": "intralesional_injection", "count": n} for i, n in enumerate(counts)
        ],
    )
    assert _mine(code_doc(doc)) == [(code, 1, ())]


# --- chemical peels and 17360 ------------------------------------------------------------------


@pytest.mark.parametrize(
    "depth, facial, dx, code",
    [
        ("epidermal", True, "L57.0", "15788"),
        ("dermal", True, "L57.0", "15789"),
        ("epidermal", False, "L57.0", "15792"),
        ("dermal", False, "L57.0", "15793"),
        ("epidermal", True, "L70.0", "17360"),
    ],
)
def test_chemical_peel_codes_and_17360_only_for_acne(depth: str, facial: bool, dx: str, code: str) -> None:
    doc = _doc(
        diagnoses=[dx], procedures=[{"id": "cp", "type": "chemical_peel", "depth": depth, "facial": facial}]
    )
    assert _mine(code_doc(doc)) == [(code, 1, ())]


def test_17360_billed_for_an_actinic_keratosis_peel_is_an_error_with_the_peel_code() -> None:
    doc = _doc(
        diagnoses=["L57.0"],
        procedures=[{"id": "cp", "type": "chemical_peel", "depth": "dermal", "facial": True}],
        claim_lines=[{"code": "17360", "diagnoses": [1]}],
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["DES005"]
    assert f.severity == "error" and f.fix_safety == "safe"
    assert "15789" in f.fix and "acne" in f.message
    assert [ln.code for ln in result.corrected_lines or []] == ["15789"]


def test_17360_with_l57_but_no_documented_peel_is_display_only() -> None:
    doc = _doc(diagnoses=["L57.0"], claim_lines=[{"code": "17360", "diagnoses": [1]}])
    (f,) = findings_by_rule(scrub_doc(doc))["DES005"]
    assert f.fix_safety == "display-only"


def test_17360_for_acne_is_not_flagged() -> None:
    doc = _doc(
        diagnoses=["L70.0"],
        procedures=[{"id": "cp", "type": "chemical_peel", "depth": "epidermal", "facial": True}],
        claim_lines=[{"code": "17360", "diagnoses": [1]}],
    )
    assert "DES005" not in findings_by_rule(scrub_doc(doc))


# --- scrub: the worked examples --------------------------------------------------------------


def test_scrub_17000_17003_17004_together_returns_the_error_source_and_corrected_lines() -> None:
    doc = _doc(
        diagnoses=["L57.0"],
        procedures=[ak("d1", 10), ak("d2", 8, "left dorsal hand")],
        claim_lines=[
            {"code": "17000", "diagnoses": [1]},
            {"code": "17003", "units": 13, "diagnoses": [1]},
            {"code": "17004", "diagnoses": [1]},
        ],
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["DES001"]
    assert f.severity == "error" and f.fix_safety == "safe" and f.confidence == "high"
    assert f.lines == [0, 1, 2]
    assert "18 premalignant lesions" in f.message
    assert f.fix.startswith("Bill 17004") and "remove 17000, 17003" in f.fix
    assert any("CPT destruction guidelines" in s for s in f.sources)
    assert any("NCCI procedure-to-procedure" in s and "17004 over 17000" in s for s in f.sources)
    assert line_tuples(result.corrected_lines) == [("17004", 1, ())]
    assert "DES002" not in findings_by_rule(result)  # one finding for one problem


def test_scrub_17004_with_17000_when_fewer_than_15_lesions_corrects_to_17000_17003() -> None:
    doc = _doc(
        diagnoses=["L57.0"],
        procedures=[ak("d1", 6)],
        claim_lines=[{"code": "17000", "diagnoses": [1]}, {"code": "17004", "diagnoses": [1]}],
    )
    (f,) = findings_by_rule(scrub_doc(doc))["DES001"]
    assert "Bill 17000 + 17003 × 5" in f.fix and "fewer than 15" in f.fix


def test_scrub_17003_times_14_returns_the_error_and_17004() -> None:
    doc = _doc(
        diagnoses=["L57.0"],
        procedures=[ak("d1", 15)],
        claim_lines=[{"code": "17000", "diagnoses": [1]}, {"code": "17003", "units": 14, "diagnoses": [1]}],
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["DES002"]
    assert f.severity == "error" and f.fix_safety == "safe"
    assert "at most 13 units" in f.message and "17004" in f.message
    assert f.fix == "Bill 17004"
    assert f.sources and "17003" in f.sources[0]
    assert line_tuples(result.corrected_lines) == [("17004", 1, ())]
    assert f.related == ["MUE001"]  # 17003 × 14 also exceeds the MUE of 13: folded into DES002
    assert any("medically unlikely" in s for s in f.sources)


@pytest.mark.parametrize(
    "billed, words",
    [
        ([("17000", 1), ("17003", 3)], "over-billing (4 lesions billed)"),
        ([("17000", 1), ("17003", 1)], "under-billing (2 lesions billed)"),
        ([("17003", 2)], "17003 is an add-on to 17000"),
        ([("17000", 3)], "17000 is one unit"),
        ([("17004", 1)], "17004 is for 15 or more lesions"),
    ],
)
def test_premalignant_units_that_differ_from_the_three_documented_lesions(
    billed: list[tuple[str, int]], words: str
) -> None:
    doc = _doc(
        diagnoses=["L57.0"],
        procedures=[ak("d1", 3, "forehead")],
        claim_lines=[{"code": c, "units": u, "diagnoses": [1]} for c, u in billed],
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["DES002"]
    assert words in f.message, f.message
    assert f.fix == "Bill 17000 + 17003 × 2"
    assert line_tuples(result.corrected_lines) == [("17000", 1, ()), ("17003", 2, ())]


def test_correct_premalignant_claim_is_clean() -> None:
    doc = _doc(
        diagnoses=["L57.0"],
        procedures=[ak("d1", 3, "forehead")],
        claim_lines=[{"code": "17000", "diagnoses": [1]}, {"code": "17003", "units": 2, "diagnoses": [1]}],
    )
    assert not {"DES001", "DES002"} & set(findings_by_rule(scrub_doc(doc)))


@pytest.mark.parametrize(
    "count, billed, words, fix",
    [
        (4, [("17110", 4)], "not one per lesion", "Bill 17110"),
        (20, [("17110", 1), ("17111", 1)], "never billed together", "Bill 17111"),
        (20, [("17110", 1)], "20 lesions are 15 or more: 17111", "Bill 17111"),
        (6, [("17111", 1)], "17111 is for 15 or more lesions", "Bill 17110"),
    ],
)
def test_benign_destruction_billed_per_lesion_or_both_tiers(
    count: int, billed: list[tuple[str, int]], words: str, fix: str
) -> None:
    doc = _doc(
        diagnoses=["B07.8"],
        procedures=[{"id": "w", "type": "destruction", "lesion_kind": "benign", "count": count}],
        claim_lines=[{"code": c, "units": u, "diagnoses": [1]} for c, u in billed],
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["DES003"]
    assert f.severity == "error" and words in f.message and f.fix == fix
    assert [ln.code for ln in result.corrected_lines or []] == [fix.split()[-1]]


def test_malignant_destruction_wrong_band_and_the_defect_setting_as_a_warning() -> None:
    doc = _doc(
        diagnoses=["C44.519"],
        procedures=[malignant("d1", "upper back", 0.8, defect_diameter_cm=1.2)],
        claim_lines=[{"code": "17271", "diagnoses": [1]}],
    )
    (f,) = findings_by_rule(scrub_doc(doc))["DES004"]
    assert f.severity == "error" and f.fix == "Bill 17262"
    doc["claim_lines"] = [{"code": "17261", "diagnoses": [1]}]
    (f,) = findings_by_rule(scrub_doc(doc))["DES004"]
    assert f.severity == "warning" and f.confidence == "medium"
    assert "lesion diameter" in f.message
    assert "DES004" not in findings_by_rule(scrub_doc(doc, Options(malignant_destruction_size="lesion")))


def test_skin_tags_and_injections_scrubbed_against_the_count() -> None:
    doc = _doc(
        diagnoses=["L91.8"],
        procedures=[{"id": "t", "type": "skin_tag_removal", "count": 22}],
        claim_lines=[{"code": "11200", "diagnoses": [1]}, {"code": "11201", "units": 7, "diagnoses": [1]}],
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["DES007"]
    assert "over-billing" in f.message and f.fix == "Bill 11200 + 11201"
    doc = _doc(
        diagnoses=["L91.0"],
        procedures=[{"id": "i", "type": "intralesional_injection", "count": 9}],
        claim_lines=[{"code": "11900", "diagnoses": [1]}, {"code": "11901", "diagnoses": [1]}],
    )
    (f,) = findings_by_rule(scrub_doc(doc))["DES008"]
    assert f.fix == "Bill 11901" and "never both" in f.message


def test_malignant_destruction_size_setting_is_validated(tmp_path: Any) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"malignant_destruction_size": "lesion"}))
    assert load_options(path).malignant_destruction_size == "lesion"
    path.write_text(json.dumps({"malignant_destruction_size": "margin"}))
    with pytest.raises(ConfigError, match="malignant_destruction_size"):
        load_options(path)


# --- through the command line ------------------------------------------------------------------


def test_cli_scrub_of_17000_17003_17004(write_json: Any) -> None:
    doc = _doc(
        diagnoses=["L57.0"],
        procedures=[ak("d1", 18)],
        claim_lines=[
            {"code": "17000", "diagnoses": [1]},
            {"code": "17003", "units": 13, "diagnoses": [1]},
            {"code": "17004", "diagnoses": [1]},
        ],
    )
    proc = run_cli("scrub", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    des = [f for f in out["findings"] if f["rule"] == "DES001"]
    assert des and des[0]["severity"] == "error" and des[0]["sources"]
    assert [(ln["code"], ln["units"]) for ln in out["corrected_lines"]] == [("17004", 1)]
    assert run_cli("scrub", str(write_json(doc, "b.json")), "--fail-on", "error").returncode == 1
