"""The code tables: CMS facts through the loader, release choice, integrity, error handling."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dermclaim import tables
from dermclaim.tables import (
    Release,
    TableError,
    TableSet,
    normalize_icd10,
    tables_for,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "src" / "dermclaim" / "data"
BUILD = REPO / "scripts" / "build_tables.py"
SHARED_CMS = REPO.parent / "shared" / "data" / "cms"

DOS_2026Q2 = date(2026, 5, 1)


@pytest.fixture
def ts() -> TableSet:
    return tables_for(DOS_2026Q2)


@pytest.fixture
def fresh() -> Iterator[None]:
    """Empty every cache before and after a test that swaps the data folder."""
    tables._reset()
    yield
    tables._reset()


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: None) -> Path:
    """A writable copy of the package data, used by the loader for this test."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    monkeypatch.setattr(tables, "_data_root", lambda: root)
    return root


# --------------------------------------------------------------------------- MUE


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("17003", 13),
        ("11103", 6),
        ("17312", 6),
        ("17315", 15),
        ("11102", 1),
        ("11104", 1),
        ("11106", 1),
        ("17000", 1),
        ("17004", 1),
        ("17110", 1),
        ("17111", 1),
        ("J3357", 90),
        ("J2357", 120),
        ("95044", 90),
        ("J3301", 16),
    ],
)
def test_mue_values(ts: TableSet, code: str, value: int) -> None:
    mue = ts.mue(code)
    assert mue is not None
    assert mue.value == value
    assert mue.release.release == "2026Q2"


def test_mue_mai_and_per_line(ts: TableSet) -> None:
    mue = ts.mue("17003")
    assert mue is not None
    assert mue.mai == 2
    assert not mue.per_line
    assert all(m.mai in (1, 2, 3) for m in (ts.mue(c) for c in ("11102", "10120")) if m)


@pytest.mark.parametrize("code", ["J3490", "J3590", "G2211", "99999"])
def test_no_mue(ts: TableSet, code: str) -> None:
    assert ts.mue(code) is None


def test_lookups_tolerate_case_and_spaces(ts: TableSet) -> None:
    assert ts.mue(" j2357 ") == ts.mue("J2357")


# --------------------------------------------------------------------------- PTP


@pytest.mark.parametrize(
    ("column1", "column2", "indicator"),
    [
        ("11104", "11102", "0"),
        ("11106", "11102", "0"),
        ("11106", "11104", "0"),
        ("17004", "17000", "0"),
        ("17004", "17003", "0"),
        ("17111", "17110", "0"),
        ("11402", "12001", "1"),
        ("17311", "88331", "1"),
        ("17311", "88332", "1"),
        ("17313", "88331", "1"),
        ("17313", "88332", "1"),
    ],
)
def test_ptp_facts(ts: TableSet, column1: str, column2: str, indicator: str) -> None:
    edit = ts.ptp(column1, column2)
    assert edit is not None
    assert edit.modifier_indicator == indicator
    assert edit.deleted is None
    assert edit.release.release == "2024Q3"
    assert edit.rationale


def test_ptp_is_directional(ts: TableSet) -> None:
    assert ts.ptp("11102", "11104") is None


EXCISIONS = [f"{base}{n}" for base in ("114", "116") for n in ("00", "01", "02", "03", "04", "06")] + [
    f"{base}{n}" for base in ("114", "116") for n in ("20", "21", "22", "23", "24", "26")
]
EXCISIONS += [f"{base}{n}" for base in ("114", "116") for n in ("40", "41", "42", "43", "44", "46")]


@pytest.mark.parametrize("excision", EXCISIONS)
def test_every_excision_over_simple_repairs(ts: TableSet, excision: str) -> None:
    for repair in ("12001", "12002", "12004", "12005", "12006", "12007"):
        edit = ts.ptp(excision, repair)
        assert edit is not None, (excision, repair)
        assert edit.modifier_indicator == "1"


@pytest.mark.parametrize("excision", ["11400", "11420", "11440"])
def test_small_benign_excisions_over_layered_repairs(ts: TableSet, excision: str) -> None:
    for repair in ("12031", "12051", "13100", "13121"):
        edit = ts.ptp(excision, repair)
        assert edit is not None, (excision, repair)
        assert edit.modifier_indicator == "1"


def test_ptp_pairs_for_both_orders(ts: TableSet) -> None:
    pairs = ts.ptp_pairs_for(["11102", "11104", "11106", "99999"])
    got = {(e.column1, e.column2) for e in pairs}
    assert got == {("11104", "11102"), ("11106", "11102"), ("11106", "11104")}
    assert pairs == sorted(pairs, key=lambda e: (e.column1, e.column2))
    assert ts.ptp_pairs_for(["11102", "11102"]) == []


def test_deleted_ptp_edit_only_before_its_deletion() -> None:
    # 11055 over 17000 was deleted with last day 2019-03-31.
    before = tables_for(date(2019, 3, 31)).ptp("11055", "17000")
    assert before is not None
    assert before.deleted == date(2019, 3, 31)
    assert tables_for(date(2019, 4, 1)).ptp("11055", "17000") is None
    assert tables_for(DOS_2026Q2).ptp("11055", "17000") is None
    assert all(e.deleted is None for e in tables_for(DOS_2026Q2).ptp_pairs_for(["11055", "17000"]))


# --------------------------------------------------------------------------- AOC


@pytest.mark.parametrize(
    ("add_on", "primaries"),
    [
        ("11105", {"11104", "11106"}),
        ("11107", {"11106"}),
        ("17003", {"17000"}),
        ("11201", {"11200"}),
        ("17315", {"17311", "17312", "17313", "17314"}),
    ],
)
def test_aoc_primaries(ts: TableSet, add_on: str, primaries: set[str]) -> None:
    assert ts.add_on_primaries(add_on) == frozenset(primaries)
    assert ts.is_add_on(add_on)


@pytest.mark.parametrize("code", ["11104", "17000", "99213", "L57.0"])
def test_not_add_on(ts: TableSet, code: str) -> None:
    assert ts.add_on_primaries(code) is None
    assert not ts.is_add_on(code)
    assert ts.add_on_edits(code) == []


def test_aoc_deleted_edits_by_date() -> None:
    # 0663T's edits end 2025-12-31 (last day in force).
    assert tables_for(date(2025, 12, 31)).add_on_primaries("0663T") == frozenset({"96413", "96415"})
    assert tables_for(date(2026, 1, 1)).add_on_primaries("0663T") is None
    # G2211 with home visits starts 2026-01-01.
    g2211_2025 = tables_for(date(2025, 12, 1)).add_on_primaries("G2211")
    g2211_2026 = tables_for(date(2026, 1, 2)).add_on_primaries("G2211")
    assert g2211_2025 is not None and g2211_2026 is not None
    assert "99341" not in g2211_2025
    assert "99341" in g2211_2026 and "99213" in g2211_2026


def test_aoc_contractor_placeholder_left_out(ts: TableSet) -> None:
    primaries = ts.add_on_primaries("88311")
    assert primaries is not None
    assert "CCCCC" not in primaries
    assert {"17311", "88305"} <= primaries
    types = {e.edit_type for e in ts.add_on_edits("88311")}
    assert types == {"3"}
    assert any(e.primary == "CCCCC" for e in ts.add_on_edits("88311"))


# --------------------------------------------------------------------------- RVU


def test_rvu_facts(ts: TableSet) -> None:
    r17004, r11200, r17000, r11900 = (ts.rvu(c) for c in ("17004", "11200", "17000", "11900"))
    assert r17004 is not None and r17004.mult_proc == "0"
    assert r11200 is not None and r11200.glob_days == "010"
    assert r17000 is not None and r17000.glob_days == "010"
    assert r11900 is not None and r11900.glob_days == "000"


def test_rvu_modifier_rows(ts: TableSet) -> None:
    glob, pro, tech = ts.rvu("88305"), ts.rvu("88305", "26"), ts.rvu("88305", "tc")
    assert glob is not None and pro is not None and tech is not None
    assert pro.modifier == "26" and tech.modifier == "TC"
    assert pro.work == glob.work and tech.work == 0.0
    assert ts.rvu("88305", "59") is None


def test_rvu_allowed_rounds_to_cents() -> None:
    r = tables_for(date(2025, 11, 1)).rvu("11200")
    assert r is not None
    assert r.conv_factor == 32.3465
    assert (r.nonfac_total, r.fac_total) == (2.79, 2.33)
    assert r.allowed(facility=False) == 90.25  # 2.79 × 32.3465 = 90.2467…
    assert r.allowed(facility=True) == 75.37  # 2.33 × 32.3465 = 75.3673…


def test_rvu_totals_add_up(ts: TableSet) -> None:
    for code in ("11102", "11200", "17000", "17311", "12001"):
        r = ts.rvu(code)
        assert r is not None
        assert abs(r.work + r.nonfac_pe + r.mp - r.nonfac_total) < 0.015
        assert abs(r.work + r.fac_pe + r.mp - r.fac_total) < 0.015


# --------------------------------------------------------------------------- release choice


@pytest.mark.parametrize(
    ("dos", "rvu_release", "conv_factor"),
    [
        (date(2025, 11, 1), "2025D", 32.3465),
        (date(2026, 8, 1), "2026C", 33.4009),
        (date(2026, 2, 1), "2025D", 32.3465),
        (date(2026, 7, 1), "2026C", 33.4009),
        (date(2026, 6, 30), "2025D", 32.3465),
        (date(2020, 1, 1), "2025D", 32.3465),  # before every release: the earliest
        (date(2030, 1, 1), "2026C", 33.4009),
    ],
)
def test_rvu_release_by_date(dos: date, rvu_release: str, conv_factor: float) -> None:
    ts = tables_for(dos)
    assert ts.releases()["rvu"].release == rvu_release
    r = ts.rvu("17000")
    assert r is not None
    assert r.release.release == rvu_release
    assert r.conv_factor == conv_factor


def test_releases_names_every_kind(ts: TableSet) -> None:
    rel = ts.releases()
    assert list(rel) == list(tables.KINDS)
    assert {k: r.release for k, r in rel.items()} == {
        "ncci_ptp": "2024Q3",
        "mue": "2026Q2",
        "aoc": "2026Q2",
        "rvu": "2025D",
        "icd10cm": "2026",
    }


def test_stale() -> None:
    assert {r.table for r in tables_for(DOS_2026Q2).stale()} == {"ncci_ptp", "rvu"}
    assert {r.table for r in tables_for(date(2026, 8, 1)).stale()} == {"ncci_ptp", "mue", "aoc"}
    assert {r.table for r in tables_for(date(2024, 8, 1)).stale()} == {
        "mue",
        "aoc",
        "rvu",
        "icd10cm",
    }
    assert {r.table for r in tables_for(date(2025, 11, 1)).stale()} == {
        "ncci_ptp",
        "mue",
        "aoc",
        "icd10cm",
    }


def test_release_covers_and_citation(ts: TableSet) -> None:
    ptp = ts.releases()["ncci_ptp"]
    assert ptp.citation() == (
        "CMS NCCI procedure-to-procedure edits, practitioner, 2024Q3 (in force 2024-07-01 to 2024-09-30)"
    )
    assert ptp.covers(date(2024, 7, 1)) and ptp.covers(date(2024, 9, 30))
    assert not ptp.covers(date(2024, 6, 30)) and not ptp.covers(date(2024, 10, 1))
    open_ended = Release("x", "1", "Title", "src", date(2026, 1, 1), None)
    assert open_ended.covers(date(2099, 1, 1))
    assert open_ended.citation() == "Title, 1 (in force from 2026-01-01)"
    assert "commit" in ptp.source


def test_tables_for_is_cached_and_tables_parsed_once() -> None:
    a, b = tables_for(DOS_2026Q2), tables_for(date(2026, 5, 1))
    assert a is b
    c = tables_for(date(2026, 6, 1))
    assert a.mue("17003") is c.mue("17003")  # same parsed release, same record
    assert a.ptp("11104", "11102") is c.ptp("11104", "11102")


# --------------------------------------------------------------------------- ICD-10-CM


def test_icd10_billable_and_headers(ts: TableSet) -> None:
    l570 = ts.icd10("L57.0")
    assert l570 is not None and l570.billable and l570.description == "Actinic keratosis"
    d485 = ts.icd10("D48.5")
    assert d485 is not None and d485.billable
    c44 = ts.icd10("C44")
    assert c44 is not None and not c44.billable
    c443 = ts.icd10("C44.3")
    assert c443 is not None and not c443.billable


def test_icd10_children(ts: TableSet) -> None:
    kids = ts.icd10_children("C44.3")
    codes = [k.code for k in kids]
    assert "C44.311" in codes
    assert all(k.billable and k.code.startswith("C44.3") for k in kids)
    assert codes == sorted(codes)
    assert "C44.31" not in codes  # a header, not billable
    assert set(codes) <= {k.code for k in ts.icd10_children("c44")}
    assert ts.icd10_children("L57.0") == []
    assert ts.icd10_children("ZZZ") == []


@pytest.mark.parametrize("spelling", ["L57.0", "l570", "L570", " l57.0 ", "l57 0"])
def test_icd10_any_spelling(ts: TableSet, spelling: str) -> None:
    hit = ts.icd10(spelling)
    assert hit is not None and hit.code == "L57.0"


@pytest.mark.parametrize("code", ["", "L57.", "L57.7", "ZZZ", "A", "C44.3111", "L57.00"])
def test_icd10_unknown(ts: TableSet, code: str) -> None:
    found = ts.icd10(code)
    if code == "L57.":  # normalises to the header L57
        assert found is not None and found.code == "L57"
    else:
        assert found is None


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("l570", "L57.0"),
        ("C4411", "C44.11"),
        ("c44.11", "C44.11"),
        (" D48.5 ", "D48.5"),
        ("L57", "L57"),
        ("l 57 0", "L57.0"),
        ("s0001xa", "S00.01XA"),
        ("", ""),
    ],
)
def test_normalize_icd10(raw: str, normal: str) -> None:
    assert normalize_icd10(raw) == normal


def test_icd_lookup_does_not_import_simple_icd_10_cm() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "import dermclaim.tables as t\n"
        "assert t._catalog is None and not t._icd_cache, 'read at import'\n"
        "ts = t.tables_for(date(2026, 5, 1))\n"
        "assert ts.icd10('L57.0').billable and ts.icd10_children('C44.3')\n"
        "assert 'simple_icd_10_cm' not in sys.modules\n"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO)


# --------------------------------------------------------------------------- integrity


def _manifests() -> list[Path]:
    found = sorted(DATA.glob("*/*/manifest.json"))
    assert found, DATA
    return found


@pytest.mark.parametrize("manifest", _manifests(), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_manifest_matches_file(manifest: Path) -> None:
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    assert doc["table"] == manifest.parent.parent.name
    assert doc["release"] == manifest.parent.name
    assert str(doc["built_by"]).startswith("scripts/build_")
    if doc["effective_to"] is not None:  # None: in force until superseded
        assert date.fromisoformat(doc["effective_from"]) <= date.fromisoformat(doc["effective_to"])
    assert doc["files"]
    for name, info in doc["files"].items():
        data = (manifest.parent / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == info["sha256"], name
        assert info["rows"] > 0


def test_data_is_small() -> None:
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert total < 5_000_000


# --------------------------------------------------------------------------- errors and discovery


def test_edited_table_is_refused(data_copy: Path) -> None:
    path = data_copy / "mue" / "2026Q2" / "mue.csv"
    path.write_bytes(path.read_bytes().replace(b"17003,13,", b"17003,99,"))
    ts = tables_for(DOS_2026Q2)
    with pytest.raises(TableError, match=r"mue\.csv"):
        ts.mue("17003")


def test_missing_table_file(data_copy: Path) -> None:
    (data_copy / "aoc" / "2026Q2" / "aoc.csv").unlink()
    with pytest.raises(TableError, match=r"aoc\.csv"):
        tables_for(DOS_2026Q2).is_add_on("11105")


def test_malformed_csv_is_refused(data_copy: Path) -> None:
    folder = data_copy / "rvu" / "2025D"
    broken = b"code,modifier\n17000,\n"
    (folder / "rvu.csv").write_bytes(broken)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["rvu.csv"] = {"sha256": hashlib.sha256(broken).hexdigest(), "rows": 1}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(TableError, match=r"rvu\.csv.*header"):
        tables_for(date(2025, 11, 1)).rvu("17000")


def test_bad_manifest_is_refused(data_copy: Path) -> None:
    (data_copy / "mue" / "2026Q2" / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TableError, match=r"manifest\.json"):
        tables_for(DOS_2026Q2)


def test_missing_manifest_is_refused(data_copy: Path) -> None:
    (data_copy / "rvu" / "2026C" / "manifest.json").unlink()
    with pytest.raises(TableError, match=r"2026C.manifest\.json"):
        tables_for(DOS_2026Q2)


def test_new_release_folder_is_discovered(data_copy: Path) -> None:
    src = data_copy / "rvu" / "2026C"
    dst = data_copy / "rvu" / "2027A"
    shutil.copytree(src, dst)
    manifest = json.loads((dst / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(release="2027A", effective_from="2027-01-01", effective_to="2027-03-31")
    (dst / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    ts = tables_for(date(2027, 2, 1))
    assert ts.releases()["rvu"].release == "2027A"
    r = ts.rvu("17000")
    assert r is not None and r.release.release == "2027A"
    assert "rvu" not in {s.table for s in ts.stale()}
    assert [x.release for x in tables.all_releases()["rvu"]] == ["2025D", "2026C", "2027A"]


# --------------------------------------------------------------------------- reproducible build


@pytest.mark.skipif(not SHARED_CMS.is_dir(), reason=f"CMS inputs not present at {SHARED_CMS}")
def test_rebuild_reproduces_committed_tables(tmp_path: Path) -> None:
    out = tmp_path / "data"
    subprocess.run(
        [sys.executable, str(BUILD), "--cms", str(SHARED_CMS), "--out", str(out), "--skip-icd"],
        check=True,
        capture_output=True,
    )
    built = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    committed = sorted(
        p.relative_to(DATA)
        for p in DATA.rglob("*")
        if p.is_file() and p.relative_to(DATA).parts[0] in {"ncci_ptp", "mue", "aoc", "rvu"}
    )
    built = [p for p in built if p.parts[0] in {"ncci_ptp", "mue", "aoc", "rvu"}]
    assert built == committed
    for rel in built:
        assert (out / rel).read_bytes() == (DATA / rel).read_bytes(), rel
