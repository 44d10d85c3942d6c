"""Read an entry workbook in one streaming pass, within limits checked before loading.

openpyxl's ordinary mode builds a cell object for every cell of a sheet's
used range, so one cell typed at XFD1048576 costs gigabytes, and a sheet
read twice (for the saved values, then for the formulas) doubles the time.
Here the file's size, the zip directory (inflated sizes, compression) and
each sheet's declared ``<dimension>`` are checked first, and the rows are
then streamed from openpyxl's own sheet parser, which hands over a cell's
saved value and its formula together. The limits are enforced again while
streaming, since a sheet may omit ``<dimension>`` or misstate it.

Whatever keeps a file from being read becomes one ``WorkbookRefusedError``
message; no exception of the zip or XML libraries reaches the user.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ontwerptafel.errors import WorkbookRefusedError

MB = 1_000_000
#: the limits an entry workbook is held to; README.md ("Adding a session") states them
MAX_FILE_BYTES = 20 * MB
MAX_INFLATED_BYTES = 200 * MB
MAX_ROWS = 100_000  # rows below the header row
MAX_COLUMNS = 100

#: how Excel stores a password-protected workbook (and how .xls files begin):
#: an OLE compound file, not a zip
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
UNREADABLE = "cannot be read as a workbook: "
#: what the zip, XML and openpyxl layers raise for a damaged file
BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
    NotImplementedError,
    RuntimeError,
)


@dataclass
class Sheet:
    """One worksheet as read: rows by their spreadsheet number, each a list of
    values by column (1 at index 0), and the cells that need a word."""

    title: str
    hidden: bool
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    #: (row, column, shown value) of cells holding a spreadsheet error (#DIV/0!)
    errors: list[tuple[int, int, Any]] = field(default_factory=list)
    #: (row, column, formula) of formulas whose value was never saved
    uncalculated: list[tuple[int, int, str]] = field(default_factory=list)
    #: (min_row, min_col, max_row, max_col) of each merged range
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class Workbook:
    """The sheets of a workbook, in order, and the package version it was made for."""

    sheets: list[Sheet]
    made_for: str | None = None


def read_workbook(path: Path) -> Workbook:
    """Read every worksheet of the .xlsx at ``path``; raise ``WorkbookRefusedError``
    for a file that is damaged, encrypted or past the limits."""
    data = _checked_bytes(path)
    _check_archive(data)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except BROKEN as e:
        raise WorkbookRefusedError(UNREADABLE + _reason(e)) from None
    try:
        for ws in wb.worksheets:
            _check_dimension(ws.title, ws.max_row, ws.max_column)
        sheets = [_read_sheet(wb, ws) for ws in wb.worksheets]
        made_for = getattr(wb.properties, "version", None)
    finally:
        wb.close()
    return Workbook(sheets, str(made_for) if made_for else None)


def _checked_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkbookRefusedError(
                f"is {size / MB:.1f} MB; a workbook to import may be at most "
                f"{MAX_FILE_BYTES // MB} MB (split the session, or remove pictures)"
            )
        data = path.read_bytes()
    except OSError as e:
        raise WorkbookRefusedError(UNREADABLE + (e.strerror or str(e))) from None
    if not data:
        raise WorkbookRefusedError(UNREADABLE + "the file is empty (0 bytes)")
    if data.startswith(OLE_MAGIC):
        raise WorkbookRefusedError(
            UNREADABLE + "it is password-protected, or an old .xls file; "
            "remove the password, or save it as .xlsx, and import again"
        )
    if not data.startswith(b"PK"):
        raise WorkbookRefusedError(
            UNREADABLE + "it is not an .xlsx file (not a zip archive); "
            "save it from a spreadsheet program as .xlsx"
        )
    return data


def _check_archive(data: bytes) -> None:
    """The zip directory, read without inflating anything: every part readable,
    and all of them together within the inflated limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except BROKEN as e:
        raise WorkbookRefusedError(
            UNREADABLE + f"the file is damaged or incomplete ({_reason(e)}); "
            "save it again from a spreadsheet program as .xlsx"
        ) from None
    if "[Content_Types].xml" not in {info.filename for info in infos}:
        raise WorkbookRefusedError(
            UNREADABLE + "it is a zip archive, but not an .xlsx workbook (it has no "
            "[Content_Types].xml); save it from a spreadsheet program as .xlsx"
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookRefusedError(UNREADABLE + f"its part {info.filename} is encrypted")
        if info.compress_type not in READABLE_COMPRESSION:
            raise WorkbookRefusedError(
                UNREADABLE + f"its part {info.filename} is compressed with method "
                f"{info.compress_type}, which cannot be read; save it again as .xlsx"
            )
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED_BYTES:
        raise WorkbookRefusedError(
            f"unpacks to {inflated / MB:.0f} MB; a workbook to import may unpack to at most "
            f"{MAX_INFLATED_BYTES // MB} MB"
        )


def limit_message(rows: int, columns: int) -> str | None:
    """Why a sheet reaching row ``rows`` and column ``columns`` is too large, or None."""
    over = []
    if rows > MAX_ROWS + 1:
        over.append(f"{rows - 1:,} rows below the header")
    if columns > MAX_COLUMNS:
        over.append(f"{columns:,} columns")
    if not over:
        return None
    return (
        f"reaches {' and '.join(over)}; a sheet may have at most {MAX_ROWS:,} rows "
        f"below its header and {MAX_COLUMNS} columns (delete what lies beyond the table)"
    )


def _check_dimension(title: str, rows: int | None, columns: int | None) -> None:
    message = limit_message(rows or 0, columns or 0)
    if message:
        raise WorkbookRefusedError(message, sheet=title)


def _read_sheet(wb: Any, ws: Any) -> Sheet:
    """Stream one sheet's rows, its saved values and its formulas in one pass."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag, run_tag = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"

    class Parser(WorkSheetParser):  # type: ignore[misc]
        """openpyxl's parser, keeping a formula's text beside its saved value.

        A text cell as openpyxl writes it (an inline string, as in every
        workbook ``new-session`` makes) is read here directly: building
        openpyxl's rich-text objects for it took half the time of a
        100,000-row sheet.
        """

        def parse_cell(self, element: Any) -> dict[str, Any]:
            if element.get("t") == "inlineStr" and element.find(FORMULA_TAG) is None:
                return self._inline(element)
            cell = super().parse_cell(element)
            if cell["value"] is None:
                formula = element.find(FORMULA_TAG)
                if formula is not None:
                    cell["formula"] = "=" + formula.text if formula.text else "a formula"
            return cell

        def _inline(self, element: Any) -> dict[str, Any]:
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            value = None
            child = element.find(INLINE_STRING)
            if child is not None:
                # the plain text and the text of each run; phonetic hints (rPh) are no part of it
                parts = [child.findtext(text_tag)] + [
                    r.findtext(text_tag) for r in child.iterfind(run_tag)
                ]
                value = "".join(p for p in parts if p)
            return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": 0}

    sheet = Sheet(ws.title, ws.sheet_state != "visible")
    try:
        with ws._get_source() as src:
            parser = Parser(
                src,
                ws._shared_strings,
                data_only=True,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            for number, cells in parser.parse():
                values: list[Any] = []
                for cell in cells:
                    value, column = cell["value"], cell["column"]
                    if value is None and "formula" not in cell:
                        continue
                    message = limit_message(number, column)
                    if message:
                        raise WorkbookRefusedError(message, sheet=ws.title)
                    if cell["data_type"] == "e":
                        sheet.errors.append((number, column, value))
                        value = None
                    elif "formula" in cell:
                        sheet.uncalculated.append((number, column, cell["formula"]))
                    values.extend([None] * (column - len(values)))
                    values[column - 1] = value
                if values:
                    sheet.rows.append((number, values))
            ranges = parser.merged_cells.mergeCell if parser.merged_cells else []
            for rng in ranges:
                min_col, min_row, max_col, max_row = range_boundaries(rng.ref)
                message = limit_message(max_row, max_col)
                if message:
                    raise WorkbookRefusedError(message, sheet=ws.title)
                sheet.merged.append((min_row, min_col, max_row, max_col))
    except BROKEN as e:
        raise WorkbookRefusedError(UNREADABLE + f"sheet {ws.title!r}: {_reason(e)}") from None
    return sheet


def _reason(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return text.splitlines()[0][:200]
