"""The release's text-only workbook: every table, every cell a string, nothing computed.

The published CSVs keep cells such as ``=HYPERLINK(...)`` verbatim; this
workbook is what the README tells spreadsheet users to open instead, so a
real spreadsheet (LibreOffice Calc) must show those cells as the text they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import SOFFICE, libreoffice
from ontwerptafel.package.read import read_descriptor, read_table, table_resources
from ontwerptafel.publish.text_workbook import text_workbook

FORMULAS = ("=1+1", "+1+cmd|' /C calc'!A0", "@SUM(1,2)", '=HYPERLINK("http://example.org","x")')


def plant_formulas(root: Path) -> list[str]:
    """Replace the first findings' texts with formula-like strings (as CSV cells)."""
    path = root / "data" / "findings.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("text")
    for row, formula in zip(rows[1:], FORMULAS, strict=False):
        row[col] = formula
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return [r[col] for r in rows[1:]]


def test_every_table_is_a_sheet_of_text_cells_equal_to_the_csv(package_copy: Path) -> None:
    plant_formulas(package_copy)
    descriptor = read_descriptor(package_copy)
    data = text_workbook(package_copy, descriptor, dt.date(2024, 11, 12))
    wb = load_workbook(io.BytesIO(data))
    resources = table_resources(descriptor)
    assert wb.sheetnames == [r["name"] for r in resources]
    for res in resources:
        raw = read_table(package_copy, res)
        ws = wb[res["name"]]
        expected = [raw.header, *([cells[h] for h in raw.header] for _, cells in raw.rows)]
        got = [[c.value or "" for c in row] for row in ws.iter_rows()]
        assert got == expected, res["name"]
        kinds = {c.data_type for row in ws.iter_rows() for c in row if c.value is not None}
        assert kinds == {"s"}, res["name"]


def test_the_workbook_has_the_same_bytes_twice(package_copy: Path) -> None:
    descriptor = read_descriptor(package_copy)
    day = dt.date(2024, 11, 12)
    data = text_workbook(package_copy, descriptor, day)
    assert data == text_workbook(package_copy, descriptor, day)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:  # no part dated by the clock
        assert {i.date_time for i in zf.infolist()} == {(2024, 11, 12, 0, 0, 0)}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (make test installs it)")
def test_libreoffice_calc_shows_formulas_as_text(package_copy: Path, tmp_path: Path) -> None:
    texts = plant_formulas(package_copy)
    descriptor = read_descriptor(package_copy)
    book = tmp_path / "tables.xlsx"
    book.write_bytes(text_workbook(package_copy, descriptor, dt.date(2024, 11, 12)))
    index = [r["name"] for r in table_resources(descriptor)].index("findings") + 1
    # token 12 picks the sheet; the Calc CSV filter writes values as shown
    fmt = f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{index}"
    done = libreoffice(book, tmp_path, fmt)
    assert done.returncode == 0, done.stderr
    (out,) = (tmp_path / "out").glob("*.csv")
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index("text")
    assert [r[col] for r in rows[1:]] == texts
    assert rows[1][col] == "=1+1"  # shown as typed, never computed to 2
