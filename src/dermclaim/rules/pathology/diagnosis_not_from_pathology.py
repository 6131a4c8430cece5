"""A billed line whose diagnosis ignores the pathology result.

## What it checks
When a procedure's specimen has a pathology diagnosis, the billed line of that procedure points
at that diagnosis.

## Why it matters
Outpatient claims are coded to the highest certainty known when coding: once the pathology report
is back, the line's diagnosis is the pathology diagnosis (for example C44.311 for a basal cell
carcinoma, not the working diagnosis D48.5 or L98.9). A stale diagnosis is the usual reason a
malignant excision or a Mohs line is denied for medical necessity.

## Fix safety
Safe: the pathology report determines the diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.diagnosis import pathology_for
from dermclaim.document import normalize_dx
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import PATHOLOGY_FINAL_DX


class DiagnosisNotFromPathology(Rule):
    name = "diagnosis-not-from-pathology"
    summary = "Billed line's diagnosis does not reflect the pathology result"
    severity = "warning"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (PATHOLOGY_FINAL_DX,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        billed_by_code: dict[str, list[int]] = {}
        for b in ctx.billed:
            billed_by_code.setdefault(b.code, []).append(b.index)
        for line in ctx.coding.lines:
            for pid in line.procedures:
                proc = next(p for p in ctx.enc.procedures if p.id == pid)
                path = pathology_for(ctx.enc, proc.specimen)
                if path is None or not path.diagnosis or proc.diagnosis:
                    continue
                want = normalize_dx(path.diagnosis)
                for idx in billed_by_code.get(line.code, []):
                    have = ctx.billed[idx].diagnoses
                    if want not in have:
                        p = ctx.enc.pathology.index(path)
                        yield Hit(
                            message=f"line {idx + 1} ({line.code}) points at "
                            f"{', '.join(have) or 'no diagnosis'} but pathology of specimen "
                            f"{path.specimen!r} reports {want}",
                            fix=f"Point line {idx + 1} at {want}",
                            lines=(idx,),
                            procedures=(pid,),
                            facts=((f"/pathology/{p}/diagnosis", path.diagnosis),),
                        )
