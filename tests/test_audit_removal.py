"""Audit of issue 3 (removal, repair, destruction, Mohs, NCCI post-pass, money): scenarios a
biller or auditor runs, each pinned after a bug was found."""

from __future__ import annotations

from typing import Any

import msgspec

import dermclaim
from dermclaim.options import Options
from tests.conftest import biopsy, encounter, line_tuples


def _run(mode: str, **fields: Any) -> dermclaim.Result:
    enc = dermclaim.load(msgspec.json.encode(encounter(**fields)))
    return dermclaim.scrub(enc, Options()) if mode == "scrub" else dermclaim.code(enc, Options())


def _no_orphan_add_on(result: dermclaim.Result, lines: list[dermclaim.Line] | None) -> None:
    assert lines is not None
    for ln in lines:
        assert "add-on" not in ln.because or "without a listed primary" not in ln.because, ln


def test_bundled_primary_biopsy_promotes_the_other_lesions_add_on() -> None:
    # p1 (punch) and the excision share the upper back without lesion labels: the NCCI pass
    # bundles 11104 into the excision. The tangential biopsy of the forearm is a separate,
    # billable lesion: it must become the primary 11102, not an orphaned +11103.
    result = _run(
        "code",
        diagnoses=["D22.5"],
        procedures=[
            biopsy("p1", "punch", "upper back"),
            biopsy("p2", "tangential", "left forearm"),
            {
                "id": "x1",
                "type": "excision",
                "site": "upper back",
                "diameter_cm": 1.0,
                "margin_cm": 0.2,
                "behavior": "benign",
            },
        ],
    )
    codes = [c for c, _, _ in line_tuples(result.lines)]
    assert "11103" not in codes
    assert "11102" in codes and "11402" in codes
    _no_orphan_add_on(result, result.lines)
    fates = {p.id: p.status for p in result.procedures}
    assert fates["p2"] == "coded"


def test_bundled_17000_takes_its_17003_with_it() -> None:
    # AK destruction without a site beside a punch biopsy: the NCCI pass bundles 17000 into
    # 11104 (documentation does not tell the lesions apart); its +17003 must not stay alone.
    result = _run(
        "code",
        diagnoses=["L57.0"],
        procedures=[
            {"id": "a", "type": "destruction", "lesion_kind": "premalignant", "count": 3},
            biopsy("b1", "punch", "upper back"),
        ],
    )
    codes = [c for c, _, _ in line_tuples(result.lines)]
    assert "17003" not in codes
    _no_orphan_add_on(result, result.lines)


def test_skin_tags_and_actinic_keratoses_are_distinct_lesions() -> None:
    # 25 skin tags and 2 AKs: a skin tag is not an actinic keratosis, so the documented lesion
    # kinds show distinct lesions and NCCI 11200/17000 is bypassed with XS (RULES 0.6).
    result = _run(
        "code",
        diagnoses=["L91.8", "L57.0"],
        procedures=[
            {"id": "t", "type": "skin_tag_removal", "count": 25},
            {"id": "a", "type": "destruction", "lesion_kind": "premalignant", "count": 2},
        ],
    )
    got = line_tuples(result.lines)
    assert ("17000", 1, ("XS",)) in got
    assert ("17003", 1, ()) in got
    _no_orphan_add_on(result, result.lines)


def test_two_mohs_tumors_each_add_on_follows_its_own_first_stage() -> None:
    result = _run(
        "code",
        diagnoses=["C44.311", "C44.41"],
        billing_provider={"clia": "05D0000000"},
        procedures=[
            {"id": "m1", "type": "mohs", "site": "nasal tip", "stages": [{"blocks": 3}]},
            {"id": "m2", "type": "mohs", "site": "scalp", "stages": [{"blocks": 4}, {"blocks": 1}]},
        ],
    )
    assert result.lines is not None
    seq = [(ln.code, tuple(ln.procedures)) for ln in result.lines]
    assert seq == [("17311", ("m1",)), ("17311", ("m2",)), ("17312", ("m2",))]


def test_repair_of_punch_biopsy_wound_billed_is_explained_by_the_ncci_edit() -> None:
    # Intermediate repair of the punch-biopsy wound (same lesion): NCCI 11104/12031 (indicator 1)
    # includes it; the finding must say so, not claim the documented repair codes to 12031 and
    # then tell the biller to remove 12031.
    result = _run(
        "scrub",
        diagnoses=["L98.8"],
        procedures=[
            biopsy("p1", "punch", "upper back", lesion="A"),
            {
                "id": "r1",
                "type": "repair",
                "site": "upper back",
                "lesion": "A",
                "complexity": "intermediate",
                "length_cm": 1.5,
            },
        ],
        claim_lines=[{"code": "11104"}, {"code": "12031"}],
    )
    on_repair = [f for f in result.findings if 1 in f.lines and f.severity == "error"]
    assert on_repair, result.findings
    assert all("11104/12031" in f.message for f in on_repair), [f.message for f in on_repair]
    assert line_tuples(result.corrected_lines) == [("11104", 1, ())]


def test_generic_edit_folds_only_into_the_finding_that_explains_its_lines() -> None:
    # 11102 + 11104 (NCCI 11104/11102 indicator 0) folds into BX001 (both lines), not into an
    # unrelated error that happens to touch one of the lines.
    result = _run(
        "scrub",
        diagnoses=["L82.1", "D48.5"],
        procedures=[biopsy("p1", "tangential", "left forearm"), biopsy("p2", "punch", "upper back")],
        claim_lines=[{"code": "11102", "diagnoses": [1]}, {"code": "11104", "diagnoses": [2]}],
    )
    bx = [f for f in result.findings if f.rule == "BX001"]
    assert bx and bx[0].amount == 48.77
    for f in result.findings:
        if f.rule == "PTH004":
            assert not any("procedure-to-procedure" in s for s in f.sources), f.sources


def test_fix_of_lines_medicare_already_denies_is_worth_zero_not_unknown() -> None:
    # 17000 + 17003 × 13 + 17004 for 18 AKs: Medicare's edits deny 17000/17003 and pay 17004, so
    # the safe fix changes the allowed amount by exactly 0.00 — computable, not null.
    result = _run(
        "scrub",
        diagnoses=["L57.0"],
        procedures=[{"id": "p1", "type": "destruction", "lesion_kind": "premalignant", "count": 18}],
        claim_lines=[{"code": "17000"}, {"code": "17003", "units": 13}, {"code": "17004"}],
    )
    (des,) = [f for f in result.findings if f.rule == "DES001"]
    assert des.amount == 0.0
    assert line_tuples(result.corrected_lines) == [("17004", 1, ())]
