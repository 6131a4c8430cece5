"""A neoplasm-of-uncertain-behavior code without a pathology report saying so.

## What it checks
Diagnoses in D37–D48 (for skin, D48.5) are used only when a pathology entry of the encounter
reports `behavior: uncertain`.

## Why it matters
ICD-10-CM reserves D37–D48 for neoplasms whose histology cannot say benign or malignant. Using
D48.5 for a lesion awaiting biopsy is a common error that several web sites even recommend; the
right code while pathology is pending is D49.2 (neoplasm of unspecified behavior) or a sign code
such as R22.x, or the claim waits for the report.

## Fix safety
Display-only: the coder chooses D49.2, an R22 code, or the pathology diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.document import normalize_dx
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import ICD10_UNCERTAIN_BEHAVIOR


def _uncertain(code: str) -> bool:
    head = code[:3]
    return head[0] == "D" and head[1:].isdigit() and 37 <= int(head[1:]) <= 48


class UncertainBehaviorWithoutPathology(Rule):
    name = "uncertain-behavior-without-pathology"
    summary = "D37–D48 (e.g. D48.5) used without pathology reporting uncertain behavior"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (ICD10_UNCERTAIN_BEHAVIOR,)
    effective_from = ICD10_UNCERTAIN_BEHAVIOR.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if any(p.behavior == "uncertain" for p in ctx.enc.pathology):
            return
        places: list[tuple[str, str, tuple[int, ...]]] = []
        for i, d in enumerate(ctx.enc.diagnoses):
            places.append((normalize_dx(d), f"/diagnoses/{i}", ()))
        for i, proc in enumerate(ctx.enc.procedures):
            if proc.diagnosis:
                places.append((normalize_dx(proc.diagnosis), f"/procedures/{i}/diagnosis", ()))
        for b in ctx.billed:
            for d in b.diagnoses:
                places.append((d, f"/claim_lines/{b.index}/diagnoses", (b.index,)))
        # One finding per code, naming every place it is used.
        by_code: dict[str, list[tuple[str, tuple[int, ...]]]] = {}
        for code, pointer, lines in places:
            if _uncertain(code):
                by_code.setdefault(code, []).append((pointer, lines))
        pending = (
            "pathology is not back"
            if not ctx.enc.pathology
            else "no pathology report of this encounter says uncertain behavior"
        )
        for code, where in by_code.items():
            pointers = list(dict.fromkeys(p for p, _ in where))
            yield Hit(
                message=f"{code} (neoplasm of uncertain behavior) at {', '.join(pointers)}, but {pending}",
                fix="Use the pathology diagnosis when it is back; until then D49.2 (neoplasm of "
                "unspecified behavior, if documented as a neoplasm) or an R22 sign code",
                lines=tuple(sorted({i for _, lines in where for i in lines})),
                facts=tuple((p, code) for p in pointers),
            )
