"""Rules on wound repair (REP) and adjacent tissue transfer (ATT)."""
