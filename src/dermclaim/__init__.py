"""dermclaim: documented dermatology work to correct claim lines, with explained findings.

>>> import dermclaim
>>> enc = dermclaim.load(open("examples/biopsy_mixed.json", "rb").read())  # doctest: +SKIP
>>> result = dermclaim.code(enc)                                           # doctest: +SKIP
"""

from __future__ import annotations

from dermclaim.document import Encounter, load
from dermclaim.engine import code, scrub
from dermclaim.errors import ConfigError, DermClaimError, InputError, Problem
from dermclaim.model import Finding, Line, Result
from dermclaim.options import Options, load_options

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DermClaimError",
    "Encounter",
    "Finding",
    "InputError",
    "Line",
    "Options",
    "Problem",
    "Result",
    "__version__",
    "code",
    "load",
    "load_options",
    "scrub",
]
