"""Mohs micrographic surgery 17311–17315 and frozen sections (RULES.md §5, §11 rows 7–9):
coding and scrubbing through the library and the command line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dermclaim.options import Options
from tests.conftest import biopsy, code_doc, encounter, findings_by_rule, line_tuples, run_cli, scrub_doc

DOS = "2026-05-12"
CLIA = {"npi": "1234567893", "name": "Lakeside Dermatology", "clia": "05D1234567"}


def _doc(**fields: Any) -> dict[str, Any]:
    fields.setdefault("billing_provider", CLIA)
    fields.setdefault("diagnoses", ["C44.311"])
    return encounter(date_of_service=DOS, **fields)


def mohs(pid: str, site: str, *blocks: int, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "type": "mohs", "site": site, "stages": [{"blocks": b} for b in blocks], **extra}


def _billed(*codes: tuple[str, int] | tuple[str, int, list[str]]) -> list[dict[str, Any]]:
    out = []
    for c in codes:
        line: dict[str, Any] = {"code": c[0], "units": c[1], "diagnoses": [1]}
        if len(c) > 2:
            line["modifiers"] = c[2]
        out.append(line)
    return out


# --- coding -------------------------------------------------------------------------------------


def test_worked_example_nose_7_blocks_then_2_blocks() -> None:
    result = code_doc(_doc(procedures=[mohs("m1", "nasal tip", 7, 2)]))
    assert line_tuples(result.lines) == [("17311", 1, ()), ("17312", 1, ()), ("17315", 2, ())]
    assert "beyond the first 5 in any stage" in result.lines[2].because
    assert result.procedures[0].status == "coded"
    assert not [f for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize(
    "site, deep, blocks, expected",
    [
        ("scalp", False, (3,), [("17311", 1)]),
        ("right dorsal hand", False, (2, 1), [("17311", 1), ("17312", 1)]),
        ("left plantar foot", False, (5,), [("17311", 1)]),
        ("neck", False, (6, 6, 2), [("17311", 1), ("17312", 2), ("17315", 2)]),
        ("upper back", False, (4, 3), [("17313", 1), ("17314", 1)]),
        ("left forearm", False, (8,), [("17313", 1), ("17315", 3)]),
        ("upper back", True, (4, 3), [("17311", 1), ("17312", 1)]),
        ("pretibial left leg", True, (2,), [("17311", 1)]),
    ],
)
def test_site_group_deep_structures_stages_and_blocks(
    site: str, deep: bool, blocks: tuple[int, ...], expected: list[tuple[str, int]]
) -> None:
    result = code_doc(_doc(procedures=[mohs("m1", site, *blocks, deep_structures=deep)]))
    assert [(ln.code, ln.units) for ln in result.lines] == expected
    if deep and expected[0][0] == "17311" and site != "scalp":
        assert "deep structures" in result.lines[0].because


def test_several_tumors_each_take_a_first_stage_code_and_the_later_ones_the_distinct_modifier() -> None:
    doc = _doc(
        diagnoses=["C44.519", "C44.311"],
        procedures=[
            mohs("m1", "upper back", 3, diagnosis="C44.519"),  # 17313: lower value, so not first
            mohs("m2", "nasal tip", 4, 2, diagnosis="C44.311"),
            mohs("m3", "left cheek", 2, 3, diagnosis="C44.311"),
        ],
    )
    result = code_doc(doc)
    assert line_tuples(result.lines) == [
        ("17311", 1, ()),
        ("17312", 2, ()),
        ("17311", 1, ("XS",)),
        ("17313", 1, ("XS",)),
    ]
    assert "further tumor" in result.lines[2].because
    assert result.lines[1].procedures == ["m2", "m3"]  # add-ons follow their primary, merged
    again = code_doc(doc, Options(distinct_modifier="59"))
    assert ("17313", 1, ("59",)) in line_tuples(again.lines)


def test_surgeon_not_pathologist_codes_the_excision_on_the_final_defect() -> None:
    doc = _doc(
        diagnoses=["C44.321"],
        procedures=[
            mohs(
                "m1",
                "nasal dorsum",
                2,
                2,
                surgeon_is_pathologist=False,
                defect_diameter_cm=1.8,
                tumor={"type": "scc", "size_cm": 1.0},
            ),
        ],
    )
    result = code_doc(doc)
    assert line_tuples(result.lines) == [("11642", 1, ())]
    assert "pathologist bills the pathology" in result.lines[0].because
    (f,) = findings_by_rule(result)["MOH005"]
    assert f.severity == "info" and "pathologist" in f.message
    assert "MOH003" not in findings_by_rule(result)  # no Mohs code, no CLIA edit
    assert "MOH007" not in findings_by_rule(result)


def test_surgeon_not_pathologist_in_situ_tumor_follows_the_in_situ_excision_setting() -> None:
    procs = [
        mohs(
            "m1",
            "upper back",
            2,
            surgeon_is_pathologist=False,
            defect_diameter_cm=1.5,
            tumor={"type": "scc_in_situ", "size_cm": 0.9},
        )
    ]
    doc = _doc(diagnoses=["D04.5"], procedures=procs)
    assert line_tuples(code_doc(doc).lines) == [("11602", 1, ())]
    assert line_tuples(code_doc(doc, Options(in_situ_excision_family="benign")).lines) == [("11402", 1, ())]


def test_surgeon_not_pathologist_without_defect_uses_the_tumor_size_with_a_warning_or_holds() -> None:
    procs = [mohs("m1", "upper back", 2, surgeon_is_pathologist=False, tumor={"type": "bcc", "size_cm": 1.5})]
    result = code_doc(_doc(diagnoses=["C44.519"], procedures=procs))
    assert line_tuples(result.lines) == [("11602", 1, ())]
    (f,) = findings_by_rule(result)["MOH007"]
    assert f.severity == "warning" and "margins are not counted" in f.message
    procs = [mohs("m1", "upper back", 2, surgeon_is_pathologist=False)]
    result = code_doc(_doc(diagnoses=["C44.519"], procedures=procs))
    assert result.lines == []
    assert result.procedures[0].status == "hold"
    assert "defect_diameter_cm" in findings_by_rule(result)["MOH007"][0].fix


def test_frozen_sections_of_mohs_specimens_are_included() -> None:
    doc = _doc(
        procedures=[
            mohs("m1", "nasal tip", 3, specimen="M1"),
            {"id": "fs1", "type": "frozen_section", "specimen": "M1"},
            {"id": "fs2", "type": "frozen_section", "specimen": "M1"},
        ]
    )
    result = code_doc(doc)
    assert line_tuples(result.lines) == [("17311", 1, ())]
    status = {p.id: (p.status, p.reason) for p in result.procedures}
    assert status["fs1"][0] == "bundled" and "included in the Mohs codes" in status["fs1"][1]


def test_frozen_section_of_a_same_day_biopsy_without_prior_pathology_is_reported_with_xu() -> None:
    doc = _doc(
        procedures=[
            biopsy("p1", "tangential", site="nasal tip", lesion="T", specimen="S1"),
            {"id": "fs", "type": "frozen_section", "specimen": "S1"},
            mohs("m1", "nasal tip", 2, lesion="T", prior_pathology=False),
        ]
    )
    lines = line_tuples(code_doc(doc).lines)
    assert ("88331", 1, ("XU",)) in lines and ("11102", 1, ("XU",)) in lines and ("17311", 1, ()) in lines
    doc["procedures"][2]["prior_pathology"] = True
    assert [ln[0] for ln in line_tuples(code_doc(doc).lines)] == ["17311"]


def test_frozen_section_elsewhere_and_read_by_pathologist() -> None:
    doc = _doc(
        diagnoses=["C44.519"],
        procedures=[
            {
                "id": "e1",
                "type": "excision",
                "site": "upper back",
                "diameter_cm": 1.0,
                "margin_cm": 0.4,
                "behavior": "malignant",
                "specimen": "E1",
            },
            {"id": "fs1", "type": "frozen_section", "specimen": "E1"},
            {"id": "fs2", "type": "frozen_section", "specimen": "E1"},
            {"id": "fs3", "type": "frozen_section", "specimen": "E1", "read_by": "pathologist"},
        ],
    )
    result = code_doc(doc)
    frozen = [ln for ln in line_tuples(result.lines) if ln[0].startswith("8833")]
    assert frozen == [("88331", 1, ()), ("88332", 1, ())]
    assert {p.id: p.status for p in result.procedures}["fs3"] == "not_coded"
    assert "ENG001" not in findings_by_rule(result) or all(
        "fs3" not in f.procedures for f in findings_by_rule(result)["ENG001"]
    )


def test_frozen_section_of_an_unidentified_specimen_on_a_mohs_day_is_held() -> None:
    doc = _doc(
        procedures=[
            mohs("m1", "nasal tip", 3, specimen="A"),
            {"id": "fs1", "type": "frozen_section", "specimen": "B"},
        ]
    )
    result = code_doc(doc)
    assert line_tuples(result.lines) == [("17311", 1, ())]
    assert {p.id: p.status for p in result.procedures}["fs1"] == "hold"
    (f,) = findings_by_rule(result)["MOH009"]
    assert f.severity == "warning" and f.procedures == ["fs1"] and "specimen" in f.fix


# --- CLIA -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("clia", [None, "05D12345", "05-D1234567", "05X1234567"])
def test_mohs_without_a_valid_clia_number_is_an_error_in_both_modes(clia: str | None) -> None:
    provider = {"npi": "1234567893"} | ({"clia": clia} if clia else {})
    doc = _doc(
        billing_provider=provider, procedures=[mohs("m1", "nasal tip", 3)], claim_lines=_billed(("17311", 1))
    )
    for result in (code_doc(doc), scrub_doc(doc)):
        (f,) = findings_by_rule(result)["MOH003"]
        assert f.severity == "error" and "CLIA" in f.message and f.lines == [0]
        assert f.facts[0].pointer == "/billing_provider/clia"
    assert "MOH003" not in findings_by_rule(code_doc(_doc(procedures=[mohs("m1", "nasal tip", 3)])))


# --- scrub --------------------------------------------------------------------------------------


def test_scrub_of_the_worked_example_with_blocks_over_billed() -> None:
    doc = _doc(
        procedures=[mohs("m1", "nasal tip", 7, 2)],
        claim_lines=_billed(("17311", 1), ("17312", 1), ("17315", 4)),
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["MOH001"]
    assert f.severity == "error" and f.fix_safety == "safe"
    assert "4 extra-block (17315) unit(s) billed for 2 blocks beyond 5" in f.message
    assert "over-billing" in f.message and "stage 1: 7 blocks, stage 2: 2 blocks" in f.message
    assert f.fix == "Bill 17311 + 17312 + 17315 × 2"
    assert any("17311–17315" in s for s in f.sources)
    assert line_tuples(result.corrected_lines) == [("17311", 1, ()), ("17312", 1, ()), ("17315", 2, ())]


def test_scrub_missing_stage_and_blocks_is_under_billing() -> None:
    doc = _doc(procedures=[mohs("m1", "nasal tip", 3, 6, 2)], claim_lines=_billed(("17311", 1), ("17312", 1)))
    (f,) = findings_by_rule(scrub_doc(doc))["MOH001"]
    assert "1 additional-stage unit(s) billed for 2 additional stages" in f.message
    assert "0 extra-block (17315) unit(s) billed for 1 block beyond 5" in f.message
    assert "under-billing" in f.message and f.fix == "Bill 17311 + 17312 × 2 + 17315"


@pytest.mark.parametrize(
    "site, deep, billed, words",
    [
        ("scalp", False, [("17313", 1), ("17314", 1)], "under-billing"),
        ("right dorsal hand", False, [("17313", 1), ("17314", 1)], "under-billing"),
        ("upper back", True, [("17313", 1), ("17314", 1)], "involved deep structures"),
        ("upper back", False, [("17311", 1), ("17312", 1)], "over-billing"),
    ],
)
def test_scrub_wrong_site_group(site: str, deep: bool, billed: list[tuple[str, int]], words: str) -> None:
    doc = _doc(procedures=[mohs("m1", site, 3, 2, deep_structures=deep)], claim_lines=_billed(*billed))
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["MOH002"]
    assert f.severity == "error" and words in f.message
    assert "MOH001" not in findings_by_rule(result)  # the counts are right; only the group is wrong
    right = ("17311", "17312") if (deep or site != "upper back") else ("17313", "17314")
    assert [ln.code for ln in result.corrected_lines or []] == list(right)


def test_scrub_modifier_58_on_the_repair_after_mohs() -> None:
    doc = _doc(
        procedures=[
            mohs("m1", "right nasal ala", 3),
            {
                "id": "r1",
                "type": "repair",
                "site": "right nasal ala",
                "complexity": "intermediate",
                "length_cm": 2.5,
            },
        ],
        claim_lines=_billed(("17311", 1), ("12051", 1, ["58"])),
    )
    (f,) = findings_by_rule(scrub_doc(doc))["MOH004"]
    assert f.severity == "error" and f.lines == [1]
    assert "000-day global" in f.message and f.fix == "Remove modifier 58 from line 2: bill 12051 without it"
    assert any("modifier 58" in s for s in f.sources)


def test_scrub_mohs_codes_when_the_surgeon_is_not_the_pathologist() -> None:
    doc = _doc(
        diagnoses=["C44.321"],
        procedures=[mohs("m1", "nasal dorsum", 2, 2, surgeon_is_pathologist=False, defect_diameter_cm=1.8)],
        claim_lines=_billed(("17311", 1), ("17312", 1)),
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["MOH005"]
    assert f.severity == "error" and f.fix == "Bill 11642 instead of 17311 + 17312"
    assert line_tuples(result.corrected_lines) == [("11642", 1, ())]


def test_scrub_frozen_section_billed_for_the_mohs_layers() -> None:
    doc = _doc(
        procedures=[
            mohs("m1", "nasal tip", 3, specimen="M1"),
            {"id": "fs1", "type": "frozen_section", "specimen": "M1"},
        ],
        claim_lines=_billed(("17311", 1), ("88331", 1, ["59"])),
    )
    result = scrub_doc(doc)
    (f,) = findings_by_rule(result)["MOH006"]
    assert f.severity == "error" and f.fix == "Remove 88331" and f.procedures == ["fs1"]
    assert line_tuples(result.corrected_lines) == [("17311", 1, ())]


def test_scrub_second_tumor_without_distinct_modifier_is_a_low_confidence_warning() -> None:
    doc = _doc(
        diagnoses=["C44.311", "C44.319"],
        procedures=[mohs("m1", "nasal tip", 3), mohs("m2", "right cheek", 4)],
        claim_lines=_billed(("17311", 2)),
    )
    (f,) = findings_by_rule(scrub_doc(doc))["MOH008"]
    assert f.severity == "warning" and f.confidence == "low" and "own line" in f.message
    doc["claim_lines"] = _billed(("17311", 1), ("17311", 1))
    (f,) = findings_by_rule(scrub_doc(doc))["MOH008"]
    assert f.fix == "Add XS to line(s) 2"
    doc["claim_lines"] = _billed(("17311", 1), ("17311", 1, ["XS"]))
    assert "MOH008" not in findings_by_rule(scrub_doc(doc))


def test_correct_mohs_claim_is_clean_of_mohs_findings() -> None:
    doc = _doc(
        procedures=[mohs("m1", "nasal tip", 7, 2)],
        claim_lines=_billed(("17311", 1), ("17312", 1), ("17315", 2)),
    )
    assert not {r for r in findings_by_rule(scrub_doc(doc)) if r.startswith("MOH")}


# --- through the command line ---------------------------------------------------------------------


def test_cli_code_and_scrub_of_the_worked_example(write_json: Any) -> None:
    doc = _doc(
        procedures=[mohs("m1", "nasal tip", 7, 2)],
        claim_lines=_billed(("17311", 1), ("17312", 1), ("17315", 4)),
    )
    path = str(write_json(doc))
    coded = json.loads(run_cli("code", path, "--format", "json").stdout)
    assert [(ln["code"], ln["units"]) for ln in coded["lines"]] == [("17311", 1), ("17312", 1), ("17315", 2)]
    site = coded["procedures"][0]["site"]
    assert site["groups"]["mohs"] == "head_neck_hands_feet_genitalia"
    proc = run_cli("scrub", path, "--format", "json")
    assert proc.returncode == 0
    out = json.loads(proc.stdout)
    moh = [f for f in out["findings"] if f["rule"] == "MOH001"]
    assert moh and moh[0]["severity"] == "error" and moh[0]["sources"]
    assert [(ln["code"], ln["units"]) for ln in out["corrected_lines"]] == [
        ("17311", 1),
        ("17312", 1),
        ("17315", 2),
    ]
