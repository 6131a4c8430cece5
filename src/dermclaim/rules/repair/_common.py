"""What the repair rules share: the billed repair lines held against the documented closures,
each discrepancy classified once, so that one billed line is explained by one rule.

The audit walks the billed repair lines (12001–12018, 12031–12057, 13100–13153 and the dehiscence
codes 12020, 12021, 13160) in a fixed order of explanations:

1. ``secondary_closure`` — a dehiscence / secondary closure code (REP007);
2. ``not_summed`` — several lines or units of one class in one anatomic group (REP002);
3. lines equal to what the engine codes are set aside as right, and lines of a repair code the
   NCCI pass left off the claim (the NCCI rules explain those);
4. ``across_groups`` — one code for lengths of one class summed across groups (REP003);
5. ``simple_included`` — a simple repair of an excision, biopsy or shave wound (REP001);
6. ``small_benign`` — a repair of a benign excision of 0.5 cm or less (REP004);
7. ``adhesive_strips`` — a repair code for a closure with adhesive strips alone (REP006);
8. ``complex_too_short`` — a complex code for complex repairs totalling 1.0 cm or less (REP005);
9. ``differs`` — anything else: wrong band or class, no documented repair, repair not billed,
   a repair included in a flap (REP008).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dermclaim.coding import CodedLine
from dermclaim.coding.ncci import NcciDecision
from dermclaim.coding.repair import RepairItem, RepairSum
from dermclaim.coding.skin_surgery import (
    DEHISCENCE_CODES,
    REPAIR_ADD_ONS,
    REPAIR_CODE_INFO,
    REPAIR_CODES,
    SIMPLE_REPAIR_CODES,
    cm,
    group_label,
    repair_code,
)
from dermclaim.document import AdjacentTissueTransfer, Biopsy, Excision, Mohs, ShaveRemoval
from dermclaim.model import Confidence, FixSafety, Severity
from dermclaim.rules.base import BilledLine, Context, Hit


def repair_items(ctx: Context) -> tuple[RepairItem, ...]:
    found = ctx.coding.facts.get("repair.items", ())
    assert isinstance(found, tuple)
    return found


def repair_sums(ctx: Context) -> tuple[RepairSum, ...]:
    found = ctx.coding.facts.get("repair.sums", ())
    assert isinstance(found, tuple)
    return found


def expected_repairs(ctx: Context) -> list[CodedLine]:
    return [ln for ln in ctx.coding.lines if ln.code in REPAIR_CODES]


def describe(lines: Iterable[CodedLine | BilledLine]) -> str:
    count: Counter[str] = Counter()
    for ln in lines:
        count[ln.code] += ln.units
    return " + ".join(f"{c} × {n}" if n > 1 else c for c, n in count.items()) or "no repair code"


def bill_instead(ctx: Context, code: str) -> str:
    should = expected_repairs(ctx)
    return f"Remove {code}; bill {describe(should)}" if should else f"Remove {code}"


@dataclass(frozen=True, slots=True)
class Issue:
    kind: str
    message: str
    fix: str
    lines: tuple[int, ...]
    procedures: tuple[str, ...] = ()
    facts: tuple[tuple[str, object], ...] = ()
    severity: Severity | None = None
    fix_safety: FixSafety | None = None
    confidence: Confidence | None = None


def _facts(items: Iterable[RepairItem]) -> tuple[tuple[str, object], ...]:
    out: list[tuple[str, object]] = []
    for i in items:
        out.append((f"{i.pointer}/complexity", i.complexity))
        out.append((f"{i.pointer}/length_cm", i.length_cm))
    return tuple(out)


def _ids(items: Iterable[RepairItem]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.pid for i in items))


_KIND: dict[type, str] = {Excision: "excision", Biopsy: "biopsy", ShaveRemoval: "shave removal"}


def _cls_group(code: str) -> tuple[str, str]:
    return REPAIR_CODE_INFO[code]


def audit(ctx: Context) -> list[Issue]:
    items = repair_items(ctx)
    sums = repair_sums(ctx)
    billed = [b for b in ctx.billed if b.code in REPAIR_CODES or b.code in DEHISCENCE_CODES]
    if not billed:
        return []
    issues: list[Issue] = []
    claimed: set[int] = set()

    def claim(b: BilledLine, issue: Issue) -> None:
        claimed.add(b.index)
        issues.append(issue)

    # 1. dehiscence / secondary closure codes
    defects = [p for p in ctx.enc.procedures if isinstance(p, Excision | Mohs | AdjacentTissueTransfer)]
    for b in billed:
        if b.code not in DEHISCENCE_CODES:
            continue
        if items or defects:
            what = ", ".join(i.describe() for i in items) or ", ".join(p.id for p in defects)
            claim(
                b,
                Issue(
                    "secondary_closure",
                    f"{b.code} billed, but it is a dehiscence / secondary closure code, not the repair "
                    f"of a lesion defect; the documented closures are lesion-defect repairs ({what})",
                    bill_instead(ctx, b.code),
                    (b.index,),
                    _ids(items) or tuple(p.id for p in defects),
                    _facts(items),
                ),
            )
        else:
            claim(
                b,
                Issue(
                    "secondary_closure",
                    f"{b.code} billed: a dehiscence or secondary closure cannot be described in the "
                    "encounter document, so the engine does not code it and leaves it off the "
                    "corrected lines",
                    f"Review {b.code} by hand; keep it only if a wound dehiscence was closed",
                    (b.index,),
                    severity="warning",
                    fix_safety="display-only",
                    confidence="medium",
                ),
            )

    # 2. several lines or units of one class in one group
    by_key: dict[tuple[str, str], list[BilledLine]] = {}
    for b in billed:
        if b.code in REPAIR_CODE_INFO and b.code not in REPAIR_ADD_ONS:
            by_key.setdefault(_cls_group(b.code), []).append(b)
    for (cls, group), lines in by_key.items():
        if sum(b.units for b in lines) < 2:
            continue
        summed = [s for s in sums if (s.cls, s.group) == (cls, group)]
        documented = f"; documented: {summed[0].because()}" if summed else ""
        for b in lines:
            claimed.add(b.index)
        issues.append(
            Issue(
                "not_summed",
                f"{describe(lines)} billed for {cls} repairs of the {group_label(group)} group: repairs "
                f"of one class in one anatomic group are summed and reported with one code{documented}",
                f"Bill {describe(expected_repairs(ctx))}",
                tuple(b.index for b in lines),
                _ids(i for s in summed for i in s.items),
                _facts(i for s in summed for i in s.items),
            )
        )

    # 3. lines the engine codes the same way
    left: Counter[str] = Counter()
    for ln in expected_repairs(ctx):
        left[ln.code] += ln.units
    open_: list[BilledLine] = []
    for b in billed:
        if b.index in claimed:
            continue
        if left[b.code] >= b.units:
            left[b.code] -= b.units
        else:
            open_.append(b)

    # 3b. repairs the NCCI pass left off the claim (the intermediate repair of a punch-biopsy
    # wound, NCCI 11104/12031): the NCCI rules (NCCI003/NCCI004) explain a billed line of that
    # code; a billed line of another code of that class and group is told the same reason.
    found = ctx.coding.facts.get("ncci.decisions", ())
    ncci_off = [
        d
        for d in (found if isinstance(found, tuple) else ())
        if isinstance(d, NcciDecision) and d.action in ("bundled", "hold") and d.column2 in REPAIR_CODE_INFO
    ]
    for b in list(open_):
        same = [d for d in ncci_off if d.column2 == b.code]
        if same:
            claimed.add(b.index)
            open_.remove(b)
            continue
        if b.code not in REPAIR_CODE_INFO:
            continue
        like = [d for d in ncci_off if _cls_group(d.column2) == _cls_group(b.code)]
        if like:
            d = like[0]
            claim(
                b,
                Issue(
                    "differs",
                    f"{b.code} billed, but the documented repair codes to {d.column2} and is not "
                    f"separately billable: {d.reason}",
                    f"Remove {b.code}",
                    (b.index,),
                    d.procedures,
                    _facts(i for i in items if i.pid in d.procedures),
                ),
            )

    # 4. one code for one class summed across anatomic groups
    for b in open_:
        if b.code not in REPAIR_CODE_INFO or b.code in REPAIR_ADD_ONS:
            continue
        cls, group = _cls_group(b.code)
        of_class = [s for s in sums if s.cls == cls]
        if len({s.group for s in of_class}) < 2:
            continue
        total = round(sum(s.length_cm for s in of_class), 2)
        rc = repair_code(cls, group, total)  # type: ignore[arg-type]
        if rc is not None and rc.primary == b.code:
            parts = "; ".join(f"{cm(s.length_cm)} cm in the {group_label(s.group)} group" for s in of_class)
            claim(
                b,
                Issue(
                    "across_groups",
                    f"{b.code} billed for {cm(total)} cm of {cls} repairs summed across anatomic groups "
                    f"({parts}): lengths are summed only within one group, each group has its own code",
                    f"Bill {describe(expected_repairs(ctx))}",
                    (b.index,),
                    _ids(i for s in of_class for i in s.items),
                    _facts(i for s in of_class for i in s.items),
                ),
            )

    # 5. simple repair of a wound whose procedure includes it
    included = [i for i in items if i.disposition == "included"]
    wounds = [p for p in ctx.enc.procedures if isinstance(p, Excision | Biopsy | ShaveRemoval)]
    for b in open_:
        if b.index in claimed or b.code not in SIMPLE_REPAIR_CODES:
            continue
        if included:
            why = "; ".join(f"{i.describe()}: {i.reason}" for i in included)
            claim(
                b,
                Issue(
                    "simple_included",
                    f"{b.code} billed for a simple repair that is not separately reportable ({why})",
                    bill_instead(ctx, b.code),
                    (b.index,),
                    _ids(included),
                    _facts(included),
                ),
            )
        elif wounds and not any(i.complexity == "simple" for i in items):
            names = ", ".join(f"{p.id} ({_KIND[type(p)]})" for p in wounds)
            claim(
                b,
                Issue(
                    "simple_included",
                    f"{b.code} billed, but no separate simple repair is documented; the wounds of this "
                    f"encounter are {names}, whose simple (non-layered) closure is included in the "
                    "excision or biopsy code, and a shave needs none",
                    bill_instead(ctx, b.code),
                    (b.index,),
                    tuple(p.id for p in wounds),
                ),
            )

    # 6.–8. repairs kept off the claim by a documented reason
    for kind, disposition in (
        ("small_benign", "small_benign_excision"),
        ("adhesive_strips", "adhesive_strips"),
    ):
        kept_off = [i for i in items if i.disposition == disposition]
        for b in open_:
            if b.index in claimed or b.code not in REPAIR_CODE_INFO:
                continue
            cls = _cls_group(b.code)[0]
            match = [i for i in kept_off if i.complexity == cls]
            if match:
                why = "; ".join(f"{i.describe()}: {i.reason}" for i in match)
                claim(
                    b,
                    Issue(
                        kind,
                        f"{b.code} billed, but {why}",
                        bill_instead(ctx, b.code),
                        (b.index,),
                        _ids(match),
                        _facts(match),
                    ),
                )
    short = [
        s for s in sums if any(i.complexity == "complex" and i.coded_as == "intermediate" for i in s.items)
    ]
    for b in open_:
        if b.index in claimed or b.code not in REPAIR_CODE_INFO or _cls_group(b.code)[0] != "complex":
            continue
        moved = [
            i for s in short for i in s.items if i.complexity == "complex" and i.coded_as == "intermediate"
        ]
        if moved:
            total = sum(i.length_cm for i in moved)
            claim(
                b,
                Issue(
                    "complex_too_short",
                    f"{b.code} billed for complex repairs of {cm(total)} cm "
                    f"({', '.join(i.describe() for i in moved)}): complex codes start at 1.1 cm, so a "
                    "complex repair of 1.0 cm or less is reported as an intermediate repair",
                    f"Bill {describe(expected_repairs(ctx))} instead of {b.code}",
                    (b.index,),
                    _ids(moved),
                    _facts(moved),
                ),
            )

    # 9. anything else
    for b in open_:
        if b.index in claimed or b.code not in REPAIR_CODE_INFO:
            continue
        claim(b, _differs(ctx, b, items, sums))
    # Documented repairs not billed, unless an issue above already speaks of their procedures.
    touched = {_cls_group(b.code) for b in billed if b.code in REPAIR_CODE_INFO}
    mentioned = {pid for issue in issues for pid in issue.procedures}
    for code, n in left.items():
        if n > 0 and _cls_group(code) not in touched:
            summed = [s for s in sums if s.code is not None and code in (s.code.primary, s.code.add_on)]
            if any(i.pid in mentioned for s in summed for i in s.items):
                continue
            issues.append(
                Issue(
                    "differs",
                    f"{code}{f' × {n}' if n > 1 else ''} is documented "
                    f"({'; '.join(s.because() for s in summed) or 'repair'}) but not billed",
                    f"Bill {describe(expected_repairs(ctx))}",
                    (),
                    _ids(i for s in summed for i in s.items),
                    severity="warning",
                )
            )
    return issues


def _differs(
    ctx: Context, b: BilledLine, items: tuple[RepairItem, ...], sums: tuple[RepairSum, ...]
) -> Issue:
    cls, group = _cls_group(b.code)
    fix = (
        f"Bill {describe(expected_repairs(ctx))} instead of {b.code}"
        if expected_repairs(ctx)
        else f"Remove {b.code}"
    )
    if b.code in REPAIR_ADD_ONS:
        s = next((s for s in sums if s.code is not None and s.code.add_on == b.code), None)
        if s is not None and s.code is not None:
            return Issue(
                "differs",
                f"{b.code} × {b.units} billed, but {cm(s.length_cm)} cm of complex repair in the "
                f"{group_label(group)} group takes {s.code.add_on} × {s.code.add_on_units} (one unit per "
                "additional 5 cm or part beyond 7.5 cm)",
                fix,
                (b.index,),
                _ids(s.items),
                _facts(s.items),
            )
    same = [s for s in sums if (s.cls, s.group) == (cls, group) and s.code is not None]
    if same:
        s = same[0]
        rc = s.code
        assert rc is not None
        return Issue(
            "differs",
            f"{b.code} billed, but the documented {cls} repairs of the {group_label(group)} group total "
            f"{cm(s.length_cm)} cm: {rc.primary} ({rc.band})",
            fix,
            (b.index,),
            _ids(s.items),
            _facts(s.items),
        )
    other_class = [
        i for i in items if i.site.groups.get(f"repair_{cls}") == group and i.disposition == "coded"
    ]
    if other_class:
        docs = ", ".join(i.describe() for i in other_class)
        return Issue(
            "differs",
            f"{b.code} is {'an' if cls == 'intermediate' else 'a'} {cls} repair code, but the closure "
            f"documented there is not {cls} ({docs})",
            fix,
            (b.index,),
            _ids(other_class),
            _facts(other_class),
        )
    in_flap = [i for i in items if i.disposition == "in_flap"]
    if in_flap:
        why = "; ".join(f"{i.describe()}: {i.reason}" for i in in_flap)
        return Issue(
            "differs", f"{b.code} billed, but {why}", fix, (b.index,), _ids(in_flap), _facts(in_flap)
        )
    return Issue(
        "differs",
        f"{b.code} billed, but no {cls} repair of the {group_label(group)} group is documented",
        fix,
        (b.index,),
    )


def issues_of(ctx: Context, kind: str) -> list[Issue]:
    return [i for i in audit(ctx) if i.kind == kind]


def hits(ctx: Context, kind: str) -> Iterator[Hit]:
    """The audit's issues of one kind, as findings."""
    for issue in issues_of(ctx, kind):
        yield Hit(
            message=issue.message,
            fix=issue.fix,
            lines=issue.lines,
            procedures=issue.procedures,
            facts=issue.facts,
            severity=issue.severity,
            fix_safety=issue.fix_safety,
            confidence=issue.confidence,
        )
