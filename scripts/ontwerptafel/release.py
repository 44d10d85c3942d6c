"""The release bundle: one zip a data repository can publish as it is.

``dist/<name>-<version>.zip`` holds the package (``datapackage.json`` and
``data/`` with the codebook, the source text and the photos), the reports in every
format and language with the REFI-QDA files, the citation files, the
README, the changelog, the licences, the code that built the reports (so
``make report`` inside the unpacked folder rebuilds them byte for byte), an
RO-Crate describing every file, and a ``SHA256SUMS`` manifest, all under one
folder ``<name>-<version>/``. The zip is reproducible: members
in sorted order, every timestamp the package's date, every mode 0644, so two
clean checkouts of the same commit give the same bytes. A version that was
released once is never rebuilt in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ontwerptafel.build import build
from ontwerptafel.build_plan import FORMATS
from ontwerptafel.errors import Problem, ReleaseError
from ontwerptafel.files import deterministic_zip, write_atomic
from ontwerptafel.package import citation
from ontwerptafel.package.photos import photo_files
from ontwerptafel.package.read import DESCRIPTOR, load, locate, read_descriptor
from ontwerptafel.package.validate import validate
from ontwerptafel.publish.citation_files import ROCRATE
from ontwerptafel.publish.facts import organisation_urls
from ontwerptafel.publish.metadata import render_all, stale_problems
from ontwerptafel.publish.qdpx import codebook_xml, qdpx_bytes
from ontwerptafel.publish.rocrate import MANIFEST, SOURCE_FILES, SOURCE_FOLDERS, ro_crate
from ontwerptafel.publish.text_workbook import text_workbook
from ontwerptafel.views.i18n import languages

REPORTS_DIR = "reports"
#: the files a reuser needs beside the data; the data licence is added by name
REQUIRED = ("README.md", "CHANGELOG.md", "LICENSE")
#: the source a release cannot rebuild without (tests and bench are optional)
REQUIRED_SOURCE = (*SOURCE_FILES, "scripts", "report")
#: never shipped from a source folder: caches, builds, installs
SKIPPED = ("__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache", ".ontwerptafel-lock")
#: every table as text cells, for opening in a spreadsheet (see text_workbook)
TEXT_WORKBOOK = "tables.xlsx"
#: zip cannot say a date before 1980
ZIP_EPOCH = dt.date(1980, 1, 1)


@dataclass(frozen=True)
class Release:
    """A written release: its zip, the zip's SHA-256 and its members in order."""

    path: Path
    sha256: str
    members: tuple[str, ...]
    doi: str | None


def release_name(descriptor: dict[str, Any]) -> str:
    """``<name>-<version>``, the zip's stem and its top folder."""
    name, version = str(descriptor.get("name", "")), str(descriptor.get("version", ""))
    problems = []
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
        problems.append(Problem(DESCRIPTOR, f"{name!r} cannot name a release file", field="name"))
    if not re.fullmatch(r"\d+\.\d+\.\d+([.+-][0-9A-Za-z.-]+)?", version):
        msg = f"{version!r} is not a version like 1.0.0"
        problems.append(Problem(DESCRIPTOR, msg, field="version"))
    if problems:
        raise ReleaseError(problems)
    return f"{name}-{version}"


def data_licence_file(descriptor: dict[str, Any]) -> str:
    """Where the data licence's text lives: ``LICENSES/<SPDX id>.txt``."""
    return f"LICENSES/{citation.licence(descriptor)['name']}.txt"


def zip_date(descriptor: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    """Every member's timestamp: midnight of the package version's date."""
    stamp = citation.published(descriptor)
    try:
        day = dt.date.fromisoformat(stamp)
    except ValueError:
        msg = f"{stamp!r} is not a date; a release takes its timestamps from it"
        raise ReleaseError([Problem(DESCRIPTOR, msg, field="created")]) from None
    day = max(day, ZIP_EPOCH)
    return (day.year, day.month, day.day, 0, 0, 0)


def collect(root: Path, descriptor: dict[str, Any]) -> dict[str, bytes]:
    """The package's own files by their path in the release (reports aside)."""
    generated = render_all(root)
    wanted = [DESCRIPTOR, *(r["path"] for r in descriptor["resources"]), *photo_files(root)]
    wanted += [*REQUIRED, data_licence_file(descriptor)]
    missing = [rel for rel in wanted if not (root / rel).is_file()]
    if missing:
        raise ReleaseError([Problem(rel, "missing; a release needs it") for rel in missing])
    files = {rel: (root / rel).read_bytes() for rel in wanted}
    files.update({rel: text.encode("utf-8") for rel, text in generated.items()})
    day = dt.date(*zip_date(descriptor)[:3])
    files[TEXT_WORKBOOK] = text_workbook(root, descriptor, day)
    return files


def _shipped(rel: str) -> bool:
    parts = rel.split("/")
    return not (
        any(p in SKIPPED or p.endswith(".egg-info") for p in parts)
        or rel.startswith("report/build/")
        or rel.endswith(".pyc")
    )


def source_files(root: Path) -> dict[str, bytes]:
    """The code, templates and fonts that build the reports, by path in the release."""
    missing = [rel for rel in REQUIRED_SOURCE if not (root / rel).exists()]
    if missing:
        raise ReleaseError(
            [Problem(rel, "missing; a release ships the code that rebuilds it") for rel in missing]
        )
    files = {rel: (root / rel).read_bytes() for rel in SOURCE_FILES}
    for folder in SOURCE_FOLDERS:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            rel = path.relative_to(root).as_posix()
            if path.is_file() and _shipped(rel):
                files[rel] = path.read_bytes()
    return files


def crate(root: Path, descriptor: dict[str, Any], files: dict[str, bytes]) -> str:
    """The release's RO-Crate: each file outside the source folders with its
    size and checksum, each source folder as one entity."""
    folders = {d: what for d, what in SOURCE_FOLDERS.items() if (root / d).is_dir()}
    described: dict[str, bytes | None] = {
        rel: data for rel, data in files.items() if rel.split("/", 1)[0] not in folders
    }
    described[MANIFEST] = None
    return ro_crate(descriptor, organisation_urls(root, descriptor), described, folders)


def build_reports(root: Path, quiet: bool = True) -> dict[str, bytes]:
    """Every session's report as PDF, DOCX and HTML, in every language with labels,
    and the REFI-QDA project and codebook, of a package that ``release`` has just
    validated (so the builds do not again)."""
    package = load(root)
    name = str(read_descriptor(root).get("name"))
    out: dict[str, bytes] = {
        f"{REPORTS_DIR}/{name}.qdpx": qdpx_bytes(package),
        f"{REPORTS_DIR}/{name}.qdc": codebook_xml(package),
    }
    with tempfile.TemporaryDirectory(prefix="release-reports-") as tmp:
        for path in build(root, (), FORMATS, languages(), tmp, quiet=quiet, validated=True):
            out[f"{REPORTS_DIR}/{path.name}"] = path.read_bytes()
    return out


def manifest(files: dict[str, bytes]) -> bytes:
    """``sha256sum -c`` format: one '<hex>  <path>' line per file, sorted."""
    lines = [f"{hashlib.sha256(files[rel]).hexdigest()}  {rel}\n" for rel in sorted(files)]
    return "".join(lines).encode("utf-8")


def zip_bytes(stem: str, files: dict[str, bytes], date: tuple[int, ...]) -> bytes:
    """The release zip: every file under ``<stem>/``, sorted, dated ``date``."""
    members = [(f"{stem}/{rel}", files[rel]) for rel in sorted(files)]
    return deterministic_zip(members, dt.datetime(*date[:6], tzinfo=dt.UTC))


def release(
    root: str | Path = ".",
    out_dir: str | Path | None = None,
    reports: bool = True,
    echo: Callable[[str], None] | None = None,
) -> Release:
    """Validate the package at ``root``, build its reports and write the zip.

    ``out_dir`` defaults to ``dist/`` in the package folder. Refuses a
    version whose zip exists already, a stale generated file, and a package
    that does not validate, each as one line per problem.
    """
    base = locate(root)
    descriptor = read_descriptor(base)
    stem = release_name(descriptor)
    out = Path(out_dir) if out_dir is not None else base / "dist"
    target = out / f"{stem}.zip"
    if target.exists():
        msg = "exists already; a released version is never rebuilt: raise 'version' in "
        raise ReleaseError([Problem(str(target), msg + f"{DESCRIPTOR} for a new release")])
    validate(base)
    stale = stale_problems(base)
    if stale:
        raise ReleaseError(stale)
    date = zip_date(descriptor)
    files = collect(base, descriptor)
    files.update(source_files(base))
    if reports:
        if echo is not None:
            echo("building the reports ...")
        files.update(build_reports(base))
    files[ROCRATE] = crate(base, descriptor, files).encode("utf-8")
    files[MANIFEST] = manifest(files)
    data = zip_bytes(stem, files, date)
    write_atomic(target, data)
    return Release(
        path=target,
        sha256=hashlib.sha256(data).hexdigest(),
        members=tuple(f"{stem}/{rel}" for rel in sorted(files)),
        doi=citation.doi(descriptor),
    )


def upload_instructions(result: Release) -> list[str]:
    """What to do with the zip, as lines for the terminal."""
    lines = [
        f"wrote {result.path} ({len(result.members)} files)",
        f"sha256 {result.sha256}",
        "next:",
        f"  1. Zenodo (https://zenodo.org/uploads): upload {result.path.name} to the draft"
        " and fill its form from .zenodo.json (it is inside the zip).",
    ]
    if result.doi:
        lines.append(f"     The draft is the one that reserved DOI {result.doi}.")
    else:
        lines.append(
            "     No DOI in datapackage.json 'id' yet, so the files do not name one. To have"
            " them name it: reserve it on the draft, delete this unpublished zip, put the DOI"
            " in 'id', run 'ontwerptafel metadata', commit and release again (RELEASING.md)."
        )
    lines += [
        "  2. Publish the draft; check that the landing page shows the DOI and the licence.",
        "  3. Tag the commit in the code repository (git tag v<version>) and push the tag.",
    ]
    return lines
