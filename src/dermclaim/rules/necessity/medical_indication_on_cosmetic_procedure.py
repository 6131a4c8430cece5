"""A procedure documented as cosmetic whose note documents a medical indication.

## What it checks
Dual-purpose procedures whose documented purpose is "cosmetic" (so dermclaim bills them to the
patient) while the note documents, affirmed and current, an indication the coverage policy
accepts: bleeding, itching, pain, inflammation, infection, recent growth or colour change,
concern for malignancy, obstruction, repeated trauma, functional impairment, pathology-confirmed
disease (for a peel: actinic keratoses or acne; for botulinum toxin: primary hyperhidrosis).

## Why it matters
A medically necessary service is not cosmetic because the form says so. For a Medicare patient
the physician must file the claim for a covered service (mandatory claim submission); charging
the patient privately for it, under a cosmetic waiver, is a compliance problem. The reverse case
(cosmetic work billed as medical) is NEC001.

## Fix safety
Unsafe: a person decides whether the indication was the reason for the procedure. If it was,
set the purpose to "medical" and bill the payer; if the patient chose removal for appearance
despite a minor symptom, document that. Low confidence: the verdict comes from text analysis and
the mandatory-claim rule is not in the rules reference.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.necessity._common import assessments, describe, index, note_facts, quote
from dermclaim.rules.sources import BENIGN_LESION_LCD, MANDATORY_CLAIM_SUBMISSION


class MedicalIndicationOnCosmeticProcedure(Rule):
    name = "medical-indication-on-cosmetic-procedure"
    summary = "Procedure documented as cosmetic although the note documents a medical indication"
    severity = "warning"
    fix_safety = "unsafe"
    confidence = "low"
    modes = frozenset({"code", "scrub"})
    sources = (MANDATORY_CLAIM_SUBMISSION, BENIGN_LESION_LCD)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        where = index(ctx)
        for pid, a in assessments(ctx).items():
            if a.declared != "cosmetic":
                continue
            medical = a.supporting("medical")
            if not medical:
                continue
            payer = "Medicare" if ctx.enc.payer.kind == "medicare" else "the payer"
            yield Hit(
                message=f"{describe(ctx, pid, a)} is documented as cosmetic, but the note documents "
                f"{quote(medical)}",
                fix=f"If that indication was the reason for {pid}, set its purpose to 'medical' and bill "
                f"{payer}; if the patient chose it for appearance alone, say so in the note",
                procedures=(pid,),
                facts=((f"/procedures/{where[pid]}/purpose", "cosmetic"), *note_facts(medical)),
            )
