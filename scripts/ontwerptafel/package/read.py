"""Find, read and load a data package, refusing anything unsafe or malformed.

The reader is strict where the published format is strict (UTF-8 without BOM,
comma-separated, the schema's header in order) so that a researcher's
``read.csv`` or ``pandas.read_csv`` reads exactly what we validated.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import functools
import io
import json
from pathlib import Path
from typing import Any

from ontwerptafel.errors import NotInPackageError, PackageError, Problem
from ontwerptafel.package.descriptor import descriptor_problems, parse
from ontwerptafel.package.model import ROW_TYPES, Package

DESCRIPTOR = "datapackage.json"


@dataclasses.dataclass(frozen=True)
class RawTable:
    """A CSV as read: its header, and each data row with its physical line."""

    resource: str
    path: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def locate(path: str | Path = ".") -> Path:
    """The package folder, given the folder or its ``datapackage.json``."""
    p = Path(path)
    if p.is_dir():
        p = p / DESCRIPTOR
    if not p.is_file():
        raise PackageError([Problem(str(path), f"no {DESCRIPTOR} here")])
    # No side effect: an interrupted import is finished or reported by the
    # commands themselves, under the package's lock (see ``lock``).
    return p.parent.resolve()


def read_descriptor(root: Path, trusted: bool = False) -> dict[str, Any]:
    """Parse ``datapackage.json`` and check the shape the rest relies on (see
    ``package.descriptor``), so nothing after it meets a shape it does not expect.

    A caller that knows these very bytes were found valid (a remembered verdict,
    see ``validation_cache``) passes ``trusted``: the profile check, most of a
    seed build's loading time, is then not made again."""
    try:
        text = (root / DESCRIPTOR).read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise PackageError([Problem(DESCRIPTOR, f"is not UTF-8 (byte {e.start})")]) from None
    descriptor, found = _parsed(text) if trusted else _checked(text)
    if found:
        raise PackageError(found)
    descriptor = copy.deepcopy(descriptor)
    problems: list[Problem] = []
    for i, res in enumerate(descriptor["resources"]):
        problems += _path_problems(root, i, res.get("path"))
    if problems:
        raise PackageError(problems)
    return descriptor


@functools.lru_cache(maxsize=4)
def _checked(text: str) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """The parsed descriptor and its problems, kept for the next read of the
    same text: one command reads the descriptor several times, and checking it
    against the profile is the slow part."""
    try:
        descriptor, problems = parse(text)
    except json.JSONDecodeError as e:
        msg = f"is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})"
        return {}, (Problem(DESCRIPTOR, msg),)
    except RecursionError:
        return {}, (Problem(DESCRIPTOR, "is nested too deeply to read"),)
    if not isinstance(descriptor, dict):
        return {}, (Problem(DESCRIPTOR, "must hold a JSON object"),)
    return descriptor, (*problems, *descriptor_problems(descriptor))


def _parsed(text: str) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """The descriptor of a text found valid before; checked after all when it
    does not even parse into an object without problems."""
    try:
        descriptor, problems = parse(text)
    except (json.JSONDecodeError, RecursionError):
        return _checked(text)
    if problems or not isinstance(descriptor, dict):
        return _checked(text)
    return descriptor, ()


def _path_problems(root: Path, index: int, path: Any) -> list[Problem]:
    where = f"resources[{index}].path"
    if not isinstance(path, str) or not path:
        return [Problem(DESCRIPTOR, "must be a relative file path", field=where)]
    if "://" in path or path.startswith(("/", "\\")) or ":" in path.split("/")[0]:
        return [Problem(DESCRIPTOR, f"{path!r} is not a path inside the package", field=where)]
    target = (root / path).resolve()
    if not target.is_relative_to(root):
        return [Problem(DESCRIPTOR, f"{path!r} leaves the package folder", field=where)]
    if not target.is_file():
        return [Problem(DESCRIPTOR, f"{path!r}: no such file", field=where)]
    return []


def table_resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The tabular resources, in descriptor order."""
    return [r for r in descriptor["resources"] if isinstance(r.get("schema"), dict)]


def read_table(root: Path, resource: dict[str, Any]) -> RawTable:
    """Read one CSV strictly; every problem names the file and line."""
    rel = resource["path"]
    data = (root / rel).read_bytes()
    problems: list[Problem] = []

    def fail(msg: str, line: int | None = None) -> PackageError:
        return PackageError([Problem(rel, msg, line=line, resource=resource.get("name"))])

    if data.startswith(b"\xef\xbb\xbf"):
        raise fail("starts with a byte order mark (BOM); save it as UTF-8 without BOM", 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise fail(f"is not UTF-8 (byte 0x{data[e.start]:02x}); save it as UTF-8", line) from None
    expected = [f["name"] for f in resource["schema"].get("fields", [])]
    # Lines end at \n, \r or \r\n only, as for csv and frictionless-py: str.splitlines
    # would also break at U+2028, U+0085, ... and shift every line number after them.
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise fail(f"cannot be read as CSV: {e}", 1) from None
    if header is None:
        raise fail("is empty; it needs at least the header line", 1)
    if header != expected:
        if len(header) == 1 and ";" in header[0]:
            raise fail("uses ';' between fields; the package's CSVs are comma-separated", 1)
        missing = [n for n in expected if n not in header]
        extra = [n for n in header if n not in expected]
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing column(s) " + ", ".join(missing))
            if extra:
                parts.append("unknown column(s) " + ", ".join(extra))
            raise fail("header: " + "; ".join(parts), 1)
        raise fail("header: columns must be in the schema's order: " + ",".join(expected), 1)
    rows: list[tuple[int, dict[str, str]]] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if not cells:
                problems.append(
                    Problem(rel, "blank line", line=line, resource=resource.get("name"))
                )
            elif len(cells) != len(header):
                problems.append(
                    Problem(
                        rel,
                        f"has {len(cells)} fields, the header has {len(header)}",
                        line=line,
                        resource=resource.get("name"),
                    )
                )
            else:
                rows.append((line, dict(zip(header, cells, strict=True))))
            line = reader.line_num + 1
    except csv.Error as e:
        reason = str(e)
        if reason == "unexpected end of data":
            reason = "a quote opened on this line is never closed"
        problems.append(
            Problem(
                rel, f"cannot be read as CSV: {reason}", line=line, resource=resource.get("name")
            )
        )
    if problems:
        raise PackageError(problems)
    return RawTable(resource.get("name", rel), rel, header, rows)


def convert(value: str, field: dict[str, Any]) -> Any:
    """One cell to its Python value by its Table Schema type (valid input assumed)."""
    if value == "":
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value.lower() in ("true", "1", "yes")
    if kind == "date":
        return dt.date.fromisoformat(value)
    return value


def load(path: str | Path = ".", trusted: bool = False) -> Package:
    """Load a package into typed rows (validate it first: see ``validate``);
    ``trusted`` as for ``read_descriptor``."""
    root = locate(path)
    descriptor = read_descriptor(root, trusted)
    raws = {res["name"]: read_table(root, res) for res in table_resources(descriptor)}
    return typed(descriptor, raws, root)


def typed(
    descriptor: dict[str, Any], raws: dict[str, RawTable], folder: Path | None = None
) -> Package:
    """The package of the tables already read, in typed rows: validation reads
    each CSV once and types what it read, rather than reading it again."""
    tables: dict[str, tuple[Any, ...]] = {}
    for res in table_resources(descriptor):
        raw = raws[res["name"]]
        row_type = ROW_TYPES.get(raw.resource)
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        known = {f.name for f in dataclasses.fields(row_type)} if row_type else set()
        out = []
        for _, cells in raw.rows:
            values = {k: convert(v, fields[k]) for k, v in cells.items()}
            out.append(
                row_type(**{k: v for k, v in values.items() if k in known}) if row_type else values
            )
        tables[raw.resource] = tuple(out)
    return Package(descriptor=descriptor, tables=tables, folder=folder)


def source_text(root: Path, descriptor: dict[str, Any], resource_name: str) -> str:
    """The text of a non-tabular source resource, by name."""
    for res in descriptor["resources"]:
        if res.get("name") == resource_name:
            return (root / res["path"]).read_text(encoding="utf-8")
    msg = f"resources: no resource named {resource_name!r}"
    raise NotInPackageError([Problem(DESCRIPTOR, msg)])
