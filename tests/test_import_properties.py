"""Every kind of bad value, typed into a workbook or a CSV folder, is named
at its row and field, and the package stays byte for byte as it was.

The cases come from the schema itself, not from a list kept here: for each
field of the session tables the schema's type and constraints say which
values it must refuse (a word where a number, boolean or date belongs, a
number below its minimum, text longer than its maxLength, a value outside
its pattern or enum, an empty required cell). A sample of them, spread over
the tables, goes through a real import of the invented example session, in
a workbook from ``new-session`` and in a folder of CSV files.
"""

from __future__ import annotations

import csv
import io
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import EXAMPLE_SESSION, copy_package, fill_workbook, hashes
from ontwerptafel.cli import cli
from ontwerptafel.package.read import read_descriptor
from ontwerptafel.package.session_tables import schemas, session_tables
from ontwerptafel.sessions.workbook import new_session_workbook

BOOK = "voorbeeld-2025.xlsx"
PER_KIND = 2  # fields sampled for each kind of bad value
WRONG_TYPE = {"integer": "abc", "number": "abc", "boolean": "misschien", "date": "gisteren"}


def _key_fields(schema: dict[str, Any]) -> set[str]:
    """Fields whose bad value would also break the rows that refer to them."""
    keys = set(schema.get("primaryKey") or [])
    for fk in schema.get("foreignKeys", []):
        fields = fk.get("fields")
        keys |= {fields} if isinstance(fields, str) else set(fields or [])
    return keys


def _bad_values(field: dict[str, Any]) -> list[tuple[str, Any]]:
    """(kind, value) for each thing the schema says ``field`` must refuse."""
    kind, c = field.get("type", "string"), field.get("constraints", {})
    out: list[tuple[str, Any]] = []
    if kind in WRONG_TYPE:
        out.append((f"not a {kind}", WRONG_TYPE[kind]))
    if kind in ("integer", "number") and "minimum" in c:
        out.append(("below the minimum", c["minimum"] - 1))
    if kind in ("integer", "number") and "maximum" in c:
        out.append(("above the maximum", c["maximum"] + 1))
    pattern = c.get("pattern")
    if kind == "string" and "maxLength" in c:
        long = "x" * (c["maxLength"] + 1)
        if not pattern or re.fullmatch(pattern, long):
            out.append(("too long", long))
    if kind == "string" and pattern and not c.get("enum"):
        for value in ("Niet goed!?", "!?"):
            if not re.fullmatch(pattern, value):
                out.append(("outside the pattern", value))
                break
    if c.get("enum"):
        out.append(("not in the enum", "geen-van-alle"))
    if c.get("required"):
        out.append(("empty but required", ""))
    return out


def _cases() -> list[Any]:
    """A sample of (table, field, kind, value), PER_KIND fields of each kind,
    over the session tables the example fills in; the same on every run."""
    descriptor = read_descriptor(EXAMPLE_SESSION.parents[2])
    all_schemas = schemas(descriptor)
    filled = {p.stem for p in EXAMPLE_SESSION.glob("*.csv")}
    by_kind: dict[str, list[tuple[str, str, Any]]] = {}
    for table in session_tables(descriptor):
        if table not in filled:
            continue
        schema = all_schemas[table]
        keys = _key_fields(schema)
        for field in schema["fields"]:
            if field["name"] in keys:
                continue
            for kind, value in _bad_values(field):
                by_kind.setdefault(kind, []).append((table, field["name"], value))
    rng = random.Random(2025)
    cases = []
    for kind, options in sorted(by_kind.items()):
        for table, name, value in rng.sample(options, min(PER_KIND, len(options))):
            ident = f"{table}.{name}-{kind.replace(' ', '-')}"
            cases.append(pytest.param(table, name, value, id=ident))
    return cases


CASES = _cases()
#: each column as import names it: its field name, and its (Dutch) title beside it
SHOWN = {
    (table, f["name"]): f"{f['name']} ({f['title']})"
    for table, schema in schemas(read_descriptor(EXAMPLE_SESSION.parents[2])).items()
    for f in schema["fields"]
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One package for every case: each import must leave it as it was (and
    each case checks that)."""
    return copy_package(tmp_path_factory.mktemp("props") / "pkg")


@pytest.fixture(scope="module")
def filled_book(package: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("book") / BOOK
    book = new_session_workbook(
        package, "voorbeeld-2025", "Verzonnen voorbeeld", "2025-11-11", out=out
    )
    return fill_workbook(book).read_bytes()


def _refused(package: Path, source: Path, prefix: str, label: str) -> None:
    before = hashes(package)
    result = CliRunner().invoke(cli, ["import", str(source), "--package", str(package)])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    problems = lines[:-1] if len(lines) > 1 else lines  # then the last says "N problems"
    assert any(line.startswith(prefix) for line in problems), result.stderr
    assert all(line.startswith(label) for line in problems), result.stderr
    assert hashes(package) == before


def _cell(value: Any) -> Any:
    """The value as a person would type it in a spreadsheet cell."""
    return None if value == "" else value


@pytest.mark.parametrize(("table", "field", "value"), CASES)
def test_bad_value_in_workbook(
    table: str, field: str, value: Any, package: Path, filled_book: bytes, tmp_path: Path
) -> None:
    book = tmp_path / BOOK
    book.write_bytes(filled_book)
    wb = load_workbook(book)
    ws = wb[table]
    column = next(c.column for c in ws[1] if c.value == field)
    ws.cell(2, column).value = _cell(value)  # cell(..., None) would leave it as it was
    wb.save(book)
    shown = SHOWN[table, field]
    _refused(package, book, f"{BOOK} › {table} › row 2 › {shown}: ", f"{BOOK} › ")


@pytest.mark.parametrize(("table", "field", "value"), CASES)
def test_bad_value_in_csv_folder(
    table: str, field: str, value: Any, package: Path, tmp_path: Path
) -> None:
    folder = shutil.copytree(EXAMPLE_SESSION, tmp_path / "voorbeeld")
    path = folder / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    if field not in rows[0]:  # the example leaves optional columns out
        rows = [[*row, ""] for row in rows]
        rows[0][-1] = field
    rows[1][rows[0].index(field)] = str(value)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    shown = SHOWN[table, field]
    _refused(package, folder, f"voorbeeld/{table}.csv:2: {shown}: ", "voorbeeld/")


def test_every_kind_of_bad_value_is_sampled() -> None:
    """The schema yields cases of each kind, so the sample cannot quietly shrink."""
    kinds = {c.id.split("-", 1)[1] for c in CASES}
    assert kinds >= {
        "not-a-integer",
        "not-a-boolean",
        "not-a-date",
        "below-the-minimum",
        "too-long",
        "outside-the-pattern",
        "not-in-the-enum",
        "empty-but-required",
    }
