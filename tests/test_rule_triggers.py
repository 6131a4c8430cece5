"""Skipping rules of procedure families an encounter does not touch changes no output."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import msgspec
import pytest

import dermclaim
from dermclaim import engine
from dermclaim.coding.families import FAMILIES
from dermclaim.rules.registry import RULES
from tests.conftest import EXAMPLES, ROOT

DOCS = sorted(EXAMPLES.glob("*.json")) + sorted((ROOT / "src/dermclaim/rules/examples").glob("*/*.json"))


def test_every_trigger_names_a_family() -> None:
    names = {f.name for f in FAMILIES}
    for code, rule in RULES.items():
        assert rule.triggers is None or rule.triggers <= names, code


@pytest.mark.parametrize("path", DOCS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_skipping_untouched_families_changes_nothing(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads(path.read_text())
    enc = dermclaim.load(msgspec.json.encode(doc))
    options = dermclaim.Options(**doc.get("_options", {}))
    for run in (dermclaim.code, dermclaim.scrub):
        fast = msgspec.json.encode(run(enc, options))
        with monkeypatch.context() as m:
            m.setattr(engine, "evaluate", functools.partial(engine.evaluate, every_rule=True))
            full = msgspec.json.encode(run(enc, options))
        assert fast == full
