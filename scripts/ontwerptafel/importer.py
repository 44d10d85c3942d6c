"""Import a filled workbook (or CSV folder) into the package: all of it or nothing.

The rows are merged into the package's tables in a staged copy, which is
validated exactly as ``ontwerptafel validate`` validates the package; each
problem found there is traced back to the sheet row it came from. Only a
valid result is swapped into ``data/`` (see ``staging``), with the package's
minor version bumped and ``modified`` set.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontwerptafel.errors import PackageError, Problem
from ontwerptafel.package import DESCRIPTOR, locate, read_descriptor, read_table, table_resources
from ontwerptafel.sessiontables import (
    SESSIONS,
    owners,
    primary_key,
    schemas,
    session_tables,
    shared_tables,
)
from ontwerptafel.sheets import ImportRejectedError, Source, read_source
from ontwerptafel.staging import replace_files
from ontwerptafel.validate import validate

#: where a merged row came from: ("package", line in data/) or ("import", sheet row)
Origin = tuple[str, int]


@dataclass(frozen=True)
class ImportResult:
    """What an import changed: rows added and removed per table (every table
    touched is in ``added``, in descriptor order), and the new version."""

    source: str
    sessions: tuple[str, ...]
    version: str
    added: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report the CLI prints: one line per table that changed."""
        out = [f"imported {', '.join(self.sessions)} from {self.source}; version {self.version}"]
        for table in self.added:
            n = self.added.get(table, 0)
            parts = [f"{n} row{'' if n == 1 else 's'} added"]
            if self.removed.get(table):
                parts.append(f"{self.removed[table]} removed")
            out.append(f"  {table}: " + ", ".join(parts))
        return out


@dataclass
class _Merge:
    """The merged tables: per table, its rows as text cells, and where each came from."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    origins: dict[str, list[Origin]] = field(default_factory=dict)
    #: per table, the staged CSV's physical line of each row -> where it came from
    lines: dict[str, dict[int, Origin]] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)


def import_path(root: str | Path, path: str | Path, replace: bool = False) -> ImportResult:
    """Import the workbook or CSV folder at ``path`` into the package at ``root``.

    A session already in the package is refused unless ``replace``, which
    replaces every row of that session in every table. Raises ``ImportRejectedError``
    (one problem per line, the package untouched) when anything is wrong.
    """
    base = locate(root)
    descriptor = read_descriptor(base)
    bound, shared = session_tables(descriptor), shared_tables(descriptor)
    all_schemas = schemas(descriptor)
    source = read_source(Path(path), {t: all_schemas[t] for t in bound + shared}, bound)
    raws = {res["name"]: read_table(base, res) for res in table_resources(descriptor)}
    existing = {name: [cells for _, cells in raw.rows] for name, raw in raws.items()}
    problems: list[Problem] = []
    ids = _session_ids(source, existing, replace, problems)
    merge = _merge(descriptor, source, raws, set(ids), bound, all_schemas, problems)
    problems += _key_problems(source, merge, all_schemas, bound + shared, raws)
    if problems:
        raise ImportRejectedError(problems)
    new_descriptor = _bumped(descriptor)
    contents = _contents(base, descriptor, merge, new_descriptor)
    with tempfile.TemporaryDirectory(prefix="ontwerptafel-import-") as tmp:
        stage = Path(tmp)
        _stage(base, descriptor, contents, stage)
        try:
            validate(stage)
        except PackageError as e:
            raise ImportRejectedError(_traced(e.problems, source, merge, raws)) from None
        contents.update(_generated(base, stage))
    changed = {
        rel: data
        for rel, data in contents.items()
        if not (base / rel).is_file() or (base / rel).read_bytes() != data
    }
    replace_files(base, changed)
    touched = [t for t in merge.rows if t in merge.added or t in merge.removed]
    return ImportResult(
        source.label,
        tuple(ids),
        str(new_descriptor.get("version", "")),
        {t: merge.added.get(t, 0) for t in touched},
        {t: merge.removed[t] for t in touched if t in merge.removed},
    )


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
        if sid and sid not in ids:
            ids.append(sid)
    return ids


def _merge(
    descriptor: dict[str, Any],
    source: Source,
    raws: dict[str, Any],
    ids: set[str],
    bound: list[str],
    all_schemas: dict[str, dict[str, Any]],
    problems: list[Problem],
) -> _Merge:
    """Package rows, minus those of the sessions imported, plus the sheet rows
    (placed where the replaced rows stood, or at the end)."""
    existing = {name: [cells for _, cells in raw.rows] for name, raw in raws.items()}
    owner = owners(descriptor, existing)
    merge = _Merge()
    for name, raw in raws.items():
        rows = source.tables.get(name, [])
        kept: list[dict[str, str]] = []
        origins: list[Origin] = []
        at = None
        for i, (line, cells) in enumerate(raw.rows):
            if name in owner and owner[name][i] in ids:
                at = len(kept) if at is None else at
                merge.removed[name] = merge.removed.get(name, 0) + 1
                continue
            kept.append(cells)
            origins.append(("package", line))
        pk = primary_key(all_schemas[name])
        incoming = rows if name in bound else _incoming(name, rows, source, raw, pk, problems)
        at = len(kept) if at is None else at
        kept[at:at] = [cells for _, cells in incoming]
        origins[at:at] = [("import", number) for number, _ in incoming]
        if incoming:
            merge.added[name] = len(incoming)
        merge.rows[name], merge.origins[name] = kept, origins
    merged_owner = owners(descriptor, merge.rows)
    for name in bound:
        for (kind, number), who in zip(merge.origins[name], merged_owner[name], strict=True):
            if kind == "import" and who and who not in ids:
                msg = (
                    f"belongs to session {who!r}, which is not on the sessions sheet; "
                    "an import adds or replaces whole sessions only"
                )
                problems.append(source.problem(name, number, None, msg))
    return merge


def _incoming(
    name: str,
    rows: list[tuple[int, dict[str, str]]],
    source: Source,
    raw: Any,
    pk: list[str],
    problems: list[Problem],
) -> list[tuple[int, dict[str, str]]]:
    """The sheet rows of a shared table to add: rows already in the package as
    they are are left out, changed ones refused."""
    pk = pk or raw.header
    known = {tuple(c.get(k, "") for k in pk): (line, c) for line, c in raw.rows}
    out = []
    for number, cells in rows:
        key = tuple(cells.get(k, "") for k in pk)
        if key not in known:
            out.append((number, cells))
            continue
        line, cells_there = known[key]
        diff = [k for k in raw.header if cells.get(k, "") != cells_there.get(k, "")]
        if diff:
            msg = (
                f"{', '.join(key)!r} is already in the package ({raw.path}:{line}) with "
                f"another {', '.join(diff)}; an import adds rows to {name}, it does not change them"
            )
            problems.append(source.problem(name, number, ",".join(pk), msg))
    return out


def _key_problems(
    source: Source,
    merge: _Merge,
    all_schemas: dict[str, dict[str, Any]],
    tables: list[str],
    raws: dict[str, Any],
) -> list[Problem]:
    """A primary key used twice, named by both places (the sheet row, or the line in data/)."""
    problems = []
    for name in tables:
        pk = primary_key(all_schemas[name])
        if not pk:
            continue
        seen: dict[tuple[str, ...], Origin] = {}
        for cells, (kind, number) in zip(merge.rows[name], merge.origins[name], strict=True):
            key = tuple(cells.get(k, "") for k in pk)
            if not all(key):
                continue
            if key in seen and kind == "import":
                first_kind, first = seen[key]
                where = f"row {first}" if first_kind == "import" else f"{raws[name].path}:{first}"
                msg = f"{', '.join(key)!r} is already used ({where})"
                problems.append(source.problem(name, number, ",".join(pk), msg))
            seen.setdefault(key, (kind, number))
    return problems


def _bumped(descriptor: dict[str, Any]) -> dict[str, Any]:
    """The descriptor with its minor version bumped and ``modified`` set to now
    (or to SOURCE_DATE_EPOCH, for reproducible builds)."""
    version = str(descriptor.get("version", "0.0.0"))
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version)
    if not m:
        msg = f"{version!r} is not MAJOR.MINOR.PATCH, so it cannot be bumped"
        raise ImportRejectedError([Problem(DESCRIPTOR, msg, field="version")])
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
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
    (counted as ``package.read_table`` counts them)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    lines, line = [], 2
    for cells in rows:
        start = buf.tell()
        writer.writerow([cells.get(h, "") for h in header])
        lines.append(line)
        line += len(buf.getvalue()[start:].splitlines())
    return buf.getvalue().encode("utf-8"), lines


def _contents(
    base: Path, descriptor: dict[str, Any], merge: _Merge, new_descriptor: dict[str, Any]
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
    for extra in ("data/README.md",):
        if (base / extra).is_file() and not (stage / extra).exists():
            shutil.copyfile(base / extra, stage / extra)


def _generated(base: Path, stage: Path) -> dict[str, bytes]:
    """The citation files and codebook for the new data, if this version has them,
    so that they change in the same swap as the data."""
    try:
        from ontwerptafel import metadata
    except ImportError:
        return {}
    render = getattr(metadata, "render_all", None)
    if render is None:
        return {}
    return {rel: text.encode("utf-8") for rel, text in render(stage).items()}


def _traced(
    problems: list[Problem | str], source: Source, merge: _Merge, raws: dict[str, Any]
) -> list[Problem | str]:
    """Each problem of the staged copy, moved to where its row came from."""
    out: list[Problem | str] = []
    lines = merge.lines

    def where(table: str, line: int) -> str:
        kind, number = lines.get(table, {}).get(line, ("package", line))
        return f"row {number}" if kind == "import" else f"line {number}"

    for p in problems:
        if not isinstance(p, Problem) or p.resource not in lines or p.line is None:
            out.append(p)
            continue
        origin = lines[p.resource].get(p.line)
        message = re.sub(
            r"\bon line (\d+)", lambda m, t=p.resource: "in " + where(t, int(m.group(1))), p.message
        )
        if origin and origin[0] == "import":
            out.append(source.problem(p.resource, origin[1], p.field, message))
        else:
            number = origin[1] if origin else p.line
            out.append(Problem(p.file, message, number, p.field, p.resource))
    return out
