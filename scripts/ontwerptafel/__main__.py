"""Allow ``python -m ontwerptafel``."""

from ontwerptafel.cli import main

main()
