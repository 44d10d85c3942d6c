"""The limits of an entry workbook hold, and reading within them stays linear.

A workbook past a limit (20 MB on disk, 200 MB unpacked, 100,000 rows below
the header or 100 columns on a sheet) is refused in one line before it is
loaded, in well under two seconds, whether the sheet declares its size or
not. A workbook within them is read in time proportional to its rows: the
staged CSV and the streamed sheet are timed at two sizes.
"""

from __future__ import annotations

import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import hashes
from ontwerptafel.cli import cli
from ontwerptafel.sessions.importer import _csv_bytes
from ontwerptafel.sessions.xlsx import MAX_COLUMNS, MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_ROWS

BOOK = "voorbeeld-2025.xlsx"
LIMITS = (
    "a sheet may have at most 100,000 rows below its header and 100 columns "
    "(delete what lies beyond the table)"
)


def timed_import(package: Path, book: Path) -> tuple[int, str, float]:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["import", str(book), "--package", str(package)])
    return result.exit_code, result.stderr, time.perf_counter() - start


def sheet_part(book: Path, title: str) -> str:
    wb = load_workbook(book, read_only=True)
    try:
        return f"xl/worksheets/sheet{wb.sheetnames.index(title) + 1}.xml"
    finally:
        wb.close()


def rewrite_part(book: Path, part: str, change: object) -> None:
    with zipfile.ZipFile(book) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, change(data) if info.filename == part else data)  # type: ignore[operator]


def _text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def add_notes(book: Path, count: int, dimension: bool = True) -> Path:
    """Add ``count`` notes to flipchart 3 of the example workbook, written
    straight into the sheet's XML (openpyxl would take minutes for 100,000
    rows), with the sheet's <dimension> updated, or left out."""
    part = sheet_part(book, "notes")
    first = 22  # the example fills rows 2-21

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        rows = []
        for i in range(count):
            r, n = first + i, 8 + i
            rows.append(
                f'<row r="{r}">'
                + _text(f"A{r}", f"voorbeeld-2025-fc3-n{n}")
                + _text(f"B{r}", "voorbeeld-2025-fc3")
                + f'<c r="D{r}"><v>{n}</v></c>'
                + _text(f"G{r}", "-")
                + _text(f"H{r}", f"Notitie {n} over wat de groep zag")
                + _text(f"I{r}", "no")
                + _text(f"L{r}", "clear")
                + "</row>"
            )
        text = text.replace("</sheetData>", "".join(rows) + "</sheetData>")
        last = first + count - 1
        if dimension:
            text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:Q{last}"/>', text)
        else:
            text = re.sub(r'<dimension ref="[^"]*"/>', "", text)
        return text.encode("utf-8")

    rewrite_part(book, part, change)
    return book


def set_cell(book: Path, sheet: str, ref: str, dimension: str | None) -> None:
    """Write one text cell at ``ref`` into the sheet's XML, with the given
    <dimension> (None: none at all)."""
    part = sheet_part(book, sheet)
    row = int(re.sub(r"[A-Z]+", "", ref))

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        cell = f'<row r="{row}">{_text(ref, "verdwaald")}</row>'
        text = text.replace("</sheetData>", cell + "</sheetData>")
        new = f'<dimension ref="{dimension}"/>' if dimension else ""
        return re.sub(r'<dimension ref="[^"]*"/>', new, text).encode("utf-8")

    rewrite_part(book, part, change)


def test_limits_are_those_the_readme_states(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert (MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_ROWS, MAX_COLUMNS) == (
        20_000_000,
        200_000_000,
        100_000,
        100,
    )
    for figure in ("20 MB", "200 MB", "100,000 rows", "100 columns"):
        assert figure in readme


def _beyond_last_column(book: Path) -> None:
    set_cell(book, "notes", "XFD1048576", "A1:XFD1048576")


def _row_past_limit_undeclared(book: Path) -> None:
    set_cell(book, "notes", f"H{MAX_ROWS + 2}", None)


def _column_past_limit_undeclared(book: Path) -> None:
    set_cell(book, "flipcharts", "CW2", None)  # column 101


def _merged_past_limit(book: Path) -> None:
    merge = '<mergeCells count="1"><mergeCell ref="A2:A200000"/></mergeCells>'
    rewrite_part(
        book,
        sheet_part(book, "sections"),
        lambda data: data.replace(b"</sheetData>", b"</sheetData>" + merge.encode()),
    )


def _too_big_on_disk(book: Path) -> None:
    with book.open("ab") as f:  # a zip's trailing junk; the size alone refuses it
        f.truncate(MAX_FILE_BYTES + 1)


def _too_big_unpacked(book: Path) -> None:
    """A picture part of 201 MB of zeros: about 200 kB packed."""
    block = bytes(1_000_000)
    with (
        zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/media/image1.bin", "w", force_zip64=True) as f,
    ):
        for _ in range(201):
            f.write(block)


PAST = {
    "cell at XFD1048576": (
        _beyond_last_column,
        f"{BOOK} › notes: reaches 1,048,575 rows below the header and 16,384 columns; {LIMITS}",
    ),
    "row past the limit, no dimension": (
        _row_past_limit_undeclared,
        f"{BOOK} › notes: reaches 100,001 rows below the header; {LIMITS}",
    ),
    "column past the limit, no dimension": (
        _column_past_limit_undeclared,
        f"{BOOK} › flipcharts: reaches 101 columns; {LIMITS}",
    ),
    "merged range past the limit": (
        _merged_past_limit,
        f"{BOOK} › sections: reaches 199,999 rows below the header; {LIMITS}",
    ),
    "file past 20 MB": (
        _too_big_on_disk,
        f"{BOOK}: is 20.0 MB; a workbook to import may be at most 20 MB "
        "(split the session, or remove pictures)",
    ),
    "unpacked past 200 MB": (
        _too_big_unpacked,
        f"{BOOK}: unpacks to 201 MB; a workbook to import may unpack to at most 200 MB",
    ),
}


@pytest.mark.parametrize("case", list(PAST))
def test_past_a_limit_is_refused_at_once(
    case: str, package_copy: Path, example_workbook: Path
) -> None:
    spoil, expected = PAST[case]
    spoil(example_workbook)
    before = hashes(package_copy)
    code, err, seconds = timed_import(package_copy, example_workbook)
    assert (code, err) == (1, expected + "\n")
    assert seconds < 2, f"took {seconds:.1f} s"
    assert hashes(package_copy) == before


def test_last_row_and_column_within_the_limits_are_read(example_workbook: Path) -> None:
    """A value in row 100,001 (the 100,000th below the header) and column 100
    is read; one further is refused."""
    from ontwerptafel.sessions.xlsx import WorkbookRefusedError, read_workbook

    set_cell(example_workbook, "notes", f"CV{MAX_ROWS + 1}", f"A1:CV{MAX_ROWS + 1}")
    notes = next(s for s in read_workbook(example_workbook).sheets if s.title == "notes")
    assert notes.rows[-1] == (MAX_ROWS + 1, [None] * 99 + ["verdwaald"])
    set_cell(example_workbook, "notes", f"CV{MAX_ROWS + 2}", None)
    with pytest.raises(WorkbookRefusedError, match="reaches 100,001 rows below the header;"):
        read_workbook(example_workbook)


def test_one_row_past_the_limit_is_refused(package_copy: Path, example_workbook: Path) -> None:
    add_notes(example_workbook, MAX_ROWS - 19)
    code, err, seconds = timed_import(package_copy, example_workbook)
    assert (code, err) == (1, f"{BOOK} › notes: reaches 100,001 rows below the header; {LIMITS}\n")
    assert seconds < 2, f"took {seconds:.1f} s"


def _best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def test_staged_csv_is_written_in_linear_time() -> None:
    """Four times the rows take about four times as long, not sixteen (the
    buffer once rebuilt per row took 12 times as long here)."""
    header = [f"c{i}" for i in range(15)]

    def rows(n: int) -> list[dict[str, str]]:
        return [{h: f"waarde {i} in {h}" for h in header} for i in range(n)]

    small, large = rows(3_000), rows(12_000)
    t_small = _best_of(3, lambda: _csv_bytes(header, small))
    t_large = _best_of(3, lambda: _csv_bytes(header, large))
    assert t_large / t_small < 8, f"{t_small:.3f} s -> {t_large:.3f} s"
    data, lines = _csv_bytes(header, large)
    assert data.count(b"\n") == 12_001
    assert lines == list(range(2, 12_002))


def test_staged_csv_counts_lines_as_the_package_reader_does() -> None:
    """A cell holding a line break (or U+2028, which is no line end for CSV)
    moves the following rows by exactly the lines the reader sees."""
    data, lines = _csv_bytes(["a", "b"], [{"a": "x\ny", "b": "\u2028"}, {"a": "z\r\nw"}, {}])
    assert lines == [2, 4, 6]
    assert data.decode("utf-8").startswith('a,b\n"x\ny",\u2028\n"z\r\nw",\n')


def test_workbook_is_read_in_linear_time(example_workbook: Path, tmp_path: Path) -> None:
    from ontwerptafel.sessions.xlsx import read_workbook

    small = add_notes(Path(example_workbook), 2_000)
    large = tmp_path / "large.xlsx"
    large.write_bytes(small.read_bytes())
    add_notes(large, 6_000)  # 8,000 rows in all
    t_small = _best_of(2, lambda: read_workbook(small))
    t_large = _best_of(2, lambda: read_workbook(large))
    assert t_large / t_small < 8, f"{t_small:.3f} s -> {t_large:.3f} s"
