"""Drugs and their administration through the library and the CLI (RULES.md §7, §11.13–20).

Worked examples: omalizumab 300 mg = J2357 × 60; a 90 mg ustekinumab dose billed J3357 × 1; 96366
only when the infusion runs more than 30 minutes past the hour (75 min: 96365 alone; 105 min:
96365 + 96366); infliximab 350 mg from 400 mg of vials = J1745 × 35 + J1745-JW × 5.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

import dermclaim
from dermclaim import drugs
from dermclaim.coding.drug import infusion_additional_hours
from dermclaim.coding.families import owner_of
from dermclaim.options import Options
from dermclaim.tables import tables_for
from tests.conftest import code_doc, encounter, first_finding, result_lines, rule_names, run_cli, scrub_doc

DOS = "2026-05-12"


def _doc(*procedures: dict[str, Any], **fields: Any) -> dict[str, Any]:
    fields.setdefault("date_of_service", DOS)
    fields.setdefault("diagnoses", ["L40.0"])
    return encounter(procedures=list(procedures), **fields)


def drug(
    name: str | None = None, dose: float | None = None, route: str = "subcutaneous", **extra: Any
) -> dict[str, Any]:
    d: dict[str, Any] = {"id": extra.pop("id", "d1"), "type": "drug", "route": route}
    if name:
        d["drug"] = name
    if dose is not None:
        d["dose_mg"] = dose
    d.update(extra)
    return d


def _errors(result: dermclaim.Result) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in result.findings if f.severity == "error"]


# --------------------------------------------------------------------------- units


def test_omalizumab_300_mg_is_j2357_times_60() -> None:
    result = code_doc(_doc(drug("omalizumab", 300), diagnoses=["L50.1"]))
    assert result_lines(result) == [("96372", 1, ()), ("J2357", 60, ("JZ",))]
    assert "5 mg per unit" in result.lines[1].because
    assert not _errors(result)


@pytest.mark.parametrize(
    "name, dose, route, code, units",
    [
        ("ustekinumab", 90, "subcutaneous", "J3357", 90),
        ("Stelara", 45, "subcutaneous", "J3357", 45),
        ("ustekinumab", 390, "intravenous", "J3358", 390),
        ("tildrakizumab", 100, "subcutaneous", "J3245", 100),
        ("Cimzia", 400, "subcutaneous", "J0717", 400),
        ("infliximab", 350, "intravenous", "J1745", 35),
        ("infliximab", 345, "intravenous", "J1745", 35),  # rounded up
        ("infliximab-dyyb", 400, "intravenous", "Q5103", 40),
        ("Renflexis", 400, "intravenous", "Q5104", 40),
        ("infliximab-axxq", 400, "intravenous", "Q5121", 40),
        ("omalizumab", 150, "subcutaneous", "J2357", 30),
        ("vedolizumab", 300, "intravenous", "J3380", 300),
        ("Kenalog-40 40 mg/mL", 40, "intramuscular", "J3301", 4),
        ("triamcinolone", 5, "intralesional", "J3301", 1),  # below one unit: 1
        ("spesolimab", 900, "intravenous", "J1747", 900),
    ],
)
def test_units_are_the_dose_over_the_billing_unit_rounded_up(
    name: str, dose: float, route: str, code: str, units: int
) -> None:
    extra = {"infusion_minutes": 90} if route == "intravenous" else {}
    result = code_doc(_doc(drug(name, dose, route, **extra)))
    drug_lines = [(c, u) for c, u, _ in result_lines(result) if c == code]
    assert drug_lines == [(code, units)], result_lines(result)


def test_botulinum_toxin_is_billed_in_labelled_units() -> None:
    doc = _doc(drug("Botox", route="intradermal", dose_units=100), diagnoses=["L74.510"])
    result = code_doc(doc)
    assert ("J0585", 100, ("JZ",)) in result_lines(result)
    assert "96372" not in {ln.code for ln in result.lines}
    assert "chemodenervation" in first_finding(result, "ADM002").message


def test_botulinum_toxin_dosed_in_mg_is_held() -> None:
    result = code_doc(_doc(drug("Botox", 100, "intradermal"), diagnoses=["L74.510"]))
    assert not [ln for ln in result.lines if ln.code == "J0585"]
    assert "dose_units" in first_finding(result, "DRG009").message
    assert {p.id: p.status for p in result.procedures} == {"d1": "hold"}


def test_drug_without_any_dose_is_an_input_error() -> None:
    with pytest.raises(dermclaim.InputError) as err:
        dermclaim.load(
            msgspec.json.encode(
                _doc({"id": "d1", "type": "drug", "drug": "omalizumab", "route": "subcutaneous"})
            )
        )
    assert [p.pointer for p in err.value.problems] == ["/procedures/0/dose_mg"]


def test_ninety_mg_billed_as_one_unit_is_an_error_with_source_and_corrected_lines() -> None:
    doc = _doc(
        drug("ustekinumab", 90),
        claim_lines=[
            {"code": "J3357", "units": 1, "diagnoses": [1], "charge": 250.0},
            {"code": "96372", "diagnoses": [1]},
        ],
        payer={"kind": "commercial"},
    )
    result = scrub_doc(doc)
    f = first_finding(result, "DRG001")
    assert f.severity == "error" and f.fix_safety == "safe"
    assert "90 mg" in f.message and "89 units (89 mg) under-billed" in f.message
    assert "$22,250.00" in f.message  # 89 units at the line's $250.00 per unit
    assert any("ch. 17" in s for s in f.sources)
    assert f.fix == "Bill J3357 × 90"
    assert ("J3357", 90, ()) in result_lines(result, corrected=True)
    assert ("96372", 1, ()) in result_lines(result, corrected=True)


def test_over_billed_units_are_reported_as_overpayment() -> None:
    doc = _doc(
        drug("omalizumab", 300),
        diagnoses=["L50.1"],
        claim_lines=[{"code": "J2357", "units": 300, "modifiers": ["JZ"]}, {"code": "96372"}],
    )
    f = first_finding(scrub_doc(doc), "DRG001")
    assert "240 units (1200 mg) over-billed" in f.message
    assert "MUE001" in f.related  # 300 > MUE 120: the MUE edit is folded into this finding


def test_documented_dose_above_the_mue_warns_when_coding() -> None:
    result = code_doc(_doc(drug("infliximab", 1600, "intravenous", infusion_minutes=150)))
    f = first_finding(result, "DRG002")
    assert "J1745 × 160" in f.message and "MUE of 150" in f.message
    assert f.severity == "warning"


# --------------------------------------------------------------------------- JW / JZ


def test_waste_goes_on_its_own_line_with_jw() -> None:
    doc = _doc(drug("infliximab", 350, "intravenous", wasted_mg=50, infusion_minutes=120))
    lines = result_lines(code_doc(doc))
    assert ("J1745", 35, ()) in lines and ("J1745", 5, ("JW",)) in lines


def test_waste_units_are_the_total_less_the_administered_units() -> None:
    # CGS: 305 mg given from a 400 mg vial (10 mg units) = 31 units + 9 units JW
    doc = _doc(drug("infliximab", 305, "intravenous", wasted_mg=95, infusion_minutes=120))
    lines = result_lines(code_doc(doc))
    assert ("J1745", 31, ()) in lines and ("J1745", 9, ("JW",)) in lines


def test_waste_within_the_rounded_up_unit_is_not_billed_twice() -> None:
    doc = _doc(drug("triamcinolone", 7, "intramuscular", wasted_mg=3), diagnoses=["L23.7"])
    result = code_doc(doc)
    assert ("J3301", 1, ("JZ",)) in result_lines(result)
    assert not [ln for ln in result.lines if "JW" in ln.modifiers]


@pytest.mark.parametrize("dos, modifiers", [("2023-06-30", ()), ("2023-07-01", ("JZ",)), (DOS, ("JZ",))])
def test_jz_is_required_from_july_2023(dos: str, modifiers: tuple[str, ...]) -> None:
    lines = result_lines(code_doc(_doc(drug("ustekinumab", 45), date_of_service=dos)))
    assert ("J3357", 45, modifiers) in lines


def test_multi_dose_containers_take_neither_jw_nor_jz() -> None:
    doc = _doc(drug("triamcinolone", 40, "intramuscular", wasted_mg=160, container="multi_dose"))
    result = code_doc(doc)
    assert ("J3301", 4, ()) in result_lines(result)
    assert "multi-dose" in result.lines[-1].because


def test_jz_only_for_payers_of_the_waste_setting() -> None:
    doc = _doc(drug("ustekinumab", 45), payer={"kind": "commercial"})
    assert ("J3357", 45, ()) in result_lines(code_doc(doc))
    assert ("J3357", 45, ("JZ",)) in result_lines(
        code_doc(doc, Options(waste_modifier_payers=("commercial",)))
    )


def test_missing_jz_and_missing_jw_line_are_errors() -> None:
    doc = _doc(
        drug("ustekinumab", 45),
        payer={"kind": "medicare"},
        claim_lines=[{"code": "J3357", "units": 45}, {"code": "96372"}],
    )
    f = first_finding(scrub_doc(doc), "DRG003")
    assert "neither JW nor JZ" in f.message and f.fix == "Add JZ to J3357 on line(s) 1"
    doc = _doc(
        drug("infliximab", 345, "intravenous", wasted_mg=55, infusion_minutes=125),
        claim_lines=[{"code": "J1745", "units": 35}, {"code": "96365"}, {"code": "96366"}],
    )
    f = first_finding(scrub_doc(doc), "DRG003")
    assert "55 mg" in f.message and f.fix == "Bill J1745 × 35 + J1745-JW × 5"


@pytest.mark.parametrize(
    "claim, documented, words",
    [
        ([{"code": "J3357", "units": 45, "modifiers": ["JW", "JZ"]}], {}, "both JW and JZ"),
        ([{"code": "J3301", "units": 4, "modifiers": ["JZ"]}], {"container": "multi_dose"}, "multi-dose"),
        (
            [
                {"code": "J3357", "units": 45, "modifiers": ["JZ"]},
                {"code": "J3357", "units": 45, "modifiers": ["JW"]},
            ],
            {},
            "no billable discarded amount",
        ),
    ],
)
def test_misused_waste_modifiers_are_errors(
    claim: list[dict[str, Any]], documented: dict[str, Any], words: str
) -> None:
    name, dose, route = (
        ("triamcinolone", 40, "intramuscular")
        if claim[0]["code"] == "J3301"
        else ("ustekinumab", 45, "subcutaneous")
    )
    doc = _doc(drug(name, dose, route, **documented), claim_lines=[*claim, {"code": "96372"}])
    f = first_finding(scrub_doc(doc), "DRG004")
    assert words in f.message


def test_jz_before_it_existed_is_an_error() -> None:
    doc = _doc(
        drug("ustekinumab", 45),
        date_of_service="2022-06-01",
        claim_lines=[{"code": "J3357", "units": 45, "modifiers": ["JZ"]}, {"code": "96372"}],
    )
    # the drug table vouches for J3357 from 2017-01-01, so the 2022 dose is coded and checked
    assert "2023-01-01" in first_finding(scrub_doc(doc), "DRG004").message


# --------------------------------------------------------------------------- NDC


@pytest.mark.parametrize(
    "written, digits, form",
    [
        ("0002-1234-80", "00002123480", "4-4-2"),
        ("12345-678-90", "12345067890", "5-3-2"),
        ("12345-6789-0", "12345678900", "5-4-1"),
        ("12345-6789-01", "12345678901", "5-4-2"),
        ("12345678901", "12345678901", "11 digits"),
    ],
)
def test_ndc_is_normalised_to_11_digits(written: str, digits: str, form: str) -> None:
    ndc = drugs.normalize_ndc(written)
    assert (ndc.digits, ndc.form) == (digits, form)
    result = code_doc(_doc(drug("ustekinumab", 45, ndc=written)))
    line = next(ln for ln in result.lines if ln.code == "J3357")
    assert (line.ndc, line.ndc_unit, line.ndc_quantity) == (digits, "ME", 45)


@pytest.mark.parametrize("written", ["0002123480", "1234-56", "ABCDE-1234-12"])
def test_ambiguous_or_malformed_ndc_is_an_error(written: str) -> None:
    result = code_doc(_doc(drug("ustekinumab", 45, ndc=written)))
    assert first_finding(result, "DRG006").severity == "error"
    assert all(ln.ndc is msgspec.UNSET for ln in result.lines)


def test_ndc_in_json_output_only_on_drug_lines() -> None:
    out = json.loads(msgspec.json.encode(code_doc(_doc(drug("ustekinumab", 45, ndc="57894-061-03")))))
    by_code = {ln["code"]: ln for ln in out["lines"]}
    j3357 = by_code["J3357"]
    assert (j3357["ndc"], j3357["ndc_unit"], j3357["ndc_quantity"]) == ("57894006103", "ME", 45.0)
    assert not {"ndc", "ndc_unit", "ndc_quantity"} & by_code["96372"].keys()


def test_billed_ten_digit_ndc_is_corrected() -> None:
    doc = _doc(
        drug("omalizumab", 150, ndc="50242-040-62"),
        payer={"kind": "medicaid"},
        diagnoses=["L50.1"],
        claim_lines=[{"code": "J2357", "units": 30, "ndc": "50242-040-62"}, {"code": "96372"}],
    )
    f = first_finding(scrub_doc(doc), "DRG006")
    assert "50242004062" in f.fix and f.fix_safety == "safe"


def test_ndc_required_by_medicaid_and_always_for_unclassified_codes() -> None:
    medicaid = _doc(drug("tildrakizumab", 100), payer={"kind": "medicaid"})
    assert first_finding(code_doc(medicaid), "DRG005").severity == "error"
    assert "DRG005" not in rule_names(code_doc(_doc(drug("tildrakizumab", 100))))  # Medicare: not required
    noc = _doc(drug("dupilumab", 300, hcpcs="J3590"), diagnoses=["L20.9"])
    f = first_finding(code_doc(noc), "DRG005")
    assert "unclassified" in f.message
    assert ("J3590", 1, ("JZ",)) in result_lines(code_doc(noc))
    commercial = _doc(drug("tildrakizumab", 100), payer={"kind": "commercial"})
    assert "DRG005" in rule_names(code_doc(commercial, Options(ndc_required=("medicaid", "commercial"))))


def test_billed_line_without_ndc_gets_the_documented_one() -> None:
    doc = _doc(
        drug("tildrakizumab", 100, ndc="47335-0177-95"),
        payer={"kind": "medicaid"},
        claim_lines=[{"code": "J3245", "units": 100}, {"code": "96372"}],
    )
    f = first_finding(scrub_doc(doc), "DRG005")
    assert "N447335017795 ME100" in f.fix


# --------------------------------------------------------------------------- codes


def test_route_decides_between_j3357_and_j3358() -> None:
    result = code_doc(_doc(drug("ustekinumab", 90, hcpcs="J3358")))
    assert ("J3357", 90, ("JZ",)) in result_lines(result)
    assert "J3358" in first_finding(result, "DRG007").message


def test_biosimilar_billed_under_the_reference_code_is_an_error() -> None:
    doc = _doc(
        drug("Inflectra", 400, "intravenous", infusion_minutes=120),
        claim_lines=[
            {"code": "J1745", "units": 40, "modifiers": ["JZ"]},
            {"code": "96365"},
            {"code": "96366"},
        ],
    )
    result = scrub_doc(doc)
    f = first_finding(result, "DRG007")
    assert "excludes biosimilars" in f.message and f.fix == "Replace line 1 by Q5103-JZ × 40"
    assert ("Q5103", 40, ("JZ",)) in result_lines(result, corrected=True)
    assert "DRG010" not in rule_names(result)


def test_unclassified_code_for_a_drug_with_its_own_code() -> None:
    result = code_doc(_doc(drug("omalizumab", 300, hcpcs="J3490"), diagnoses=["L50.1"]))
    assert ("J2357", 60, ("JZ",)) in result_lines(result)
    assert "has J2357" in first_finding(result, "DRG007").message


def test_unverified_biosimilar_is_held_never_coded_as_the_reference() -> None:
    result = code_doc(_doc(drug("ustekinumab-auub", 45)))
    assert not [ln for ln in result.lines if ln.code.startswith("J33")]
    assert "not in the drug table" in first_finding(result, "DRG009").message


def test_drug_billed_without_documentation() -> None:
    doc = _doc(claim_lines=[{"code": "J3301", "units": 4}])
    f = first_finding(scrub_doc(doc), "DRG010")
    assert f.severity == "error" and "J3301" in f.message
    assert ("J3301", 4, ()) not in result_lines(scrub_doc(doc), corrected=True)


def test_drug_given_by_a_route_its_codes_do_not_describe_is_held_with_its_administration() -> None:
    result = code_doc(_doc(drug("triamcinolone", 40, "intravenous", infusion_minutes=30)))
    assert result.lines == []
    assert "given intravenous" in first_finding(result, "DRG009").message


def test_rows_outside_their_dates_are_held() -> None:
    result = code_doc(
        _doc(drug("ustekinumab", 390, "intravenous", infusion_minutes=90), date_of_service="2017-06-01")
    )
    assert "2018-01-01" in first_finding(result, "DRG009").message


def test_self_administered_drug_to_medicare_part_b() -> None:
    doc = _doc(drug("ustekinumab", 45))
    f = first_finding(code_doc(doc), "DRG008")
    assert f.severity == "warning" and f.confidence == "medium"
    assert "DRG008" not in rule_names(code_doc(doc, Options(self_administered_codes=())))
    assert "DRG008" not in rule_names(code_doc(_doc(drug("ustekinumab", 45), payer={"kind": "commercial"})))
    assert "DRG008" in rule_names(
        code_doc(_doc(drug("omalizumab", 150)), Options(self_administered_codes=("J2357",)))
    )


# --------------------------------------------------------------------------- administration


@pytest.mark.parametrize(
    "minutes, extra", [(16, 0), (60, 0), (75, 0), (90, 0), (91, 1), (105, 1), (150, 1), (151, 2), (211, 3)]
)
def test_additional_hour_only_past_thirty_minutes(minutes: float, extra: int) -> None:
    assert infusion_additional_hours(minutes) == extra


@pytest.mark.parametrize("minutes, lines", [(75, [("96365", 1)]), (105, [("96365", 1), ("96366", 1)])])
def test_infusion_worked_examples(minutes: int, lines: list[tuple[str, int]]) -> None:
    result = code_doc(_doc(drug("infliximab", 400, "intravenous", infusion_minutes=minutes)))
    assert [(c, u) for c, u, _ in result_lines(result) if c.startswith("963")] == lines


def test_96366_billed_for_75_minutes_is_an_error() -> None:
    doc = _doc(
        drug("infliximab", 400, "intravenous", infusion_minutes=75),
        claim_lines=[
            {"code": "J1745", "units": 40, "modifiers": ["JZ"]},
            {"code": "96365"},
            {"code": "96366"},
        ],
    )
    result = scrub_doc(doc)
    f = first_finding(result, "ADM001")
    assert "75 minutes" in f.message and f.fix == "Bill 96365 × 1"
    assert not [ln for ln in result.corrected_lines or [] if ln.code == "96366"]


@pytest.mark.parametrize(
    "extra, cause",
    [({}, "no documented infusion time"), ({"infusion_minutes": 10}, "more than 15 minutes")],
)
def test_uncodable_infusions_are_named(extra: dict[str, Any], cause: str) -> None:
    result = code_doc(_doc(drug("infliximab", 400, "intravenous", **extra)))
    assert cause in first_finding(result, "ADM002").message
    assert not [ln for ln in result.lines if ln.code.startswith("963")]
    assert ("J1745", 40, ("JZ",)) in result_lines(result)


def test_monoclonal_administration_codes_are_a_payer_setting() -> None:
    doc = _doc(drug("infliximab", 400, "intravenous", infusion_minutes=150))
    lines = result_lines(code_doc(doc, Options(monoclonal_admin_codes="96413")))
    assert ("96413", 1, ()) in lines and ("96415", 1, ()) in lines
    not_monoclonal = _doc(drug("dexamethasone", 10, "intravenous", hcpcs="J3490", infusion_minutes=30))
    assert ("96365", 1, ()) in result_lines(code_doc(not_monoclonal, Options(monoclonal_admin_codes="96413")))
    billed = dict(
        doc,
        claim_lines=[
            {"code": "J1745", "units": 40, "modifiers": ["JZ"]},
            {"code": "96365"},
            {"code": "96366"},
        ],
    )
    f = first_finding(scrub_doc(billed, Options(monoclonal_admin_codes="96413")), "ADM001")
    assert f.severity == "warning" and "monoclonal_admin_codes" in f.message


def test_injection_beside_an_infusion_takes_a_distinct_modifier() -> None:
    doc = _doc(drug("infliximab", 400, "intravenous", infusion_minutes=120), drug("omalizumab", 150, id="d2"))
    assert ("96372", 1, ("XU",)) in result_lines(code_doc(doc))
    assert ("96372", 1, ("59",)) in result_lines(code_doc(doc, Options(distinct_modifier="59")))


def test_intralesional_drug_is_administered_by_the_injection_procedure() -> None:
    alone = code_doc(
        _doc(drug("triamcinolone", 10, "intralesional", container="multi_dose"), diagnoses=["L91.0"])
    )
    assert result_lines(alone) == [("J3301", 1, ())]
    assert "intralesional_injection" in first_finding(alone, "ADM002").message
    with_injection = _doc(
        drug("triamcinolone", 10, "intralesional", container="multi_dose"),
        {"id": "k1", "type": "intralesional_injection", "count": 2, "site": "left earlobe"},
        diagnoses=["L91.0"],
    )
    assert "ADM002" not in rule_names(code_doc(with_injection))


# --------------------------------------------------------------------------- table and CLI


def test_drug_table_is_consistent_with_the_cms_tables_and_owned_codes() -> None:
    tab = drugs.table()
    assert tab.manifest["rows"] == len(tab.rows)
    mue = tables_for(__import__("datetime").date(2026, 5, 12))
    for row in tab.rows:
        assert owner_of(row.hcpcs) == "drug"
        assert row.sources and row.effective_from
        assert row.self_administered in (None, "sad_list", "supervised_only")
        if row.unclassified:
            assert mue.mue(row.hcpcs) is None and row.measure == "claim"
        else:
            assert mue.mue(row.hcpcs) is not None, row.hcpcs  # every coded drug has a CMS MUE
    for code in ("96365", "96366", "96372", "96413", "96415"):
        assert owner_of(code) == "drug"
    for name in (
        "J3357",
        "J3358",
        "J3245",
        "J0717",
        "J1745",
        "J2357",
        "J3380",
        "J3301",
        "J7308",
        "J7345",
        "J0585",
        "J3490",
        "J3590",
        "Q5103",
        "Q5104",
        "Q5121",
    ):
        assert tab.row(name, __import__("datetime").date(2026, 5, 12)) is not None, name


def test_cli_scrub_reports_the_units_error_and_corrected_lines(write_json: Any) -> None:
    doc = _doc(
        drug("ustekinumab", 90),
        claim_lines=[{"code": "J3357", "units": 1, "diagnoses": [1]}, {"code": "96372"}],
    )
    proc = run_cli("scrub", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    rules = {f["rule"]: f for f in out["findings"]}
    assert rules["DRG001"]["severity"] == "error" and rules["DRG001"]["sources"]
    assert {"code": "J3357", "units": 90, "modifiers": ["JZ"]}.items() <= next(
        ln for ln in out["corrected_lines"] if ln["code"] == "J3357"
    ).items()
    text = run_cli("scrub", str(write_json(doc)))
    assert text.returncode == 0 and b"DRG001" in text.stdout


def test_cli_settings_and_config(tmp_path: Path, write_json: Any) -> None:
    listed = run_cli("settings").stdout.decode()
    for name in (
        "ndc_required",
        "waste_modifier_payers",
        "monoclonal_admin_codes",
        "self_administered_codes",
        "excimer_max_bsa_percent",
        "dx_support_file",
    ):
        assert name in listed
    config = tmp_path / "payer.json"
    config.write_text(json.dumps({"ndc_required": ["commercial"], "monoclonal_admin_codes": "96413"}))
    doc = _doc(drug("infliximab", 400, "intravenous", infusion_minutes=100), payer={"kind": "commercial"})
    out = json.loads(
        run_cli("code", str(write_json(doc)), "--format", "json", "--config", str(config)).stdout
    )
    assert "96413" in {ln["code"] for ln in out["lines"]}
    assert "DRG005" in {f["rule"] for f in out["findings"]}
    config.write_text(json.dumps({"ndc_required": ["hospital"]}))
    bad = run_cli("code", str(write_json(doc)), "--config", str(config))
    assert bad.returncode == 2 and b"ndc_required" in bad.stderr
