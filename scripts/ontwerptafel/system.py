"""Find (and as root on Debian, install) the system packages the build and tests need.

This file runs before the virtual environment exists (``make`` calls it with
the machine's own Python), so it uses the standard library only and imports
nothing from the package. Each requirement is found the way its user finds
it: a library by loading it as WeasyPrint's cffi does, a program on PATH, a
font through fontconfig. So a missing piece is named here, in one line,
before anything is rendered, instead of as a warning deep inside a build.

Run as root on Debian or Ubuntu it installs what is missing with apt-get;
anywhere else it stops with one line naming every missing package and the
command that installs it.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Need:
    """One thing a step needs, how to find it, and which package brings it."""

    what: str  # "library", "program", "font" or "file"
    names: tuple[str, ...]  # any one of these satisfies the need
    debian: str
    brew: str
    steps: tuple[str, ...]  # "report", "test"


#: Every system requirement, once. The README's table says what each is for.
NEEDS: tuple[Need, ...] = (
    Need(
        "library",
        ("libpango-1.0.so.0", "libpango-1.0.dylib"),
        "libpango-1.0-0",
        "pango",
        ("report", "test"),
    ),
    Need(
        "library",
        ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib"),
        "libpangoft2-1.0-0",
        "pango",
        ("report", "test"),
    ),
    Need(
        "library",
        ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib"),
        "libharfbuzz-subset0",
        "harfbuzz",
        ("report", "test"),
    ),
    Need("program", ("pdftotext",), "poppler-utils", "poppler", ("test",)),
    Need("program", ("pdftoppm",), "poppler-utils", "poppler", ("test",)),
    Need("program", ("soffice",), "libreoffice-writer-nogui", "--cask libreoffice", ("test",)),
    Need(
        "file",
        (
            "/usr/lib/libreoffice/program/libsclo.so",
            "/Applications/LibreOffice.app/Contents/Frameworks/libsclo.dylib",
        ),
        "libreoffice-calc-nogui",
        "--cask libreoffice",
        ("test",),
    ),
    Need(
        "file",
        (
            "/usr/lib/libreoffice/program/libsdlo.so",
            "/Applications/LibreOffice.app/Contents/Frameworks/libsdlo.dylib",
        ),
        "libreoffice-impress",
        "--cask libreoffice",
        ("test",),
    ),
    Need("program", ("fc-list",), "fontconfig", "fontconfig", ("test",)),
    Need("font", ("Carlito",), "fonts-crosextra-carlito", "--cask font-carlito", ("test",)),
    Need("program", ("chromium",), "chromium", "--cask chromium", ("test",)),
    Need("program", ("chromedriver",), "chromium-driver", "--cask chromedriver", ("test",)),
    Need("program", ("npm",), "npm", "node", ("test",)),
)


def found(need: Need) -> bool:
    """Whether ``need`` is present on this machine, looked for as its user looks."""
    if need.what == "program":
        return any(shutil.which(name) for name in need.names)
    if need.what == "file":
        return any(Path(name).is_file() for name in need.names)
    if need.what == "library":
        for name in need.names:
            try:
                ctypes.CDLL(name)
            except OSError:
                continue
            return True
        return False
    fc = shutil.which("fc-list")
    if fc is None:
        return False
    listed = subprocess.run([fc, ":", "family"], capture_output=True, text=True, check=False)
    return any(name in listed.stdout for name in need.names)


def missing(step: str) -> list[Need]:
    """The requirements of ``step`` that this machine lacks."""
    return [n for n in NEEDS if step in n.steps and not found(n)]


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def advice(needs: list[Need]) -> str:
    """The one line that names every missing package and how to install it."""
    what = ", ".join(_unique([n.names[0] for n in needs]))
    apt = " ".join(_unique([n.debian for n in needs]))
    formulas = _unique([n.brew for n in needs if not n.brew.startswith("--cask")])
    casks = _unique([n.brew.split()[1] for n in needs if n.brew.startswith("--cask")])
    brew = " && ".join(
        part
        for part in (
            f"brew install {' '.join(formulas)}" if formulas else "",
            f"brew install --cask {' '.join(casks)}" if casks else "",
        )
        if part
    )
    return (
        f"missing {what}: install with 'sudo apt-get install {apt}' (Debian/Ubuntu, WSL2)"
        f" or '{brew}' (macOS), then run make again"
    )


def _can_install() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0 and shutil.which("apt-get") is not None


def install(needs: list[Need]) -> int:
    """apt-get the Debian packages of ``needs`` (as root); the exit status."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    packages = _unique([n.debian for n in needs])
    sys.stdout.write(f"installing {' '.join(packages)} (apt-get)\n")
    sys.stdout.flush()
    steps = (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
    )
    for cmd in steps:
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            sys.stderr.write(f"'{' '.join(cmd)}' failed with exit {done.returncode}\n")
            return done.returncode
    return 0


def main(argv: list[str] | None = None) -> int:
    """Check (and as root on Debian, install) what a make step needs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("report", "test"))
    parser.add_argument("--check-only", action="store_true", help="never install")
    args = parser.parse_args(argv)
    lacking = missing(args.step)
    if lacking and not args.check_only and _can_install():
        status = install(lacking)
        if status != 0:
            return status
        lacking = missing(args.step)
    if lacking:
        sys.stderr.write(advice(lacking) + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
