"""The rules: one rule per module, bound to its code in :mod:`dermclaim.rules.registry`."""
