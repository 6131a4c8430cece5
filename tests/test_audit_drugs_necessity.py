"""Audit of the drugs, diagnosis, necessity and routing areas (issues 4 and 5): scenarios a biller,
an auditor and an integrator run, each found wrong once, through the public library."""

from __future__ import annotations

import json
from typing import Any

import dermclaim
from tests.conftest import EXAMPLES, encounter, rule_names


def _run(doc: dict[str, Any], mode: str = "scrub") -> dermclaim.Result:
    enc = dermclaim.load(json.dumps(doc).encode())
    return dermclaim.scrub(enc) if mode == "scrub" else dermclaim.code(enc)


def _benign(pid: str, site: str, count: int = 1, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "type": "destruction", "lesion_kind": "benign", "count": count, "site": site, **extra}


# --- routing: a correct split-visit claim raises nothing ---------------------------------------------


def test_a_correctly_billed_split_visit_is_not_called_cosmetic_billed_as_medical() -> None:
    """The medical lesion's 17110 on the payer's claim is not the cosmetic lesion's line: the
    cosmetic part is billed to the patient, so NEC001 must not fire (it did, as an error)."""
    doc = json.loads((EXAMPLES / "split_visit_cosmetic_waiver.json").read_text())
    doc["claim_lines"] = [{"code": "17110", "diagnoses": ["L82.0"]}]
    result = _run(doc)
    assert not [f for f in result.findings if f.severity == "error"], result.findings
    assert [ln.code for ln in result.patient_responsibility] == ["17110"]


def test_cosmetic_work_the_note_shows_is_an_error_on_the_payer_claim_whatever_its_diagnosis() -> None:
    """A removal the note shows as cosmetic, coded Z41.1, billed to the payer without GY: a cosmetic
    service on the payer's claim (RTE001) — it used to pass with no routing finding."""
    doc = encounter(
        diagnoses=["Z41.1"],
        note="She finds two seborrheic keratoses on the left temple unsightly. Cryotherapy to both.",
        procedures=[_benign("p1", "left temple", 2)],
        claim_lines=[{"code": "17110", "diagnoses": [1]}],
    )
    result = _run(doc)
    hits = [f for f in result.findings if f.rule == "RTE001"]
    assert hits and hits[0].severity == "error" and hits[0].lines == [0], result.findings
    assert "NEC001" not in rule_names(result)


def test_one_problem_one_finding_for_cosmetic_work_billed_with_a_medical_diagnosis() -> None:
    doc = json.loads((EXAMPLES / "scrub_cosmetic_billed_as_medical.json").read_text())
    result = _run(doc)
    assert "NEC001" in rule_names(result) and "RTE001" not in rule_names(result)


def test_excluded_work_filed_at_the_patients_request_always_carries_gy() -> None:
    """Two cosmetic destructions the patient asks to have filed share one 17110; only one has a
    signed notice (GX). The line lost every G-modifier; it must keep GY (GX only if both had it)."""
    doc = encounter(
        diagnoses=["L82.1"],
        procedures=[
            _benign("p1", "left temple", 2, purpose="cosmetic", patient_requests_claim=True),
            _benign("p2", "right cheek", 1, purpose="cosmetic", patient_requests_claim=True),
        ],
        waivers=[{"kind": "cosmetic", "signed_on": "2026-11-16", "procedures": ["p1"]}],
    )
    result = _run(doc, "code")
    assert [(ln.code, ln.modifiers) for ln in result.lines] == [("17110", ["GY"])]
    assert "p2" in result.lines[0].because


# --- diagnosis ---------------------------------------------------------------------------------------


def test_icd10_before_2015_10_01_is_found_on_a_procedure_diagnosis_too() -> None:
    doc = encounter(
        date_of_service="2015-05-01",
        procedures=[
            {"id": "b1", "type": "biopsy", "technique": "punch", "site": "upper back", "diagnosis": "L57.0"}
        ],
    )
    assert "DX003" in rule_names(_run(doc, "code"))


# --- drugs -------------------------------------------------------------------------------------------


def test_a_documented_drug_held_for_its_date_is_not_called_undocumented() -> None:
    """Omalizumab is documented; the table holds it before its rows' dates (DRG009). The billed
    J2357 line is that drug, not 'a drug the encounter does not document' (DRG010)."""
    doc = encounter(
        date_of_service="2023-03-01",
        diagnoses=["L50.1"],
        procedures=[
            {"id": "d1", "type": "drug", "drug": "omalizumab", "dose_mg": 150, "route": "subcutaneous"}
        ],
        claim_lines=[
            {"code": "J2357", "units": 30, "diagnoses": [1]},
            {"code": "96372", "diagnoses": [1]},
        ],
    )
    rules = rule_names(_run(doc))
    assert "DRG009" in rules and "DRG010" not in rules


# --- necessity ---------------------------------------------------------------------------------------


def test_severe_axillary_sweating_is_the_botulinum_indication() -> None:
    doc = encounter(
        diagnoses=["L74.510"],
        note="Severe axillary sweating despite topical aluminum chloride for a year.",
        procedures=[{"id": "d1", "type": "drug", "drug": "botox", "dose_units": 100, "route": "intradermal"}],
    )
    result = _run(doc, "code")
    nec = result.procedures[0].necessity
    assert nec is not None and nec.verdict == "medical", nec
    assert "NEC002" not in rule_names(result)


def test_the_drug_of_a_cosmetic_keloid_injection_goes_to_the_patient_with_it() -> None:
    """The injection is cosmetic and billed to the patient; its triamcinolone stayed on the payer's
    claim (a cosmetic line to the payer without GY) and ADM002 claimed the injection undocumented."""
    doc = encounter(
        diagnoses=["L91.0"],
        note="Asymptomatic keloid of the left earlobe; she wants it flatter for appearance.",
        procedures=[
            {"id": "i1", "type": "intralesional_injection", "count": 1, "site": "left earlobe"},
            {
                "id": "d1",
                "type": "drug",
                "drug": "kenalog-10",
                "dose_mg": 10,
                "route": "intralesional",
                "container": "multi_dose",
            },
        ],
        waivers=[{"kind": "cosmetic", "signed_on": "2026-11-16"}],
    )
    result = _run(doc, "code")
    assert result.lines == []
    assert sorted(ln.code for ln in result.patient_responsibility) == ["11900", "J3301"]
    assert all(ln.because for ln in result.patient_responsibility)
    assert "ADM002" not in rule_names(result)
