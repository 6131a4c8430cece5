"""NCCI procedure-to-procedure (PTP) edits applied to the coded lines of one encounter.

A post-pass run by :func:`dermclaim.coding.code_encounter` after every family coder and before
the lines are ordered (the E/M visit is coded afterwards and never enters it). For each in-force
edit of the NCCI PTP table (``TableSet.ptp_pairs_for``) between two coded lines (RULES.md §0.4–0.6,
§1.11–1.12, §3.11):

* modifier indicator **0**: the column-two line is never paid with the column-one code, whatever
  the documentation: it is left off the claim and its procedures get the fate ``bundled`` with
  cause ``ncci_ptp`` and the edit's rationale;
* modifier indicator **1**: a modifier bypasses the edit when the documentation shows the two
  services were distinct. The column-two line then gets the payer's distinct-lesion modifier
  (``Options.distinct("lesion")``: XS, or 59) and says so in its ``because``; otherwise it is
  bundled like an indicator-0 line. A line that already carries an NCCI-associated modifier the
  family coder chose deliberately (58, XU, 59 …) is left as it is;
* modifier indicator **9**: the edit does not apply.

How distinctness is judged from the document (:func:`judge`), for two procedures:

1. the same procedure on both lines (an excision and the repair documented with it) → the same
   lesion;
2. both carry a ``lesion`` label → the same label is the same lesion, different labels are
   different lesions;
3. both are documented with a kind of lesion (skin tags; the ``lesion_kind`` of a destruction,
   the ``behavior`` of an excision) and the kinds differ → different lesions (a skin tag is not
   an actinic keratosis; one lesion has one behavior);
4. otherwise their resolved sites decide: different canonical sites, or the same canonical site
   with opposite laterality (left / right forearm), are different sites; anything else (same
   site, no labels, a procedure without a site) does **not** show a distinct lesion.

A column-two line is distinct from the column-one code only when each of its lesions is distinct
from every procedure of every column-one line of that code (two excisions, one of them of the
same lesion as the repair, do not let the repair through). Its procedures are taken lesion by
lesion (samples sharing a label stay together): when only some lesions of a multi-unit line are
distinct, the line keeps those lesions, one unit each, with the modifier, and the others are
bundled; if its units do not count lesions, the line is held for a person (fate ``hold``, cause
``ncci_ptp_review``). Lines are visited cheapest first, so of two codes that edit each other the
cheaper gives way, and a line already left off the claim no longer acts as column one.

The document has no notion of a separate session (XE), a separate practitioner (XP) or an
unusual non-overlapping service (XU); the pass only ever adds the distinct-lesion modifier.
Every decision is kept in the coding facts under ``ncci.decisions`` for the NCCI rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from dermclaim.coding import CodedLine, Fate

if TYPE_CHECKING:
    from dermclaim.coding.families import Family
    from dermclaim.document import Encounter
    from dermclaim.options import Options
    from dermclaim.sites import Site
    from dermclaim.tables import PtpEdit, TableSet

__all__ = [
    "DISTINCT_MODIFIERS",
    "NCCI_ASSOCIATED_MODIFIERS",
    "Judgement",
    "NcciDecision",
    "applies_to",
    "apply",
    "judge",
    "judge_sets",
    "settle",
]

#: The distinct-service modifiers (CMS CR 8863): 59 and its subsets XE, XS, XP, XU.
DISTINCT_MODIFIERS = frozenset({"59", "XE", "XS", "XP", "XU"})

#: Modifiers the NCCI manual lists as able to bypass an indicator-1 edit when appropriate:
#: anatomic, global-surgery (24, 25, 57, 58, 78, 79) and other (27, 59, 91, X{EPSU}).
NCCI_ASSOCIATED_MODIFIERS = DISTINCT_MODIFIERS | frozenset(
    {"24", "25", "27", "57", "58", "78", "79", "91"}
    | {"E1", "E2", "E3", "E4", "FA", "LC", "LD", "LM", "LT", "RC", "RI", "RT", "TA"}
    | {f"F{i}" for i in range(1, 10)}
    | {f"T{i}" for i in range(1, 10)}
)

Verdict = Literal["distinct", "same_lesion", "not_shown"]
Action = Literal["bundled", "modifier", "bypassed", "hold"]

_VISIT_CODES = frozenset({f"992{n:02d}" for n in (2, 3, 4, 5, 11, 12, 13, 14, 15)})


@dataclass(frozen=True, slots=True)
class Judgement:
    """Whether the documentation shows two sets of procedures touched distinct lesions/sites."""

    verdict: Verdict
    reason: str


@dataclass(frozen=True, slots=True)
class NcciDecision:
    """What the post-pass did about one edit between a column-one and a column-two line."""

    column1: str
    column2: str
    indicator: str
    rationale: str
    action: Action
    reason: str
    """Why, in words, with the procedures and the edit."""
    procedures: tuple[str, ...]
    """The column-two procedures the action concerns."""
    column1_procedures: tuple[str, ...]
    units: int
    """Units of the column-two code the action concerns."""
    modifier: str | None
    citation: str
    verdict: Verdict | None = None


def applies_to(enc: Encounter, options: Options) -> bool:
    """NCCI binds Medicare, Medicare Advantage and Medicaid; commercial payers per setting."""
    return enc.payer.kind != "commercial" or options.ncci_for_commercial


def judge(a: str, b: str, enc: Encounter, sites: Mapping[str, Site]) -> Judgement:
    """Are procedures ``a`` and ``b`` (ids) documented as distinct lesions or sites?"""
    if a == b:
        return Judgement("same_lesion", f"both lines come from procedure {a}")
    procs = {p.id: p for p in enc.procedures}
    pa, pb = procs.get(a), procs.get(b)
    if pa is None or pb is None:
        return Judgement("not_shown", f"procedure {a if pa is None else b} is not documented")
    if pa.lesion and pb.lesion:
        if pa.lesion == pb.lesion:
            return Judgement("same_lesion", f"{a} and {b} treated the same lesion {pa.lesion!r}")
        return Judgement("distinct", f"{a} and {b} treated different lesions ({pa.lesion!r}, {pb.lesion!r})")
    ka, kb = _lesion_kind(pa), _lesion_kind(pb)
    if ka is not None and kb is not None and ka != kb:
        return Judgement("distinct", f"{a} treated {_KIND_TEXT[ka]} and {b} {_KIND_TEXT[kb]}")
    sa, sb = sites.get(a), sites.get(b)
    if sa is None or sb is None:
        return Judgement(
            "not_shown",
            f"{a if sa is None else b} has no documented site and {a} and {b} carry no "
            "distinct lesion labels",
        )
    if sa.canonical != sb.canonical:
        return Judgement("distinct", f"{a} ({_where(sa)}) and {b} ({_where(sb)}) are different sites")
    sides = {sa.laterality, sb.laterality}
    if sides == {"left", "right"}:
        return Judgement("distinct", f"{a} ({_where(sa)}) and {b} ({_where(sb)}) are opposite sides")
    return Judgement(
        "not_shown",
        f"{a} and {b} are both at the {sa.label} and carry no distinct lesion labels",
    )


_KIND_TEXT = {
    "skin_tag": "skin tags",
    "premalignant": "a premalignant lesion",
    "benign": "a benign lesion",
    "in_situ": "an in-situ lesion",
    "malignant": "a malignant lesion",
    "uncertain": "a lesion of uncertain behavior",
}


def _lesion_kind(proc: object) -> str | None:
    """The kind of lesion a procedure is documented to treat, where the document says it: skin
    tags, or the documented behavior of an excised or destroyed lesion. One lesion has one kind,
    so two procedures documented with different kinds treated different lesions."""
    from dermclaim.document import Destruction, Excision, SkinTagRemoval

    if isinstance(proc, SkinTagRemoval):
        return "skin_tag"
    if isinstance(proc, Destruction):
        return proc.lesion_kind
    if isinstance(proc, Excision):
        return proc.behavior
    return None


def judge_sets(
    column2: Iterable[str], column1: Iterable[str], enc: Encounter, sites: Mapping[str, Site]
) -> Judgement:
    """Distinct only if every column-two procedure is distinct from every column-one one."""
    c1 = list(dict.fromkeys(column1))
    c2 = list(dict.fromkeys(column2))
    if not c1 or not c2:
        return Judgement("not_shown", "the documentation names no procedure for one of the codes")
    judgements = [judge(x, y, enc, sites) for x in c2 for y in c1]
    for verdict in ("same_lesion", "not_shown"):
        found = [j for j in judgements if j.verdict == verdict]
        if found:
            return found[0]
    return Judgement("distinct", "; ".join(dict.fromkeys(j.reason for j in judgements)))


def apply(
    enc: Encounter,
    sites: Mapping[str, Site],
    tables: TableSet,
    options: Options,
    lines: Sequence[CodedLine],
    fates: Mapping[str, Fate],
) -> tuple[list[CodedLine], dict[str, Fate], dict[str, object]]:
    """The coded lines after the PTP edits, the updated fates and the ``ncci.decisions`` fact."""
    out_fates = dict(fates)
    if not lines or not applies_to(enc, options):
        return list(lines), out_fates, {}
    work: list[CodedLine | None] = list(lines)
    codes = [ln.code for ln in lines if ln.code not in _VISIT_CODES]
    by_column2: dict[str, list[PtpEdit]] = {}
    for edit in tables.ptp_pairs_for(codes):
        if edit.modifier_indicator in ("0", "1") and not _waived(edit, options):
            by_column2.setdefault(edit.column2, []).append(edit)
    if not by_column2:
        return list(lines), out_fates, {}
    decisions: list[NcciDecision] = []
    left_off: dict[str, tuple[str, str]] = {}  # procedure -> (status, reason)

    def value(i: int) -> float:
        rvu = tables.rvu(lines[i].code)
        return rvu.nonfac_total if rvu else 0.0

    for i in sorted(range(len(lines)), key=lambda k: (value(k), k)):
        line = work[i]
        if line is None or line.code in _VISIT_CODES:
            continue
        over = [
            (j, edit)
            for edit in by_column2.get(line.code, ())
            for j, other in enumerate(work)
            if j != i and other is not None and other.code == edit.column1
        ]
        if not over:
            continue
        zero = [(j, e) for j, e in over if e.modifier_indicator == "0"]
        if zero:
            j, edit = zero[0]
            col1 = work[j]
            assert col1 is not None
            reason = (
                f"{line.code} is never paid with {edit.column1} (NCCI edit {edit.column1}/"
                f"{edit.column2}, modifier indicator 0: {edit.rationale})"
            )
            decisions.append(_decision(edit, "bundled", reason, line, col1.procedures, None))
            _leave_off(left_off, line.procedures, "bundled", reason)
            work[i] = None
            continue
        edit = over[0][1]
        col1_procs = tuple(p for j, _ in over for p in _procs(work[j]))
        col1_codes = " and ".join(dict.fromkeys(e.column1 for _, e in over))
        bypass = [m for m in line.modifiers if m in NCCI_ASSOCIATED_MODIFIERS]
        if bypass:
            reason = (
                f"NCCI edit {edit.column1}/{edit.column2} (modifier indicator 1) is bypassed by "
                f"modifier {bypass[0]}, chosen by the {line.family} coding"
            )
            decisions.append(_decision(edit, "bypassed", reason, line, col1_procs, bypass[0]))
            continue
        groups = _lesion_groups(line.procedures, enc)
        verdicts = [judge_sets(g, col1_procs, enc, sites) for g in groups]
        distinct = [g for g, v in zip(groups, verdicts, strict=True) if v.verdict == "distinct"]
        other = [(g, v) for g, v in zip(groups, verdicts, strict=True) if v.verdict != "distinct"]
        edit_text = (
            "NCCI edit "
            + ", ".join(dict.fromkeys(f"{e.column1}/{e.column2} ({e.rationale})" for _, e in over))
            + ", modifier indicator 1"
        )
        modifier = options.distinct("lesion")
        if not other:
            why = "; ".join(dict.fromkeys(v.reason for v in verdicts))
            work[i] = _with_modifier(line, modifier, col1_codes, why)
            decisions.append(
                _decision(
                    edit,
                    "modifier",
                    f"{edit_text}: distinct lesions, {why}",
                    line,
                    col1_procs,
                    modifier,
                    verdict="distinct",
                )
            )
            continue
        first = other[0][1]
        if not distinct or len(groups) == line.units:
            bundled_ids = tuple(p for g, _ in other for p in g)
            reason = (
                f"{line.code} is included in {col1_codes}: {edit_text}, and the documentation "
                f"does not show a distinct lesion ({first.reason})"
            )
            if first.verdict == "not_shown":
                reason += "; if they were different lesions, give each its own lesion label"
            units = line.units if not distinct else len(other)
            decisions.append(
                _decision(
                    edit,
                    "bundled",
                    reason,
                    line,
                    col1_procs,
                    None,
                    procedures=bundled_ids,
                    units=units,
                    verdict=first.verdict,
                )
            )
            _leave_off(left_off, bundled_ids, "bundled", reason)
            if not distinct:
                work[i] = None
                continue
            kept = tuple(p for g in distinct for p in g)
            why = "; ".join(dict.fromkeys(v.reason for v in verdicts if v.verdict == "distinct"))
            work[i] = _with_modifier(
                replace(line, units=len(distinct), procedures=kept), modifier, col1_codes, why
            )
            decisions.append(
                _decision(
                    edit,
                    "modifier",
                    f"{edit_text}: distinct lesions, {why}",
                    line,
                    col1_procs,
                    modifier,
                    procedures=kept,
                    units=len(distinct),
                    verdict="distinct",
                )
            )
            continue
        reason = (
            f"{line.code} × {line.units}: {edit_text}; some of its lesions are distinct from "
            f"{col1_codes} and some are not ({first.reason}), and its units do not count "
            "lesions: split the line by hand"
        )
        decisions.append(_decision(edit, "hold", reason, line, col1_procs, None, verdict=first.verdict))
        _leave_off(left_off, line.procedures, "hold", reason)
        work[i] = None

    kept_lines = [ln for ln in work if ln is not None]
    still_billed = {p for ln in kept_lines for p in ln.procedures}
    for pid, (status, reason) in left_off.items():
        if pid in still_billed:
            continue
        cause = "ncci_ptp" if status == "bundled" else "ncci_ptp_review"
        out_fates[pid] = Fate("bundled" if status == "bundled" else "hold", reason, cause)
    return kept_lines, out_fates, {"ncci.decisions": tuple(decisions)}


_LEFT_OFF: frozenset[str] = frozenset({"bundled", "hold"})


def settle(
    enc: Encounter,
    sites: Mapping[str, Site],
    tables: TableSet,
    options: Options,
    parts: Sequence[tuple[Family, Sequence[CodedLine]]],
    fates: Mapping[str, Fate],
) -> tuple[list[CodedLine], dict[str, Fate], dict[str, object]]:
    """:func:`apply`, then re-code any family the pass left with an add-on line and no primary.

    When an edit leaves off the primary line of a family (the punch biopsy of the lesion also
    excised) while the family's add-on line of *other* procedures stays (+11103 for a separate
    tangential biopsy), the add-on would be denied on its own and that documented, billable
    procedure lost. The family is then coded again without the procedures the pass left off
    (the tangential biopsy becomes 11102) and the pass runs again; procedures left off keep the
    fate and the decision that left them off. A family whose primary and add-on describe the same
    procedures (17000 + 17003 of one destruction) simply loses both.
    """
    import msgspec

    current = [(fam, tuple(lines)) for fam, lines in parts]
    base_fates = dict(fates)
    gone: dict[str, Fate] = {}
    earlier: list[NcciDecision] = []
    while True:
        lines = [ln for _, fam_lines in current for ln in fam_lines]
        out_lines, out_fates, facts = apply(enc, sites, tables, options, lines, base_fates)
        found = facts.get("ncci.decisions", ())
        decisions = [d for d in found if isinstance(d, NcciDecision)] if isinstance(found, tuple) else []
        present = {ln.code for ln in out_lines}
        orphans = [
            ln
            for ln in out_lines
            if (primaries := tables.add_on_primaries(ln.code)) is not None and not primaries & present
        ]
        left = {p for d in decisions if d.action in _LEFT_OFF for p in d.procedures}
        redo = [k for k, (_, fam_lines) in enumerate(current) if _orphaned(fam_lines, orphans, left)]
        dropped = {p for k in redo for ln in current[k][1] for p in ln.procedures if p in left} - set(gone)
        if not dropped:  # nothing (more) to re-code: every pass removes at least one procedure
            every = (*earlier, *decisions)
            return out_lines, {**out_fates, **gone}, ({"ncci.decisions": every} if every else {})
        for d in decisions:
            if d.action in _LEFT_OFF and set(d.procedures) & dropped:
                earlier.append(d)
                held = d.action == "hold"
                for pid in set(d.procedures) & dropped:
                    gone.setdefault(
                        pid,
                        Fate(
                            "hold" if held else "bundled", d.reason, "ncci_ptp_review" if held else "ncci_ptp"
                        ),
                    )
        sub = msgspec.structs.replace(enc, procedures=[p for p in enc.procedures if p.id not in gone])
        for k in redo:
            fam = current[k][0]
            part = fam.coder(sub, sites, tables, options)
            current[k] = (fam, tuple(part.lines))
            base_fates.update({pid: f for pid, f in part.fates.items() if pid not in gone})


def _orphaned(fam_lines: Sequence[CodedLine], orphans: Sequence[CodedLine], left: set[str]) -> bool:
    """A family's lines hold an add-on left without its primary, and the pass left off some of
    the family's procedures."""
    return any(
        o.code == ln.code and set(o.procedures) <= set(ln.procedures) for o in orphans for ln in fam_lines
    ) and any(p in left for ln in fam_lines for p in ln.procedures)


_SMALL_BENIGN_EXCISIONS = frozenset({"11400", "11420", "11440"})


def _waived(edit: PtpEdit, options: Options) -> bool:
    """An edit the payer settings say this payer does not apply: the repair of a benign
    excision of 0.5 cm or less when ``small_benign_excision_includes_repair`` is false."""
    return (
        not options.small_benign_excision_includes_repair
        and edit.column1 in _SMALL_BENIGN_EXCISIONS
        and edit.column2.isdigit()
        and 12031 <= int(edit.column2) <= 13153
    )


def _procs(line: CodedLine | None) -> tuple[str, ...]:
    return line.procedures if line is not None else ()


def _where(site: Site) -> str:
    side = "" if site.laterality in ("unspecified", "midline") else f"{site.laterality} "
    return f"{side}{site.label}"


def _lesion_groups(procedures: Sequence[str], enc: Encounter) -> list[tuple[str, ...]]:
    """A line's procedures lesion by lesion: procedures sharing a lesion label stay together."""
    if not procedures:
        return [()]  # a line naming no procedure shows no distinct lesion
    labels = {p.id: p.lesion for p in enc.procedures}
    groups: dict[str, list[str]] = {}
    for pid in procedures:
        label = labels.get(pid)
        groups.setdefault(f"lesion:{label}" if label else f"id:{pid}", []).append(pid)
    return [tuple(g) for g in groups.values()]


def _with_modifier(line: CodedLine, modifier: str, column1: str, why: str) -> CodedLine:
    return replace(
        line,
        modifiers=(*line.modifiers, modifier),
        because=f"{line.because}; modifier {modifier}: NCCI pairs {line.code} with {column1} "
        f"and the documentation shows a distinct lesion or site ({why})",
    )


def _leave_off(
    left_off: dict[str, tuple[str, str]], procedures: Iterable[str], status: str, reason: str
) -> None:
    for pid in procedures:
        left_off.setdefault(pid, (status, reason))


def _decision(
    edit: PtpEdit,
    action: Action,
    reason: str,
    line: CodedLine,
    column1_procedures: tuple[str, ...],
    modifier: str | None,
    *,
    procedures: tuple[str, ...] | None = None,
    units: int | None = None,
    verdict: Verdict | None = None,
) -> NcciDecision:
    return NcciDecision(
        column1=edit.column1,
        column2=edit.column2,
        indicator=edit.modifier_indicator,
        rationale=edit.rationale,
        action=action,
        reason=reason,
        procedures=line.procedures if procedures is None else procedures,
        column1_procedures=column1_procedures,
        units=line.units if units is None else units,
        modifier=modifier,
        citation=edit.release.citation(),
        verdict=verdict,
    )
