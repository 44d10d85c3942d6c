"""A session's own part of the package, as files: what its PDF attaches.

A session's report must not change when another session is added, so it
carries only what concerns that session: its rows of every session table,
the rows of the shared tables (organisations, codes) its rows refer to (an
import adds organisations, so all of them would not do), the source text
it cites (``sessions.source_resource``), and a ``datapackage.json`` trimmed
to those files. Which rows belong is worked out from the foreign keys
(``session_tables``), never from a list of table names.

Each CSV keeps its header and its rows' lines byte for byte as the package
holds them, so a kept row reads exactly as in the whole package. The
trimmed descriptor is the package's own, minus what changes with every
import or names the whole package (``version``, ``modified``, ``id``), with
the name ``<package>-<session>``: it describes these files and validates on
its own with frictionless.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ontwerptafel.package.read import DESCRIPTOR, RawTable, read_table, table_resources
from ontwerptafel.package.session_tables import (
    SESSIONS,
    owners,
    schemas,
    session_tables,
)

#: descriptor properties that change with every import or identify the whole
#: package, so an extract does not carry them
WHOLE_PACKAGE_ONLY = ("id", "version", "modified")


def _references(schema: dict[str, Any], own: str) -> list[tuple[list[str], str, list[str]]]:
    """Every foreign key of ``schema``, a table's own included: (fields, table, target fields)."""
    out = []
    for fk in schema.get("foreignKeys", []):
        fields, ref = fk.get("fields"), fk.get("reference", {})
        target = ref.get("fields")
        fields = [fields] if isinstance(fields, str) else list(fields or [])
        target = [target] if isinstance(target, str) else list(target or [])
        if fields and len(fields) == len(target):
            out.append((fields, ref.get("resource") or own, target))
    return out


def kept_rows(
    descriptor: dict[str, Any], raws: Mapping[str, RawTable], session_id: str
) -> dict[str, list[int]]:
    """Table name -> the indices of the rows that concern ``session_id``.

    A session table keeps the session's own rows; any other table keeps the
    rows those refer to, and the rows those refer to in turn (a code's parent).
    """
    all_schemas = schemas(descriptor)
    bound = set(session_tables(descriptor))
    cells = {name: [row for _, row in raw.rows] for name, raw in raws.items()}
    owner = owners(descriptor, cells)
    kept = {
        name: {i for i, o in enumerate(owner.get(name, [])) if o == session_id}
        if name in bound
        else set()
        for name in all_schemas
    }
    changed = True
    while changed:
        changed = False
        for name, schema in all_schemas.items():
            for fields, target, target_fields in _references(schema, name):
                if target in bound or target not in kept:
                    continue
                wanted = {tuple(cells[name][i].get(f, "") for f in fields) for i in kept[name]}
                for j, row in enumerate(cells.get(target, [])):
                    if (
                        j not in kept[target]
                        and tuple(row.get(f, "") for f in target_fields) in wanted
                    ):
                        kept[target].add(j)
                        changed = True
    return {name: sorted(rows) for name, rows in kept.items()}


def _sliced(data: bytes, raw: RawTable, rows: Iterable[int]) -> bytes:
    """The CSV's header and the lines of ``rows``, exactly as the file has them."""
    lines = io.StringIO(data.decode("utf-8"), newline="").readlines()
    starts = [line for line, _ in raw.rows] + [len(lines) + 1]
    head = "".join(lines[: starts[0] - 1])
    body = "".join("".join(lines[starts[i] - 1 : starts[i + 1] - 1]) for i in rows)
    return (head + body).encode("utf-8")


def _sources(raws: Mapping[str, RawTable], rows: Sequence[int]) -> set[str]:
    """The names of the source resources the kept sessions cite."""
    sessions = raws.get(SESSIONS)
    if sessions is None:
        return set()
    return {sessions.rows[i][1].get("source_resource", "") for i in rows} - {""}


def session_files(
    root: Path, descriptor: dict[str, Any], session_ids: Sequence[str]
) -> dict[str, dict[str, bytes]]:
    """Session id -> {path in the package: bytes} of the files its PDF attaches,
    the trimmed ``datapackage.json`` first. Each table is read once for all."""
    raws = {res["name"]: read_table(root, res) for res in table_resources(descriptor)}
    data = {res["name"]: (root / res["path"]).read_bytes() for res in table_resources(descriptor)}
    return {sid: _extract(root, descriptor, raws, data, sid) for sid in session_ids}


def _extract(
    root: Path,
    descriptor: dict[str, Any],
    raws: Mapping[str, RawTable],
    data: Mapping[str, bytes],
    session_id: str,
) -> dict[str, bytes]:
    rows = kept_rows(descriptor, raws, session_id)
    cited = _sources(raws, rows.get(SESSIONS, []))
    files: dict[str, bytes] = {}
    resources = []
    for res in descriptor["resources"]:
        name = res.get("name")
        if name in raws:
            content = _sliced(data[name], raws[name], rows[name])
        elif name in cited:
            content = (root / res["path"]).read_bytes()
        else:
            continue
        files[res["path"]] = content
        res = copy.deepcopy(res)
        if "bytes" in res:
            res["bytes"] = len(content)
        if "hash" in res:
            res["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        resources.append(res)
    trimmed = {k: copy.deepcopy(v) for k, v in descriptor.items() if k not in WHOLE_PACKAGE_ONLY}
    trimmed["name"] = f"{descriptor.get('name', 'package')}-{session_id}"
    trimmed["resources"] = resources
    if "sources" in trimmed:
        trimmed["sources"] = [s for s in trimmed["sources"] if s.get("path") in files]
        if not trimmed["sources"]:
            del trimmed["sources"]
    text = json.dumps(trimmed, indent=2, ensure_ascii=False) + "\n"
    return {DESCRIPTOR: text.encode("utf-8"), **files}
