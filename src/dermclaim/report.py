"""The readable report for people (the default output format), drawn with Rich."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dermclaim.model import Finding, Line, Result, Totals

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
        if result.totals is not None:
            console.print(_totals(result.totals))
    else:
        console.print(_lines_table("Claim lines", result.lines))
        console.print(_findings(result.findings))
    if result.patient_responsibility:
        patient = result.patient_responsibility
        console.print(_lines_table("Billed to the patient (not sent to the payer)", patient))
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
    for col in ("#", "code", "units", "modifiers", "diagnoses", "procedures", "allowed", "because"):
        table.add_column(col, overflow="fold", justify="right" if col == "allowed" else "left")
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
            f"${ln.allowed:,.2f}",
            ln.because,
        )
    return table


def _money(amount: float) -> str:
    """'recovers $47.88' / 'avoids an overpayment of $47.88' (Medicare allowed)."""
    if amount > 0:
        return f"recovers ${amount:,.2f} (Medicare allowed)"
    return f"avoids an overpayment of ${-amount:,.2f} (Medicare allowed)"


def _totals(totals: Totals) -> RenderableType:
    diff = totals.difference
    sign = "+" if diff > 0 else "−" if diff < 0 else "±"
    text = Text.assemble(
        ("Medicare allowed: ", "bold"),
        f"billed ${totals.billed_allowed:,.2f}  →  corrected ${totals.corrected_allowed:,.2f}  (",
        (f"{sign}${abs(diff):,.2f}", "green" if diff > 0 else "yellow" if diff < 0 else ""),
        ")",
    )
    text.append(f"\n{totals.basis}", style="dim")
    if totals.unpriced:
        text.append(f"\nnot priced by the fee schedule: {', '.join(totals.unpriced)}", style="dim")
    return text


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
        if f.amount is not None:
            body.append(f"\n  {_money(f.amount)}", style="green" if f.amount > 0 else "yellow")
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
        why = p.reason
        if p.necessity is not None:  # medical-necessity audit and routing (cosmetic vs medical)
            why += f"{'; ' if why else ''}necessity: {p.necessity.verdict} ({p.necessity.reason})"
            if p.necessity.billed_to == "patient":
                why += "; billed to the patient"
            elif p.necessity.modifiers:
                why += f"; {' '.join(p.necessity.modifiers)}"
        if p.mohs_auc is not None:  # Mohs appropriate use criteria
            why += f"{'; ' if why else ''}Mohs AUC: {p.mohs_auc.rating} ({p.mohs_auc.reason})"
        table.add_row(p.id, p.type, site, p.status, " ".join(str(i + 1) for i in p.lines), why)
    return table
