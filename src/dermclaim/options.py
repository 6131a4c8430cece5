"""Payer- and practice-configurable settings, declared once in one table.

Rules that the rules reference marks payer-specific or unconfirmed read their behaviour from
here instead of hard-coding it. ``dermclaim settings`` lists the table; a test checks that every
setting is documented in docs/settings.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal

from dermclaim.errors import ConfigError

DistinctModifier = Literal["59", "X"]


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "distinct_modifier",
        "X",
        "How a distinct lesion, site or session is shown when an NCCI edit pairs two codes: 'X' "
        "uses the subset modifiers XS/XE/XU (CMS CR 8863, since 2015-01-01), '59' uses 59.",
    ),
    Setting(
        "same_lesion_biopsy_modifier",
        "58",
        "Modifier on a biopsy of a lesion removed at the same session when a frozen-section "
        "reading of that biopsy drove the decision to remove it (NCCI/AAPC advise 58).",
    ),
    Setting(
        "table_grace_days",
        0,
        "Days past the end of its quarter that a code-table release is still used without a "
        "TAB001 note (for practices that knowingly run on the previous quarter's files).",
    ),
    Setting(
        "max_document_bytes",
        1_000_000,
        "Largest encounter document accepted, in bytes.",
    ),
    Setting(
        "malignant_destruction_size",
        "defect",
        "Diameter that picks the size band of a malignant destruction (17260-17286) when the "
        "final curettage defect is documented: 'defect' (AAD advice, medium confidence) or "
        "'lesion' (the clinical lesion diameter; for payers that read the descriptor literally).",
    ),
    Setting(
        "in_situ_excision_family",
        "malignant",
        "Excision code family for an in-situ lesion (melanoma in situ D03, SCC in situ D04): "
        "'malignant' (11600-11646, industry practice; RULES 3.13, low confidence) or 'benign' "
        "(11400-11446, for a payer that says so).",
    ),
    Setting(
        "combined_excision_diameter",
        "largest",
        "Several lesions removed in one excision (same_excision_as): 'largest' bills one code on "
        "the widest excised diameter among them (NCCI: one excision code; never over-codes), "
        "'sum' bills one code on the summed lesion diameters plus twice the narrowest margin "
        "(payers such as Blue KC), 'separate' bills each lesion (payers that do not follow NCCI).",
    ),
    Setting(
        "small_benign_excision_includes_repair",
        True,
        "NCCI bundles every repair (also intermediate and complex) of its own wound into a benign "
        "excision of 0.5 cm or less (11400/11420/11440). Set false for a payer that pays the "
        "layered repair of such a wound.",
    ),
    Setting(
        "ncci_for_commercial",
        True,
        "Apply the Medicare NCCI procedure-to-procedure edits (coding post-pass and NCCI rules) to "
        "commercial payers' claims too; most adopt them. Set false for a payer that does not. "
        "Medicare, Medicare Advantage and Medicaid claims always get them (Medicare's tables).",
    ),
    Setting(
        "ndc_required",
        ("medicaid",),
        "Payer kinds that require the 11-digit NDC on every drug line (DRG005 error when missing). "
        "Medicaid always does (RULES 7.4.2, high); many commercial and Medicare Advantage plans "
        "do too (add them); whether Medicare Part B needs it for non-NOC J-codes is unconfirmed "
        "(RULES 7.4.3). J3490/J3590 need the NDC for every payer regardless.",
    ),
    Setting(
        "waste_modifier_payers",
        ("medicare", "medicare_advantage"),
        "Payer kinds whose drug lines from single-dose containers carry JW (discarded amount, since "
        "2017-01-01) or JZ (nothing discarded, required from 2023-07-01): the Medicare Part B "
        "discarded-drug policy (RULES 7.3). Add medicaid or commercial for plans that adopt it.",
    ),
    Setting(
        "monoclonal_admin_codes",
        "96365",
        "Administration codes for an IV monoclonal antibody (infliximab, vedolizumab, IV "
        "ustekinumab): '96365' (therapeutic infusion 96365/+96366) or '96413' (chemotherapy/"
        "highly complex administration 96413/+96415, for payers whose policy allows it; RULES "
        "7.5.3, medium confidence).",
    ),
    Setting(
        "self_administered_codes",
        None,
        "HCPCS codes the payer's MAC lists as self-administered (Part B does not pay the drug; "
        "DRG008). null uses the drug table (J3357 per RULES 7.1, medium confidence); give the "
        "MAC's current SAD list to override. Applies to Medicare and Medicare Advantage.",
    ),
    Setting(
        "excimer_max_bsa_percent",
        10.0,
        "Largest body surface area (percent) the payer covers with excimer laser 96920-96922 "
        "(PHO004 warning above it; archived LCD L29212 and commercial policies: 10 %). null "
        "turns the check off.",
    ),
    Setting(
        "dx_support_file",
        None,
        "JSON file of procedure-diagnosis support families that replace or extend the packaged "
        "table (dermclaim/data/dx_support/dx_support.json, same shape), e.g. a MAC's LCA ICD-10 "
        "lists; a relative path is read from the settings file's folder.",
    ),
    Setting(
        "abn_payers",
        ("medicare",),
        "Payer kinds for which an Advance Beneficiary Notice applies (RULES 10.3): a service a "
        "signed ABN covers gets GA, one whose ABN is not signed gets GZ. The ABN is a Medicare "
        "fee-for-service notice; add other kinds only for plans that ask for GA/GZ.",
    ),
    Setting(
        "gz_when_denial_expected",
        False,
        "Put GZ on a line the engine expects to be denied as not reasonable and necessary (a "
        "dual-purpose procedure whose note documents no indication, Mohs the appropriate use "
        "criteria rate inappropriate) when no ABN covers it, for payers in abn_payers. Off: the "
        "engine warns (NEC002, AUC001) and leaves the choice to a person.",
    ),
    Setting(
        "cosmetic_claim_z41_1",
        False,
        "Put Z41.1 (encounter for cosmetic surgery) first on a cosmetic line filed with GY at the "
        "patient's request (RULES 10.4: some payers want it; low-to-medium confidence).",
    ),
    Setting(
        "mohs_auc_inappropriate",
        "error",
        "Severity of AUC001 when the Mohs appropriate use criteria rate a tumor inappropriate: "
        "'error' (payers whose Mohs policy adopts the criteria, as many MAC LCDs do) or 'warning'. "
        "A rating from a reconstructed criteria cell is a warning either way.",
    ),
)


@dataclass(frozen=True, slots=True)
class Options:
    distinct_modifier: DistinctModifier = "X"
    same_lesion_biopsy_modifier: str = "58"
    table_grace_days: int = 0
    max_document_bytes: int = 1_000_000
    malignant_destruction_size: Literal["defect", "lesion"] = "defect"
    in_situ_excision_family: Literal["malignant", "benign"] = "malignant"
    combined_excision_diameter: Literal["largest", "sum", "separate"] = "largest"
    small_benign_excision_includes_repair: bool = True
    ncci_for_commercial: bool = True
    ndc_required: tuple[str, ...] = ("medicaid",)
    waste_modifier_payers: tuple[str, ...] = ("medicare", "medicare_advantage")
    monoclonal_admin_codes: Literal["96365", "96413"] = "96365"
    self_administered_codes: tuple[str, ...] | None = None
    excimer_max_bsa_percent: float | None = 10.0
    dx_support_file: str | None = None
    abn_payers: tuple[str, ...] = ("medicare",)
    gz_when_denial_expected: bool = False
    cosmetic_claim_z41_1: bool = False
    mohs_auc_inappropriate: Literal["error", "warning"] = "error"

    def distinct(self, kind: Literal["lesion", "session"]) -> str:
        """The modifier that marks a distinct lesion or session for this payer."""
        if self.distinct_modifier == "59":
            return "59"
        return "XS" if kind == "lesion" else "XE"


DEFAULT = Options()


def load_options(path: str | Path | None) -> Options:
    """Read a JSON settings file ({"distinct_modifier": "59", ...}); unknown keys are errors."""
    if path is None:
        return DEFAULT
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read settings: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: settings must be a JSON object")
    known = {f.name for f in fields(Options)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    if data.get("distinct_modifier", "X") not in ("59", "X"):
        raise ConfigError(f"{path}: distinct_modifier must be '59' or 'X'")
    if data.get("malignant_destruction_size", "defect") not in ("defect", "lesion"):
        raise ConfigError(f"{path}: malignant_destruction_size must be 'defect' or 'lesion'")
    if data.get("in_situ_excision_family", "malignant") not in ("malignant", "benign"):
        raise ConfigError(f"{path}: in_situ_excision_family must be 'malignant' or 'benign'")
    if data.get("combined_excision_diameter", "largest") not in ("largest", "sum", "separate"):
        raise ConfigError(f"{path}: combined_excision_diameter must be 'largest', 'sum' or 'separate'")
    if not isinstance(data.get("small_benign_excision_includes_repair", True), bool):
        raise ConfigError(f"{path}: small_benign_excision_includes_repair must be true or false")
    if not isinstance(data.get("ncci_for_commercial", True), bool):
        raise ConfigError(f"{path}: ncci_for_commercial must be true or false")
    data = _drug_and_dx_settings(path, data)
    data = _routing_settings(path, data)
    return replace(DEFAULT, **data)


def _routing_settings(path: str | Path, data: dict[str, Any]) -> dict[str, Any]:
    """Check the routing and Mohs-criteria settings; the payer list becomes a tuple."""
    out = dict(data)
    if "abn_payers" in out:
        kinds = out["abn_payers"]
        if not isinstance(kinds, list) or any(k not in _PAYER_KINDS for k in kinds):
            raise ConfigError(f"{path}: abn_payers must be a list of payer kinds ({', '.join(_PAYER_KINDS)})")
        out["abn_payers"] = tuple(kinds)
    for key in ("gz_when_denial_expected", "cosmetic_claim_z41_1"):
        if not isinstance(out.get(key, False), bool):
            raise ConfigError(f"{path}: {key} must be true or false")
    if out.get("mohs_auc_inappropriate", "error") not in ("error", "warning"):
        raise ConfigError(f"{path}: mohs_auc_inappropriate must be 'error' or 'warning'")
    return out


_PAYER_KINDS = ("medicare", "medicare_advantage", "medicaid", "commercial", "self_pay")


def _drug_and_dx_settings(path: str | Path, data: dict[str, Any]) -> dict[str, Any]:
    """Check the drug, phototherapy and diagnosis settings; lists become tuples; the
    dx-support file is resolved against the settings file's folder and read now."""
    out = dict(data)
    for key in ("ndc_required", "waste_modifier_payers"):
        if key in out:
            kinds = out[key]
            if not isinstance(kinds, list) or any(k not in _PAYER_KINDS for k in kinds):
                raise ConfigError(f"{path}: {key} must be a list of payer kinds ({', '.join(_PAYER_KINDS)})")
            out[key] = tuple(kinds)
    if out.get("monoclonal_admin_codes", "96365") not in ("96365", "96413"):
        raise ConfigError(f"{path}: monoclonal_admin_codes must be '96365' or '96413'")
    codes = out.get("self_administered_codes")
    if codes is not None:
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(f"{path}: self_administered_codes must be null or a list of HCPCS codes")
        out["self_administered_codes"] = tuple(c.strip().upper() for c in codes)
    bsa = out.get("excimer_max_bsa_percent", 10.0)
    if bsa is not None and (isinstance(bsa, bool) or not isinstance(bsa, int | float) or not 0 < bsa <= 100):
        raise ConfigError(f"{path}: excimer_max_bsa_percent must be null or a percentage")
    dx_file = out.get("dx_support_file")
    if dx_file is not None:
        if not isinstance(dx_file, str):
            raise ConfigError(f"{path}: dx_support_file must be a file path")
        resolved = Path(dx_file) if Path(dx_file).is_absolute() else Path(path).parent / dx_file
        from dermclaim.dx_support import load_override

        load_override(str(resolved))
        out["dx_support_file"] = str(resolved)
    return out


def render_settings() -> str:
    """docs/settings.md, generated from SETTINGS by scripts/gen_docs.py."""
    out = [
        "# Settings",
        "",
        "Payer- and practice-specific behaviour, in one JSON file passed with `--config FILE` "
        "(`dermclaim settings` lists them). Generated from `dermclaim/options.py`; do not edit.",
        "",
        "| setting | default | what it changes |",
        "|---|---|---|",
    ]
    for s in SETTINGS:
        out.append(f"| `{s.name}` | `{json.dumps(s.default)}` | {s.help} |")
    return "\n".join(out) + "\n"
