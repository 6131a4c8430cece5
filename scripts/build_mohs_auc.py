#!/usr/bin/env python3
"""Build the Mohs Appropriate Use Criteria table shipped with dermclaim.

    python scripts/build_mohs_auc.py [--src FILE] [--out DIR]

Reads the criteria as rebuilt in ``shared/data/mohs_auc/mohs_auc.csv`` (Connolly SM et al.,
"AAD/ACMS/ASDSA/ASMS 2012 appropriate use criteria for Mohs micrographic surgery", J Am Acad
Dermatol 2012;67(4):531-550, from the ACMS/AAD one-page summary and Medscape's BCC summary) and
writes ``<out>/mohs_auc/2012/mohs_auc.csv`` and its ``manifest.json``. The package never reads
``shared`` at run time.

Normalisation (every value is checked; an unknown one stops the build):

* tumor ``BCC``/``SCC``/``LM/MIS`` -> ``bcc``/``scc``/``lm_mis``; subtypes -> ``aggressive``,
  ``nodular``, ``superficial``, ``nonaggressive``, ``verrucous``, ``ka_type``, ``in_situ``,
  ``ak_focal_scc_in_situ``, ``lentigo_maligna``, ``melanoma_in_situ`` or ``any``;
* ``size_cm`` is kept as written and turned into ``size_above_cm`` (exclusive lower bound) and
  ``size_max_cm`` (inclusive upper bound): the criteria's bins are <=0.5, 0.6-1.0, 1.1-2.0 and
  >2.0 cm, so ">=0.6" means "above 0.5" and "1.1-2.0" means "above 1.0, up to 2.0";
* ``immune_or_modifier`` -> ``patient``: ``any``, ``healthy``, ``immunocompromised``,
  ``prior_radiation``, ``traumatic_scar``, ``osteomyelitis``, ``chronic_inflammation_or_ulcer``,
  ``genetic_syndrome``;
* ``confidence`` is ``medium`` for a row whose note says its cell was reconstructed or inferred
  (or not listed explicitly in the summary), else ``high``: a rating from a medium row is
  reported as a warning, not an error.

Standard library only; the output is deterministic (input row order, ``\\n`` line ends).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = REPO_ROOT.parent / "shared" / "data" / "mohs_auc" / "mohs_auc.csv"
DEFAULT_OUT = REPO_ROOT / "src" / "dermclaim" / "data"
RELEASE = "2012"
TABLE_FILE = "mohs_auc.csv"

INPUT_HEADER = (
    "tumor",
    "subtype",
    "area",
    "size_cm",
    "immune_or_modifier",
    "recurrence",
    "rating",
    "source",
    "note",
)
OUTPUT_HEADER = (
    "tumor",
    "subtype",
    "area",
    "size_cm",
    "size_above_cm",
    "size_max_cm",
    "patient",
    "recurrence",
    "rating",
    "confidence",
    "source",
    "note",
)

TUMORS = {"BCC": "bcc", "SCC": "scc", "LM/MIS": "lm_mis"}
SUBTYPES = {
    "aggressive": "aggressive",
    "nodular": "nodular",
    "superficial": "superficial",
    "nonaggressive": "nonaggressive",
    "verrucous": "verrucous",
    "KA-type (not central facial)": "ka_type",
    "in situ/Bowen": "in_situ",
    "AK with focal SCC in situ": "ak_focal_scc_in_situ",
    "LM": "lentigo_maligna",
    "MIS": "melanoma_in_situ",
    "any": "any",
}
AREAS = {"H", "M", "L", "any"}
PATIENTS = {
    "any": "any",
    "healthy": "healthy",
    "immunocompromised": "immunocompromised",
    "previously irradiated skin": "prior_radiation",
    "traumatic scar": "traumatic_scar",
    "area of osteomyelitis": "osteomyelitis",
    "area of chronic inflammation or ulceration": "chronic_inflammation_or_ulcer",
}
RECURRENCES = {"primary", "recurrent", "any"}
RATINGS = {"appropriate", "uncertain", "inappropriate"}
SIZES = {
    "any": ("", ""),
    "<=0.5": ("", "0.5"),
    "<=1.0": ("", "1.0"),
    "0.6-1.0": ("0.5", "1.0"),
    "1.1-2.0": ("1.0", "2.0"),
    ">=0.6": ("0.5", ""),
    ">=1.1": ("1.0", ""),
    ">2.0": ("2.0", ""),
}
MEDIUM_NOTE = re.compile(r"reconstructed|inferred|not listed explicitly", re.I)


class BuildError(Exception):
    """The input does not have the expected layout or holds an unknown value."""


def _pick(mapping: dict[str, str] | set[str], value: str, what: str, line: int) -> str:
    if isinstance(mapping, set):
        if value not in mapping:
            raise BuildError(f"line {line}: unknown {what} {value!r}")
        return value
    if value in mapping:
        return mapping[value]
    raise BuildError(f"line {line}: unknown {what} {value!r}")


def _patient(value: str, line: int) -> str:
    if value.startswith("genetic syndrome"):
        return "genetic_syndrome"
    return _pick(PATIENTS, value, "immune_or_modifier", line)


def normalise(text: str) -> list[tuple[str, ...]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = list(reader)
    if not rows or tuple(rows[0]) != INPUT_HEADER:
        raise BuildError(f"header must be {','.join(INPUT_HEADER)}, got {rows[0] if rows else 'nothing'}")
    out: list[tuple[str, ...]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(INPUT_HEADER):
            raise BuildError(f"line {line}: expected {len(INPUT_HEADER)} fields, got {len(row)}")
        tumor, subtype, area, size, patient, recurrence, rating, source, note = (v.strip() for v in row)
        above, upto = SIZES.get(size, (None, None))
        if above is None or upto is None:
            raise BuildError(f"line {line}: unknown size_cm {size!r}")
        out.append(
            (
                _pick(TUMORS, tumor, "tumor", line),
                _pick(SUBTYPES, subtype, "subtype", line),
                _pick(AREAS, area, "area", line),
                size,
                above,
                upto,
                _patient(patient, line),
                _pick(RECURRENCES, recurrence, "recurrence", line),
                _pick(RATINGS, rating, "rating", line),
                "medium" if MEDIUM_NOTE.search(note) else "high",
                source,
                note,
            )
        )
    keys = [r[:9] for r in out]
    if len(set(keys)) != len(keys):
        raise BuildError("duplicate criteria cell")
    return out


def csv_bytes(rows: list[tuple[str, ...]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(OUTPUT_HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def build(src: Path, out: Path) -> Path:
    if not src.is_file():
        raise BuildError(f"{src}: input file not found")
    raw = src.read_bytes()
    rows = normalise(raw.decode("utf-8-sig"))
    folder = out / "mohs_auc" / RELEASE
    folder.mkdir(parents=True, exist_ok=True)
    data = csv_bytes(rows)
    (folder / TABLE_FILE).write_bytes(data)
    manifest = {
        "table": "mohs_auc",
        "release": RELEASE,
        "title": "AAD/ACMS/ASDSA/ASMS appropriate use criteria for Mohs micrographic surgery",
        "source": "Connolly SM et al., J Am Acad Dermatol 2012;67(4):531-550; cells rebuilt from the "
        "ACMS/AAD one-page summary for BCC, SCC, LM and MIS and Medscape answer 276624-100207 "
        "(shared/data/mohs_auc)",
        "effective_from": "2012-10-01",
        "effective_to": None,
        "not_covered": "the rare-tumor scenarios of the paper (DFSP, Merkel cell carcinoma, extramammary "
        "Paget disease, sebaceous carcinoma and others) and the panel's median scores",
        "files": {TABLE_FILE: {"sha256": hashlib.sha256(data).hexdigest(), "rows": len(rows)}},
        "built_by": "scripts/build_mohs_auc.py",
        "inputs": {src.name: {"sha256": hashlib.sha256(raw).hexdigest()}},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="criteria CSV (shared/data/mohs_auc)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="package data folder")
    args = parser.parse_args(argv)
    try:
        folder = build(args.src, args.out)
    except BuildError as exc:
        print(f"build_mohs_auc: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
