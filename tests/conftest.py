"""Shared fixtures: the repository's package, and fresh copies of it to change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root, which is also the published package's folder."""
    return ROOT


def copy_package(target: Path, source: Path = ROOT) -> Path:
    """Copy datapackage.json and data/ of ``source`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "datapackage.json", target / "datapackage.json")
    shutil.copytree(source / "data", target / "data")
    return target


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the published package."""
    return copy_package(tmp_path / "pkg")


@pytest.fixture(scope="session")
def dvhg_docx() -> tuple[object, bytes]:
    """The view model of dvhg-2024 and its DOCX, rendered once for every test that reads it."""
    from ontwerptafel.docx import render_docx
    from ontwerptafel.package import load
    from ontwerptafel.views import build_report

    package = load(ROOT)
    report = build_report(package, "dvhg-2024")
    return report, render_docx(report, package, ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """dvhg-2024 built once as PDF and HTML from a snapshot of the package.

    Keys: ``root`` (the package copy), ``out`` (the output folder), ``pdf`` and
    ``html`` (paths), ``report`` (its view model).
    """
    from ontwerptafel.build import build
    from ontwerptafel.package import load
    from ontwerptafel.views import build_report

    base = tmp_path_factory.mktemp("built")
    pkg = copy_package(base / "pkg")
    out = base / "out"
    build(pkg, ["dvhg-2024"], ["pdf,html"], "nl", out, quiet=True)
    return {
        "root": pkg,
        "out": out,
        "pdf": out / "dvhg-2024.pdf",
        "html": out / "dvhg-2024.html",
        "report": build_report(load(pkg), "dvhg-2024"),
    }
