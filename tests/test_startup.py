"""``ontwerptafel --help`` starts at once: the command line imports no heavy
library until a command needs it."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("weasyprint", "frictionless", "pypandoc", "openpyxl", "lxml", "jinja2", "pikepdf", "rich")


def test_the_command_line_imports_no_heavy_library_for_help() -> None:
    probe = (
        "import sys; from ontwerptafel.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='ontwerptafel')\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "Usage: ontwerptafel" in result.stdout
    assert result.stdout.splitlines()[-1] == ""
