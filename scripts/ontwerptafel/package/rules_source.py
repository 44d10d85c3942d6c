"""Rules tying a session's rows to the source text it was transcribed from.

A session may have a source text (the seed session's report) or not (a later
workshop typed in straight from its flipcharts). Where it has one, every row
of that session in a table with a ``source_line`` field must point into it;
where it has none, ``source_line`` stays empty rather than invented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ontwerptafel.package.read import RawTable
from ontwerptafel.package.rules_analysis import Collector
from ontwerptafel.package.session_tables import owners, schemas

LINE_FIELDS = ("source_line", "source_line_end")


def source_problems(out: Collector, root: Path, raws: dict[str, RawTable]) -> None:
    """Check each session's source resource and the source lines of its rows."""
    package = out.package
    descriptor = package.descriptor
    names = {r.get("name"): r for r in descriptor["resources"]}
    n_lines: dict[str, int | None] = {}
    for i, s in enumerate(package.sessions):
        if not s.source_resource:
            n_lines[s.session_id] = None
            continue
        res = names.get(s.source_resource)
        if res is None or "schema" in res:
            msg = f"no text resource named {s.source_resource!r}"
            out.add("sessions", i, "source_resource", msg)
            continue
        n_lines[s.session_id] = (root / res["path"]).read_bytes().count(b"\n") + 1
    cells = {name: [row for _, row in raw.rows] for name, raw in raws.items()}
    owner_of = owners(descriptor, cells)
    for table, schema in schemas(descriptor).items():
        fields = [f["name"] for f in schema["fields"] if f["name"] in LINE_FIELDS]
        if not fields or table not in owner_of:
            continue
        for i, (row, session_id) in enumerate(zip(cells[table], owner_of[table], strict=True)):
            if session_id not in n_lines:
                continue
            _check_row(out, table, i, row, fields, n_lines[session_id], names, package, session_id)


def _check_row(
    out: Collector,
    table: str,
    index: int,
    row: dict[str, str],
    fields: list[str],
    total: int | None,
    names: dict[Any, Any],
    package: Any,
    session_id: str,
) -> None:
    for field in fields:
        value = row.get(field, "")
        if total is None:
            if value:
                msg = f"session {session_id!r} has no source text (source_resource); leave it empty"
                out.add(table, index, field, msg)
        elif not value:
            out.add(table, index, field, "a value is required: the session has a source text")
        elif int(value) > total:
            path = names[package.session(session_id).source_resource]["path"]
            out.add(table, index, field, f"{value} is past the end of {path} ({total} lines)")
    start, end = row.get("source_line", ""), row.get("source_line_end", "")
    if start and end and int(end) < int(start):
        out.add(table, index, "source_line_end", f"{end} comes before source_line {start}")
