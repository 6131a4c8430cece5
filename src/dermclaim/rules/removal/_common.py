"""What the shave and excision rules share: the documented lesions matched against the billed
codes, one billed unit at a time, so that each discrepancy is reported once, by the rule that
explains it best.

Matching, per family: billed units equal to a coded line's code are taken first; a lesion still
held for pathology accepts either family's code of its band; then each remaining documented
lesion is paired with the closest remaining billed code (same site group and family first) and
the difference is explained; billed units left over have no documented lesion, and documented
lesions left over were not billed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dermclaim.coding import CodedLine
from dermclaim.coding.bands import EXCISION_BASE, SHAVE_BASE, excision_code, excision_digit, shave_digit
from dermclaim.coding.excision import ExcisionUnit
from dermclaim.coding.shave import ShavedLesion
from dermclaim.coding.skin_surgery import (
    EXCISION_BANDS,
    EXCISION_CODES,
    MALIGNANT_EXCISION_CODES,
    SHAVE_BANDS,
    SHAVE_CODES,
    cm,
    group_label,
)
from dermclaim.rules.base import BilledLine, Context


def units_of(lines: Iterable[CodedLine | BilledLine]) -> Counter[str]:
    count: Counter[str] = Counter()
    for ln in lines:
        count[ln.code] += ln.units
    return count


def describe(lines: Iterable[CodedLine | BilledLine]) -> str:
    """'11402 + 11642 × 2' — codes with units, in claim order."""
    parts = [f"{c} × {n}" if n > 1 else c for c, n in units_of(lines).items()]
    return " + ".join(parts) if parts else "nothing"


def describe_codes(codes: Iterable[str]) -> str:
    """'11401 × 2 + 11402' from single billed units."""
    count = Counter(codes)
    return " + ".join(f"{c} × {n}" if n > 1 else c for c, n in count.items()) or "nothing"


def expected(ctx: Context, codes: frozenset[str]) -> list[CodedLine]:
    return [ln for ln in ctx.coding.lines if ln.code in codes]


def excision_units(ctx: Context) -> tuple[ExcisionUnit, ...]:
    found = ctx.coding.facts.get("excision.units", ())
    assert isinstance(found, tuple)
    return found


def shaved_lesions(ctx: Context) -> tuple[ShavedLesion, ...]:
    found = ctx.coding.facts.get("shave.lesions", ())
    assert isinstance(found, tuple)
    return found


def pointer(ctx: Context, pid: str, field_: str = "") -> str:
    for i, p in enumerate(ctx.enc.procedures):
        if p.id == pid:
            return f"/procedures/{i}{'/' + field_ if field_ else ''}"
    return ""


@dataclass(slots=True)
class Pair:
    """A documented lesion and the billed unit that stands for it, with a different code."""

    billed: BilledLine
    code: str  # the billed code
    want: str | None  # the documented code (None: held, either family)
    lesion: object  # ExcisionUnit or ShavedLesion
    why: str


@dataclass(slots=True)
class Audit:
    pairs: list[Pair] = field(default_factory=list)
    extra: list[tuple[BilledLine, str]] = field(default_factory=list)  # (line, code)
    missing: list[tuple[object, str]] = field(default_factory=list)  # (lesion, code)


def _billed_units(ctx: Context, codes: frozenset[str]) -> list[tuple[BilledLine, str]]:
    return [(b, b.code) for b in ctx.billed if b.code in codes for _ in range(b.units)]


def _take(pool: list[tuple[BilledLine, str]], code: str) -> BilledLine | None:
    for k, (b, c) in enumerate(pool):
        if c == code:
            del pool[k]
            return b
    return None


# --- excision -------------------------------------------------------------------------------


def _exc_parts(code: str) -> tuple[bool, int]:
    """(malignant?, band digit) of an excision code."""
    return code in MALIGNANT_EXCISION_CODES, int(code) % 10


def _exc_group(code: str) -> str:
    n = int(code)
    base = n - n % 10
    for (_, group), b in EXCISION_BASE.items():
        if b == base:
            return group
    return ""


def excision_audit(ctx: Context) -> Audit:
    audit = Audit()
    pool = _billed_units(ctx, EXCISION_CODES)
    units = excision_units(ctx)
    want: list[tuple[str | None, ExcisionUnit | None]] = []
    coded = units_of(expected(ctx, EXCISION_CODES))
    for unit in units:
        if unit.code is not None and coded[unit.code] > 0:
            coded[unit.code] -= 1
            want.append((unit.code, unit))
    for code_, n in coded.items():  # coded by another family (e.g. Mohs coded as excision)
        want.extend((code_, None) for _ in range(n))
    open_: list[tuple[str | None, ExcisionUnit]] = []
    for wanted, maybe in want:
        if wanted is not None and _take(pool, wanted) is not None:
            continue
        if maybe is not None:
            open_.append((wanted, maybe))
        elif wanted is not None:
            audit.missing.append((None, wanted))
    for unit in units:
        if unit.malignant is None:
            candidates = {excision_code(unit.site, unit.excised_cm, m) for m in (False, True)}
            if not any(c is not None and _take(pool, c) is not None for c in candidates):
                open_.append((None, unit))
    for wanted, open_unit in open_:
        if not pool:
            if wanted is not None:
                audit.missing.append((open_unit, wanted))
            continue
        k = max(range(len(pool)), key=lambda j: _closeness(open_unit, pool[j][1]))
        billed, got = pool.pop(k)
        audit.pairs.append(Pair(billed, got, wanted, open_unit, _excision_why(open_unit, wanted, got)))
    audit.extra.extend(pool)
    return audit


def _closeness(unit: ExcisionUnit, got: str) -> int:
    malignant, digit = _exc_parts(got)
    score = 0
    if _exc_group(got) == unit.site.groups.get("excision"):
        score += 4
    if unit.malignant is None or malignant == unit.malignant:
        score += 2
    if digit == excision_digit(unit.excised_cm):
        score += 1
    return score


def _excision_why(unit: ExcisionUnit, want: str | None, got: str) -> str:
    malignant, digit = _exc_parts(got)
    reasons: list[str] = []
    group = unit.site.groups.get("excision")
    if _exc_group(got) != group:
        reasons.append(
            f"{got} is for the {group_label(_exc_group(got))} group, but the {unit.site.label} is in "
            f"the {group_label(group)} group"
        )
    if unit.malignant is not None and malignant != unit.malignant:
        kind = "a malignant" if malignant else "a benign"
        reasons.append(f"{got} is {kind} excision code, but {unit.family_because}")
    right = excision_digit(unit.excised_cm)
    if digit != right:
        lesion = next(les for les in unit.lesions if les.lead == unit.lead)
        band = EXCISION_BANDS.get(digit, "?")
        if len(unit.lesions) == 1 and lesion.margin_cm and digit == excision_digit(lesion.lesion_cm):
            reasons.append(
                f"{got} was sized from the lesion diameter {cm(lesion.lesion_cm)} cm without its "
                f"margins; the {unit.size_because}"
            )
        elif digit > right:
            reasons.append(
                f"{got}'s band ({band}) is larger than the excised diameter: the {unit.size_because} "
                "(the ellipse, incision or repair length is not the excised diameter)"
            )
        else:
            reasons.append(
                f"{got}'s band ({band}) is smaller than the excised diameter: the {unit.size_because} "
                "(a pathology-report size of the shrunken specimen is not the excised diameter)"
            )
    return "; ".join(reasons) or f"{got} does not match the documentation"


def excision_fully_documented(unit: ExcisionUnit) -> bool:
    """Diameter, margin and behavior documented: the right code is certain."""
    return unit.malignant is not None and all(les.margin_cm is not None for les in unit.lesions)


# --- shave ----------------------------------------------------------------------------------


def _shave_group(code: str) -> str:
    n = int(code)
    for group, base in SHAVE_BASE.items():
        if base <= n <= base + 3:
            return group
    return ""


def shave_audit(ctx: Context) -> Audit:
    audit = Audit()
    pool = _billed_units(ctx, SHAVE_CODES)
    lesions = list(shaved_lesions(ctx))
    coded = units_of(expected(ctx, SHAVE_CODES))
    open_: list[ShavedLesion] = []
    for les in lesions:
        if coded[les.code] <= 0:
            continue  # the NCCI pass or another family took it off the claim
        coded[les.code] -= 1
        if _take(pool, les.code) is None:
            open_.append(les)
    for les in open_:
        if not pool:
            audit.missing.append((les, les.code))
            continue
        k = max(range(len(pool)), key=lambda j: _shave_closeness(les, pool[j][1]))
        billed, got = pool.pop(k)
        audit.pairs.append(Pair(billed, got, les.code, les, _shave_why(les, got)))
    audit.extra.extend(pool)
    return audit


def _shave_closeness(les: ShavedLesion, got: str) -> int:
    score = 2 if _shave_group(got) == les.site.groups.get("shave") else 0
    return score + (1 if int(got) % 5 == shave_digit(les.diameter_cm) else 0)


def _shave_why(les: ShavedLesion, got: str) -> str:
    reasons = []
    group = les.site.groups.get("shave")
    if _shave_group(got) != group:
        reasons.append(
            f"{got} is for the {group_label(_shave_group(got))} group, but the {les.site.label} is in "
            f"the {group_label(group)} group"
        )
    base = SHAVE_BASE.get(_shave_group(got), int(got))
    digit = int(got) - base
    right = shave_digit(les.diameter_cm)
    if digit != right:
        size = "larger" if digit > right else "smaller"
        reasons.append(
            f"{got}'s band ({SHAVE_BANDS[digit] if 0 <= digit < 4 else '?'}) is {size} than the "
            f"{cm(les.diameter_cm)} cm lesion ({SHAVE_BANDS[right]}): a shave is sized by the lesion "
            "diameter only, without margins"
        )
    return "; ".join(reasons) or f"{got} does not match the documentation"


def procedures_of(lesion: object) -> tuple[str, ...]:
    if isinstance(lesion, ExcisionUnit):
        return lesion.ids
    if isinstance(lesion, ShavedLesion):
        return (lesion.pid,)
    return ()


def lines_of(items: Sequence[BilledLine]) -> tuple[int, ...]:
    return tuple(sorted({b.index for b in items}))


EXTRA_CAUSES = (
    ("included_in_adjacent_tissue_transfer", "in_flap"),
    ("same_excision", "same_excision"),
    ("re_excised_same_session", "re_excision"),
    ("non_skin_site", "non_skin"),
)


def classify_extras(
    ctx: Context, extra: list[tuple[BilledLine, str]], kind: str
) -> list[tuple[BilledLine, str, str]]:
    """Give each billed unit without a documented lesion the documented reason that explains
    it, if any: a lesion closed by a flap, a second lesion of one excision, a same-session
    re-excision, a non-skin site; else 'undocumented'. ``kind`` is the procedure type."""
    budget: Counter[str] = Counter()
    for p in ctx.enc.procedures:
        if type(p).__struct_config__.tag != kind:
            continue
        fate = ctx.coding.fates.get(p.id)
        for cause, label in EXTRA_CAUSES:
            if fate is not None and fate.cause == cause:
                budget[label] += 1
    out = []
    for billed, code_ in extra:
        label = next((lab for _, lab in EXTRA_CAUSES if budget[lab] > 0), "undocumented")
        budget[label] -= 1
        out.append((billed, code_, label))
    return out


def fate_ids(ctx: Context, cause: str) -> list[str]:
    return [pid for pid, f in ctx.coding.fates.items() if f.cause == cause]


def behavior_pointer(ctx: Context, ids: Sequence[str]) -> str:
    """Where a lesion's behavior is documented: the procedure's ``behavior``, else the
    ``behavior`` of the pathology entry of its specimen."""
    procs = [p for p in ctx.enc.procedures if p.id in ids]
    for p in procs:
        if getattr(p, "behavior", None) is not None:
            return pointer(ctx, p.id, "behavior")
    for p in procs:
        for k, path in enumerate(ctx.enc.pathology):
            if p.specimen is not None and path.specimen == p.specimen and path.behavior is not None:
                return f"/pathology/{k}/behavior"
    return pointer(ctx, ids[0], "behavior") if ids else ""
