"""A dual-purpose procedure billed as medical whose note documents no indication.

## What it checks
Dual-purpose procedures (benign lesion removal or destruction, skin tags, chemical peels,
botulinum toxin, scar treatment) billed to the payer as medical when the note documents neither
an indication the coverage policy accepts nor a cosmetic reason. The message names what the note
would need — for a benign lesion: bleeding, itching, pain, irritation or inflammation, infection,
recent change or growth, colour change, atypical features or concern for malignancy,
obstruction, repeated trauma, functional impairment or pathology-confirmed disease — and which
mentions it read but did not count (negated, uncertain, hypothetical, historical, family). L82.1
(seborrheic keratosis NOS) is covered only with such an indication; L82.0 (inflamed) matches the
inflammation indication but the note must still describe the signs. Not raised when a signed ABN
covers the procedure (the practice already expects a denial: GA).

## Why it matters
The ICD-10 code does not prove medical necessity; the note does. Without a documented indication
the payer denies the removal on review, or recovers what it paid, and the patient cannot be billed
unless an ABN was signed before the service.

## Fix safety
Display-only: document the indication if it was present; if it was not, the work is cosmetic
(bill the patient under a cosmetic waiver, or GY at the patient's request); if a denial is
expected, an ABN signed before the service allows GA.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import (
    assessments,
    billed_for,
    codes_of,
    describe,
    dx_text,
    index,
    note_facts,
    payer_positions,
    routes,
    why_discounted,
)
from dermclaim.rules.sources import BENIGN_LESION_LCD, COSMETIC_EXCLUSION

_DX_NOTE = {
    "L82.1": "L82.1 (seborrheic keratosis NOS) is covered only with a documented LCD indication",
    "L82.0": "L82.0 (inflamed seborrheic keratosis) matches the inflammation indication, but the note "
    "must still describe the signs (erythema, edema, crusting, irritation)",
}


class MedicalNecessityNotDocumented(Rule):
    name = "medical-necessity-not-documented"
    summary = "Dual-purpose procedure billed as medical without a documented indication"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (BENIGN_LESION_LCD, COSMETIC_EXCLUSION)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        where = index(ctx)
        for pid, a in assessments(ctx).items():
            if a.verdict != "undocumented" or a.declared == "cosmetic":
                continue
            route = routes(ctx).get(pid)
            if route is not None and route.cause == "abn_signed":
                continue
            if ctx.mode == "scrub":
                lines = tuple(b.index for b in billed_for(ctx, pid) if "GY" not in b.modifiers)
                if not lines:
                    continue
            else:
                lines = payer_positions(ctx, pid)
            codes = "/".join(sorted(codes_of(ctx, pid))) or "its code"
            found = a.discounted()
            read = f"; mentions that do not count: {why_discounted(found)}" if found else ""
            if not a.analysed:
                read = "; the encounter has no note"
            dx_notes = [text for code, text in _DX_NOTE.items() if code in a.diagnoses]
            extra = f" ({'; '.join(dx_notes)})" if dx_notes else ""
            yield Hit(
                message=f"{describe(ctx, pid, a)} is billed as medical ({codes} with "
                f"{dx_text(a.diagnoses)}) but the note documents no indication{read}{extra}",
                fix=f"Document the indication for {pid} if it was present — one of: "
                f"{'; '.join(a.needs)}. If there was none, the work is cosmetic: bill it to the "
                "patient under a cosmetic waiver (GY if the patient asks that the payer be billed); "
                "if you expect a denial, have the patient sign an ABN before the service and "
                "report GA",
                lines=lines,
                procedures=(pid,),
                facts=((f"/procedures/{where[pid]}/type", a.kind), *note_facts(found)),
                extra_sources=(a.policy,) if a.kind != "benign_lesion" else (),
            )
