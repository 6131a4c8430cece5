"""Regenerate docs/rules.md from the rules' docstrings, sources and examples. Tests fail while it
is stale, so the rule reference cannot drift from the code."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dermclaim.options import render_settings  # noqa: E402
from dermclaim.rules.docs import render_reference  # noqa: E402


def main() -> None:
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs/rules.md").write_text(render_reference(), encoding="utf-8")
    (ROOT / "docs/settings.md").write_text(render_settings(), encoding="utf-8")
    print("wrote docs/rules.md and docs/settings.md")


if __name__ == "__main__":
    main()
