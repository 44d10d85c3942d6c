"""ontwerptafel import of a workbook or CSV folder that is broken or odd.

Whatever the file is (empty, cut off, password-protected, not a zip, a zip
with a compression Python cannot read, a sheet that is not well-formed XML,
a sheet that lost its header, a CSV in UTF-16, a folder where a CSV should
be), the import prints one line naming the file, exits 1, and leaves every
byte of the package as it was; no traceback.
"""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import EXAMPLE_SESSION, hashes
from ontwerptafel.cli import cli
from ontwerptafel.sessions.workbook import export_workbook, new_session_workbook

BOOK = "voorbeeld-2025.xlsx"
UNREADABLE = f"{BOOK}: cannot be read as a workbook: "


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def run_import(package: Path, *args: str) -> tuple[int, str, str]:
    return run("import", *args, "--package", str(package))


def rewrite_zip(book: Path, change: Callable[[str, bytes], bytes]) -> None:
    """Rewrite every part of the workbook through ``change(name, data)``."""
    with zipfile.ZipFile(book) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, change(info.filename, data))


def sheet_part(book: Path, title: str) -> str:
    """The zip part holding the sheet called ``title``."""
    wb = load_workbook(book, read_only=True)
    try:
        index = wb.sheetnames.index(title)
    finally:
        wb.close()
    return f"xl/worksheets/sheet{index + 1}.xml"


def _unknown_compression(book: Path) -> None:
    """Mark xl/styles.xml as compressed with method 99 (in its local header and
    in the central directory), as a tool with a codec of its own might."""
    name = b"xl/styles.xml"
    with zipfile.ZipFile(book) as z:
        local = z.getinfo(name.decode()).header_offset
    data = bytearray(book.read_bytes())
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    for at, offset in ((local, 8), (central, 10)):
        data[at + offset : at + offset + 2] = (99).to_bytes(2, "little")
    book.write_bytes(bytes(data))


def _malformed_sheet(book: Path) -> None:
    """A U+FFFE in a cell: not a character XML allows, so the sheet is not well-formed."""
    part = sheet_part(book, "notes")
    ws_xml_cell = '<c r="H2" t="inlineStr"><is><t>Kapot \ufffe teken</t></is></c>'

    def change(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        text = data.decode("utf-8")
        return re.sub(r'<c r="H2"[^>]*>.*?</c>', ws_xml_cell, text, count=1).encode("utf-8")

    rewrite_zip(book, change)


def _header_lost(book: Path) -> None:
    wb = load_workbook(book)
    wb["notes"].delete_rows(1)
    wb.save(book)


BROKEN = {
    "not a zip": (
        lambda b: b.write_text("note_id,text\n", encoding="utf-8"),
        UNREADABLE + "it is not an .xlsx file (not a zip archive); "
        "save it from a spreadsheet program as .xlsx",
    ),
    "empty": (lambda b: b.write_bytes(b""), UNREADABLE + "the file is empty (0 bytes)"),
    "truncated": (
        lambda b: b.write_bytes(b.read_bytes()[: b.stat().st_size // 2]),
        UNREADABLE + "the file is damaged or incomplete (File is not a zip file); "
        "save it again from a spreadsheet program as .xlsx",
    ),
    "encrypted": (
        # what Excel writes for a workbook with a password: an OLE compound file
        lambda b: b.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)),
        UNREADABLE + "it is password-protected, or an old .xls file; "
        "remove the password, or save it as .xlsx, and import again",
    ),
    "unknown compression": (
        _unknown_compression,
        UNREADABLE + "its part xl/styles.xml is compressed with method 99, "
        "which cannot be read; save it again as .xlsx",
    ),
    "malformed sheet xml": (
        _malformed_sheet,
        UNREADABLE + "sheet 'notes': not well-formed (invalid token): line 1, column ",
    ),
    "header row lost": (
        _header_lost,
        f"{BOOK} › notes › row 1: the header row is missing: row 1 names no field; the first "
        "row must name the columns (note_id, flipchart_id, section_id, order, parent_note_id, "
        "link_mark, list_marker, text_verbatim, struck_through, marks, above_line, legibility, "
        "text_reading, source_line, source_line_end, text_en, above_line_en, above_line_at, "
        "above_line_at_en, translator_note_en)",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_workbook_is_one_line(case: str, package_copy: Path, example_workbook: Path) -> None:
    spoil, expected = BROKEN[case]
    spoil(example_workbook)
    before = hashes(package_copy)
    code, out, err = run_import(package_copy, str(example_workbook))
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1, err
    if case == "malformed sheet xml":  # the column is where the XML parser stopped
        assert err.startswith(expected), err
    else:
        assert err == expected + "\n"
    assert hashes(package_copy) == before


def test_zip_that_is_no_workbook(package_copy: Path, tmp_path: Path) -> None:
    book = tmp_path / BOOK
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("notes.csv", "note_id\n")
    code, _, err = run_import(package_copy, str(book))
    assert (code, err) == (
        1,
        UNREADABLE + "it is a zip archive, but not an .xlsx workbook (it has no "
        "[Content_Types].xml); save it from a spreadsheet program as .xlsx\n",
    )


def test_single_csv_file(package_copy: Path) -> None:
    code, _, err = run_import(package_copy, str(EXAMPLE_SESSION / "notes.csv"))
    assert (code, err) == (
        1,
        "notes.csv: a single CSV file cannot be imported; give the folder that holds one CSV "
        "file per table (sessions.csv, notes.csv, ...)\n",
    )


def test_missing_path(package_copy: Path, tmp_path: Path) -> None:
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(tmp_path / "nergens.xlsx"))
    assert (code, err) == (1, "nergens.xlsx: no such file or folder\n")
    assert hashes(package_copy) == before


def test_csv_in_utf16_is_one_line(package_copy: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE_SESSION, tmp_path / "voorbeeld")
    notes = folder / "notes.csv"
    notes.write_bytes(notes.read_text(encoding="utf-8").encode("utf-16"))
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(folder))
    assert code == 1
    assert err == (
        "voorbeeld/notes.csv: cannot be read as CSV: it is UTF-16 text (Excel's "
        '"Unicode Text"); save it as "CSV UTF-8 (comma delimited)"\n'
    )
    assert hashes(package_copy) == before


def test_folder_named_like_a_csv_is_one_line(package_copy: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE_SESSION, tmp_path / "voorbeeld")
    (folder / "notes.csv").unlink()
    (folder / "notes.csv").mkdir()
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(folder))
    assert code == 1
    assert err == (
        "voorbeeld/notes.csv: is a folder, not a CSV file; remove it or put the table's "
        "rows in it\n"
    )
    assert hashes(package_copy) == before


def test_csv_without_header_is_one_line(package_copy: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE_SESSION, tmp_path / "voorbeeld")
    flipcharts = folder / "flipcharts.csv"
    flipcharts.write_text(
        "".join(flipcharts.read_text(encoding="utf-8").splitlines(keepends=True)[1:]),
        encoding="utf-8",
    )
    code, _, err = run_import(package_copy, str(folder))
    assert code == 1
    assert err == (
        "voorbeeld/flipcharts.csv:1: the header row is missing: row 1 names no field; the "
        "first row must name the columns (flipchart_id, session_id, order, heading, domain, "
        "source_line, heading_en)\n"
    )


# --- workbooks and the package version they were made for ---------------------------


def test_workbook_records_the_package_version(
    package_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version is in the workbook's properties, and the bytes depend on
    nothing but the package: not on when the temporary sheet files were made."""
    book = new_session_workbook(package_copy, "x-2025", "T", "2025-01-01", out=tmp_path / "a.xlsx")
    assert load_workbook(book).properties.version == "1.1.0"
    monkeypatch.setattr(time, "localtime", lambda *_: time.struct_time((2001, 2, 3) + (4,) * 6))
    again = new_session_workbook(package_copy, "x-2025", "T", "2025-01-01", out=tmp_path / "b.xlsx")
    assert book.read_bytes() == again.read_bytes()


def _drop_column(book: Path, sheet: str, name: str, version: str | None = None) -> None:
    wb = load_workbook(book)
    ws = wb[sheet]
    ws.delete_cols(next(c.column for c in ws[1] if c.value == name))
    if version:
        wb.properties.version = version
    wb.save(book)


def test_old_workbook_without_optional_columns_imports(
    package_copy: Path, example_workbook: Path
) -> None:
    """A workbook made before the schema gained text_en still goes in."""
    _drop_column(example_workbook, "notes", "text_en", version="0.9.0")
    code, out, err = run_import(package_copy, str(example_workbook))
    assert (code, err) == (0, "")
    assert "  notes: 20 rows added" in out.splitlines()


def test_old_workbook_missing_a_required_column_names_its_version(
    package_copy: Path, example_workbook: Path
) -> None:
    _drop_column(example_workbook, "notes", "legibility", version="0.9.0")
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(example_workbook))
    assert code == 1
    assert err == (
        f"{BOOK} › notes › row 1: missing column(s) legibility (Leesbaarheid); this workbook "
        "was made for version 0.9.0 of the package, which is now 1.1.0: copy its rows into a "
        "new workbook (ontwerptafel new-session) and import that\n"
    )
    assert hashes(package_copy) == before


# --- --replace ---------------------------------------------------------------------


def test_replace_with_an_unchanged_workbook_writes_nothing(
    package_copy: Path, tmp_path: Path
) -> None:
    book = export_workbook(package_copy, "dvhg-2024", out=tmp_path / "dvhg-2024.xlsx")
    before = {p: (package_copy / p).stat().st_mtime_ns for p in hashes(package_copy)}
    digest = hashes(package_copy)
    code, out, err = run_import(package_copy, str(book), "--replace")
    assert (code, err) == (0, "")
    assert out == (
        "nothing changed: dvhg-2024.xlsx holds what the package holds for dvhg-2024; "
        "version 1.1.0\n"
    )
    assert hashes(package_copy) == digest
    assert {p: (package_copy / p).stat().st_mtime_ns for p in digest} == before


def test_replace_of_a_session_not_in_the_package(
    package_copy: Path, example_workbook: Path
) -> None:
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(example_workbook), "--replace")
    assert code == 1
    assert err == (
        f"{BOOK} › sessions › row 2 › session_id (Sessie-id): session 'voorbeeld-2025' is not "
        "in the package, so --replace has nothing to replace; import without --replace to add it\n"
    )
    assert hashes(package_copy) == before


# --- new-session and exports --------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--title", "Bel\x07 mij", "title: U+0007 '\\x07' is a control character; a cell holds "
         "one line of plain text"),
        ("--title", "Twee\nregels", "title: U+000A '\\n' is a control character; a cell holds "
         "one line of plain text"),
        ("--title", " Spatie voor", "title: ' Spatie voor' does not match the pattern "
         "^\\S(.*\\S)?$ (no blank at the start or end)"),
        ("--title", "x" * 301, "title: is 301 characters long; at most 300 are allowed"),
        ("--event", "Dag\x1b[31m", "event: U+001B '\\x1b' is a control character; a cell holds "
         "one line of plain text"),
        ("--event", "Dag ", "event: 'Dag ' does not match the pattern ^\\S(.*\\S)?$ "
         "(no blank at the start or end)"),
        ("--event", "e" * 201, "event: is 201 characters long; at most 200 are allowed"),
    ],
)  # fmt: skip
def test_new_session_refuses_what_import_would(
    package_copy: Path, tmp_path: Path, option: str, value: str, message: str
) -> None:
    out = tmp_path / "x.xlsx"
    args = {"--title": "Titel", "--event": "Dag van het Gedrag 2025"}
    args[option] = value
    code, _, err = run(
        "new-session", "x-2025", "--date", "2025-11-11", "--out", str(out),
        "--package", str(package_copy), *[a for kv in args.items() for a in kv],
    )  # fmt: skip
    assert (code, err) == (1, message + "\n")
    assert not out.exists()


@pytest.mark.parametrize("kind", ["qdpx", "qdc"])
def test_export_refuses_to_overwrite(kind: str, package_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / f"project.{kind}"
    out.write_bytes(b"coded by hand")
    code, _, err = run("export", kind, "--out", str(out), "--package", str(package_copy))
    assert code == 1
    assert err == f"{out}: already exists; choose another --out, or move the file away first\n"
    assert out.read_bytes() == b"coded by hand"


def test_word_in_a_number_column_is_one_line(package_copy: Path, example_workbook: Path) -> None:
    wb = load_workbook(example_workbook)
    ws = wb["notes"]
    ws.cell(7, next(c.column for c in ws[1] if c.value == "order")).value = "abc"
    wb.save(example_workbook)
    before = hashes(package_copy)
    code, out, err = run_import(package_copy, str(example_workbook))
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{BOOK} › notes › row 7 › order (Volgorde): "), err
    assert "abc" in err
    assert hashes(package_copy) == before


def test_rich_text_cell_reads_as_its_plain_text(package_copy: Path, example_workbook: Path) -> None:
    """A cell with a bold word is stored as runs of text; it imports as the words."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    wb = load_workbook(example_workbook, rich_text=True)
    ws = wb["notes"]
    column = next(c.column for c in ws[1] if c.value == "text_verbatim")
    ws.cell(2, column).value = CellRichText(
        ["Weet niet ", TextBlock(InlineFont(b=True), "bij wie"), " aan te kloppen"]
    )
    wb.save(example_workbook)
    code, _, err = run_import(package_copy, str(example_workbook))
    assert (code, err) == (0, "")
    notes = (package_copy / "data/notes.csv").read_text(encoding="utf-8")
    assert ",-,Weet niet bij wie aan te kloppen,no," in notes


def test_line_separator_in_a_csv_cell_is_named_at_its_line(
    package_copy: Path, tmp_path: Path
) -> None:
    """U+2028 is no line end for CSV: the row stays whole, and the character
    is named where it stands."""
    folder = shutil.copytree(EXAMPLE_SESSION, tmp_path / "voorbeeld")
    notes = folder / "notes.csv"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("Loket onbekend", "Loket\u2028onbekend"), encoding="utf-8")
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(folder))
    assert (code, err) == (
        1,
        "voorbeeld/notes.csv:3: text_verbatim (Tekst zoals geschreven): U+2028 '\\u2028' breaks "
        "the line; a cell holds one line of plain text\n",
    )
    assert hashes(package_copy) == before
