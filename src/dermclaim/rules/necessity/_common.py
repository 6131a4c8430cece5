"""What the necessity, routing and criteria rules share: the assessments, routes and ratings the
routing post-pass left in the coding facts, and the claim lines of one procedure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from dermclaim.coding.routing import Route, patient_lines
from dermclaim.document import Drug, _Procedure
from dermclaim.necessity import KIND_LABEL, Assessment, Evidence
from dermclaim.necessity.lexicon import CONCEPTS
from dermclaim.rules.base import BilledLine, Context

if TYPE_CHECKING:
    from dermclaim.auc import AucRating

G_MODIFIERS = frozenset({"GA", "GX", "GY", "GZ"})


def _codes(*ranges: tuple[int, int] | int) -> frozenset[str]:
    out: set[str] = set()
    for r in ranges:
        lo, hi = (r, r) if isinstance(r, int) else r
        out.update(str(n) for n in range(lo, hi + 1))
    return frozenset(out)


#: Codes a procedure of each type may be billed with, for procedures the engine did not code.
TYPE_CODES: dict[str, frozenset[str]] = {
    "shave_removal": _codes((11300, 11313)),
    "excision": _codes((11400, 11446)),
    "destruction": _codes((17106, 17108), 17110, 17111),
    "skin_tag_removal": _codes(11200, 11201),
    "chemical_peel": _codes((15788, 15793), 17360),
    "drug": frozenset({"J0585", "J0586", "J0587", "J0588", "64650", "64653"}),
    "intralesional_injection": _codes(11900, 11901),
}


def assessments(ctx: Context) -> Mapping[str, Assessment]:
    found = ctx.coding.facts.get("necessity.assessments", {})
    assert isinstance(found, dict)
    return found


def routes(ctx: Context) -> Mapping[str, Route]:
    found = ctx.coding.facts.get("routing.routes", {})
    assert isinstance(found, dict)
    return found


def ratings(ctx: Context) -> Mapping[str, AucRating]:
    found = ctx.coding.facts.get("mohs_auc.ratings", {})
    assert isinstance(found, dict)
    return found


def index(ctx: Context) -> dict[str, int]:
    return dict(ctx.position)


def procedure(ctx: Context, pid: str) -> _Procedure:
    return ctx.enc.procedures[index(ctx)[pid]]


def kind_of(proc: _Procedure) -> str:
    return str(type(proc).__struct_config__.tag)


def codes_of(ctx: Context, pid: str) -> frozenset[str]:
    """The codes the engine coded for ``pid`` (payer and patient lines), else those its type may
    be billed with."""
    coded = {ln.code for ln in (*ctx.coding.lines, *patient_lines(ctx.coding)) if pid in ln.procedures}
    if coded:
        return frozenset(coded)
    return TYPE_CODES.get(kind_of(procedure(ctx, pid)), frozenset())


def payer_positions(ctx: Context, pid: str) -> tuple[int, ...]:
    """Indexes of the coded payer lines of ``pid`` (the ``lines`` of ``dermclaim code``)."""
    return tuple(i for i, ln in enumerate(ctx.coding.lines) if pid in ln.procedures)


def billed_for(ctx: Context, pid: str) -> list[BilledLine]:
    codes = codes_of(ctx, pid)
    return [b for b in ctx.billed if b.code in codes]


def unexcluded(ctx: Context, pid: str) -> list[BilledLine]:
    """Billed lines of ``pid``'s codes that go to the payer without GY, beyond those the payer's
    own (covered) part of the visit needs — a split visit bills 17110 once for its medical
    lesions — preferring lines whose diagnoses are the procedure's own."""
    proc_dx = set(
        next(
            (ln.diagnoses for ln in (*ctx.coding.lines, *patient_lines(ctx.coding)) if pid in ln.procedures),
            (),
        )
    )
    out: list[BilledLine] = []
    for code in sorted(codes_of(ctx, pid)):
        plain = [b for b in ctx.billed if b.code == code and "GY" not in b.modifiers]
        expected = [ln for ln in ctx.coding.lines if ln.code == code and "GY" not in ln.modifiers]
        extra = len(plain) - len(expected)
        if extra <= 0:
            continue
        plain.sort(key=lambda b: (not (set(b.diagnoses) & proc_dx), -b.index))
        out.extend(sorted(plain[:extra], key=lambda b: b.index))
    return out


def cosmetic_with_medical_dx(a: Assessment) -> list[str]:
    """The medical diagnoses of a procedure documented as medical that the note shows as cosmetic
    (NEC001's case), else []."""
    if a.verdict != "cosmetic" or a.declared == "cosmetic":
        return []
    return [d for d in a.diagnoses if not d.upper().startswith("Z41")]


def describe(ctx: Context, pid: str, a: Assessment | None = None) -> str:
    """'destruction p2 (left temple)' — the procedure as a person finds it in the note."""
    proc = procedure(ctx, pid)
    site = ctx.sites.get(pid)
    where = ""
    if site is not None:
        lat = "" if site.laterality in ("unspecified", "midline") else f"{site.laterality} "
        where = f" ({lat}{site.label})"
    what = KIND_LABEL[a.kind] if a is not None else kind_of(proc).replace("_", " ")
    if isinstance(proc, Drug):
        what = proc.drug or proc.hcpcs or what
    return f"{what} {pid}{where}"


def quote(evidence: Iterable[Evidence], limit: int = 3) -> str:
    """ "'unsightly' (note 41–50), 'would like it removed' (55–76)"."""
    items = list(evidence)
    shown = [f"'{e.text}' (note {e.start}–{e.end})" for e in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(shown) + more


def why_discounted(evidence: Sequence[Evidence]) -> str:
    """Spans that do not count, and why: "'bleeding' (note 3–11): negated"."""
    parts = []
    for e in evidence[:3]:
        flags = [
            word
            for flag, word in (
                (e.negated, "negated"),
                (e.uncertain, "uncertain"),
                (e.hypothetical and not e.uncertain, "hypothetical"),
                (e.procedural, "consent or procedure boilerplate"),
                (e.family, "about a family member"),
                (e.historical and not CONCEPTS[e.concept].historical_counts, "historical"),
            )
            if flag
        ]
        parts.append(f"'{e.text}' (note {e.start}–{e.end}): {' and '.join(flags) or 'not current'}")
    return "; ".join(parts)


def note_facts(evidence: Iterable[Evidence]) -> tuple[tuple[str, object], ...]:
    return tuple(
        ("/note", {"start": e.start, "end": e.end, "text": e.text, "concept": e.concept}) for e in evidence
    )


def dx_text(codes: Sequence[str]) -> str:
    return ", ".join(codes) if codes else "no diagnosis"
