"""Content that cannot stay on its page stops the PDF build with one line that
names the document, the slide and the page, and nothing is written."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import FIXTURES, copy_package
from ontwerptafel.cli import cli
from test_long_text import set_cell


def test_a_mark_that_cannot_wrap_fails_the_build_naming_its_slide(tmp_path: Path) -> None:
    # A note's marks are kept on one line (white-space: nowrap) and the
    # schema sets no length for them, so a long enough mark runs off the
    # page whatever the wrapping rules of the text around it.
    pkg = copy_package(tmp_path / "pkg", FIXTURES / "minimal")
    set_cell(pkg / "data" / "notes.csv", "note_id", "mini-2024-fc1-n1", "marks", "X" + "7" * 150)
    out = tmp_path / "out"
    args = ["build", str(pkg), "--format", "pdf,html", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output == (
        "mini-2024.pdf: slide 4 'BELEID': content runs past the right edge of page 4\n"
    )
    assert not out.exists() or not any(out.iterdir())


def test_the_seed_report_fits_its_pages(built: dict[str, object]) -> None:
    """The check must not fire on a report that fits: the seed builds (in the
    session fixture) and its PDF exists."""
    assert Path(str(built["pdf"])).read_bytes().startswith(b"%PDF-")
