"""A release stands on its own: unpacked, it rebuilds its reports byte for byte
from the code it carries, and its RO-Crate, which describes every file it
holds, passes roc-validator at the RECOMMENDED level."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ontwerptafel.build_plan import FORMATS  # what the release ships
from ontwerptafel.release import Release, release
from ontwerptafel.views.i18n import file_name, languages
from test_release import STEM, checkout, unpack

HERE = Path(__file__).resolve().parent
ROC_PYTHON = HERE.parent / ".venv-roc" / "bin" / "python"


@pytest.fixture(scope="module")
def full_release(root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Release, Path]:
    """One release with its reports, and the folder it unpacks to."""
    tmp = tmp_path_factory.mktemp("release")
    result = release(checkout(root, tmp / "checkout"), tmp / "dist")
    return result, unpack(result.path, tmp / "unpacked")


def crate_graph(folder: Path) -> dict[str, dict[str, Any]]:
    crate = json.loads((folder / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    return {e["@id"]: e for e in crate["@graph"]}


def test_release_holds_every_report_and_refi_qda(full_release: tuple[Release, Path]) -> None:
    result, _ = full_release
    expected = {
        f"{STEM}/reports/{file_name('dvhg-2024', fmt, lang, 'nl')}"
        for lang in languages()
        for fmt in FORMATS
    } | {f"{STEM}/reports/ontwerptafel.qdpx", f"{STEM}/reports/ontwerptafel.qdc"}
    assert {m for m in result.members if "/reports/" in m} == expected
    with zipfile.ZipFile(result.path) as zf:
        sums = zf.read(f"{STEM}/SHA256SUMS").decode("utf-8").splitlines()
        pdf = zf.read(f"{STEM}/reports/dvhg-2024.pdf")
    assert pdf.startswith(b"%PDF-")
    assert f"{hashlib.sha256(pdf).hexdigest()}  reports/dvhg-2024.pdf" in sums


def test_release_ships_every_tracked_source_file(
    root: Path, full_release: tuple[Release, Path]
) -> None:
    _, folder = full_release
    for rel in ("Makefile", "pyproject.toml", "requirements.lock", "report/reference.docx"):
        assert (folder / rel).read_bytes() == (root / rel).read_bytes(), rel
    assert (folder / "scripts/ontwerptafel/cli/__init__.py").is_file()
    assert (folder / "report/fonts/NotoSans-Regular.ttf").is_file()
    assert not list(folder.rglob("__pycache__"))
    assert not (folder / "report/build").exists()


def test_crate_describes_every_file_with_size_and_checksum(
    full_release: tuple[Release, Path],
) -> None:
    _, folder = full_release
    graph = crate_graph(folder)
    folders = {i for i, e in graph.items() if e["@type"] == "Dataset" and i != "./"}
    assert folders == {"scripts/", "report/", "tests/", "bench/"}
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    parts = {p["@id"] for p in graph["./"]["hasPart"]}
    for rel in on_disk:
        if rel == "ro-crate-metadata.json" or any(rel.startswith(f) for f in folders):
            continue
        entity = graph.get(rel)
        assert entity is not None, f"{rel} is not described"
        assert rel in parts, rel
        assert entity["encodingFormat"] != "application/octet-stream", rel
        if rel != "SHA256SUMS":
            data = (folder / rel).read_bytes()
            assert entity["contentSize"] == str(len(data)), rel
            assert entity["sha256"] == hashlib.sha256(data).hexdigest(), rel
    assert graph["reports/dvhg-2024.en.pdf"]["encodingFormat"] == "application/pdf"
    kcpeg = graph["#org-kenniscentrum-psychologie-en-economisch-gedrag"]
    assert kcpeg["url"] == "https://www.kcpeg.nl"  # from data/organisations.csv
    assert graph["./"]["publisher"] == {"@id": kcpeg["@id"]}


def test_release_crate_passes_roc_validator_recommended(
    full_release: tuple[Release, Path],
) -> None:
    if not ROC_PYTHON.is_file():
        pytest.fail("no .venv-roc with roc-validator: run 'make .venv-roc/.installed'")
    _, folder = full_release
    proc = subprocess.run(
        [str(ROC_PYTHON), str(HERE / "rocrate_check.py"), str(folder), "RECOMMENDED"],
        capture_output=True,
        text=True,
        check=False,
    )
    issues = [json.loads(line) for line in proc.stdout.splitlines()]
    assert issues == [], proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_unpacked_release_rebuilds_its_reports_byte_identical(
    full_release: tuple[Release, Path],
) -> None:
    """What ``make report`` runs, run with the code inside the release (not the
    installed one) and this environment's libraries."""
    _, folder = full_release
    env = {**os.environ, "PYTHONPATH": str(folder / "scripts")}
    commands = [["validate"], ["build", "--quiet", "--lang", "all", "--landing"]]
    for args in commands:
        proc = subprocess.run(
            [sys.executable, "-m", "ontwerptafel", *args],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
    probe = subprocess.run(
        [sys.executable, "-c", "import ontwerptafel; print(ontwerptafel.__file__)"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == str(folder / "scripts/ontwerptafel/__init__.py")
    built = (folder / "report/build").iterdir()
    rebuilt = sorted(  # not the manifest, nor the landing and codebook pages (the release has none)
        p.name
        for p in built
        if p.suffix[1:] in FORMATS and not p.name.startswith((".", "index.", "codebook."))
    )
    shipped = sorted(p.name for p in (folder / "reports").iterdir() if p.suffix[1:] in FORMATS)
    assert rebuilt == shipped
    for name in shipped:
        assert (folder / "report/build" / name).read_bytes() == (
            folder / "reports" / name
        ).read_bytes(), name
