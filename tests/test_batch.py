"""Batch runs: order, one line per input line, parallel equals serial, no half-written output."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from dermclaim.batch import CHUNK_LINES, run_file

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate import encounter


def _input(tmp_path: Path, count: int) -> Path:
    import random

    rnd = random.Random(7)
    rows = []
    for i in range(count):
        if i % 97 == 5:
            rows.append("{not json")
        elif i % 89 == 3:
            rows.append(json.dumps({"id": f"BAD-{i}", "date_of_service": "2026-05-40"}))
        else:
            rows.append(json.dumps(encounter(i, rnd)))
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(rows) + "\n")
    return path


def test_parallel_run_equals_serial_run_line_for_line(tmp_path: Path) -> None:
    src = _input(tmp_path, CHUNK_LINES * 2 + 301)  # several chunks and a partial one
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}.jsonl"
        with src.open("rb") as fh:
            summary = run_file(fh, out, "scrub", jobs=jobs)
        outs.append(out.read_bytes())
        assert summary.lines == CHUNK_LINES * 2 + 301
        assert summary.errors > 0 and summary.results + summary.errors == summary.lines
    assert outs[0] == outs[1]
    records = [json.loads(x) for x in outs[0].splitlines()]
    assert len(records) == CHUNK_LINES * 2 + 301
    assert records[5]["line"] == 6 and "problems" in records[5]
    assert records[3]["encounter"] == "BAD-3" and records[3]["problems"][0]["pointer"] == "/date_of_service"
    assert records[0]["encounter"] == "ENC-0000000"


def test_an_interrupted_run_leaves_no_output(tmp_path: Path) -> None:
    class Broken(io.BytesIO):
        def __iter__(self):  # type: ignore[no-untyped-def]
            yield json.dumps(encounter(0, __import__("random").Random(1))).encode() + b"\n"
            raise OSError("disk went away")

    out = tmp_path / "out.jsonl"
    with pytest.raises(OSError):
        run_file(Broken(), out, "code")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
