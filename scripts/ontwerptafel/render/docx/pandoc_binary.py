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
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ontwerptafel.errors import BuildError, Problem


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


def convert(source: str, fmt: str, reference: Path, name: str, *extra: str) -> bytes:
    """The JSON AST ``source`` as a ``fmt`` file (docx, pptx) in the look of
    ``reference``, written by the pinned pandoc in a folder of its own; a
    problem is named after the output ``name``."""
    if not reference.is_file():
        hint = f"missing; run: python -m ontwerptafel.render.{fmt}.reference"
        raise BuildError([Problem(f"report/reference.{fmt}", hint)])
    with tempfile.TemporaryDirectory(prefix=f"ontwerptafel-{fmt}-") as tmp:
        out = Path(tmp) / name
        args = ["--from=json", f"--to={fmt}", f"--output={out}", "--sandbox", *extra]
        try:
            run_pandoc([*args, f"--reference-doc={reference}"], source.encode("utf-8"), Path(tmp))
        except BuildError as e:
            raise BuildError([Problem(name, str(e))]) from None
        return out.read_bytes()
