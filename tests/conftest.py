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
