"""A build remakes exactly the documents whose inputs changed; it believes no output it did
not write."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import ontwerptafel.build_state as state
from conftest import set_cell
from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.build import build
from ontwerptafel.build_plan import plan, reports
from ontwerptafel.build_state import data_inputs, input_keys
from ontwerptafel.cli import cli

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ["html,docx"]
NAMES = [f"{d}.{f}" for d in ("synth-0001", "synth-0002", "overview") for f in ("docx", "html")]


def two_sessions(target: Path, sessions: int = 2) -> Path:
    """A package of two (or ``sessions``) synthetic sessions (``bench/synth.py``)."""
    spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
    assert spec is not None
    assert spec.loader is not None
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    return synth.write_package(target, sessions)


def change_a_finding(pkg: Path) -> None:
    """A changed cell in the second session's rows, one the overview shows too."""
    fid = "synth-0002-barrier-shared-1"
    set_cell(pkg / "data" / "findings.csv", "finding_id", fid, "text", "Gewijzigde belemmering")


def stamps(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir() if not p.name.startswith(".")}


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path]:
    """Two sessions built once in html and docx: the package and its output folder."""
    pkg, out = two_sessions(tmp_path / "pkg"), tmp_path / "out"
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    assert sorted(stamps(out)) == sorted(NAMES)
    return pkg, out


def test_a_changed_cell_rebuilds_that_session_and_the_overview_only(
    two: tuple[Path, Path], tmp_path: Path
) -> None:
    pkg, out = two
    before = stamps(out)
    change_a_finding(pkg)
    said: list[str] = []
    build(pkg, [], FORMATS, "nl", out, echo=said.append)
    after = stamps(out)
    rebuilt = sorted(n for n in NAMES if after[n] != before[n])
    assert rebuilt == ["overview.docx", "overview.html", "synth-0002.docx", "synth-0002.html"]
    kept = [line.split()[1] for line in said if line.startswith("unchanged ")]
    assert [Path(k).name for k in kept] == ["synth-0001.docx", "synth-0001.html"]
    manifest = json.loads((out / state.MANIFEST).read_text(encoding="utf-8"))["outputs"]
    assert sorted(manifest) == sorted(NAMES)
    full = tmp_path / "full"
    build(pkg, [], FORMATS, "nl", full, quiet=True)
    for name in NAMES:
        assert (out / name).read_bytes() == (full / name).read_bytes(), name


def test_nothing_changed_rebuilds_nothing_and_force_rebuilds_everything(
    two: tuple[Path, Path],
) -> None:
    pkg, out = two
    before = stamps(out)
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    assert stamps(out) == before
    result = CliRunner().invoke(cli, ["build", str(pkg), "--format", "html", "--out", str(out),
                                      "--force"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.output.splitlines()[1:]] == ["wrote"] * 3
    after = stamps(out)
    assert sorted(n for n in NAMES if after[n] != before[n]) == [
        "overview.html", "synth-0001.html", "synth-0002.html"]  # fmt: skip


def test_an_edited_or_deleted_output_is_rebuilt(two: tuple[Path, Path]) -> None:
    pkg, out = two
    edited, deleted = out / "synth-0001.html", out / "overview.docx"
    original = {p: p.read_bytes() for p in (edited, deleted)}
    edited.write_bytes(original[edited].replace(b"Verzonnen", b"Vervalst", 1))
    deleted.unlink()
    before = stamps(out)
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    assert {p: p.read_bytes() for p in (edited, deleted)} == original
    after = stamps(out)
    assert sorted(n for n in before if after[n] != before[n]) == ["synth-0001.html"]


def test_a_manifest_this_user_did_not_seal_is_not_believed(
    two: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg, out = two
    forged = out / "synth-0001.html"
    forged.write_bytes(b"<p>vervalst</p>")
    manifest = json.loads((out / state.MANIFEST).read_text(encoding="utf-8"))
    entry = manifest["outputs"][forged.name]
    entry["sha256"] = state.hashlib.sha256(forged.read_bytes()).hexdigest()
    (out / state.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    assert b"vervalst" not in forged.read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    before = stamps(out)
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    assert all(stamps(out)[n] != before[n] for n in NAMES)


@pytest.mark.parametrize("asset", ["style/report.css", "labels/nl.toml", "templates"])
def test_a_changed_asset_rebuilds_every_document(
    two: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asset: str
) -> None:
    pkg, out = two
    copy = Path(
        shutil.copytree(REPORT_DIR, tmp_path / "report", ignore=shutil.ignore_patterns("build"))
    )
    target = copy / asset
    if target.is_dir():
        target = sorted(p for p in target.rglob("*") if p.is_file())[0]
    target.write_bytes(target.read_bytes() + b"\n")
    monkeypatch.setattr(state, "REPORT_DIR", copy)
    state.assets_version.cache_clear()
    try:
        before = stamps(out)
        build(pkg, [], FORMATS, "nl", out, quiet=True)
        assert all(stamps(out)[n] != before[n] for n in NAMES)
    finally:
        state.assets_version.cache_clear()


def test_a_changed_row_changes_the_inputs_of_its_session_and_the_overview_only(
    tmp_path: Path,
) -> None:
    pkg = two_sessions(tmp_path / "pkg")

    def keys() -> dict[str, str]:
        docs, package = plan(pkg.resolve(), (), ["pdf", "docx", "html"], ["nl"])
        return input_keys(docs, reports(package, docs), data_inputs(docs, package, pkg.resolve()))

    before = keys()
    change_a_finding(pkg)
    after = keys()
    changed = sorted(n for n in before if after[n] != before[n])
    assert changed == [
        "overview.docx", "overview.html", "overview.pdf",
        "synth-0002.docx", "synth-0002.html", "synth-0002.pdf"]  # fmt: skip


def test_another_source_date_epoch_rebuilds_the_overview_only(
    two: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A package without dates dates its overview by SOURCE_DATE_EPOCH; a
    session's documents carry the session's own date."""
    pkg, out = two
    before = stamps(out)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    build(pkg, [], FORMATS, "nl", out, quiet=True)
    after = stamps(out)
    assert sorted(n for n in NAMES if after[n] != before[n]) == ["overview.docx", "overview.html"]
