"""Routing to payer or patient, and the GY/GX/GA/GZ modifiers (RULES.md §10, §11 row 28).

Through the public library and the CLI: which lines go to ``lines`` (the payer) and which to
``patient_responsibility``, with the modifiers the notices on file call for; plus unit tests of
:func:`dermclaim.coding.routing.decide`, which works for any procedure type.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import msgspec
import pytest

import dermclaim
from dermclaim.coding.routing import decide
from dermclaim.necessity import Assessment
from dermclaim.options import Options
from tests.conftest import EXAMPLES, biopsy, encounter, rule_names, run_cli

SPLIT_NOTE = (
    "Seborrheic keratosis on the right inframammary fold catches on her bra strap and bleeds. "
    "She also asks to have three keratoses on the left temple frozen because she dislikes how they look; "
    "they are asymptomatic. Cosmetic waiver for the temple lesions signed."
)


def _destruction(pid: str, site: str, count: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "type": "destruction",
        "lesion_kind": "benign",
        "count": count,
        "site": site,
        "method": "cryosurgery",
        **extra,
    }


def _doc(**fields: Any) -> dict[str, Any]:
    return encounter(date_of_service="2026-05-12", **fields)


def _run(doc: dict[str, Any], options: Options | None = None, mode: str = "code") -> dermclaim.Result:
    enc = dermclaim.load(msgspec.json.encode(doc))
    return (
        dermclaim.scrub(enc, options or Options())
        if mode == "scrub"
        else dermclaim.code(enc, options or Options())
    )


def _lines(
    lines: list[dermclaim.Line] | None,
) -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    assert lines is not None
    return [(ln.code, tuple(ln.modifiers), tuple(ln.diagnoses), tuple(ln.procedures)) for ln in lines]


def split_visit(**extra: Any) -> dict[str, Any]:
    return _doc(
        diagnoses=["L82.0", "L82.1"],
        note=SPLIT_NOTE,
        procedures=[
            _destruction("p1", "right inframammary fold", diagnosis="L82.0"),
            _destruction("p2", "left temple", 3, diagnosis="L82.1"),
        ],
        waivers=[{"kind": "cosmetic", "signed_on": "2026-05-12", "procedures": ["p2"]}],
        **extra,
    )


# --- cosmetic work: to the patient, or GY (+GX) at the patient's request -----------------------------


def test_split_visit_bills_the_medical_part_to_the_payer_and_the_cosmetic_part_to_the_patient() -> None:
    result = _run(split_visit())
    assert _lines(result.lines) == [("17110", (), ("L82.0",), ("p1",))]
    assert _lines(result.patient_responsibility) == [("17110", (), ("L82.1",), ("p2",))]
    assert "cosmetic waiver signed 2026-05-12" in result.patient_responsibility[0].because
    procs = {p.id: p for p in result.procedures}
    assert procs["p1"].lines == [0] and procs["p1"].patient_lines == []
    assert procs["p2"].lines == [] and procs["p2"].patient_lines == [0]
    assert procs["p2"].necessity is not None and procs["p2"].necessity.billed_to == "patient"
    assert not any(f.severity == "error" for f in result.findings)
    assert not rule_names(result) & {"NEC001", "NEC002", "RTE004", "RTE006"}


def test_lesions_are_counted_within_each_part_of_a_split_visit() -> None:
    # one 17110 for 1–14 lesions: the payer's part and the patient's part each get their own
    doc = split_visit()
    doc["procedures"].append(_destruction("p3", "right inframammary fold", 2, diagnosis="L82.0"))
    result = _run(doc)
    assert [(ln.code, ln.units, tuple(ln.procedures)) for ln in result.lines] == [("17110", 1, ("p1", "p3"))]
    assert [(ln.code, ln.units, tuple(ln.procedures)) for ln in result.patient_responsibility] == [
        ("17110", 1, ("p2",))
    ]


COSMETIC_NOTE = "Three asymptomatic keratoses on the left temple; she dislikes how they look. Waiver signed."


def test_cosmetic_work_never_raises_or_justifies_the_visit() -> None:
    doc = split_visit(visit={"code": "99213", "separately_identifiable": True, "diagnoses": ["L82.1"]})
    doc["procedures"] = [doc["procedures"][1]]  # only the cosmetic lesions
    doc["note"] = COSMETIC_NOTE
    result = _run(doc)
    visit = [ln for ln in result.lines if ln.code == "99213"]
    assert visit and visit[0].modifiers == []  # no 25: no payer procedure beside it
    assert "RTE006" in rule_names(result)
    assert _lines(result.patient_responsibility) == [("17110", (), ("L82.1",), ("p2",))]


def test_a_visit_that_also_treated_a_medical_problem_is_not_cosmetic() -> None:
    doc = split_visit(visit={"code": "99213", "separately_identifiable": True, "diagnoses": ["L40.0"]})
    doc["diagnoses"].append("L40.0")
    doc["procedures"] = [doc["procedures"][1]]
    doc["note"] = "Psoriasis of the elbows improved; continue clobetasol. " + COSMETIC_NOTE
    assert "RTE006" not in rule_names(_run(doc))


def test_excluded_service_the_patient_asks_to_file_goes_to_the_payer_with_gy_and_gx() -> None:
    doc = split_visit()
    doc["waivers"][0]["patient_requests_claim"] = True
    result = _run(doc)
    assert _lines(result.lines) == [
        ("17110", (), ("L82.0",), ("p1",)),
        ("17110", ("GY", "GX"), ("L82.1",), ("p2",)),
    ]
    assert result.patient_responsibility == []


def test_without_a_signed_notice_an_excluded_claim_takes_gy_alone() -> None:
    doc = _doc(
        diagnoses=["L82.1"],
        note="Asymptomatic keratoses of the left temple; she dislikes how they look.",
        procedures=[_destruction("p1", "left temple", 2, purpose="cosmetic", patient_requests_claim=True)],
    )
    result = _run(doc)
    assert _lines(result.lines) == [("17110", ("GY",), ("L82.1",), ("p1",))]


def test_z41_1_goes_first_on_a_gy_line_when_the_payer_wants_it() -> None:
    doc = split_visit()
    doc["waivers"][0]["patient_requests_claim"] = True
    result = _run(doc, Options(cosmetic_claim_z41_1=True))
    assert result.lines[1].diagnoses == ["Z41.1", "L82.1"]


def test_cosmetic_work_without_a_signed_waiver_still_goes_to_the_patient_with_a_warning() -> None:
    doc = split_visit()
    doc["waivers"] = []
    result = _run(doc)
    assert _lines(result.patient_responsibility) == [("17110", (), ("L82.1",), ("p2",))]
    assert {"RTE004", "NEC001"} <= rule_names(result)
    nec = next(f for f in result.findings if f.rule == "NEC001")
    assert nec.severity == "warning" and "dislikes how they look" in nec.message


def test_self_pay_encounters_are_not_routed() -> None:
    result = _run(split_visit(payer={"kind": "self_pay"}))
    assert result.patient_responsibility == []
    assert [ln.code for ln in result.lines] == ["17110"]


# --- expected denials: GA with a signed ABN, GZ without -----------------------------------------------

ABN_NOTE = "Irritated seborrheic keratosis of the right upper back where the bra strap rubs; ABN reviewed."


def _abn(signed: bool, payer: str = "medicare") -> dict[str, Any]:
    waiver: dict[str, Any] = {"kind": "abn", "procedures": ["p1"]}
    if signed:
        waiver["signed_on"] = "2026-05-12"
    return _doc(
        payer={"kind": payer},
        diagnoses=["L82.0"],
        note=ABN_NOTE,
        procedures=[_destruction("p1", "right upper back")],
        waivers=[waiver],
    )


def test_a_signed_abn_puts_ga_on_the_line() -> None:
    result = _run(_abn(signed=True))
    assert _lines(result.lines) == [("17110", ("GA",), ("L82.0",), ("p1",))]
    assert "RTE005" not in rule_names(result)


def test_an_unsigned_abn_means_gz_and_a_warning() -> None:
    result = _run(_abn(signed=False))
    assert _lines(result.lines) == [("17110", ("GZ",), ("L82.0",), ("p1",))]
    assert "RTE005" in rule_names(result)


def test_an_abn_means_nothing_to_a_payer_outside_the_abn_payers_setting() -> None:
    assert _lines(_run(_abn(signed=True, payer="commercial")).lines) == [("17110", (), ("L82.0",), ("p1",))]
    opts = Options(abn_payers=("medicare", "commercial"))
    assert _run(_abn(signed=True, payer="commercial"), opts).lines[0].modifiers == ["GA"]


def test_gz_for_an_undocumented_indication_only_when_the_practice_asks_for_it() -> None:
    doc = _doc(
        diagnoses=["L82.1"],
        note="Keratosis of the right upper back.",
        procedures=[_destruction("p1", "upper back")],
    )
    assert _run(doc).lines[0].modifiers == []
    assert "NEC002" in rule_names(_run(doc))
    assert _run(doc, Options(gz_when_denial_expected=True)).lines[0].modifiers == ["GZ"]


def test_a_line_shared_by_procedures_of_different_footing_gets_no_g_modifier() -> None:
    doc = _abn(signed=True)
    doc["procedures"].append(_destruction("p2", "right upper back"))
    result = _run(doc)
    assert [(ln.code, ln.modifiers) for ln in result.lines] == [("17110", [])]
    assert "no G-modifier" in result.lines[0].because


# --- scrub: billed lines against the routing -------------------------------------------------------


def test_scrub_flags_cosmetic_work_billed_to_the_payer_and_corrects_it() -> None:
    doc = split_visit(claim_lines=[{"code": "17110", "diagnoses": [1]}, {"code": "17110", "diagnoses": [2]}])
    doc["procedures"][1]["purpose"] = "cosmetic"
    result = _run(doc, mode="scrub")
    rte = next(f for f in result.findings if f.rule == "RTE001")
    assert rte.severity == "error" and rte.lines == [1]
    assert _lines(result.corrected_lines) == [("17110", (), ("L82.0",), ("p1",))]
    assert _lines(result.patient_responsibility) == [("17110", (), ("L82.1",), ("p2",))]


def test_scrub_flags_a_medical_diagnosis_on_work_the_note_shows_as_cosmetic() -> None:
    doc = _doc(
        diagnoses=["L82.1"],
        note="Two keratoses of the left temple; she finds them unsightly. No bleeding or itching.",
        procedures=[_destruction("p1", "left temple", 2)],
        claim_lines=[{"code": "17110", "diagnoses": [1]}],
    )
    result = _run(doc, mode="scrub")
    nec = next(f for f in result.findings if f.rule == "NEC001")
    assert (nec.severity, nec.lines, nec.procedures) == ("error", [0], ["p1"])
    assert "'unsightly'" in nec.message
    doc["claim_lines"][0]["modifiers"] = ["GY"]
    assert "NEC001" not in rule_names(_run(doc, mode="scrub"))


@pytest.mark.parametrize(
    ("modifiers", "raised"),
    [
        (["GY", "GZ"], True),
        (["GA", "GZ"], True),
        (["GA", "GY"], True),
        (["GX", "GZ"], True),
        (["GY", "GX"], False),
    ],
)
def test_contradictory_liability_modifiers(modifiers: list[str], raised: bool) -> None:
    doc = _doc(procedures=[biopsy("p1", "punch")], claim_lines=[{"code": "11104", "modifiers": modifiers}])
    assert ("RTE003" in rule_names(_run(doc, mode="scrub"))) is raised


def test_ga_without_a_signed_abn_is_an_error_and_a_signed_abn_without_ga_a_warning() -> None:
    unsigned = _abn(signed=False)
    unsigned["claim_lines"] = [{"code": "17110", "modifiers": ["GA"], "diagnoses": [1]}]
    f = next(f for f in _run(unsigned, mode="scrub").findings if f.rule == "RTE002")
    assert f.severity == "error"
    signed = _abn(signed=True)
    signed["claim_lines"] = [{"code": "17110", "diagnoses": [1]}]
    f = next(f for f in _run(signed, mode="scrub").findings if f.rule == "RTE002")
    assert f.severity == "warning" and "Add GA" in f.fix


# --- decide() for any procedure type (unit) ---------------------------------------------------------


def _assessment(pid: str, verdict: str) -> Assessment:
    return Assessment(
        procedure=pid,
        kind="chemical_peel",
        declared="medical",
        verdict=verdict,  # type: ignore[arg-type]
        evidence=(),
        reason="",
        needs=(),
        diagnoses=("L57.0",),
        analysed=True,
    )


@pytest.mark.parametrize(
    ("verdict", "waivers", "expected"),
    [
        ("cosmetic", [{"kind": "cosmetic", "signed_on": "2026-05-12"}], ("patient", (), "cosmetic_waiver")),
        ("cosmetic", [], ("patient", (), "cosmetic_no_waiver")),
        (
            "cosmetic",
            [{"kind": "cosmetic", "signed_on": "2026-05-12", "patient_requests_claim": True}],
            ("payer", ("GY", "GX"), "excluded_filed"),
        ),
        ("medical", [{"kind": "abn", "signed_on": "2026-05-12"}], ("payer", ("GA",), "abn_signed")),
        ("undocumented", [{"kind": "abn"}], ("payer", ("GZ",), "abn_unsigned")),
        ("medical", [], None),
    ],
)
def test_decide_routes_any_procedure_type(verdict: str, waivers: list[dict[str, Any]], expected: Any) -> None:
    doc = _doc(
        procedures=[{"id": "c1", "type": "chemical_peel", "depth": "dermal", "facial": True}], waivers=waivers
    )
    enc = dermclaim.load(msgspec.json.encode(doc))
    routes = decide(enc, {"c1": _assessment("c1", verdict)}, {}, Options())
    got = routes.get("c1")
    assert (None if got is None else (got.to, got.modifiers, got.cause)) == expected


def test_a_waiver_without_procedures_covers_every_procedure() -> None:
    doc = _doc(
        procedures=[{"id": "t1", "type": "skin_tag_removal", "count": 2, "purpose": "cosmetic"}],
        waivers=[{"kind": "cosmetic", "signed_on": "2026-05-12"}],
    )
    enc = dermclaim.load(msgspec.json.encode(doc))
    route = decide(enc, {}, {}, Options())["t1"]
    assert (route.to, route.cause, route.waiver) == ("patient", "cosmetic_waiver", 0)
    assert enc.waivers[0].signed_on == dt.date(2026, 5, 12)


# --- the bundled example encounters through the CLI ---------------------------------------------------


def _cli(path: str, mode: str = "code") -> dict[str, Any]:
    proc = run_cli(mode, path, "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def test_example_split_visit_with_a_signed_cosmetic_waiver() -> None:
    out = _cli(str(EXAMPLES / "split_visit_cosmetic_waiver.json"))
    assert [(ln["code"], ln["procedures"]) for ln in out["lines"]] == [("17110", ["p1"])]
    assert [(ln["code"], ln["procedures"]) for ln in out["patient_responsibility"]] == [("17110", ["p2"])]
    nec = {p["id"]: p["necessity"] for p in out["procedures"]}
    assert (nec["p1"]["verdict"], nec["p2"]["verdict"]) == ("medical", "cosmetic")
    span = nec["p1"]["evidence"][0]
    assert {
        "text",
        "start",
        "end",
        "concept",
        "negated",
        "hypothetical",
        "historical",
        "family",
    } <= span.keys()


@pytest.mark.parametrize(
    ("name", "modifiers"),
    [
        ("cosmetic_filed_at_patient_request.json", ["GY", "GX"]),
        ("abn_signed_ga.json", ["GA"]),
        ("abn_unsigned_gz.json", ["GZ"]),
    ],
)
def test_example_g_modifier_routes(name: str, modifiers: list[str]) -> None:
    out = _cli(str(EXAMPLES / name))
    assert [ln["modifiers"] for ln in out["lines"]] == [modifiers]
    assert out["patient_responsibility"] == []


def test_example_scrub_of_cosmetic_work_billed_as_medical() -> None:
    out = _cli(str(EXAMPLES / "scrub_cosmetic_billed_as_medical.json"), "scrub")
    assert any(f["rule"] == "NEC001" and f["severity"] == "error" for f in out["findings"])
    assert out["corrected_lines"] == []
    assert [ln["code"] for ln in out["patient_responsibility"]] == ["17110"]
