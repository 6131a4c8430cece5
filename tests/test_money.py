"""Medicare allowed amounts: place of service, multiple-procedure reduction, Medicare's edits,
finding amounts and scrub totals (money.py; values read from the fee-schedule table in force)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import msgspec
import pytest

import dermclaim
from dermclaim import money
from dermclaim.tables import tables_for
from tests.conftest import biopsy, encounter, run_cli

DOS = dt.date(2026, 5, 12)
TABLES = tables_for(DOS)


def _fee(code: str, facility: bool = False, modifier: str = "") -> float:
    row = TABLES.rvu(code, modifier)
    assert row is not None
    return row.allowed(facility)


def _half(amount: float) -> float:
    return float((Decimal(repr(amount)) / 2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _scrub(**fields: Any) -> dermclaim.Result:
    doc = encounter(date_of_service=DOS.isoformat(), **fields)
    return dermclaim.scrub(dermclaim.load(msgspec.json.encode(doc)))


def _price(*lines: tuple[str, int, tuple[str, ...]], pos: str = "11") -> list[money.Priced]:
    return money.price_lines(list(lines), TABLES, pos)


def test_allowed_is_rvus_times_conversion_factor() -> None:
    row = TABLES.rvu("11104")
    assert row is not None
    expected = float(
        (Decimal(repr(row.nonfac_total)) * Decimal(repr(row.conv_factor))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    )
    (p,) = _price(("11104", 1, ()))
    assert p.allowed == expected == _fee("11104")


def test_office_and_hospital_outpatient_differ_by_the_facility_total() -> None:
    office = dermclaim.code(dermclaim.load(msgspec.json.encode(_one_punch("11"))))
    hospital = dermclaim.code(dermclaim.load(msgspec.json.encode(_one_punch("22"))))
    assert office.lines[0].allowed == _fee("11104", facility=False)
    assert hospital.lines[0].allowed == _fee("11104", facility=True)
    row = TABLES.rvu("11104")
    assert row is not None
    gap = (row.nonfac_total - row.fac_total) * row.conv_factor
    assert office.lines[0].allowed - hospital.lines[0].allowed == pytest.approx(gap, abs=0.01)
    assert office.lines[0].allowed > hospital.lines[0].allowed


def _one_punch(pos: str) -> dict[str, Any]:
    return encounter(
        date_of_service=DOS.isoformat(), place_of_service=pos, procedures=[biopsy("p1", "punch")]
    )


@pytest.mark.parametrize(
    "pos", ["19", "21", "22", "23", "24", "26", "31", "34", "41", "42", "51", "52", "53", "56", "61"]
)
def test_facility_places_of_service(pos: str) -> None:
    assert money.is_facility(pos)
    (p,) = _price(("11104", 1, ()), pos=pos)
    assert p.allowed == _fee("11104", facility=True)


@pytest.mark.parametrize("pos", ["11", "12", "49", "72"])
def test_non_facility_places_of_service(pos: str) -> None:
    assert not money.is_facility(pos)


def test_multiple_procedure_reduction_on_two_excisions() -> None:
    """Highest-priced at 100 %, the other at 50 %, whatever the billing order."""
    a, b = _price(("11402", 1, ()), ("11403", 1, ()))
    assert b.allowed == _fee("11403") and a.allowed == _half(_fee("11402"))
    assert a.full == _fee("11402") and "multiple-procedure reduction" in a.note
    result = _scrub(claim_lines=[{"code": "11402"}, {"code": "11403"}])
    assert [ln.allowed for ln in result.lines] == [_half(_fee("11402")), _fee("11403")]


def test_reduction_applies_to_further_units_and_ignores_59() -> None:
    (p,) = _price(("11402", 2, ("59",)))
    assert p.allowed == pytest.approx(_fee("11402") + _half(_fee("11402")), abs=0.01)


def test_add_ons_and_indicator_0_codes_are_exempt() -> None:
    primary, add_on, visit = _price(("11104", 1, ()), ("11103", 2, ()), ("99213", 1, ("25",)))
    assert primary.allowed == _fee("11104")
    assert add_on.allowed == pytest.approx(2 * _fee("11103"), abs=0.01)
    assert visit.allowed == _fee("99213")


def test_professional_component_is_priced_from_its_own_row() -> None:
    (p,) = _price(("88305", 1, ("26",)))
    assert p.allowed == _fee("88305", modifier="26") != _fee("88305")


def test_codes_the_fee_schedule_does_not_price() -> None:
    drug, unknown = _price(("J3357", 90, ()), ("99999", 1, ()))
    assert drug.allowed == 0.0 and not drug.priced and "status E" in drug.note
    assert unknown.allowed == 0.0 and not unknown.priced


def test_lines_medicare_denies_are_allowed_nothing() -> None:
    primary, second = _price(("11104", 1, ()), ("11102", 1, ()))
    assert primary.allowed == _fee("11104")  # and 11104 is not reduced by a denied line
    assert second.allowed == 0.0 and second.denied and "11104/11102" in second.note
    (lone_add_on,) = _price(("11103", 1, ()))
    assert lone_add_on.denied and "add-on" in lone_add_on.note
    (over_mue,) = _price(("17110", 2, ()))
    assert over_mue.denied and "MUE" in over_mue.note
    visit, _ = _price(("99213", 1, ()), ("11104", 1, ()))
    assert visit.denied  # E/M beside a minor procedure without 25
    (priced,) = money.price_lines([("11102", 1, ())], TABLES, "11", edits=False)
    assert priced.allowed == _fee("11102")


def test_scrub_totals_and_what_each_finding_recovers() -> None:
    result = _scrub(
        procedures=[
            biopsy("p1", "tangential", site="lower lip vermilion", lesion="lip-1"),
            biopsy("p2", "tangential", site="upper back", lesion="back-1"),
        ],
        claim_lines=[{"code": "40490"}, {"code": "11102"}],
    )
    assert result.totals is not None
    lip, skin = _fee("40490"), _half(_fee("11102"))
    assert [ln.allowed for ln in result.lines] == [lip, 0.0]  # 11102 without XS is denied
    assert [ln.allowed for ln in result.corrected_lines or []] == [lip, skin]
    assert result.totals.billed_allowed == lip
    assert result.totals.corrected_allowed == pytest.approx(lip + skin, abs=0.001)
    assert result.totals.difference == pytest.approx(skin, abs=0.001)
    (ncci,) = [f for f in result.findings if f.rule == "NCCI001"]
    assert ncci.amount == skin
    assert "non-facility" in result.totals.basis and "2025D" in result.totals.basis


def test_overpayment_avoided_is_negative() -> None:
    result = _scrub(
        visit={"code": "99213"},
        procedures=[biopsy("p1", "punch")],
        claim_lines=[{"code": "99213", "modifiers": ["25"]}, {"code": "11104"}],
    )
    assert result.totals is not None
    assert result.totals.difference == -_fee("99213")
    (em,) = [f for f in result.findings if f.rule == "EM001"]
    assert em.amount == -_fee("99213")


def test_fix_that_changes_no_code_carries_no_amount() -> None:
    result = _scrub(
        diagnoses=["D22.5"],
        procedures=[biopsy("p1", "punch", specimen="A")],
        pathology=[{"specimen": "A", "diagnosis": "L82.1", "behavior": "benign"}],
        claim_lines=[{"code": "11104", "diagnoses": [1]}],
    )
    assert all(f.amount is None for f in result.findings)


def test_code_mode_prices_lines_without_totals() -> None:
    result = dermclaim.code(dermclaim.load(msgspec.json.encode(_one_punch("11"))))
    assert result.lines[0].allowed == _fee("11104") and result.totals is None


def test_json_output_carries_allowed_and_totals(write_json: Any) -> None:
    doc = encounter(
        date_of_service=DOS.isoformat(),
        procedures=[biopsy("p1", "punch"), biopsy("p2", "tangential")],
        claim_lines=[{"code": "11104"}, {"code": "11102"}],
    )
    proc = run_cli("scrub", str(write_json(doc)), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert all(isinstance(ln["allowed"], float) for ln in out["lines"] + out["corrected_lines"])
    assert set(out["totals"]) >= {"billed_allowed", "corrected_allowed", "difference"}
    assert out["totals"]["difference"] == pytest.approx(_fee("11103"), abs=0.001)
    assert all("amount" in f for f in out["findings"])
    proc = run_cli("scrub", str(write_json(doc, "again.json")))
    assert "Medicare allowed: billed $" in proc.stdout.decode()
