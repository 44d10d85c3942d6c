"""The build uses the pandoc that pypandoc-binary pins, whatever else is on the machine."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ontwerptafel.build import build
from ontwerptafel.render.docx.pandoc_binary import pandoc_path

FAKE = """#!/bin/sh
echo called >> "{marker}"
echo "pandoc 99.0"
exit 0
"""


def plant_fake_pandoc(folder: Path, marker: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fake = folder / "pandoc"
    fake.write_text(FAKE.format(marker=marker), encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return fake


def test_a_pandoc_on_path_is_never_called(
    package_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "fake-pandoc-was-called"
    home = tmp_path / "home"
    fake = plant_fake_pandoc(tmp_path / "bin", marker)
    plant_fake_pandoc(home / "bin", marker)  # pypandoc also looks in ~/bin
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PYPANDOC_PANDOC", str(fake))
    (written,) = build(package_copy, ["dvhg-2024"], ["docx"], "nl", tmp_path / "out", quiet=True)
    assert not marker.exists(), "a pandoc other than the pinned one ran"
    assert written.read_bytes()[:2] == b"PK"


def test_the_pinned_pandoc_is_the_one_pypandoc_binary_ships() -> None:
    import pypandoc

    path = pandoc_path()
    assert path.parent == Path(pypandoc.__file__).parent / "files"
    assert os.access(path, os.X_OK)
