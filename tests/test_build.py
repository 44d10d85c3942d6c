"""The build command: reproducible bytes, data changes show, failures change nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from ontwerptafel.build import build, parse_formats
from ontwerptafel.cli import cli
from ontwerptafel.errors import BuildError
from ontwerptafel.views.i18n import file_name


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def docx_text(path: Path) -> str:
    """Every paragraph of a DOCX, tables included, one a line."""
    import docx

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{w}t")) for p in body.iter(f"{w}p"))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_separate_processes_on_another_day_give_identical_bytes(
    built: dict[str, Any], tmp_path: Path
) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1893456000"}  # 2030: the package's dates win
    out = tmp_path / "again"
    options = ["--format", "pdf,html", "--out", str(out), "--quiet"]
    subprocess.run(
        [sys.executable, "-m", "ontwerptafel", "build", str(built["root"]), *options],
        check=True,
        env=env,
        capture_output=True,
    )
    assert (out / "dvhg-2024.pdf").read_bytes() == built["pdf"].read_bytes()
    assert (out / "dvhg-2024.html").read_bytes() == built["html"].read_bytes()


def test_a_changed_row_shows_up_in_every_output(package_copy: Path, tmp_path: Path) -> None:
    findings = package_copy / "data" / "findings.csv"
    old, new = "Onvoldoende inlevingsvermogen", "Onvoldoende inlevingsvermogen bij ambtenaren"
    findings.write_bytes(findings.read_bytes().replace(old.encode(), new.encode(), 1))
    build(package_copy, ["dvhg-2024"], ["pdf,html,docx"], "nl", tmp_path, quiet=True)
    assert new in pdf_text(tmp_path / "dvhg-2024.pdf")
    assert new in (tmp_path / "dvhg-2024.html").read_text(encoding="utf-8")
    assert new in docx_text(tmp_path / "dvhg-2024.docx")


def test_an_invalid_package_leaves_previous_outputs_untouched(
    built: dict[str, Any], package_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built["out"], out)
    before = snapshot(out)
    notes = package_copy / "data" / "notes.csv"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace(",clear,", ",helder,", 1), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", str(package_copy), "--out", str(out)])
    assert result.exit_code == 1
    assert re.search(r"^data/notes\.csv:\d+: legibility: ", result.output, re.M)
    assert "Traceback" not in result.output
    assert snapshot(out) == before


def test_a_failed_render_writes_nothing(
    built: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ontwerptafel.render.pdf

    out = tmp_path / "out"
    shutil.copytree(built["out"], out)
    before = snapshot(out)

    def fail(*args: object) -> bytes:
        raise BuildError(["dvhg-2024: WeasyPrint error: simulated"])

    monkeypatch.setattr(ontwerptafel.render.pdf, "render_pdf", fail)
    with pytest.raises(BuildError):
        build(built["root"], ["dvhg-2024"], ["html,pdf"], "nl", out, quiet=True, force=True)
    assert snapshot(out) == before


def test_outputs_are_named_by_session_and_language(built: dict[str, Any]) -> None:
    names = sorted(p.name for p in built["out"].iterdir())
    assert names == [
        ".build-manifest.json", "dvhg-2024.docx", "dvhg-2024.html", "dvhg-2024.pdf",
        "dvhg-2024.pptx"]  # fmt: skip
    assert file_name("dvhg-2024", "pdf", "nl", "nl") == "dvhg-2024.pdf"
    assert file_name("dvhg-2024", "pdf", "en", "nl") == "dvhg-2024.en.pdf"
    assert parse_formats(["html, pdf"]) == ["pdf", "html"]
    assert parse_formats([]) == ["pdf", "docx", "html", "pptx"]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["--session", "nope"], "--session: no session 'nope' (known: "),
        (
            ["--format", "pdf,odt"],
            "--format: unknown format 'odt' (choose from pdf, docx, html, pptx)",
        ),
    ],
)
def test_bad_options_give_one_line_and_exit_1(
    built: dict[str, Any], tmp_path: Path, args: list[str], line: str
) -> None:
    result = CliRunner().invoke(cli, ["build", str(built["root"]), "--out", str(tmp_path), *args])
    assert result.exit_code == 1
    assert result.output.startswith(line)
    assert len(result.output.splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_a_missing_package_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["build", "no/such/folder"])
    assert result.exit_code == 1
    assert result.output == "no/such/folder: no datapackage.json here\n"


def test_build_help_names_every_option() -> None:
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert result.exit_code == 0
    for option in ("--session", "--format", "--lang", "--out", "--quiet", "Example:"):
        assert option in result.output


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "pptx"])
def test_a_malformed_source_date_epoch_is_refused_in_every_format(
    package_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "gisteren")
    result = CliRunner().invoke(
        cli, ["build", str(package_copy), "--format", fmt, "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert result.output == "SOURCE_DATE_EPOCH: 'gisteren' is not a Unix time\n"
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
