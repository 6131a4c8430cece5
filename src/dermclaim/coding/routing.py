"""Routing: which coded lines go to the payer and which to the patient, with GY/GX/GA/GZ.

A post-pass over the coders' output (``engine.run`` calls :func:`apply` after
``code_encounter``). It reads the medical-necessity assessments of the dual-purpose procedures
(:mod:`dermclaim.necessity`), rates Mohs against the appropriate use criteria
(:mod:`dermclaim.auc`) and decides, per procedure (RULES.md §10, §11 row 28):

* **cosmetic** work (documented ``purpose: cosmetic``, or a note that shows only cosmetic
  reasons) is a statutorily excluded service: it goes to ``patient_responsibility``, never to the
  payer — under the signed cosmetic waiver when there is one (RTE004 warns when there is not);
* unless the patient asks that the payer be billed (``patient_requests_claim`` on the procedure
  or its waiver): then it goes to the payer with **GY** (statutorily excluded), and **GX** as
  well when a voluntary notice — a signed cosmetic waiver or ABN — was given;
* a medical service an **ABN** covers (the practice expects a denial as not reasonable and
  necessary) takes **GA** when the ABN is signed and **GZ** when it is not, for the payer kinds
  in the ``abn_payers`` setting; with ``gz_when_denial_expected`` a service the engine itself
  expects to be denied (no documented indication; Mohs rated inappropriate) takes GZ when no ABN
  covers it. GY and GZ never share a line.

A split visit bills the medical part to the payer and the cosmetic part to the patient: when
any procedure goes to the patient or is filed as excluded, the encounter is coded again in parts
— the covered part (with the E/M, so cosmetic work never raises or justifies it), the excluded
part filed with GY, and the patient's part — so a code that counts lesions (17110 for 1–14 benign
lesions) is counted within each part. G-modifiers
are added to the payer lines of the procedures they belong to (a line shared with procedures of
another footing keeps none and says why in its ``because``).

Facts left for the rules: ``necessity.assessments``, ``mohs_auc.ratings``, ``routing.routes``
and ``routing.patient_lines``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import msgspec

from dermclaim.coding import CodedLine, Coding, code_encounter
from dermclaim.document import (
    Drug,
    Encounter,
    IntralesionalInjection,
    Mohs,
    Waiver,
    _Procedure,
    normalize_dx,
)
from dermclaim.model import EvidenceOut, Finding, MohsAucOut, NecessityOut, ProcedureOut

if TYPE_CHECKING:
    from dermclaim.auc import AucRating
    from dermclaim.necessity import Assessment
    from dermclaim.options import Options
    from dermclaim.sites import Site
    from dermclaim.tables import TableSet

Cause = Literal[
    "cosmetic_waiver",
    "cosmetic_no_waiver",
    "excluded_filed",
    "abn_signed",
    "abn_unsigned",
    "expected_denial",
]
COSMETIC_DX = "Z41.1"


@dataclass(frozen=True, slots=True)
class Route:
    """Where one procedure's lines go, with the G-modifiers they take, and why."""

    procedure: str
    to: Literal["payer", "patient"]
    modifiers: tuple[str, ...]
    cause: Cause
    reason: str
    waiver: int | None = None
    """Index into ``enc.waivers`` of the waiver or ABN the decision rests on."""


def covering(enc: Encounter, pid: str, kind: str) -> list[tuple[int, Waiver]]:
    """Waivers of ``kind`` that cover procedure ``pid`` (an empty procedure list covers all)."""
    return [
        (i, w)
        for i, w in enumerate(enc.waivers)
        if w.kind == kind and (not w.procedures or pid in w.procedures)
    ]


def is_cosmetic(proc: _Procedure, assessment: Assessment | None) -> bool:
    return proc.purpose == "cosmetic" or (assessment is not None and assessment.verdict == "cosmetic")


def apply(
    enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options, coding: Coding
) -> Coding:
    """Assess, rate and route; returns the coding with the payer's lines and the routing facts."""
    from dermclaim.necessity import assess

    assessments = assess(enc, sites)
    ratings: dict[str, AucRating] = {}
    if any(isinstance(p, Mohs) for p in enc.procedures):
        from dermclaim.auc import rate, table_for

        tab = table_for(enc.date_of_service)
        ratings = {p.id: rate(p, sites.get(p.id), tab) for p in enc.procedures if isinstance(p, Mohs)}
    routes = decide(enc, assessments, ratings, options)
    facts: dict[str, object] = {
        "necessity.assessments": assessments,
        "mohs_auc.ratings": ratings,
        "routing.routes": routes,
        "routing.patient_lines": (),
    }
    if not routes:
        return replace(coding, facts={**coding.facts, **facts})
    to_patient = {pid for pid, r in routes.items() if r.to == "patient"}
    excluded = {pid for pid, r in routes.items() if r.cause == "excluded_filed"}
    lines = list(coding.lines)
    fates = dict(coding.fates)
    base_facts = dict(coding.facts)
    if to_patient or excluded:
        covered = [p for p in enc.procedures if p.id not in to_patient | excluded]
        payer = _recode(enc, covered, sites, tables, options, keep_visit=True)
        lines = list(payer.lines)
        fates = {**fates, **payer.fates}
        base_facts = {**base_facts, **payer.facts}
        if excluded:  # excluded work filed with GY is a service of its own, never part of a covered line
            part = _recode(
                enc, [p for p in enc.procedures if p.id in excluded], sites, tables, options, False
            )
            lines += [ln for ln in part.lines if ln.family != "visit"]
            fates = {**fates, **part.fates}
        if to_patient:
            part = _recode(
                enc, [p for p in enc.procedures if p.id in to_patient], sites, tables, options, False
            )
            fates = {**fates, **part.fates}
            facts["routing.patient_lines"] = tuple(
                _to_patient(ln, routes) for ln in part.lines if ln.family != "visit"
            )
    lines = _with_g_modifiers(lines, routes, options)
    return Coding(lines=tuple(lines), fates=fates, facts={**base_facts, **facts})


def decide(
    enc: Encounter,
    assessments: Mapping[str, Assessment],
    ratings: Mapping[str, AucRating],
    options: Options,
) -> dict[str, Route]:
    """The route of every procedure that does not simply go to the payer as coded."""
    if enc.payer.kind == "self_pay":
        return {}
    abn_applies = enc.payer.kind in options.abn_payers
    out: dict[str, Route] = {}
    for proc in enc.procedures:
        pid = proc.id
        waivers = covering(enc, pid, "cosmetic")
        abns = covering(enc, pid, "abn")
        signed_waiver = next(((i, w) for i, w in waivers if w.signed_on is not None), None)
        signed_abn = next(((i, w) for i, w in abns if w.signed_on is not None), None)
        requests = proc.patient_requests_claim or any(w.patient_requests_claim for _, w in waivers + abns)
        if is_cosmetic(proc, assessments.get(pid)):
            why = _why_cosmetic(proc, assessments.get(pid))
            if requests:
                notice = signed_waiver or signed_abn
                mods: tuple[str, ...] = ("GY", "GX") if notice else ("GY",)
                text = f"{why}, filed at the patient's request: GY (statutorily excluded)"
                if notice:
                    text += f", GX (voluntary notice signed {notice[1].signed_on})"
                out[pid] = Route(pid, "payer", mods, "excluded_filed", text, notice[0] if notice else None)
            elif signed_waiver:
                signed = signed_waiver[1].signed_on
                text = f"{why}: billed to the patient under the cosmetic waiver signed {signed}"
                out[pid] = Route(pid, "patient", (), "cosmetic_waiver", text, signed_waiver[0])
            else:
                text = f"{why}: billed to the patient (no signed cosmetic waiver on file)"
                index = waivers[0][0] if waivers else None
                out[pid] = Route(pid, "patient", (), "cosmetic_no_waiver", text, index)
            continue
        if not abn_applies:
            continue
        if signed_abn:
            text = (
                f"ABN signed {signed_abn[1].signed_on}: expected to be denied as not reasonable and "
                "necessary; GA (the patient may be billed if Medicare denies)"
            )
            out[pid] = Route(pid, "payer", ("GA",), "abn_signed", text, signed_abn[0])
        elif abns:
            text = (
                "ABN listed but not signed: expected to be denied as not reasonable and necessary; GZ "
                "(the patient generally cannot be billed)"
            )
            out[pid] = Route(pid, "payer", ("GZ",), "abn_unsigned", text, abns[0][0])
        elif options.gz_when_denial_expected:
            expected = _expected_denial(proc, assessments.get(pid), ratings.get(pid))
            if expected:
                text = f"{expected}: expected to be denied as not reasonable and necessary, no ABN; GZ"
                out[pid] = Route(pid, "payer", ("GZ",), "expected_denial", text)
    _drugs_follow_their_injection(enc, out)
    return out


def _drugs_follow_their_injection(enc: Encounter, out: dict[str, Route]) -> None:
    """A drug injected intralesionally is part of the intralesional injection it was given in: when
    every injection of the encounter takes one route (a keloid injected for appearance goes to the
    patient), the drug without a route of its own takes it too, so a cosmetic injection's
    triamcinolone never stays on the payer's claim. With injections on different footings the
    drug cannot be assigned and stays where it is coded."""
    injections = [p.id for p in enc.procedures if isinstance(p, IntralesionalInjection)]
    if not injections:
        return
    taken = {(r.to, r.modifiers, r.cause) if (r := out.get(pid)) else None for pid in injections}
    if len(taken) != 1 or None in taken:
        return
    first = out[injections[0]]
    for proc in enc.procedures:
        if isinstance(proc, Drug) and proc.route == "intralesional" and proc.id not in out:
            reason = f"{first.reason} (the drug of intralesional injection {', '.join(injections)})"
            out[proc.id] = replace(first, procedure=proc.id, reason=reason)


def _why_cosmetic(proc: _Procedure, assessment: Assessment | None) -> str:
    if proc.purpose == "cosmetic":
        return "cosmetic (documented purpose)"
    assert assessment is not None
    cues = assessment.supporting("cosmetic")
    shown = ", ".join(f"'{e.text}'" for e in cues[:2])
    return f"cosmetic (the note: {shown})" if shown else "cosmetic"


def _expected_denial(proc: _Procedure, assessment: Assessment | None, rating: AucRating | None) -> str:
    if assessment is not None and assessment.verdict == "undocumented":
        return "no documented indication"
    if rating is not None and rating.rating == "inappropriate":
        return "Mohs rated inappropriate by the appropriate use criteria"
    del proc
    return ""


def _recode(
    enc: Encounter,
    procs: Sequence[_Procedure],
    sites: Mapping[str, Site],
    tables: TableSet,
    options: Options,
    keep_visit: bool,
) -> Coding:
    part = msgspec.structs.replace(
        enc, procedures=list(procs), visit=enc.visit if keep_visit else None, claim_lines=[]
    )
    return code_encounter(part, {p.id: sites[p.id] for p in procs if p.id in sites}, tables, options)


def _to_patient(line: CodedLine, routes: Mapping[str, Route]) -> CodedLine:
    reasons = sorted({routes[p].reason for p in line.procedures if p in routes})
    return replace(line, because=f"{line.because}; {'; '.join(reasons)}" if reasons else line.because)


def _with_g_modifiers(
    lines: list[CodedLine], routes: Mapping[str, Route], options: Options
) -> list[CodedLine]:
    """Append each payer line's G-modifiers: those every procedure of the line takes. A line
    shared by procedures whose G-modifiers differ (one 17110 for two lesions, only one of them
    under an ABN) keeps only the common ones and says so: the code is one service per session, and
    splitting it would double-bill it. Excluded work is recoded on lines of its own, so its lines
    always keep GY (GX only when every procedure on the line had a voluntary notice)."""
    payer_routes = {pid: r for pid, r in routes.items() if r.to == "payer"}
    if not payer_routes:
        return lines
    out = []
    for ln in lines:
        per_proc = [payer_routes[p].modifiers if p in payer_routes else () for p in ln.procedures]
        mods = tuple(m for m in (per_proc[0] if per_proc else ()) if all(m in k for k in per_proc))
        because = ln.because
        if len(set(per_proc)) > 1:
            routed = ", ".join(p for p in ln.procedures if p in payer_routes)
            takes = " / ".join(" ".join(k) or "none" for k in sorted(set(per_proc)))
            kept = " ".join(mods) or "no G-modifier"
            because += (
                f"; {kept}: {routed} would take {takes} but share this line with other procedures"
                " — bill them on one footing or decide by hand"
            )
        if not mods:
            out.append(replace(ln, because=because))
            continue
        reasons = sorted({payer_routes[p].reason for p in ln.procedures if p in payer_routes})
        dx = ln.diagnoses
        if "GY" in mods and options.cosmetic_claim_z41_1:
            dx = (COSMETIC_DX, *(d for d in dx if normalize_dx(d) != COSMETIC_DX))[:4]
        out.append(
            replace(
                ln,
                modifiers=(*(m for m in ln.modifiers if m not in mods), *mods),
                diagnoses=dx,
                because=f"{because}; {'; '.join(reasons)}",
            )
        )
    return out


# --------------------------------------------------------------------------- output


def patient_lines(coding: Coding) -> tuple[CodedLine, ...]:
    """The lines billed to the patient (contract ``patient_responsibility``)."""
    found = coding.facts.get("routing.patient_lines", ())
    assert isinstance(found, tuple)
    return found


def annotate(procedures: list[ProcedureOut], coding: Coding, findings: list[Finding]) -> list[ProcedureOut]:
    """Fill ``necessity``, ``mohs_auc`` and ``patient_lines`` of the procedures' output."""
    assessments: Mapping[str, Assessment] = coding.facts.get("necessity.assessments", {})  # type: ignore[assignment]
    ratings: Mapping[str, AucRating] = coding.facts.get("mohs_auc.ratings", {})  # type: ignore[assignment]
    routes: Mapping[str, Route] = coding.facts.get("routing.routes", {})  # type: ignore[assignment]
    positions: dict[str, list[int]] = {}
    for i, ln in enumerate(patient_lines(coding)):
        for pid in ln.procedures:
            positions.setdefault(pid, []).append(i)
    raised: dict[str, list[str]] = {}
    for f in findings:
        for pid in f.procedures:
            if f.rule[:3] in ("NEC", "RTE", "AUC") and f.rule not in raised.get(pid, []):
                raised.setdefault(pid, []).append(f.rule)
    for out in procedures:
        out.patient_lines = positions.get(out.id, [])
        a = assessments.get(out.id)
        route = routes.get(out.id)
        if a is not None:
            out.necessity = NecessityOut(
                verdict=a.verdict,
                evidence=[
                    EvidenceOut(
                        text=e.text,
                        start=e.start,
                        end=e.end,
                        concept=e.concept,
                        negated=e.negated,
                        hypothetical=e.hypothetical or e.uncertain,
                        historical=e.historical,
                        family=e.family,
                        uncertain=e.uncertain,
                        procedural=e.procedural,
                        counts=e.counts,
                    )
                    for e in a.evidence
                ],
                kind=a.kind,
                declared=a.declared,
                reason=a.reason,
                needs=list(a.needs) if a.verdict == "undocumented" else [],
                policy=a.policy,
                rules=[r for r in raised.get(out.id, []) if r[:3] in ("NEC", "RTE")],
                billed_to=route.to if route else "payer",
                modifiers=list(route.modifiers) if route else [],
            )
        r = ratings.get(out.id)
        if r is not None:
            out.mohs_auc = MohsAucOut(
                area=r.area,
                histology_class=r.histology_class,
                rating=r.rating,
                tumor=r.tumor,
                confidence=r.confidence,
                reason=r.reason,
                missing=list(r.missing),
                rules=[c for c in raised.get(out.id, []) if c.startswith("AUC")],
            )
    return procedures
