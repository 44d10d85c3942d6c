"""Every file-system step of an import and of a build, failed in turn.

The operation runs once to record its steps (see ``faults``), then once per
step with that step failing (ENOSPC, EDQUOT, EFBIG, EACCES, EROFS, EXDEV and,
for the import, a kill, in turn). Afterwards the files must be exactly the
old set or exactly the new set (for a build: per session), the only error
that escapes is the domain error, and no temporary or journal is left,
except the one file whose removal was the failing step, or after a kill,
which the next import must then clean up.

What only reads (validating the staged copy, planning and rendering the
documents) gives the same result in every run; it runs for real when
recording and is replayed from that recording in the re-runs, so that the
~250 runs take seconds. fsync is counted but not done, for the same reason.
"""

from __future__ import annotations

import errno
import itertools
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import ontwerptafel.build
import ontwerptafel.render.html
import ontwerptafel.sessions.importer
from conftest import FIXTURES, hashes, session_folder
from faults import KILL, Injector, Killed, injected, memory_folder
from ontwerptafel.build import build
from ontwerptafel.build_state import MANIFEST
from ontwerptafel.errors import OntwerptafelError, WriteFailedError
from ontwerptafel.package.lock import writing
from ontwerptafel.package.staging import JOURNAL
from ontwerptafel.sessions.importer import import_path

ERRORS = [errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EROFS, errno.EXDEV]


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    with memory_folder(tmp_path) as folder:
        yield folder


def untokened(name: str) -> str:
    """A temporary's name without its random part, to compare runs."""
    return re.sub(r"-[0-9a-f]{8}$", "", name)


def fresh(target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    return shutil.copytree(FIXTURES / "minimal", target)


def test_import_is_old_or_new_whichever_step_fails(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = scratch
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    pkg = tmp_path / "pkg"
    old = hashes(fresh(pkg))
    session = session_folder(tmp_path / "fault-2025", pkg, "fault-2025")

    validated: list[object] = []
    real_validate = ontwerptafel.sessions.importer.validate

    def recording_validate(stage: Path) -> object:
        validated.append(real_validate(stage))
        return validated[-1]

    monkeypatch.setattr(ontwerptafel.sessions.importer, "validate", recording_validate)
    with injected(Injector([pkg, temp])) as recorded:
        import_path(pkg, session)
    new = hashes(pkg)
    assert new != old
    assert recorded.steps, "the injector saw no step"
    monkeypatch.setattr(ontwerptafel.sessions.importer, "validate", lambda stage: validated[0])

    kinds = [*ERRORS, KILL]
    failed = 0
    for n, code in zip(range(len(recorded.steps)), itertools.cycle(kinds), strict=False):
        fresh(pkg)
        kind, path = recorded.steps[n]
        where = f"step {n} ({kind} {path}, {'kill' if code == KILL else errno.errorcode[code]})"
        lines = []
        try:
            with injected(Injector([pkg, temp], fail_at=n, errno=code)):
                import_path(pkg, session)
            outcome = "new"
        except WriteFailedError as e:
            lines = e.lines()
            outcome = "old"
        except Killed:
            outcome = "killed"
        failed += 1
        if outcome == "old":  # one line, naming the file and the reason
            assert len(lines) == 1, where
            assert lines[0].startswith("import failed, nothing changed: "), where
            assert lines[0].endswith(os.strerror(code)), where
        now = hashes(pkg)
        if outcome == "killed" or kind == "unlink":
            if outcome != "killed":  # all but the file that could not be removed
                left = {untokened(k) for k in now if k not in (old if outcome == "old" else new)}
                could_not = untokened(Path(path).relative_to(pkg.resolve()).as_posix())
                assert left <= {could_not, JOURNAL}, where
            with writing(pkg):  # the next import finishes or drops what was left
                pass
            now = hashes(pkg)
        if outcome == "new":
            assert now == new, where
        elif outcome == "old":
            assert now == old, where
        else:
            assert now in (old, new), where
        assert not list(temp.iterdir()), where
    report = f"import: {len(recorded.steps)} steps, each failed once ({failed} runs)"
    print(report)  # noqa: T201 - the count is what this test reports
    assert failed == len(recorded.steps) > 30


def test_build_is_old_or_new_per_session_whichever_step_fails(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = scratch
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    pkg = fresh(tmp_path / "pkg")
    import_path(pkg, session_folder(tmp_path / "fault-2025", pkg, "fault-2025"))
    out = tmp_path / "out"
    rendered: dict[object, bytes] = {}
    real_render = ontwerptafel.build._render

    def recording_render(doc: object, *args: object) -> bytes:
        rendered[doc] = real_render(doc, *args)
        return rendered[doc]

    planned: list[object] = []
    real_plan = ontwerptafel.build.plan

    def recording_plan(*args: object) -> object:
        planned.append(real_plan(*args))
        return planned[-1]

    monkeypatch.setattr(ontwerptafel.build, "_render", recording_render)
    monkeypatch.setattr(ontwerptafel.build, "plan", recording_plan)
    # jobs=1: the faults are injected into this process's file operations, and
    # workers would stage the outputs in theirs (test_parallel_build covers them)
    names = [p.name for p in build(pkg, out_dir=out, quiet=True, jobs=1)]
    sessions = list(dict.fromkeys(d.session_id for d in rendered))
    assert len(sessions) >= 2, "the minimal package should give a report per session"

    def old_outputs() -> dict[str, str]:
        """Yesterday's outputs: all but the last document, which is new."""
        shutil.rmtree(out)
        out.mkdir()
        for name in names[:-1]:
            (out / name).write_bytes(b"yesterday " + name.encode())
        return hashes(out)

    old = old_outputs()
    monkeypatch.setattr(ontwerptafel.build, "_render", lambda doc, *args: rendered[doc])
    with injected(Injector([out])) as recorded:
        build(pkg, out_dir=out, quiet=True, jobs=1)
    new = hashes(out)
    monkeypatch.setattr(ontwerptafel.build, "Validation", NoProblems)
    monkeypatch.setattr(ontwerptafel.build, "plan", lambda *args: planned[0])
    # _render replays the recorded documents
    monkeypatch.setattr(ontwerptafel.render.html, "render_html", lambda report: "")
    started = time.monotonic()

    def session_of(name: str) -> str:
        return next(s for s in sorted(sessions, key=len, reverse=True) if name.startswith(s))

    failed = 0
    for n, code in zip(range(len(recorded.steps)), itertools.cycle(ERRORS), strict=False):
        old_outputs()
        kind, path = recorded.steps[n]
        where = f"step {n} ({kind} {path}, {errno.errorcode[code]})"
        lines = None
        try:
            with injected(Injector([out], fail_at=n, errno=code)):
                build(pkg, out_dir=out, quiet=True, jobs=1)
        except OntwerptafelError as e:
            lines = e.lines()
        failed += 1
        if lines is not None:
            assert len(lines) == 1, where
            assert lines[0].startswith("cannot write "), where
            assert os.strerror(code) in lines[0], where
        now = hashes(out)
        left = {untokened(k) for k in set(now) - set(new)}
        if kind == "unlink":
            left.discard(untokened(Path(path).name))
        assert not left, where
        states = []
        for sid in sessions:
            # the manifest is no session's: a failure to write it costs the next build time
            mine = {k for k in set(old) | set(new) if k != MANIFEST and session_of(k) == sid}
            if all(now.get(k) == new.get(k) for k in mine):
                states.append("new")
            else:
                assert all(now.get(k) == old.get(k) for k in mine), f"{where}: {sid} mixed"
                states.append("old")
        # the sessions already swapped stay new; the failing one and the rest stay old
        assert states == sorted(states, key=lambda s: s == "old"), where
        if lines is None:
            assert set(states) == {"new"}, where
    seconds = time.monotonic() - started
    report = f"build: {len(recorded.steps)} steps, each failed once ({failed} runs, {seconds:.1f}s)"
    print(report)  # noqa: T201 - the count is what this test reports
    assert failed == len(recorded.steps) > 20


class NoProblems:
    """A validation already known to find nothing (it was run when recording)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def done(self) -> bool:
        return True

    def result(self) -> list[object]:
        return []

    def close(self) -> None:
        pass
