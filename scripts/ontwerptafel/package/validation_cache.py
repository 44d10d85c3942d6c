"""Remember that a package was valid, by the hash of every byte validation read.

Validation costs most of a build whose data did not change, so its verdict is
kept, keyed by a SHA-256 of the code version and of every file validation
reads: ``datapackage.json``, each resource's file, path and bytes, and each
photo under ``data/photos/``. The
package folder is untrusted input (a downloaded package could carry a
forged "valid"), so the verdict lives in the user's cache folder
(``$XDG_CACHE_HOME/ontwerptafel``, else ``~/.cache/ontwerptafel``), never in
the package; and a key is made of content only, so no timestamp can fool it.
The code version hashes this package's own source files and the versions of
the libraries that check or draw, so a new rule or library forgets every
verdict. Only "valid" is remembered: problems are always found afresh.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ontwerptafel.files import write_atomic
from ontwerptafel.package.photos import photo_files
from ontwerptafel.package.read import DESCRIPTOR, locate
from ontwerptafel.package.validate import Summary, validate

#: the folder of the ontwerptafel package, whose every file is part of the code version
SOURCES = Path(__file__).resolve().parents[1]
#: the libraries whose version decides a verdict or an output's bytes
LIBRARIES = (
    "frictionless",
    "weasyprint",
    "pydyf",
    "tinycss2",
    "fonttools",
    "jinja2",
    "pypandoc-binary",
    "lxml",
    "pillow",
)


def cache_dir() -> Path:
    """The user's cache folder for ontwerptafel (the XDG base directory rule)."""
    base = Path(os.environ.get("XDG_CACHE_HOME", ""))
    folder = base if base.is_absolute() else Path.home() / ".cache"
    return folder / "ontwerptafel"


@functools.cache
def code_version() -> str:
    """A hash of every source file of the package, Python's version and the
    libraries' versions: a verdict or output made by other code is not reused."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"\0{name}=none".encode())
    for path in sorted(SOURCES.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(b"\0" + path.relative_to(SOURCES).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def package_key(root: Path) -> str | None:
    """The hash of what validating ``root`` reads, or None when the descriptor
    is too broken to say what that is (validation then runs and says why)."""
    try:
        descriptor_bytes = (root / DESCRIPTOR).read_bytes()
        descriptor = json.loads(descriptor_bytes)
        resources = descriptor["resources"]
        digest = hashlib.sha256(code_version().encode() + b"\0" + descriptor_bytes)
        for res in resources:
            if any(isinstance(res.get(k), str) for k in ("schema", "dialect")):
                return None  # a file named by reference: not something we hash
            rel = res.get("path")
            target = (root / rel).resolve() if isinstance(rel, str) and "://" not in rel else None
            if target is None or not target.is_relative_to(root) or not target.is_file():
                return None
            digest.update(b"\0" + rel.encode() + b"\0")
            digest.update(hashlib.sha256(target.read_bytes()).digest())
        # the photos are files of the package that no resource names: a photo
        # replaced under an unchanged table must be checked again
        for rel in photo_files(root):
            path = root / rel
            digest.update(b"\0photo\0" + rel.encode() + b"\0")
            if path.is_symlink():
                digest.update(b"link\0" + str(path.readlink()).encode())
            elif path.is_file():
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class Unchanged(Summary):
    """A remembered verdict: the package's bytes are those last found valid."""

    def __str__(self) -> str:
        return "valid (unchanged since last check)" + super().__str__().removeprefix("valid")


def _entry(key: str) -> Path:
    return cache_dir() / "validation" / f"{key}.json"


def forget(root: Path) -> None:
    """Drop the verdict remembered for ``root``'s bytes, so that the next check
    validates again (``make bench`` times a build that validates)."""
    key = package_key(root)
    if key is not None:
        _entry(key).unlink(missing_ok=True)


def remembered(root: Path, key: str | None = None) -> Unchanged | None:
    """The verdict kept for the package's current bytes (hashed as ``key``), or None."""
    key = key or package_key(root)
    if key is None:
        return None
    try:
        entry = json.loads(_entry(key).read_text(encoding="utf-8"))
        if entry.get("key") != key or not isinstance(entry.get("rows"), dict):
            return None
        return Unchanged({str(k): int(v) for k, v in entry["rows"].items()})
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def validate_once(path: str | Path = ".") -> Summary:
    """``validate(path)``, unless these very bytes were found valid before.

    The key is taken before and after validating and the verdict kept only
    when both agree, so a file edited while it was checked is not believed.
    A cache that cannot be written costs the next run its time, nothing else.
    """
    root = locate(path)
    before = package_key(root)
    known = remembered(root, before)
    if known is not None:
        return known
    summary = validate(root)
    if before is not None and package_key(root) == before:
        entry = {"key": before, "rows": summary.rows}
        with contextlib.suppress(OSError):
            write_atomic(_entry(before), json.dumps(entry).encode())
    return summary
