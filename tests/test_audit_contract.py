"""Audit of the public contract (issue 2): no input, however odd, escapes as anything but an
InputError, and every document load() accepts is coded and scrubbed without an exception."""

from __future__ import annotations

import functools
import json
import math
import os
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dermclaim
from dermclaim import engine
from dermclaim.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SEEDS: list[dict[str, Any]] = [
    json.loads(p.read_text())
    for p in sorted((ROOT / "examples").glob("*.json"))
    + sorted((ROOT / "src/dermclaim/rules/examples").glob("*/*.json"))
]

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e400",
            "11102",
            "99213",
            "L57.0",
            "C44.311",
            "D48.5",
            "left cheek",
            "nose",
            "p1",
            "p2",
            "2024-02-30",
            "2025-06-01",
            "1899-01-01",
            "medicare",
            "punch",
            "malignant",
            "uncertain",
            "in_situ",
            "xyz",
            "\u0000",
            "é",
        ]
    )
    | st.text(max_size=12)
)
_json_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(obj: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*here, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*here, i))
    return out


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    """A valid example document with a few values replaced, removed or duplicated."""
    doc = json.loads(json.dumps(draw(st.sampled_from(SEEDS))))
    doc.pop("_options", None)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "delete", "copy"]))
        if action == "delete":
            del parent[path[-1]]
        elif action == "copy" and isinstance(parent, list):
            parent.append(json.loads(json.dumps(parent[path[-1]])))
        else:
            parent[path[-1]] = draw(_json_values)
    return json.dumps(doc).encode()


def _exercise(raw: bytes) -> None:
    try:
        enc = dermclaim.load(raw)
    except InputError as exc:
        assert exc.problems, "an InputError names at least one problem"
        for p in exc.problems:
            assert p.pointer == "" or p.pointer.startswith("/"), p
        return
    for run in (dermclaim.code, dermclaim.scrub):
        result = run(enc)
        encoded = msgspec.json.encode(result)  # the result is always encodable
        # Skipping rules of untouched procedure families changes nothing (engine.evaluate).
        with pytest.MonkeyPatch.context() as m:
            m.setattr(engine, "evaluate", functools.partial(engine.evaluate, every_rule=True))
            assert msgspec.json.encode(run(enc)) == encoded
        n = len(result.lines)
        for f in result.findings:
            assert all(0 <= i < n for i in f.lines), (f.rule, f.lines, n)
            assert f.amount is None or math.isfinite(f.amount)


_FUZZ = settings(
    max_examples=int(os.environ.get("AUDIT_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@_FUZZ
@given(_json_values)
def test_arbitrary_json_values_raise_only_input_error(value: Any) -> None:
    _exercise(json.dumps(value).encode())


@_FUZZ
@given(st.binary(max_size=64))
def test_arbitrary_bytes_raise_only_input_error(raw: bytes) -> None:
    _exercise(raw)


@_FUZZ
@given(_mutated())
def test_mutated_documents_are_refused_or_processed(raw: bytes) -> None:
    _exercise(raw)


@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_every_seed_document_is_processed(seed: int) -> None:
    doc = dict(SEEDS[seed])
    doc.pop("_options", None)
    _exercise(json.dumps(doc).encode())


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 20000 + b"]" * 20000,
        b'{"id": "E1", "extra": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"id": 1, "x": ' + b'{"a":' * 3000 + b"1" + b"}" * 3001,
    ],
    ids=["deep-array", "deep-unknown-field", "deep-invalid"],
)
def test_deeply_nested_json_is_an_input_error(raw: bytes) -> None:
    with pytest.raises(InputError) as info:
        dermclaim.load(raw)
    assert "nested" in str(info.value)


def test_a_deeply_nested_line_does_not_stop_a_batch() -> None:
    from dermclaim.batch import process_lines

    good = (ROOT / "examples/encounters.jsonl").read_bytes().splitlines()[0]
    out = list(process_lines([good, b"[" * 20000 + b"]" * 20000, good], "scrub"))
    assert len(out) == 3
    record = json.loads(out[1])
    assert record["line"] == 2 and record["error"] == "invalid encounter document"


def test_a_byte_order_mark_is_ignored() -> None:
    raw = (ROOT / "examples/biopsy_mixed.json").read_bytes()
    assert dermclaim.load(b"\xef\xbb\xbf" + raw).id == dermclaim.load(raw).id
