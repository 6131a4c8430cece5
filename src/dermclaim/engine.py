"""The pipeline: document → sites → coding → rules → result. Pure: no I/O, no global state
beyond the read-only tables, so the CLI, the library and batch jobs all run this same code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache

from dermclaim import money
from dermclaim.coding import CodedLine, Coding, code_encounter, owner, routing
from dermclaim.coding.families import present as present_families
from dermclaim.document import Encounter, normalize_dx
from dermclaim.model import (
    SEVERITY_RANK,
    Fact,
    Finding,
    Line,
    Mode,
    ProcedureOut,
    Result,
    SiteOut,
    TableUse,
)
from dermclaim.options import DEFAULT, Options
from dermclaim.rules.base import BilledLine, Context, Rule
from dermclaim.rules.registry import RULES
from dermclaim.sites import Site, resolve
from dermclaim.tables import TableSet, tables_for


def code(enc: Encounter, options: Options = DEFAULT) -> Result:
    """Code the documented procedures of one encounter."""
    return run(enc, "code", options)


def scrub(enc: Encounter, options: Options = DEFAULT) -> Result:
    """Check the encounter's claim_lines against its documentation and the rules."""
    return run(enc, "scrub", options)


def run(enc: Encounter, mode: Mode, options: Options = DEFAULT) -> Result:
    tables = tables_for(enc.date_of_service)
    sites = {p.id: resolve(p.site) for p in enc.procedures if p.site is not None}
    coding = routing.apply(enc, sites, tables, options, code_encounter(enc, sites, tables, options))
    billed = billed_lines(enc) if mode == "scrub" else ()
    ctx = Context(
        enc=enc,
        mode=mode,
        tables=tables,
        sites=sites,
        coding=coding,
        billed=billed,
        options=options,
        position={p.id: i for i, p in enumerate(enc.procedures)},
    )
    findings = evaluate(ctx)
    coded = [_line(ln) for ln in coding.lines]
    if mode == "code":
        lines, corrected = coded, None
        positions = _positions(coding.lines)
    else:
        lines = [_billed_line(b) for b in billed]
        corrected = corrected_lines(coding, billed)
        positions = _positions(corrected)
    totals = money.annotate(lines, corrected, findings, tables, enc.place_of_service)
    return Result(
        encounter=enc.id,
        mode=mode,
        date_of_service=enc.date_of_service,
        lines=lines,
        patient_responsibility=[_line(ln) for ln in routing.patient_lines(coding)],
        findings=findings,
        corrected_lines=corrected,
        procedures=routing.annotate(_procedures(enc, coding, sites, positions), coding, findings),
        tables=_tables_used(tables),
        totals=totals,
    )


def evaluate(ctx: Context, *, every_rule: bool = False) -> list[Finding]:
    """Run every registered rule in force for the date of service and mode, except rules tied to
    procedure families the encounter neither documents nor bills (``every_rule`` runs them too:
    a test proves it changes nothing)."""
    findings: list[Finding] = []
    touched = None
    if not every_rule:
        touched = present_families(
            frozenset(str(type(p).__struct_config__.tag) for p in ctx.enc.procedures),
            frozenset(b.code for b in ctx.billed) | frozenset(ln.code for ln in ctx.coding.lines),
        )
    for rule_code, rule, sources in _rules_to_run(ctx.mode, ctx.enc.date_of_service, touched):
        for hit in rule.check(ctx):
            findings.append(
                Finding(
                    rule=rule_code,
                    name=rule.name,
                    severity=hit.severity or rule.severity,
                    message=hit.message,
                    fix=hit.fix,
                    fix_safety=hit.fix_safety or rule.fix_safety,
                    confidence=hit.confidence or rule.confidence,
                    lines=list(hit.lines),
                    procedures=list(hit.procedures),
                    sources=[*sources, *hit.extra_sources],
                    facts=[Fact(pointer=p, value=v) for p, v in hit.facts],
                    amount=hit.amount,
                )
            )
    findings = _without_repeats(findings, ctx.mode)
    findings.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.rule))
    return findings


def _without_repeats(findings: list[Finding], mode: Mode) -> list[Finding]:
    """One problem, one finding: a generic table edit whose lines specific rules already explain
    as errors is folded into those findings (its code in `related`, its sources added)."""
    if mode != "scrub":
        return findings
    specific = [f for f in findings if f.severity == "error" and not RULES[f.rule].generic]
    explained = {i for f in specific for i in f.lines}
    kept = []
    for f in findings:
        if not (RULES[f.rule].generic and f.lines and set(f.lines) <= explained):
            kept.append(f)
            continue
        # the hosts that explain all of its lines if any (BX001 on 11102 + 11104 takes NCCI
        # 11104/11102, a diagnosis finding on 11104 alone does not), else those sharing a line
        hosts = [h for h in specific if set(f.lines) <= set(h.lines)] or [
            h for h in specific if set(h.lines) & set(f.lines)
        ]
        for host in hosts:
            if f.rule not in host.related:
                host.related.append(f.rule)
            host.sources.extend(s for s in f.sources if s not in host.sources)
    return kept


@cache
def _rules_to_run(
    mode: Mode, dos: dt.date, touched: frozenset[str] | None
) -> tuple[tuple[str, type[Rule], tuple[str, ...]], ...]:
    """The rules in force whose families the encounter touches (None: every rule)."""
    return tuple(
        entry
        for entry in _rules_in_force(mode, dos)
        if touched is None or entry[1].triggers is None or entry[1].triggers & touched
    )


@cache
def _rules_in_force(mode: Mode, dos: dt.date) -> tuple[tuple[str, type[Rule], tuple[str, ...]], ...]:
    """The rules that run for a mode and date, with their rendered sources (computed once)."""
    return tuple(
        (code, rule, tuple(s.render() for s in rule.sources))
        for code, rule in RULES.items()
        if mode in rule.modes and rule.in_force(dos)
    )


def billed_lines(enc: Encounter) -> tuple[BilledLine, ...]:
    out = []
    for i, cl in enumerate(enc.claim_lines):
        dx: list[str] = []
        bad: list[int] = []
        for d in cl.diagnoses:
            if isinstance(d, int):
                if 1 <= d <= len(enc.diagnoses):
                    dx.append(normalize_dx(enc.diagnoses[d - 1]))
                else:
                    bad.append(d)
            else:
                dx.append(normalize_dx(d))
        out.append(
            BilledLine(
                index=i,
                code=cl.code.upper(),
                units=cl.units,
                modifiers=tuple(m.upper() for m in cl.modifiers),
                diagnoses=tuple(dx),
                bad_pointers=tuple(bad),
                charge=cl.charge,
            )
        )
    return tuple(out)


def corrected_lines(coding: Coding, billed: tuple[BilledLine, ...]) -> list[Line]:
    """What the engine would bill: the lines the documentation supports for every family the
    engine codes, plus billed lines of codes it does not own, unchanged."""
    out = [_line(ln) for ln in coding.lines]
    for b in billed:
        if owner(b.code) is None:
            out.append(
                Line(
                    code=b.code,
                    units=b.units,
                    modifiers=list(b.modifiers),
                    diagnoses=list(b.diagnoses),
                    procedures=[],
                    because="billed line kept as billed: no rule of this version codes it",
                )
            )
    return out


def _line(ln: CodedLine) -> Line:
    line = Line(
        code=ln.code,
        units=ln.units,
        modifiers=list(ln.modifiers),
        diagnoses=[normalize_dx(d) for d in ln.diagnoses],  # every output diagnosis dotted
        procedures=list(ln.procedures),
        because=ln.because,
    )
    if ln.ndc is not None:  # drug lines: NDC, unit qualifier and quantity (837P loop 2410)
        line.ndc, line.ndc_unit, line.ndc_quantity = ln.ndc
    return line


def _billed_line(b: BilledLine) -> Line:
    return Line(
        code=b.code,
        units=b.units,
        modifiers=list(b.modifiers),
        diagnoses=list(b.diagnoses),
        procedures=[],
        because="as billed",
    )


def _positions(lines: Sequence[CodedLine | Line]) -> dict[str, list[int]]:
    """Procedure id -> the indexes of the lines that bill it."""
    pos: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        for pid in ln.procedures:
            pos.setdefault(pid, []).append(i)
    return pos


def _procedures(
    enc: Encounter, coding: Coding, sites: Mapping[str, Site], positions: dict[str, list[int]]
) -> list[ProcedureOut]:
    out = []
    for proc in enc.procedures:
        fate = coding.fates.get(proc.id)
        site = sites.get(proc.id)
        out.append(
            ProcedureOut(
                id=proc.id,
                type=str(type(proc).__struct_config__.tag),
                status=fate.status if fate else "coded",
                reason=fate.reason if fate else "",
                site=_site_out(site) if site else None,
                lines=positions.get(proc.id, []),
            )
        )
    return out


def _site_out(site: Site) -> SiteOut:
    return SiteOut(
        canonical=site.canonical,
        label=site.label,
        laterality=site.laterality,
        groups=dict(site.groups),
        skin_codes_apply=site.skin_codes_apply,
    )


def _tables_used(tables: TableSet) -> list[TableUse]:
    stale = {r.table for r in tables.stale()}
    return [
        TableUse(table=kind, release=rel.release, in_force=kind not in stale)
        for kind, rel in sorted(tables.releases().items())
    ]
