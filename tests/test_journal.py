"""The journal of an interrupted import is data, not instructions.

A package folder is downloaded from anywhere, journal and all: whatever it
says, no file outside the package's own files is renamed or removed, a
journal that cannot be acted on never stops a reading command, and an
import refuses to start until a person has looked at it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, KILLED_IMPORT, hashes, session_folder
from ontwerptafel.cli import cli
from ontwerptafel.package.read import locate
from ontwerptafel.package.staging import JOURNAL
from ontwerptafel.sessions.importer import import_path

TOKEN = "0123abcd"
FIX = (
    f"{JOURNAL}: an interrupted import is left that cannot be finished; "
    "inspect it, put the package right, then remove the journal"
)


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    return shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")


def entry(target: str, **paths: str) -> dict[str, object]:
    folder, name = target.rpartition("/")[0], target.rpartition("/")[2]
    prefix = f"{folder}/" if folder else ""
    out: dict[str, object] = {
        "target": target,
        "new": f"{prefix}.{name}.new-{TOKEN}",
        "old": f"{prefix}.{name}.old-{TOKEN}",
        "existed": True,
    }
    out.update(paths)
    return out


def hostile_cases(outside: Path) -> dict[str, tuple[str, dict[str, object], str]]:
    """name: (state, entry, the path the refusal names)"""
    return {
        "new-absolute": ("swap", entry("data/notes.csv", new=str(outside)), str(outside)),
        "target-parent": (
            "rollback",
            entry("../outside.txt", existed=False),
            "../outside.txt",
        ),
        "target-absolute": ("prepare", entry(str(outside)), str(outside)),
        "old-another-file": (
            "prepare",
            entry("data/notes.csv", old="datapackage.json"),
            "datapackage.json",
        ),
        "new-other-folder": (
            "swap",
            entry("data/notes.csv", new=f"../.notes.csv.new-{TOKEN}"),
            f"../.notes.csv.new-{TOKEN}",
        ),
    }


@pytest.mark.parametrize(
    "case",
    ["new-absolute", "target-parent", "target-absolute", "old-another-file", "new-other-folder"],
)
def test_journal_naming_other_files_is_refused(pkg: Path, tmp_path: Path, case: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not the package's\n", encoding="utf-8")
    (tmp_path / f".notes.csv.new-{TOKEN}").write_text("a,b\n", encoding="utf-8")
    state, bad, named = hostile_cases(outside)[case]
    (pkg / JOURNAL).write_text(json.dumps({"state": state, "entries": [bad]}), encoding="utf-8")
    before = hashes(tmp_path)
    refusal = f"ignoring a journal that names files outside the package: {named}"

    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert (result.exit_code, result.stderr) == (0, f"{refusal}; reading the package as it is\n")
    if case == "new-absolute":  # a build reads on too (once: it takes a while)
        out = tmp_path / "out"
        args = ["build", str(pkg), "--format", "html", "--out", str(out)]
        result = CliRunner().invoke(cli, args)
        assert result.stderr == f"{refusal}; reading the package as it is\n"
        shutil.rmtree(out)
    session = session_folder(tmp_path / "s-2025", pkg, "s-2025")
    result = CliRunner().invoke(cli, ["import", str(session), "--package", str(pkg)])
    assert (result.exit_code, result.stderr) == (1, f"{refusal}\n{FIX}\n2 problems\n")
    shutil.rmtree(tmp_path / "s-2025")
    assert hashes(tmp_path) == before  # the journal too is left for a person to inspect


def test_unreadable_journal_is_reported_not_deleted(pkg: Path) -> None:
    (pkg / JOURNAL).write_text("{", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exit_code == 0
    assert result.stderr == (
        f"ignoring a journal that cannot be read: {JOURNAL}: Expecting property name enclosed "
        "in double quotes: line 1 column 2 (char 1); reading the package as it is\n"
    )
    assert (pkg / JOURNAL).read_text(encoding="utf-8") == "{"


def test_locate_changes_nothing(pkg: Path) -> None:
    (pkg / "data" / f".notes.csv.new-{TOKEN}").write_bytes(b"half written")
    journal = {"state": "prepare", "entries": [entry("data/notes.csv")]}
    (pkg / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    before = hashes(pkg)
    assert locate(pkg) == pkg.resolve()
    assert hashes(pkg) == before




def test_recovery_that_cannot_run_does_not_lock_the_user_out(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An immutable file stops the recovery: validate still runs, import says why."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    session = session_folder(tmp_path / "s-2025", pkg, "s-2025")
    twin = shutil.copytree(pkg, tmp_path / "twin")
    import_path(twin, session)
    killed = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(pkg), str(session)])
    assert killed.wait() == 9
    journal = json.loads((pkg / JOURNAL).read_text(encoding="utf-8"))
    waiting = next(e["target"] for e in journal["entries"] if (pkg / e["new"]).exists())
    immutable = pkg / waiting
    if subprocess.run(["chattr", "+i", str(immutable)], check=False).returncode != 0:
        pytest.skip("chattr +i does not work here (not root, or the file system lacks it)")
    try:
        cannot = f"cannot finish an interrupted import: {waiting}: Operation not permitted"
        result = CliRunner().invoke(cli, ["validate", str(pkg)])
        took_over, warning = result.stderr.splitlines()[:2]
        # the killed import's lock file is stale: flock died with the process
        assert took_over.startswith(f"took over the lock of process {killed.pid} (started ")
        assert took_over.endswith("), which is no longer running")
        assert warning == f"{cannot}; reading the package as it is"
        assert "Traceback" not in result.output + result.stderr
        result = CliRunner().invoke(cli, ["import", str(session), "--package", str(pkg)])
        assert (result.exit_code, result.stderr) == (1, f"{cannot}\n{FIX}\n2 problems\n")
    finally:
        subprocess.run(["chattr", "-i", str(immutable)], check=True)
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "completed an import that was interrupted while writing the package\n"
    assert hashes(twin) == hashes(pkg)


def test_recovery_in_a_read_only_folder_is_reported_and_reading_goes_on(
    pkg: Path, tmp_path: Path
) -> None:
    session = session_folder(tmp_path / "s-2025", pkg, "s-2025")
    killed = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(pkg), str(session)])
    assert killed.wait() == 9
    journal = json.loads((pkg / JOURNAL).read_text(encoding="utf-8"))
    waiting = next(e["target"] for e in journal["entries"] if (pkg / e["new"]).exists())
    before = hashes(pkg)
    if subprocess.run(["mount", "--bind", str(pkg), str(pkg)], check=False).returncode != 0:
        pytest.skip("cannot bind-mount here; needs root")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(pkg)], check=True)
        result = CliRunner().invoke(cli, ["validate", str(pkg)])
        warnings = [line for line in result.stderr.splitlines() if "interrupted" in line]
        assert warnings == [
            f"cannot finish an interrupted import: {waiting}: Read-only file system; "
            "reading the package as it is"
        ]
        assert "Traceback" not in result.output + result.stderr
        result = CliRunner().invoke(cli, ["import", str(session), "--package", str(pkg)])
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-2:] == [FIX, "2 problems"]
    finally:
        subprocess.run(["umount", str(pkg)], check=True)
    assert hashes(pkg) == before
