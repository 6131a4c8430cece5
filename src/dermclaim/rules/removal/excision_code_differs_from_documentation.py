"""An excision code that the documented lesion, margins, behavior and site do not support.

## What it checks
Each billed excision code (11400–11446, 11600–11646) against the excisions documented: the
excised diameter (greatest lesion diameter + 2 × the narrowest margin, before excision), the
family (benign or malignant, from the documented behavior or the pathology of the specimen),
and the site group. It names the reason for each difference: a band taken from the lesion
without its margins, from the ellipse or the shrunken specimen, the wrong family or site group.
It also reports a same-session re-excision billed as a second code, an excision code with no
documented excision, and a documented excision that is not billed (warning).

## Why it matters
Excision codes are chosen by size, site and pathology, and auditors re-measure from the note:
sizing from the lesion alone under-codes (11401 for a 1.0 cm lesion excised with 0.2 cm margins
is 11402), sizing from the ellipse or repair length over-codes, and a benign code for a
malignancy (or the reverse) is denied or recouped when the pathology report is read.

## Fix safety
Safe when the note documents the diameter, the margin and the behavior; otherwise unsafe
(the code rests on what is documented, which may be incomplete).
"""

from __future__ import annotations

from collections.abc import Iterator

from dermclaim.coding.excision import ExcisionUnit
from dermclaim.coding.skin_surgery import EXCISION_CODES
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.removal._common import (
    behavior_pointer,
    classify_extras,
    describe,
    excision_audit,
    excision_fully_documented,
    expected,
    fate_ids,
    pointer,
    procedures_of,
)
from dermclaim.rules.sources import (
    CPT_EACH_LESION_EXCISED,
    CPT_EXCISED_DIAMETER,
    EXCISION_FAMILY_FROM_PATHOLOGY,
    RE_EXCISION_SAME_SESSION,
)


class ExcisionCodeDiffersFromDocumentation(Rule):
    name = "excision-code-differs-from-documentation"
    triggers = frozenset({"shave", "excision", "adjacent_tissue_transfer"})
    summary = "Billed excision code differs from the documented excised diameter, behavior or site"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (
        CPT_EXCISED_DIAMETER,
        EXCISION_FAMILY_FROM_PATHOLOGY,
        CPT_EACH_LESION_EXCISED,
        RE_EXCISION_SAME_SESSION,
    )
    effective_from = CPT_EXCISED_DIAMETER.effective_from

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        audit = excision_audit(ctx)
        should = describe(expected(ctx, EXCISION_CODES))
        for pair in audit.pairs:
            unit = pair.lesion
            assert isinstance(unit, ExcisionUnit)
            certain = excision_fully_documented(unit)
            want = pair.want or f"the {unit.site.label} excision's code once pathology is back"
            yield Hit(
                message=f"{pair.code} billed for excision {unit.lead} of the {unit.site.label}: {pair.why}",
                fix=f"Bill {want} instead of {pair.code}",
                lines=(pair.billed.index,),
                procedures=unit.ids,
                facts=_facts(ctx, unit),
                fix_safety="safe" if certain else "unsafe",
                confidence="high" if certain else "medium",
            )
        re_excised = fate_ids(ctx, "re_excised_same_session")
        for billed, code_, label in classify_extras(ctx, audit.extra, "excision"):
            if label == "re_excision":
                yield Hit(
                    message=f"{code_} billed for a re-excision at the same session "
                    f"({', '.join(re_excised)}): the excision and its re-excision are one lesion, "
                    "one code on the final widest excised diameter",
                    fix=f"Remove {code_}; bill {should}",
                    lines=(billed.index,),
                    procedures=tuple(re_excised),
                    facts=tuple((pointer(ctx, p, "re_excision_of"), p) for p in re_excised),
                )
            elif label == "undocumented":
                yield Hit(
                    message=f"{code_} billed, but no documented excision is left to support it "
                    f"(documented excisions code as {should})",
                    fix=f"Remove {code_}, or document the excision it stands for",
                    lines=(billed.index,),
                )
        for lesion, code_ in audit.missing:
            ids = procedures_of(lesion)
            what = (
                f"excision {', '.join(ids)} is documented and codes as {code_}"
                if ids
                else (f"{code_} is coded from the documented procedures")
            )
            yield Hit(
                message=f"{what}, but no excision code for it is billed",
                fix=f"Bill {code_}",
                procedures=ids,
                severity="warning",
            )


def _facts(ctx: Context, unit: ExcisionUnit) -> tuple[tuple[str, object], ...]:
    out: list[tuple[str, object]] = []
    for les in unit.lesions:
        out.append((pointer(ctx, les.lead, "diameter_cm"), les.lesion_cm))
        if les.margin_cm is not None:
            out.append((pointer(ctx, les.lead, "margin_cm"), les.margin_cm))
        if les.behavior is not None:
            out.append((behavior_pointer(ctx, les.ids), les.behavior))
    return tuple(out)
