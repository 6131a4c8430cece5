"""The `dermclaim` command: a thin layer over the library (contract §2–3).

Exit codes: 0 processed (whatever the findings), 1 a finding at or above ``--fail-on``, 2 the
input is not a valid encounter document (problems on standard error with their JSON Pointers).
Nothing here raises a traceback at a user: library errors become messages and exit codes.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from dermclaim.errors import ConfigError, DermClaimError, InputError

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Dermatology claim coding and scrubbing: documented work to correct claim lines, "
    "with an explanation for every decision.",
)


class Format(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    never = "never"


class BatchMode(StrEnum):
    code = "code"
    scrub = "scrub"


FileArg = Annotated[str, typer.Argument(help="Encounter document (JSON); '-' reads standard input.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="text for people, json for programs")]
FailOpt = Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is this severe.")]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Payer/practice settings (JSON); see `dermclaim settings`.")
]


def _fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(f"dermclaim: {message}\n")
    raise typer.Exit(code)


def _read(path: str, limit: int) -> bytes:
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")
    return data


def _single(path: str, mode: str, fmt: Format, fail_on: FailOn, config: Path | None) -> None:
    from dermclaim import document, engine
    from dermclaim.options import load_options

    options = load_options(config)
    raw = _read(path, options.max_document_bytes)
    source = "standard input" if path == "-" else path
    if len(raw) > options.max_document_bytes:
        _fail(f"{source}: input is larger than {options.max_document_bytes:,} bytes; refused")
    try:
        enc = document.load(raw, source=source)
    except InputError as exc:
        _report_input_error(exc, fmt)
    result = engine.code(enc, options) if mode == "code" else engine.scrub(enc, options)
    if fmt is Format.json:
        import msgspec

        sys.stdout.buffer.write(msgspec.json.encode(result) + b"\n")
        sys.stdout.flush()
    else:
        from rich.console import Console

        from dermclaim.report import render

        render(result, Console())
    worst = result.worst()
    if fail_on is FailOn.error and worst == "error":
        raise typer.Exit(1)
    if fail_on is FailOn.warning and worst in ("error", "warning"):
        raise typer.Exit(1)


def _report_input_error(exc: InputError, fmt: Format) -> NoReturn:
    if fmt is Format.json:
        import msgspec

        payload = {
            "error": "invalid encounter document",
            "source": exc.source,
            "problems": [p.to_json() for p in exc.problems],
        }
        sys.stderr.write(msgspec.json.encode(payload).decode() + "\n")
    else:
        sys.stderr.write(f"dermclaim: {exc.source}: not a valid encounter document\n")
        for p in exc.problems:
            sys.stderr.write(f"  {p}\n")
    raise typer.Exit(2)


@app.command()
def code(
    file: FileArg, format: FormatOpt = Format.text, fail_on: FailOpt = FailOn.never, config: ConfigOpt = None
) -> None:
    """Code the documented procedures of one encounter into claim lines."""
    _single(file, "code", format, fail_on, config)


@app.command()
def scrub(
    file: FileArg, format: FormatOpt = Format.text, fail_on: FailOpt = FailOn.never, config: ConfigOpt = None
) -> None:
    """Check the document's claim_lines against its documentation and the rules."""
    _single(file, "scrub", format, fail_on, config)


@app.command()
def batch(
    input: Annotated[str, typer.Argument(help="JSON Lines of encounter documents; '-' is stdin.")],
    output: Annotated[str, typer.Argument(help="Where to write one result per line; '-' is stdout.")],
    mode: Annotated[BatchMode, typer.Option("--mode", help="code or scrub")] = BatchMode.scrub,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes; 0 = one per CPU (at most 8).")
    ] = 0,
) -> None:
    """Code or scrub a JSON Lines file: exactly one output line per input line, in order."""
    from dermclaim.batch import default_jobs, run_file
    from dermclaim.options import load_options

    options = load_options(config)
    workers = jobs or default_jobs()
    try:
        src = sys.stdin.buffer if input == "-" else open(input, "rb")  # noqa: SIM115
    except OSError as exc:
        _fail(f"cannot read {input}: {exc.strerror or exc}")
    out_path = None if output == "-" else Path(output)
    if out_path is not None and not (out_path.parent if str(out_path.parent) else Path(".")).is_dir():
        _fail(f"cannot write {output}: its folder does not exist")
    total = os.fstat(src.fileno()).st_size if input != "-" else None
    with src:
        if quiet:
            summary = run_file(
                src,
                out_path,
                mode.value,
                options,
                out_stream=sys.stdout.buffer if out_path is None else None,
                jobs=workers,
            )
        else:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            err = Console(stderr=True)
            with Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TimeRemainingColumn(),
                console=err,
                transient=True,
            ) as bar:
                task = bar.add_task(f"{mode.value} {input}", total=total)
                summary = run_file(
                    src,
                    out_path,
                    mode.value,
                    options,
                    progress=lambda n: bar.update(task, completed=n),
                    out_stream=sys.stdout.buffer if out_path is None else None,
                    jobs=workers,
                )
            _print_summary(summary, err)


def _print_summary(summary: object, console: object) -> None:
    from rich.console import Console

    from dermclaim.batch import Summary

    assert isinstance(summary, Summary) and isinstance(console, Console)
    rate = 100.0 * summary.clean / summary.results if summary.results else 0.0
    console.print(
        f"[bold]{summary.lines:,}[/] lines · {summary.results:,} results · "
        f"[red]{summary.errors:,}[/] error records · clean-claim rate {rate:.1f}% · "
        f"{summary.seconds:.2f} s ({summary.per_second:,.0f} claims/s)"
    )
    sev = summary.severities
    console.print(f"findings: {sev['error']:,} errors, {sev['warning']:,} warnings, {sev['info']:,} notes")
    for rule, n in summary.findings.most_common(8):
        console.print(f"  {rule:8} {n:,}")


@app.command()
def rules(format: FormatOpt = Format.text) -> None:
    """List the rules."""
    from dermclaim.rules.registry import RULES

    if format is Format.json:
        import msgspec

        rows = [_rule_json(c) for c in RULES]
        sys.stdout.buffer.write(msgspec.json.encode(rows) + b"\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="dermclaim rules", title_justify="left")
    for col in ("code", "name", "severity", "modes", "summary"):
        table.add_column(col, overflow="fold")
    for c, rule in RULES.items():
        table.add_row(c, rule.name, rule.severity, ",".join(sorted(rule.modes)), rule.summary)
    Console().print(table)


def _rule_json(rule_code: str) -> dict[str, object]:
    from dermclaim.rules.docs import rule_doc

    return rule_doc(rule_code)


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(help="Rule code (BX001) or name.")], format: FormatOpt = Format.text
) -> None:
    """Print one rule's documentation, sources and examples."""
    from dermclaim.rules.docs import find_rule, render_markdown, rule_doc

    found = find_rule(rule)
    if found is None:
        _fail(f"no rule {rule!r}; `dermclaim rules` lists them")
    if format is Format.json:
        import msgspec

        sys.stdout.buffer.write(msgspec.json.encode(rule_doc(found)) + b"\n")
        return
    from rich.console import Console
    from rich.markdown import Markdown

    Console().print(Markdown(render_markdown(found)))


@app.command()
def sites(
    phrase: Annotated[str | None, typer.Argument(help="A body-site phrase to resolve.")] = None,
    format: FormatOpt = Format.text,
) -> None:
    """Resolve a body-site phrase to its canonical site and groups, or list the vocabulary."""
    from dermclaim.sites import UnknownSite, known_sites, resolve

    if phrase is None:
        for s in known_sites():
            print(s)
        return
    try:
        site = resolve(phrase)
    except UnknownSite as exc:
        _fail(f"unknown body site {phrase!r}; closest known sites: {', '.join(exc.suggestions)}")
    import msgspec

    text = msgspec.json.encode(site.to_json())
    if format is Format.json:
        sys.stdout.buffer.write(text + b"\n")
    else:
        print(msgspec.json.format(text.decode(), indent=2))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the encounter document."""
    from importlib.resources import files

    sys.stdout.write((files("dermclaim") / "schema" / "encounter.v1.json").read_text(encoding="utf-8"))


@app.command()
def settings() -> None:
    """List the payer- and practice-configurable settings and their defaults."""
    from dermclaim.options import SETTINGS

    for s in SETTINGS:
        print(f"{s.name} = {s.default!r}\n    {s.help}")


x12_app = typer.Typer(
    no_args_is_help=True, help="X12 837P claims out (005010X222A1) and 835 remittances in (005010X221A1)."
)
app.add_typer(x12_app, name="x12")
X12FileArg = Annotated[str, typer.Argument(help="X12 file; '-' reads standard input.")]


@x12_app.command("837")
def x12_837(
    input: Annotated[str, typer.Argument(help="Encounter documents: one JSON document or JSON Lines.")],
    output: Annotated[str, typer.Argument(help="Where to write the 837P interchange; '-' is stdout.")],
    practice: Annotated[Path, typer.Option("--practice", help="Practice configuration file (JSON).")],
    format: FormatOpt = Format.text,
    control_number: Annotated[
        int | None, typer.Option("--control-number", min=1, max=999_999_999, help="ISA13 (default: clock).")
    ] = None,
    line_breaks: Annotated[bool, typer.Option(help="A newline after each segment terminator.")] = True,
    config: ConfigOpt = None,
) -> None:
    """Code encounters and write one 837P claim per encounter; what cannot be written is reported."""
    from dermclaim.x12.commands import write_command

    code = write_command(input, output, practice, format.value, control_number, config, line_breaks)
    raise typer.Exit(code)


@x12_app.command("check")
def x12_check(file: X12FileArg, format: FormatOpt = Format.text, fail_on: FailOpt = FailOn.never) -> None:
    """Content checks of any 837P (codes, pointers, totals, dates, NPIs, qualifiers), with positions."""
    from dermclaim.x12.commands import check_command

    raise typer.Exit(check_command(file, format.value, fail_on.value))


@x12_app.command("835")
def x12_835(file: X12FileArg, format: FormatOpt = Format.text) -> None:
    """Read an 835 remittance: claim and line payments, adjustments (CARC), remarks (RARC), PLB."""
    from dermclaim.x12.commands import remit_command

    raise typer.Exit(remit_command(file, format.value))


@app.command()
def denials(
    eras: Annotated[list[str], typer.Argument(help="835 remittance files.")],
    claims: Annotated[
        list[str] | None,
        typer.Option("--claims", help="The claims sent: 837P files or encounter documents (JSON Lines)."),
    ] = None,
    format: FormatOpt = Format.text,
    config: ConfigOpt = None,
) -> None:
    """Each denied line, its reason in words, the rule that would have caught it, money by reason."""
    from dermclaim.x12.commands import denials_command

    raise typer.Exit(denials_command(eras, claims or [], format.value, config))


@app.command()
def version() -> None:
    """Print the version."""
    from dermclaim import __version__

    print(__version__)


def main() -> None:
    try:
        app()
    except ConfigError as exc:
        _print_error(str(exc))
        sys.exit(2)
    except DermClaimError as exc:
        _print_error(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        _print_error("interrupted; no output was written")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a message, never a traceback
        if os.environ.get("DERMCLAIM_DEBUG"):
            raise
        _print_error(f"internal error ({type(exc).__name__}); rerun with DERMCLAIM_DEBUG=1 and report it")
        sys.exit(70)


def _print_error(message: str) -> None:
    sys.stderr.write(f"dermclaim: {message}\n")
