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

import hashlib
import io
import itertools
import json
from collections.abc import Mapping, Sequence
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
    descriptor: dict[str, Any],
    cells: Mapping[str, Sequence[Mapping[str, str]]],
    owner: Mapping[str, Sequence[str]],
    session_id: str,
) -> dict[str, list[int]]:
    """Table name -> the indices of the rows that concern ``session_id``, given
    every table's ``cells`` and the session that owns each row (``owners``).

    A session table keeps the session's own rows; any other table keeps the
    rows those refer to, and the rows those refer to in turn (a code's parent).
    """
    all_schemas = schemas(descriptor)
    bound = set(session_tables(descriptor))
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


def _row_texts(data: bytes, raw: RawTable) -> tuple[str, list[str]]:
    """The CSV's header and each row's physical lines, exactly as the file has them."""
    lines = io.StringIO(data.decode("utf-8"), newline="").readlines()
    starts = [line for line, _ in raw.rows] + [len(lines) + 1]
    rows = ["".join(lines[a - 1 : b - 1]) for a, b in itertools.pairwise(starts)]
    return "".join(lines[: starts[0] - 1]), rows


#: the last parts worked out: their signature, the descriptor (held, so its
#: id is not reused while it names it) and the data files by session
_LAST: list[tuple[tuple[Any, ...], dict[str, Any], dict[str, dict[str, bytes]]]] = []


def _signature(root: Path, descriptor: dict[str, Any]) -> tuple[Any, ...]:
    """What the parts depend on, cheaply: the folder, this very descriptor and
    each table's size and modification time."""
    stats = []
    for res in table_resources(descriptor):
        st = (root / res["path"]).stat()
        stats.append((res["path"], st.st_size, st.st_mtime_ns))
    return (root.resolve(), id(descriptor), tuple(stats))


def session_files(
    root: Path, descriptor: dict[str, Any], session_ids: Sequence[str]
) -> dict[str, dict[str, bytes]]:
    """Session id -> {path in the package: bytes} of the files its PDF attaches,
    the trimmed ``datapackage.json`` first."""
    parts = session_parts(root, descriptor, session_ids)
    return {sid: {DESCRIPTOR: trimmed_descriptor(descriptor, parts[sid], sid), **parts[sid]}
            for sid in session_ids}  # fmt: skip


def session_parts(
    root: Path, descriptor: dict[str, Any], session_ids: Sequence[str]
) -> dict[str, dict[str, bytes]]:
    """Session id -> its data files (``session_files`` without the descriptor,
    which is made of them: see ``trimmed_descriptor``). Each table is read once
    for all; a build works every session's part out while planning (its input
    keys), and each PDF, rendered later in a worker forked from it, finds its
    own part here instead of reading the whole package again."""
    key = _signature(root, descriptor)
    if _LAST and _LAST[0][0] == key and all(sid in _LAST[0][2] for sid in session_ids):
        return {sid: _LAST[0][2][sid] for sid in session_ids}
    out = _work_out(root, descriptor, session_ids)
    _LAST[:] = [(key, descriptor, out)]
    return out


def _work_out(
    root: Path, descriptor: dict[str, Any], session_ids: Sequence[str]
) -> dict[str, dict[str, bytes]]:
    tables = table_resources(descriptor)
    raws = {res["name"]: read_table(root, res) for res in tables}
    texts = {res["name"]: _row_texts((root / res["path"]).read_bytes(), raws[res["name"]])
             for res in tables}  # fmt: skip
    cells = {name: [row for _, row in raw.rows] for name, raw in raws.items()}
    owner = owners(descriptor, cells)
    out = {}
    for sid in session_ids:
        rows = kept_rows(descriptor, cells, owner, sid)
        sessions = cells.get(SESSIONS, [])
        cited = {sessions[i].get("source_resource", "") for i in rows.get(SESSIONS, [])}
        csvs = {name: head + "".join(body[i] for i in rows[name])
                for name, (head, body) in texts.items()}  # fmt: skip
        out[sid] = _data_files(root, descriptor, csvs, cited - {""})
    return out


def _data_files(
    root: Path, descriptor: dict[str, Any], csvs: Mapping[str, str], cited: set[str]
) -> dict[str, bytes]:
    """The session's ``csvs`` and the ``cited`` sources, by path, in the descriptor's order."""
    files: dict[str, bytes] = {}
    for res in descriptor["resources"]:
        name = res.get("name")
        if name in csvs:
            files[res["path"]] = csvs[name].encode("utf-8")
        elif name in cited:
            files[res["path"]] = (root / res["path"]).read_bytes()
    return files


def trimmed_descriptor(descriptor: dict[str, Any], files: Mapping[str, bytes], sid: str) -> bytes:
    """The ``datapackage.json`` of a session's data ``files``: the package's own,
    minus what names the whole package, each resource's size and hash those of
    its file here. It is made of nothing else, so the files and the package's
    descriptor (without ``WHOLE_PACKAGE_ONLY``) stand for it in a hash."""
    resources = []
    for res in descriptor["resources"]:
        content = files.get(res.get("path"))
        if content is None:
            continue
        res = dict(res)  # a shallow copy: only its own keys change, the schema is shared
        if "bytes" in res:
            res["bytes"] = len(content)
        if "hash" in res:
            res["hash"] = "sha256:" + hashlib.sha256(content).hexdigest()
        resources.append(res)
    # nothing below changes a value it shares with ``descriptor``: each is only dumped
    trimmed = {k: v for k, v in descriptor.items() if k not in WHOLE_PACKAGE_ONLY}
    trimmed["name"] = f"{descriptor.get('name', 'package')}-{sid}"
    trimmed["resources"] = resources
    if "sources" in trimmed:
        trimmed["sources"] = [s for s in trimmed["sources"] if s.get("path") in files]
        if not trimmed["sources"]:
            del trimmed["sources"]
    return (json.dumps(trimmed, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
