"""NCCI procedure-to-procedure edit rules (RULES.md §0.4–0.6, §1.11–1.12, §3.11)."""
