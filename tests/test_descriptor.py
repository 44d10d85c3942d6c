"""A broken ``datapackage.json`` gives one line per problem naming the
property by its JSON path; nothing that reads the descriptor (validate, load,
the codebook and citation writers) meets a shape it does not expect."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ontwerptafel.errors import OntwerptafelError, PackageError
from ontwerptafel.package.read import load, read_descriptor
from ontwerptafel.package.validate import validate
from ontwerptafel.publish.metadata import render_all

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = json.loads((FIXTURES / "minimal" / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    return shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")


def _write(pkg: Path, descriptor: Any) -> None:
    (pkg / "datapackage.json").write_text(json.dumps(descriptor, indent=1), encoding="utf-8")


def _lines(pkg: Path) -> list[str]:
    with pytest.raises(PackageError) as e:
        read_descriptor(pkg)
    return e.value.lines()


def _set(descriptor: Any, path: list[Any], value: Any) -> Any:
    out = copy.deepcopy(descriptor)
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return out


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ["resources", 3, "schema", "fields", 2, "type"],
            "interger",
            'resources[3].schema.fields[2].type: "interger" is not a field type '
            "(did you mean 'integer'?)",
        ),
        (
            ["resources", 3, "schema", "fields", 2, "name"],
            None,
            "resources[3].schema.fields[2].name: every field needs a name (a text), not null",
        ),
        (
            ["resources", 3, "schema", "fields", 2, "name"],
            7,
            "resources[3].schema.fields[2].name: every field needs a name (a text), not 7",
        ),
        (
            ["resources", 3, "schema", "primaryKey"],
            None,
            "resources[3].schema.primaryKey: must be a field name or a list of field names",
        ),
        (
            ["resources", 3, "schema", "fields", 2, "ontwerptafel:description_nl"],
            ["Het id."],
            'resources[3].schema.fields[2].ontwerptafel:description_nl: must be a string, '
            'not ["Het id."]',
        ),
        (["languages"], 7, "languages: must be a list, not 7"),
        (
            ["resources", 3, "schema", "fields"],
            [],
            "resources[3].schema.fields: a table needs a non-empty list of fields",
        ),
        (
            ["created"],
            "yesterday",
            'created: "yesterday" is not a date and time (ISO 8601)',
        ),
        (
            ["resources", 2, "schema", "foreignKeys", 0, "reference", "resource"],
            "sesions",
            'resources[2].schema.foreignKeys[0].reference.resource: "sesions" is not a table',
        ),
        (
            ["resources", 0, "encoding"],
            "latin-1",
            "resources[0].encoding: must be 'utf-8' for a table, not \"latin-1\"",
        ),
    ],
)
def test_one_wrong_value_is_one_line(pkg: Path, path: list[Any], value: Any, expected: str) -> None:
    _write(pkg, _set(MINIMAL, path, value))
    assert _lines(pkg) == ["datapackage.json: " + expected]


def test_empty_foreign_key_says_what_it_lacks(pkg: Path) -> None:
    _write(pkg, _set(MINIMAL, ["resources", 3, "schema", "foreignKeys"], [{}]))
    assert _lines(pkg) == [
        "datapackage.json: resources[3].schema.foreignKeys[0].fields: "
        "must be a field name or a list of field names",
        "datapackage.json: resources[3].schema.foreignKeys[0].reference: "
        "must be an object with a resource and its fields",
    ]


def test_the_official_profile_speaks_where_the_project_is_silent(pkg: Path) -> None:
    _write(pkg, _set(MINIMAL, ["licenses", 0], {"title": "no name or path"}))
    lines = _lines(pkg)
    assert lines == ["datapackage.json: licenses[0]: 'name' is a required property"]


def test_a_key_twice_in_one_object_is_an_error(pkg: Path) -> None:
    text = (pkg / "datapackage.json").read_text(encoding="utf-8")
    text = text.replace('"name": "minimal",', '"name": "minimal",\n  "name": "minimal-2",', 1)
    text = text.replace('"type": "integer",', '"type": "integer", "type": "integer",', 1)
    (pkg / "datapackage.json").write_text(text, encoding="utf-8")
    assert _lines(pkg) == [
        "datapackage.json: name: the key occurs twice in its object",
        "datapackage.json: resources[0].schema.fields[6].type: the key occurs twice in its object",
    ]


# --- one value at a time, everywhere ----------------------------------------

REPLACEMENTS: tuple[Any, ...] = (None, 7, "", [], {})


def _near_miss(value: Any) -> Any:
    return value[:-1] + chr(ord(value[-1]) ^ 1) if isinstance(value, str) and value else "x"


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _nodes(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _nodes(value, (*path, i))


def _shape(path: tuple[Any, ...]) -> str:
    """The path with list positions left out: all fields' titles share one shape."""
    return "/".join("*" if isinstance(p, int) else p for p in path)


def mutations() -> list[tuple[tuple[Any, ...], Any]]:
    """Every node of the minimal descriptor, once per shape of path (the first
    of its kind), replaced by values of every other JSON type."""
    seen: dict[str, list[tuple[Any, ...]]] = {}
    for path, _ in _nodes(MINIMAL):
        if path:
            seen.setdefault(_shape(path), []).append(path)
    out = []
    for paths in seen.values():
        for path in paths[:1]:
            node: Any = MINIMAL
            for step in path:
                node = node[step]
            for value in (*REPLACEMENTS, _near_miss(node)):
                if value != node or type(value) is not type(node):
                    out.append((path, value))
    return out


MUTATIONS = mutations()


def _names_the_change(path: tuple[Any, ...], error: PackageError) -> bool:
    """Whether every line names a property of datapackage.json, and one names
    the changed property (or the object holding it, or a part of it); a renamed
    table or field may instead be named by the key that refers to it."""
    changed = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    wheres = [p.field or "" for p in error.problems if not isinstance(p, str)]
    if not wheres or not all(
        w and str(p).startswith("datapackage.json: ")
        for w, p in zip(wheres, error.problems, strict=True)
    ):
        return False  # fmt: skip
    if any(w == changed or w.startswith(changed) or changed.startswith(w) for w in wheres):
        return True
    node: Any = MINIMAL
    for step in path:
        node = node[step]
    return path[-1] == "name" and any(repr(node) in line or json.dumps(node) in line
                                      for line in error.lines())  # fmt: skip


def test_every_single_value_change_is_a_clean_error_or_accepted(tmp_path: Path) -> None:
    """validate, load and the generated files either work or raise the project's
    own error for each change; none lets another exception through."""
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    accepted = 0
    crashes = []
    for path, value in MUTATIONS:
        _write(pkg, _set(MINIMAL, list(path), value))
        try:
            read_descriptor(pkg)
        except PackageError as e:
            if not _names_the_change(path, e):
                crashes.append((path, value, "read_descriptor", e.lines()))
            continue
        except Exception as e:
            crashes.append((path, value, "read_descriptor", repr(e)))
            continue
        accepted += 1
        for run in (validate, load, render_all):
            try:
                run(pkg)
            except OntwerptafelError:
                pass
            except Exception as e:
                crashes.append((path, value, run.__name__, repr(e)))
    assert crashes == [], "\n".join(map(str, crashes))
    assert len(MUTATIONS) > 350
    assert 0 < accepted < len(MUTATIONS)
