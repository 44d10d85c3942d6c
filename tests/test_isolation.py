"""No code from the data: a module left in the package or working folder never runs.

A package folder is downloaded from anywhere. Every standard-library module
the validation child imports is planted there (which is also the working
folder) as a module that leaves a marker file when imported; then the real
``ontwerptafel`` command validates and builds the package.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES
from ontwerptafel.package.validation_process import CHILD, SOURCES

COMMAND = Path(sys.executable).with_name("ontwerptafel")


def child_modules(package: Path) -> list[str]:
    """The standard-library modules (top level) a validation child imports."""
    probe = CHILD + "; import json; sys.stdout.write(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-I", "-c", probe, str(SOURCES), str(package)],
        capture_output=True,
        text=True,
        check=True,
        cwd=SOURCES,
    )
    loaded = json.loads(done.stdout[done.stdout.index("]") + 1 :])
    return sorted({m.split(".")[0] for m in loaded} & set(sys.stdlib_module_names))


def test_planted_modules_never_run(tmp_path: Path) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    markers = tmp_path / "markers"
    markers.mkdir()
    names = child_modules(pkg)
    assert {"dataclasses", "json", "csv"} <= set(names), names
    for name in names:
        (pkg / f"{name}.py").write_text(
            f"open({str(markers / name)!r}, 'w').close()\n", encoding="utf-8"
        )
    runs = [
        [str(COMMAND), "validate", "."],
        [str(COMMAND), "build", ".", "--format", "html", "--out", str(tmp_path / "out")],
    ]
    for args in runs:
        done = subprocess.run(args, cwd=pkg, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "mini-2024.html").is_file()
    assert sorted(p.name for p in markers.iterdir()) == []
