"""Every generated file of the package, written or checked from ``datapackage.json``.

``CITATION.cff`` (GitHub, Zotero, cffconvert), ``.zenodo.json`` (Zenodo's
deposit metadata), ``datacite.json`` (DataCite 4.5), ``dcat.ttl``
(DCAT-AP-NL 3.0) and ``ro-crate-metadata.json`` (RO-Crate 1.1) say the same
title, version, date, licence, creators, keywords and description because
they are all written from the one descriptor and its organisations; ``data/README.md`` (the
codebook) is regenerated alongside.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ontwerptafel.errors import Problem
from ontwerptafel.files import write_atomic
from ontwerptafel.package.photos import photo_files
from ontwerptafel.package.read import DESCRIPTOR, locate, read_descriptor
from ontwerptafel.publish.citation_files import (
    CFF,
    CODEBOOK,
    DATACITE,
    DCAT,
    ROCRATE,
    ZENODO,
    cff,
    zenodo,
)
from ontwerptafel.publish.codebook import render
from ontwerptafel.publish.datacite import datacite
from ontwerptafel.publish.dcat import dcat
from ontwerptafel.publish.facts import organisation_urls
from ontwerptafel.publish.rocrate import MANIFEST, SOURCE_FOLDERS, ro_crate

# --- writing and checking ----------------------------------------------------


def render_all(root: Path) -> dict[str, str]:
    """Every generated file's text, by its path relative to the package folder."""
    descriptor = read_descriptor(root)

    writers: dict[str, Callable[[dict[str, Any]], str]] = {
        CFF: cff,
        ZENODO: zenodo,
    }
    out = {name: write(descriptor) for name, write in writers.items()}
    urls = organisation_urls(root, descriptor)
    out[DATACITE] = datacite(descriptor, urls)
    out[DCAT] = dcat(root, descriptor, urls)
    if (root / MANIFEST).is_file():
        out[ROCRATE] = ro_crate(descriptor, urls, *release_contents(root))
    else:
        out[ROCRATE] = ro_crate(descriptor, urls, photos=photo_files(root))
    out[CODEBOOK] = render(root)
    return out


def release_contents(root: Path) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """What an unpacked release's crate describes: the files its manifest lists
    (read from disk, the manifest itself unhashed) outside the source folders,
    and those folders. An unpacked release thus checks its own crate."""
    listed = [
        line.split("  ", 1)[1]
        for line in (root / MANIFEST).read_text(encoding="utf-8").splitlines()
        if "  " in line
    ]
    folders = {d: what for d, what in SOURCE_FOLDERS.items() if (root / d).is_dir()}
    files: dict[str, bytes | None] = {MANIFEST: None}
    for rel in listed:
        if rel.split("/", 1)[0] not in folders and (root / rel).is_file():
            files[rel] = (root / rel).read_bytes()
    return files, folders


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
