"""`python -m edigate` is the `edigate` command."""

from edigate.cli import main

main()
