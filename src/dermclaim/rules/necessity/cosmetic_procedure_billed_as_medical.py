"""A procedure the note shows as cosmetic is billed, or documented, as medical.

## What it checks
Dual-purpose procedures (benign lesion removal or destruction, skin tags, chemical peels,
botulinum toxin, scar treatment) whose note gives only cosmetic reasons — appearance, patient
preference, "cosmetic", "unsightly", "bothersome" without symptoms, makeup trapping, emotional
distress, an asymptomatic lesion — while the documentation presents them as medical (purpose
not "cosmetic", a medical diagnosis such as L82.1 rather than Z41.1). In `scrub` it is an error
when a claim line of the procedure goes to the payer without GY (beyond the lines the medical
part of a split visit needs); in `code` dermclaim has already
billed the work to the patient (or filed it with GY at the patient's request), and the finding
is a warning to confirm, unless a signed cosmetic waiver already says the practice knew.
Negated, uncertain, hypothetical, historical and family mentions ("no bleeding", "may be
growing", "family history of melanoma") are not indications.

## Why it matters
Medicare excludes cosmetic surgery by statute, and the benign-lesion LCDs pay for removal only
with a documented indication; the ICD-10 code alone does not show one. A cosmetic removal billed
with a medical diagnosis is a false claim on audit, not merely a denial.

## Fix safety
Unsafe: a person decides. Either the work was cosmetic (bill it to the patient under a signed
cosmetic waiver, or with GY at the patient's request) or the note left out the indication
(amend the note, never the claim alone). The verdict comes from text analysis: confidence medium.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.routing import covering
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import (
    assessments,
    codes_of,
    cosmetic_with_medical_dx,
    describe,
    dx_text,
    index,
    note_facts,
    payer_positions,
    quote,
    routes,
    unexcluded,
)
from dermclaim.rules.sources import BENIGN_LESION_LCD, COSMETIC_EXCLUSION


class CosmeticProcedureBilledAsMedical(Rule):
    name = "cosmetic-procedure-billed-as-medical"
    summary = "The note gives only cosmetic reasons for a procedure billed or documented as medical"
    severity = "error"
    fix_safety = "unsafe"
    confidence = "medium"
    modes = frozenset({"code", "scrub"})
    sources = (COSMETIC_EXCLUSION, BENIGN_LESION_LCD)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        where = index(ctx)
        for pid, a in assessments(ctx).items():
            medical_dx = cosmetic_with_medical_dx(a)
            if not medical_dx:
                continue
            cues = a.supporting("cosmetic")
            codes = "/".join(sorted(codes_of(ctx, pid))) or "its code"
            what = describe(ctx, pid, a)
            facts = ((f"/procedures/{where[pid]}/purpose", a.declared), *note_facts(cues))
            said = f"the note gives only cosmetic reasons — {quote(cues)} — and no indication"
            fix_tail = (
                "If the lesion had an indication the note leaves out (bleeding, itching, pain, "
                "inflammation, growth, concern for malignancy …), amend the note instead."
            )
            if ctx.mode == "scrub":
                billed = unexcluded(ctx, pid)
                if not billed:
                    continue
                yield Hit(
                    message=f"{what} is billed to the payer as medical ({codes} with "
                    f"{dx_text(medical_dx)}), but {said}",
                    fix=f"Take {codes} for {pid} off the payer's claim and bill it to the patient under a "
                    "signed cosmetic waiver; if the patient asks that the payer be billed, report it "
                    f"with GY (and GX when a voluntary notice was signed). {fix_tail}",
                    lines=tuple(b.index for b in billed),
                    procedures=(pid,),
                    facts=facts,
                )
                continue
            if any(w.signed_on is not None for _, w in covering(ctx.enc, pid, "cosmetic")):
                continue  # the practice's own signed cosmetic waiver says it knew
            route = routes(ctx).get(pid)
            did = "billed it to the patient"
            if route is not None and route.to == "payer":
                did = f"filed it with {' '.join(route.modifiers)} at the patient's request"
            yield Hit(
                message=f"{what} is documented as medical with {dx_text(medical_dx)}, but {said}; "
                f"dermclaim {did}",
                fix=f"Confirm that {pid} was cosmetic and have the patient sign a cosmetic waiver, or "
                f"set its purpose to 'cosmetic'. {fix_tail}",
                lines=payer_positions(ctx, pid),
                procedures=(pid,),
                facts=facts,
                severity="warning",
            )
