"""Code ranges, anatomic-group labels and length/area bands of the lesion-removal and repair
families: shave removal (RULES.md §2), excision (§3), repair (§4) and adjacent tissue transfer
(CPT 14000–14302). Shave and excision bands live in ``coding/bands.py``; this module adds the
repair and flap bands and the reverse look-ups the scrub rules need (code → class, group, band).

Everything here is CPT structure (code numbering, bands, groups), not a CMS table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

_EPS = 1e-9

RepairClass = Literal["simple", "intermediate", "complex"]


def _span(lo: int, hi: int) -> frozenset[str]:
    return frozenset(str(n) for n in range(lo, hi + 1))


SHAVE_CODES = _span(11300, 11303) | _span(11305, 11308) | _span(11310, 11313)
BENIGN_EXCISION_CODES = frozenset(str(base + d) for base in (11400, 11420, 11440) for d in (0, 1, 2, 3, 4, 6))
MALIGNANT_EXCISION_CODES = frozenset(
    str(base + d) for base in (11600, 11620, 11640) for d in (0, 1, 2, 3, 4, 6)
)
EXCISION_CODES = BENIGN_EXCISION_CODES | MALIGNANT_EXCISION_CODES
SMALL_BENIGN_EXCISIONS = frozenset({"11400", "11420", "11440"})
"""Benign excisions of 0.5 cm or less: NCCI bundles every repair into them (RULES 3.11)."""

DEHISCENCE_CODES = frozenset({"12020", "12021", "13160"})
"""Dehiscence / secondary closure codes: not lesion-defect repairs (RULES 4.2, §11 row 6)."""

GROUP_LABELS: dict[str, str] = {
    "trunk_arms_legs": "trunk, arms, legs",
    "scalp_neck_hands_feet_genitalia": "scalp, neck, hands, feet, genitalia",
    "face_ears_eyelids_nose_lips_mucous_membrane": "face, ears, eyelids, nose, lips, mucous membrane",
    "scalp_neck_axillae_genitalia_trunk_extremities": "scalp, neck, axillae, external genitalia, "
    "trunk, extremities",
    "face_ears_eyelids_nose_lips_mucous_membranes": "face, ears, eyelids, nose, lips, mucous membranes",
    "scalp_axillae_trunk_extremities": "scalp, axillae, trunk, extremities (not hands or feet)",
    "neck_hands_feet_genitalia": "neck, hands, feet, external genitalia",
    "trunk": "trunk",
    "scalp_arms_legs": "scalp, arms, legs",
    "forehead_cheeks_chin_mouth_neck_axillae_genitalia_hands_feet": "forehead, cheeks, chin, mouth, "
    "neck, axillae, genitalia, hands, feet",
    "eyelids_nose_ears_lips": "eyelids, nose, ears, lips",
}


def group_label(group: str | None) -> str:
    if group is None:
        return "no group"
    return GROUP_LABELS.get(group, group.replace("_", " "))


# --- repairs (RULES.md §4.2) ------------------------------------------------------------------

_LONG_BANDS = (2.5, 7.5, 12.5, 20.0, 30.0)  # last digits 1, 2, 4, 5, 6, then 7
_FACE_SIMPLE = (2.5, 5.0, 7.5, 12.5, 20.0, 30.0)  # 12011, 12013 … 12017, then 12018
_FACE_INTERMEDIATE = (2.5, 5.0, 7.5, 12.5, 20.0, 30.0)  # 12051 … 12056, then 12057

_BANDED: dict[tuple[RepairClass, str], tuple[tuple[float, ...], tuple[str, ...]]] = {
    ("simple", "scalp_neck_axillae_genitalia_trunk_extremities"): (
        _LONG_BANDS,
        ("12001", "12002", "12004", "12005", "12006", "12007"),
    ),
    ("simple", "face_ears_eyelids_nose_lips_mucous_membranes"): (
        _FACE_SIMPLE,
        ("12011", "12013", "12014", "12015", "12016", "12017", "12018"),
    ),
    ("intermediate", "scalp_axillae_trunk_extremities"): (
        _LONG_BANDS,
        ("12031", "12032", "12034", "12035", "12036", "12037"),
    ),
    ("intermediate", "neck_hands_feet_genitalia"): (
        _LONG_BANDS,
        ("12041", "12042", "12044", "12045", "12046", "12047"),
    ),
    ("intermediate", "face_ears_eyelids_nose_lips_mucous_membranes"): (
        _FACE_INTERMEDIATE,
        ("12051", "12052", "12053", "12054", "12055", "12056", "12057"),
    ),
}

COMPLEX: dict[str, tuple[str, str, str]] = {
    "trunk": ("13100", "13101", "13102"),
    "scalp_arms_legs": ("13120", "13121", "13122"),
    "forehead_cheeks_chin_mouth_neck_axillae_genitalia_hands_feet": ("13131", "13132", "13133"),
    "eyelids_nose_ears_lips": ("13151", "13152", "13153"),
}
COMPLEX_MIN_CM = 1.0
"""Complex repairs of 1.0 cm or less have no complex code (13150 was deleted; RULES 4.2 note)."""


@dataclass(frozen=True, slots=True)
class RepairCode:
    """The codes for one summed length of one class in one anatomic group."""

    primary: str
    add_on: str | None
    add_on_units: int
    band: str  # e.g. "2.6–7.5 cm"


def _band_text(uppers: tuple[float, ...], i: int) -> str:
    if i == len(uppers):
        return f"over {uppers[-1]:.1f} cm"
    if i == 0:
        return f"{uppers[0]:.1f} cm or less"
    return f"{uppers[i - 1] + 0.1:.1f}–{uppers[i]:.1f} cm"


def repair_code(cls: RepairClass, group: str | None, length_cm: float) -> RepairCode | None:
    """The code(s) for ``length_cm`` of ``cls`` repairs summed within ``group``; None when the
    group is unknown or a complex length is 1.0 cm or less."""
    if group is None:
        return None
    if cls == "complex":
        codes = COMPLEX.get(group)
        if codes is None or length_cm <= COMPLEX_MIN_CM + _EPS:
            return None
        if length_cm <= 2.5 + _EPS:
            return RepairCode(codes[0], None, 0, "1.1–2.5 cm")
        if length_cm <= 7.5 + _EPS:
            return RepairCode(codes[1], None, 0, "2.6–7.5 cm")
        extra = math.ceil((length_cm - 7.5) / 5.0 - _EPS)
        return RepairCode(codes[1], codes[2], extra, f"2.6–7.5 cm + {extra} × each additional 5 cm or part")
    banded = _BANDED.get((cls, group))
    if banded is None:
        return None
    uppers, codes_ = banded
    for i, upper in enumerate(uppers):
        if length_cm <= upper + _EPS:
            return RepairCode(codes_[i], None, 0, _band_text(uppers, i))
    return RepairCode(codes_[-1], None, 0, _band_text(uppers, len(uppers)))


REPAIR_CODE_INFO: dict[str, tuple[RepairClass, str]] = {}
"""Every lesion-defect repair code → (class, anatomic group); add-ons included."""
for (_cls, _group), (_uppers, _codes) in _BANDED.items():
    for _code in _codes:
        REPAIR_CODE_INFO[_code] = (_cls, _group)
for _group, _codes3 in COMPLEX.items():
    for _code in _codes3:
        REPAIR_CODE_INFO[_code] = ("complex", _group)

REPAIR_ADD_ONS = frozenset(c[2] for c in COMPLEX.values())
REPAIR_CODES = frozenset(REPAIR_CODE_INFO)
SIMPLE_REPAIR_CODES = frozenset(c for c, (k, _) in REPAIR_CODE_INFO.items() if k == "simple")

CLASS_RANK: dict[str, int] = {"complex": 3, "intermediate": 2, "simple": 1}


def repair_rank(code: str) -> int:
    """3 complex, 2 intermediate, 1 simple, 0 not a lesion-defect repair code."""
    info = REPAIR_CODE_INFO.get(code)
    return CLASS_RANK[info[0]] if info else 0


# --- adjacent tissue transfer (CPT 14000–14302) -----------------------------------------------

ATT_BASE: dict[str, int] = {
    "trunk": 14000,
    "scalp_arms_legs": 14020,
    "forehead_cheeks_chin_mouth_neck_axillae_genitalia_hands_feet": 14040,
    "eyelids_nose_ears_lips": 14060,
}
ATT_CODES = frozenset(str(b + d) for b in ATT_BASE.values() for d in (0, 1)) | {"14301", "14302"}


@dataclass(frozen=True, slots=True)
class FlapCode:
    primary: str
    add_on_units: int  # units of +14302
    band: str


def flap_code(group: str | None, area_sq_cm: float) -> FlapCode | None:
    """Defect (primary + secondary) of 10 sq cm or less → 140x0; 10.1–30 → 140x1; over 30 →
    14301 (any area, 30.1–60) plus +14302 per additional 30 sq cm or part."""
    if area_sq_cm > 30.0 + _EPS:
        extra = max(0, math.ceil((area_sq_cm - 60.0) / 30.0 - _EPS))
        band = "30.1–60.0 sq cm, any area"
        if extra:
            band += f", + {extra} × each additional 30.0 sq cm or part"
        return FlapCode("14301", extra, band)
    base = ATT_BASE.get(group or "")
    if base is None:
        return None
    if area_sq_cm <= 10.0 + _EPS:
        return FlapCode(str(base), 0, "10.0 sq cm or less")
    return FlapCode(str(base + 1), 0, "10.1–30.0 sq cm")


def flap_group_of(code: str) -> str | None:
    for group, base in ATT_BASE.items():
        if code in (str(base), str(base + 1)):
            return group
    return None


# --- shave and excision bands (text) -----------------------------------------------------------

SHAVE_BANDS = ("0.5 cm or less", "0.6–1.0 cm", "1.1–2.0 cm", "over 2.0 cm")
EXCISION_BANDS = {
    0: "0.5 cm or less",
    1: "0.6–1.0 cm",
    2: "1.1–2.0 cm",
    3: "2.1–3.0 cm",
    4: "3.1–4.0 cm",
    6: "over 4.0 cm",
}


def cm(value: float) -> str:
    """1.4 → '1.4', 2.0 → '2.0' (one decimal at least, as clinicians document)."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text
