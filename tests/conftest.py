"""Shared helpers: documents built in the tests, and the CLI run as a user runs it."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import settings

import dermclaim
from dermclaim.options import Options

# CI runs the property tests on a fixed sequence of examples, so a red run is always reproducible
# (and a found bug is still found: the examples are the same every time).
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

BASE: dict[str, Any] = {
    "id": "T-1",
    "date_of_service": "2026-11-16",
    "patient": {"id": "P-1"},
    "payer": {"kind": "medicare"},
}


def encounter(**fields: Any) -> dict[str, Any]:
    """A minimal valid encounter with the given fields set."""
    doc = copy.deepcopy(BASE)
    doc.update(fields)
    return doc


def biopsy(pid: str, technique: str, site: str = "upper back", **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "type": "biopsy",
        "technique": technique,
        "site": site,
        "specimen": extra.pop("specimen", pid),
        **extra,
    }


Lines = list[tuple[str, int, tuple[str, ...]]]


def code_doc(doc: dict[str, Any], options: Options | None = None) -> dermclaim.Result:
    """Code a document built in a test (default options unless given)."""
    return dermclaim.code(dermclaim.load(msgspec.json.encode(doc)), options or Options())


def scrub_doc(doc: dict[str, Any], options: Options | None = None) -> dermclaim.Result:
    """Scrub a document built in a test (default options unless given)."""
    return dermclaim.scrub(dermclaim.load(msgspec.json.encode(doc)), options or Options())


def line_tuples(lines: list[dermclaim.Line] | None) -> Lines:
    """`(code, units, modifiers)` of each line."""
    assert lines is not None
    return [(ln.code, ln.units, tuple(ln.modifiers)) for ln in lines]


def result_lines(result: dermclaim.Result, corrected: bool = False) -> Lines:
    """`(code, units, modifiers)` of a result's lines, or of its corrected lines."""
    return line_tuples(result.corrected_lines if corrected else result.lines)


def rule_names(result: dermclaim.Result) -> set[str]:
    return {f.rule for f in result.findings}


def findings_by_rule(result: dermclaim.Result) -> dict[str, list[dermclaim.Finding]]:
    out: dict[str, list[dermclaim.Finding]] = {}
    for f in result.findings:
        out.setdefault(f.rule, []).append(f)
    return out


def first_finding(result: dermclaim.Result, rule: str) -> dermclaim.Finding:
    """The first finding of `rule`; fails the test, listing what was raised, if there is none."""
    found = [f for f in result.findings if f.rule == rule]
    assert found, f"{rule} not raised: {[(f.rule, f.message) for f in result.findings]}"
    return found[0]


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "dermclaim", *args], input=stdin, capture_output=True, timeout=60, check=False
    )


@pytest.fixture
def write_json(tmp_path: Path) -> Any:
    def write(doc: object, name: str = "enc.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        return path

    return write
