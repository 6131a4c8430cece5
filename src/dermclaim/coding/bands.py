"""Size bands and site-group code bases of the lesion-removal families (RULES.md §2.2–2.3,
§3.3–3.4, §6.3). Shared by the biopsy rules (which suggest a removal code) and the removal
coders."""

from __future__ import annotations

from dermclaim.sites import Site

_EPS = 1e-9

SHAVE_BASE = {
    "trunk_arms_legs": 11300,
    "scalp_neck_hands_feet_genitalia": 11305,
    "face_ears_eyelids_nose_lips_mucous_membrane": 11310,
}
EXCISION_BASE = {
    (False, "trunk_arms_legs"): 11400,
    (False, "scalp_neck_hands_feet_genitalia"): 11420,
    (False, "face_ears_eyelids_nose_lips_mucous_membrane"): 11440,
    (True, "trunk_arms_legs"): 11600,
    (True, "scalp_neck_hands_feet_genitalia"): 11620,
    (True, "face_ears_eyelids_nose_lips_mucous_membrane"): 11640,
}


def shave_digit(diameter_cm: float) -> int:
    """Shave bands by lesion diameter: ≤0.5, 0.6–1.0, 1.1–2.0, >2.0 cm."""
    for digit, upper in enumerate((0.5, 1.0, 2.0)):
        if diameter_cm <= upper + _EPS:
            return digit
    return 3


def excision_digit(diameter_cm: float) -> int:
    """Excision and malignant-destruction bands: ≤0.5, ≤1.0, ≤2.0, ≤3.0, ≤4.0, >4.0 cm."""
    for digit, upper in enumerate((0.5, 1.0, 2.0, 3.0, 4.0)):
        if diameter_cm <= upper + _EPS:
            return digit
    return 6


def excised_diameter(lesion_cm: float, margin_cm: float | None) -> float:
    """Greatest lesion diameter plus twice the narrowest margin (RULES.md §3.2)."""
    return round(lesion_cm + 2 * (margin_cm or 0.0), 2)


def shave_code(site: Site, diameter_cm: float) -> str | None:
    base = SHAVE_BASE.get(site.groups.get("shave") or "")
    return None if base is None else str(base + shave_digit(diameter_cm))


def excision_code(site: Site, excised_cm: float, malignant: bool) -> str | None:
    base = EXCISION_BASE.get((malignant, site.groups.get("excision") or ""))
    return None if base is None else str(base + excision_digit(excised_cm))
