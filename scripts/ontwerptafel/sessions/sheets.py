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
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontwerptafel.errors import ImportRejectedError, Problem, WorkbookRefusedError
from ontwerptafel.package.session_tables import SESSIONS
from ontwerptafel.sessions.cells import text_of
from ontwerptafel.sessions.workbook_notes import column_titles, guide_sheet_names
from ontwerptafel.sessions.xlsx import MAX_FILE_BYTES, MAX_ROWS, MB, limit_message, read_workbook


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
    #: the package version a workbook was made for, as its properties record it
    made_for: str | None = None
    #: the version of the package imported into
    package_version: str | None = None
    #: per table, each column's title in the session's language
    titles: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.path.name

    def problem(self, table: str, row: int | None, column: str | None, message: str) -> Problem:
        """A problem located the way this source's user sees it."""
        shown = self.column(table, column)
        if self.is_workbook:
            return SheetProblem(self.label, message, field=shown, resource=table, row=row)
        return Problem(f"{self.label}/{table}.csv", message, line=row, field=shown, resource=table)

    def column(self, table: str, name: str | None) -> str | None:
        """A column as its header names it, with its title: ``text (Tekst)``."""
        title = self.titles.get(table, {}).get(name or "")
        return f"{name} ({title})" if title else name


def sheet_name(table: str) -> str:
    """The sheet of a table: its name, cut to the 31 characters a sheet name may have."""
    return table[:31]


def read_source(
    path: Path,
    schemas: dict[str, dict[str, Any]],
    required: list[str],
    package_version: str | None = None,
    language: str = "",
) -> Source:
    """Read ``path`` (a .xlsx file or a folder of CSV files) for the tables in
    ``schemas``; raise ``ImportRejectedError`` listing every problem. ``package_version``
    lets an older workbook say so; ``language`` serves a session that names none."""
    if path.is_dir():
        source = Source(path, False, package_version=package_version)
        raw, problems = _read_folder(source, schemas)
    elif path.is_file() and path.suffix.lower() == ".csv":
        msg = (
            "a single CSV file cannot be imported; give the folder that holds one CSV "
            "file per table (sessions.csv, notes.csv, ...)"
        )
        raise ImportRejectedError([Problem(path.name, msg)])
    elif path.is_file():
        source = Source(path, True, package_version=package_version)
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
    source.titles = column_titles(schemas, _session_language(raw.get(SESSIONS, [])), language)
    for table, grid in raw.items():
        problems += _rows(source, table, grid, schemas[table])
    if problems:
        raise ImportRejectedError(problems)
    return source


# --- workbooks ----------------------------------------------------------------

Grid = list[tuple[int, list[Any]]]


def _read_workbook(source: Source, schemas: dict[str, dict[str, Any]]) -> tuple[dict, list]:
    try:
        book = read_workbook(source.path)
    except WorkbookRefusedError as e:
        problem = SheetProblem(source.label, e.message, resource=e.sheet)
        raise ImportRejectedError([problem]) from None
    source.made_for = book.made_for
    by_sheet = {sheet_name(t): t for t in schemas}
    raw: dict[str, Grid] = {}
    problems: list[Problem] = []
    for sheet in book.sheets:
        table = by_sheet.get(sheet.title)
        if table is None:
            if not sheet.hidden and sheet.title not in guide_sheet_names():
                known = ", ".join(sorted(by_sheet))
                msg = (
                    f"sheet {sheet.title!r} is not a table of the package ({known}); "
                    "rename or remove it"
                )
                problems.append(SheetProblem(source.label, msg))
            continue
        if sheet.hidden:
            msg = "this sheet is hidden; unhide it to import its rows, or delete it"
            problems.append(SheetProblem(source.label, msg, resource=table))
            continue
        raw[table] = _grid(source, table, sheet, problems)
    return raw, problems


def _grid(source: Source, table: str, sheet: Any, problems: list[Problem]) -> Grid:
    """The sheet's rows with merged ranges filled in, and a problem for each
    cell whose value is an error or was never calculated."""
    from openpyxl.utils import get_column_letter

    def where(row: int, column: int) -> str:
        return f"cell {get_column_letter(column)}{row}"

    rows = dict(sheet.rows)
    merged: set[tuple[int, int]] = set()
    for min_row, min_col, max_row, max_col in sheet.merged:
        top_cells = rows.get(min_row, [])
        top = top_cells[min_col - 1] if min_col <= len(top_cells) else None
        for r in range(min_row, max_row + 1):
            cells = rows.setdefault(r, [])
            cells.extend([None] * (max_col - len(cells)))
            for c in range(min_col, max_col + 1):
                cells[c - 1] = top
                merged.add((r, c))
    for row, column, value in sheet.errors:
        msg = f"holds the spreadsheet error {value}; type the value instead"
        problems.append(source.problem(table, row, where(row, column), msg))
    for row, column, formula in sheet.uncalculated:
        if (row, column) in merged:
            continue
        msg = (
            f"holds {formula} whose value was never calculated; open and save the "
            "workbook in a spreadsheet program, or type the value"
        )
        problems.append(source.problem(table, row, where(row, column), msg))
    return sorted(rows.items())


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
        data, why = _csv_data(path)
        if data is None:
            problems.append(source.problem(table, None, None, why))
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # what Excel's plain "CSV" writes
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        # Lines end at \n, \r or \r\n only, as package.read_table reads them:
        # str.splitlines would also break a cell at U+2028 or U+0085.
        lines = io.StringIO(text, newline="")
        try:
            grid = _numbered(csv.reader(lines, delimiter=delimiter, strict=True))
        except csv.Error as e:
            problems.append(source.problem(table, None, None, f"cannot be read as CSV: {e}"))
            continue
        too_big = _csv_limit(grid)
        if too_big:
            problems.append(source.problem(table, None, None, too_big))
            continue
        raw[table] = grid
    return raw, problems


def _csv_data(path: Path) -> tuple[bytes | None, str]:
    """The bytes of a CSV file, or None and why they cannot be imported."""
    try:
        if not path.is_file():
            return None, "is a folder, not a CSV file; remove it or put the table's rows in it"
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // MB
            return None, f"is {size / MB:.1f} MB; a CSV file to import may be at most {limit} MB"
        data = path.read_bytes()
    except OSError as e:
        return None, f"cannot be read: {e.strerror or e}"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return None, (
            'cannot be read as CSV: it is UTF-16 text (Excel\'s "Unicode Text"); '
            'save it as "CSV UTF-8 (comma delimited)"'
        )
    return data, ""


def _csv_limit(grid: Grid) -> str | None:
    """Why a CSV file is past the limits a sheet is held to, or None."""
    rows = len(grid)
    columns = max((len(cells) for _, cells in grid), default=0)
    return limit_message(rows, columns)


def _numbered(reader: Any) -> list[tuple[int, list[Any]]]:
    """Each record with the line it starts on; reading stops one record past
    the row limit, so a file far too long is not read to its end."""
    out = []
    line = 1
    for cells in reader:
        out.append((line, list(cells)))
        if len(out) > MAX_ROWS + 1:
            break
        line = reader.line_num + 1
    return out


# --- header and rows ------------------------------------------------------------


def _session_language(grid: Grid) -> str:
    """The language the sessions sheet gives its (first) session, or ''."""
    header = [str(c).strip() for c in (grid[0][1] if grid else [])]
    at = header.index("language") if "language" in header else -1
    given = [str(c[at]).strip() for _, c in grid[1:] if 0 <= at < len(c) and c[at] is not None]
    return next(filter(None, given), "")


def _rows(source: Source, table: str, grid: Grid, schema: dict[str, Any]) -> list[Problem]:
    fields = {f["name"]: f for f in schema.get("fields", [])}
    problems: list[Problem] = []
    if not grid:
        problems.append(source.problem(table, 1, None, "the header row is missing"))
        return problems
    header_row, header_cells = grid[0]
    header = ["" if c is None else str(c).strip() for c in header_cells]
    if not set(header) & set(fields):
        msg = (
            f"the header row is missing: row {header_row} names no field; "
            f"the first row must name the columns ({', '.join(fields)})"
        )
        problems.append(source.problem(table, header_row, None, msg))
        return problems
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
        msg = "missing column(s) " + ", ".join(str(source.column(table, n)) for n in missing)
        if source.made_for and source.made_for != source.package_version:
            msg += (
                f"; this workbook was made for version {source.made_for} of the package, "
                f"which is now {source.package_version}: copy its rows into a new workbook "
                "(ontwerptafel new-session) and import that"
            )
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
