"""A drug administration the engine could not code.

## What it checks
Documented drugs whose administration did not become a line: an intravenous drug without an
infusion time, an intravenous drug given in 15 minutes or less (an IV push, 96374, not coded by this
version), a second intravenous drug (sequential or concurrent infusion, not coded by this
version), botulinum toxin (its administration is a chemodenervation code), and an intralesional
drug without the `intralesional_injection` procedure that codes 11900/11901.

## Why it matters
An administration left off is lost revenue; one coded without the documented time or lesions
would be unsupported. The engine says what is missing instead of guessing.

## Fix safety
Display-only: complete the documentation or code the administration by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.drugs._common import admin_plan
from dermclaim.rules.sources import DRUG_ADMINISTRATION

_FIELD = {
    "infusion_time_missing": "infusion_minutes",
    "not_an_infusion": "infusion_minutes",
    "additional_infusion": "route",
    "chemodenervation": "drug",
    "intralesional_undocumented": "route",
}


class DrugAdministrationNotCoded(Rule):
    name = "drug-administration-not-coded"
    triggers = frozenset({"drug", "light"})
    summary = "Drug administration that could not be coded (infusion time, push, second infusion, …)"
    severity = "warning"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (DRUG_ADMINISTRATION,)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        for note in admin_plan(ctx).notes:
            yield Hit(
                message=note.message,
                fix=note.fix,
                procedures=(note.pid,),
                facts=((f"/procedures/{note.index}/{_FIELD.get(note.cause, 'route')}", None),),
            )
