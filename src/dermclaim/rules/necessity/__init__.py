"""Medical necessity of dual-purpose procedures: cosmetic versus medical, read from the note."""
