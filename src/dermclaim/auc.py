"""The Mohs Appropriate Use Criteria (Connolly SM et al., J Am Acad Dermatol 2012;67(4):531-550).

Many Medicare contractors' Mohs policies point to these criteria and payers deny Mohs for tumors
they rate inappropriate (RULES.md §5.13–5.14). :func:`rate` gives one Mohs procedure its rating
from the table shipped in ``dermclaim/data/mohs_auc/<release>/`` (built by
``scripts/build_mohs_auc.py``; loaded once per process, checked against its manifest's SHA-256).

How a tumor is placed in the table:

* **area** H, M or L comes from the site (``Site.groups["mohs_auc_area"]``);
* **tumor** ``bcc``; ``scc`` and ``scc_in_situ`` -> SCC; ``lentigo_maligna`` and
  ``melanoma_in_situ`` -> LM/MIS; Merkel cell carcinoma, DFSP and other tumors are not in the
  shipped table and are ``not_rated`` (never guessed);
* **histology class** from the ``histology`` phrase, by the criteria's definitions: aggressive BCC
  (morpheaform, fibrosing, sclerosing, infiltrating, perineural, metatypical/keratotic,
  micronodular) before nodular before superficial — a mixed tumor takes its most aggressive
  component; aggressive SCC (sclerosing, basosquamous, small cell, poorly or undifferentiated,
  perineural or perivascular, spindle cell, pagetoid, infiltrating, single cell, clear cell,
  lymphoepithelial, sarcomatoid, Breslow depth ≥ 2 mm or Clark level ≥ IV), verrucous,
  keratoacanthoma type, in situ / Bowen, actinic keratosis with focal SCC in situ, else
  nonaggressive (well or moderately differentiated);
* **patient** healthy (no immunosuppression, prior radiation or genetic syndrome) or
  immunocompromised; for BCC, prior radiation, a traumatic scar, osteomyelitis, chronic
  inflammation or ulceration and genetic syndromes make Mohs appropriate whatever the location,
  size or subtype;
* **size** bins ≤0.5, 0.6–1.0, 1.1–2.0, >2.0 cm (a diameter between two bins, e.g. 0.55 cm,
  belongs to the upper one); **primary** or **recurrent**.

A fact that is not documented is not guessed: the tumor is rated only when every value the
missing fact could take gives the same rating (a BCC of Area H is appropriate whatever its
size), otherwise it is ``not_rated`` and :attr:`AucRating.missing` names the fields to document.
A rating that rests on a cell the source marks as reconstructed or inferred has confidence
``medium``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import TYPE_CHECKING, Literal

from dermclaim.errors import DermClaimError

if TYPE_CHECKING:
    from dermclaim.document import Mohs, Tumor
    from dermclaim.sites import Site

Rating = Literal["appropriate", "uncertain", "inappropriate", "not_rated"]

_HEADER = (
    "tumor",
    "subtype",
    "area",
    "size_cm",
    "size_above_cm",
    "size_max_cm",
    "patient",
    "recurrence",
    "rating",
    "confidence",
    "source",
    "note",
)
_RATED: dict[str | None, Rating] = {
    "appropriate": "appropriate",
    "uncertain": "uncertain",
    "inappropriate": "inappropriate",
}
#: One diameter per size bin, to test whether an undocumented size changes the rating.
_SIZE_PROBES = (0.3, 0.8, 1.5, 2.5)
_SPECIAL = {
    "prior_radiation": "previously irradiated skin",
    "traumatic_scar": "a traumatic scar",
    "osteomyelitis": "an area of osteomyelitis",
    "chronic_inflammation_or_ulcer": "an area of chronic inflammation or ulceration",
    "genetic_syndrome": "a genetic syndrome",
}
CLASS_LABEL = {
    "aggressive": "aggressive",
    "nodular": "nodular",
    "superficial": "superficial",
    "nonaggressive": "nonaggressive",
    "verrucous": "verrucous",
    "ka_type": "keratoacanthoma type",
    "in_situ": "in situ (Bowen)",
    "ak_focal_scc_in_situ": "actinic keratosis with focal SCC in situ",
    "lentigo_maligna": "lentigo maligna",
    "melanoma_in_situ": "melanoma in situ",
}
TUMOR_LABEL = {"bcc": "BCC", "scc": "SCC", "lm_mis": "LM/MIS"}


class AucTableError(DermClaimError):
    """The shipped criteria table or its manifest is missing or damaged."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of the criteria: a tumor scenario and its rating."""

    tumor: str
    subtype: str
    area: str
    size_cm: str
    above: float | None
    upto: float | None
    patient: str
    recurrence: str
    rating: str
    confidence: str
    source: str
    note: str

    def describe(self) -> str:
        parts = [TUMOR_LABEL[self.tumor]]
        if self.subtype != "any":
            parts.append(CLASS_LABEL[self.subtype])
        parts.append(f"area {self.area}" if self.area != "any" else "any area")
        if self.size_cm != "any":
            parts.append(f"{self.size_cm} cm")
        if self.patient != "any":
            parts.append(self.patient.replace("_", " "))
        if self.recurrence != "any":
            parts.append(self.recurrence)
        return ", ".join(parts) + f": {self.rating}"


@dataclass(frozen=True, slots=True)
class AucTable:
    release: str
    citation: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class AucRating:
    """The criteria's rating of one Mohs procedure, and what it rests on."""

    procedure: str
    area: str | None
    tumor: str | None
    histology_class: str
    rating: Rating
    confidence: Literal["high", "medium"]
    reason: str
    cells: tuple[Cell, ...] = ()
    missing: tuple[str, ...] = ()
    not_covered: bool = False


# --------------------------------------------------------------------------- table


@functools.cache
def table(release: str = "2012") -> AucTable:
    """The criteria table of one release, read and checked once per process."""
    folder = files("dermclaim").joinpath("data", "mohs_auc", release)
    try:
        manifest = json.loads(folder.joinpath("manifest.json").read_bytes())
        info = manifest["files"]["mohs_auc.csv"]
        data = folder.joinpath("mohs_auc.csv").read_bytes()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AucTableError(f"mohs_auc/{release}: unreadable table or manifest ({exc})") from None
    if hashlib.sha256(data).hexdigest() != info.get("sha256"):
        raise AucTableError(f"mohs_auc/{release}/mohs_auc.csv: SHA-256 does not match its manifest")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or tuple(rows[0]) != _HEADER or len(rows) - 1 != info.get("rows"):
        raise AucTableError(f"mohs_auc/{release}/mohs_auc.csv: header or row count differs from its manifest")
    cells = tuple(
        Cell(
            tumor=r[0],
            subtype=r[1],
            area=r[2],
            size_cm=r[3],
            above=float(r[4]) if r[4] else None,
            upto=float(r[5]) if r[5] else None,
            patient=r[6],
            recurrence=r[7],
            rating=r[8],
            confidence=r[9],
            source=r[10],
            note=r[11],
        )
        for r in rows[1:]
    )
    return AucTable(release, f"{manifest['title']}: {manifest['source']}", cells)


def table_for(dos: date) -> AucTable:
    """The criteria in force on a date of service (one release so far: 2012)."""
    del dos
    return table("2012")


# --------------------------------------------------------------------------- classification

_WORD = re.compile(r"[a-z0-9]+")
_BCC_AGGRESSIVE = (
    "morpheaform",
    "morpheic",
    "morphoeic",
    "morphea",
    "fibrosing",
    "sclerosing",
    "sclerotic",
    "infiltrating",
    "infiltrative",
    "perineural",
    "metatypical",
    "keratotic",
    "basosquamous",
    "micronodular",
    "aggressive",
)
_SCC_AGGRESSIVE = (
    "sclerosing",
    "basosquamous",
    "small cell",
    "poorly",
    "undifferentiated",
    "perineural",
    "perivascular",
    "spindle",
    "pagetoid",
    "infiltrating",
    "infiltrative",
    "single cell",
    "clear cell",
    "lymphoepithelial",
    "sarcomatoid",
    "aggressive",
)
_AK_FOCAL = (
    "actinic keratosis with focal",
    "ak with focal",
    "bowenoid ak",
    "bowenoid actinic",
    "ak type",
    "actinic keratosis type",
    "hypertrophic actinic keratosis with focal",
)
_SCC_NONAGGRESSIVE = ("well differentiated", "moderately differentiated", "nonaggressive", "invasive")


def _words(phrase: str) -> str:
    """' nodular and infiltrative ' — lower-case words between spaces, 'non aggressive' joined."""
    text = " " + " ".join(_WORD.findall(phrase.lower().replace("_", " "))) + " "
    return text.replace(" non aggressive ", " nonaggressive ")


def _has(text: str, terms: tuple[str, ...]) -> bool:
    """Whether a word of ``text`` starts with one of ``terms`` (multi-word terms allowed)."""
    return any(f" {t}" in text for t in terms)


def classes_for(tumor: Tumor) -> tuple[str | None, tuple[str, ...], bool]:
    """(criteria tumor, candidate histology classes, whether the histology was mapped).

    Several candidates mean the histology is undocumented or not one the criteria name."""
    kind = tumor.type
    text = _words(tumor.histology) if tumor.histology else ""
    deep = (tumor.breslow_mm is not None and tumor.breslow_mm >= 2) or (
        tumor.clark_level is not None and tumor.clark_level >= 4
    )
    if kind == "bcc":
        if not text.strip():
            return "bcc", ("aggressive", "nodular", "superficial"), False
        if _has(text, _BCC_AGGRESSIVE):
            return "bcc", ("aggressive",), True
        if _has(text, ("nodular", "nodulo")):
            return "bcc", ("nodular",), True
        if _has(text, ("superficial", "multicentric")):
            return "bcc", ("superficial",), True
        return "bcc", ("aggressive", "nodular", "superficial"), False
    if kind in ("scc", "scc_in_situ"):
        if text and _has(text, _AK_FOCAL):
            return "scc", ("ak_focal_scc_in_situ",), True
        if deep or (text and _has(text, _SCC_AGGRESSIVE)):
            return "scc", ("aggressive",), True
        if kind == "scc_in_situ" or (text and _has(text, ("in situ", "bowen"))):
            return "scc", ("in_situ",), True
        if text and _has(text, ("verrucous",)):
            return "scc", ("verrucous",), True
        if text and (_has(text, ("keratoacanthoma",)) or " ka " in text):
            return "scc", ("ka_type",), True
        if text and _has(text, _SCC_NONAGGRESSIVE):
            return "scc", ("nonaggressive",), True
        if not text.strip():
            return "scc", ("aggressive", "nonaggressive"), False
        return "scc", ("aggressive", "nonaggressive", "verrucous", "ka_type"), False
    if kind == "lentigo_maligna":
        return "lm_mis", ("lentigo_maligna",), True
    if kind == "melanoma_in_situ":
        return "lm_mis", ("melanoma_in_situ",), True
    return None, (), False


def _special(tumor: Tumor) -> list[str]:
    out = []
    if tumor.prior_radiation:
        out.append("prior_radiation")
    if tumor.genetic_syndrome:
        out.append("genetic_syndrome")
    if tumor.site_condition == "traumatic_scar":
        out.append("traumatic_scar")
    elif tumor.site_condition == "osteomyelitis":
        out.append("osteomyelitis")
    elif tumor.site_condition in ("chronic_ulcer", "chronic_inflammation"):
        out.append("chronic_inflammation_or_ulcer")
    return out


def _patient(tumor: Tumor) -> str:
    if tumor.immunocompromised:
        return "immunocompromised"
    if tumor.prior_radiation or tumor.genetic_syndrome:
        return "other"  # neither healthy nor immunocompromised in the criteria's terms
    return "healthy"


def _cells(
    tab: AucTable, kind: str, subtype: str, area: str, patient: str, recurrence: str, size: float
) -> list[Cell]:
    out = []
    for c in tab.cells:
        if c.tumor != kind or c.subtype not in (subtype, "any") or c.area not in (area, "any"):
            continue
        if c.patient not in ("any", patient) or c.recurrence not in ("any", recurrence):
            continue
        if c.above is not None and not size > c.above + 1e-9:
            continue
        if c.upto is not None and not size <= c.upto + 1e-9:
            continue
        out.append(c)
    return out


# --------------------------------------------------------------------------- rating


def rate(proc: Mohs, site: Site | None, tab: AucTable) -> AucRating:
    """Rate one Mohs procedure against the criteria (pure)."""
    area = site.groups.get("mohs_auc_area") if site is not None else None
    tumor = proc.tumor
    if tumor is None or tumor.type is None:
        return AucRating(
            proc.id,
            area,
            None,
            "unclassified",
            "not_rated",
            "high",
            "the tumor type is not documented",
            missing=("tumor.type", "tumor.histology", "tumor.size_cm"),
        )
    kind, candidates, mapped = classes_for(tumor)
    if kind is None:
        what = {"merkel_cell": "Merkel cell carcinoma", "dfsp": "dermatofibrosarcoma protuberans"}.get(
            tumor.type, "this tumor type"
        )
        return AucRating(
            proc.id,
            area,
            tumor.type,
            "not_covered",
            "not_rated",
            "high",
            f"the shipped criteria table rates BCC, SCC, lentigo maligna and melanoma in situ; {what} "
            "is one of the 2012 criteria's rare-tumor scenarios, which it does not include",
            not_covered=True,
        )
    if area is None:
        return AucRating(
            proc.id,
            None,
            kind,
            "unclassified",
            "not_rated",
            "high",
            "the site has no criteria area",
            missing=("site",),
        )
    hist = candidates[0] if len(candidates) == 1 else "unclassified"
    specials = _special(tumor)
    if kind == "bcc" and specials:
        cells = tuple(c for c in tab.cells if c.tumor == "bcc" and c.patient in specials)
        if cells:
            why = " and ".join(_SPECIAL[s] for s in specials)
            return AucRating(
                proc.id,
                area,
                kind,
                hist,
                "appropriate",
                _confidence(cells),
                f"BCC in {why}: appropriate whatever the location, size or subtype",
                cells,
            )
    patient = _patient(tumor)
    recurrence = "recurrent" if tumor.recurrent else "primary"
    sizes = (tumor.size_cm,) if tumor.size_cm is not None else _SIZE_PROBES
    outcome: dict[tuple[str, float], str | None] = {}
    used: list[Cell] = []
    for subtype in candidates:
        for size in sizes:
            found = _cells(tab, kind, subtype, area, patient, recurrence, size)
            found_ratings = {c.rating for c in found}
            outcome[(subtype, size)] = found_ratings.pop() if len(found_ratings) == 1 else None
            used.extend(c for c in found if c not in used)
    final: set[str | None] = set(outcome.values())
    scenario = _scenario(kind, hist, area, patient, recurrence, tumor.size_cm)
    rating = _RATED.get(next(iter(final))) if len(final) == 1 else None
    if rating is not None:
        cells = tuple(c for c in used if c.rating == rating)
        basis = "; ".join(c.describe() for c in cells[:3])
        note = ""
        if len(candidates) > 1:
            note += " whatever its histologic class"
        if tumor.size_cm is None and len(sizes) > 1:
            note += " whatever its size"
        return AucRating(
            proc.id,
            area,
            kind,
            hist,
            rating,
            _confidence(cells),
            f"{scenario}{note}: {rating} (criteria cell {basis})",
            cells,
        )
    missing = []
    if len(candidates) > 1 and any(len({outcome[(s, z)] for s in candidates}) > 1 for z in sizes):
        missing.append("tumor.histology")
    if tumor.size_cm is None and any(len({outcome[(s, z)] for z in sizes}) > 1 for s in candidates):
        missing.append("tumor.size_cm")
    if missing:
        reason = f"{scenario}: the rating depends on {' and '.join(m.split('.')[1] for m in missing)}"
        if tumor.histology and not mapped:
            reason += f"; histology {tumor.histology!r} is not one of the criteria's classes"
    elif patient == "other":
        reason = (
            f"{scenario}: the shipped table rates {TUMOR_LABEL[kind]} in this area only for healthy or "
            "immunocompromised patients (prior radiation and genetic syndromes are rated for BCC only)"
        )
    else:
        reason = f"{scenario}: the shipped criteria table has no cell for this tumor"
    return AucRating(proc.id, area, kind, hist, "not_rated", "high", reason, missing=tuple(missing))


def _confidence(cells: tuple[Cell, ...]) -> Literal["high", "medium"]:
    return "medium" if any(c.confidence == "medium" for c in cells) else "high"


def _scenario(kind: str, hist: str, area: str, patient: str, recurrence: str, size: float | None) -> str:
    parts = [f"{recurrence} {TUMOR_LABEL[kind]}"]
    if hist != "unclassified":
        parts.append(CLASS_LABEL[hist])
    parts.append(f"area {area}")
    if size is not None:
        parts.append(f"{size:g} cm")
    if patient == "immunocompromised":
        parts.append("immunocompromised patient")
    elif patient == "healthy":
        parts.append("healthy patient")
    return ", ".join(parts)
