"""Every rule is registered once, documented, sourced, and has good and bad examples that are
run here: the bad one must raise the rule, the good one must not (and must raise no error)."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import dermclaim
from dermclaim.rules import registry
from dermclaim.rules.base import DOC_SECTIONS, Rule
from dermclaim.rules.docs import example, example_mode, example_options, sections
from dermclaim.rules.retired import RETIRED

CODES = list(registry.RULES)


def _rule_modules() -> list[str]:
    import dermclaim.rules as pkg

    found = []
    for family in pkgutil.iter_modules(pkg.__path__):
        if not family.ispkg:
            continue
        sub = importlib.import_module(f"dermclaim.rules.{family.name}")
        for mod in pkgutil.iter_modules(sub.__path__):
            if not mod.name.startswith("_"):
                found.append(f"dermclaim.rules.{family.name}.{mod.name}")
    return found


def test_every_rule_module_is_registered_exactly_once() -> None:
    registered = [rule.__module__ for rule in registry.RULES.values()]
    assert sorted(registered) == sorted(_rule_modules())
    assert len(set(registered)) == len(registered)


def test_codes_have_a_family_prefix_and_are_never_reused() -> None:
    for code in CODES:
        assert re.fullmatch(r"[A-Z]{2,4}[0-9]{3}", code), code
        assert code not in RETIRED
    names = [r.name for r in registry.RULES.values()]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", name), name


def test_module_file_is_named_for_the_rule() -> None:
    for rule in registry.RULES.values():
        assert rule.__module__.rsplit(".", 1)[1] == rule.name.replace("-", "_")


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented_and_sourced(code: str) -> None:
    rule: type[Rule] = registry.RULES[code]
    secs = sections(rule)
    for heading in DOC_SECTIONS:
        assert len(secs.get(heading, "")) > 40, f"{code} lacks a '## {heading}' section"
    assert rule.sources, f"{code} names no source"
    assert rule.summary and rule.modes
    assert rule.severity in ("error", "warning", "info")
    assert rule.fix_safety in ("safe", "unsafe", "display-only")


@pytest.mark.parametrize("code", CODES)
def test_bad_example_raises_the_rule(code: str) -> None:
    bad = example(code, "bad")
    assert bad is not None, f"{code} has no rules/examples/{code}/bad.json"
    result = _run(code, bad)
    raised = {f.rule for f in result.findings} | {r for f in result.findings for r in f.related}
    assert code in raised, f"{code}: bad example did not raise it"
    for f in result.findings:  # every finding explains itself
        assert f.message.strip() and f.fix.strip() and f.sources, (f.rule, f.message)


@pytest.mark.parametrize("code", CODES)
def test_good_example_does_not_raise_the_rule(code: str) -> None:
    good = example(code, "good")
    assert good is not None, f"{code} has no rules/examples/{code}/good.json"
    result = _run(code, good)
    raised = {f.rule for f in result.findings}
    assert code not in raised
    errors = [f"{f.rule}: {f.message}" for f in result.findings if f.severity == "error"]
    assert not errors, f"{code}: good example raises errors {errors}"


def _run(code: str, doc: dict[str, object]) -> dermclaim.Result:
    import msgspec

    enc = dermclaim.load(msgspec.json.encode(doc))
    options = example_options(doc)
    if example_mode(code) == "scrub":
        return dermclaim.scrub(enc, options)
    return dermclaim.code(enc, options)
