#!/usr/bin/env python3
"""Build dermclaim's versioned code tables from CMS source files.

    python scripts/build_tables.py [--cms DIR] [--out DIR] [--skip-icd]

Reads the CMS extracts described in ``<cms>/SOURCES.md`` (or full CMS files with the same
column headers; extra columns are ignored and no code-scope filter is applied) and writes, under
``<out>`` (default ``src/dermclaim/data``)::

    ncci_ptp/2024Q3/ptp.csv      mue/2026Q2/mue.csv      aoc/2026Q2/aoc.csv
    rvu/2025D/rvu.csv            rvu/2026C/rvu.csv       icd10cm/2026/icd10cm.tsv.gz

each with a ``manifest.json`` beside it, plus ``README.md``. The output is deterministic: the
same inputs give byte-identical files (sorted rows, ``\\n`` line ends, gzip mtime 0).

Standard library only, except ``simple_icd_10_cm`` for the ICD-10-CM table (skipped with
``--skip-icd``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import itertools
import json
import re
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CMS = REPO_ROOT.parent / "shared" / "data" / "cms"
DEFAULT_OUT = REPO_ROOT / "src" / "dermclaim" / "data"
BUILT_BY = "scripts/build_tables.py"

Row = tuple[str, ...]


class BuildError(Exception):
    """An input file is missing or does not have the expected layout."""


# --------------------------------------------------------------------------- helpers


def _norm_header(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    """Yield rows as dicts keyed by normalised header names; values stripped."""
    if not path.is_file():
        raise BuildError(f"{path}: input file not found")
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        try:
            header = [_norm_header(h) for h in next(reader)]
        except StopIteration:
            raise BuildError(f"{path}: empty file") from None
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue
            yield {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}


def need(row: dict[str, str], path: Path, *names: str) -> str:
    """The first present column of ``names`` (aliases), else BuildError."""
    for name in names:
        if name in row:
            return row[name]
    raise BuildError(f"{path}: missing column {names[0]!r} (have {sorted(row)})")


def parse_date(value: str, path: Path, what: str) -> str:
    """YYYYMMDD, YYYY-MM-DD or Julian YYYYDDD → ISO; '', '*', 99991231 → ''."""
    v = value.strip()
    if v in ("", "*") or v.startswith("9999"):
        return ""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return date.fromisoformat(v).isoformat()
        if re.fullmatch(r"\d{8}", v):
            return date(int(v[:4]), int(v[4:6]), int(v[6:])).isoformat()
        if re.fullmatch(r"\d{7}", v):  # Julian YYYYDDD
            day = int(v[4:])
            if not 1 <= day <= 366:
                raise ValueError(v)
            return (date(int(v[:4]), 1, 1) + timedelta(days=day - 1)).isoformat()
    except ValueError:
        pass
    raise BuildError(f"{path}: bad {what} date {value!r}")


def parse_int(value: str, path: Path, what: str) -> str:
    m = re.match(r"\s*(\d+)", value)
    if not m:
        raise BuildError(f"{path}: bad {what} {value!r}")
    return str(int(m.group(1)))


def check_number(value: str, path: Path, what: str) -> str:
    v = value.strip()
    if v == "":
        return ""
    try:
        float(v)
    except ValueError:
        raise BuildError(f"{path}: bad {what} {value!r}") from None
    return v


def code(value: str) -> str:
    return value.strip().upper()


def csv_bytes(header: Row, rows: Iterable[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unique_sorted(rows: Iterable[Row]) -> list[Row]:
    return sorted(set(rows))


def unique_by_key(rows: list[Row], nkey: int, path: Path) -> list[Row]:
    """Sort, drop exact duplicates, and refuse two different rows for one key."""
    out = unique_sorted(rows)
    for prev, cur in itertools.pairwise(out):
        if prev[:nkey] == cur[:nkey]:
            raise BuildError(f"{path}: conflicting rows for {cur[:nkey]}: {prev} vs {cur}")
    return out


# --------------------------------------------------------------------------- sources


def read_sources(cms: Path) -> dict[str, str]:
    """Input file name → provenance text from the SOURCES.md table (repo, path, commit)."""
    path = cms / "SOURCES.md"
    if not path.is_file():
        return {}
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`") and "commit" in cells[2]:
            out[cells[0].strip("`")] = cells[2].replace("`", "")
    return out


# --------------------------------------------------------------------------- table builders


def build_ptp(path: Path) -> tuple[Row, list[Row]]:
    rows: list[Row] = []
    for r in read_csv(path):
        rows.append(
            (
                code(need(r, path, "column1", "column_1")),
                code(need(r, path, "column2", "column_2")),
                parse_date(need(r, path, "deletion_date"), path, "deletion"),
                parse_int(need(r, path, "modifier_indicator"), path, "modifier_indicator"),
                need(r, path, "ptp_edit_rationale", "rationale"),
            )
        )
    header = ("column1", "column2", "deletion_date", "modifier_indicator", "rationale")
    return header, unique_sorted(rows)


def build_mue(path: Path) -> tuple[Row, list[Row]]:
    rows: list[Row] = []
    for r in read_csv(path):
        rows.append(
            (
                code(need(r, path, "hcpcs_cpt", "hcpcs_cpt_code", "code")),
                parse_int(need(r, path, "practitioner_mue_value", "value"), path, "MUE value"),
                parse_int(need(r, path, "mai", "mue_adjudication_indicator"), path, "MAI"),
                need(r, path, "mue_rationale", "rationale"),
            )
        )
    return ("code", "value", "mai", "rationale"), unique_by_key(rows, 1, path)


def build_aoc(path: Path) -> tuple[Row, list[Row]]:
    rows: list[Row] = []
    for r in read_csv(path):
        effective = parse_date(
            r.get("aoc_edit_eff_date") or need(r, path, "aoc_edit_eff_dt_julian"),
            path,
            "effective",
        )
        if not effective:
            raise BuildError(f"{path}: AOC edit without an effective date: {r}")
        # The edit stops with its own deletion date, or when the add-on or the primary code
        # is deleted, whichever comes first.
        ends = [
            parse_date(r.get("aoc_edit_del_date") or r.get("aoc_edit_del_dt_julian", ""), path, "deletion"),
            parse_date(r.get("aoc_del_dt_julian", ""), path, "add-on deletion"),
            parse_date(r.get("primary_code_del_dt_julian", ""), path, "primary deletion"),
        ]
        deleted = min((e for e in ends if e), default="")
        rows.append(
            (
                code(need(r, path, "add_on_code")),
                code(need(r, path, "primary_code")),
                parse_int(need(r, path, "aoc_edit_type"), path, "edit type"),
                effective,
                deleted,
            )
        )
    return ("add_on", "primary", "edit_type", "effective", "deleted"), unique_sorted(rows)


def make_rvu_builder(conv_factor: str) -> Callable[[Path], tuple[Row, list[Row]]]:
    def build_rvu(path: Path) -> tuple[Row, list[Row]]:
        rows: list[Row] = []
        for r in read_csv(path):
            hcpcs = code(need(r, path, "hcpcs"))
            if not hcpcs:
                continue
            num = [
                check_number(need(r, path, col), path, col)
                for col in (
                    "work_rvu",
                    "nonfac_pe_rvu",
                    "fac_pe_rvu",
                    "mp_rvu",
                    "nonfac_total",
                    "fac_total",
                )
            ]
            cf = check_number(r.get("conv_factor", ""), path, "conv_factor") or conv_factor
            rows.append(
                (
                    hcpcs,
                    code(need(r, path, "mod", "modifier")),
                    code(need(r, path, "status", "status_code")),
                    *num,
                    need(r, path, "glob_days"),
                    need(r, path, "mult_proc"),
                    cf,
                )
            )
        header = (
            "code",
            "modifier",
            "status",
            "work_rvu",
            "nonfac_pe_rvu",
            "fac_pe_rvu",
            "mp_rvu",
            "nonfac_total",
            "fac_total",
            "glob_days",
            "mult_proc",
            "conv_factor",
        )
        return header, unique_by_key(rows, 2, path)

    return build_rvu


@dataclass(frozen=True)
class Spec:
    kind: str
    release: str
    title: str
    input: str
    out_file: str
    effective_from: str
    effective_to: str | None
    build: Callable[[Path], tuple[Row, list[Row]]]
    extra: dict[str, object] = field(default_factory=dict)


SPECS: tuple[Spec, ...] = (
    Spec(
        "ncci_ptp",
        "2024Q3",
        "CMS NCCI procedure-to-procedure edits, practitioner",
        "ptp_derm.csv",
        "ptp.csv",
        "2024-07-01",
        "2024-09-30",
        build_ptp,
    ),
    Spec(
        "mue",
        "2026Q2",
        "CMS NCCI medically unlikely edits, practitioner",
        "mue_derm.csv",
        "mue.csv",
        "2026-04-01",
        "2026-06-30",
        build_mue,
    ),
    Spec(
        "aoc",
        "2026Q2",
        "CMS NCCI add-on code edits",
        "aoc_derm.csv",
        "aoc.csv",
        "2026-04-01",
        "2026-06-30",
        build_aoc,
    ),
    Spec(
        "rvu",
        "2025D",
        "CMS Medicare physician fee schedule relative value units (PPRRVU)",
        "rvu_derm.csv",
        "rvu.csv",
        "2025-10-01",
        "2025-12-31",
        make_rvu_builder("32.3465"),
        {"conversion_factor": 32.3465},
    ),
    Spec(
        "rvu",
        "2026C",
        "CMS Medicare physician fee schedule relative value units (PPRRVU, non-QPP)",
        "rvu_derm_2026.csv",
        "rvu.csv",
        "2026-07-01",
        "2026-09-30",
        make_rvu_builder("33.4009"),
        {"conversion_factor": 33.4009},
    ),
)

ICD_KIND = "icd10cm"
ICD_RELEASE = "2026"
ICD_FILE = "icd10cm.tsv.gz"
ICD_TITLE = "CMS ICD-10-CM diagnosis codes"
ICD_FROM = "2026-04-01"
ICD_TO = "2026-09-30"


# --------------------------------------------------------------------------- writing


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == data:
        return  # leave mtime alone when nothing changed
    path.write_bytes(data)


def manifest_bytes(
    *,
    kind: str,
    release: str,
    title: str,
    source: str,
    effective_from: str,
    effective_to: str | None,
    files: dict[str, tuple[bytes, int]],
    inputs: dict[str, str],
    extra: dict[str, object],
) -> bytes:
    doc: dict[str, object] = {
        "table": kind,
        "release": release,
        "title": title,
        "source": source,
        "effective_from": effective_from,
        "effective_to": effective_to,
        "files": {name: {"sha256": sha256(data), "rows": rows} for name, (data, rows) in files.items()},
        "built_by": BUILT_BY,
    }
    doc.update(extra)
    if inputs:
        doc["inputs"] = {name: {"sha256": digest} for name, digest in inputs.items()}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def build_csv_table(spec: Spec, cms: Path, out: Path, sources: dict[str, str]) -> str:
    src = cms / spec.input
    header, rows = spec.build(src)
    if not rows:
        raise BuildError(f"{src}: no rows")
    data = csv_bytes(header, rows)
    in_digest = sha256(src.read_bytes())
    source = sources.get(spec.input, f"{spec.input} (sha256 {in_digest})")
    folder = out / spec.kind / spec.release
    write_bytes(folder / spec.out_file, data)
    write_bytes(
        folder / "manifest.json",
        manifest_bytes(
            kind=spec.kind,
            release=spec.release,
            title=spec.title,
            source=source,
            effective_from=spec.effective_from,
            effective_to=spec.effective_to,
            files={spec.out_file: (data, len(rows))},
            inputs={spec.input: in_digest},
            extra=spec.extra,
        ),
    )
    return f"{spec.kind}/{spec.release}/{spec.out_file}: {len(rows)} rows, {len(data)} bytes"


def _clean(text: str) -> str:
    return " ".join(text.split())


def build_icd(out: Path) -> str:
    from importlib.metadata import version

    with warnings.catch_warnings():  # the library uses deprecated importlib.resources calls
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm as icd  # type: ignore[import-untyped]

    lib_version = version("simple-icd-10-cm")
    rows: set[tuple[str, str, str]] = set()
    for c in icd.get_all_codes(True):
        # A few codes are both a block and a category (B10, C50, D49 …): keep the category.
        if not icd.is_category_or_subcategory(c):
            continue
        # get_all_codes(True) already gives dotted codes (add_dot is a linear scan per call,
        # minutes for the whole list); check the form instead.
        if not re.fullmatch(r"[A-Z][0-9A-Z]{2}(\.[0-9A-Z]{1,4})?", c):
            raise BuildError(f"simple_icd_10_cm: unexpected code form {c!r}")
        rows.add((c, "B" if icd.is_leaf(c) else "H", _clean(icd.get_description(c))))
    ordered = sorted(rows)
    for prev, cur in itertools.pairwise(ordered):
        if prev[0] == cur[0]:
            raise BuildError(f"simple_icd_10_cm: two rows for {cur[0]}")
    text = "".join(f"{c}\t{flag}\t{desc}\n" for c, flag, desc in ordered).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text)
    data = buf.getvalue()
    folder = out / ICD_KIND / ICD_RELEASE
    write_bytes(folder / ICD_FILE, data)
    write_bytes(
        folder / "manifest.json",
        manifest_bytes(
            kind=ICD_KIND,
            release=ICD_RELEASE,
            title=ICD_TITLE,
            source=f"CMS ICD-10-CM April 2026 release via simple-icd-10-cm {lib_version}",
            effective_from=ICD_FROM,
            effective_to=ICD_TO,
            files={ICD_FILE: (data, len(ordered))},
            inputs={},
            extra={},
        ),
    )
    billable = sum(1 for _, flag, _ in ordered if flag == "B")
    return (
        f"{ICD_KIND}/{ICD_RELEASE}/{ICD_FILE}: {len(ordered)} rows ({billable} billable), {len(data)} bytes"
    )


README = """\
# dermclaim code tables (generated — do not edit by hand)

Every file under this folder is written by `scripts/build_tables.py`; edit the script or its
inputs and run it again instead of changing a table here. Each release folder holds one table
file and a `manifest.json` (release, effective range, provenance, SHA-256 and row count of the
file); `dermclaim.tables` picks the release in force for a date of service and checks the hash.

| folder | table (in force) | input |
|---|---|---|
| `ncci_ptp/2024Q3/` | NCCI PTP edits, practitioner (2024-07-01..09-30) | `ptp_derm.csv` |
| `mue/2026Q2/` | NCCI MUEs, practitioner (2026-04-01..06-30) | `mue_derm.csv` |
| `aoc/2026Q2/` | NCCI add-on code edits (2026-04-01..06-30) | `aoc_derm.csv` |
| `rvu/2025D/` | PFS RVU25D, CF 32.3465 (2025-10-01..12-31) | `rvu_derm.csv` |
| `rvu/2026C/` | PFS RVU26C non-QPP, CF 33.4009 (2026-07-01..09-30) | `rvu_derm_2026.csv` |
| `icd10cm/2026/` | ICD-10-CM April 2026 (2026-04-01..09-30) | `simple-icd-10-cm` package |

The CSV inputs are the CMS extracts in `shared/data/cms/` (see its `SOURCES.md` for the
repository, path and commit of each CMS file); full CMS files with the same column headers are
accepted too. Regenerate with:

    python scripts/build_tables.py --cms ../shared/data/cms --out src/dermclaim/data

Values are CMS public-domain data (codes, indicators, dates, RVUs and ICD-10-CM descriptions);
no CPT descriptor text is included. These are Medicare tables; commercial payers may differ.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cms", type=Path, default=DEFAULT_CMS, help="folder of CMS CSV inputs")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="package data folder")
    parser.add_argument("--skip-icd", action="store_true", help="do not build the ICD-10-CM table")
    args = parser.parse_args(argv)
    cms: Path = args.cms
    out: Path = args.out
    try:
        sources = read_sources(cms)
        lines = [build_csv_table(spec, cms, out, sources) for spec in SPECS]
        if not args.skip_icd:
            lines.append(build_icd(out))
        write_bytes(out / "README.md", README.encode("utf-8"))
    except BuildError as exc:
        print(f"build_tables: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
