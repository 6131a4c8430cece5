"""Rules of this family; see the registry for their codes."""
