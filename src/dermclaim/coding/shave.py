"""Shave removal of epidermal or dermal lesions, 11300–11313 (RULES.md §2).

Knowledge: the size is the lesion diameter only, margins give nothing (§2.2); four bands
(≤0.5, 0.6–1.0, 1.1–2.0, >2.0 cm) within three site groups (§2.3); each lesion is reported
(§2.4): lesions with the same code and diagnosis share one line with units. Skin codes do not
apply at the lip vermilion and mucosa, eyelid margin, nail unit and ear canal, so a shave there
is not coded and says so. A biopsy of a shaved lesion is the biopsy coder's business (it is
included in the removal, RULES 2.5, and BX007 reports it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dermclaim.coding import CodedLine, FamilyCoding, Fate
from dermclaim.coding.bands import shave_code, shave_digit
from dermclaim.coding.diagnosis import diagnosis_for
from dermclaim.coding.skin_surgery import SHAVE_BANDS, cm, group_label
from dermclaim.document import Encounter, ShaveRemoval
from dermclaim.options import Options
from dermclaim.sites import Site
from dermclaim.tables import TableSet


@dataclass(frozen=True, slots=True)
class ShavedLesion:
    pid: str
    site: Site
    diameter_cm: float
    code: str
    diagnoses: tuple[str, ...]

    def because(self) -> str:
        return (
            f"shave removal of a {cm(self.diameter_cm)} cm lesion of the {self.site.label} "
            f"({group_label(self.site.groups.get('shave'))}, {SHAVE_BANDS[shave_digit(self.diameter_cm)]}; "
            "lesion diameter only, margins do not count)"
        )


def code(enc: Encounter, sites: Mapping[str, Site], tables: TableSet, options: Options) -> FamilyCoding:
    del tables, options  # bands and groups are CPT structure, not a CMS table
    fates: dict[str, Fate] = {}
    shaved: list[ShavedLesion] = []
    for proc in enc.procedures:
        if not isinstance(proc, ShaveRemoval):
            continue
        site = sites[proc.id]
        code_ = shave_code(site, proc.diameter_cm) if site.skin_codes_apply else None
        if code_ is None:
            note = (site.site_specific_codes or {}).get("note", "").rstrip(".")
            fates[proc.id] = Fate(
                "not_coded",
                f"skin shave codes 11300–11313 do not apply at the {site.label}"
                f"{': ' + note if note else ''}; code the site's own procedure by hand",
                "non_skin_site",
            )
            continue
        shaved.append(ShavedLesion(proc.id, site, proc.diameter_cm, code_, diagnosis_for(enc, proc).codes))
        fates[proc.id] = Fate("coded", f"shave removal code {code_}")
    grouped: dict[tuple[str, tuple[str, ...]], list[ShavedLesion]] = {}
    for les in shaved:
        grouped.setdefault((les.code, les.diagnoses), []).append(les)
    lines = []
    for (code_, dx), members in grouped.items():
        because = "; ".join(m.because() for m in members)
        if len(members) > 1:
            because = f"{len(members)} lesions shaved, each reported ({code_} × {len(members)}): {because}"
        lines.append(
            CodedLine(
                code=code_,
                units=len(members),
                modifiers=(),
                diagnoses=dx,
                procedures=tuple(m.pid for m in members),
                because=because,
                family="shave",
            )
        )
    return FamilyCoding(lines=tuple(lines), fates=fates, facts={"shave.lesions": tuple(shaved)})
