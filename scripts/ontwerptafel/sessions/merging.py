"""Merge a workbook's rows into the package's tables, and trace problems back.

Rows of the sessions imported leave the tables and the sheet rows take their
place (or follow the published rows, for a new session). Each merged row
remembers where it came from, so a problem the validation finds on a line of
the staged CSV is reported at the sheet row a person can find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ontwerptafel.errors import Problem
from ontwerptafel.package.session_tables import owners, primary_key
from ontwerptafel.sessions.sheets import Source

#: where a merged row came from: ("package", line in data/) or ("import", sheet row)
Origin = tuple[str, int]


@dataclass
class Merge:
    """The merged tables: per table, its rows as text cells, and where each came from."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    origins: dict[str, list[Origin]] = field(default_factory=dict)
    #: per table, the staged CSV's physical line of each row -> where it came from
    lines: dict[str, dict[int, Origin]] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)


def merge_rows(
    descriptor: dict[str, Any],
    source: Source,
    raws: dict[str, Any],
    ids: set[str],
    bound: list[str],
    all_schemas: dict[str, dict[str, Any]],
    problems: list[Problem],
) -> Merge:
    """Package rows, minus those of the sessions imported, plus the sheet rows
    (placed where the replaced rows stood, or at the end)."""
    existing = {name: [cells for _, cells in raw.rows] for name, raw in raws.items()}
    owner = owners(descriptor, existing)
    merge = Merge()
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


def key_problems(
    source: Source,
    merge: Merge,
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


def traced(
    problems: list[Problem], source: Source, merge: Merge, raws: dict[str, Any]
) -> list[Problem]:
    """Each problem of the staged copy, moved to where its row came from."""
    out: list[Problem] = []
    lines = merge.lines

    def where(table: str, line: int) -> str:
        kind, number = lines.get(table, {}).get(line, ("package", line))
        return f"row {number}" if kind == "import" else f"line {number}"

    for p in problems:
        if p.resource not in lines or p.line is None:
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
