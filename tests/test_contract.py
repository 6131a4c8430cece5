"""The public contract through the command line, as users and integrators run it (§2–3)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, biopsy, encounter, run_cli

CONTRACT_KEYS = {"encounter", "lines", "patient_responsibility", "findings", "procedures"}
LINE_KEYS = {"code", "units", "modifiers", "diagnoses", "procedures", "because"}
FINDING_KEYS = {
    "rule",
    "severity",
    "message",
    "fix",
    "fix_safety",
    "confidence",
    "lines",
    "procedures",
    "sources",
}


def _json(proc: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(proc.stdout)
    return data


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_bundled_examples_follow_the_output_contract(path: Path) -> None:
    mode = "scrub" if "scrub" in path.name else "code"
    proc = run_cli(mode, str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = _json(proc)
    assert out.keys() >= CONTRACT_KEYS
    assert out["encounter"] == json.loads(path.read_text())["id"]
    for line in out["lines"] + (out.get("corrected_lines") or []):
        assert line.keys() >= LINE_KEYS
        assert isinstance(line["units"], int) and line["units"] >= 1
        assert all(len(m) == 2 for m in line["modifiers"])
        assert all("." in d or len(d) == 3 for d in line["diagnoses"])
    for f in out["findings"]:
        assert f.keys() >= FINDING_KEYS
        assert f["severity"] in ("error", "warning", "info")
        assert f["fix_safety"] in ("safe", "unsafe", "display-only")
        assert f["sources"], f
        limit = len(out["lines"])
        assert all(0 <= i < limit for i in f["lines"])
    if mode == "scrub":
        assert "corrected_lines" in out
    for p in out["procedures"]:
        assert {"id", "lines", "status"} <= p.keys()
        if "site" in p:
            assert {"canonical", "laterality", "groups"} <= p["site"].keys()
            assert {"excision", "mohs", "mohs_auc_area"} <= p["site"]["groups"].keys()


def test_readable_report_is_the_default(write_json: Any) -> None:
    path = write_json(encounter(procedures=[biopsy("p1", "punch"), biopsy("p2", "tangential")]))
    proc = run_cli("code", str(path))
    assert proc.returncode == 0
    text = proc.stdout.decode()
    assert "11104" in text and "11103" in text and "T-1" in text
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)


# --- §3 errors and exit codes: the five paths -------------------------------------------------


def test_exit_0_whatever_the_findings(write_json: Any) -> None:
    doc = encounter(
        procedures=[biopsy("p1", "punch"), biopsy("p2", "tangential")],
        claim_lines=[{"code": "11102"}, {"code": "11104"}],
    )
    proc = run_cli("scrub", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 0
    assert "BX001" in {f["rule"] for f in _json(proc)["findings"]}


def test_fail_on_error_exits_1(write_json: Any) -> None:
    doc = encounter(
        procedures=[biopsy("p1", "punch"), biopsy("p2", "tangential")],
        claim_lines=[{"code": "11102"}, {"code": "11104"}],
    )
    path = str(write_json(doc))
    assert run_cli("scrub", path, "--fail-on", "error").returncode == 1
    clean = encounter(procedures=[biopsy("p1", "punch")], claim_lines=[{"code": "11104"}])
    assert run_cli("scrub", str(write_json(clean, "ok.json")), "--fail-on", "error").returncode == 0


def test_invalid_document_exits_2_with_every_pointer_and_no_output(write_json: Any) -> None:
    doc = encounter(
        procedures=[
            {"id": "p1", "type": "biopsy", "technique": "punch", "site": "upper back"},
            {"id": "p2", "type": "excision", "site": "nose", "diameter_cm": -1},
            {"id": "p3", "type": "biopsy", "technique": "laser", "site": "armpitt"},
            {"id": "p4", "type": "tattoo"},
        ]
    )
    del doc["patient"]
    doc["date_of_service"] = "2026-02-30"
    proc = run_cli("code", str(write_json(doc)))
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode()
    for expected in (
        "/patient",
        "/date_of_service",
        "/procedures/1/diameter_cm: must be > 0",
        "/procedures/2/technique",
        "/procedures/2/site",
        "/procedures/3/type",
    ):
        assert expected in err, (expected, err)
    assert "Traceback" not in err


def test_unknown_site_names_the_phrase_and_the_closest_sites(write_json: Any) -> None:
    doc = encounter(procedures=[biopsy("p1", "punch", site="left forarm")])
    proc = run_cli("code", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 2
    problem = json.loads(proc.stderr)["problems"][0]
    assert problem["pointer"] == "/procedures/0/site"
    assert "left forarm" in problem["message"] and "forearm" in problem["message"].lower()


@pytest.mark.parametrize(
    "payload, words",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"id": "x"' + b" " * 1_100_000 + b"}", "larger than"),
    ],
    ids=["empty", "blank", "not-json", "binary", "array", "oversize"],
)
def test_unreadable_input_is_refused_cleanly(payload: bytes, words: str) -> None:
    proc = run_cli("code", "-", stdin=payload)
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode()
    assert words.lower() in err.lower(), err
    assert "Traceback" not in err


def test_missing_file_is_refused_cleanly(tmp_path: Path) -> None:
    proc = run_cli("code", str(tmp_path / "nope.json"))
    assert proc.returncode == 2 and "cannot read" in proc.stderr.decode()


def test_unknown_fields_are_kept_and_ignored(write_json: Any) -> None:
    doc = encounter(procedures=[biopsy("p1", "punch", ehr_ref="X-9")], practice_extra={"a": 1})
    proc = run_cli("code", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 0
    assert [ln["code"] for ln in _json(proc)["lines"]] == ["11104"]


def test_batch_writes_one_line_per_input_line_and_an_error_record(tmp_path: Path) -> None:
    good = encounter(procedures=[biopsy("p1", "punch"), biopsy("p2", "punch")])
    lines = [
        json.dumps(good),
        "{broken",
        json.dumps(encounter(id="T-3", procedures=[biopsy("p1", "punch", site="spleen")])),
        "",
        json.dumps(good),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    proc = run_cli("batch", str(src), str(out), "--mode", "code")
    assert proc.returncode == 0, proc.stderr.decode()
    records = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(records) == len(lines)
    assert records[0]["encounter"] == "T-1" and records[0]["lines"][0]["code"] == "11104"
    assert records[1]["line"] == 2 and records[1]["error"]
    assert records[2]["line"] == 3 and records[2]["encounter"] == "T-3"
    assert records[2]["problems"][0]["pointer"] == "/procedures/0/site"
    assert records[3]["line"] == 4
    assert records[4]["encounter"] == "T-1"
    summary = proc.stderr.decode()
    assert "5 lines" in summary and "3 error records" in summary


def test_rules_and_explain(tmp_path: Path) -> None:
    listing = run_cli("rules", "--format", "json")
    assert listing.returncode == 0
    codes = [r["code"] for r in json.loads(listing.stdout)]
    assert "BX001" in codes
    page = run_cli("explain", "BX001")
    assert page.returncode == 0 and b"multiple-primary-biopsy-codes" in page.stdout
    by_name = run_cli("explain", "multiple-primary-biopsy-codes", "--format", "json")
    assert json.loads(by_name.stdout)["code"] == "BX001"
    assert run_cli("explain", "ZZ999").returncode == 2


def test_errors_name_where_patient_data_is_wrong_never_the_data(write_json: Any) -> None:
    doc = encounter()
    doc["patient"] = {
        "id": "P-77",
        "birth_date": "1950-02-30",
        "sex": "female",
        "name": {"family": "Zyxwvut", "given": 12},
    }
    doc["payer"]["member_id"] = 998877
    for fmt in ("text", "json"):
        proc = run_cli("code", str(write_json(doc)), "--format", fmt)
        assert proc.returncode == 2
        err = proc.stderr.decode()
        for pointer in ("/patient/birth_date", "/patient/sex", "/patient/name/given", "/payer/member_id"):
            assert pointer in err
        for secret in ("1950-02-30", "female", "998877"):
            assert secret not in err, (fmt, secret)
