"""Validation in a child process, so that a build's rendering need not wait for it.

Validation is pure Python and WeasyPrint's layout mostly so: in threads of
one process they would take turns on one core. A child process of its own
puts validation on the other core. Its problems come back as JSON, one
object per ``Problem``.

The child runs isolated (``python -I``: no current folder, no PYTHON*
variables, no user site) from a folder of its own, with the installed
package's folder as the only addition to its import path: a ``dataclasses.py``
left in the package or the working folder must never run. It never re-runs
the caller's main script the way multiprocessing's spawn does.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from ontwerptafel.errors import BuildError, PackageError, Problem
from ontwerptafel.package.validation_cache import validate_once

#: the folder holding the ontwerptafel package, for the child's import path
SOURCES = Path(__file__).resolve().parents[2]
#: the child's program: the installed package first, then what ``-I`` leaves
CHILD = (
    "import sys; sys.argv[1] in sys.path or sys.path.insert(0, sys.argv[1]); "
    "from ontwerptafel.package.validation_process import main; main(sys.argv[2])"
)


class Validation:
    """``validate(folder)`` running in a child process from construction on."""

    def __init__(self, folder: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-c", CHILD, str(SOURCES), str(Path(folder).resolve())],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=SOURCES,
            env=env,
        )
        self._result: list[Problem | str] | None = None

    def done(self) -> bool:
        """Whether the child has finished (its result is then ready at once)."""
        return self._result is not None or self.proc.poll() is not None

    def result(self) -> list[Problem | str]:
        """Wait for the child; the problems it found (empty when the package is valid)."""
        if self._result is None:
            out, err = self.proc.communicate()
            if self.proc.returncode != 0:
                lines = err.decode(errors="replace").strip().splitlines() or ["no message"]
                why = f"exit status {self.proc.returncode}: {lines[-1]}"
                raise BuildError([f"validation stopped unexpectedly ({why})"])
            self._result = [Problem(**p) if isinstance(p, dict) else p for p in json.loads(out)]
        return self._result

    def close(self) -> None:
        """Stop the child if it still runs (the build failed or was interrupted)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


class Validated:
    """The validation of a package the caller has already validated: no problems."""

    def done(self) -> bool:
        return False

    def result(self) -> list[Problem | str]:
        return []

    def close(self) -> None:
        pass


def problems_json(folder: str) -> str:
    """Validate ``folder``; its problems as a JSON list (the child's output). A
    valid verdict is remembered for the next build (``validation_cache``)."""
    try:
        validate_once(folder)
    except PackageError as e:
        return json.dumps(
            [dataclasses.asdict(p) for p in e.problems]
        )
    return "[]"


def main(folder: str) -> None:
    """The child's entry point: the problems of ``folder`` on stdout."""
    sys.stdout.write(problems_json(folder))


if __name__ == "__main__":
    main(sys.argv[1])
