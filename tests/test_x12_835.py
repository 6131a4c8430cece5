"""835 reader: payments, adjustments, remarks and provider adjustments, from files written the way
the implementation guide's examples are, and with the variations real files have."""

# ruff: noqa: E501  (X12 test files are long lines)
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from dermclaim.x12.reader835 import read_835
from tests.conftest import run_cli

ERA = """ISA*00*          *00*          *ZZ*NORIDIAN       *ZZ*CASCADEDERM01  *261201*0800*^*00501*000000501*0*P*:~
GS*HP*NORIDIAN*CASCADEDERM01*20261201*0800*501*X*005010X221A1~
ST*835*0001~
BPR*I*410*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20261201~
TRN*1*EFT000123*1512345678~
DTM*405*20261130~
N1*PR*NORIDIAN JF PART B~
N3*PO BOX 6700~
N4*FARGO*ND*581086700~
REF*2U*01112~
PER*BL*PROVIDER SERVICES*TE*8774228834~
N1*PE*CASCADE DERMATOLOGY ASSOCIATES PC*XX*1245319599~
REF*TJ*931234567~
LX*1~
CLP*ENC-1001*1*500*410*40*MB*26123456789~
NM1*QC*1*HALLORANN*MARGARET****MI*1EG4TE5MK73~
NM1*82*1*RIVERA*ANA****XX*1234567893~
DTM*232*20261116~
SVC*HC:11104*180*140**1~
DTM*472*20261116~
CAS*CO*45*10~
CAS*PR*2*30~
REF*6R*ENC-1001-1~
AMT*B6*170~
SVC*HC:11103*90*0**1~
DTM*472*20261116~
CAS*CO*97*90~
REF*6R*ENC-1001-2~
LQ*HE*M15~
SVC*HC:11103*90*80**1~
DTM*472*20261116~
CAS*CO*45*0~
CAS*PR*2*10~
REF*6R*ENC-1001-3~
SVC*HC:99213:25*140*190**1~
DTM*472*20261116~
CAS*CO*45*-50~
REF*6R*ENC-1001-4~
CLP*ENC-2002*4*590*0*0*MB*26123456790~
CAS*CO*16*590~
MOA***MA130~
NM1*QC*1*NAKAMURA*GRACE****MI*3TR9QW2XY55~
PLB*1245319599*20261231*WO:ENC-0999*25~
SE*42*0001~
GE*1*501~
IEA*1*000000501~
"""


def test_claims_lines_adjustments_and_remarks_are_read() -> None:
    read = read_835(ERA)
    assert read.issues == []
    (remit,) = read.remittances
    assert remit.payment_amount == Decimal(410) and remit.payment_method == "ACH"
    assert remit.trace_number == "EFT000123" and remit.payer_id == "01112"
    assert remit.payee_npi == "1245319599" and remit.payee_tax_id == "931234567"
    first, denied = remit.claims
    assert first.claim_id == "ENC-1001" and first.paid == Decimal(410) and first.rendering_npi == "1234567893"
    assert [(ln.code, ln.modifiers, ln.paid) for ln in first.lines] == [
        ("11104", [], Decimal(140)),
        ("11103", [], Decimal(0)),
        ("11103", [], Decimal(80)),
        ("99213", ["25"], Decimal(190)),
    ]
    bundled = first.lines[1]
    assert [(a.group, a.reason, a.amount) for a in bundled.adjustments] == [("CO", "97", Decimal(90))]
    assert bundled.remarks == ["M15"] and bundled.control_number == "ENC-1001-2"
    assert first.lines[0].allowed == Decimal(170)
    assert denied.status == "4" and denied.remarks == ["MA130"]
    assert [(a.group, a.reason) for a in denied.adjustments] == [("CO", "16")]
    (plb,) = remit.provider_adjustments
    assert (plb.reason, plb.reference, plb.amount) == ("WO", "ENC-0999", Decimal(25))


def _resep(text: str, el: str, comp: str, term: str, newline: str) -> str:
    out = []
    for seg in text.split("~\n"):
        if not seg:
            continue
        parts = seg.split("*")
        if parts[0] == "ISA":
            parts[16] = comp
            out.append(el.join(parts))
        else:
            out.append(el.join(p.replace(":", comp) for p in parts))
    return (term + newline).join(out) + term + newline


@pytest.mark.parametrize(
    "el, comp, term, newline",
    [
        ("*", ":", "~", ""),
        ("*", ":", "~", "\r\n"),
        ("|", ">", "~", "\n"),
        ("*", "|", "\n", ""),
        ("!", "\\", "'", ""),
    ],
    ids=["one-line", "crlf", "pipes", "newline-terminator", "edifact-like"],
)
def test_separators_and_layouts_vary(el: str, comp: str, term: str, newline: str) -> None:
    text = _resep(ERA, el, comp, term, newline)
    read = read_835(text)
    assert read.issues == []
    assert read.to_json() == read_835(ERA).to_json() | {"file": "input"}


def test_several_transactions_unpadded_isa_and_a_bare_transaction_set() -> None:
    segs = ERA.split("~\n")
    st, se = segs.index("ST*835*0001"), segs.index("SE*42*0001")
    second = [
        s.replace("ST*835*0001", "ST*835*0002").replace("SE*42*0001", "SE*42*0002") for s in segs[st : se + 1]
    ]
    two = segs[: se + 1] + second + ["GE*2*501", "IEA*1*000000501", ""]
    two[0] = "ISA*00**00**ZZ*NORIDIAN*ZZ*CASCADEDERM01*261201*0800*^*00501*000000501*0*P*:"
    read = read_835("~\n".join(two))
    assert [r.control for r in read.remittances] == ["0001", "0002"] and len(read.claims()) == 4
    bare = read_835("~".join(segs[st : se + 1]) + "~")
    assert len(bare.claims()) == 2
    assert [i.code for i in bare.issues] == ["X12C030"]


def test_a_malformed_segment_is_reported_with_its_position_not_a_traceback(tmp_path: Path) -> None:
    bad = ERA.replace("SVC*HC:11104*180*140**1", "SVC*HC:11104*18O*140**1").replace(
        "CAS*CO*97*90", "CAS*CO**90"
    )
    read = read_835(bad)
    found = {(i.code, i.position.segment_id, i.position.element) for i in read.issues if i.position}
    assert ("X12C003", "SVC", "SVC02") in found and ("X12C026", "CAS", "CAS02") in found
    assert len(read.claims()) == 2
    path = tmp_path / "bad.835"
    path.write_text(bad)
    proc = run_cli("x12", "835", str(path), "--format", "json")
    assert proc.returncode == 0
    issues = json.loads(proc.stdout)["issues"]
    assert any(i["position"]["segment_id"] == "SVC" and i["position"]["segment"] == 19 for i in issues)


def test_cli_json_and_text_and_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "era.835"
    path.write_text(ERA)
    out = json.loads(run_cli("x12", "835", str(path), "--format", "json").stdout)
    claim = out["remittances"][0]["claims"][0]
    assert (
        claim["status_text"] == "processed as primary"
        and claim["lines"][1]["adjustments"][0]["reason"] == "97"
    )
    assert claim["lines"][0]["charge"] == 180
    text = run_cli("x12", "835", str(path)).stdout.decode()
    assert "ENC-2002: denied" in text and "CO-97 90" in text
    path.write_text("hello")
    proc = run_cli("x12", "835", str(path))
    assert proc.returncode == 2 and b"not an X12 file" in proc.stderr
