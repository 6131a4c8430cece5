"""`python -m dermclaim` runs the command line."""

from dermclaim.cli import main

main()
