"""Sessions rendered in worker processes give a serial build's bytes, and fail all or nothing."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import ontwerptafel.build
from ontwerptafel.build import build
from ontwerptafel.build_state import MANIFEST, read_manifest, unchanged
from ontwerptafel.errors import BuildError
from test_incremental_build import two_sessions

FORMATS = ["docx,html"]


def contents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_parallel_and_serial_builds_of_three_sessions_give_identical_bytes(
    tmp_path: Path,
) -> None:
    pkg = two_sessions(tmp_path / "pkg", 3)
    said: dict[int, list[str]] = {1: [], 3: []}
    for jobs in (1, 3):
        build(pkg, [], FORMATS, "nl", tmp_path / f"jobs-{jobs}", echo=said[jobs].append, jobs=jobs)
    serial, parallel = contents(tmp_path / "jobs-1"), contents(tmp_path / "jobs-3")
    assert len(serial) == 9  # three sessions and the overview, two formats, the manifest
    assert parallel == serial
    assert said[3][0].startswith("valid (unchanged since last check): ")
    assert [line.replace("jobs-3", "jobs-1") for line in said[3][1:]] == said[1]


def test_a_worker_killed_mid_render_leaves_the_outputs_and_manifest_consistent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg, out = two_sessions(tmp_path / "pkg"), tmp_path / "out"
    build(pkg, [], FORMATS, "nl", out, quiet=True, jobs=2)
    for name in ("synth-0002.docx", "synth-0002.html"):  # so that session is rebuilt
        (out / name).write_bytes(b"hand-edited")
    (out / "overview.docx").unlink()
    before = contents(out)
    real = ontwerptafel.build._render

    def dying(doc: object, *args: object) -> bytes:
        if getattr(doc, "name", "") == "synth-0002.html":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(doc, *args)

    monkeypatch.setattr(ontwerptafel.build, "_render", dying)
    with pytest.raises(BuildError) as e:
        build(pkg, [], FORMATS, "nl", out, quiet=True, jobs=2)
    (line,) = e.value.lines()
    assert line.startswith("cannot render ")
    assert "synth-0002.docx, synth-0002.html" in line  # the DOCX was staged, then died
    assert line.endswith(": a worker process stopped unexpectedly")
    assert contents(out) == before  # no output replaced, no temporary file left
    monkeypatch.setattr(ontwerptafel.build, "_render", real)
    build(pkg, [], FORMATS, "nl", out, quiet=True, jobs=2)
    manifest = read_manifest(out)
    names = sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    assert sorted(manifest) == names
    assert all(unchanged(out, n, manifest, inputs=manifest[n].inputs) for n in names)
    assert b"hand-edited" not in (out / "synth-0002.html").read_bytes()


def test_a_failing_worker_stops_the_build_with_that_document_s_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg, out = two_sessions(tmp_path / "pkg"), tmp_path / "out"
    real = ontwerptafel.build._render

    def failing(doc: object, *args: object) -> bytes:
        if getattr(doc, "name", "") == "synth-0001.docx":
            raise BuildError(["synth-0001.docx: pandoc error: simulated"])
        return real(doc, *args)

    monkeypatch.setattr(ontwerptafel.build, "_render", failing)
    with pytest.raises(BuildError) as e:
        build(pkg, [], FORMATS, "nl", out, quiet=True, jobs=2)
    assert e.value.lines() == ["synth-0001.docx: pandoc error: simulated"]
    assert not out.exists() or list(out.iterdir()) == []
