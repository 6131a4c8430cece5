"""Render the encounter schema as a Markdown reference (docs/encounter.md)."""

from __future__ import annotations

from typing import Any


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[1]
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if "anyOf" in prop:
        parts = [_type(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(parts)
    kind = prop.get("type", "any")
    if kind == "array":
        return f"array of {_type(prop.get('items', {}))}"
    if prop.get("format") == "date":
        return "date"
    return str(kind)


def _limits(prop: dict[str, Any]) -> str:
    bits = []
    for key, label in (
        ("exclusiveMinimum", ">"),
        ("minimum", ">="),
        ("maximum", "<="),
        ("minLength", "length >="),
        ("minItems", "items >="),
    ):
        if key in prop:
            bits.append(f"{label} {prop[key]}")
    if "pattern" in prop:
        bits.append(f"pattern `{prop['pattern']}`")
    for alt in prop.get("anyOf", []):
        bits.append(_limits(alt))
    return "; ".join(b for b in bits if b)


def render_markdown(schema: dict[str, Any]) -> str:
    defs = schema["$defs"]
    out = [
        "# The encounter document (contract v1)",
        "",
        "Generated from `dermclaim.document` by `scripts/gen_schema.py`; do not edit.",
        "The JSON Schema is `src/dermclaim/schema/encounter.v1.json` (`dermclaim schema`).",
        "Fields not listed here are accepted and ignored.",
        "",
    ]
    order = ["Encounter", *sorted(k for k in defs if k != "Encounter")]
    for name in order:
        d = defs[name]
        out += [f"## {name}", ""]
        if d.get("description"):
            out += [d["description"], ""]
        out += ["| field | type | required | limits | default |", "|---|---|---|---|---|"]
        required = set(d.get("required", []))
        for field, prop in d.get("properties", {}).items():
            default = f"`{prop['default']}`" if "default" in prop else ""
            out.append(
                f"| `{field}` | {_type(prop)} | {'yes' if field in required else ''} | "
                f"{_limits(prop)} | {default} |"
            )
        out.append("")
    return "\n".join(out)
