"""Which diagnosis a procedure's line points at, and where that diagnosis came from."""

from __future__ import annotations

from dataclasses import dataclass

from dermclaim.document import Encounter, Pathology, _Procedure, normalize_dx


@dataclass(frozen=True, slots=True)
class LineDiagnosis:
    codes: tuple[str, ...]
    origin: str  # "procedure", "pathology", "encounter" or "none"


def pathology_for(enc: Encounter, specimen: str | None) -> Pathology | None:
    if specimen is None:
        return None
    for path in enc.pathology:
        if path.specimen == specimen:
            return path
    return None


def diagnosis_for(enc: Encounter, proc: _Procedure) -> LineDiagnosis:
    """Procedure override, else the pathology result of its specimen, else the first documented
    diagnosis. Pathology beats the visit's working diagnosis: claims code the final result."""
    if proc.diagnosis:
        return LineDiagnosis((normalize_dx(proc.diagnosis),), "procedure")
    path = pathology_for(enc, proc.specimen)
    if path is not None and path.diagnosis:
        return LineDiagnosis((normalize_dx(path.diagnosis),), "pathology")
    if enc.diagnoses:
        return LineDiagnosis((normalize_dx(enc.diagnoses[0]),), "encounter")
    return LineDiagnosis((), "none")
