"""Modifier and global-period rules (RULES.md §0.1–0.4, §11.29)."""
