"""A session's report is about its own session only: adding another session
leaves its PDF, DOCX and HTML as they were, and its PDF attaches only what
concerns it, a package that validates on its own."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from conftest import copy_package, session_folder
from ontwerptafel.build import build
from ontwerptafel.build_state import MANIFEST
from ontwerptafel.sessions.importer import import_path
from page_texts import pdf_pages

FIRST, SECOND, THIRD = "dvhg-2024", "voorbeeld-2025", "derde-2026"
FORMATS = ("pdf", "docx", "html", "pptx")
KEPT = [f"{sid}.{fmt}" for sid in (FIRST, SECOND) for fmt in FORMATS]
OVERVIEW = [f"overview.{fmt}" for fmt in FORMATS]


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}


def manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST).read_text(encoding="utf-8"))["outputs"]


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seed session and an invented second one, built in every format;
    then a third imported and the same folder built again."""
    base = tmp_path_factory.mktemp("three")
    pkg = copy_package(base / "pkg")
    import_path(pkg, session_folder(base / SECOND, pkg, SECOND))
    out = base / "out"
    build(pkg, [], [], "nl", out, quiet=True)
    before, entries = snapshot(out), manifest(out)
    import_path(pkg, session_folder(base / THIRD, pkg, THIRD))
    said: list[str] = []
    build(pkg, [], [], "nl", out, echo=said.append)
    return {"pkg": pkg, "out": out, "before": before, "entries": entries, "said": said}


def test_adding_a_session_keeps_the_other_sessions_reports_and_rebuilds_the_overview(
    three: dict[str, Any], tmp_path: Path
) -> None:
    out, before, said = three["out"], three["before"], three["said"]
    after = snapshot(out)
    for name in KEPT:
        assert after[name] == before[name], f"{name} was written again"
        assert manifest(out)[name] == three["entries"][name], name
    kept = sorted(Path(line.split()[1]).name for line in said if line.startswith("unchanged "))
    assert kept == sorted(KEPT)
    for name in OVERVIEW:
        assert after[name][0] != before[name][0], f"{name} still shows two sessions"
    written = sorted(Path(line.split()[1]).name for line in said if line.startswith("wrote "))
    assert written == sorted([*OVERVIEW, *(f"{THIRD}.{f}" for f in FORMATS)])
    fresh = tmp_path / "fresh"  # what was kept is what a build from scratch makes
    build(three["pkg"], [SECOND], ["pdf"], "nl", fresh, quiet=True)
    assert (fresh / f"{SECOND}.pdf").read_bytes() == after[f"{SECOND}.pdf"][0]


def attached(pdf_path: Path, folder: Path) -> dict[str, bytes]:
    """The PDF's attachments, also written out under ``folder`` by their names."""
    with pikepdf.open(pdf_path) as pdf:
        files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return files


def column(data: bytes, name: str) -> list[str]:
    return [row[name] for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]


def test_a_sessions_pdf_attaches_its_own_rows_as_a_package_that_validates(
    three: dict[str, Any], tmp_path: Path
) -> None:
    from frictionless import validate

    pkg = three["pkg"]
    files = attached(three["out"] / f"{SECOND}.pdf", tmp_path)
    descriptor = json.loads(files["datapackage.json"])
    assert "version" not in descriptor
    assert "modified" not in descriptor
    assert descriptor["name"] == f"ontwerptafel-{SECOND}"
    paths = [r["path"] for r in descriptor["resources"]]
    assert sorted(files) == sorted(["datapackage.json", *paths])
    assert not any(p.startswith("data/source/") for p in files)  # it cites no source text
    for table in ("sessions", "statements", "flipcharts", "findings", "contacts"):
        assert set(column(files[f"data/{table}.csv"], "session_id")) == {SECOND}, table
    assert {n.split("-fc")[0] for n in column(files["data/notes.csv"], "note_id")} == {SECOND}
    # only the organisations it names; the package has those of every session
    assert sorted(column(files["data/organisations.csv"], "organisation_id")) == [
        "kcpeg", "voorbeeldbureau"]  # fmt: skip
    everyone = column((pkg / "data/organisations.csv").read_bytes(), "organisation_id")
    assert len(everyone) > 2
    package_lines = set((pkg / "data/notes.csv").read_bytes().splitlines())
    assert set(files["data/notes.csv"].splitlines()) <= package_lines  # rows as written
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_seed_sessions_pdf_attaches_its_source_and_none_of_the_others_rows(
    three: dict[str, Any], tmp_path: Path
) -> None:
    files = attached(three["out"] / f"{FIRST}.pdf", tmp_path)
    assert "data/source/workshop-report-2024-11-12.md" in files
    assert set(column(files["data/sessions.csv"], "session_id")) == {FIRST}
    assert "voorbeeldbureau" not in column(files["data/organisations.csv"], "organisation_id")
    assert not any(SECOND in line or THIRD in line for f in files.values()
                   for line in f.decode("utf-8").splitlines())  # fmt: skip


def test_a_sessions_colophon_names_its_session_and_the_overview_the_version(
    three: dict[str, Any],
) -> None:
    out = three["out"]
    version = json.loads((three["pkg"] / "datapackage.json").read_bytes())["version"]
    session = pdf_pages(out / f"{SECOND}.pdf")[-1]
    assert "Gemaakt uit de gegevens van sessie voorbeeld-2025 · 2025-11-11" in session
    assert version not in session
    assert "[Dataset]." in session
    overview = pdf_pages(out / "overview.pdf")[-1]
    assert f"Gemaakt uit datapakket versie {version}" in overview
    assert f"(Versie {version}) [Dataset]." in overview


def test_a_build_works_the_sessions_parts_out_once(
    three: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Planning (the input keys) reads the package for every session's part;
    the PDFs rendered after it find theirs instead of reading it again, and a
    changed table is read afresh."""
    from ontwerptafel.package import session_files as parts

    calls: list[tuple[str, ...]] = []
    work_out = parts._work_out

    def counted(root: Path, descriptor: dict[str, Any], sids: list[str]) -> Any:
        calls.append(tuple(sids))
        return work_out(root, descriptor, sids)

    monkeypatch.setattr(parts, "_work_out", counted)
    monkeypatch.setattr(parts, "_LAST", [])
    build(three["pkg"], [FIRST, SECOND], ["pdf"], "nl", tmp_path / "out", quiet=True, jobs=1)
    assert calls == [(FIRST, SECOND)]
    notes = three["pkg"] / "data" / "notes.csv"
    notes.write_bytes(notes.read_bytes())  # same bytes, a new modification time
    build(three["pkg"], [FIRST], ["pdf"], "nl", tmp_path / "again", quiet=True, jobs=1)
    assert calls == [(FIRST, SECOND), (FIRST,)]
