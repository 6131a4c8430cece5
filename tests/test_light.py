"""Phototherapy, excimer laser, photodynamic therapy and patch tests (RULES.md §8, §11.21–23).

Worked examples: 96910 is tar or petrolatum + UVB (not PUVA), 96912 is PUVA, 96913 Goeckerman or
PUVA with 4–8 supervised hours; 96920/96921/96922 by total area (< 250, 250–500, > 500 sq cm); a
claim with 96912 for tar + UVB is an error whose corrected line is 96910.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from dermclaim.coding.families import owner_of
from dermclaim.coding.light import excimer_code
from dermclaim.options import Options
from tests.conftest import code_doc, encounter, first_finding, result_lines, rule_names, run_cli, scrub_doc

DOS = "2026-05-12"


def _doc(*procedures: dict[str, Any], **fields: Any) -> dict[str, Any]:
    fields.setdefault("date_of_service", DOS)
    fields.setdefault("diagnoses", ["L40.0"])
    return encounter(procedures=list(procedures), **fields)


def photo(modality: str, **extra: Any) -> dict[str, Any]:
    return {"id": extra.pop("id", "p1"), "type": "phototherapy", "modality": modality, **extra}


def pdt(**extra: Any) -> dict[str, Any]:
    return {
        "id": "p1",
        "type": "photodynamic_therapy",
        "agent": "aminolevulinic_acid",
        "dose_mg": 354,
        **extra,
    }


@pytest.mark.parametrize(
    "modality, extra, code",
    [
        ("uvb", {}, "96900"),
        ("nbuvb", {}, "96900"),
        ("uva", {}, "96900"),
        ("nbuvb", {"supervised_hours": 6}, "96900"),  # 96913 is Goeckerman or PUVA only
        ("puva", {}, "96912"),
        ("puva", {"supervised_hours": 5}, "96913"),
        ("tar_uvb", {"topical_applied_by": "staff"}, "96910"),
        ("petrolatum_uvb", {"topical_applied_by": "staff"}, "96910"),
        ("tar_uvb", {"topical_applied_by": "patient"}, "96900"),
        ("tar_uvb", {"supervised_hours": 4}, "96913"),
    ],
)
def test_phototherapy_code_follows_the_modality(modality: str, extra: dict[str, Any], code: str) -> None:
    result = code_doc(_doc(photo(modality, **extra)))
    assert result_lines(result) == [(code, 1, ())]
    assert not [f for f in result.findings if f.severity == "error"]


def test_tar_uvb_without_who_applied_the_tar_is_held() -> None:
    result = code_doc(_doc(photo("tar_uvb")))
    assert result.lines == []
    assert {p.id: p.status for p in result.procedures} == {"p1": "hold"}
    assert "topical_applied_by" in first_finding(result, "PHO003").fix


def test_puva_billed_for_tar_uvb_is_an_error_with_the_corrected_line() -> None:
    doc = _doc(
        photo("tar_uvb", topical_applied_by="staff"), claim_lines=[{"code": "96912", "diagnoses": [1]}]
    )
    result = scrub_doc(doc)
    f = first_finding(result, "PHO001")
    assert f.severity == "error" and "PUVA" in f.message and "tar + UVB" in f.message
    assert f.fix == "Replace 96912 on line 1 by 96910"
    assert any("S54" in s for s in f.sources)
    assert result_lines(result, corrected=True) == [("96910", 1, ())]


def test_phototherapy_billed_but_not_documented_and_documented_but_not_billed() -> None:
    extra = scrub_doc(_doc(claim_lines=[{"code": "96900"}]))
    assert first_finding(extra, "PHO001").severity == "error"
    missing = scrub_doc(_doc(photo("nbuvb"), claim_lines=[{"code": "99213"}]))
    assert first_finding(missing, "PHO001").severity == "warning"


@pytest.mark.parametrize(
    "area, code",
    [(100, "96920"), (249.9, "96920"), (250, "96921"), (500, "96921"), (500.5, "96922"), (800, "96922")],
)
def test_excimer_band_by_total_area(area: float, code: str) -> None:
    assert excimer_code(area) == code
    assert result_lines(code_doc(_doc(photo("excimer", area_sq_cm=area)))) == [(code, 1, ())]


def test_excimer_billed_in_the_wrong_band() -> None:
    doc = _doc(photo("excimer", area_sq_cm=300), claim_lines=[{"code": "96920", "diagnoses": [1]}])
    result = scrub_doc(doc)
    assert "300 sq cm" in first_finding(result, "PHO002").message
    assert result_lines(result, corrected=True) == [("96921", 1, ())]


def test_excimer_without_area_is_held() -> None:
    result = code_doc(_doc(photo("excimer")))
    assert "area_sq_cm" in first_finding(result, "PHO003").fix


def test_excimer_body_surface_limit_is_a_payer_setting() -> None:
    doc = _doc(photo("excimer", area_sq_cm=300, bsa_percent=15))
    assert first_finding(code_doc(doc), "PHO004").severity == "warning"
    assert "PHO004" not in rule_names(code_doc(doc, Options(excimer_max_bsa_percent=None)))
    assert "PHO004" not in rule_names(code_doc(doc, Options(excimer_max_bsa_percent=20.0)))


@pytest.mark.parametrize(
    "extra, code",
    [
        ({"applied_by": "staff"}, "96567"),
        ({"applied_by": "physician"}, "96573"),
        ({"applied_by": "physician", "debridement": True}, "96574"),
        ({"applied_by": "staff", "debridement": True}, "96567"),
    ],
)
def test_photodynamic_therapy_code_and_its_drug_line(extra: dict[str, Any], code: str) -> None:
    result = code_doc(_doc(pdt(**extra), diagnoses=["L57.0"]))
    assert result_lines(result) == [(code, 1, ()), ("J7308", 1, ("JZ",))]
    assert not [f for f in result.findings if f.severity != "info"]


def test_photodynamic_therapy_without_who_applied_it_is_held() -> None:
    result = code_doc(_doc(pdt(), diagnoses=["L57.0"]))
    assert [c for c, _, _ in result_lines(result)] == ["J7308"]
    assert "applied_by" in first_finding(result, "PDT002").fix


def test_photodynamic_therapy_before_2018_is_96567() -> None:
    result = code_doc(_doc(pdt(), diagnoses=["L57.0"], date_of_service="2017-05-02"))
    assert ("96567", 1, ()) in result_lines(result)
    assert "PDT002" not in rule_names(result)


def test_ameluz_is_billed_per_10_mg_of_gel() -> None:
    doc = _doc(
        pdt(agent="aminolevulinic_acid_gel", dose_mg=2000, applied_by="physician"), diagnoses=["L57.0"]
    )
    result = code_doc(doc)
    assert ("J7345", 200, ()) in result_lines(
        result
    )  # the table does not pin the container: no JW/JZ guessed
    assert "single-dose" in next(ln for ln in result.lines if ln.code == "J7345").because


def test_photodynamic_drug_without_its_amount_is_held() -> None:
    result = code_doc(
        _doc(pdt(applied_by="physician", dose_mg=None) | {"dose_mg": None}, diagnoses=["L57.0"])
    )
    assert [c for c, _, _ in result_lines(result)] == ["96573"]
    assert "dose_mg" in first_finding(result, "DRG009").message


def test_pdt_billed_as_staff_code_when_the_physician_debrided_and_applied() -> None:
    doc = _doc(
        pdt(applied_by="physician", debridement=True),
        diagnoses=["L57.0"],
        claim_lines=[
            {"code": "96567", "diagnoses": [1]},
            {"code": "J7308", "modifiers": ["JZ"], "diagnoses": [1]},
        ],
    )
    result = scrub_doc(doc)
    assert first_finding(result, "PDT001").fix == "Replace 96567 on line 1 by 96574"
    assert ("96574", 1, ()) in result_lines(result, corrected=True)


def test_patch_tests_are_one_unit_per_allergen() -> None:
    doc = _doc({"id": "t1", "type": "patch_test", "allergens": 80}, diagnoses=["L23.9"])
    assert result_lines(code_doc(doc)) == [("95044", 80, ())]
    billed = dict(doc, claim_lines=[{"code": "95044", "units": 1, "diagnoses": [1]}])
    f = first_finding(scrub_doc(billed), "PHO005")
    assert "79 units under-billed" in f.message and f.fix == "Bill 95044 × 80"


def test_owned_codes() -> None:
    for code in (
        "96900",
        "96910",
        "96912",
        "96913",
        "96920",
        "96921",
        "96922",
        "96567",
        "96573",
        "96574",
        "95044",
    ):
        assert owner_of(code) == "light"


def test_cli_scrub_tar_uvb_billed_as_puva(write_json: Any) -> None:
    doc = _doc(
        photo("tar_uvb", topical_applied_by="staff"), claim_lines=[{"code": "96912", "diagnoses": [1]}]
    )
    proc = run_cli("scrub", str(write_json(doc)), "--format", "json", "--fail-on", "error")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert "PHO001" in {f["rule"] for f in out["findings"]}
    assert [ln["code"] for ln in out["corrected_lines"]] == ["96910"]
