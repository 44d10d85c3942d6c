"""Every table of the package in one workbook whose cells are all text.

The published CSVs are the data and stay verbatim, even where a cell starts
with ``=``, ``+``, ``-`` or ``@`` (the seed has ``+/- 70`` and ``-`` list
markers). A spreadsheet that opens such a CSV may read those cells as
formulas. This workbook is for people who open the data in Excel or
LibreOffice: each cell is stored as a string and formatted as text, so
nothing in it is ever computed, and a number or date keeps the exact
characters of the CSV.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ontwerptafel.files import workbook_bytes
from ontwerptafel.package.read import read_table, table_resources

#: Excel's limit on a sheet's name
SHEET_NAME_LIMIT = 31


def text_workbook(root: Path, descriptor: dict[str, Any], day: dt.date) -> bytes:
    """The workbook's bytes: one sheet per table, in descriptor order, header first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for res in table_resources(descriptor):
        raw = read_table(root, res)
        ws = wb.create_sheet(raw.resource[:SHEET_NAME_LIMIT])
        ws.freeze_panes = "A2"
        rows = [raw.header, *([cells[name] for name in raw.header] for _, cells in raw.rows)]
        for r, values in enumerate(rows, start=1):
            for col, value in enumerate(values, start=1):
                if value == "":
                    continue
                cell = ws.cell(r, col)
                cell.value = value
                cell.data_type = "s"  # a string, even when it starts with '='
                cell.number_format = "@"  # shown and edited as text
                if r == 1:
                    cell.font = bold
    wb.properties.creator = "ontwerptafel"
    stamp = dt.datetime.combine(day, dt.time())
    wb.properties.created = wb.properties.modified = stamp
    return workbook_bytes(wb, stamp)
