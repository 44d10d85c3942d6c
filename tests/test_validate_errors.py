"""Every error frictionless-py can report becomes one line naming file, line
and column: the mapping in ``ontwerptafel.package.frictionless_errors`` knows each
error class frictionless has, and a class it does not know still gives a line."""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import frictionless.errors
import pytest
from click.testing import CliRunner
from frictionless import Package as FPackage
from frictionless.error import Error

from ontwerptafel.cli import cli
from ontwerptafel.package.frictionless_errors import MESSAGES, PASSED, Context, problem
from ontwerptafel.package.read import read_descriptor, read_table, table_resources
from ontwerptafel.package.validate import reserved_id

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ERROR_CLASSES = sorted(
    (c for c in vars(frictionless.errors).values() if inspect.isclass(c) and issubclass(c, Error)),
    key=lambda c: c.type,
)

#: a plausible value for each attribute an error class may carry
SAMPLE: dict[str, Any] = {
    "note": 'constraint "required" is "True"; as in the row at position "2"',
    "cells": ["mini-2024-fc1-n1", "mini-2024-fc1", "", "99"],
    "row_number": 3,
    "cell": "99",
    "field_name": "order",
    "field_number": 4,
    "labels": ["note_id", "ordr"],
    "row_numbers": [1],
    "label": "ordr",
    "field_names": ["parent_note_id"],
    "field_cells": ["mini-2024-fc1-n9"],
    "reference_name": "",
    "reference_field_names": ["note_id"],
}


def make_error(cls: type[Error]) -> Error:
    """An instance of ``cls`` with every attribute it requires."""
    names = [f.name for f in attrs.fields(cls) if f.name != "message"]
    return cls(**{n: SAMPLE[n] for n in names})


@pytest.fixture(scope="module")
def notes_context(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """The notes table of the minimal package, as read and as frictionless sees it."""
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path_factory.mktemp("pkg") / "pkg")
    res = next(r for r in table_resources(read_descriptor(pkg)) if r["name"] == "notes")
    fres = FPackage(str(pkg / "datapackage.json")).get_resource("notes")
    return Context("data/notes.csv", read_table(pkg, res), fres)


def test_every_frictionless_error_type_is_mapped_or_passed_through() -> None:
    types = {c.type for c in ERROR_CLASSES}
    assert len(types) == len(ERROR_CLASSES), "two error classes share a type"
    assert sorted(types - MESSAGES.keys() - PASSED) == []
    assert sorted(MESSAGES.keys() & PASSED) == []
    assert sorted((MESSAGES.keys() | PASSED) - types) == []


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.type)
def test_each_error_class_gives_one_line(cls: type[Error], notes_context: Context) -> None:
    error = make_error(cls)
    if cls.type in MESSAGES:  # the mapping itself copes, without its fallback
        found = MESSAGES[cls.type](notes_context, error)
    else:
        found = problem(notes_context.file, notes_context.raw, notes_context.resource, error)
    line = str(found)
    assert "\n" not in line
    assert line.startswith(("data/notes.csv", "datapackage.json: ")), line
    if hasattr(error, "row_number") and cls.type not in PASSED:
        assert line.startswith("data/notes.csv:3: "), line


def test_an_unknown_error_type_keeps_frictionless_note(notes_context: Context) -> None:
    class NewError(frictionless.errors.CellError):
        type = "brand-new-error"
        title = "Brand New"

    error = NewError(note="it is new", cells=[], row_number=2, cell="x", field_name="order",
                     field_number=4)  # fmt: skip
    line = str(problem("data/notes.csv", notes_context.raw, notes_context.resource, error))
    assert line == "data/notes.csv:2: order: brand new: it is new"


def test_a_mapping_that_stumbles_falls_back_to_the_note(notes_context: Context) -> None:
    error = frictionless.errors.ForeignKeyError(
        note="odd", cells=[], row_number=2, field_names=[], field_cells=[],
        reference_name="x", reference_field_names=None,  # type: ignore[arg-type]
    )  # fmt: skip
    line = str(problem("data/notes.csv", notes_context.raw, notes_context.resource, error))
    assert line == "data/notes.csv:2: foreignkey error: odd"


def _run(pkg: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.splitlines()


def test_text_in_an_integer_column_is_one_line(tmp_path: Path) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    notes = pkg / "data" / "notes.csv"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("mini-2024-fc1-burger,1,", "mini-2024-fc1-burger,abc,", 1))
    assert _run(pkg) == (1, ["data/notes.csv:2: order: 'abc' is not a valid integer (a whole "
                             "number such as 3)"])  # fmt: skip


@pytest.mark.parametrize(
    ("prop", "value", "expected"),
    [
        ("hash", "sha256:" + "0" * 64, "data/sessions.csv: its SHA-256 hash differs"),
        ("bytes", 1, "data/sessions.csv: its size in bytes differs"),
    ],
)
def test_a_file_changed_since_its_hash_was_taken_is_one_line(
    prop: str, value: object, expected: str, tmp_path: Path
) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0][prop] = value
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    code, lines = _run(pkg)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(expected + " from the one in datapackage.json: "), lines


# --- what an error line quotes -------------------------------------------------


def test_control_characters_quoted_in_an_error_line_are_escaped(tmp_path: Path) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    notes = pkg / "data" / "notes.csv"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("note_id,", "note_id\x1b[2J\x07,", 1), encoding="utf-8")
    code, lines = _run(pkg)
    assert code == 1
    assert lines == [
        "data/notes.csv:1: header: missing column(s) note_id; "
        "unknown column(s) note_id\\x1b[2J\\x07"
    ]


@pytest.mark.parametrize("invisible", ["\u200b", "\ufeff", "\u2060", "\u00ad"])
@pytest.mark.parametrize("where", ["start", "end"])
def test_an_invisible_character_at_either_end_counts_as_a_blank(
    invisible: str, where: str, tmp_path: Path
) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    sessions = pkg / "data" / "sessions.csv"
    text = sessions.read_text(encoding="utf-8")
    title = "Verzonnen sessie"
    value = invisible + title if where == "start" else title + invisible
    sessions.write_text(text.replace(f",{title},", f",{value},", 1), encoding="utf-8")
    assert _run(pkg) == (1, [f"data/sessions.csv:2: title: {value!r} starts or ends with a blank"])


def test_an_invisible_character_inside_a_value_is_no_blank(tmp_path: Path) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    sessions = pkg / "data" / "sessions.csv"
    text = sessions.read_text(encoding="utf-8")
    sessions.write_text(text.replace(",Verzonnen sessie,", ",Verzon\u00adnen sessie,", 1))
    assert _run(pkg)[0] == 0


@pytest.mark.parametrize(
    "name", ["con", "PRN", "Aux", "nul", "com1", "COM9", "lpt1", "lpt9", "nul.txt"]
)
def test_windows_device_names_cannot_be_session_ids(name: str) -> None:
    assert reserved_id(name) == (
        "Windows reserves it for a device, and a session id becomes a file name"
    )


@pytest.mark.parametrize("name", ["com", "com10", "lpt0", "console", "mini-2024"])
def test_names_near_a_device_name_can_be_session_ids(name: str) -> None:
    assert reserved_id(name) is None
