"""The shared real-world X12 samples (other projects' test files, some defective): every file is
read without a traceback; sound ones parse, defective ones are reported with positions. Skipped
when ../shared is absent (a fresh clone): the files are not copied into the project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dermclaim.x12.check837 import check_837
from dermclaim.x12.reader835 import read_835
from dermclaim.x12.reader837 import read_837
from dermclaim.x12.segments import X12ReadError
from tests.conftest import ROOT, run_cli

SAMPLES = ROOT.parent / "shared" / "data" / "x12-samples"
pytestmark = pytest.mark.skipif(not SAMPLES.exists(), reason="../shared/data/x12-samples is not present")

P837 = sorted((SAMPLES / "837p").glob("*")) if SAMPLES.exists() else []
P835 = sorted((SAMPLES / "835").glob("*")) if SAMPLES.exists() else []
STRUCTURAL = {"X12C013", "X12C023", "X12C026", "X12C029", "X12C003"}


@pytest.mark.parametrize("path", P837, ids=lambda p: p.name[:60])
def test_837_sample_is_read_and_checked(path: Path) -> None:
    raw = path.read_bytes()
    try:
        result = check_837(raw, source=path.name)
    except X12ReadError as exc:  # reported with a position, never a traceback
        assert exc.position is not None
        return
    read = read_837(raw)
    assert len(read.claims) == result.claims
    assert all(i.position is not None and i.position.segment > 0 for i in result.issues)
    if not {i.code for i in result.issues} & STRUCTURAL:
        assert read.claims and all(c.lines and all(ln.code for ln in c.lines) for c in read.claims)


@pytest.mark.parametrize("path", P835, ids=lambda p: p.name[:60])
def test_835_sample_is_read(path: Path) -> None:
    read = read_835(path.read_bytes(), source=path.name)
    assert all(i.position is not None for i in read.issues)
    if not {i.code for i in read.issues} & STRUCTURAL:
        assert read.claims() or any(r.provider_adjustments for r in read.remittances)


ODD = (
    "example9",
    "staedi",
    "different_separators",
    "nevada",
    "blue_cross",
    "multi-line",
    "TigerShark__5010-835-example-1",
)


def test_cli_on_the_odd_samples_never_tracebacks() -> None:
    """The library tests above cover every file; the CLI runs on the unusual ones (a process each)."""
    for path in [p for p in P837 + P835 if any(k in p.name for k in ODD)]:
        command = "check" if path.parent.name == "837p" else "835"
        proc = run_cli("x12", command, str(path), "--format", "json")
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, path.name
        assert json.loads(proc.stdout)["issues"] or "nevada" not in path.name
