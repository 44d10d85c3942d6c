"""Every generated file of the package, written or checked from ``datapackage.json``.

``CITATION.cff`` (GitHub, Zotero, cffconvert), ``.zenodo.json`` (Zenodo's
deposit metadata) and ``ro-crate-metadata.json`` (RO-Crate 1.1) say the same
title, version, date, licence, creators, keywords and description because
they are all written from the one descriptor; ``data/README.md`` (the
codebook) is regenerated alongside.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ontwerptafel.errors import Problem
from ontwerptafel.files import write_atomic
from ontwerptafel.package.read import DESCRIPTOR, locate, read_descriptor
from ontwerptafel.publish.citation_files import CFF, CODEBOOK, ROCRATE, ZENODO, cff, zenodo
from ontwerptafel.publish.codebook import render
from ontwerptafel.publish.rocrate import ro_crate

# --- writing and checking ----------------------------------------------------


def render_all(root: Path) -> dict[str, str]:
    """Every generated file's text, by its path relative to the package folder."""
    descriptor = read_descriptor(root)

    writers: dict[str, Callable[[dict[str, Any]], str]] = {
        CFF: cff,
        ZENODO: zenodo,
        ROCRATE: ro_crate,
    }
    out = {name: write(descriptor) for name, write in writers.items()}
    out[CODEBOOK] = render(root)
    return out


def write_all(root: str | Path) -> list[Path]:
    """(Re)write every generated file of the package; return the paths written.

    A file whose bytes would not change is left alone (and still returned),
    so its modification time says when its content last changed.
    """
    base = locate(root)
    written = []
    for rel, text in render_all(base).items():
        target = base / rel
        data = text.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
        written.append(target)
    return written


def stale_files(root: str | Path) -> list[str]:
    """Generated files present in the package that differ from what
    ``write_all`` would write now. A missing file is not stale: a bare
    package has none of them, and a release writes them itself."""
    base = locate(root)
    return [
        rel
        for rel, text in render_all(base).items()
        if (base / rel).is_file() and (base / rel).read_bytes() != text.encode("utf-8")
    ]


def stale_problems(root: str | Path) -> list[Problem]:
    """One problem line per stale generated file, naming the fix."""
    return [
        Problem(rel, f"out of date with {DESCRIPTOR}; run 'ontwerptafel metadata'")
        if rel != CODEBOOK
        else Problem(rel, "out of date with the data; run 'ontwerptafel metadata'")
        for rel in stale_files(root)
    ]
