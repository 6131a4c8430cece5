"""The Mohs Appropriate Use Criteria (Connolly 2012): the shipped table, the rating of each tumor,
and ``procedures[].mohs_auc`` through the public contract (library and CLI).

Every rating kind — appropriate, uncertain, inappropriate, not_rated — is covered through
``dermclaim code --format json``, and every cell of the table is reached from a tumor placed in it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

import dermclaim
from dermclaim.auc import Cell, classes_for, rate, table
from dermclaim.document import Mohs, Tumor
from dermclaim.options import Options
from dermclaim.sites import resolve
from tests.conftest import ROOT, encounter, run_cli

SHARED_AUC = ROOT.parent / "shared" / "data" / "mohs_auc" / "mohs_auc.csv"
PROVIDER = {"npi": "1234567893", "name": "Lakeside Dermatology", "clia": "05D1234567"}
SITE = {"H": "nasal tip", "M": "left cheek", "L": "upper back"}


def _mohs_doc(site: str, tumor: dict[str, Any] | None, pid: str = "m1") -> dict[str, Any]:
    proc: dict[str, Any] = {"id": pid, "type": "mohs", "site": site, "stages": [{"blocks": 3}]}
    if tumor is not None:
        proc["tumor"] = tumor
    return encounter(
        date_of_service="2026-05-12", billing_provider=PROVIDER, diagnoses=["C44.519"], procedures=[proc]
    )


def _auc(site: str, tumor: dict[str, Any] | None, options: Options | None = None) -> tuple[Any, set[str]]:
    result = dermclaim.code(dermclaim.load(msgspec.json.encode(_mohs_doc(site, tumor))), options or Options())
    found = {f.rule: f for f in result.findings}
    auc = result.procedures[0].mohs_auc
    assert auc is not None
    return auc, {code for code in found if code.startswith("AUC")}


# --- the shipped table ----------------------------------------------------------------------------------


def test_the_shipped_table_matches_its_manifest() -> None:
    folder = ROOT / "src" / "dermclaim" / "data" / "mohs_auc" / "2012"
    manifest = json.loads((folder / "manifest.json").read_text())
    data = (folder / "mohs_auc.csv").read_bytes()
    assert manifest["files"]["mohs_auc.csv"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["files"]["mohs_auc.csv"]["rows"] == len(table().cells) == 90
    assert "531-550" in manifest["source"]


@pytest.mark.skipif(not SHARED_AUC.is_file(), reason="shared criteria data not present")
def test_the_build_script_reproduces_the_shipped_table(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_mohs_auc", ROOT / "scripts" / "build_mohs_auc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(SHARED_AUC, tmp_path)
    shipped = ROOT / "src" / "dermclaim" / "data" / "mohs_auc" / "2012"
    for name in ("mohs_auc.csv", "manifest.json"):
        assert (tmp_path / "mohs_auc" / "2012" / name).read_bytes() == (shipped / name).read_bytes()


def test_reconstructed_or_inferred_cells_are_flagged_medium() -> None:
    medium = {c.describe() for c in table().cells if c.confidence == "medium"}
    assert medium == {
        "BCC, superficial, area M, healthy, recurrent: appropriate",
        "SCC, keratoacanthoma type, area L, >=1.1 cm, healthy, primary: appropriate",
        "SCC, keratoacanthoma type, area L, <=1.0 cm, healthy, primary: inappropriate",
        "SCC, keratoacanthoma type, area L, >=0.6 cm, immunocompromised, primary: appropriate",
    }


_PHRASE = {
    "aggressive": "infiltrative",
    "nodular": "nodular",
    "superficial": "superficial",
    "nonaggressive": "well_differentiated",
    "verrucous": "verrucous",
    "ka_type": "keratoacanthoma_type",
    "in_situ": "bowen",
    "ak_focal_scc_in_situ": "actinic_keratosis_with_focal_scc_in_situ",
}
_TYPE = {
    "bcc": "bcc",
    "scc": "scc",
    "lentigo_maligna": "lentigo_maligna",
    "melanoma_in_situ": "melanoma_in_situ",
}
_SPECIAL = {
    "prior_radiation": {"prior_radiation": True},
    "traumatic_scar": {"site_condition": "traumatic_scar"},
    "osteomyelitis": {"site_condition": "osteomyelitis"},
    "chronic_inflammation_or_ulcer": {"site_condition": "chronic_ulcer"},
    "genetic_syndrome": {"genetic_syndrome": True},
}


def _tumor_in(cell: Cell) -> Tumor:
    if cell.subtype in ("lentigo_maligna", "melanoma_in_situ"):
        fields: dict[str, Any] = {"type": cell.subtype}
    else:
        fields = {"type": cell.tumor}
        if cell.subtype != "any":
            fields["histology"] = _PHRASE[cell.subtype]
    lo = cell.above if cell.above is not None else 0.0
    hi = cell.upto if cell.upto is not None else lo + 3.0
    fields["size_cm"] = round((lo + hi) / 2, 2)
    fields["recurrent"] = cell.recurrence == "recurrent"
    fields["immunocompromised"] = cell.patient == "immunocompromised"
    fields.update(_SPECIAL.get(cell.patient, {}))
    return Tumor(**fields)


@pytest.mark.parametrize("cell", table().cells, ids=lambda c: c.describe())
def test_every_cell_is_reached_by_a_tumor_placed_in_it(cell: Cell) -> None:
    area = cell.area if cell.area != "any" else "L"
    proc = Mohs(id="m1", site=SITE[area], stages=[], tumor=_tumor_in(cell))
    r = rate(proc, resolve(SITE[area]), table())
    assert r.rating == cell.rating, r.reason
    assert cell in r.cells


# --- classification by the criteria's definitions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("tumor", "expected"),
    [
        ({"type": "bcc", "histology": "morpheaform"}, ("bcc", ("aggressive",))),
        ({"type": "bcc", "histology": "nodular and micronodular"}, ("bcc", ("aggressive",))),
        ({"type": "bcc", "histology": "nodular and superficial"}, ("bcc", ("nodular",))),
        ({"type": "bcc", "histology": "superficial multicentric"}, ("bcc", ("superficial",))),
        ({"type": "bcc"}, ("bcc", ("aggressive", "nodular", "superficial"))),
        ({"type": "scc", "histology": "poorly_differentiated"}, ("scc", ("aggressive",))),
        ({"type": "scc", "histology": "perineural"}, ("scc", ("aggressive",))),
        ({"type": "scc", "histology": "well differentiated", "breslow_mm": 2.5}, ("scc", ("aggressive",))),
        (
            {"type": "scc", "histology": "moderately differentiated", "clark_level": 4},
            ("scc", ("aggressive",)),
        ),
        ({"type": "scc", "histology": "non-aggressive"}, ("scc", ("nonaggressive",))),
        ({"type": "scc", "histology": "keratoacanthoma_type"}, ("scc", ("ka_type",))),
        ({"type": "scc", "histology": "verrucous"}, ("scc", ("verrucous",))),
        ({"type": "scc_in_situ"}, ("scc", ("in_situ",))),
        ({"type": "scc_in_situ", "histology": "bowenoid AK"}, ("scc", ("ak_focal_scc_in_situ",))),
        ({"type": "scc"}, ("scc", ("aggressive", "nonaggressive"))),
        ({"type": "lentigo_maligna"}, ("lm_mis", ("lentigo_maligna",))),
        ({"type": "merkel_cell"}, (None, ())),
    ],
)
def test_histology_maps_to_the_criteria_classes(tumor: dict[str, Any], expected: tuple[Any, ...]) -> None:
    kind, classes, _ = classes_for(Tumor(**tumor))
    assert (kind, classes) == expected


# --- every rating kind through the public contract ---------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "tumor", "rating", "histology_class", "area", "rules"),
    [
        (
            "nasal tip",
            {"type": "bcc", "histology": "nodular", "size_cm": 0.8},
            "appropriate",
            "nodular",
            "H",
            set(),
        ),
        ("nasal tip", {"type": "bcc", "histology": "superficial"}, "appropriate", "superficial", "H", set()),
        ("left cheek", {"type": "scc", "size_cm": 1.0}, "appropriate", "unclassified", "M", set()),
        (
            "upper back",
            {"type": "bcc", "histology": "superficial", "size_cm": 0.4, "prior_radiation": True},
            "appropriate",
            "superficial",
            "L",
            set(),
        ),
        (
            "left cheek",
            {"type": "bcc", "histology": "superficial", "size_cm": 0.4},
            "uncertain",
            "superficial",
            "M",
            {"AUC002"},
        ),
        (
            "right forearm",
            {"type": "bcc", "histology": "nodular", "size_cm": 0.8, "immunocompromised": True},
            "uncertain",
            "nodular",
            "L",
            {"AUC002"},
        ),
        (
            "upper back",
            {"type": "lentigo_maligna", "size_cm": 1.2},
            "uncertain",
            "lentigo_maligna",
            "L",
            {"AUC002"},
        ),
        (
            "upper back",
            {"type": "bcc", "histology": "superficial", "size_cm": 2.5},
            "inappropriate",
            "superficial",
            "L",
            {"AUC001"},
        ),
        (
            "nasal tip",
            {"type": "scc_in_situ", "histology": "actinic_keratosis_with_focal_scc_in_situ"},
            "inappropriate",
            "ak_focal_scc_in_situ",
            "H",
            {"AUC001"},
        ),
        (
            "upper back",
            {"type": "bcc", "histology": "superficial", "recurrent": True},
            "inappropriate",
            "superficial",
            "L",
            {"AUC001"},
        ),
        ("left cheek", {"type": "merkel_cell", "size_cm": 1.0}, "not_rated", "not_covered", "M", {"AUC003"}),
        ("left cheek", {"type": "dfsp", "size_cm": 3.0}, "not_rated", "not_covered", "M", {"AUC003"}),
        ("upper back", {"type": "bcc", "size_cm": 1.5}, "not_rated", "unclassified", "L", {"AUC003"}),
        ("upper back", {"type": "bcc", "histology": "nodular"}, "not_rated", "nodular", "L", {"AUC003"}),
        ("left cheek", {"type": "scc", "histology": "verrucous"}, "not_rated", "verrucous", "M", {"AUC003"}),
        (
            "upper back",
            {"type": "scc", "histology": "well differentiated", "size_cm": 0.8, "prior_radiation": True},
            "not_rated",
            "nonaggressive",
            "L",
            {"AUC003"},
        ),
    ],
)
def test_ratings_through_the_library(
    site: str, tumor: dict[str, Any], rating: str, histology_class: str, area: str, rules: set[str]
) -> None:
    auc, raised = _auc(site, tumor)
    assert (auc.rating, auc.histology_class, auc.area) == (rating, histology_class, area), auc.reason
    assert raised == rules
    assert auc.rules == sorted(rules)


def test_missing_facts_are_named_and_never_guessed() -> None:
    auc, _ = _auc("upper back", {"type": "bcc", "histology": "nodular"})
    assert auc.missing == ["tumor.size_cm"]
    auc, _ = _auc("upper back", {"type": "bcc", "size_cm": 1.5})
    assert auc.missing == ["tumor.histology"]
    auc, raised = _auc("upper back", None)
    assert (auc.rating, auc.missing[0], raised) == ("not_rated", "tumor.type", {"AUC003"})


def test_rare_tumors_are_an_informational_note() -> None:
    result = dermclaim.code(
        dermclaim.load(msgspec.json.encode(_mohs_doc("left cheek", {"type": "merkel_cell"})))
    )
    f = next(f for f in result.findings if f.rule == "AUC003")
    assert f.severity == "info" and "Merkel cell" in f.message


def test_a_reconstructed_cell_gives_a_warning_of_medium_confidence() -> None:
    result = dermclaim.code(
        dermclaim.load(
            msgspec.json.encode(
                _mohs_doc("upper back", {"type": "scc", "histology": "keratoacanthoma_type", "size_cm": 0.8})
            )
        )
    )
    auc = result.procedures[0].mohs_auc
    assert auc is not None and (auc.rating, auc.confidence) == ("inappropriate", "medium")
    f = next(f for f in result.findings if f.rule == "AUC001")
    assert (f.severity, f.confidence) == ("warning", "medium") and "reconstructed" in f.message


def test_the_inappropriate_severity_is_a_payer_setting() -> None:
    tumor = {"type": "bcc", "histology": "superficial", "size_cm": 2.5}
    result = dermclaim.code(
        dermclaim.load(msgspec.json.encode(_mohs_doc("upper back", tumor))),
        Options(mohs_auc_inappropriate="warning"),
    )
    assert next(f for f in result.findings if f.rule == "AUC001").severity == "warning"


def test_a_signed_abn_puts_ga_on_mohs_the_criteria_rate_inappropriate() -> None:
    doc = _mohs_doc("upper back", {"type": "bcc", "histology": "superficial", "size_cm": 2.5})
    doc["waivers"] = [{"kind": "abn", "signed_on": "2026-05-12", "procedures": ["m1"]}]
    result = dermclaim.code(dermclaim.load(msgspec.json.encode(doc)))
    assert [ln.modifiers for ln in result.lines if ln.code.startswith("1731")] == [["GA"]]


# --- the CLI: dermclaim code --format json --------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "tumor", "rating"),
    [
        ("nasal tip", {"type": "bcc", "histology": "infiltrative", "size_cm": 0.6}, "appropriate"),
        ("left cheek", {"type": "bcc", "histology": "superficial", "size_cm": 0.4}, "uncertain"),
        ("upper back", {"type": "bcc", "histology": "nodular", "size_cm": 0.8}, "inappropriate"),
        ("left cheek", {"type": "dfsp", "size_cm": 2.0}, "not_rated"),
    ],
)
def test_every_rating_kind_through_the_cli(
    write_json: Any, site: str, tumor: dict[str, Any], rating: str
) -> None:
    proc = run_cli("code", str(write_json(_mohs_doc(site, tumor))), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    auc = out["procedures"][0]["mohs_auc"]
    assert {"area", "histology_class", "rating"} <= auc.keys()
    assert auc["rating"] == rating
    assert auc["area"] == resolve(site).groups["mohs_auc_area"]


def test_the_bundled_mohs_example(write_json: Any) -> None:
    proc = run_cli("code", str(ROOT / "examples" / "mohs_auc_trunk_nodular_bcc.json"), "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    ratings = {p["id"]: p["mohs_auc"]["rating"] for p in out["procedures"]}
    assert ratings == {"m1": "inappropriate", "m2": "appropriate"}
    assert any(f["rule"] == "AUC001" and f["procedures"] == ["m1"] for f in out["findings"])
