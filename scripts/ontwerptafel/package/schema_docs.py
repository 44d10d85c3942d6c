"""What every table and column of the package means, read from its schemas.

``codebook(root)`` gives plain structures that ``publish.codebook`` writes as
``data/README.md``. They read the schemas in ``datapackage.json`` and the CSVs
as they are, so the codebook cannot say anything the schemas do not: a
column's meaning is edited in its schema, and ``ontwerptafel metadata``
carries it into the codebook.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ontwerptafel.package.read import (
    locate,
    read_descriptor,
    read_table,
    table_resources,
)

#: how many example values a field shows, and how long each may be
EXAMPLES = 3
EXAMPLE_LENGTH = 60
#: the package's usual "no leading or trailing blanks" pattern, said in words
TRIMMED = r"^\S(.*\S)?$"
#: a field property that may give each allowed value's meaning explicitly
VALUES_PROPERTY = "ontwerptafel:values"


@dataclass(frozen=True)
class ValueDoc:
    """One allowed value of a coded field, what it means, and how often it occurs."""

    value: str
    meaning: str
    count: int


@dataclass(frozen=True)
class FieldDoc:
    """One column: its type, rules, meaning and a few values as they occur."""

    name: str
    title: str
    type: str
    description: str
    origin: str
    required: bool
    constraints: tuple[str, ...]
    values: tuple[ValueDoc, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class TableDoc:
    """One table: its purpose, size, keys, origin and columns."""

    name: str
    title: str
    path: str
    description: str
    origin: str
    rows: int
    primary_key: tuple[str, ...]
    foreign_keys: tuple[str, ...]
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class FileDoc:
    """A resource that is not a table (the source text)."""

    name: str
    title: str
    path: str
    description: str
    origin: str


def value_meanings(field: dict[str, Any]) -> dict[str, str]:
    """Each enum value's meaning: from ``ontwerptafel:values`` when the schema
    gives it, else as the description says it ("v: ...", "v (...)", "'v' = ...")."""
    enum = [str(v) for v in field.get("constraints", {}).get("enum", [])]
    explicit = field.get(VALUES_PROPERTY) or {}
    text = str(field.get("description", ""))
    out = {}
    for v in enum:
        if v in explicit:
            out[v] = str(explicit[v])
            continue
        q = re.escape(v)
        found = (
            re.search(rf"(?<![\w-])'?{q}'?:\s+(.+?)(?:;|\.\s|\.?$)", text)
            or re.search(rf"(?<![\w-]){q}\s+\(([^()]+)\)", text)
            or re.search(rf"'{q}'\s*=\s*(.+?)(?:;|\.\s|\.?$)", text)
        )
        out[v] = found.group(1).strip() if found else ""
    return out


def _constraints(field: dict[str, Any], keys: dict[str, str]) -> tuple[str, ...]:
    c = field.get("constraints", {})
    out = []
    if field["name"] in keys:
        out.append(keys[field["name"]])
    if c.get("unique"):
        out.append("unique")
    if field.get("format") and field["format"] != "default":
        out.append(f"format {field['format']}")
    lo, hi = c.get("minLength"), c.get("maxLength")
    if lo is not None and hi is not None:
        out.append(f"{lo} to {hi} characters")
    elif hi is not None:
        out.append(f"at most {hi} characters")
    elif lo is not None:
        out.append(f"at least {lo} characters")
    if c.get("minimum") is not None:
        out.append(f"at least {c['minimum']}")
    if c.get("maximum") is not None:
        out.append(f"at most {c['maximum']}")
    if c.get("pattern") == TRIMMED:
        out.append("no leading or trailing blanks")
    elif c.get("pattern"):
        out.append(f"pattern {c['pattern']}")
    if c.get("enum"):
        out.append("one of the allowed values")
    return tuple(out)


def _shorten(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= EXAMPLE_LENGTH else value[: EXAMPLE_LENGTH - 1] + "…"


def table_doc(root: Path, resource: dict[str, Any]) -> TableDoc:
    """Document one tabular resource from its schema and its CSV file."""
    raw = read_table(root, resource)
    return describe(resource, [cells for _, cells in raw.rows])


def describe(resource: dict[str, Any], rows: Sequence[Mapping[str, str]]) -> TableDoc:
    """Document one tabular resource from its schema and its rows as text cells
    (a cell a row lacks counts as empty)."""
    schema = resource["schema"]
    pk = tuple(schema.get("primaryKey") or ())
    keys = dict.fromkeys(pk, "primary key") if len(pk) == 1 else {}
    fks = []
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        target = ref.get("resource") or resource["name"]
        fks.append(f"{', '.join(fk['fields'])} → {target}.{', '.join(ref['fields'])}")
        if len(fk["fields"]) == 1:
            name = fk["fields"][0]
            keys[name] = "; ".join(
                filter(None, [keys.get(name), f"refers to {fks[-1][len(name) + 3 :]}"])
            )
    fields = []
    for f in schema.get("fields", []):
        column = [cells.get(f["name"], "") for cells in rows]
        counts = Counter(column)
        meanings = value_meanings(f)
        values = tuple(ValueDoc(v, meanings[v], counts.get(v, 0)) for v in meanings)
        examples = () if values else tuple(_shorten(v) for v in dict.fromkeys(column) if v)
        fields.append(
            FieldDoc(
                name=f["name"],
                title=f.get("title", ""),
                type=f.get("type", "string"),
                description=f.get("description", ""),
                origin=f.get("ontwerptafel:origin", resource.get("ontwerptafel:origin", "")),
                required=bool(f.get("constraints", {}).get("required")) or f["name"] in pk,
                constraints=_constraints(f, keys),
                values=values,
                examples=examples[:EXAMPLES],
            )
        )
    return TableDoc(
        name=resource["name"],
        title=resource.get("title", ""),
        path=resource["path"],
        description=resource.get("description", ""),
        origin=resource.get("ontwerptafel:origin", ""),
        rows=len(rows),
        primary_key=pk,
        foreign_keys=tuple(fks),
        fields=tuple(fields),
    )


def codebook(root: str | Path) -> list[TableDoc]:
    """Every table of the package, documented, in descriptor order."""
    base = locate(root)
    return [table_doc(base, r) for r in table_resources(read_descriptor(base))]


def other_files(root: str | Path) -> list[FileDoc]:
    """The resources that are not tables, such as the source text."""
    descriptor = read_descriptor(locate(root))
    return [
        FileDoc(
            r.get("name", ""),
            r.get("title", ""),
            r["path"],
            r.get("description", ""),
            r.get("ontwerptafel:origin", ""),
        )
        for r in descriptor["resources"]
        if not isinstance(r.get("schema"), dict)
    ]
