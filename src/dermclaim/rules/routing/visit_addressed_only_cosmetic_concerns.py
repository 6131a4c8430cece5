"""An E/M visit that addressed only cosmetic concerns.

## What it checks
Encounters with an E/M visit whose procedures are all cosmetic (documented purpose, or a note
that gives only cosmetic reasons) and whose visit diagnoses are only Z41.x or the diagnoses
documented for that cosmetic work — a consultation about cosmetic concerns. A visit that also
addressed a diagnosis of its own (psoriasis follow-up beside cosmetic removal of keratoses) is a
split visit and is not flagged.

## Why it matters
Cosmetic work is excluded from coverage and never raises or justifies an E/M: a visit about
cosmetic concerns is part of the cosmetic service, billed to the patient, not a covered
evaluation. In a split visit only the medical problems the visit addressed count toward the
E/M level.

## Fix safety
Unsafe: bill the E/M to the patient with the cosmetic work, or, if the visit also addressed a
separate medical problem, document it and point the E/M at its diagnosis. Low confidence: the
rules reference states the principle only generally (10.5).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.diagnosis import diagnosis_for
from dermclaim.coding.routing import is_cosmetic
from dermclaim.document import normalize_dx
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import assessments
from dermclaim.rules.sources import COSMETIC_EXCLUSION, COSMETIC_SPLIT_VISIT


class VisitAddressedOnlyCosmeticConcerns(Rule):
    name = "visit-addressed-only-cosmetic-concerns"
    summary = "E/M visit beside only cosmetic work, for cosmetic diagnoses"
    severity = "warning"
    fix_safety = "unsafe"
    confidence = "low"
    modes = frozenset({"code", "scrub"})
    sources = (COSMETIC_SPLIT_VISIT, COSMETIC_EXCLUSION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        visit = ctx.enc.visit
        if visit is None or ctx.enc.payer.kind == "self_pay":
            return
        found = assessments(ctx)
        procs = ctx.enc.procedures
        if not all(is_cosmetic(p, found.get(p.id)) for p in procs):
            return
        cosmetic_dx: set[str] = set()
        for p in procs:
            dx = diagnosis_for(ctx.enc, p)
            # the encounter's first diagnosis stands in for an undocumented one: it shows what
            # the cosmetic work was for only when the encounter has no other diagnosis
            if dx.origin != "encounter" or len(ctx.enc.diagnoses) == 1:
                cosmetic_dx.update(normalize_dx(d) for d in dx.codes)
        visit_dx = [normalize_dx(d) for d in (visit.diagnoses or ctx.enc.diagnoses)]
        if not visit_dx and not procs:
            return
        if any(not (d.startswith("Z41") or d in cosmetic_dx) for d in visit_dx):
            return
        if ctx.mode == "code":
            lines = tuple(i for i, ln in enumerate(ctx.coding.lines) if ln.family == "visit")
        else:
            lines = tuple(b.index for b in ctx.billed if b.code == visit.code)
        work = ", ".join(p.id for p in procs) or "no procedure"
        addressed = ", ".join(visit_dx) or "no diagnosis"
        yield Hit(
            message=f"E/M {visit.code} addressed only cosmetic concerns ({addressed}; cosmetic work: {work})"
            ": it is not a covered evaluation",
            fix=f"Bill {visit.code} to the patient with the cosmetic work, or, if the visit also "
            "addressed a separate medical problem, document it and point the E/M at that diagnosis",
            lines=lines,
            procedures=tuple(p.id for p in procs),
            facts=(("/visit/code", visit.code),),
        )
