"""Adjacent tissue transfer or rearrangement, 14000–14061 and 14301/+14302 (CPT).

Knowledge: the area is the primary plus the secondary defect, in sq cm; by the flap's anatomic
group (trunk 1400x; scalp, arms, legs 1402x; forehead, cheeks, chin, mouth, neck, axillae,
genitalia, hands, feet 1404x; eyelids, nose, ears, lips 1406x), 10 sq cm or less → last digit 0,
10.1–30.0 → 1; over 30 sq cm, any area: 14301 (30.1–60.0) plus +14302 for each additional
30.0 sq cm or part. The flap includes excision of the lesion (RULES 3.10) and the closure of
its defect, so the excision and repair coders leave an excision or repair of the same ``lesion``
uncoded. One line per code (several flaps of one code and diagnosis share a line with units).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.coding.diagnosis import diagnosis_for
from dermclaim.coding.skin_surgery import FlapCode, cm, flap_code, group_label
from dermclaim.document import AdjacentTissueTransfer, Encounter, Excision
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet


@dataclass(frozen=True, slots=True)
class Flap:
    pid: str
    site: Site
    area_sq_cm: float
    code: FlapCode
    diagnoses: tuple[str, ...]
    excisions: tuple[str, ...]  # excisions of the same lesion, included in the flap

    def because(self) -> str:
        where = (
            "any area"
            if self.code.primary == "14301"
            else group_label(self.site.groups.get("adjacent_tissue_transfer"))
        )
        text = (
            f"adjacent tissue transfer of the {self.site.label} ({where}): defect "
            f"{cm(self.area_sq_cm)} sq cm (primary + secondary), {self.code.band}"
        )
        if self.excisions:
            text += f"; includes the excision of the lesion ({', '.join(self.excisions)})"
        return text


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    del tables, options
    fates: dict[str, Fate] = {}
    flaps: list[Flap] = []
    for proc in enc.procedures:
        if not isinstance(proc, AdjacentTissueTransfer):
            continue
        site = sites[proc.id]
        fc = flap_code(site.groups.get("adjacent_tissue_transfer"), proc.area_sq_cm)
        if fc is None:
            fates[proc.id] = Fate(
                "not_coded",
                f"no adjacent tissue transfer group for the {site.label}; code it by hand",
                "not_coded",
            )
            continue
        excisions = tuple(
            p.id
            for p in enc.procedures
            if isinstance(p, Excision) and proc.lesion and p.lesion == proc.lesion
        )
        flaps.append(Flap(proc.id, site, proc.area_sq_cm, fc, diagnosis_for(enc, proc).codes, excisions))
        add_on = f" + 14302 × {fc.add_on_units}" if fc.add_on_units else ""
        fates[proc.id] = Fate("coded", f"adjacent tissue transfer {fc.primary}{add_on}")
    lines: list[CodedLine] = []
    grouped: dict[tuple[str, tuple[str, ...]], list[Flap]] = {}
    for flap in flaps:
        grouped.setdefault((flap.code.primary, flap.diagnoses), []).append(flap)
    for (primary, dx), members in grouped.items():
        ids = tuple(f.pid for f in members)
        lines.append(
            CodedLine(
                code=primary,
                units=len(members),
                modifiers=(),
                diagnoses=dx,
                procedures=ids,
                because="; ".join(f.because() for f in members),
                family="adjacent_tissue_transfer",
            )
        )
        extra = sum(f.code.add_on_units for f in members)
        if extra:
            lines.append(
                CodedLine(
                    code="14302",
                    units=extra,
                    modifiers=(),
                    diagnoses=dx,
                    procedures=tuple(f.pid for f in members if f.code.add_on_units),
                    because=f"{extra} × each additional 30.0 sq cm or part beyond 60.0 sq cm "
                    "(add-on to 14301)",
                    family="adjacent_tissue_transfer",
                )
            )
    return FamilyCoding(lines=tuple(lines), fates=fates, facts={"att.flaps": tuple(flaps)})
