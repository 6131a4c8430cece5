"""Generate a realistic JSON Lines file of dermatology encounters for the benchmarks.

Deterministic (seeded): a clinic day's mix of biopsy encounters, visits, pathology results and
billed lines, about one in five billed with a typical error (two primaries, wrong add-on, a
sample of one lesion billed twice, a missing 25, D48.5 before pathology).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

SITES = [
    "left forearm",
    "right forearm",
    "upper back",
    "lower back",
    "left cheek",
    "nasal tip",
    "scalp",
    "right shin",
    "left upper arm",
    "chest",
    "right temple",
    "left dorsal hand",
    "abdomen",
    "posterior neck",
    "right thigh",
    "left ear helix",
    "forehead",
    "left shoulder",
]
TECHNIQUES = ["tangential"] * 6 + ["punch"] * 3 + ["incisional"]
DX = ["L98.9", "D22.5", "D49.2", "L82.1", "C44.311", "C44.519", "D48.5", "L57.0", "D23.5"]
PRIMARY = {"incisional": "11106", "punch": "11104", "tangential": "11102"}
ADD_ON = {"incisional": "11107", "punch": "11105", "tangential": "11103"}


def encounter(i: int, rnd: random.Random) -> dict[str, object]:
    n = rnd.choice([1, 1, 1, 2, 2, 3, 4])
    procs = []
    for k in range(n):
        procs.append(
            {
                "id": f"p{k + 1}",
                "type": "biopsy",
                "technique": rnd.choice(TECHNIQUES),
                "site": rnd.choice(SITES),
                "specimen": chr(65 + k),
            }
        )
    if n > 1 and rnd.random() < 0.1:
        procs[1]["lesion"] = procs[0]["lesion"] = "L1"
    dx = rnd.sample(DX, 2)
    doc: dict[str, object] = {
        "id": f"ENC-{i:07d}",
        "date_of_service": f"2026-{rnd.randint(4, 6):02d}-{rnd.randint(1, 28):02d}",
        "patient": {"id": f"PT-{rnd.randint(1, 40000):06d}", "sex": rnd.choice("FM")},
        "payer": {"kind": rnd.choice(["medicare", "commercial", "medicare_advantage"]), "id": "01112"},
        "rendering_provider": {"npi": "1234567893"},
        "diagnoses": dx,
        "procedures": procs,
        "note": "Patient presents for evaluation of changing lesions. Biopsies performed after consent.",
    }
    if rnd.random() < 0.4:
        doc["visit"] = {"code": rnd.choice(["99213", "99214"]), "separately_identifiable": rnd.random() < 0.6}
    if rnd.random() < 0.3:
        doc["pathology"] = [{"specimen": "A", "diagnosis": "C44.311", "behavior": "malignant"}]
    ranked = sorted(
        (p["technique"] for p in procs),
        key=lambda t: -TECHNIQUES.count(t) * 0 - {"incisional": 3, "punch": 2, "tangential": 1}[t],
    )
    lines = [{"code": PRIMARY[ranked[0]], "diagnoses": [1], "charge": 150.0}]
    for t in ranked[1:]:
        lines.append({"code": ADD_ON[t], "diagnoses": [2], "charge": 80.0})
    if rnd.random() < 0.2:
        lines[0]["code"] = PRIMARY[rnd.choice(TECHNIQUES)]
        if len(lines) > 1:
            lines[1]["code"] = PRIMARY[rnd.choice(TECHNIQUES)]
    if "visit" in doc:
        lines.insert(0, {"code": doc["visit"]["code"], "modifiers": ["25"], "diagnoses": [1]})  # type: ignore[index]
    doc["claim_lines"] = lines
    return doc


def main(path: str, count: int) -> None:
    rnd = random.Random(20261204)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for i in range(count):
            fh.write(json.dumps(encounter(i, rnd), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "bench/out/encounters.jsonl",
        int(sys.argv[2]) if len(sys.argv) > 2 else 100_000,
    )
