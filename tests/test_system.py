"""The set-up check: every system requirement is found, named and documented once."""

from __future__ import annotations

import re
from pathlib import Path

from ontwerptafel.system import NEEDS, Need, advice, found, main


def test_every_package_the_checker_knows_is_in_the_readme(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Setting up", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"`([a-z0-9.+-]+)`", section))
    assert {n.debian for n in NEEDS} <= listed


def test_the_advice_names_every_missing_package_in_one_line() -> None:
    line = advice([n for n in NEEDS if n.debian in ("libharfbuzz-subset0", "poppler-utils")])
    assert line == (
        "missing libharfbuzz-subset.so.0, pdftotext, pdftoppm: install with "
        "'sudo apt-get install libharfbuzz-subset0 poppler-utils' (Debian/Ubuntu, WSL2) "
        "or 'brew install harfbuzz poppler' (macOS), then run make again"
    )


def test_a_missing_library_and_program_are_not_found() -> None:
    assert not found(Need("library", ("libno-such-thing.so.9",), "x", "x", ("report",)))
    assert not found(Need("program", ("no-such-program-here",), "x", "x", ("test",)))
    assert not found(Need("font", ("No Such Face",), "x", "x", ("test",)))


def test_this_machine_has_what_the_tests_need() -> None:
    # make test ran the same check before the tests; here it must pass again
    assert main(["test", "--check-only"]) == 0
