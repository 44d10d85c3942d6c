"""Run the pandoc that pypandoc-binary ships, and never another.

pypandoc picks the highest-versioned pandoc it finds on PATH, in ``~/bin``
or beside itself, so a system or Homebrew pandoc (or any program named
``pandoc`` early on PATH) would write the DOCX, and its bytes would depend on
the machine. The version that decides the bytes is pinned with
pypandoc-binary; this module calls that binary by its path, with a clean
environment and a working folder of our own.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ontwerptafel.errors import BuildError


def pandoc_path() -> Path:
    """The pandoc binary inside the installed pypandoc-binary package."""
    spec = importlib.util.find_spec("pypandoc")
    if spec is None or spec.origin is None:
        raise BuildError(["pandoc: pypandoc-binary is not installed; run make setup"])
    name = "pandoc.exe" if os.name == "nt" else "pandoc"
    path = Path(spec.origin).parent / "files" / name
    if not path.is_file():
        raise BuildError([f"pandoc: {path.name} is missing from pypandoc-binary; reinstall it"])
    return path


def run_pandoc(args: Sequence[str], stdin: bytes, cwd: Path) -> bytes:
    """Run the pinned pandoc with ``args`` on ``stdin`` in ``cwd``; its stdout.

    The environment carries only what pandoc needs to run (no PATH lookups
    of helpers, no user data folder), so nothing of the caller's shell
    reaches the output.
    """
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": str(cwd)}
    if os.name == "nt":
        env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", "")
    try:
        done = subprocess.run(
            [str(pandoc_path()), *args],
            input=stdin,
            capture_output=True,
            cwd=cwd,
            env=env,
            check=False,
        )
    except OSError as e:
        raise BuildError([f"pandoc: cannot run it ({e.strerror or e})"]) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = message[0] if message else f"exit status {done.returncode}"
        raise BuildError([f"pandoc: {first}"])
    return done.stdout
