"""Read a filled workbook, or a folder of CSV files, into rows of text cells.

What a spreadsheet does to data is undone here, the way its user expects:
formulas give their saved value, a merged cell's value fills the whole range,
dates and numbers typed as text become what they say, spaces around a value
are dropped, empty rows are skipped. What cannot be undone with confidence
(a formula never calculated, a hidden table sheet, an unknown column) is a
problem, one line each, naming the cell's row as the spreadsheet shows it.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontwerptafel.errors import ImportRejectedError, Problem
from ontwerptafel.sessions.cells import text_of


@dataclass(frozen=True)
class SheetProblem(Problem):
    """A problem in a workbook: ``book › sheet › row 7 › field: message``."""

    row: int | None = None

    def __str__(self) -> str:
        parts = [self.file, self.resource, None if self.row is None else f"row {self.row}"]
        parts.append(self.field)
        return " › ".join(p for p in parts if p) + f": {self.message}"


@dataclass
class Source:
    """The tables of a workbook or CSV folder: per table, (row number, cells)."""

    path: Path
    is_workbook: bool
    tables: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.path.name

    def problem(self, table: str, row: int | None, field: str | None, message: str) -> Problem:
        """A problem located the way this source's user sees it."""
        if self.is_workbook:
            return SheetProblem(self.label, message, field=field, resource=table, row=row)
        return Problem(f"{self.label}/{table}.csv", message, line=row, field=field, resource=table)


def sheet_name(table: str) -> str:
    """The sheet of a table: its name, cut to the 31 characters a sheet name may have."""
    return table[:31]


def read_source(path: Path, schemas: dict[str, dict[str, Any]], required: list[str]) -> Source:
    """Read ``path`` (a .xlsx file or a folder of CSV files) for the tables in
    ``schemas``; raise ``ImportRejectedError`` listing every problem."""
    if path.is_dir():
        source = Source(path, False)
        raw, problems = _read_folder(source, schemas)
    elif path.is_file():
        source = Source(path, True)
        raw, problems = _read_workbook(source, schemas)
    else:
        raise ImportRejectedError([Problem(path.name, "no such file or folder")])
    for table in required:
        if table not in raw and not any(p.resource == table for p in problems):
            what = "sheet" if source.is_workbook else "file"
            name = sheet_name(table) if source.is_workbook else f"{table}.csv"
            msg = f"no {what} {name!r}; every session table needs one, even when it has no rows"
            problems.append(
                SheetProblem(source.label, msg)
                if source.is_workbook
                else Problem(source.label, msg)
            )
    for table, grid in raw.items():
        problems += _rows(source, table, grid, schemas[table])
    if problems:
        raise ImportRejectedError(problems)
    return source


# --- workbooks ----------------------------------------------------------------

Grid = list[tuple[int, list[Any]]]


def _read_workbook(source: Source, schemas: dict[str, dict[str, Any]]) -> tuple[dict, list]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = openpyxl.load_workbook(source.path, data_only=True)
        formulas = openpyxl.load_workbook(source.path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        reason = "it is not an .xlsx workbook" if not isinstance(e, OSError) else str(e)
        msg = f"cannot be read ({reason}); save it from a spreadsheet program as .xlsx"
        raise ImportRejectedError([SheetProblem(source.label, msg)]) from None
    by_sheet = {sheet_name(t): t for t in schemas}
    raw: dict[str, Grid] = {}
    problems: list[Problem] = []
    for ws in values.worksheets:
        table = by_sheet.get(ws.title)
        hidden = ws.sheet_state != "visible"
        if table is None:
            if not hidden:
                known = ", ".join(sorted(by_sheet))
                msg = (
                    f"sheet {ws.title!r} is not a table of the package ({known}); "
                    "rename or remove it"
                )
                problems.append(SheetProblem(source.label, msg))
            continue
        if hidden:
            msg = "this sheet is hidden; unhide it to import its rows, or delete it"
            problems.append(SheetProblem(source.label, msg, resource=table))
            continue
        raw[table] = _grid(source, table, ws, formulas[ws.title], problems)
    return raw, problems


def _grid(source: Source, table: str, ws: Any, fws: Any, problems: list[Problem]) -> Grid:
    merged = {}
    for rng in ws.merged_cells.ranges:
        top = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged[(r, c)] = top
    grid: Grid = []
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            value = merged.get((cell.row, cell.column), cell.value)
            if cell.data_type == "e":
                msg = f"holds the spreadsheet error {value}; type the value instead"
                problems.append(source.problem(table, cell.row, f"cell {cell.coordinate}", msg))
                value = None
            elif value is None and (cell.row, cell.column) not in merged:
                formula = fws.cell(cell.row, cell.column)
                if formula.data_type == "f":
                    text = formula.value if isinstance(formula.value, str) else "a formula"
                    msg = (
                        f"holds {text} whose value was never calculated; open and save the "
                        "workbook in a spreadsheet program, or type the value"
                    )
                    problems.append(source.problem(table, cell.row, f"cell {cell.coordinate}", msg))
            cells.append(value)
        if row:
            grid.append((row[0].row, cells))
    return grid


# --- CSV folders --------------------------------------------------------------


def _read_folder(source: Source, schemas: dict[str, dict[str, Any]]) -> tuple[dict, list]:
    raw: dict[str, Grid] = {}
    problems: list[Problem] = []
    for path in sorted(source.path.glob("*.csv")):
        table = path.stem
        if table not in schemas:
            known = ", ".join(f"{t}.csv" for t in schemas)
            msg = f"is not a table of the package ({known}); rename or remove it"
            problems.append(Problem(f"{source.label}/{path.name}", msg))
            continue
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # what Excel's plain "CSV" writes
        lines = text.splitlines(keepends=True)
        first = lines[0] if lines else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            raw[table] = [
                (n, cells)
                for n, cells in _numbered(csv.reader(lines, delimiter=delimiter, strict=True))
            ]
        except csv.Error as e:
            problems.append(source.problem(table, None, None, f"cannot be read as CSV: {e}"))
    return raw, problems


def _numbered(reader: Any) -> list[tuple[int, list[Any]]]:
    out = []
    line = 1
    for cells in reader:
        out.append((line, list(cells)))
        line = reader.line_num + 1
    return out


# --- header and rows ------------------------------------------------------------


def _rows(source: Source, table: str, grid: Grid, schema: dict[str, Any]) -> list[Problem]:
    fields = {f["name"]: f for f in schema.get("fields", [])}
    problems: list[Problem] = []
    if not grid:
        problems.append(source.problem(table, 1, None, "the header row is missing"))
        return problems
    header_row, header_cells = grid[0]
    header = ["" if c is None else str(c).strip() for c in header_cells]
    columns: dict[int, str] = {}
    for i, name in enumerate(header):
        if not name:
            continue
        if name in columns.values():
            problems.append(source.problem(table, header_row, name, "this column occurs twice"))
        elif name not in fields:
            msg = f"unknown column; the fields of {table} are: {', '.join(fields)}"
            problems.append(source.problem(table, header_row, name, msg))
        else:
            columns[i] = name
    # A column the data cannot do without must be there; an optional one left
    # out (a workbook made before the schema gained it, say) reads as empty.
    keys = set(schema.get("primaryKey") or [])
    missing = [
        n
        for n, f in fields.items()
        if n not in columns.values() and (n in keys or f.get("constraints", {}).get("required"))
    ]
    if missing:
        msg = "missing column(s) " + ", ".join(missing)
        problems.append(source.problem(table, header_row, None, msg))
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in grid[1:]:
        texts: dict[str, str] = {}
        for i, value in enumerate(cells):
            name = columns.get(i)
            text = text_of(value, fields[name] if name else {})
            if name:
                texts[name] = text
            elif text and (i >= len(header) or not header[i]):
                msg = f"column {i + 1} holds {text!r} but has no field name in the header row"
                problems.append(source.problem(table, number, None, msg))
        if any(texts.values()):
            rows.append((number, {n: texts.get(n, "") for n in fields}))
    source.tables[table] = rows
    return problems
