"""One build makes several languages: the bytes of one build per language, validated once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import ontwerptafel.build
from ontwerptafel.build import build
from ontwerptafel.build_plan import parse_languages
from ontwerptafel.build_state import MANIFEST, read_manifest
from ontwerptafel.cli import cli
from ontwerptafel.errors import BuildError
from ontwerptafel.package.validation_process import Validation
from test_incremental_build import two_sessions

FORMATS = ["html"]


def contents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != MANIFEST}


def test_languages_are_read_from_comma_lists_in_the_order_given() -> None:
    assert parse_languages(None) == [None]
    assert parse_languages("en") == ["en"]
    assert parse_languages(["en,nl", "en"]) == ["en", "nl"]
    assert parse_languages(["nl", " en "]) == ["nl", "en"]
    assert parse_languages(["all"]) == ["en", "nl"]


def test_an_unknown_language_in_a_list_is_refused_by_name() -> None:
    with pytest.raises(BuildError) as e:
        parse_languages(["nl,de,../x"])
    assert e.value.lines() == [
        "--lang: no labels for 'de' (known: en, nl)",
        "--lang: no labels for '../x' (known: en, nl)",
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_both_languages_in_one_build_give_the_bytes_of_a_build_per_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    pkg = two_sessions(tmp_path / "pkg")
    apart = tmp_path / "apart"
    for lang in ("nl", "en"):
        build(pkg, [], FORMATS, lang, apart, quiet=True, jobs=jobs)
    started: list[Path] = []

    class Counted(Validation):
        def __init__(self, folder: Path) -> None:
            started.append(folder)
            super().__init__(folder)

    monkeypatch.setattr(ontwerptafel.build, "Validation", Counted)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))  # nothing remembered
    together = tmp_path / "together"
    written = build(pkg, [], FORMATS, ["nl,en"], together, quiet=True, jobs=jobs)
    assert len(started) == 1
    assert contents(together) == contents(apart)
    assert sorted(p.name for p in written) == sorted(contents(apart))
    assert len(written) == 6  # two sessions and the overview, in two languages
    assert sorted(read_manifest(together)) == sorted(contents(apart))


def test_cli_builds_every_language_and_the_landing_page_in_one_command(tmp_path: Path) -> None:
    pkg, out = two_sessions(tmp_path / "pkg"), tmp_path / "out"
    args = ["build", str(pkg), "--session", "synth-0001", "--format", "html", "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--lang", "all", "--landing"])
    assert result.exit_code == 0, result.output
    pages = ["codebook.html", "index.en.html", "index.html"]
    assert sorted(contents(out)) == [*pages, "synth-0001.en.html", "synth-0001.html"]
    assert sorted(result.output.splitlines()[-3:]) == [f"wrote {n}" for n in pages]
    alone = tmp_path / "alone"
    assert CliRunner().invoke(cli, ["landing", str(pkg), "--out", str(alone)]).exit_code == 0
    assert contents(alone) == {n: contents(out)[n] for n in pages}
    assert '<html lang="en">' in (out / "synth-0001.en.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in (out / "synth-0001.html").read_text(encoding="utf-8")


def test_cli_refuses_an_unknown_language_in_a_list_before_reading(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--lang", "nl,xx", "--out", str(out)])
    assert result.exit_code == 2
    assert "Invalid value for '--lang': 'xx' is not one of 'en', 'nl', 'all'." in result.output
    assert not out.exists()
