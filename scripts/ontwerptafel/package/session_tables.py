"""Which tables hold a session's rows, and which session each row belongs to.

Worked out from the schemas alone (primary and foreign keys), never from a
list of table names, so a table added to ``datapackage.json`` later (an
evidence table pointing at findings and notes, say) is part of a session's
workbook and of its import without any change here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ontwerptafel.package.read import table_resources

#: the table whose primary key names a session
SESSIONS = "sessions"

Row = Mapping[str, str]


@dataclass(frozen=True)
class Link:
    """A foreign key from a table to another (never to itself)."""

    fields: tuple[str, ...]
    resource: str
    target_fields: tuple[str, ...]


def schemas(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Table name -> its schema, in descriptor order."""
    return {r["name"]: r["schema"] for r in table_resources(descriptor)}


def links(schema: dict[str, Any], own_name: str) -> list[Link]:
    """The foreign keys of a schema that point at another table."""
    out = []
    for fk in schema.get("foreignKeys", []):
        fields = fk.get("fields")
        ref = fk.get("reference", {})
        target = ref.get("resource") or own_name
        ref_fields = ref.get("fields")
        fields = [fields] if isinstance(fields, str) else list(fields or [])
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else list(ref_fields or [])
        if target != own_name and fields and len(fields) == len(ref_fields):
            out.append(Link(tuple(fields), target, tuple(ref_fields)))
    return out


def primary_key(schema: dict[str, Any]) -> list[str]:
    pk = schema.get("primaryKey") or []
    return [pk] if isinstance(pk, str) else list(pk)


def session_tables(descriptor: dict[str, Any]) -> list[str]:
    """Tables whose rows belong to a session: ``sessions`` and every table that
    points at one of them by a foreign key, in descriptor order."""
    all_schemas = schemas(descriptor)
    if SESSIONS not in all_schemas:
        return []
    bound = {SESSIONS}
    changed = True
    while changed:
        changed = False
        for name, schema in all_schemas.items():
            if name not in bound and any(lk.resource in bound for lk in links(schema, name)):
                bound.add(name)
                changed = True
    return [name for name in all_schemas if name in bound]


def shared_tables(descriptor: dict[str, Any]) -> list[str]:
    """Tables a session's rows refer to that belong to no session (organisations)."""
    all_schemas = schemas(descriptor)
    bound = set(session_tables(descriptor))
    referred = {lk.resource for n in bound for lk in links(all_schemas[n], n)}
    return [name for name in all_schemas if name in referred and name not in bound]


def owners(descriptor: dict[str, Any], tables: Mapping[str, Sequence[Row]]) -> dict[str, list[str]]:
    """For every session table, the session id of each of its rows ('' when a
    row points nowhere known: validation reports it).

    ``tables`` holds string cells by field name, as read from CSV or a sheet.
    """
    all_schemas = schemas(descriptor)
    order = session_tables(descriptor)
    result: dict[str, list[str]] = {}
    index: dict[tuple[str, tuple[str, ...]], dict[tuple[str, ...], str]] = {}

    def lookup(lk: Link, key: tuple[str, ...]) -> str:
        where = (lk.resource, lk.target_fields)
        if where not in index:
            rows = tables.get(lk.resource, [])
            index[where] = {}
            for target, owner in zip(rows, result[lk.resource], strict=True):
                index[where].setdefault(tuple(target.get(f, "") for f in lk.target_fields), owner)
        return index[where].get(key, "")

    pending = list(order)
    while pending:
        progressed = False
        for name in list(pending):
            deps = [lk for lk in links(all_schemas[name], name) if lk.resource in order]
            if name != SESSIONS and any(lk.resource not in result for lk in deps):
                continue
            result[name] = [_owner(name, row, deps, lookup) for row in tables.get(name, [])]
            pending.remove(name)
            progressed = True
        if not progressed:  # a cycle of foreign keys between tables: take what is known
            for name in pending:
                result[name] = ["" for _ in tables.get(name, [])]
            break
    return result


def _owner(
    name: str, row: Row, deps: list[Link], lookup: Callable[[Link, tuple[str, ...]], str]
) -> str:
    if name == SESSIONS:
        return str(row.get("session_id", ""))
    for lk in deps:
        key = tuple(row.get(f, "") for f in lk.fields)
        if all(key) and (owner := lookup(lk, key)):
            return owner
    return ""
