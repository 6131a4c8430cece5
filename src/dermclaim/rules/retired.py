"""Rule codes taken out of service: code -> (release, reason). A retired code is never reused."""

from __future__ import annotations

RETIRED: dict[str, tuple[str, str]] = {}
