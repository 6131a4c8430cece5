"""ICD-10-CM validity and procedure–diagnosis support (RULES.md §9, §11.24–26).

Worked examples: C44, L82 and C44.3 are headers (the billable children are offered); J3358 with
psoriasis L40.x is a known mismatch; R61 is generalized hyperhidrosis while the dermatology
botulinum toxin indication is L74.510; D48.5 only with uncertain-behavior pathology (PTH004).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dermclaim.dx_support import support_table
from dermclaim.options import Options, load_options
from tests.conftest import code_doc, encounter, first_finding, rule_names, run_cli, scrub_doc

DOS = "2026-05-12"


def _doc(*procedures: dict[str, Any], **fields: Any) -> dict[str, Any]:
    fields.setdefault("date_of_service", DOS)
    return encounter(procedures=list(procedures), **fields)


def drug(name: str, dose: float, route: str = "subcutaneous", **extra: Any) -> dict[str, Any]:
    return {
        "id": extra.pop("id", "d1"),
        "type": "drug",
        "drug": name,
        "dose_mg": dose,
        "route": route,
        **extra,
    }


NBUVB = {"id": "p1", "type": "phototherapy", "modality": "nbuvb"}


# --------------------------------------------------------------------------- validity


@pytest.mark.parametrize(
    "code, children",
    [
        ("C44.3", "C44.300, C44.301, C44.309, C44.310, C44.311 … (12 billable codes)"),
        ("L82", "L82.0, L82.1"),
        ("C44", "(101 billable codes)"),
        ("L40", "L40.0, L40.1"),
    ],
)
def test_headers_are_errors_with_their_billable_children(code: str, children: str) -> None:
    result = code_doc(_doc(NBUVB, diagnoses=[code]))
    f = first_finding(result, "DX002")
    assert f.severity == "error" and f.fix_safety == "display-only" and f.confidence == "high"
    assert children in f.fix
    assert f.fix.count(",") <= 4  # at most five codes offered
    assert any("S55" in s for s in f.sources)


def test_header_on_a_billed_line_points_at_the_line() -> None:
    doc = _doc(NBUVB, diagnoses=["L40.0"], claim_lines=[{"code": "96900", "diagnoses": ["C44.3"]}])
    f = first_finding(scrub_doc(doc), "DX002")
    assert f.lines == [0] and f.facts[0].pointer == "/claim_lines/0/diagnoses/0"


@pytest.mark.parametrize(
    "code, hint",
    [
        ("L57.00", "L57.0 (Actinic keratosis)"),
        ("L82.2", "L82.0, L82.1"),
        ("U99", "the ICD-10-CM code the note"),
    ],
)
def test_invalid_codes_are_errors_with_the_nearest_codes(code: str, hint: str) -> None:
    f = first_finding(code_doc(_doc(NBUVB, diagnoses=[code])), "DX001")
    assert f.severity == "error" and hint in f.fix


def test_codes_checked_outside_the_icd_release_say_so_in_their_confidence() -> None:
    f = first_finding(code_doc(_doc(NBUVB, diagnoses=["L57.00"], date_of_service="2026-11-16")), "DX001")
    assert f.confidence == "medium" and "may differ" in f.message


def test_dots_are_optional_on_input_and_written_on_output() -> None:
    result = code_doc(_doc(drug("ustekinumab", 45), diagnoses=["l400"]))
    assert {d for ln in result.lines for d in ln.diagnoses} == {"L40.0"}
    assert not rule_names(result) & {"DX001", "DX002"}
    billed = scrub_doc(
        _doc(NBUVB, diagnoses=["L400"], claim_lines=[{"code": "96900", "diagnoses": ["l400", 1]}])
    )
    assert billed.lines[0].diagnoses == ["L40.0", "L40.0"]


def test_icd10_only_from_october_2015() -> None:
    result = code_doc(
        _doc(
            {"id": "t1", "type": "patch_test", "allergens": 36},
            diagnoses=["L23.9"],
            date_of_service="2015-09-30",
        )
    )
    f = first_finding(result, "DX003")
    assert "ICD-9-CM" in f.fix
    assert not rule_names(result) & {"DX001", "DX002", "DX004"}
    later = code_doc(
        _doc(
            {"id": "t1", "type": "patch_test", "allergens": 36},
            diagnoses=["L23.9"],
            date_of_service="2015-10-01",
        )
    )
    assert "DX003" not in rule_names(later)


def test_pointers_out_of_range_stay_clm001() -> None:
    doc = _doc(NBUVB, diagnoses=["L40.0"], claim_lines=[{"code": "96900", "diagnoses": [2]}])
    result = scrub_doc(doc)
    assert "CLM001" in rule_names(result)
    assert not rule_names(result) & {"DX001", "DX002"}


def test_d48_5_is_left_to_pth004() -> None:
    doc = _doc(
        {"id": "b1", "type": "biopsy", "technique": "punch", "site": "upper back", "specimen": "A"},
        diagnoses=["D48.5"],
    )
    rules = rule_names(code_doc(doc))
    assert "PTH004" in rules
    assert not rules & {"DX001", "DX002", "DX004"}


# --------------------------------------------------------------------------- support


def test_iv_ustekinumab_with_psoriasis_is_a_known_mismatch() -> None:
    doc = _doc(drug("ustekinumab", 390, "intravenous", infusion_minutes=60), diagnoses=["L40.0"])
    f = first_finding(code_doc(doc), "DX004")
    assert f.severity == "error" and "J3358" in f.message and "induction" in f.message
    ok = _doc(drug("ustekinumab", 390, "intravenous", infusion_minutes=60), diagnoses=["K50.90"])
    assert "DX004" not in rule_names(code_doc(ok))


def test_r61_does_not_support_botulinum_toxin_l74_510_does() -> None:
    botox = {"id": "d1", "type": "drug", "drug": "Botox", "dose_units": 100, "route": "intradermal"}
    claim = [
        {"code": "J0585", "units": 100, "modifiers": ["JZ"], "diagnoses": [1]},
        {"code": "64650", "diagnoses": [1]},
    ]
    bad = scrub_doc(_doc(botox, diagnoses=["R61"], claim_lines=claim))
    found = [f for f in bad.findings if f.rule == "DX004"]
    assert {tuple(f.lines) for f in found} == {(0,), (1,)}
    assert all(f.severity == "error" and "L74.510" in f.message for f in found)
    good = scrub_doc(_doc(botox, diagnoses=["L74.510"], claim_lines=claim))
    assert "DX004" not in rule_names(good)


def test_lines_point_at_the_diagnoses_that_support_them() -> None:
    result = code_doc(_doc(drug("ustekinumab", 45), NBUVB, diagnoses=["I10", "L57.0", "L40.0"]))
    for ln in result.lines:
        assert ln.diagnoses == ["L40.0"], (ln.code, ln.diagnoses)
    assert "DX004" not in rule_names(result)


def test_billed_line_pointing_at_another_diagnosis_is_re_pointed() -> None:
    doc = _doc(
        drug("ustekinumab", 45),
        diagnoses=["I10", "L40.0"],
        payer={"kind": "commercial"},
        claim_lines=[{"code": "J3357", "units": 45, "diagnoses": [1]}, {"code": "96372", "diagnoses": [2]}],
    )
    f = first_finding(scrub_doc(doc), "DX004")
    assert f.severity == "warning" and f.fix_safety == "unsafe"
    assert f.fix == "Point line 1 (J3357) at L40.0, documented at this visit"


@pytest.mark.parametrize(
    "code, dx, severity",
    [
        ("17000", "L82.1", "error"),
        ("17000", "L57.0", None),
        ("17110", "L57.0", "error"),
        ("17311", "L82.1", "warning"),
        ("17311", "C44.311", None),
        ("96910", "L40.0", None),
        ("J3380", "L40.0", "error"),
        ("J3245", "L40.0", None),
        ("J2357", "L50.1", None),
    ],
)
def test_support_table_on_billed_lines(code: str, dx: str, severity: str | None) -> None:
    doc = _doc(diagnoses=[dx], claim_lines=[{"code": code, "diagnoses": [1]}])
    found = [f for f in scrub_doc(doc).findings if f.rule == "DX004"]
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_payer_dx_support_file_overrides_a_family(tmp_path: Path) -> None:
    path = tmp_path / "mac.json"
    path.write_text(
        json.dumps(
            {
                "families": [
                    {
                        "name": "phototherapy",
                        "codes": ["96900", "96910", "96912", "96913"],
                        "supports": ["L40"],
                        "source": "MAC LCA example",
                        "confidence": "high",
                    },
                    {"name": "drug:J2357", "supports": ["L50.1", "J45"], "mismatch": ["L20"]},
                ]
            }
        )
    )
    options = Options(dx_support_file=str(path))
    vitiligo = _doc(NBUVB, diagnoses=["L80"])
    assert "DX004" not in rule_names(code_doc(vitiligo))
    f = first_finding(code_doc(vitiligo, options), "DX004")
    assert any("MAC LCA example" in s for s in f.sources)
    xolair = _doc(drug("omalizumab", 300), diagnoses=["L20.9"])
    assert first_finding(code_doc(xolair, options), "DX004").severity == "error"
    assert support_table(str(path)).family_for("J2357") is not None


def test_dx_support_file_is_read_relative_to_the_settings_file(tmp_path: Path, write_json: Any) -> None:
    (tmp_path / "mac.json").write_text(
        json.dumps({"families": [{"name": "x", "codes": ["96900"], "supports": ["L40"]}]})
    )
    settings = tmp_path / "payer.json"
    settings.write_text(json.dumps({"dx_support_file": "mac.json"}))
    assert load_options(settings).dx_support_file == str(tmp_path / "mac.json")
    doc = _doc(NBUVB, diagnoses=["L80"])
    out = json.loads(
        run_cli("code", str(write_json(doc)), "--format", "json", "--config", str(settings)).stdout
    )
    assert "DX004" in {f["rule"] for f in out["findings"]}
    (tmp_path / "mac.json").write_text(json.dumps({"families": [{"name": "x"}]}))
    bad = run_cli("code", str(write_json(doc)), "--config", str(settings))
    assert bad.returncode == 2 and b"lists no procedure codes" in bad.stderr


def test_cli_header_diagnosis(write_json: Any) -> None:
    doc = _doc(NBUVB, diagnoses=["C44.3"], claim_lines=[{"code": "96900", "diagnoses": [1]}])
    out = json.loads(run_cli("scrub", str(write_json(doc)), "--format", "json").stdout)
    f = next(f for f in out["findings"] if f["rule"] == "DX002")
    assert f["severity"] == "error" and "C44.311" in f["fix"]
