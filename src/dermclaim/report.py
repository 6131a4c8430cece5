"""The readable report for people (the default output format), drawn with Rich."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dermclaim.model import Finding, Line, Result

if TYPE_CHECKING:
    from rich.console import RenderableType

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(result: Result, console: Console) -> None:
    console.print(_header(result))
    if result.mode == "scrub":
        console.print(_lines_table("Billed lines", result.lines))
        console.print(_findings(result.findings))
        if result.corrected_lines is not None:
            console.print(_lines_table("Corrected lines (what dermclaim would bill)", result.corrected_lines))
    else:
        console.print(_lines_table("Claim lines", result.lines))
        console.print(_findings(result.findings))
    console.print(_procedures(result))


def _header(result: Result) -> RenderableType:
    worst = result.worst()
    verdict = {
        None: Text("clean", style="bold green"),
        "info": Text("clean (notes only)", style="bold green"),
        "warning": Text("needs review", style="yellow"),
        "error": Text("will be denied or is non-compliant as it stands", style="bold red"),
    }[worst]
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in SEVERITY_STYLE}
    text = Text.assemble(
        ("Encounter ", "bold"),
        (result.encounter, "bold"),
        f"  ·  {result.mode}  ·  date of service {result.date_of_service}\n",
        "Result: ",
        verdict,
        f"  ({counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s))",
    )
    return Panel(text, box=box.ROUNDED)


def _lines_table(title: str, lines: list[Line]) -> RenderableType:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for col in ("#", "code", "units", "modifiers", "diagnoses", "procedures", "because"):
        table.add_column(col, overflow="fold")
    if not lines:
        return Group(Text(title, style="italic"), Text("  (none)"))
    for i, ln in enumerate(lines, start=1):  # people count lines from 1; the JSON indexes from 0
        table.add_row(
            str(i),
            Text(ln.code, style="bold"),
            str(ln.units),
            " ".join(ln.modifiers),
            " ".join(ln.diagnoses),
            " ".join(ln.procedures),
            ln.because,
        )
    return table


def _findings(findings: list[Finding]) -> RenderableType:
    if not findings:
        return Text("Findings: none", style="green")
    parts: list[RenderableType] = [Text("Findings", style="bold underline")]
    for f in findings:
        where = []
        if f.lines:
            where.append("line " + ", ".join(str(i + 1) for i in f.lines))
        if f.procedures:
            where.append("procedures " + ", ".join(f.procedures))
        body = Text.assemble(
            (f"{f.severity.upper():8}", SEVERITY_STYLE[f.severity]),
            (f"{f.rule} ", "bold"),
            (f"{f.name}", "dim"),
            (f"  [{'; '.join(where)}]" if where else "", "dim"),
            "\n",
            f"  {f.message}\n",
            ("  fix: ", "bold"),
            f"{f.fix}  ",
            (f"({f.fix_safety}, confidence {f.confidence})", "dim"),
        )
        for s in f.sources:
            body.append(f"\n  source: {s}", style="dim")
        parts.append(body)
    return Group(*parts)


def _procedures(result: Result) -> RenderableType:
    table = Table(title="Procedures", title_justify="left", box=box.SIMPLE_HEAD)
    for col in ("id", "type", "site", "status", "lines", "why"):
        table.add_column(col, overflow="fold")
    for p in result.procedures:
        site = ""
        if p.site is not None:
            lat = "" if p.site.laterality in ("unspecified", "midline") else f"{p.site.laterality} "
            site = f"{lat}{p.site.label}"
        table.add_row(p.id, p.type, site, p.status, " ".join(str(i + 1) for i in p.lines), p.reason)
    return table
