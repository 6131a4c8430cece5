"""NCCI procedure-to-procedure edits applied from the table in force, the modifier rules and the
global-period rule (RULES.md §0.1–0.6, §1.11–1.12, §3.11, §11 row 29)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

import dermclaim
from dermclaim.coding import CodedLine, Fate, ncci
from dermclaim.options import Options
from dermclaim.sites import resolve
from dermclaim.tables import tables_for
from tests.conftest import biopsy, code_doc, encounter, findings_by_rule, line_tuples, scrub_doc

DOS = "2026-05-12"
TABLES = tables_for(dt.date(2026, 5, 12))


def _doc(**fields: Any) -> dict[str, Any]:
    return encounter(date_of_service=DOS, **fields)


def _load(doc: dict[str, Any]) -> dermclaim.Encounter:
    return dermclaim.load(msgspec.json.encode(doc))


def _line(code: str, procedures: tuple[str, ...], units: int = 1, mods: tuple[str, ...] = ()) -> CodedLine:
    return CodedLine(code, units, mods, ("D22.5",), procedures, f"coded {code}", "test")


def _proc(pid: str, kind: str, site: str, lesion: str | None = None, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": pid, "type": kind, "site": site, **extra}
    if kind == "excision":
        base.setdefault("diameter_cm", 1.0)
        base.setdefault("behavior", "benign")
    if kind == "repair":
        base.setdefault("complexity", "simple")
        base.setdefault("length_cm", 2.0)
    if kind == "biopsy":
        base.setdefault("technique", "tangential")
    if lesion:
        base["lesion"] = lesion
    return base


def _apply(
    procedures: list[dict[str, Any]], lines: list[CodedLine], options: Options | None = None, **doc: Any
) -> tuple[list[CodedLine], dict[str, Fate], tuple[ncci.NcciDecision, ...]]:
    enc = _load(_doc(procedures=procedures, **doc))
    sites = {p.id: resolve(p.site) for p in enc.procedures if p.site}
    fates = {pid: Fate("coded", "test") for ln in lines for pid in ln.procedures}
    out, new_fates, facts = ncci.apply(enc, sites, TABLES, options or Options(), lines, fates)
    decisions = facts.get("ncci.decisions", ())
    assert isinstance(decisions, tuple)
    return out, new_fates, decisions


# --- the table in force: the reference pairs --------------------------------------------------


@pytest.mark.parametrize(
    "column1, column2, indicator",
    [("11104", "11102", "0"), ("11106", "11104", "0"), ("11402", "12001", "1"), ("40490", "11102", "1")],
)
def test_reference_pairs_in_the_table_in_force(column1: str, column2: str, indicator: str) -> None:
    edit = TABLES.ptp(column1, column2)
    assert edit is not None and edit.modifier_indicator == indicator
    assert TABLES.ptp(column2, column1) is None


# --- the coding post-pass, on synthetic lines -----------------------------------------------


def test_indicator_0_leaves_column_two_off_whatever_the_documentation() -> None:
    procs = [_proc("p1", "biopsy", "left forearm", "A"), _proc("p2", "biopsy", "upper back", "B")]
    lines, fates, decisions = _apply(procs, [_line("11104", ("p1",)), _line("11102", ("p2",), mods=("XS",))])
    assert [ln.code for ln in lines] == ["11104"]
    assert fates["p2"].status == "bundled" and fates["p2"].cause == "ncci_ptp"
    assert "11104/11102" in fates["p2"].reason and "indicator 0" in fates["p2"].reason
    assert "CPT Manual or CMS manual coding instruction" in fates["p2"].reason
    assert [(d.column1, d.column2, d.action) for d in decisions] == [("11104", "11102", "bundled")]


def test_indicator_1_distinct_lesions_get_the_distinct_lesion_modifier_on_column_two() -> None:
    procs = [_proc("p1", "excision", "upper back", "A"), _proc("p2", "repair", "left forearm", "B")]
    lines, fates, decisions = _apply(procs, [_line("11402", ("p1",)), _line("12001", ("p2",))])
    assert [(ln.code, ln.modifiers) for ln in lines] == [("11402", ()), ("12001", ("XS",))]
    assert "modifier XS" in lines[1].because and "11402" in lines[1].because
    assert fates["p2"].status == "coded"
    assert decisions[0].action == "modifier" and decisions[0].verdict == "distinct"


def test_distinct_modifier_follows_the_payer_setting() -> None:
    procs = [_proc("p1", "excision", "upper back", "A"), _proc("p2", "repair", "left forearm", "B")]
    lines, _, _ = _apply(
        procs, [_line("11402", ("p1",)), _line("12001", ("p2",))], Options(distinct_modifier="59")
    )
    assert lines[1].modifiers == ("59",)


def test_repair_of_the_same_procedure_is_included_and_the_procedure_stays_coded() -> None:
    procs = [_proc("p1", "excision", "upper back", "A")]
    lines, fates, decisions = _apply(procs, [_line("11402", ("p1",)), _line("12001", ("p1",))])
    assert [ln.code for ln in lines] == ["11402"]
    assert fates["p1"].status == "coded"  # still billed on 11402
    assert decisions[0].verdict == "same_lesion"


def test_same_lesion_label_is_the_same_lesion_whatever_the_site_phrase() -> None:
    procs = [_proc("p1", "excision", "upper back", "A"), _proc("p2", "repair", "mid back", "A")]
    lines, fates, _ = _apply(procs, [_line("11402", ("p1",)), _line("12001", ("p2",))])
    assert [ln.code for ln in lines] == ["11402"]
    assert fates["p2"].status == "bundled" and "same lesion 'A'" in fates["p2"].reason


def test_same_site_without_labels_does_not_show_a_distinct_lesion() -> None:
    procs = [_proc("p1", "excision", "upper back"), _proc("p2", "repair", "upper back")]
    lines, fates, decisions = _apply(procs, [_line("11402", ("p1",)), _line("12001", ("p2",))])
    assert [ln.code for ln in lines] == ["11402"]
    assert decisions[0].verdict == "not_shown"
    assert "give each its own lesion label" in fates["p2"].reason


def test_opposite_sides_are_distinct_sites() -> None:
    procs = [_proc("p1", "excision", "left forearm"), _proc("p2", "repair", "right forearm")]
    lines, _, _ = _apply(procs, [_line("11402", ("p1",)), _line("12001", ("p2",))])
    assert lines[1].modifiers == ("XS",)


def test_distinct_only_if_distinct_from_every_column_one_line() -> None:
    procs = [
        _proc("p1", "excision", "upper back", "A"),
        _proc("p3", "excision", "left forearm", "C"),
        _proc("p2", "repair", "left forearm", "C"),
    ]
    lines, _, _ = _apply(procs, [_line("11402", ("p1",)), _line("11402", ("p3",)), _line("12001", ("p2",))])
    assert [ln.code for ln in lines] == ["11402", "11402"]


@pytest.mark.parametrize("existing", ["58", "XU", "59"])
def test_a_modifier_the_family_chose_is_kept_and_never_doubled(existing: str) -> None:
    procs = [_proc("p1", "excision", "upper back", "A"), _proc("p2", "biopsy", "upper back", "A")]
    lines, _, decisions = _apply(procs, [_line("11402", ("p1",)), _line("11102", ("p2",), mods=(existing,))])
    assert lines[1].modifiers == (existing,)
    assert decisions[0].action == "bypassed"


def test_a_line_of_several_lesions_is_split_by_lesion() -> None:
    procs = [
        _proc("p1", "biopsy", "right index finger nail bed", "N"),
        _proc("p2", "biopsy", "right index finger nail bed", "N"),
        _proc("p3", "biopsy", "upper back", "Q"),
    ]
    lines, fates, _ = _apply(procs, [_line("11755", ("p1",)), _line("11103", ("p2", "p3"), units=2)])
    assert [(ln.code, ln.units, ln.modifiers, ln.procedures) for ln in lines] == [
        ("11755", 1, (), ("p1",)),
        ("11103", 1, ("XS",), ("p3",)),
    ]
    assert fates["p2"].cause == "ncci_ptp" and fates["p3"].status == "coded"


def test_a_mixed_line_whose_units_do_not_count_lesions_is_held() -> None:
    procs = [
        _proc("p1", "biopsy", "right index finger nail bed", "N"),
        _proc("p2", "biopsy", "right index finger nail bed", "N"),
        _proc("p3", "biopsy", "upper back", "Q"),
    ]
    lines, fates, decisions = _apply(procs, [_line("11755", ("p1",)), _line("11103", ("p2", "p3"), units=3)])
    assert [ln.code for ln in lines] == ["11755"]
    assert fates["p2"].status == "hold" and fates["p2"].cause == "ncci_ptp_review"
    assert decisions[0].action == "hold"


def test_a_line_naming_no_procedure_never_gets_a_modifier() -> None:
    procs = [_proc("p1", "excision", "upper back", "A")]
    lines, _, decisions = _apply(procs, [_line("11402", ("p1",)), _line("12001", ())])
    assert [ln.code for ln in lines] == ["11402"]
    assert decisions[0].verdict == "not_shown"


def test_no_edit_between_the_codes_changes_nothing() -> None:
    procs = [_proc("p1", "biopsy", "upper back"), _proc("p2", "biopsy", "left forearm")]
    lines = [_line("11104", ("p1",)), _line("11103", ("p2",))]
    out, _, decisions = _apply(procs, lines)
    assert out == lines and decisions == ()


def test_commercial_payer_without_ncci_gets_no_edit() -> None:
    procs = [_proc("p1", "excision", "upper back", "A"), _proc("p2", "repair", "left forearm", "B")]
    lines = [_line("11402", ("p1",)), _line("12001", ("p2",))]
    off = Options(ncci_for_commercial=False)
    out, _, _ = _apply(procs, lines, off, payer={"kind": "commercial"})
    assert out == lines
    out, _, _ = _apply(procs, lines, off)  # Medicare: always
    assert out[1].modifiers == ("XS",)


# --- the post-pass through dermclaim.code -------------------------------------------------------


def _lip_and_back() -> dict[str, Any]:
    return _doc(
        procedures=[
            biopsy("p1", "tangential", site="lower lip vermilion", lesion="lip-1"),
            biopsy("p2", "tangential", site="upper back", lesion="back-1"),
        ]
    )


def test_site_specific_biopsy_beside_a_skin_biopsy_takes_xs_on_the_skin_code() -> None:
    result = code_doc(_lip_and_back())
    assert line_tuples(result.lines) == [("40490", 1, ()), ("11102", 1, ("XS",))]
    assert "NCCI pairs 11102 with 40490" in result.lines[1].because
    assert line_tuples(code_doc(_lip_and_back(), Options(distinct_modifier="59")).lines)[1] == (
        "11102",
        1,
        ("59",),
    )


def test_biopsy_of_a_different_lesion_beside_an_excision_is_reported_with_xs() -> None:
    """RULES 1.12: a biopsy of a different lesion the same day is separately reportable."""
    doc = _doc(
        procedures=[
            _proc(
                "p1", "excision", "nasal tip", "nose-1", diameter_cm=0.8, margin_cm=0.3, behavior="malignant"
            ),
            biopsy("p2", "tangential", site="upper back", lesion="back-1"),
        ]
    )
    lines = line_tuples(code_doc(doc).lines)
    assert ("11102", 1, ("XS",)) in lines


def test_excision_and_simple_repair_of_another_lesion_real_pair_11402_12001() -> None:
    doc = _doc(
        procedures=[
            _proc("p1", "excision", "upper back", "A", diameter_cm=1.0, margin_cm=0.2),
            _proc("p2", "repair", "left forearm", "B", length_cm=2.0),
        ]
    )
    result = code_doc(doc)
    assert ("11402", 1, ()) in line_tuples(result.lines)
    assert ("12001", 1, ("XS",)) in line_tuples(result.lines)


def test_unlabelled_biopsy_at_the_excision_site_is_bundled_with_a_warning() -> None:
    doc = _doc(
        procedures=[
            _proc("p1", "excision", "upper back", "A", diameter_cm=1.0, margin_cm=0.2),
            biopsy("p2", "punch", site="upper back"),
        ]
    )
    result = code_doc(doc)
    assert [ln.code for ln in result.lines] == ["11402"]
    p2 = next(p for p in result.procedures if p.id == "p2")
    assert p2.status == "bundled"
    (hit,) = findings_by_rule(result)["NCCI004"]
    assert hit.severity == "warning" and hit.procedures == ["p2"]


# --- scrub: the NCCI rules ----------------------------------------------------------------------


def test_pair_billed_without_modifier_for_distinct_lesions() -> None:
    doc = _lip_and_back() | {"claim_lines": [{"code": "40490"}, {"code": "11102"}]}
    (hit,) = findings_by_rule(scrub_doc(doc))["NCCI001"]
    assert hit.severity == "error" and hit.fix_safety == "safe" and hit.lines == [1]
    assert hit.fix == "Add modifier XS to 11102 on line 2"
    assert hit.amount is not None and hit.amount > 0
    doc["claim_lines"][1]["modifiers"] = ["XS"]
    assert "NCCI001" not in findings_by_rule(scrub_doc(doc))


def test_indicator_0_pair_billed_11104_over_11102() -> None:
    doc = _doc(
        procedures=[biopsy("p1", "punch", site="left forearm"), biopsy("p2", "tangential")],
        claim_lines=[{"code": "11104"}, {"code": "11102", "modifiers": ["59"]}],
    )
    result = scrub_doc(doc)
    # BX001 (two primary biopsy codes) explains both lines; the NCCI edit is folded into it.
    (host,) = [f for f in result.findings if "NCCI002" in f.related]
    assert host.rule == "BX001" and any("procedure-to-procedure" in s for s in host.sources)
    assert result.lines[1].allowed == 0.0 and "11104/11102" in result.lines[1].because


def test_bypass_modifier_on_the_lesion_treated_by_mohs() -> None:
    """RULES 1.11/5.7: biopsy of the Mohs lesion with an established diagnosis; XS does not help."""
    doc = _doc(
        procedures=[
            biopsy("p1", "tangential", site="left nasal ala", lesion="bcc-1"),
            {
                "id": "p2",
                "type": "mohs",
                "site": "left nasal ala",
                "lesion": "bcc-1",
                "stages": [{"blocks": 2}],
            },
        ],
        claim_lines=[{"code": "17311"}, {"code": "11102", "modifiers": ["XS"]}],
    )
    (hit,) = findings_by_rule(scrub_doc(doc))["NCCI003"]
    assert hit.fix_safety == "display-only" and "same lesion 'bcc-1'" in hit.message
    assert hit.amount is not None and hit.amount < 0


def test_small_benign_excision_repair_forced_with_59_is_improper() -> None:
    """RULES 3.11: every repair is included in a benign excision of 0.5 cm or less."""
    small = _proc(
        "p1",
        "excision",
        "upper back",
        "A",
        diameter_cm=0.3,
        margin_cm=0.1,
        repair={"complexity": "intermediate", "length_cm": 1.5},
    )
    doc = _doc(procedures=[small], claim_lines=[{"code": "11400"}, {"code": "12031", "modifiers": ["59"]}])
    result = scrub_doc(doc)
    assert "NCCI003" in findings_by_rule(result)
    assert line_tuples(result.corrected_lines) == [("11400", 1, ())]
    doc["claim_lines"][1]["modifiers"] = []
    result = scrub_doc(doc)
    (host,) = [f for f in result.findings if "NCCI004" in f.related]  # folded into REP004
    assert host.rule == "REP004" and line_tuples(result.corrected_lines) == [("11400", 1, ())]


def test_59_is_proper_when_a_larger_lesion_was_excised() -> None:
    """RULES 3.11, second half: the layered repair of another, larger lesion's wound."""
    doc = _doc(
        procedures=[
            _proc("p1", "excision", "upper back", "A", diameter_cm=0.3, margin_cm=0.1),
            _proc(
                "p2",
                "excision",
                "upper back",
                "B",
                diameter_cm=1.2,
                margin_cm=0.2,
                repair={"complexity": "intermediate", "length_cm": 3.0},
            ),
        ],
        claim_lines=[{"code": "11402"}, {"code": "11400"}, {"code": "12032", "modifiers": ["59"]}],
    )
    result = scrub_doc(doc)
    assert not {"NCCI001", "NCCI002", "NCCI003", "NCCI004"} & set(findings_by_rule(result))
    assert ("12032", 1, ("XS",)) in line_tuples(result.corrected_lines)


def test_unowned_column_two_code_billed_without_modifier_warns() -> None:
    """17250 (chemical cautery of granulation tissue) is coded by no family: NCCI still edits it."""
    doc = _doc(procedures=[biopsy("p1", "punch")], claim_lines=[{"code": "11104"}, {"code": "17250"}])
    (hit,) = findings_by_rule(scrub_doc(doc))["NCCI004"]
    assert hit.severity == "warning" and hit.lines == [1] and "11104/17250" in hit.message


# --- scrub: modifiers and global periods (RULES 0.1–0.4, §11 row 29) -----------------------------


def _visit_and_punch(modifiers: list[str], separately: bool = True) -> dict[str, Any]:
    return _doc(
        visit={"code": "99214", "separately_identifiable": separately},
        procedures=[biopsy("p1", "punch", site="left forearm")],
        claim_lines=[{"code": "99214", "modifiers": modifiers}, {"code": "11104"}],
    )


def test_59_and_an_x_modifier_on_one_line() -> None:
    doc = _lip_and_back() | {"claim_lines": [{"code": "40490"}, {"code": "11102", "modifiers": ["59", "XS"]}]}
    (hit,) = findings_by_rule(scrub_doc(doc))["MOD001"]
    assert hit.fix == "Remove modifier 59 from line 2; keep XS"
    (hit,) = findings_by_rule(scrub_doc(doc, Options(distinct_modifier="59")))["MOD001"]
    assert hit.fix == "Remove modifier XS from line 2; keep 59"


@pytest.mark.parametrize("mod", ["59", "XS", "XE"])
def test_distinct_modifier_on_an_em(mod: str) -> None:
    (hit,) = findings_by_rule(scrub_doc(_visit_and_punch([mod])))["MOD002"]
    assert "use modifier 25" in hit.fix


def test_57_beside_a_minor_procedure() -> None:
    (hit,) = findings_by_rule(scrub_doc(_visit_and_punch(["57"])))["MOD003"]
    assert hit.fix == "Replace modifier 57 with 25 on line 1" and hit.fix_safety == "safe"
    (hit,) = findings_by_rule(scrub_doc(_visit_and_punch(["57"], separately=False)))["MOD003"]
    assert hit.fix_safety == "display-only"
    assert "MOD003" not in findings_by_rule(scrub_doc(_visit_and_punch(["25"])))


def test_25_with_nothing_to_separate_it_from() -> None:
    alone = _doc(visit={"code": "99213"}, claim_lines=[{"code": "99213", "modifiers": ["25"]}])
    (hit,) = findings_by_rule(scrub_doc(alone))["MOD004"]
    assert hit.severity == "warning"
    with_injection = _doc(
        visit={"code": "99213"}, claim_lines=[{"code": "99213", "modifiers": ["25"]}, {"code": "96372"}]
    )
    assert "MOD004" not in findings_by_rule(scrub_doc(with_injection))  # NCCI edits 96372 over the E/M
    assert "MOD004" not in findings_by_rule(scrub_doc(_visit_and_punch(["25"])))


def _flap(separately: bool, claim: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    doc = _doc(
        visit={"code": "99214", "separately_identifiable": separately},
        procedures=[
            {
                "id": "p1",
                "type": "adjacent_tissue_transfer",
                "site": "left cheek",
                "lesion": "scc-1",
                "area_sq_cm": 8.0,
            }
        ],
    )
    if claim is not None:
        doc["claim_lines"] = claim
    return doc


def test_visit_beside_a_090_day_procedure() -> None:
    assert TABLES.rvu("14040") is not None and TABLES.rvu("14040").glob_days == "090"  # type: ignore[union-attr]
    coded = code_doc(_flap(True))
    assert ("99214", 1, ("57",)) in line_tuples(coded.lines)
    assert "GLB001" not in findings_by_rule(coded)
    skipped = code_doc(_flap(False))
    assert all(ln.code != "99214" for ln in skipped.lines)
    (hit,) = findings_by_rule(skipped)["GLB001"]
    assert "not billed" in hit.message
    scrub = scrub_doc(_flap(True, [{"code": "99214"}, {"code": "14040"}]))
    (hit,) = findings_by_rule(scrub)["GLB001"]
    assert hit.lines == [0] and hit.amount is not None and hit.amount > 0
    ok = scrub_doc(_flap(True, [{"code": "99214", "modifiers": ["57"]}, {"code": "14040"}]))
    assert not {"GLB001", "MOD003"} & set(findings_by_rule(ok))


# --- the examples the rules document, through the command line ----------------------------------


def test_scrub_report_names_the_edit_and_the_money(write_json: Any) -> None:
    from tests.conftest import run_cli

    doc = _lip_and_back() | {"claim_lines": [{"code": "40490"}, {"code": "11102"}]}
    proc = run_cli("scrub", str(write_json(doc)))
    assert proc.returncode == 0
    text = proc.stdout.decode()
    assert "NCCI001" in text and "XS" in text and "Medicare allowed" in text and "recovers $" in text
