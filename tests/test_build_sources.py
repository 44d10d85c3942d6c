"""A build keeps a document by its sources alone, so a session's view must read
nothing of the package beyond its own files (``build_state.source_keys``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import ontwerptafel.build
from conftest import set_cell
from ontwerptafel.build import build
from ontwerptafel.build_state import view_hash
from ontwerptafel.package.read import DESCRIPTOR, load
from ontwerptafel.package.session_files import session_files
from ontwerptafel.views.session import build_report
from photo_material import minimal_with_photos
from test_incremental_build import FORMATS, stamps, two_sessions

DOI = "https://doi.org/10.5281/zenodo.1234567"


def alone(root: Path, sid: str, target: Path) -> Path:
    """The session's own files (what its PDF attaches) as a package of their own,
    with the two things of the whole package its view may read besides: the
    package's name and identifier (``source_keys`` hashes them)."""
    whole = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    for rel, data in session_files(root, whole, [sid])[sid].items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes(data)
    descriptor = json.loads((target / DESCRIPTOR).read_text(encoding="utf-8"))
    descriptor.update(name=whole["name"], id=DOI)
    (target / DESCRIPTOR).write_text(json.dumps(descriptor), encoding="utf-8")
    if (root / "data" / "photos").is_dir():
        shutil.copytree(root / "data" / "photos", target / "data" / "photos")
    return target


def mixed(target: Path) -> Path:
    """Two sessions in two languages: the package's original language is the
    descriptor's first, and an English session's is its own."""
    pkg = two_sessions(target)
    set_cell(pkg / "data" / "sessions.csv", "session_id", "synth-0002", "language", "en")
    return pkg


@pytest.mark.parametrize("kind", ["seed-and-imported", "photos", "two-languages"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_session_s_view_is_the_same_from_its_own_files_alone(
    kind: str, lang: str, two_sessions: dict[str, Path], tmp_path: Path
) -> None:
    root = {
        "seed-and-imported": lambda: two_sessions["root"],
        "photos": lambda: minimal_with_photos(tmp_path / "mini"),
        "two-languages": lambda: mixed(tmp_path / "mixed"),
    }[kind]()
    package = load(root)
    package.descriptor["id"] = DOI
    assert len(package.sessions) >= (1 if kind == "photos" else 2)
    for s in package.sessions:
        part = load(alone(root, s.session_id, tmp_path / "alone" / s.session_id))
        whole = view_hash(build_report(package, s.session_id, lang))
        assert view_hash(build_report(part, s.session_id, lang)) == whole, s.session_id


def test_a_change_no_document_shows_remakes_only_what_carries_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How the number of participants was written is in the data, not in any
    report: the session's DOCX, keyed by its part of the package (whose
    descriptor its document properties come from), is remade; its HTML and
    the overview's are kept, and the next build makes no view at all."""
    pkg, out = two_sessions(tmp_path / "pkg"), tmp_path / "out"
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    before = stamps(out)
    sessions = pkg / "data" / "sessions.csv"
    set_cell(sessions, "session_id", "synth-0002", "participants_as_written", "ruim 40")
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    after = stamps(out)
    assert sorted(n for n in before if after[n] != before[n]) == ["synth-0002.docx"]
    made: list[object] = []
    real = ontwerptafel.build.reports

    def recording(package: object, docs: list[object]) -> object:
        made.extend(docs)
        return real(package, docs)

    monkeypatch.setattr(ontwerptafel.build, "reports", recording)
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    assert stamps(out) == after
    assert made == []
