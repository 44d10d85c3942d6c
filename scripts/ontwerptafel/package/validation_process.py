"""Validation in a child process, so that a build's rendering need not wait for it.

Validation is pure Python and WeasyPrint's layout mostly so: in threads of
one process they would take turns on one core. A child process of its own
(started with ``python -m``, so it never re-runs the caller's main script the
way multiprocessing's spawn does) puts validation on the other core. Its
problems come back as JSON, one object per ``Problem``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from ontwerptafel.errors import PackageError, Problem
from ontwerptafel.package.validate import validate

#: the folder holding the ontwerptafel package, for the child's import path
SOURCES = Path(__file__).resolve().parents[2]


class Validation:
    """``validate(folder)`` running in a child process from construction on."""

    def __init__(self, folder: Path) -> None:
        path = os.environ.get("PYTHONPATH", "")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(SOURCES), path) if p)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ontwerptafel.package.validation_process", str(folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
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
                raise RuntimeError(
                    f"validation stopped unexpectedly:\n{err.decode(errors='replace')}"
                )
            self._result = [Problem(**p) if isinstance(p, dict) else p for p in json.loads(out)]
        return self._result

    def close(self) -> None:
        """Stop the child if it still runs (the build failed or was interrupted)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def problems_json(folder: str) -> str:
    """Validate ``folder``; its problems as a JSON list (the child's output)."""
    try:
        validate(folder)
    except PackageError as e:
        return json.dumps(
            [dataclasses.asdict(p) if isinstance(p, Problem) else str(p) for p in e.problems]
        )
    return "[]"


if __name__ == "__main__":
    sys.stdout.write(problems_json(sys.argv[1]))
