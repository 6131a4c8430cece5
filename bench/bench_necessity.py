"""Cost of the medical-necessity text analysis: cold start once per process, then per note.

    .venv/bin/python bench/bench_necessity.py

Prints the one-time cost (importing spaCy/medspaCy and building the pipeline) and the warm
per-note cost (median and 95th percentile) for short, typical and long dermatology notes, plus
one whole encounter (load + code) that needs the analysis.
"""

from __future__ import annotations

import statistics
import time

SHORT = "Irritated seborrheic keratosis of the left temple that bleeds when she washes her face."
TYPICAL = (
    "Established patient for a lesion on the right upper back. It catches on her bra strap, has bled "
    "twice this month and is itchy. Denies pain. No family history of melanoma. Exam: 8 mm stuck-on "
    "seborrheic keratosis with crust, no atypical features. Risks including bleeding, infection and "
    "scarring discussed; verbal consent. Cryotherapy, 2 freeze-thaw cycles; tolerated well."
)
LONG = " ".join([TYPICAL] * 4)


def _measure(fn: object, n: int) -> tuple[float, float]:
    assert callable(fn)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    start = time.perf_counter()
    from dermclaim.necessity.nlp import analyze, pipeline

    pipeline()
    print(
        f"cold start (import spaCy + medspaCy, build pipeline): {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    for name, note in (("short", SHORT), ("typical", TYPICAL), ("long", LONG)):
        analyze.__wrapped__(note)
        median, p95 = _measure(lambda note=note: analyze.__wrapped__(note), 300)
        print(f"{name:8} note ({len(note):5} chars): median {median:.2f} ms, p95 {p95:.2f} ms")

    import msgspec

    import dermclaim

    doc = msgspec.json.encode(
        {
            "id": "B-1",
            "date_of_service": "2026-05-12",
            "patient": {"id": "P-1"},
            "payer": {"kind": "medicare"},
            "diagnoses": ["L82.0"],
            "note": TYPICAL,
            "procedures": [
                {"id": "p1", "type": "destruction", "lesion_kind": "benign", "site": "right upper back"}
            ],
        }
    )
    dermclaim.code(dermclaim.load(doc))
    median, p95 = _measure(lambda: analyze.cache_clear() or dermclaim.code(dermclaim.load(doc)), 200)
    print(f"whole encounter (load + code, note analysed): median {median:.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
