"""Batch throughput: `batch --mode scrub` against merely reading and decoding the same file.

Prints claims per second for each stage and the ratios to the decode baseline measured in the
same run (so the numbers compare across machines). Also times one `dermclaim code` command from
start to finish, as a user runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import main as generate  # noqa: E402

from dermclaim import document  # noqa: E402
from dermclaim.batch import default_jobs, run_file  # noqa: E402

COUNT = int(os.environ.get("BENCH_COUNT", "100000"))


def timed(label: str, fn: object) -> float:
    assert callable(fn)
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"  {label:42} {seconds:7.2f} s  {COUNT / seconds:>10,.0f} claims/s")
    return seconds


def main() -> None:
    path = ROOT / "bench" / "out" / f"encounters-{COUNT}.jsonl"
    if not path.exists():
        generate(str(path), COUNT)
    size = path.stat().st_size
    print(f"{COUNT:,} encounters, {size / 1e6:.1f} MB ({path.relative_to(ROOT)})")
    decoder = msgspec.json.Decoder()

    def read_decode() -> None:
        with path.open("rb") as fh:
            for line in fh:
                decoder.decode(line)

    def validate() -> None:
        with path.open("rb") as fh:
            for line in fh:
                document.load(line)

    def batch(mode: str, jobs: int = 1) -> None:
        with path.open("rb") as src, tempfile.TemporaryDirectory() as tmp:
            summary = run_file(src, Path(tmp) / "out.jsonl", mode, jobs=jobs)  # type: ignore[arg-type]
            assert summary.lines == COUNT

    run_file_warm = path.open("rb")
    run_file_warm.close()
    base = timed("read + JSON decode (baseline)", read_decode)
    val = timed("read + decode + validate (document.load)", validate)
    code = timed("batch --mode code", lambda: batch("code"))
    scrub = timed("batch --mode scrub --jobs 1", lambda: batch("scrub"))
    jobs = default_jobs()
    scrub_n = timed(f"batch --mode scrub --jobs {jobs}", lambda: batch("scrub", jobs))
    print(
        f"ratios to the baseline: validate {val / base:.1f}x, code {code / base:.1f}x, "
        f"scrub {scrub / base:.1f}x in one process, {scrub_n / base:.1f}x with {jobs} (aim: <= 8x)"
    )

    example = ROOT / "examples" / "biopsy_mixed.json"
    cli = [sys.executable, "-m", "dermclaim", "code", str(example), "--format", "json"]
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    print(
        f"one `dermclaim code` command, start to finish: best {min(runs) * 1000:.0f} ms "
        f"of 5 runs (median {sorted(runs)[2] * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
