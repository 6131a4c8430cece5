"""The shipped schema, the reference docs and the code agree (contract: 'tested to agree')."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dermclaim.document import PROCEDURE_TYPES, Encounter
from dermclaim.schema import collect_problems, generate, shipped
from dermclaim.schema.docs import render_markdown
from tests.conftest import EXAMPLES, ROOT

DOCS = ROOT / "docs"


def test_shipped_schema_is_generated_from_the_code() -> None:
    assert shipped() == json.loads(json.dumps(generate())), "run scripts/gen_schema.py"


def test_shipped_schema_is_draft_2020_12_and_valid() -> None:
    from jsonschema import Draft202012Validator

    schema = shipped()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_field_reference_is_generated_from_the_schema() -> None:
    assert (DOCS / "encounter.md").read_text(encoding="utf-8") == render_markdown(shipped())


def test_settings_reference_is_generated_and_complete() -> None:
    from dataclasses import fields

    from dermclaim.options import SETTINGS, Options, render_settings

    assert (DOCS / "settings.md").read_text(encoding="utf-8") == render_settings(), "run scripts/gen_docs.py"
    assert {s.name for s in SETTINGS} == {f.name for f in fields(Options)}
    for s in SETTINGS:
        assert getattr(Options(), s.name) == s.default, s.name
        assert len(s.help) > 20, s.name


def test_rule_reference_is_generated_from_the_rules() -> None:
    from dermclaim.rules.docs import render_reference

    assert (DOCS / "rules.md").read_text(encoding="utf-8") == render_reference(), "run scripts/gen_docs.py"


def _contract_fields() -> tuple[set[str], set[str]]:
    """Top-level field names and procedure types named in the tables of docs/contract.md §1."""
    text = (DOCS / "contract.md").read_text(encoding="utf-8")
    section = text.split("## 2.")[0]
    fields = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M))
    types = set(re.findall(r"^\| `([a-z_]+)` \| \*\*", section, flags=re.M))
    return fields - types - {"type"}, types


def _procedure_rows() -> dict[str, str]:
    text = (DOCS / "contract.md").read_text(encoding="utf-8").split("## 2.")[0]
    return dict(re.findall(r"^\| `([a-z_]+)` \| (\*\*.*?) \|", text, flags=re.M))


@pytest.mark.parametrize("kind", sorted(_procedure_rows()))
def test_procedure_fields_and_required_fields_match_the_contract(kind: str) -> None:
    row = _procedure_rows()[kind]
    definition = shipped()["$defs"][PROCEDURE_TYPES[kind].__name__]
    fields_text = row.split(" | ")[0]
    named = set(re.findall(r"`([a-z_]+)`", re.sub(r"\([^)]*\)", "", fields_text)))
    assert named <= set(definition["properties"]), named - set(definition["properties"])
    # Values listed in parentheses after a field are exactly the allowed values of that field.
    for field, inside in re.findall(r"`([a-z_]+)`\*?\*? \(([^)]*)\)", fields_text):
        allowed = _enum(definition["properties"][field])
        listed = set(re.findall(r"`([a-z_]+)`", inside.split(";")[0]))
        if allowed and listed and "…" not in inside:
            assert listed <= allowed, (field, listed - allowed)
    if " or **" not in row:  # "drug or hcpcs": one of two, checked in semantic_problems
        # A bold field "or from pathology via specimen" is required unless a specimen says it.
        optional = set(re.findall(r"\*\*`([a-z_]+)`\*\* \([^)]*or from", row))
        bold = set(re.findall(r"\*\*`([a-z_]+)`\*\*", row)) - optional
        assert bold <= set(definition["required"]), bold - set(definition["required"])


def test_every_field_and_procedure_type_of_the_contract_is_in_the_schema() -> None:
    fields, types = _contract_fields()
    schema = shipped()
    top = set(schema["$defs"]["Encounter"]["properties"])
    assert fields <= top, fields - top
    assert types <= set(PROCEDURE_TYPES), types - set(PROCEDURE_TYPES)
    extensions = set(PROCEDURE_TYPES) - types
    assert extensions == {"other"}, "document new procedure types in docs/contract.md § Extensions"
    assert all(f"`{kind}`" in (DOCS / "contract.md").read_text() for kind in extensions)
    assert len(fields) >= 15 and len(types) >= 15


def _enum(prop: dict[str, Any]) -> set[str]:
    if "enum" in prop:
        return set(prop["enum"])
    return {v for alt in prop.get("anyOf", []) for v in alt.get("enum", [])}


def _valid_docs() -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]


def _decodes(doc: object) -> bool:
    """The fast decoder's structural verdict (semantic checks such as sites and references are
    beyond what a schema can say, and are tested elsewhere)."""
    try:
        msgspec.json.decode(msgspec.json.encode(doc), type=Encounter)
    except msgspec.ValidationError:
        return False
    return True


MUTATIONS = st.sampled_from(
    [None, -1, 0, 0.5, "", "x", True, [], {}, "2026-13-01", "2026-02-29", "11104", 1.5e9]
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None, derandomize=True)
@given(data=st.data())
def test_decoder_and_schema_agree_on_mutated_documents(data: st.DataObject) -> None:
    """Whatever the fast decoder refuses, the schema refuses, and the other way round."""
    doc = copy.deepcopy(data.draw(st.sampled_from(_valid_docs())))
    paths = list(_paths(doc))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(MUTATIONS)
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    schema_ok = not collect_problems(doc)
    assert _decodes(doc) == schema_ok, (path, value)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Any:
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_examples_are_valid_under_the_schema(path: Path) -> None:
    assert collect_problems(json.loads(path.read_text())) == []
