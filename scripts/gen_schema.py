"""Regenerate src/dermclaim/schema/encounter.v1.json and docs/encounter.md from the document
structures. Run after changing dermclaim/document.py; tests fail while either is stale."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dermclaim.schema import generate  # noqa: E402
from dermclaim.schema.docs import render_markdown  # noqa: E402


def main() -> None:
    schema = generate()
    (ROOT / "src/dermclaim/schema/encounter.v1.json").write_text(
        json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs/encounter.md").write_text(render_markdown(schema), encoding="utf-8")
    print("wrote schema and docs/encounter.md")


if __name__ == "__main__":
    main()
