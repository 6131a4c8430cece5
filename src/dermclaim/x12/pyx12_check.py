"""pyx12 as the reference validator of the files the writer produces (its Python API, in process).

``pyx12``'s command line always exits 1, so its verdict is read from the error tree it builds:
:func:`pyx12_errors` runs ``x12n_document`` on the text and returns every error it records (code,
message, segment, element), empty when the file is valid against the 005010X222A1 map.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from typing import Any

__all__ = ["Pyx12Error", "pyx12_errors"]


@dataclass(frozen=True, slots=True)
class Pyx12Error:
    code: str
    message: str
    segment: str = ""
    line: int | None = None
    element: str = ""
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.segment} (segment {self.line})" if self.segment else "envelope"
        el = f" {self.element}" if self.element else ""
        return f"{where}{el}: [{self.code}] {self.message}"


def pyx12_errors(text: str) -> list[Pyx12Error]:
    """Validate X12 text with pyx12 and return its errors ([] = valid)."""
    import pyx12.params  # type: ignore[import-untyped]
    import pyx12.x12n_document  # type: ignore[import-untyped]

    logging.getLogger("pyx12").setLevel(logging.CRITICAL)
    params = pyx12.params.params()
    out = io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(params, io.StringIO(text), None, None, fd_json=out)
    except Exception as exc:  # pyx12 raises on unknown maps and broken envelopes
        return [Pyx12Error("engine", f"{type(exc).__name__}: {exc}")]
    errors: list[Pyx12Error] = []
    if out.getvalue():
        _collect(json.loads(out.getvalue()), errors)
    if not ok and not errors:
        errors.append(Pyx12Error("invalid", "pyx12 rejected the file without naming an error"))
    return errors


def _collect(node: dict[str, Any], errors: list[Pyx12Error], seg: dict[str, Any] | None = None) -> None:
    for err in node.get("errors", []):
        if seg is None:
            errors.append(Pyx12Error(str(err["err_cde"]), err["err_str"]))
        else:
            errors.append(
                Pyx12Error(
                    str(err["err_cde"]),
                    err["err_str"],
                    seg.get("seg_id", ""),
                    seg.get("seg_count"),
                    node.get("name", "") if node is not seg else "",
                    err.get("err_val"),
                )
            )
    for key in ("interchanges", "groups", "transactions"):
        for child in node.get(key, []):
            _collect(child, errors)
    for s in node.get("segments", []):
        _collect(s, errors, s)
        for el in s.get("elements", []):
            for err in el.get("errors", []):
                errors.append(
                    Pyx12Error(
                        str(err["err_cde"]),
                        err["err_str"],
                        s.get("seg_id", ""),
                        s.get("seg_count"),
                        f"{s.get('seg_id', '')}{el.get('ele_pos', '')}",
                        err.get("err_val"),
                    )
                )
