"""ICD-10-CM diagnoses on an encounter dated before ICD-10 took effect.

## What it checks
An encounter with diagnoses (documented, per procedure, from pathology or on the billed lines)
whose date of service is before 2015-10-01, when ICD-9-CM was the
code set for claims.

## Why it matters
A claim for a date of service before 2015-10-01 must carry ICD-9-CM codes; ICD-10-CM codes are
rejected. (dermclaim checks ICD-10-CM only.)

## Fix safety
Display-only: code the diagnoses in ICD-9-CM, or correct the date of service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.diagnosis._common import places
from dermclaim.rules.sources import ICD10_COMPLIANCE_DATE

ICD10_FROM = dt.date(2015, 10, 1)


class Icd10BeforeEffectiveDate(Rule):
    name = "icd10-before-effective-date"
    summary = "ICD-10-CM diagnoses on a date of service before 2015-10-01"
    severity = "error"
    fix_safety = "display-only"
    confidence = "high"
    modes = frozenset({"code", "scrub"})
    sources = (ICD10_COMPLIANCE_DATE,)
    effective_to = ICD10_FROM - dt.timedelta(days=1)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        found = places(ctx)
        if not found:
            return
        lines = sorted({i for place in found for i in place.lines})
        yield Hit(
            message=f"date of service {ctx.enc.date_of_service} is before 2015-10-01, but the encounter "
            f"carries ICD-10-CM diagnoses ({', '.join(place.code for place in found)})",
            fix="Code the diagnoses in ICD-9-CM for this date of service, or correct the date",
            lines=tuple(lines),
            facts=(
                ("/date_of_service", str(ctx.enc.date_of_service)),
                *((place.pointers[0], place.code) for place in found),
            ),
        )
