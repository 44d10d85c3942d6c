"""Inputs that name things are closed choices: a language is never a path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ontwerptafel.build import build
from ontwerptafel.cli import cli
from ontwerptafel.errors import BuildError
from ontwerptafel.views.i18n import languages


def test_languages_are_the_labels_files() -> None:
    assert languages() == ("en", "nl")


def test_a_path_as_lang_is_refused_before_anything_is_read(
    package_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "somewhere"
    outside.mkdir()
    (outside / "x.toml").write_text('title = "planted"\n', encoding="utf-8")
    lang = f"../../{outside.relative_to(tmp_path).as_posix()}/x"
    result = CliRunner().invoke(
        cli, ["build", str(package_copy), "--lang", lang, "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert f"Invalid value for '--lang': {lang!r} is not one of 'en', 'nl', 'all'." in result.output
    assert sorted(p.name for p in outside.iterdir()) == ["x.toml"]
    assert not (tmp_path / "out").exists()


def test_the_library_refuses_a_path_as_lang_too(package_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildError) as e:
        build(package_copy, [], ["html"], "../labels/nl", tmp_path / "out", quiet=True)
    assert e.value.lines() == ["--lang: no labels for '../labels/nl' (known: en, nl)"]


def test_help_lists_the_languages() -> None:
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert "out of en,nl, or 'all'" in " ".join(result.output.split())


def test_a_build_without_lang_is_in_each_sessions_own_language(
    package_copy: Path, tmp_path: Path
) -> None:
    written = build(package_copy, ["dvhg-2024"], ["html"], None, tmp_path / "out", quiet=True)
    assert [p.name for p in written] == ["dvhg-2024.html"]
    assert '<html lang="nl">' in written[0].read_text(encoding="utf-8")
