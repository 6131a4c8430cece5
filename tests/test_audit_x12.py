"""Audit of the X12 area: robustness of the readers and the checker on mutated and random input,
no patient data in messages, the writer on the encounters a dermatology practice sends (dependent
patients, drugs with NDCs, Mohs with the practice's CLIA, authorizations, twelve diagnoses), and
the commands' exit codes."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dermclaim
from dermclaim.x12.check837 import check_837
from dermclaim.x12.model import Claim
from dermclaim.x12.practice import load_practice
from dermclaim.x12.pyx12_check import pyx12_errors
from dermclaim.x12.reader835 import read_835
from dermclaim.x12.reader837 import read_837
from dermclaim.x12.segments import X12ReadError
from dermclaim.x12.writer837 import build_claim, write_837
from tests.conftest import EXAMPLES, run_cli
from tests.test_x12_835 import ERA as SAMPLE_835

PRACTICE_FILE = EXAMPLES / "x12" / "practice.json"
PRACTICE = load_practice(PRACTICE_FILE)
NOW = dt.datetime(2026, 12, 4, 9, 30)
BASE: dict[str, Any] = json.loads((EXAMPLES / "biopsy_mixed.json").read_text())


def _doc(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    doc.update(changes)
    return doc


def _build(doc: dict[str, Any]) -> Claim | list[Any]:
    enc = dermclaim.load(json.dumps(doc).encode())
    return build_claim(enc, dermclaim.code(enc), PRACTICE)


def _text(*claims: Claim) -> str:
    return write_837(list(claims), PRACTICE, control_number=42, now=NOW)[0]


# --- the writer on what a dermatology practice sends: pyx12 accepts every file -----------------

DEPENDENT = {
    "kind": "commercial",
    "id": "60054",
    "member_id": "W123456789",
    "subscriber": {
        "name": {"family": "Hallorann", "given": "Peter"},
        "birth_date": "1955-01-02",
        "sex": "M",
        "relationship": "child",
        "address": {"line1": "1 Main St", "city": "Portland", "state": "OR", "postal_code": "97215"},
    },
}
DRUG = [
    {"id": "p1", "type": "intralesional_injection", "count": 2, "site": "upper back"},
    {
        "id": "p2",
        "type": "drug",
        "drug": "triamcinolone",
        "dose_mg": 20,
        "route": "intralesional",
        "ndc": "0003-0293-05",
        "container": "multi_dose",
    },
]
SITES = ["left forearm", "right forearm", "upper back", "lower back", "chest", "abdomen", "left thigh"]
SITES += ["right thigh", "left calf", "right calf", "scalp", "neck", "left shoulder"]
DX = ["L57.0", "L82.1", "D22.5", "D23.9", "C44.319", "C44.519", "L98.9", "D23.5", "L91.0", "L72.0"]
DX += ["D18.01", "L85.8", "L82.0"]


def _mohs() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EXAMPLES / "mohs_two_tumors.json").read_text())
    doc["patient"] = dict(BASE["patient"], id="PT-2041")
    doc["payer"]["name"] = "Noridian JF Part B"
    del doc["billing_provider"]  # the practice file has the CLIA number
    return doc


def _biopsies(n: int) -> dict[str, Any]:
    procedures = [
        {"id": f"p{i}", "type": "biopsy", "technique": "punch", "site": SITES[i], "diagnosis": DX[i]}
        for i in range(n)
    ]
    doc = _doc(id=f"BX-{n}", diagnoses=DX[:n], procedures=procedures, pathology=[])
    del doc["visit"]
    return doc


def _scenarios() -> dict[str, dict[str, Any]]:
    drug = _doc(id="DRUG-1", diagnoses=["L91.0"], procedures=DRUG, pathology=[])
    del drug["visit"]
    return {
        "dependent": _doc(id="DEP-1", payer=DEPENDENT),
        "drug-ndc": drug,
        "mohs-practice-clia": _mohs(),
        "authorizations": _doc(
            id="AUTH-1",
            authorizations=[{"number": "pa-77", "procedures": []}, {"number": "PA-2", "procedures": ["p2"]}],
        ),
        "twelve-diagnoses": _biopsies(12),
    }


@pytest.mark.parametrize("name", list(_scenarios()))
def test_the_writer_produces_what_pyx12_accepts(name: str) -> None:
    claim = _build(_scenarios()[name])
    assert isinstance(claim, Claim), [str(p) for p in claim]
    text = _text(claim)
    assert pyx12_errors(text) == []
    assert check_837(text).issues == []
    assert read_837(text).claims == [claim]


def test_several_claims_in_one_file_are_accepted_and_read_back() -> None:
    claims = [_build(doc) for doc in _scenarios().values()]
    assert all(isinstance(c, Claim) for c in claims)
    text = _text(*claims)  # type: ignore[arg-type]
    assert pyx12_errors(text) == []
    assert check_837(text).issues == []
    assert read_837(text).claims == claims


def test_mohs_claim_takes_the_practice_files_clia_and_writes_ref_x4() -> None:
    """Was: MOH003 (no CLIA in the encounter) refused the claim although the practice file's CLIA
    is what REF*X4 carries."""
    claim = _build(_mohs())
    assert isinstance(claim, Claim), [str(p) for p in claim]
    assert claim.clia == PRACTICE.billing_provider.clia
    assert f"REF*X4*{claim.clia}~" in _text(claim)


def test_mohs_claim_without_any_clia_is_still_refused() -> None:
    practice = copy.deepcopy(PRACTICE)
    practice.billing_provider.clia = ""
    enc = dermclaim.load(json.dumps(_mohs()).encode())
    problems = build_claim(enc, dermclaim.code(enc), practice)
    assert isinstance(problems, list)
    assert any("CLIA" in p.message for p in problems)


def test_thirteen_diagnoses_are_refused_with_the_list() -> None:
    problems = _build(_biopsies(13))
    assert isinstance(problems, list)
    assert any(p.pointer == "/diagnoses" and "at most 12" in p.message for p in problems)


# --- robustness: mutated and random X12 never raise anything but X12ReadError with a position ---

_SEEDS: list[str] = []


def _seeds() -> list[str]:
    if not _SEEDS:
        rich = [_build(doc) for doc in _scenarios().values()]
        _SEEDS.append(_text(*rich))  # type: ignore[arg-type]
        _SEEDS.append(SAMPLE_835)
    return _SEEDS


_ALPHABET = "*:~^|>\n\r ISAGSTECLMVHIN0123456789.-\x00\xff"
_mutation = st.one_of(
    st.tuples(st.just("cut"), st.integers(0, 10**6)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.text(_ALPHABET, max_size=40)),
    st.tuples(st.just("bytes"), st.integers(0, 10**6), st.binary(max_size=40)),
    st.tuples(st.just("swap"), st.sampled_from("*:~^|>\n"), st.sampled_from("*:~^|>\n")),
    st.tuples(st.just("drop"), st.integers(0, 10**6), st.integers(1, 300)),
    st.tuples(st.just("repeat"), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(1, 300)),
)


def _mutate(text: str, mutations: list[tuple[Any, ...]]) -> str:
    for m in mutations:
        n = len(text) + 1
        if m[0] == "cut":
            text = text[: m[1] % n]
        elif m[0] == "insert":
            k = m[1] % n
            text = text[:k] + m[2] + text[k:]
        elif m[0] == "bytes":
            k = m[1] % n
            text = text[:k] + m[2].decode("latin-1") + text[k:]
        elif m[0] == "swap":
            text = text.replace(m[1], m[2])
        elif m[0] == "drop":
            k = m[1] % n
            text = text[:k] + text[k + m[2] :]
        else:
            k, j = m[1] % n, m[2] % n
            text = text[:k] + text[j : j + m[3]] + text[k:]
    return text


def _read_everything(data: str | bytes) -> None:
    for reader in (check_837, read_837, read_835):
        try:
            result = reader(data)
        except X12ReadError as exc:
            assert exc.position is not None, exc
            continue
        for issue in result.issues:
            assert issue.position is not None
            str(issue)
            issue.to_json()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 1), mutations=st.lists(_mutation, min_size=1, max_size=4))
def test_mutated_x12_raises_only_x12_read_errors_with_positions(seed: int, mutations: list[Any]) -> None:
    _read_everything(_mutate(_seeds()[seed], mutations))


@settings(max_examples=150, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(_ALPHABET, max_size=400),
        st.text(_ALPHABET, max_size=300).map(lambda t: "ISA*" + t),
        st.text(_ALPHABET, max_size=300).map(lambda t: "ST*837*0001*" + t),
    )
)
def test_random_input_raises_only_x12_read_errors_with_positions(data: str | bytes) -> None:
    _read_everything(data)


@pytest.mark.parametrize("data", ["", "   \n", "ISA", "ISA*00*", "ISA*00*" + "*" * 15, "\x00\x01ISA"])
def test_degenerate_input_is_refused_with_a_position(data: str) -> None:
    _read_everything(data)


def test_a_broken_later_isa_is_refused_at_its_own_segment_and_line() -> None:
    """Was: 'segment 1, line 1' for an unreadable ISA later in the file."""
    claim = _build(_doc())
    assert isinstance(claim, Claim)
    text = _text(claim)
    bad = text.replace("GS*HC", "ISA*00~\nGS*HC", 1)
    with pytest.raises(X12ReadError) as caught:
        check_837(bad)
    assert caught.value.position is not None
    assert caught.value.position.segment == 2 and caught.value.position.line == 2
    _read_everything(bad)


# --- no patient data in messages -------------------------------------------------------------


def test_checker_messages_carry_no_birth_dates_or_addresses() -> None:
    claim = _build(_doc(id="DEP-1", payer=DEPENDENT))
    assert isinstance(claim, Claim)
    text = _text(claim)
    patient_birth = "19580309"
    assert f"DMG*D8*{patient_birth}*F" in text
    bad = text.replace(f"DMG*D8*{patient_birth}*F", "DMG*D8*19581309*F").replace(  # an impossible birth date
        "N4*PORTLAND*OR*97215~\nDMG*D8*19550102", "N4*PORTLAND*OR*9721~\nDMG*D8*19550102"
    )
    messages = [f"{i.message} {i.fix}" for i in check_837(bad).issues]
    assert {i.code for i in check_837(bad).issues} >= {"X12C004", "X12C019"}
    assert not any("19581309" in m or "9721" in m or "1958" in m for m in messages), messages
    # a service before the (dependent) patient's birth: named, the birth date not shown
    born_later = text.replace(f"DMG*D8*{patient_birth}*F", "DMG*D8*20261201*F")
    found = [i for i in check_837(born_later).issues if i.code == "X12C014"]
    assert found and not any("2026-12-01" in i.message or "20261201" in i.message for i in found)


def test_writer_problems_carry_no_names_addresses_or_member_ids() -> None:
    doc = _doc(id="PHI-1")
    doc["patient"]["name"] = {"family": "Smith✓", "given": "Ann"}
    doc["patient"]["address"]["postal_code"] = "9721"
    doc["payer"]["member_id"] = "MEMBER€1"
    problems = _build(doc)
    assert isinstance(problems, list)
    pointers = {p.pointer for p in problems}
    assert {"/patient/name/family", "/patient/address/postal_code", "/payer/member_id"} <= pointers
    shown = " ".join(f"{p} {json.dumps(p.to_json())}" for p in problems)
    assert "Smith" not in shown and "9721" not in shown and "MEMBER" not in shown


def test_a_file_that_is_not_x12_is_not_echoed(tmp_path: Path) -> None:
    path = tmp_path / "patients.csv"
    path.write_text("Hallorann,Margaret,1958-03-09,4410 SE Belmont St\n")
    for args in (("x12", "check", str(path)), ("x12", "835", str(path), "--format", "json")):
        proc = run_cli(*args)
        assert proc.returncode == 2 and b"Traceback" not in proc.stderr
        assert b"Hallorann" not in proc.stderr and b"Margaret" not in proc.stderr


# --- every command: readable by default, JSON on request, exit 2 with positions, no traceback --


def test_commands_refuse_unreadable_input_with_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.837"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.dat"
    binary.write_bytes(bytes(range(256)) * 3)
    for args in (
        ("x12", "check", str(empty)),
        ("x12", "check", str(binary), "--format", "json"),
        ("x12", "835", str(empty), "--format", "json"),
        ("denials", str(binary)),
        ("x12", "837", str(binary), str(tmp_path / "o.837"), "--practice", str(PRACTICE_FILE)),
        ("x12", "837", str(EXAMPLES / "biopsy_mixed.json"), str(tmp_path), "--practice", str(PRACTICE_FILE)),
    ):
        proc = run_cli(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert b"Traceback" not in proc.stderr and b"internal error" not in proc.stderr, args
    proc = run_cli("x12", "check", str(empty), "--format", "json")
    assert json.loads(proc.stderr)["position"] is not None


def test_denials_refuses_claims_that_are_not_json_or_x12(tmp_path: Path) -> None:
    era = tmp_path / "remit.835"
    era.write_text(SAMPLE_835)
    binary = tmp_path / "binary.dat"
    binary.write_bytes(b"\x00\x9f garbage \xff\n\x01\x02\n")
    proc = run_cli("denials", str(era), "--claims", str(binary))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
