"""Malignant destruction codes that differ from the documented sites and diameters.

## What it checks
The billed 17260–17286 codes against one code per documented malignant or in situ lesion, chosen
by the site's malignant-destruction group (trunk, arms, legs 1726x; scalp, neck, hands, feet,
genitalia 1727x; face, ears, eyelids, nose, lips, mucous membrane 1728x) and the diameter band
(≤0.5, ≤1.0, ≤2.0, ≤3.0, ≤4.0, >4.0 cm → last digit 0, 1, 2, 3, 4, 6). When the final curettage
defect is documented, the band follows the setting `malignant_destruction_size` ("defect" by
default, per AAD advice); a claim coded on the other diameter is a warning, not an error.

## Why it matters
A wrong site group or size band changes the payment and is a classic audit finding; several
lesions billed as one code, or one lesion billed twice, is over- or under-billing.

## Fix safety
Safe when every destruction has its site and diameter documented (the codes follow from them).
Held destructions (missing diameter, pending pathology) are reported by DES006 and this rule stays
silent until they are documented.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from dermclaim.coding.destruction import MALIGNANT_CODES
from dermclaim.document import Destruction
from dermclaim.rules.base import Context, Hit, Rule
from dermclaim.rules.destruction._common import describe, expected, treated, units
from dermclaim.rules.sources import AAD_CURETTAGE_DEFECT, MALIGNANT_DESTRUCTION_BANDS


class MalignantDestructionCodeDiffersFromDocumentation(Rule):
    name = "malignant-destruction-code-differs-from-documentation"
    triggers = frozenset({"destruction", "skin_tag_removal", "intralesional_injection", "chemical_peel"})
    summary = "17260–17286 codes differ from the documented lesion sites and diameters"
    severity = "error"
    fix_safety = "safe"
    confidence = "high"
    modes = frozenset({"scrub"})
    sources = (MALIGNANT_DESTRUCTION_BANDS, AAD_CURETTAGE_DEFECT)

    @classmethod
    def check(cls, ctx: Context) -> Iterator[Hit]:
        if any(
            isinstance(p, Destruction) and ctx.coding.fates[p.id].status in ("hold", "not_coded")
            for p in ctx.enc.procedures
        ):
            return  # DES006 asks for the missing documentation first
        billed = ctx.billed_codes(MALIGNANT_CODES)
        want_lines = expected(ctx, MALIGNANT_CODES)
        got, want = units(billed), units(want_lines)
        if got == want:
            return
        lesions = [t for t in treated(ctx) if t.code is not None]
        documented = (
            "; ".join(f"{t.proc}: {t.size_basis} {t.size_cm:g} cm → {t.code}" for t in lesions)
            or "no malignant destruction"
        )
        other: Counter[str] = Counter(t.alternative_code or t.code for t in lesions if t.code)
        lines = tuple(b.index for b in billed)
        procs = tuple(t.proc for t in lesions)
        if billed and got == other:
            setting = ctx.options.malignant_destruction_size
            yield Hit(
                message=f"{describe(billed)} billed: that is the coding on the "
                f"{'lesion diameter' if setting == 'defect' else 'final curettage defect'}; with "
                f"malignant_destruction_size='{setting}' the documentation gives {describe(want_lines)} "
                f"({documented})",
                fix=f"Bill {describe(want_lines)}, or set malignant_destruction_size for this payer",
                lines=lines,
                procedures=procs,
                severity="warning",
                confidence="medium",
                fix_safety="unsafe",
            )
            return
        if not billed:
            yield Hit(
                message=f"no malignant destruction code billed, but the note documents {documented}: "
                "under-billing",
                fix=f"Bill {describe(want_lines)}",
                procedures=procs,
                severity="warning",
            )
            return
        n_got, n_want = sum(got.values()), sum(want.values())
        count = f"{n_got} lesion codes billed for {n_want} documented lesions; " if n_got != n_want else ""
        yield Hit(
            message=f"{describe(billed)} billed; {count}the documentation gives {describe(want_lines)} "
            f"({documented})",
            fix=f"Bill {describe(want_lines)}" if want_lines else "Remove " + ", ".join(sorted(got)),
            lines=lines,
            procedures=procs,
            fix_safety="safe" if want_lines else "display-only",
        )
