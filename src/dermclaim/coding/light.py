"""Phototherapy, excimer laser, photodynamic therapy and patch testing.

Knowledge (RULES.md §8, CPT descriptors as paraphrased there): 96900 is actinotherapy, UV light
alone (UVB, narrowband UVB or UVA without a photosensitizer); 96910 is tar or petrolatum with
UVB, and only when staff apply the topical (applied by the patient at home it is 96900); 96912 is
psoralens with UVA (PUVA); 96913 is Goeckerman or PUVA for severe photoresponsive dermatoses
needing 4 to 8 hours of supervised care; 96920 / 96921 / 96922 are laser treatment for
inflammatory skin disease by total area treated (< 250, 250–500, > 500 sq cm). Photodynamic therapy
is 96567 when staff apply the photosensitizer, 96573 when a physician or other qualified
professional applies it, 96574 with debridement of the lesions before it (96573/96574 from
2018-01-01; before that 96567 only); its drug line is coded with the other drugs
(coding/drug.py). Patch tests are 95044, one unit per allergen applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.document import (
    Encounter,
    PatchTest,
    PhotodynamicTherapy,
    Phototherapy,
    _Procedure,
    normalize_dx,
)
from dermclaim.dx_support import support_table
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet

PHOTOTHERAPY_CODES = frozenset({"96900", "96910", "96912", "96913"})
EXCIMER_CODES = frozenset({"96920", "96921", "96922"})
PDT_CODES = frozenset({"96567", "96573", "96574"})
PATCH_TEST = "95044"
OWNS = PHOTOTHERAPY_CODES | EXCIMER_CODES | PDT_CODES | {PATCH_TEST}
PDT_PHYSICIAN_FROM = date(2018, 1, 1)
MEANING = {
    "96900": "actinotherapy, UV light alone",
    "96910": "tar or petrolatum + UVB",
    "96912": "psoralen + UVA (PUVA)",
    "96913": "Goeckerman or PUVA with 4-8 supervised hours",
    "96920": "laser, less than 250 sq cm",
    "96921": "laser, 250 to 500 sq cm",
    "96922": "laser, more than 500 sq cm",
    "96567": "photodynamic therapy, drug applied by staff",
    "96573": "photodynamic therapy, drug applied by a physician/QHP",
    "96574": "photodynamic therapy with debridement, drug applied by a physician/QHP",
    "95044": "patch tests, per allergen",
}
"""Short meanings of the light-family codes for messages (our words, not CPT descriptors)."""
GOECKERMAN_HOURS = 4.0


@dataclass(frozen=True, slots=True)
class LightPlan:
    """What one documented light-therapy or patch-test procedure is coded as, or why not."""

    pid: str
    index: int
    kind: str  # "phototherapy", "excimer", "pdt", "patch_test"
    code: str | None
    units: int
    because: str
    cause: str = ""  # hold cause when code is None
    reason: str = ""
    fix: str = ""

    def pointer(self, field_name: str) -> str:
        return f"/procedures/{self.index}/{field_name}"


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    del sites, tables
    plans = plan(enc)
    lines: list[CodedLine] = []
    fates: dict[str, Fate] = {}
    documented = [normalize_dx(d) for d in enc.diagnoses]
    dx_table = support_table(options.dx_support_file)
    by_id = {p.id: p for p in enc.procedures}
    for pl in plans:
        if pl.code is None:
            fates[pl.pid] = Fate("hold", pl.reason, pl.cause)
            continue
        proc = by_id[pl.pid]
        dx = (normalize_dx(proc.diagnosis),) if proc.diagnosis else dx_table.choose(pl.code, documented)
        lines.append(CodedLine(pl.code, pl.units, (), dx, (pl.pid,), pl.because, "light"))
        fates[pl.pid] = Fate("coded", f"{pl.code}{f' × {pl.units}' if pl.units > 1 else ''}")
    return FamilyCoding(lines=tuple(lines), fates=fates, facts={"light.plans": tuple(plans)})


def planned_codes(enc: Encounter) -> list[str]:
    """The codes the light family will bill for ``enc`` (for NCCI pairs with drug administration)."""
    return [pl.code for pl in plan(enc) if pl.code is not None]


def plan(enc: Encounter) -> list[LightPlan]:
    out: list[LightPlan] = []
    for i, proc in enumerate(enc.procedures):
        if isinstance(proc, Phototherapy):
            out.append(_excimer(i, proc) if proc.modality == "excimer" else _phototherapy(i, proc))
        elif isinstance(proc, PhotodynamicTherapy):
            out.append(_pdt(i, proc, enc.date_of_service))
        elif isinstance(proc, PatchTest):
            n = proc.allergens
            out.append(
                LightPlan(
                    proc.id,
                    i,
                    "patch_test",
                    PATCH_TEST,
                    n,
                    f"patch tests with {n} allergen{'s' if n != 1 else ''}: {PATCH_TEST}, one unit per test",
                )
            )
    return out


_MODALITY = {
    "uvb": "broadband UVB",
    "nbuvb": "narrowband UVB",
    "uva": "UVA without a psoralen",
    "puva": "psoralen + UVA (PUVA)",
    "tar_uvb": "tar + UVB (Goeckerman)",
    "petrolatum_uvb": "petrolatum + UVB",
}


def _phototherapy(i: int, proc: Phototherapy) -> LightPlan:
    what = _MODALITY[proc.modality]
    hours = proc.supervised_hours
    long_day = hours is not None and hours >= GOECKERMAN_HOURS
    if proc.modality in ("puva", "tar_uvb") and long_day:
        return LightPlan(
            proc.id,
            i,
            "phototherapy",
            "96913",
            1,
            f"{what} with {hours:g} hours of care under direct supervision: 96913 (Goeckerman and/or "
            "PUVA for severe photoresponsive dermatoses, at least 4 to 8 hours; includes applying "
            "the medication and dressings)",
        )
    if proc.modality in ("uvb", "nbuvb", "uva"):
        extra = (
            f"; {hours:g} supervised hours do not make it 96913, which is Goeckerman or PUVA only"
            if long_day
            else ""
        )
        return LightPlan(
            proc.id, i, "phototherapy", "96900", 1, f"{what}: actinotherapy, UV light alone: 96900{extra}"
        )
    if proc.modality == "puva":
        return LightPlan(proc.id, i, "phototherapy", "96912", 1, f"{what}: photochemotherapy 96912")
    # tar or petrolatum with UVB: the code depends on who applied the topical
    if proc.topical_applied_by == "staff":
        return LightPlan(
            proc.id,
            i,
            "phototherapy",
            "96910",
            1,
            f"{what} with the topical applied by staff before the UVB: photochemotherapy 96910",
        )
    if proc.topical_applied_by == "patient":
        return LightPlan(
            proc.id,
            i,
            "phototherapy",
            "96900",
            1,
            f"{what} with the topical applied by the patient, not staff: 96910 requires staff "
            "application, so the UVB is actinotherapy 96900",
        )
    return LightPlan(
        proc.id,
        i,
        "phototherapy",
        None,
        0,
        "",
        "topical_applied_by_missing",
        f"{what} ({proc.id}): 96910 if staff applied the topical before the UVB, 96900 if the "
        "patient applied it; the note does not say who did",
        f"Document who applied the topical of {proc.id} (topical_applied_by: staff or patient)",
    )


def excimer_code(area: float) -> str:
    """96920 below 250 sq cm, 96921 from 250 to 500, 96922 above 500 (total area per session)."""
    if area < 250:
        return "96920"
    return "96921" if area <= 500 else "96922"


_BAND = {"96920": "less than 250 sq cm", "96921": "250 to 500 sq cm", "96922": "more than 500 sq cm"}


def _excimer(i: int, proc: Phototherapy) -> LightPlan:
    if proc.area_sq_cm is None:
        return LightPlan(
            proc.id,
            i,
            "excimer",
            None,
            0,
            "",
            "excimer_area_missing",
            f"excimer laser ({proc.id}) without the total area treated: 96920, 96921 and 96922 "
            "are chosen by area (< 250, 250–500, > 500 sq cm)",
            f"Document the total area treated by {proc.id} (area_sq_cm)",
        )
    c = excimer_code(proc.area_sq_cm)
    return LightPlan(
        proc.id,
        i,
        "excimer",
        c,
        1,
        f"excimer laser for inflammatory skin disease, {proc.area_sq_cm:g} sq cm in all: {c} ({_BAND[c]})",
    )


def _pdt(i: int, proc: PhotodynamicTherapy, dos: date) -> LightPlan:
    agent = proc.agent.replace("_", " ")
    if dos < PDT_PHYSICIAN_FROM:
        return LightPlan(
            proc.id,
            i,
            "pdt",
            "96567",
            1,
            f"photodynamic therapy with {agent} before 2018-01-01: 96567 (96573/96574 start 2018-01-01)",
        )
    if proc.applied_by == "physician":
        if proc.debridement:
            return LightPlan(
                proc.id,
                i,
                "pdt",
                "96574",
                1,
                f"lesions debrided, then {agent} applied and illuminated by a physician/QHP: 96574",
            )
        return LightPlan(
            proc.id, i, "pdt", "96573", 1, f"{agent} applied and illuminated by a physician/QHP: 96573"
        )
    if proc.applied_by == "staff":
        extra = (
            "; the debridement does not make it 96574, which needs physician/QHP application"
            if proc.debridement
            else ""
        )
        return LightPlan(
            proc.id,
            i,
            "pdt",
            "96567",
            1,
            f"{agent} applied by staff, then illuminated: 96567 (each exposure session){extra}",
        )
    return LightPlan(
        proc.id,
        i,
        "pdt",
        None,
        0,
        "",
        "pdt_applied_by_missing",
        f"photodynamic therapy ({proc.id}): 96567 when staff apply {agent}, 96573 when a "
        "physician or other qualified professional applies it (96574 with debridement); the note "
        "does not say who applied it",
        f"Document who applied the photosensitizer of {proc.id} (applied_by: staff or physician) "
        "and whether the lesions were debrided first",
    )


def procedure_at(enc: Encounter, pid: str) -> _Procedure | None:
    return next((p for p in enc.procedures if p.id == pid), None)
