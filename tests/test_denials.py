"""Denials teach the engine: each denied line, its reason in words, the rule family that would have
caught it, and money by reason."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from dermclaim.rules.registry import RULES
from dermclaim.x12.denials import code_table, denial_report, describe
from dermclaim.x12.reader835 import read_835
from tests.conftest import EXAMPLES, run_cli
from tests.test_x12_835 import ERA

PRACTICE = EXAMPLES / "x12" / "practice.json"


def test_table_covers_the_issue_codes_and_names_real_families() -> None:
    table = code_table()
    for code in ("4", "11", "16", "50", "97", "151", "197", "236"):
        assert code in table.carc and table.carc[code].kind == "denial"
    assert table.carc["45"].kind == "contractual" and table.carc["2"].kind == "patient_responsibility"
    assert {"N20", "N122", "M15", "MA130", "N362"} <= set(table.rarc)
    prefixes = {code.rstrip("0123456789") for code in RULES} | {"X12C"}
    known = prefixes | {
        "MOD",
        "NCCI",
        "GLB",
        "DX",
        "NEC",
        "AUC",
        "RTE",
        "DRG",
        "DES",
        "MOH",
        "SHV",
        "EXC",
        "REP",
    }
    for info in list(table.carc.values()) + list(table.rarc.values()):
        assert set(info.families) <= known, info
    assert "AOC" in table.carc["107"].families and "MUE" in table.carc["151"].families
    assert describe("ZZZ").kind == "unknown"


def test_denied_lines_reasons_rules_and_money_by_reason() -> None:
    report = denial_report([read_835(ERA)])
    assert [(d.claim_id, d.code) for d in report.lines] == [("ENC-1001", "11103"), ("ENC-2002", "(claim)")]
    bundled, rejected = report.lines
    assert bundled.reasons[0]["text"].startswith("paid in the allowance for another service")
    assert bundled.remarks[0]["code"] == "M15"
    assert "BX" in bundled.families and "NCCI" in bundled.families
    assert {r for r in bundled.rules if r.startswith("BX")} == {r for r in RULES if r.startswith("BX")}
    assert "rules that check this" in bundled.prevention
    assert rejected.denied == Decimal(590) and "X12C" in rejected.families
    rows = {r["reason"]: r for r in report.by_reason()}
    assert rows["CO-16"]["amount"] == Decimal(590) and rows["CO-97"]["amount"] == Decimal(90)
    assert report.total == Decimal(680)
    # contractual and patient-responsibility adjustments are not denials
    assert "CO-45" not in rows and "PR-2" not in rows


def test_a_reason_with_no_rule_says_so() -> None:
    era = ERA.replace("CAS*CO*97*90", "CAS*CO*197*90").replace("LQ*HE*M15~\n", "").replace("SE*42*", "SE*41*")
    line = denial_report([read_835(era)]).lines[0]
    assert line.families == [] and line.prevention == "no rule exists yet for this reason"


def test_cli_with_our_837_and_with_the_encounters(tmp_path: Path) -> None:
    era = tmp_path / "era.835"
    era.write_text(ERA)
    claims = tmp_path / "claims.837"
    proc = run_cli("x12", "837", str(EXAMPLES / "encounters.jsonl"), str(claims), "--practice", str(PRACTICE))
    assert proc.returncode == 0
    out = json.loads(run_cli("denials", str(era), "--claims", str(claims), "--format", "json").stdout)
    line = out["denied_lines"][0]
    assert line["matched_claim"] == "ENC-1001" and line["billed_diagnoses"] == ["D22.62"]
    assert out["total_denied"] == 680
    # with the encounter documents the engine runs again and says what it flags now
    enc = tmp_path / "encounters.jsonl"
    doc = json.loads((EXAMPLES / "scrub_biopsy_then_excision.json").read_text())
    enc.write_text(json.dumps(doc) + "\n")
    out = json.loads(run_cli("denials", str(era), "--claims", str(enc), "--format", "json").stdout)
    by_claim = {d["claim_id"]: d for d in out["denied_lines"]}
    assert by_claim["ENC-2002"]["caught_now"] or by_claim["ENC-2002"]["rules"]
    text = run_cli("denials", str(era)).stdout.decode()
    assert "Money by reason" in text and "CO-97" in text and "→" in text
    assert run_cli("denials", str(tmp_path / "missing.835")).returncode == 2
