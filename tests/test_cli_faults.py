"""A full disk, a read-only folder, an output path under a file: one line, exit 1,
nothing lost.

The disk fills for real: the command runs with a file-size limit
(RLIMIT_FSIZE, SIGXFSZ ignored, so a write past it fails with EFBIG), or its
temporary folder is a tiny tmpfs. Read-only folders are read-only bind
mounts, since root ignores file modes; both need root and are skipped
without it.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, hashes, session_folder
from ontwerptafel.cli import cli
from ontwerptafel.sessions.importer import import_path

COMMAND = Path(sys.executable).with_name("ontwerptafel")


def file_size_limit(limit: int) -> Callable[[], None]:
    """For ``preexec_fn``: files may not grow past ``limit`` bytes (EFBIG, not a signal)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def run(args: list[str], cwd: Path, limit: int | None = None, **env: str) -> tuple[int, str]:
    done = subprocess.run(
        [str(COMMAND), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
        preexec_fn=file_size_limit(limit) if limit else None,
    )
    return done.returncode, done.stderr


@contextmanager
def mounted(args: list[str], target: Path) -> Iterator[None]:
    """``mount args target`` for the block; skipped where mounting is not allowed."""
    steps = [["mount", *args, str(target)]]
    if "--bind" in args:
        steps.append(["mount", "-o", "remount,ro,bind", str(target)])
    for i, step in enumerate(steps):
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            if i:
                subprocess.run(["umount", str(target)], check=False)
            pytest.skip(f"cannot mount here ({done.stderr.strip()}); needs root")
    try:
        yield
    finally:
        subprocess.run(["umount", str(target)], check=True)


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    return shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")


def test_import_on_a_full_disk_changes_nothing(pkg: Path, tmp_path: Path) -> None:
    session = session_folder(tmp_path / "sam-2025", pkg, "sam-2025")
    twin = shutil.copytree(pkg, tmp_path / "twin")
    import_path(twin, session)
    before = hashes(pkg)
    written = [rel for rel, digest in hashes(twin).items() if before.get(rel) != digest]
    biggest = max((twin / rel).stat().st_size for rel in written)
    code, err = run(["import", str(session), "--package", str(pkg)], tmp_path, limit=biggest - 1)
    assert code == 1
    assert err.startswith("import failed, nothing changed: "), err
    assert err.endswith(": File too large\n"), err
    assert len(err.splitlines()) == 1, err
    assert hashes(pkg) == before


def test_build_on_a_full_disk_keeps_the_previous_outputs(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(tmp_path)
    args = ["build", str(pkg), "--format", "pdf,html", "--out", "out"]
    with mounted(["-t", "tmpfs", "-o", "size=16k", "tmpfs"], out):  # the PDF is ~40 KB
        for name in ("mini-2024.pdf", "mini-2024.html"):
            (out / name).write_text(f"yesterday's {name}", encoding="utf-8")
        before = hashes(out)
        result = CliRunner().invoke(cli, args)
        assert (result.exit_code, result.stderr) == (
            1,
            "cannot write out/mini-2024.pdf: No space left on device\n",
        )
        assert hashes(out) == before


def test_render_on_a_full_disk_is_one_line(pkg: Path, tmp_path: Path) -> None:
    """WeasyPrint writes each font to a temporary file; past the limit, that fails."""
    args = ["build", str(pkg), "--format", "pdf", "--out", str(tmp_path / "out")]
    assert run(args, tmp_path, limit=30_000) == (
        1,
        "cannot render mini-2024.pdf: File too large\n",
    )
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_import_with_a_full_temporary_folder_changes_nothing(pkg: Path, tmp_path: Path) -> None:
    session = session_folder(tmp_path / "sam-2025", pkg, "sam-2025")
    small = tmp_path / "small"
    small.mkdir()
    before = hashes(pkg)
    with mounted(["-t", "tmpfs", "-o", "size=64k", "tmpfs"], small):
        # room for Python's probe of TMPDIR (else it falls back to /tmp), not for a copy
        (small / "filler").write_bytes(b"\0" * 56 * 1024)
        code, err = run(
            ["import", str(session), "--package", str(pkg)], tmp_path, TMPDIR=str(small)
        )
    assert code == 1
    assert err.startswith(f"import failed, nothing changed: {small}/ontwerptafel-"), err
    assert err.endswith(": No space left on device\n"), err
    assert len(err.splitlines()) == 1, err
    assert hashes(pkg) == before


def test_import_into_a_read_only_data_folder_changes_nothing(pkg: Path, tmp_path: Path) -> None:
    session = session_folder(tmp_path / "sam-2025", pkg, "sam-2025")
    before = hashes(pkg)
    with mounted(["--bind", str(pkg / "data")], pkg / "data"):
        result = CliRunner().invoke(cli, ["import", str(session), "--package", str(pkg)])
        assert result.exit_code == 1
        assert result.stderr.startswith("import failed, nothing changed: data/"), result.stderr
        assert result.stderr.endswith(".csv: Read-only file system\n"), result.stderr
        assert len(result.stderr.splitlines()) == 1
        result = CliRunner().invoke(cli, ["validate", str(pkg)])
        assert (result.exit_code, result.stderr) == (0, "")
    assert hashes(pkg) == before


def test_build_into_a_read_only_folder(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(tmp_path)
    with mounted(["--bind", str(out)], out):
        result = CliRunner().invoke(cli, ["build", str(pkg), "--format", "html", "--out", "out"])
    assert (result.exit_code, result.stderr) == (
        1,
        "cannot write out/mini-2024.html: Read-only file system\n",
    )
    assert list(out.iterdir()) == []


def test_output_under_a_file(pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(pkg)
    args = ["build", ".", "--format", "html", "--out", "README.md/x"]
    result = CliRunner().invoke(cli, args)
    assert (result.exit_code, result.stderr) == (
        1,
        "cannot write README.md/x/mini-2024.html: Not a directory\n",
    )
    result = CliRunner().invoke(cli, ["export", "qdc", "--out", "README.md/x.qdc"])
    assert (result.exit_code, result.stderr) == (1, "README.md/x.qdc: Not a directory\n")
    assert (pkg / "README.md").read_bytes() == (FIXTURES / "minimal" / "README.md").read_bytes()


def test_an_os_error_that_escapes_a_command_is_one_line(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ontwerptafel.publish.qdpx

    def full(*args: object) -> Path:
        raise OSError(28, "No space left on device", str(tmp_path / "x.qdc"))

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(ontwerptafel.publish.qdpx, "write_qdc", full)
    result = CliRunner().invoke(cli, ["export", "qdc", "--package", str(pkg)])
    assert (result.exit_code, result.stderr) == (
        1,
        "cannot write x.qdc: No space left on device\n",
    )


def test_a_folder_in_place_of_an_output_keeps_the_session_as_it_was(
    pkg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    (out / "mini-2024.html").mkdir(parents=True)
    (out / "mini-2024.pdf").write_text("yesterday's", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(pkg), "--format", "pdf,html", "--out", "out"])
    assert (result.exit_code, result.stderr) == (
        1,
        "cannot write out/mini-2024.html: Is a directory "
        "(the outputs of mini-2024 are as they were)\n",
    )
    assert (out / "mini-2024.pdf").read_text(encoding="utf-8") == "yesterday's"
    assert sorted(p.name for p in out.iterdir()) == ["mini-2024.html", "mini-2024.pdf"]
