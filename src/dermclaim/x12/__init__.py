"""X12 adapters at the edge of dermclaim: 837P claims out, 835 remittances in.

- :mod:`~dermclaim.x12.segments`: tokenizer (separators from ISA, positions of everything).
- :mod:`~dermclaim.x12.writer837`: coded encounters + practice file -> 837P 005010X222A1.
- :mod:`~dermclaim.x12.reader837`: any 837P -> claims (round trip, ``x12 check``).
- :mod:`~dermclaim.x12.check837`: content checks pyx12 does not make (codes ``X12C…``).
- :mod:`~dermclaim.x12.reader835`: 835 005010X221A1 -> payments, adjustments, remarks.
- :mod:`~dermclaim.x12.denials`: denied lines -> reasons in words and the rules that catch them.
- :mod:`~dermclaim.x12.pyx12_check`: pyx12 as the reference validator (tests, bench).
"""

from __future__ import annotations

from dermclaim.x12.check837 import CheckResult, check_837
from dermclaim.x12.issues import CHECKS, Issue
from dermclaim.x12.practice import Practice, PracticeError, load_practice
from dermclaim.x12.reader835 import Read835, read_835
from dermclaim.x12.reader837 import Read837, read_837
from dermclaim.x12.segments import Position, X12ReadError, tokenize
from dermclaim.x12.writer837 import Rejected, build_claim, write_837

__all__ = [
    "CHECKS",
    "CheckResult",
    "Issue",
    "Position",
    "Practice",
    "PracticeError",
    "Read835",
    "Read837",
    "Rejected",
    "X12ReadError",
    "build_claim",
    "check_837",
    "load_practice",
    "read_835",
    "read_837",
    "tokenize",
    "write_837",
]
