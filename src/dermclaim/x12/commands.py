"""The X12 commands behind ``dermclaim x12 837|check|835`` and ``dermclaim denials``.

Each returns the process exit code: 0 processed (whatever the findings), 1 a finding at or above
``--fail-on``, 2 unreadable input (with positions on standard error), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO

import msgspec

from dermclaim.errors import ConfigError, InputError, Problem

_enc = msgspec.json.Encoder(decimal_format="number")


def _json_out(obj: Any, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(_enc.encode(obj).decode() + "\n")


def _err(message: str) -> None:
    sys.stderr.write(f"dermclaim: {message}\n")


def _read_bytes(path: str) -> bytes | None:
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        return Path(path).read_bytes()
    except OSError as exc:
        _err(f"cannot read {path}: {exc.strerror or exc}")
        return None


def _atomic_write(path: str, text: str) -> None:
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="latin-1", newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _is_json(line: bytes) -> bool:
    try:
        msgspec.json.decode(line)
    except msgspec.DecodeError:
        return False
    return True


def encounter_documents(raw: bytes, source: str) -> list[tuple[int, Any, str | None]]:
    """One JSON document or JSON Lines -> (line number, Encounter or its problems, id)."""
    from dermclaim import document

    text = raw.strip()
    if not text:
        raise InputError(
            [Problem("", "empty input: expected encounter documents (JSON or JSON Lines)")], source=source
        )
    docs: list[tuple[int, bytes]]
    try:
        msgspec.json.decode(text)
        docs = [(1, text)]
    except msgspec.DecodeError:
        docs = [(n, line) for n, line in enumerate(raw.splitlines(), start=1) if line.strip()]
        if not any(_is_json(line) for _, line in docs):
            raise InputError(
                [
                    Problem(
                        "", f"not JSON or JSON Lines: no line is a JSON document (line {docs[0][0]} is not)"
                    )
                ],
                source=source,
            ) from None
    out: list[tuple[int, Any, str | None]] = []
    for number, line in docs:
        try:
            out.append((number, document.load(line, source=f"line {number}"), None))
        except InputError as exc:
            enc_id = None
            try:
                obj = msgspec.json.decode(line)
                enc_id = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
            except msgspec.DecodeError:
                pass
            out.append((number, exc.problems, enc_id))
    return out


def write_command(
    input: str,
    output: str,
    practice_path: Path,
    fmt: str,
    control_number: int | None,
    config: Path | None,
    line_breaks: bool,
    now: dt.datetime | None = None,
) -> int:
    from dermclaim import engine
    from dermclaim.options import load_options
    from dermclaim.x12.practice import PracticeError, load_practice
    from dermclaim.x12.writer837 import claims_from, write_837

    try:
        practice = load_practice(practice_path)
    except PracticeError as exc:
        if fmt == "json":
            _json_out(
                {
                    "error": "invalid practice file",
                    "source": exc.source,
                    "problems": [p.to_json() for p in exc.problems],
                },
                sys.stderr,
            )
        else:
            _err(str(exc))
        return 2
    options = load_options(config)
    raw = _read_bytes(input)
    if raw is None:
        return 2
    if output != "-" and not (Path(output).parent if str(Path(output).parent) else Path(".")).is_dir():
        _err(f"cannot write {output}: its folder does not exist")
        return 2
    if output != "-" and Path(output).is_dir():
        _err(f"cannot write {output}: it is a folder")
        return 2
    try:
        docs = encounter_documents(raw, "standard input" if input == "-" else input)
    except InputError as exc:
        _err(str(exc))
        return 2
    claims, rejected = claims_from(docs, practice, lambda enc: engine.code(enc, options))
    now = now or dt.datetime.now().replace(second=0, microsecond=0)
    number = control_number or (int(now.timestamp()) // 60) % 1_000_000_000 or 1
    text, segments = write_837(claims, practice, control_number=number, now=now, line_breaks=line_breaks)
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        report_stream: TextIO = sys.stderr
    else:
        try:
            _atomic_write(output, text)
        except OSError as exc:
            _err(f"cannot write {output}: {exc.strerror or exc}")
            return 2
        report_stream = sys.stdout
    summary = {
        "file": output,
        "control_number": f"{number:09d}",
        "claims_written": len(claims),
        "claims_rejected": len(rejected),
        "segments": segments,
        "claims": [
            {
                "claim_id": c.id,
                "transaction": c.transaction,
                "lines": len(c.lines),
                "total_charge": c.total_charge,
            }
            for c in claims
        ],
        "rejected": [r.to_json() for r in rejected],
    }
    if fmt == "json":
        _json_out(summary, report_stream)
    else:
        w = report_stream.write
        w(
            f"837P {output}: interchange {number:09d}, {len(claims)} claim(s) written, "
            f"{len(rejected)} not written, {segments} segments\n"
        )
        for c in claims:
            w(f"  written  {c.id}  {len(c.lines)} line(s)  total {c.total_charge}\n")
        for r in rejected:
            where = f"line {r.line}" + (f" ({r.encounter})" if r.encounter else "")
            w(f"  NOT WRITTEN  {where}\n")
            for p in r.problems:
                w(f"      {p}\n")
    return 0


def _issue_text(issue: Any, stream: TextIO) -> None:
    stream.write(f"{issue}\n")
    if issue.fix:
        stream.write(f"    fix: {issue.fix}\n")


def check_command(path: str, fmt: str, fail_on: str) -> int:
    from dermclaim.x12.check837 import check_837
    from dermclaim.x12.segments import X12ReadError

    raw = _read_bytes(path)
    if raw is None:
        return 2
    source = "standard input" if path == "-" else path
    try:
        result = check_837(raw, source=source)
    except X12ReadError as exc:
        return _unreadable(exc, fmt)
    if fmt == "json":
        _json_out(result.to_json())
    else:
        out = sys.stdout
        out.write(
            f"{source}: {result.segments} segments, {result.transaction_sets} transaction set(s), "
            f"{result.claims} claim(s), {result.lines} line(s): {result.errors} error(s), "
            f"{result.warnings} warning(s)\n"
        )
        for issue in result.issues:
            _issue_text(issue, out)
    if fail_on == "error" and result.errors:
        return 1
    if fail_on == "warning" and (result.errors or result.warnings):
        return 1
    return 0


def _unreadable(exc: Any, fmt: str) -> int:
    if fmt == "json":
        _json_out(
            {
                "error": "not readable as X12",
                "source": exc.source,
                "message": exc.reason,
                "position": exc.position.to_json() if exc.position else None,
            },
            sys.stderr,
        )
    else:
        _err(str(exc))
    return 2


def remit_command(path: str, fmt: str) -> int:
    from dermclaim.x12.reader835 import CLAIM_STATUS, read_835
    from dermclaim.x12.segments import X12ReadError

    raw = _read_bytes(path)
    if raw is None:
        return 2
    source = "standard input" if path == "-" else path
    try:
        read = read_835(raw, source=source)
    except X12ReadError as exc:
        return _unreadable(exc, fmt)
    if fmt == "json":
        _json_out(read.to_json())
        return 0
    w = sys.stdout.write
    for r in read.remittances:
        w(
            f"Remittance {r.control}: payer {r.payer_name or '?'} → payee {r.payee_name or '?'}; "
            f"payment {r.payment_amount} ({r.payment_method or '?'}) trace {r.trace_number or '?'}\n"
        )
        for c in r.claims:
            w(
                f"  claim {c.claim_id}: {CLAIM_STATUS.get(c.status, c.status)}; "
                f"charge {c.charge}, paid {c.paid}"
                + (f", patient {c.patient_responsibility}" if c.patient_responsibility is not None else "")
                + "\n"
            )
            for a in c.adjustments:
                w(f"    claim adjustment {a.group}-{a.reason} {a.amount}\n")
            for ln in c.lines:
                mods = (":" + ":".join(ln.modifiers)) if ln.modifiers else ""
                w(f"    {ln.code}{mods}: charge {ln.charge}, paid {ln.paid}")
                adj = ", ".join(f"{a.group}-{a.reason} {a.amount}" for a in ln.adjustments)
                w(f"  [{adj}]" if adj else "")
                w(f"  remarks {' '.join(ln.remarks)}\n" if ln.remarks else "\n")
        for p in r.provider_adjustments:
            w(f"  provider adjustment {p.reason} {p.amount} ({p.provider})\n")
    for issue in read.issues:
        _issue_text(issue, sys.stdout)
    return 0


def denials_command(eras: list[str], claim_files: list[str], fmt: str, config: Path | None) -> int:
    from dermclaim import engine
    from dermclaim.options import load_options
    from dermclaim.x12.check837 import check_read
    from dermclaim.x12.denials import denial_report
    from dermclaim.x12.reader835 import read_835
    from dermclaim.x12.reader837 import read_837
    from dermclaim.x12.segments import X12ReadError

    options = load_options(config)
    reads = []
    for path in eras:
        raw = _read_bytes(path)
        if raw is None:
            return 2
        try:
            reads.append(read_835(raw, source=path))
        except X12ReadError as exc:
            return _unreadable(exc, fmt)
    claims: dict[str, Any] = {}
    findings: dict[str, list[str]] = {}
    for path in claim_files:
        raw = _read_bytes(path)
        if raw is None:
            return 2
        if raw.lstrip()[:3] == b"ISA" or raw.lstrip()[:2] == b"ST":
            try:
                read = read_837(raw, source=path)
            except X12ReadError as exc:
                return _unreadable(exc, fmt)
            checked = check_read(read, source=path)
            for c in read.claims:
                claims[c.id] = c
            for issue in checked.issues:
                for c in read.claims:
                    if issue.sort_key >= c.pos["CLM"] and (
                        not c.lines or issue.sort_key <= max(max(ln.pos.values()) for ln in c.lines)
                    ):
                        findings.setdefault(c.id, []).append(issue.code)
        else:
            try:
                docs = encounter_documents(raw, path)
            except InputError as exc:
                _err(str(exc))
                return 2
            for _, enc, _ in docs:
                if isinstance(enc, list):
                    continue
                result = engine.scrub(enc, options) if enc.claim_lines else engine.code(enc, options)
                findings.setdefault(enc.id, []).extend(f.rule for f in result.findings)
    report = denial_report(reads, claims, findings)
    if fmt == "json":
        _json_out(report.to_json())
        return 0
    w = sys.stdout.write
    w(f"{len(report.lines)} denied line(s) in {report.claims} remitted claim(s); denied {report.total}\n\n")
    for ln in report.lines:
        mods = (":" + ":".join(ln.modifiers)) if ln.modifiers else ""
        w(f"claim {ln.claim_id}  {ln.code}{mods}  charge {ln.charge}  paid {ln.paid}  denied {ln.denied}\n")
        for r in ln.reasons:
            w(f"    {r['group']}-{r['reason']} {r['amount']}: {r['text']}\n")
        for r in ln.remarks:
            w(f"    remark {r['code']}: {r['text']}\n")
        if ln.diagnoses:
            w(f"    billed with {', '.join(ln.diagnoses)}\n")
        w(f"    → {ln.prevention}\n")
    if report.lines:
        w("\nMoney by reason\n")
        for row in report.by_reason():
            w(f"  {row['reason']:8} {row['lines']:4} line(s)  {row['amount']:>12}  {row['text']}\n")
    return 0


def config_error(exc: ConfigError) -> int:
    _err(str(exc))
    return 2
