"""Shared helpers: documents built in the tests, and the CLI run as a user runs it."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

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
