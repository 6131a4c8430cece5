"""X12 throughput: 837P writing, `x12 check`, and pyx12 validating the same file.

Writes an 837P for CLAIMS coded encounters (the bundled example encounters that can be sent, in
turn, each with its own claim id: biopsies, Mohs, excisions and repairs, drugs with NDCs, E/M), then times
(best of REPEAT, warm process: tables and pyx12's maps loaded as a long-running service would have
them) the content check and pyx12's validation of the same text, and prints the ratio. A small
file (a day's batch) is timed too, where pyx12's per-file map loading dominates.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import dermclaim  # noqa: E402
from dermclaim.x12.check837 import check_837  # noqa: E402
from dermclaim.x12.practice import load_practice  # noqa: E402
from dermclaim.x12.pyx12_check import pyx12_errors  # noqa: E402
from dermclaim.x12.writer837 import build_claim, write_837  # noqa: E402

CLAIMS = int(os.environ.get("BENCH_X12_CLAIMS", "2000"))
SMALL = 25
REPEAT = int(os.environ.get("BENCH_X12_REPEAT", "5"))
NOW = dt.datetime(2026, 12, 4, 9, 30)


def best(fn: object, repeat: int = REPEAT) -> float:
    assert callable(fn)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    practice = load_practice(ROOT / "examples" / "x12" / "practice.json")
    sources = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*.json"))]
    sources += (ROOT / "examples" / "encounters.jsonl").read_bytes().splitlines()
    writable = []
    for raw in sources:
        try:
            enc = dermclaim.load(raw)
        except dermclaim.InputError:
            continue
        if not isinstance(build_claim(enc, dermclaim.code(enc), practice), list):
            writable.append(json.loads(raw))
    encounters = []
    for i in range(CLAIMS):
        doc = dict(writable[i % len(writable)], id=f"ENC-{i:07d}")
        encounters.append(dermclaim.load(json.dumps(doc).encode()))
    claims = []
    start = time.perf_counter()
    for enc in encounters:
        claim = build_claim(enc, dermclaim.code(enc), practice)
        assert not isinstance(claim, list), claim
        claims.append(claim)
    coded = time.perf_counter() - start
    start = time.perf_counter()
    text, segments = write_837(claims, practice, control_number=1, now=NOW)
    written = time.perf_counter() - start
    print(
        f"837P: {CLAIMS:,} claims ({len(writable)} kinds of encounter), {segments:,} segments, "
        f"{len(text) / 1e6:.2f} MB"
    )
    print(f"  code + build claims          {CLAIMS / coded:>10,.0f} claims/s")
    print(f"  write 837P text              {CLAIMS / written:>10,.0f} claims/s")
    print(f"  code + build + write         {CLAIMS / (coded + written):>10,.0f} claims/s")

    for label, body, n in (
        ("large file", text, CLAIMS),
        ("small file", write_837(claims[:SMALL], practice, control_number=2, now=NOW)[0], SMALL),
    ):
        result = check_837(body)
        assert result.errors == 0, [str(i) for i in result.issues[:5]]
        ours = best(lambda b=body: check_837(b))
        errors = pyx12_errors(body)
        assert errors == [], errors[:5]
        theirs = best(lambda b=body: pyx12_errors(b), repeat=1 if n > 100 else 3)
        print(f"{label}: {n:,} claims, {len(body) / 1e3:,.0f} kB")
        print(
            f"  x12 check                    {ours * 1e3:9.1f} ms  {n / ours:>10,.0f} claims/s  "
            f"{len(body) / ours / 1e6:6.1f} MB/s"
        )
        print(f"  pyx12 validation             {theirs * 1e3:9.1f} ms  {n / theirs:>10,.0f} claims/s")
        print(f"  ratio (pyx12 / x12 check)    {theirs / ours:9.0f} ×")


if __name__ == "__main__":
    main()
