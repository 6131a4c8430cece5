"""A line's diagnosis taken from several encounter diagnoses without a documented link.

## What it checks
Procedures coded onto claim lines whose diagnosis the documentation does not link to them: no
`diagnosis` on the procedure, no pathology result for its specimen, and more than one diagnosis
on the encounter. The engine then points the line at the first (most important) encounter
diagnosis and says so here, rather than choosing silently.

## Why it matters
Each line must point at the diagnosis that supports it. A Mohs line of a trunk tumor pointing at
the nasal tumor's code, or a destruction line pointing at a nevus, is denied for medical necessity
and fails an audit's comparison of the claim with the note.

## Fix safety
Display-only: link the procedure to its diagnosis (`diagnosis` on the procedure, or its specimen's
pathology result); only the note can say which.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.diagnosis import diagnosis_for
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.sources import CMS_1500_POINTERS


class LineDiagnosisNotLinkedToProcedure(Rule):
    name = "line-diagnosis-not-linked-to-procedure"
    summary = "Line diagnosis chosen from several encounter diagnoses without a documented link"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (CMS_1500_POINTERS,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if len(ctx.enc.diagnoses) < 2:
            return
        coded = {pid for line in ctx.coding.lines for pid in line.procedures}
        unlinked = [
            (i, proc.id)
            for i, proc in enumerate(ctx.enc.procedures)
            if proc.id in coded and diagnosis_for(ctx.enc, proc).origin == "encounter"
        ]
        if not unlinked:
            return
        ids = ", ".join(pid for _, pid in unlinked)
        first = ctx.enc.diagnoses[0]
        yield Hit(
            message=f"the lines of {ids} point at {first}, the first of {len(ctx.enc.diagnoses)} "
            f"encounter diagnoses ({', '.join(ctx.enc.diagnoses)}), because the documentation does "
            "not link a diagnosis to them",
            fix=f'Link each of {ids} to its diagnosis: set its "diagnosis", or record the '
            "pathology result of its specimen",
            procedures=tuple(pid for _, pid in unlinked),
            facts=(
                *((f"/procedures/{i}/diagnosis", None) for i, _ in unlinked),
                ("/diagnoses", list(ctx.enc.diagnoses)),
            ),
        )
