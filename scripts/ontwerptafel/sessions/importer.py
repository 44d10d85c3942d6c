"""Import a filled workbook (or CSV folder) into the package: all of it or nothing.

The rows are merged into the package's tables in a staged copy, which is
validated exactly as ``ontwerptafel validate`` validates the package; each
problem found there is traced back to the sheet row it came from. Only a
valid result is swapped into ``data/`` (see ``staging``), with the package's
minor version bumped and ``modified`` set.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontwerptafel.errors import ImportRejectedError, PackageError, Problem
from ontwerptafel.package import dates
from ontwerptafel.package.lock import writes_package
from ontwerptafel.package.photos import PHOTOS_DIR, PHOTOS_TABLE, photo_files
from ontwerptafel.package.read import (
    DESCRIPTOR,
    locate,
    read_descriptor,
    read_table,
    table_resources,
)
from ontwerptafel.package.session_tables import (
    SESSIONS,
    schemas,
    session_tables,
    shared_tables,
)
from ontwerptafel.package.staging import replace_files
from ontwerptafel.package.validate import validate
from ontwerptafel.publish.metadata import render_all
from ontwerptafel.sessions.merging import Merge, key_problems, merge_rows, traced
from ontwerptafel.sessions.photo_import import take_photos
from ontwerptafel.sessions.sheets import Source, read_source


@dataclass(frozen=True)
class ImportResult:
    """What an import changed: rows added and removed per table (every table
    touched is in ``added``, in descriptor order), and the new version."""

    source: str
    sessions: tuple[str, ...]
    version: str
    added: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    #: False when the rows imported equal the package's and nothing was written
    changed: bool = True

    def lines(self) -> list[str]:
        """The report the CLI prints: one line per table that changed."""
        if not self.changed:
            return [
                f"nothing changed: {self.source} holds what the package holds for "
                f"{', '.join(self.sessions)}; version {self.version}"
            ]
        out = [f"imported {', '.join(self.sessions)} from {self.source}; version {self.version}"]
        for table in self.added:
            n = self.added.get(table, 0)
            parts = [f"{n} row{'' if n == 1 else 's'} added"]
            if self.removed.get(table):
                parts.append(f"{self.removed[table]} removed")
            out.append(f"  {table}: " + ", ".join(parts))
        return out


@writes_package
def import_path(
    root: str | Path, path: str | Path, replace: bool = False, photos: str | Path | None = None
) -> ImportResult:
    """Import the workbook or CSV folder at ``path`` into the package at ``root``.

    A session already in the package is refused unless ``replace``, which
    replaces every row of that session in every table. The photos sheet names
    files in the folder ``photos``, stored cleaned (see ``photo_import``).
    Raises ``ImportRejectedError`` (one problem per line, the package
    untouched) when anything is wrong.
    """
    base = locate(root)
    descriptor = read_descriptor(base)
    bound, shared = session_tables(descriptor), shared_tables(descriptor)
    all_schemas = schemas(descriptor)
    # The curators' tables (evidence, codings) come later, after the workshop
    # is published: a workbook may leave their sheets out.
    origin = {r["name"]: r.get("ontwerptafel:origin") for r in descriptor["resources"]}
    # ... and a session may have no photos, nor a workbook made before they came
    required = [t for t in bound if origin.get(t) != "curators" and t != PHOTOS_TABLE]
    version = str(descriptor.get("version", ""))
    source = read_source(
        Path(path),
        {t: all_schemas[t] for t in bound + shared},
        required,
        version or None,
        language=str((descriptor.get("languages") or [""])[0]),
    )
    raws = {res["name"]: read_table(base, res) for res in table_resources(descriptor)}
    existing = {name: [cells for _, cells in raw.rows] for name, raw in raws.items()}
    problems: list[Problem] = []
    ids = _session_ids(source, existing, replace, problems)
    stored = {
        r["photo_id"]: r
        for r in existing.get(PHOTOS_TABLE, [])
        if replace and any(r["photo_id"].startswith(f"{sid}-") for sid in ids)
    }
    folder = Path(photos) if photos is not None else None
    photo_bytes, found = take_photos(source, folder, stored, base)
    problems += found
    merge = merge_rows(descriptor, source, raws, set(ids), bound, all_schemas, problems)
    problems += key_problems(source, merge, all_schemas, bound + shared, raws)
    if problems:
        raise ImportRejectedError(problems)
    new_descriptor = _bumped(descriptor)
    contents = _contents(base, descriptor, merge, new_descriptor)
    contents.update(photo_bytes)
    if _unchanged(base, contents):
        # the rows equal what the package holds (a --replace of an untouched
        # workbook): no new version, no new date, no file written
        version = str(descriptor.get("version", ""))
        return ImportResult(source.label, tuple(ids), version, changed=False)
    # The rows are in ``contents`` now: let them go before the validation reads
    # the staged copy again, which halves what a 100,000-row sheet keeps in memory.
    source.tables.clear()
    merge.rows = {t: [] for t in merge.rows}
    with tempfile.TemporaryDirectory(prefix="ontwerptafel-", ignore_cleanup_errors=True) as tmp:
        stage = Path(tmp)
        try:
            _stage(base, descriptor, contents, stage)
        except OSError as e:  # name the temporary copy when the error names no file
            raise OSError(e.errno, e.strerror, e.filename or tmp) from None
        try:
            validate(stage)
        except PackageError as e:
            raise ImportRejectedError(traced(e.problems, source, merge, raws)) from None
        contents.update(_generated(stage))
    changed = {
        rel: data
        for rel, data in contents.items()
        if not (base / rel).is_file() or (base / rel).read_bytes() != data
    }
    if any(rel.startswith(PHOTOS_DIR + "/") for rel in changed):
        (base / PHOTOS_DIR).mkdir(exist_ok=True)
    replace_files(base, changed)
    touched = [t for t in merge.rows if t in merge.added or t in merge.removed]
    return ImportResult(
        source.label,
        tuple(ids),
        str(new_descriptor.get("version", "")),
        {t: merge.added.get(t, 0) for t in touched},
        {t: merge.removed[t] for t in touched if t in merge.removed},
    )


def _unchanged(base: Path, contents: dict[str, bytes]) -> bool:
    """Whether every table the import would write already holds those bytes."""
    for rel, data in contents.items():
        if rel == DESCRIPTOR:
            continue
        target = base / rel
        if not target.is_file() or target.stat().st_size != len(data):
            return False
        if target.read_bytes() != data:
            return False
    return True


def _session_ids(
    source: Source, existing: dict[str, list[dict[str, str]]], replace: bool, out: list[Problem]
) -> list[str]:
    rows = source.tables.get(SESSIONS, [])
    if not rows:
        out.append(source.problem(SESSIONS, None, None, "holds no session; fill in row 2"))
    present = {r.get("session_id") for r in existing.get(SESSIONS, [])}
    ids = []
    for number, cells in rows:
        sid = cells.get("session_id", "")
        if sid in present and not replace:
            msg = (
                f"session {sid!r} is already in the package; "
                "import with --replace to replace all of its rows"
            )
            out.append(source.problem(SESSIONS, number, "session_id", msg))
        elif sid and replace and sid not in present:
            msg = (
                f"session {sid!r} is not in the package, so --replace has nothing to replace; "
                "import without --replace to add it"
            )
            out.append(source.problem(SESSIONS, number, "session_id", msg))
        if sid and sid not in ids:
            ids.append(sid)
    return ids


def _bumped(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with its minor version bumped and ``modified`` set to now
    (or to SOURCE_DATE_EPOCH, for reproducible builds)."""
    version = str(descriptor.get("version", "0.0.0"))
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not m:
        msg = f"{version!r} is not MAJOR.MINOR.PATCH, so it cannot be bumped"
        raise ImportRejectedError([Problem(DESCRIPTOR, msg, field="version")])
    now = dates.now()
    out: dict[str, Any] = {}
    for key, value in descriptor.items():
        if key != "modified":
            out[key] = value
        if key == "version":
            out[key] = f"{m.group(1)}.{int(m.group(2)) + 1}.0"
        if key == ("created" if "created" in descriptor else "version"):
            out["modified"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def _csv_bytes(header: list[str], rows: list[dict[str, str]]) -> tuple[bytes, list[int]]:
    """The CSV as the package writes it, and the physical line each row starts on
    (counted as ``package.read_table`` counts them: lines end at \\n, \\r or \\r\\n).

    Each row is written on its own and joined once at the end, so the work is
    linear in the number of rows."""
    parts: list[str] = []
    writer = csv.writer(_Collector(parts), lineterminator="\n")
    writer.writerow(header)
    lines, line = [], 2
    for cells in rows:
        before = len(parts)
        writer.writerow([cells.get(h, "") for h in header])
        lines.append(line)
        line += sum(len(LINE_END.findall(part)) for part in parts[before:])
    return "".join(parts).encode("utf-8"), lines


LINE_END = re.compile(r"\r\n|\r|\n")


class _Collector:
    """A file-like sink that keeps what a ``csv.writer`` writes, piece by piece."""

    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


def _contents(
    base: Path, descriptor: dict[str, Any], merge: Merge, new_descriptor: dict[str, Any]
) -> dict[str, bytes]:
    """Every file the import writes: the tables and the descriptor."""
    import hashlib

    contents: dict[str, bytes] = {}
    for res, new_res in zip(descriptor["resources"], new_descriptor["resources"], strict=True):
        if res.get("name") not in merge.rows:
            continue
        header = [f["name"] for f in res["schema"]["fields"]]
        data, lines = _csv_bytes(header, merge.rows[res["name"]])
        merge.lines[res["name"]] = dict(zip(lines, merge.origins[res["name"]], strict=True))
        contents[res["path"]] = data
        if "bytes" in res:
            new_res["bytes"] = len(data)
        if "hash" in res:
            new_res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    text = json.dumps(new_descriptor, indent=2, ensure_ascii=False) + "\n"
    contents[DESCRIPTOR] = text.encode("utf-8")
    return contents


def _stage(base: Path, descriptor: dict[str, Any], contents: dict[str, bytes], stage: Path) -> None:
    """A copy of the package with the new files, to validate before touching anything."""
    for res in descriptor["resources"]:
        target = stage / res["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if res["path"] not in contents:
            shutil.copyfile(base / res["path"], target)
    for rel, data in contents.items():
        (stage / rel).parent.mkdir(parents=True, exist_ok=True)
        (stage / rel).write_bytes(data)
    for rel in photo_files(base):  # the photos kept as they are
        if rel not in contents and (base / rel).is_file() and not (base / rel).is_symlink():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(base / rel, stage / rel)
    for extra in ("data/README.md",):
        if (base / extra).is_file() and not (stage / extra).exists():
            shutil.copyfile(base / extra, stage / extra)


def _generated(stage: Path) -> dict[str, bytes]:
    """The citation files and codebook for the new data, so that they change in
    the same swap as the data."""
    return {rel: text.encode("utf-8") for rel, text in render_all(stage).items()}
