"""ontwerptafel release: a zip that validates on its own, whose checksums
verify, that two checkouts make byte for byte alike, and that is never
overwritten."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ontwerptafel.cli import cli
from ontwerptafel.publish.metadata import write_all
from ontwerptafel.publish.rocrate import SOURCE_FILES, SOURCE_FOLDERS
from ontwerptafel.release import release

STEM = "ontwerptafel-1.1.0"
BESIDE_THE_DATA = ("README.md", "CHANGELOG.md", "LICENSE", "LICENSES")
#: what a checkout holds that no release may ship
NOT_SOURCE = shutil.ignore_patterns("__pycache__", ".pytest_cache", ".hypothesis", "build")


def checkout(root: Path, target: Path) -> Path:
    """What a clean checkout holds: the data, the files beside it and the code."""
    target.mkdir(parents=True)
    shutil.copy2(root / "datapackage.json", target / "datapackage.json")
    shutil.copytree(root / "data", target / "data")
    for name in (*BESIDE_THE_DATA, *SOURCE_FILES, *SOURCE_FOLDERS):
        src = root / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=NOT_SOURCE)
        else:
            shutil.copy2(src, target / name)
    write_all(target)
    return target


@pytest.fixture
def release_copy(root: Path, tmp_path: Path) -> Path:
    return checkout(root, tmp_path / "checkout")


def unpack(zip_path: Path, target: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(target)
    return target / STEM


def test_unpacked_release_validates_on_its_own(release_copy: Path, tmp_path: Path) -> None:
    result = release(release_copy, tmp_path / "dist", reports=False)
    assert result.path == tmp_path / "dist" / f"{STEM}.zip"
    folder = unpack(result.path, tmp_path / "unpacked")
    for rel in ("datapackage.json", "data/README.md", "data/notes.csv", "CITATION.cff"):
        assert (folder / rel).is_file(), rel
    assert (folder / "data/source/workshop-report-2024-11-12.md").is_file()
    assert (folder / "LICENSES/CC-BY-4.0.txt").is_file()
    book = load_workbook(folder / "tables.xlsx", read_only=True)
    assert "notes" in book.sheetnames  # every table as text cells: see test_text_workbook
    proc = subprocess.run(
        [sys.executable, "-m", "ontwerptafel", "validate", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("valid: ")


def test_checksums_verify(release_copy: Path, tmp_path: Path) -> None:
    result = release(release_copy, tmp_path / "dist", reports=False)
    folder = unpack(result.path, tmp_path / "unpacked")
    lines = (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, rel = line.split("  ", 1)
        listed[rel] = digest
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {
        "SHA256SUMS"
    }
    assert set(listed) == on_disk
    for rel, digest in listed.items():
        assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == digest, rel
    assert list(listed) == sorted(listed)
    assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()


def test_members_are_sorted_dated_and_plain_files(release_copy: Path, tmp_path: Path) -> None:
    result = release(release_copy, tmp_path / "dist", reports=False)
    with zipfile.ZipFile(result.path) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert names == sorted(names)
    assert all(n.startswith(f"{STEM}/") for n in names)
    assert {i.date_time for i in infos} == {(2026, 11, 29, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}


def test_two_checkouts_give_identical_zips(root: Path, tmp_path: Path) -> None:
    first = checkout(root, tmp_path / "a")
    second = checkout(root, tmp_path / "b")
    (second / "data" / "notes.csv").touch()  # another checkout, another mtime
    one = release(first, tmp_path / "dist-a", reports=False)
    two = release(second, tmp_path / "dist-b", reports=False)
    assert one.path.read_bytes() == two.path.read_bytes()


def test_refuses_to_overwrite_a_release(release_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    args = ["release", str(release_copy), "--out", str(out), "--no-reports"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "upload ontwerptafel-1.1.0.zip" in first.output
    before = (out / f"{STEM}.zip").read_bytes()
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 1
    assert second.output.splitlines() == [
        f"{out / STEM}.zip: exists already; a released version is never rebuilt: "
        "raise 'version' in datapackage.json for a new release"
    ]
    assert (out / f"{STEM}.zip").read_bytes() == before


def test_refuses_a_stale_generated_file(release_copy: Path, tmp_path: Path) -> None:
    (release_copy / "CITATION.cff").write_text("cff-version: 1.2.0\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["release", str(release_copy), "--out", str(tmp_path / "dist"), "--no-reports"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "CITATION.cff: out of date with datapackage.json; run 'ontwerptafel metadata'"
    ]
    assert not (tmp_path / "dist").exists()


def test_refuses_without_readme_and_licences(package_copy: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["release", str(package_copy), "--out", str(tmp_path / "dist"), "--no-reports"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "README.md: missing; a release needs it",
        "CHANGELOG.md: missing; a release needs it",
        "LICENSE: missing; a release needs it",
        "LICENSES/CC-BY-4.0.txt: missing; a release needs it",
        "4 problems",
    ]


def test_refuses_without_the_code_that_rebuilds_it(release_copy: Path, tmp_path: Path) -> None:
    (release_copy / "Makefile").unlink()
    shutil.rmtree(release_copy / "report")
    result = CliRunner().invoke(
        cli, ["release", str(release_copy), "--out", str(tmp_path / "dist"), "--no-reports"]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Makefile: missing; a release ships the code that rebuilds it",
        "report: missing; a release ships the code that rebuilds it",
        "2 problems",
    ]
