"""One writer at a time: imports at once never lose or mix a session.

The imports run in processes of their own (forked, so they start in
milliseconds and really overlap), on the minimal package.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import ontwerptafel.package.lock
from conftest import FIXTURES, session_folder
from faults import memory_folder
from ontwerptafel.cli import cli
from ontwerptafel.errors import OntwerptafelError
from ontwerptafel.package.lock import LOCK_FILE
from ontwerptafel.package.read import load
from ontwerptafel.package.staging import JOURNAL
from ontwerptafel.package.validate import validate
from ontwerptafel.sessions.importer import import_path

ROUNDS = 20


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    with memory_folder(tmp_path) as folder:
        yield folder


def forked_import(pkg: Path, session: Path, report: Path) -> int:
    """Start ``import_path`` in a child process; its pid. The child writes what
    it said into ``report`` and exits 0 (imported), 1 (refused) or 2 (crashed)."""
    pid = os.fork()
    if pid:
        return pid
    code = 2
    try:
        with Path(os.devnull).open("w") as quiet:
            os.dup2(quiet.fileno(), 2)
        try:
            import_path(pkg, session)
            report.write_text("imported", encoding="utf-8")
            code = 0
        except OntwerptafelError as e:
            report.write_text("\n".join(e.lines()), encoding="utf-8")
            code = 1
        except BaseException as e:
            report.write_text(repr(e), encoding="utf-8")
    finally:
        os._exit(code)


def test_concurrent_imports_of_different_sessions_all_land(scratch: Path) -> None:
    tmp_path = scratch
    base = shutil.copytree(FIXTURES / "minimal", tmp_path / "base")
    sessions = [session_folder(tmp_path / sid, base, sid) for sid in ("sam-2025", "tom-2025")]
    outcomes = []
    for n in range(ROUNDS):
        pkg = shutil.copytree(base, tmp_path / f"pkg-{n}")
        reports = [tmp_path / f"report-{n}-{i}" for i in range(2)]
        pids = [forked_import(pkg, s, r) for s, r in zip(sessions, reports, strict=True)]
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
        said = [r.read_text(encoding="utf-8") for r in reports]
        assert 2 not in codes, said
        landed = {s.name for s, code in zip(sessions, codes, strict=True) if code == 0}
        validate(pkg)
        assert {s.session_id for s in load(pkg).sessions} == {"mini-2024", *landed}, said
        assert not (pkg / JOURNAL).exists()
        assert not (pkg / LOCK_FILE).exists()
        outcomes.append(len(landed))
        shutil.rmtree(pkg)
    # the second waits for the first, well within the bound
    assert outcomes == [2] * ROUNDS


HOLDER = """
import json, sys, time
from pathlib import Path
from ontwerptafel.package.lock import writing
from ontwerptafel.package.staging import JOURNAL
pkg = Path(sys.argv[1])
with writing(pkg):
    (pkg / "data" / ".notes.csv.new-0123abcd").write_text("half", encoding="utf-8")
    entry = {"target": "data/notes.csv", "new": "data/.notes.csv.new-0123abcd",
             "old": "data/.notes.csv.old-0123abcd", "existed": True}
    (pkg / JOURNAL).write_text(json.dumps({"state": "prepare", "entries": [entry]}))
    print("writing", flush=True)
    time.sleep(60)
"""


def test_a_running_import_is_waited_for_never_recovered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    session = session_folder(tmp_path / "sam-2025", pkg, "sam-2025")
    monkeypatch.setattr(ontwerptafel.package.lock, "WRITE_WAIT", 0.3)
    monkeypatch.setattr(ontwerptafel.package.lock, "READ_WAIT", 0.3)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(pkg)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "writing\n"
        pid, started = (pkg / LOCK_FILE).read_text(encoding="utf-8").split()
        assert int(pid) == holder.pid
        busy = f"an import (process {pid}, started {started}) is writing the package"
        journal = (pkg / JOURNAL).read_text(encoding="utf-8")
        for args in (["validate", str(pkg)], ["import", str(session), "--package", str(pkg)]):
            result = CliRunner().invoke(cli, args)
            assert (result.exit_code, result.stderr) == (
                1,
                f"waiting: {busy}\n{busy}; try again when it has finished\n",
            )
            assert (pkg / JOURNAL).read_text(encoding="utf-8") == journal  # not recovered
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # killed: the kernel released its lock; its lock file and journal are stale
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"took over the lock of process {pid} (started {started}), which is no longer running\n"
        "dropped an import that was interrupted while writing the package\n"
    )
    assert not (pkg / "data" / ".notes.csv.new-0123abcd").exists()
    assert sorted(p.name for p in pkg.iterdir()) == ["README.md", "data", "datapackage.json"]
