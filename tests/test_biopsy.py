"""Skin biopsy coding and scrubbing through the library (RULES.md §1 worked examples)."""

from __future__ import annotations

from typing import Any

import pytest

from dermclaim.options import Options
from tests.conftest import biopsy, code_doc, encounter, result_lines, rule_names, scrub_doc


@pytest.mark.parametrize(
    "techniques, expected",
    [
        (["punch", "tangential", "tangential"], [("11104", 1, ()), ("11103", 2, ())]),
        (["tangential", "punch", "incisional"], [("11106", 1, ()), ("11105", 1, ()), ("11103", 1, ())]),
        (["tangential"] * 3, [("11102", 1, ()), ("11103", 2, ())]),
        (["incisional", "incisional"], [("11106", 1, ()), ("11107", 1, ())]),
        (["punch", "punch", "punch"], [("11104", 1, ()), ("11105", 2, ())]),
        (["tangential", "incisional"], [("11106", 1, ()), ("11103", 1, ())]),
    ],
)
def test_primary_is_the_highest_technique_and_add_ons_follow_their_own(
    techniques: list[str], expected: list[tuple[str, int, tuple[str, ...]]]
) -> None:
    doc = encounter(procedures=[biopsy(f"p{i}", t) for i, t in enumerate(techniques)])
    assert sorted(result_lines(code_doc(doc))) == sorted(expected)


def test_primary_line_comes_first_and_explains_itself() -> None:
    doc = encounter(procedures=[biopsy("p1", "tangential"), biopsy("p2", "punch")])
    result = code_doc(doc)
    assert result.lines[0].code == "11104"
    assert "highest technique" in result.lines[0].because
    assert result.lines[1].code == "11103"


def test_several_samples_of_one_lesion_are_one_biopsy() -> None:
    doc = encounter(
        procedures=[
            biopsy("p1", "tangential", lesion="A"),
            biopsy("p2", "punch", lesion="A"),
            biopsy("p3", "tangential", lesion="B"),
        ]
    )
    result = code_doc(doc)
    assert result_lines(result) == [("11104", 1, ()), ("11103", 1, ())]
    fates = {p.id: p.status for p in result.procedures}
    assert fates == {"p1": "bundled", "p2": "coded", "p3": "coded"}


@pytest.mark.parametrize(
    "site, code, skin_modifiers",
    [
        # NCCI pairs 40490, 67810 and 11755 with 11102 (indicator 1): the skin biopsy of another
        # site takes XS (coding/ncci.py); 69105 has no edit with 11102.
        ("lip vermilion", "40490", ("XS",)),
        ("left lower eyelid margin", "67810", ("XS",)),
        ("right index finger nail bed", "11755", ("XS",)),
        ("left external auditory canal", "69105", ()),
    ],
)
def test_site_specific_codes_where_skin_codes_do_not_apply(
    site: str, code: str, skin_modifiers: tuple[str, ...]
) -> None:
    doc = encounter(procedures=[biopsy("p1", "punch", site=site), biopsy("p2", "tangential")])
    assert sorted(result_lines(code_doc(doc))) == sorted([(code, 1, ()), ("11102", 1, skin_modifiers)])


def test_biopsy_of_a_lesion_excised_the_same_session_is_included() -> None:
    doc = encounter(
        procedures=[
            biopsy("p1", "punch", lesion="A"),
            {"id": "p2", "type": "excision", "site": "upper back", "diameter_cm": 1.0, "lesion": "A"},
        ]
    )
    result = code_doc(doc)
    assert all(ln.code not in {"11104", "11102"} for ln in result.lines)
    assert {"BX007", "EXC002"} <= rule_names(result)  # the excision waits for its pathology


def test_frozen_section_that_drove_the_excision_makes_the_biopsy_reportable_with_58() -> None:
    doc = encounter(
        procedures=[
            biopsy("p1", "punch", lesion="A", specimen="S1"),
            {"id": "fs", "type": "frozen_section", "specimen": "S1"},
            {"id": "p2", "type": "excision", "site": "upper back", "diameter_cm": 1.0, "lesion": "A"},
        ]
    )
    assert ("11104", 1, ("58",)) in result_lines(code_doc(doc))


@pytest.mark.parametrize(
    "prior, frozen, expected",
    [
        (True, True, None),
        (False, False, None),
        (False, True, ("11104", 1, ("XU",))),
    ],
)
def test_same_day_biopsy_before_mohs(prior: bool, frozen: bool, expected: Any) -> None:
    procs: list[dict[str, Any]] = [
        biopsy("p1", "punch", site="nasal tip", lesion="T", specimen="S1"),
        {
            "id": "m1",
            "type": "mohs",
            "site": "nasal tip",
            "lesion": "T",
            "stages": [{"blocks": 2}],
            "prior_pathology": prior,
        },
    ]
    if frozen:
        procs.append({"id": "fs", "type": "frozen_section", "specimen": "S1"})
    lines = result_lines(code_doc(encounter(procedures=procs)))
    biopsy_lines = [ln for ln in lines if ln[0].startswith("111")]
    assert biopsy_lines == ([expected] if expected else [])


def test_mohs_biopsy_modifier_follows_the_payer_setting() -> None:
    procs = [
        biopsy("p1", "punch", site="nasal tip", lesion="T", specimen="S1"),
        {"id": "fs", "type": "frozen_section", "specimen": "S1"},
        {
            "id": "m1",
            "type": "mohs",
            "site": "nasal tip",
            "lesion": "T",
            "stages": [{"blocks": 2}],
            "prior_pathology": False,
        },
    ]
    lines = result_lines(code_doc(encounter(procedures=procs), Options(distinct_modifier="59")))
    assert ("11104", 1, ("59",)) in lines


@pytest.mark.parametrize(
    "behavior, billed, held",
    [
        ("benign", True, False),
        ("malignant", False, False),
        (None, False, True),
    ],
)
def test_biopsy_and_destruction_of_one_lesion_follow_the_pathology(
    behavior: str | None, billed: bool, held: bool
) -> None:
    pathology = [{"specimen": "S1", "behavior": behavior}] if behavior else []
    doc = encounter(
        procedures=[
            biopsy("p1", "tangential", lesion="A", specimen="S1"),
            {"id": "d1", "type": "destruction", "lesion": "A", "lesion_kind": "benign"},
        ],
        pathology=pathology,
    )
    result = code_doc(doc)
    assert any(ln.code == "11102" for ln in result.lines) == billed
    assert ("BX008" in rule_names(result)) == held


def test_entire_lesion_removed_suggests_the_shave_code() -> None:
    doc = encounter(
        procedures=[
            biopsy("p1", "tangential", site="left cheek", removes_entire_lesion=True, diameter_cm=0.7)
        ]
    )
    finding = next(f for f in code_doc(doc).findings if f.rule == "BX005")
    assert "11311" in finding.fix


def test_line_diagnosis_comes_from_pathology() -> None:
    doc = encounter(
        diagnoses=["D49.2"],
        procedures=[biopsy("p1", "punch", specimen="A")],
        pathology=[{"specimen": "A", "diagnosis": "c44311", "behavior": "malignant"}],
    )
    assert code_doc(doc).lines[0].diagnoses == ["C44.311"]


def test_visit_with_minor_procedure_needs_a_separately_identifiable_service() -> None:
    procs = [biopsy("p1", "punch")]
    yes = code_doc(encounter(procedures=procs, visit={"code": "99213", "separately_identifiable": True}))
    assert ("99213", 1, ("25",)) in result_lines(yes)
    no = code_doc(encounter(procedures=procs, visit={"code": "99213"}))
    assert all(ln.code != "99213" for ln in no.lines)
    assert "EM001" in rule_names(no)
    alone = code_doc(encounter(visit={"code": "99213"}))
    assert result_lines(alone) == [("99213", 1, ())]


# --- scrub -----------------------------------------------------------------------------------


def test_scrub_two_primaries_returns_the_error_its_source_and_corrected_lines() -> None:
    doc = encounter(
        procedures=[biopsy("p1", "tangential"), biopsy("p2", "punch")],
        claim_lines=[{"code": "11102"}, {"code": "11104"}],
    )
    result = scrub_doc(doc)
    bx = next(f for f in result.findings if f.rule == "BX001")
    assert bx.severity == "error" and bx.fix_safety == "safe" and bx.lines == [0, 1]
    assert "11104 + 11103" in bx.fix
    assert any("CPT 2019" in s for s in bx.sources)
    assert result_lines(result, corrected=True) == [("11104", 1, ()), ("11103", 1, ())]


def test_scrub_primary_not_highest() -> None:
    doc = encounter(
        procedures=[biopsy("p1", "tangential"), biopsy("p2", "punch")],
        claim_lines=[{"code": "11102"}, {"code": "11105"}],
    )
    assert {"BX002", "BX003"} <= rule_names(scrub_doc(doc))


def test_scrub_samples_of_one_lesion_billed_separately() -> None:
    doc = encounter(
        procedures=[biopsy("p1", "punch", lesion="A"), biopsy("p2", "punch", lesion="A")],
        claim_lines=[{"code": "11104"}, {"code": "11105"}],
    )
    result = scrub_doc(doc)
    assert "BX004" in rule_names(result)
    assert result_lines(result, corrected=True) == [("11104", 1, ())]


def test_scrub_clean_claim_has_no_errors() -> None:
    doc = encounter(
        procedures=[biopsy("p1", "punch"), biopsy("p2", "tangential")],
        claim_lines=[{"code": "11104"}, {"code": "11103"}],
    )
    assert not [f for f in scrub_doc(doc).findings if f.severity != "info"]


def test_scrub_keeps_lines_it_does_not_code() -> None:
    doc = encounter(
        procedures=[biopsy("p1", "punch")], claim_lines=[{"code": "11104"}, {"code": "A4550", "units": 2}]
    )  # A4550 (surgical tray): no family owns it (J3357 is the drug family's since issue 4)
    assert ("A4550", 2, ()) in result_lines(scrub_doc(doc), corrected=True)


def test_d48_5_without_uncertain_pathology_is_an_error() -> None:
    doc = encounter(diagnoses=["D48.5"], procedures=[biopsy("p1", "punch")])
    assert "PTH004" in rule_names(code_doc(doc))
    ok = encounter(
        diagnoses=["D48.5"],
        procedures=[biopsy("p1", "punch", specimen="A")],
        pathology=[{"specimen": "A", "diagnosis": "D48.5", "behavior": "uncertain"}],
    )
    assert "PTH004" not in rule_names(code_doc(ok))
