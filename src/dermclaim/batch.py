"""Batch runs over JSON Lines: one output line per input line, in order, in constant memory.

A bad line becomes an error record naming the line and its problems; the run goes on. Output is
written to a temporary file beside OUT and renamed into place only when the run completes, so an
interrupted run leaves no half-written OUT.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import msgspec

from dermclaim import document, engine
from dermclaim.errors import InputError, Problem
from dermclaim.model import Mode
from dermclaim.options import DEFAULT, Options


@dataclass
class Summary:
    lines: int = 0
    results: int = 0
    errors: int = 0
    clean: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.lines / self.seconds if self.seconds else 0.0


_encoder = msgspec.json.Encoder()


def process_lines(
    lines: Iterable[bytes],
    mode: Mode,
    options: Options = DEFAULT,
    summary: Summary | None = None,
    first_line: int = 1,
) -> Iterator[bytes]:
    """Turn each input line into exactly one output line (without its newline)."""
    summary = summary if summary is not None else Summary()
    run = engine.code if mode == "code" else engine.scrub
    for number, raw in enumerate(lines, start=first_line):
        summary.lines += 1
        try:
            enc = document.load(raw, source=f"line {number}")
            result = run(enc, options)
        except InputError as exc:
            summary.errors += 1
            yield _encoder.encode(_error_record(number, raw, exc.problems))
            continue
        summary.results += 1
        worst = "none"
        for f in result.findings:
            summary.findings[f.rule] += 1
            summary.severities[f.severity] += 1
            if f.severity == "error":
                worst = "error"
        if worst != "error":
            summary.clean += 1
        yield _encoder.encode(result)


def _error_record(number: int, raw: bytes, problems: list[Problem]) -> dict[str, object]:
    return {
        "line": number,
        "encounter": _encounter_id(raw),
        "error": "invalid encounter document",
        "problems": [p.to_json() for p in problems],
    }


def _encounter_id(raw: bytes) -> str | None:
    """The id of a refused line when it can be read, so the biller can find the encounter."""
    try:
        obj = msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None
    value = obj.get("id") if isinstance(obj, dict) else None
    return value if isinstance(value, str) else None


def _merge(total: Summary, part: Summary) -> None:
    total.lines += part.lines
    total.results += part.results
    total.errors += part.errors
    total.clean += part.clean
    total.findings.update(part.findings)
    total.severities.update(part.severities)


def _process_chunk(args: tuple[list[bytes], int, Mode, Options]) -> tuple[list[bytes], Summary]:
    """Worker side of a parallel run: one chunk of lines in, its output lines out."""
    chunk, first_line, mode, options = args
    part = Summary()
    out = list(process_lines(chunk, mode, options, part, first_line))
    return out, part


def _chunks(lines: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    lines: Iterator[bytes], mode: Mode, options: Options, jobs: int, summary: Summary
) -> Iterator[bytes]:
    """Results in input order from ``jobs`` processes, with at most 2 × jobs chunks in flight so
    memory stays constant however long the input is."""
    from concurrent.futures import ProcessPoolExecutor

    window: deque[Future[tuple[list[bytes], Summary]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        first_line = 1
        for chunk in _chunks(lines, CHUNK_LINES):
            window.append(pool.submit(_process_chunk, (chunk, first_line, mode, options)))
            first_line += len(chunk)
            if len(window) >= 2 * jobs:
                yield from _drain(window.popleft(), summary)
        while window:
            yield from _drain(window.popleft(), summary)


def _drain(future: Future[tuple[list[bytes], Summary]], summary: Summary) -> Iterator[bytes]:
    out, part = future.result()
    _merge(summary, part)
    yield from out


CHUNK_LINES = 2000


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_file(
    src: BinaryIO,
    out_path: Path | None,
    mode: Mode,
    options: Options = DEFAULT,
    progress: Callable[[int], None] | None = None,
    out_stream: BinaryIO | None = None,
    jobs: int = 1,
) -> Summary:
    """Stream ``src`` to ``out_path`` (atomically) or to ``out_stream``, in ``jobs`` processes.
    ``progress`` is called with the number of input bytes consumed, every few hundred lines."""
    summary = Summary()
    start = time.perf_counter()
    consumed = 0

    def lines() -> Iterator[bytes]:
        nonlocal consumed
        for n, raw in enumerate(src, start=1):
            consumed += len(raw)
            if progress is not None and n % 512 == 0:
                progress(consumed)
            yield raw.rstrip(b"\r\n")

    def results() -> Iterator[bytes]:
        if jobs > 1:
            return _parallel(lines(), mode, options, jobs, summary)
        return process_lines(lines(), mode, options, summary)

    if out_path is None:
        assert out_stream is not None
        for out in results():
            out_stream.write(out + b"\n")
        out_stream.flush()
    else:
        fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent or Path("."))
        try:
            with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
                for out in results():
                    fh.write(out + b"\n")
            os.replace(tmp, out_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    if progress is not None:
        progress(consumed)
    summary.seconds = time.perf_counter() - start
    return summary
