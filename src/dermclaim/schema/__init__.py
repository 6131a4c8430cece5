"""The shipped JSON Schema of the v1 encounter document, and the all-problems collector.

``encounter.v1.json`` is generated from :mod:`dermclaim.document` by ``scripts/gen_schema.py``
(a test fails when it is stale). ``collect_problems`` runs only for documents the fast decoder
refused, to report every problem with its JSON Pointer rather than the first one.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from dermclaim.errors import Problem, is_phi

SCHEMA_ID = "https://dermclaim.dev/schema/encounter.v1.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def generate() -> dict[str, Any]:
    """Build the schema from the document structures (used by scripts/gen_schema.py and tests)."""
    import msgspec

    from dermclaim.document import Encounter

    body = msgspec.json.schema(Encounter)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "dermclaim encounter document, contract version 1",
        "description": "One encounter: what was documented, not what to bill. Integers are written "
        "without a fraction or exponent. Generated from dermclaim.document by scripts/gen_schema.py; "
        "do not edit.",
        **body,
    }


@cache
def shipped() -> dict[str, Any]:
    """The schema file shipped in the package."""
    text = (files("dermclaim") / "schema" / "encounter.v1.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validators() -> tuple[Any, dict[str, Any]]:
    from jsonschema import Draft202012Validator, validators

    # The contract's integers are written without a fraction or exponent (units 2, not 2.0 or
    # 2e0), as the decoder requires; JSON Schema alone would accept 2.0 as an integer.
    strict_integers = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    )
    Validator = validators.extend(  # type: ignore[no-untyped-call]  # untyped in types-jsonschema
        Draft202012Validator, type_checker=strict_integers
    )
    schema = shipped()
    validator = Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    # The procedure union: validate each item against its own type's definition, so that a
    # problem reads "/procedures/2/diameter_cm: ..." and not "is not valid under any of ...".
    proc_items = schema["$defs"]["Encounter"]["properties"]["procedures"]["items"]
    by_type: dict[str, Any] = {}
    for tag, ref in proc_items["discriminator"]["mapping"].items():
        name = ref.rsplit("/", 1)[1]
        sub = {"$schema": DRAFT, "$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}
        by_type[tag] = Validator(sub, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator, by_type


def collect_problems(doc: object) -> list[Problem]:
    """Every schema violation in ``doc``, each with its JSON Pointer, value and expectation."""
    validator, by_type = _validators()
    if not isinstance(doc, dict):
        return [Problem("", f"expected a JSON object, got {_kind(doc)}", None, "object")]
    problems: list[Problem] = []
    procs = doc.get("procedures")
    top = dict(doc)
    if isinstance(procs, list):
        top["procedures"] = []
    for err in sorted(validator.iter_errors(top), key=lambda e: list(map(str, e.absolute_path))):
        problems.append(_problem("", err))
    if isinstance(procs, list):
        for i, proc in enumerate(procs):
            base = f"/procedures/{i}"
            kind = proc.get("type") if isinstance(proc, dict) else None
            if not isinstance(proc, dict):
                problems.append(Problem(base, f"expected an object, got {_kind(proc)}", None, "object"))
            elif not isinstance(kind, str) or kind not in by_type:
                allowed = ", ".join(sorted(by_type))
                problems.append(
                    Problem(f"{base}/type", f"unknown procedure type {kind!r}", kind, f"one of: {allowed}")
                )
            else:
                for err in by_type[kind].iter_errors(proc):
                    problems.append(_problem(base, err))
    return problems


def _pointer(base: str, path: Any) -> str:
    return base + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _problem(base: str, err: Any) -> Problem:
    while err.validator == "anyOf" and err.context:
        # An optional field is "T or null": report why it is not a valid T.
        branch = [e for e in err.context if not (e.validator == "type" and e.validator_value == "null")]
        if not branch:
            break
        from jsonschema.exceptions import best_match

        err = best_match(branch)
    pointer = _pointer(base, err.absolute_path)
    validator = err.validator
    if validator == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return Problem(f"{pointer}/{missing}", "required field is missing", None, "present")
    value = err.instance if isinstance(err.instance, str | int | float | bool) else None
    expected = _expected(str(validator), err.validator_value)
    if is_phi(pointer):  # say where and what was expected, never the patient's data itself
        return Problem(pointer, _message(validator, err, _REDACTED), None, expected)
    message = _message(validator, err, value)
    return Problem(pointer, message, value, expected)


def _expected(validator: str, limit: Any) -> str | None:
    if validator == "enum":
        return "one of: " + ", ".join(map(str, limit))
    template = {
        "type": "type {}",
        "exclusiveMinimum": "> {}",
        "minimum": ">= {}",
        "maximum": "<= {}",
        "pattern": "matching {}",
        "format": "a valid {} (YYYY-MM-DD)",
        "minLength": "at least {} character(s)",
        "minItems": "at least {} item(s)",
    }.get(validator)
    return template.format(limit) if template else None


_REDACTED = object()


def _message(validator: Any, err: Any, value: object) -> str:
    if validator == "exclusiveMinimum":
        return f"must be > {err.validator_value}"
    if validator == "minimum":
        return f"must be >= {err.validator_value}"
    if validator == "maximum":
        return f"must be <= {err.validator_value}"
    if validator == "type":
        return f"expected {err.validator_value}, got {_kind(err.instance)}"
    shown = "the value" if value is _REDACTED else repr(value)
    if validator == "enum":
        return f"{shown} is not allowed"
    if validator == "format":
        return f"{shown} is not a valid {err.validator_value}"
    if validator == "pattern":
        return f"{shown} is not in the expected form"
    if value is _REDACTED:
        return f"the value fails the schema's {validator!r} check"
    return str(err.message)


def _kind(value: object) -> str:
    return {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        type(None): "null",
        int: "integer",
        float: "number",
    }.get(type(value), type(value).__name__)
