"""837P writer, reader and content checks: pyx12 accepts what we write, reading it back gives the
same claims, and `x12 check` finds the content errors pyx12 lets through, with positions."""

# ruff: noqa: E501  (X12 test files are long lines)
from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import dermclaim
from dermclaim.x12.check837 import check_837
from dermclaim.x12.model import Address, Claim, ClaimLine, Party
from dermclaim.x12.practice import PracticeError, load_practice, parse_practice
from dermclaim.x12.pyx12_check import pyx12_errors
from dermclaim.x12.reader837 import read_837
from dermclaim.x12.segments import tokenize
from dermclaim.x12.writer837 import build_claim, normalize_ndc, write_837
from tests.conftest import EXAMPLES, ROOT, run_cli

PRACTICE_FILE = EXAMPLES / "x12" / "practice.json"
PRACTICE = load_practice(PRACTICE_FILE)
NOW = dt.datetime(2026, 12, 4, 9, 30)


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((EXAMPLES / "biopsy_mixed.json").read_text())
    doc.update(changes)
    return doc


def _claim(doc: dict[str, Any]) -> Claim | list[Any]:
    enc = dermclaim.load(json.dumps(doc).encode())
    return build_claim(enc, dermclaim.code(enc), PRACTICE)


def _write(*claims: Claim, **kw: Any) -> str:
    text, _ = write_837(list(claims), PRACTICE, control_number=kw.pop("control_number", 7), now=NOW, **kw)
    return text


def _fix_se(text: str) -> str:
    """Recount SE01 after a test removed segments."""
    segs = text.split("~\n")
    st = next(i for i, s in enumerate(segs) if s.startswith("ST*"))
    se = next(i for i, s in enumerate(segs) if s.startswith("SE*"))
    segs[se] = f"SE*{se - st + 1}*{segs[se].split('*')[2]}"
    return "~\n".join(segs)


def _example_encounters() -> list[tuple[str, bytes]]:
    docs = [(p.name, p.read_bytes()) for p in sorted(EXAMPLES.glob("*.json"))]
    for n, line in enumerate((EXAMPLES / "encounters.jsonl").read_bytes().splitlines(), start=1):
        docs.append((f"encounters.jsonl:{n}", line))
    return docs


# --- make test: every example encounter's 837P is accepted by pyx12 --------------------------


def test_every_example_encounter_writes_an_837p_that_pyx12_accepts(tmp_path: Path) -> None:
    src = tmp_path / "all.jsonl"
    src.write_bytes(
        b"\n".join(json.dumps(json.loads(raw)).encode() for _, raw in _example_encounters()) + b"\n"
    )
    out = tmp_path / "claims.837"
    proc = run_cli(
        "x12",
        "837",
        str(src),
        str(out),
        "--practice",
        str(PRACTICE_FILE),
        "--format",
        "json",
        "--control-number",
        "1001",
    )
    assert proc.returncode == 0, proc.stderr.decode()
    summary = json.loads(proc.stdout)
    written = {c["claim_id"] for c in summary["claims"]}
    rejected = {r["encounter"]: r for r in summary["rejected"]}
    assert "ENC-1001" in written and len(written) >= 3
    # every example is either written or reported with what stops it, e.g. the scrub example with
    # D48.5 before pathology (PTH004) and the JSON Lines entry with an unknown body site
    # (the JSON Lines file repeats some examples: a repeated claim id is refused as a duplicate)
    assert summary["claims_written"] + summary["claims_rejected"] == len(_example_encounters())
    assert all(r["problems"] for r in summary["rejected"])
    assert rejected["ENC-9999"]["problems"][0]["pointer"] == "/procedures/0/site"
    text = out.read_text(encoding="latin-1")
    assert pyx12_errors(text) == []
    assert check_837(text).issues == []
    assert summary["segments"] == len([s for s in tokenize(text).segs if s])


def test_a_claim_per_encounter_with_lines_modifiers_pointers_and_envelopes() -> None:
    claim = _claim(_doc())
    assert isinstance(claim, Claim)
    text = _write(claim, control_number=123456789)
    segs = [s for s in tokenize(text).segs if s]
    assert segs[0].split("*")[13] == "123456789" and segs[-1] == "IEA*1*123456789"
    assert "GE*1*123456789" in segs
    st = segs.index("ST*837*0001*005010X222A1")
    se = next(i for i, s in enumerate(segs) if s.startswith("SE*"))
    assert segs[se] == f"SE*{se - st + 1}*0001"
    assert "HI*ABK:C44519*ABF:D2262*ABF:D492*ABF:L570" in segs
    assert "SV1*HC:99213:25*140*UN*1***4" in segs
    assert "CLM*ENC-1001*500***11:B:1*Y*A*Y*Y" in segs
    assert "NM1*82*1*RIVERA*ANA****XX*1234567893" in segs  # rendering from the practice's providers
    assert "REF*6R*ENC-1001-1" in segs


def test_missing_information_is_reported_exactly_and_the_others_are_written(tmp_path: Path) -> None:
    bad = _doc(id="ENC-BAD")
    del bad["patient"]["address"]
    del bad["payer"]["member_id"]
    bad["payer"] = {**bad["payer"], "id": "99999"}
    del bad["payer"]["name"]
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(_doc()) + "\n" + json.dumps(bad) + "\n{not json\n")
    out = tmp_path / "out.837"
    proc = run_cli("x12", "837", str(src), str(out), "--practice", str(PRACTICE_FILE), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    summary = json.loads(proc.stdout)
    assert summary["claims_written"] == 1 and summary["claims_rejected"] == 2
    problems = {p["pointer"] for p in summary["rejected"][0]["problems"]}
    assert problems == {"/patient/address", "/payer/member_id", "/payer/name"}
    assert summary["rejected"][1]["line"] == 3
    assert pyx12_errors(out.read_text(encoding="latin-1")) == []


def test_no_charge_for_a_code_is_an_error_never_a_guess() -> None:
    practice = copy.deepcopy(PRACTICE)
    practice.fees.pop("11103")
    enc = dermclaim.load(json.dumps(_doc()).encode())
    problems = build_claim(enc, dermclaim.code(enc), practice)
    assert isinstance(problems, list)
    assert [p.pointer for p in problems] == ["practice:/fees/11103", "practice:/fees/11103"]


def test_billed_claim_line_charge_wins_over_the_fee_schedule() -> None:
    doc = json.loads((EXAMPLES / "scrub_two_primary_biopsies.json").read_text())
    doc["diagnoses"] = ["D49.2", "L82.1"]
    doc["claim_lines"][1]["charge"] = 175.0  # 11104; the fee schedule says 180
    doc["claim_lines"][2]["charge"] = 85.0  # 11103 × 1 billed; coded × 2
    claim = _claim(doc)
    assert isinstance(claim, Claim)
    charges = {ln.code: (ln.charge, ln.units) for ln in claim.lines}
    assert charges == {"11104": (Decimal("175.00"), 1), "11103": (Decimal("170.00"), 2)}
    assert claim.total_charge == sum(ln.charge for ln in claim.lines)


def _rich_claim() -> Claim:
    """A claim using what the coders do not produce yet: a dependent patient, NDC, Mohs + CLIA,
    prior authorizations, a pay-to address."""
    claim = _claim(_doc())
    assert isinstance(claim, Claim)
    claim.relationship = "19"
    claim.patient = Party(
        last="HALLORANN",
        first="JUNE",
        address=Address("4410 SE BELMONT ST", "", "PORTLAND", "OR", "97215"),
        birth_date=dt.date(2010, 6, 1),
        sex="F",
    )
    claim.subscriber = Party(last="HALLORANN", first="PETER", id_qualifier="MI", id="1EG4TE5MK73")
    claim.clia = "38D1234567"
    claim.prior_authorization = "PA-7781"
    claim.pay_to = Address("PO BOX 4410", "", "PORTLAND", "OR", "972080001")
    claim.lines.append(
        ClaimLine(
            5,
            "17311",
            Decimal("900"),
            Decimal(1),
            ["59"],
            pointers=[1],
            diagnoses=["C44.519"],
            service_date=dt.date(2026, 11, 16),
            control_number="ENC-1001-5",
            prior_authorizations=["PA-1", "PA-2"],
        )
    )
    claim.lines.append(
        ClaimLine(
            6,
            "J3301",
            Decimal("40"),
            Decimal(4),
            pointers=[2, 1],
            diagnoses=["D22.62", "C44.519"],
            service_date=dt.date(2026, 11, 16),
            ndc="00003029305",
            ndc_unit="ME",
            ndc_quantity=Decimal(40),
            control_number="ENC-1001-6",
        )
    )
    claim.total_charge = sum((ln.charge for ln in claim.lines), Decimal(0))
    return claim


def test_round_trip_gives_the_same_claims_and_pyx12_accepts_them() -> None:
    first = _claim(_doc())
    second = _claim(json.loads((EXAMPLES / "biopsy_special_sites.json").read_text()))
    rich = _rich_claim()
    assert isinstance(first, Claim) and isinstance(second, Claim)
    text = _write(first, second, rich)
    assert pyx12_errors(text) == []
    read = read_837(text)
    assert read.issues == []
    assert read.claims == [first, second, rich]
    segs = text.split("~\n")
    assert "LIN**N4*00003029305" in segs and "CTP****40*ME" in segs and "REF*X4*38D1234567" in segs
    assert "PAT*19" in segs and "REF*G1*PA-7781" in segs and "NM1*87*2" in segs


def test_transactions_split_at_the_claim_limit() -> None:
    claims = []
    for i in range(5):
        c = _claim(_doc(id=f"ENC-{i}"))
        assert isinstance(c, Claim)
        claims.append(c)
    text = _write(*claims, claims_per_transaction=2)
    assert pyx12_errors(text) == []
    segs = text.split("~\n")
    assert [s for s in segs if s.startswith("ST*")] == [f"ST*837*000{n}*005010X222A1" for n in (1, 2, 3)]
    assert "GE*3*7" in segs
    assert [c.id for c in read_837(text).claims] == [c.id for c in claims]


# --- real files vary: separators, layouts, several groups, COB ----------------------------------


def _resep(text: str, el: str, comp: str, rep: str, term: str, newline: str) -> str:
    tokens = tokenize(text)
    out = []
    for s in tokens.segs:
        if not s:
            continue
        parts = s.split("*")
        if parts[0] == "ISA":
            parts[11], parts[16] = rep, comp
            out.append(el.join(parts))
        else:
            out.append(el.join(p.replace(":", comp) for p in parts))
    return (term + newline).join(out) + term + newline


@pytest.mark.parametrize(
    "el, comp, rep, term, newline",
    [
        ("*", ":", "^", "~", ""),
        ("*", ":", "^", "~", "\r\n"),
        ("|", ">", "!", "'", "\n"),
        ("~", "^", "{", "_", ""),
        ("*", ">", "`", "\n", ""),
    ],
    ids=["one-line", "crlf", "pipes", "imsweb-style", "newline-terminator"],
)
def test_reader_follows_the_declared_separators(
    el: str, comp: str, rep: str, term: str, newline: str
) -> None:
    claim = _rich_claim()
    text = _resep(_write(claim), el, comp, rep, term, newline)
    read = read_837(text)
    assert read.issues == []
    assert read.claims == [claim]
    assert check_837(text).issues == []


def test_several_interchanges_groups_and_transactions_in_one_file() -> None:
    a, b = _claim(_doc(id="A-1")), _claim(_doc(id="B-1"))
    assert isinstance(a, Claim) and isinstance(b, Claim)
    one = _write(a, control_number=11)
    two = _resep(_write(b, control_number=12), "|", ">", "^", "~", "\n")
    read = read_837(one + two)
    assert [c.id for c in read.claims] == ["A-1", "B-1"]
    assert [e.kind for e in read.envelopes] == ["ISA", "GS", "ST", "ISA", "GS", "ST"]
    # two functional groups in one interchange
    segs = [s for s in one.split("~\n") if s]
    gs, ge = segs.index(next(s for s in segs if s.startswith("GS*"))), segs.index("GE*1*11")
    group2 = [
        s.replace(
            "GS*HC*CASCADEDERM01*EXCLEARINGHSE*20261204*0930*11",
            "GS*HC*CASCADEDERM01*EXCLEARINGHSE*20261204*0930*12",
        ).replace("GE*1*11", "GE*1*12")
        for s in segs[gs : ge + 1]
    ]
    doubled = segs[: ge + 1] + group2 + ["IEA*2*000000011"]
    text = "~\n".join(doubled) + "~\n"
    assert [i.code for i in check_837(text).issues] == ["X12C022"]  # the same claim id twice: a warning
    assert len(read_837(text).claims) == 2


TR3_COB = """ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *260512*1200*^*00501*000000101*0*T*:~
GS*HC*SUBMITTERID*RECEIVERID*20260512*1200*101*X*005010X222A1~
ST*837*0001*005010X222A1~
BHT*0019*00*0101*20260512*1200*CH~
NM1*41*2*CASCADE DERMATOLOGY*****46*SUBMITTERID~
PER*IC*BILLING*TE*5035550142~
NM1*40*2*CLEARINGHOUSE*****46*RECEIVERID~
HL*1**20*1~
NM1*85*2*CASCADE DERMATOLOGY*****XX*1245319599~
N3*1200 NW GLISAN ST~
N4*PORTLAND*OR*972091234~
REF*EI*931234567~
HL*2*1*22*0~
SBR*S*18*******MB~
NM1*IL*1*DOE*JANE****MI*1EG4TE5MK73~
N3*1 MAIN ST~
N4*PORTLAND*OR*97215~
DMG*D8*19500101*F~
NM1*PR*2*NORIDIAN*****PI*01112~
CLM*COB-1*300***11:B:1*Y*A*Y*Y~
HI*ABK:C44519~
SBR*P*18*GRP1******CI~
AMT*D*120~
OI***Y***Y~
NM1*IL*1*DOE*JANE****MI*W999~
N3*9 OTHER ST~
N4*SALEM*OR*97301~
NM1*PR*2*AETNA*****PI*60054~
LX*1~
SV1*HC:11104*300*UN*1***1~
DTP*472*D8*20260512~
SVD*60054*120*HC:11104**1~
CAS*CO*45*180~
DTP*573*D8*20260601~
SE*33*0001~
GE*1*101~
IEA*1*000000101~
"""


def test_cob_loops_are_stepped_over_and_the_other_payer_kept() -> None:
    assert pyx12_errors(TR3_COB) == []
    read = read_837(TR3_COB)
    assert read.issues == []
    (claim,) = read.claims
    assert claim.subscriber.last == "DOE" and claim.subscriber.id == "1EG4TE5MK73"
    assert claim.payer.id == "01112" and claim.other_payers == ["60054"]
    assert claim.payer_responsibility == "S"
    assert [ln.code for ln in claim.lines] == ["11104"] and claim.lines[0].diagnoses == ["C44.519"]
    assert check_837(TR3_COB).issues == []


# --- x12 check: the content errors pyx12 accepts --------------------------------------------


def test_check_reports_content_errors_pyx12_accepts_with_positions(tmp_path: Path) -> None:
    claim = _claim(_doc())
    assert isinstance(claim, Claim)
    text = _write(claim)
    bad = (
        text.replace("HI*ABK:C44519*ABF:D2262", "HI*ABK:C44519*ABF:Q9999")  # bogus ICD-10 code
        .replace("SV1*HC:11103*90*UN*1***3", "SV1*HC:11103*90*UN*1***7")  # pointer beyond the diagnoses
        .replace("CLM*ENC-1001*500*", "CLM*ENC-1001*550*")  # wrong claim total
        .replace(
            "NM1*82*1*RIVERA*ANA****XX*1234567893", "NM1*82*1*RIVERA*ANA****XX*1234567890"
        )  # NPI check digit
    )
    assert pyx12_errors(bad) == []
    result = check_837(bad)
    found = {(i.code, i.position.segment_id, i.position.element) for i in result.issues if i.position}
    assert found == {
        ("X12C005", "HI", "HI02-2"),
        ("X12C007", "SV1", "SV107-1"),
        ("X12C008", "CLM", "CLM02"),
        ("X12C009", "NM1", "NM109"),
    }
    by_code = {i.code: i for i in result.issues}
    assert "Q99.99" in by_code["X12C005"].message
    assert "pointer 7 but the claim has 4 diagnoses" in by_code["X12C007"].message
    assert "550" in by_code["X12C008"].message and "500" in by_code["X12C008"].fix
    clm = by_code["X12C008"].position
    assert clm is not None and bad[clm.offset : clm.offset + 3] == "CLM"
    path = tmp_path / "bad.837"
    path.write_text(bad, encoding="latin-1")
    proc = run_cli("x12", "check", str(path), "--format", "json", "--fail-on", "error")
    assert proc.returncode == 1
    issues = json.loads(proc.stdout)["issues"]
    assert {i["code"] for i in issues} == {"X12C005", "X12C007", "X12C008", "X12C009"}
    assert all(i["position"]["segment"] > 0 and i["position"]["offset"] > 0 for i in issues)
    text_report = run_cli("x12", "check", str(path)).stdout.decode()
    assert "segment" in text_report and "HI02-2" in text_report


@pytest.mark.parametrize(
    "old, new, code, element",
    [
        ("SE*39*0001", "SE*41*0001", "X12C002", "SE01"),
        ("GE*1*7", "GE*1*8", "X12C001", "GE02"),
        ("HI*ABK:C44519", "HI*ABK:C44", "X12C006", "HI01-2"),
        ("HI*ABK:C44519", "HI*ABF:C44519", "X12C012", "HI01-1"),
        (
            "DTP*472*D8*20261116~\nREF*6R*ENC-1001-1",
            "DTP*472*D8*20261131~\nREF*6R*ENC-1001-1",
            "X12C004",
            "DTP03",
        ),
        ("11:B:1", "88:B:1", "X12C020", "CLM05-1"),
        ("SV1*HC:11104*180*UN*1", "SV1*HC:1110*180*UN*1", "X12C010", "SV101-2"),
        ("N4*PORTLAND*OR*972091234", "N4*PORTLAND*OR*97209", "X12C019", "N403"),
        ("SV1*HC:11104*180*UN*1***1", "SV1*HC:11104*180*UN*1***1:1", "X12C024", "SV107"),
        (
            "DTP*472*D8*20261116~\nREF*6R*ENC-1001-1",
            "DTP*472*D8*20271116~\nREF*6R*ENC-1001-1",
            "X12C014",
            "DTP03",
        ),
    ],
    ids=[
        "se-count",
        "ge-control",
        "header-icd",
        "hi-qualifier",
        "bad-date",
        "pos",
        "cpt",
        "zip",
        "dup-pointer",
        "future-date",
    ],
)
def test_check_finds_each_content_error(old: str, new: str, code: str, element: str) -> None:
    claim = _claim(_doc())
    assert isinstance(claim, Claim)
    text = _write(claim)
    assert old in text
    issues = check_837(text.replace(old, new, 1)).issues
    assert (code, element) in {(i.code, i.position.element) for i in issues if i.position}, [
        str(i) for i in issues
    ]


def test_check_mohs_without_clia_and_ndc_form() -> None:
    claim = _rich_claim()
    text = _fix_se(
        _write(claim)
        .replace("REF*X4*38D1234567~\n", "")
        .replace("LIN**N4*00003029305", "LIN**N4*0003-0293-05")
    )
    codes = {i.code for i in check_837(text).issues}
    assert codes == {"X12C016", "X12C017"}


def test_unreadable_input_exits_2_with_a_position(tmp_path: Path) -> None:
    path = tmp_path / "x.837"
    path.write_text("ISA*00*          *00*   ")
    proc = run_cli("x12", "check", str(path), "--format", "json")
    assert proc.returncode == 2 and proc.stdout == b""
    err = json.loads(proc.stderr)
    assert err["error"] == "not readable as X12" and err["position"]["segment_id"] == "ISA"
    proc = run_cli("x12", "check", "-", stdin=b'{"json": true}')
    assert proc.returncode == 2 and b"not an X12 file" in proc.stderr and b"Traceback" not in proc.stderr


def test_practice_file_problems_are_named_with_pointers(tmp_path: Path) -> None:
    data = json.loads(PRACTICE_FILE.read_text())
    data["billing_provider"]["npi"] = "1245319598"
    data["billing_provider"]["address"]["postal_code"] = "97209"
    data["payers"][0]["claim_filing_indicator"] = "XX"
    with pytest.raises(PracticeError) as info:
        parse_practice(json.dumps(data).encode())
    pointers = {p.pointer for p in info.value.problems}
    assert pointers == {
        "/billing_provider/npi",
        "/billing_provider/address/postal_code",
        "/payers/0/claim_filing_indicator",
    }
    path = tmp_path / "practice.json"
    data["billing_provider"]["typo_field"] = 1
    path.write_text(json.dumps(data))
    proc = run_cli(
        "x12", "837", str(EXAMPLES / "biopsy_mixed.json"), str(tmp_path / "o.837"), "--practice", str(path)
    )
    assert proc.returncode == 2 and b"typo_field" in proc.stderr
    assert not (tmp_path / "o.837").exists()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0002-7597-01", "00002759701"),
        ("50242-040-62", "50242004062"),
        ("57894-0030-1", "57894003001"),
        ("57894003001", "57894003001"),
        ("5789400301", None),
        ("57894-30-01", None),
    ],
)
def test_ndc_normalised_to_eleven_digits(raw: str, expected: str | None) -> None:
    assert normalize_ndc(raw) == expected


def test_root_has_no_shared_folder_dependency() -> None:
    assert "shared" not in (ROOT / "src" / "dermclaim" / "x12" / "reader837.py").read_text()


def test_drug_line_carries_its_ndc_in_loop_2410() -> None:
    doc = _doc(
        id="ENC-DRUG-1",
        diagnoses=["L91.0"],
        visit=None,
        procedures=[
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
        ],
        pathology=[],
    )
    del doc["visit"]
    enc = dermclaim.load(json.dumps(doc).encode())
    result = dermclaim.code(enc)
    claim = build_claim(enc, result, PRACTICE)
    assert isinstance(claim, Claim), claim
    drug = [ln for ln in claim.lines if ln.ndc]
    assert [(ln.ndc, ln.ndc_unit) for ln in drug] == [("00003029305", "ME")]
    text = _write(claim)
    assert "LIN**N4*00003029305" in text and pyx12_errors(text) == []
    assert read_837(text).claims == [claim]
