"""ontwerptafel import: a filled workbook or CSV folder goes in whole, or not at all.

Every failure is one exact line per problem, exit 1, and every file of the
package byte-for-byte as it was (sha256 before and after).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import EXAMPLE_SESSION, KILLED_IMPORT, hashes
from ontwerptafel.cli import cli
from ontwerptafel.errors import WriteFailedError
from ontwerptafel.package.read import read_descriptor, table_resources
from ontwerptafel.package.staging import JOURNAL
from ontwerptafel.package.validate import validate
from ontwerptafel.sessions.importer import import_path
from ontwerptafel.sessions.workbook import export_workbook

BOOK = "voorbeeld-2025.xlsx"


def run_import(package: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", *args, "--package", str(package)])
    return result.exit_code, result.stdout, result.stderr


def edit(book: Path, sheet: str, row: int, field: str, value: object) -> None:
    wb = load_workbook(book)
    ws = wb[sheet]
    column = next(c.column for c in ws[1] if c.value == field)
    ws.cell(row, column, value)
    wb.save(book)


# --- a new session ----------------------------------------------------------------


def test_import_new_session(package_copy: Path, example_workbook: Path) -> None:
    before = {
        res["path"]: (package_copy / res["path"]).read_bytes()
        for res in table_resources(read_descriptor(package_copy))
    }
    code, out, err = run_import(package_copy, str(example_workbook))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"imported voorbeeld-2025 from {BOOK}; version 1.2.0",
        "  sessions: 1 row added",
        "  organisations: 1 row added",
        "  session_organisers: 2 rows added",
        "  statements: 3 rows added",
        "  flipcharts: 3 rows added",
        "  sections: 2 rows added",
        "  notes: 20 rows added",
        "  findings: 6 rows added",
        "  contacts: 2 rows added",
        "  affiliations: 3 rows added",
        "  evidence: 8 rows added",
    ]
    summary = validate(package_copy)
    assert summary.rows["sessions"] == 2
    # the rows already published stand as they were; the new ones follow them
    for path, old in before.items():
        assert (package_copy / path).read_bytes().startswith(old), path
    notes = (package_copy / "data/notes.csv").read_text(encoding="utf-8")
    assert notes.count("\nvoorbeeld-2025-fc") == 20
    assert "voorbeeld-2025-fc3-n1,voorbeeld-2025-fc3,,1,,,-,Pilot met burgerpanel,no,✓" in notes
    descriptor = json.loads((package_copy / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.2.0"
    assert list(descriptor)[list(descriptor).index("created") + 1] == "modified"
    assert not (package_copy / JOURNAL).exists()
    # the generated files follow the data, so validate (which checks them) passes
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 0, result.stderr


def test_importing_twice_adds_nothing(package_copy: Path, example_workbook: Path) -> None:
    assert run_import(package_copy, str(example_workbook))[0] == 0
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(example_workbook))
    assert code == 1
    assert err == (
        f"{BOOK} › sessions › row 2 › session_id (Sessie-id): session 'voorbeeld-2025' is "
        "already in the package; import with --replace to replace all of its rows\n"
    )
    assert hashes(package_copy) == before


def _plain_csv_folder(target: Path, descriptor: dict, delimiter: str, bom: bool) -> Path:
    """The example session as Excel saves CSV: every schema column, ';' or ',',
    CRLF line ends, and a BOM when saved as 'CSV UTF-8'."""
    target.mkdir()
    for res in table_resources(descriptor):
        source = EXAMPLE_SESSION / f"{res['name']}.csv"
        if res["name"] in ("codes",):
            continue
        header = [f["name"] for f in res["schema"]["fields"]]
        rows = []
        if source.is_file():
            with source.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        for cells in rows:
            writer.writerow([cells.get(h, "") for h in header])
        writer.writerow([""] * len(header))  # an empty trailing row
        data = buf.getvalue().encode("utf-8")
        (target / f"{res['name']}.csv").write_bytes(b"\xef\xbb\xbf" + data if bom else data)
    return target


@pytest.mark.parametrize(("delimiter", "bom"), [(";", True), (",", False)])
def test_csv_folder_gives_what_the_workbook_gives(
    package_copy: Path, example_workbook: Path, tmp_path: Path, delimiter: str, bom: bool
) -> None:
    descriptor = read_descriptor(package_copy)
    folder = _plain_csv_folder(tmp_path / "voorbeeld-2025", descriptor, delimiter, bom)
    twin = shutil.copytree(package_copy, tmp_path / "twin")
    assert run_import(package_copy, str(example_workbook))[0] == 0
    code, _, err = run_import(twin, str(folder))
    assert (code, err) == (0, "")
    data = {k: v for k, v in hashes(package_copy).items() if k.startswith("data/")}
    assert data == {k: v for k, v in hashes(twin).items() if k.startswith("data/")}


def test_fixture_folder_without_optional_columns_imports(package_copy: Path) -> None:
    """The invented example is CSV without the curators' English columns and
    without a codings file: optional columns read as empty, the curators'
    tables may be left out, and the new session validates."""
    code, out, err = run_import(package_copy, str(EXAMPLE_SESSION))
    assert (code, err) == (0, "")
    assert "notes: 20 rows added" in out
    summary = validate(package_copy)
    assert summary.rows["sessions"] == 2
    notes = (package_copy / "data" / "notes.csv").read_text(encoding="utf-8").splitlines()
    header = notes[0].split(",")
    added = [line for line in csv.reader(notes) if line[0].startswith("voorbeeld-2025-")]
    assert len(added) == 20
    assert all(row[header.index("text_en")] == "" for row in added)


def test_missing_required_column_is_still_refused(package_copy: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(EXAMPLE_SESSION, tmp_path / "example")
    path = folder / "notes.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    drop = rows[0].index("struck_through")
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([r[:drop] + r[drop + 1 :] for r in rows])
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(folder))
    assert code == 1
    assert err.splitlines() == [
        "example/notes.csv:1: missing column(s) struck_through (Doorgestreept)"
    ]
    assert hashes(package_copy) == before


# --- correcting a session -----------------------------------------------------------


def test_export_edit_replace_changes_exactly_that_cell(package_copy: Path, tmp_path: Path) -> None:
    before = {p: (package_copy / p).read_text(encoding="utf-8") for p in hashes(package_copy)}
    book = export_workbook(package_copy, "dvhg-2024", out=tmp_path / "dvhg-2024.xlsx")
    edit(book, "notes", 5, "text_reading", "Valse beloftes wekken")
    code, out, err = run_import(package_copy, str(book), "--replace")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "imported dvhg-2024 from dvhg-2024.xlsx; version 1.2.0"
    assert "  notes: 77 rows added, 77 removed" in out.splitlines()
    changed = {}
    for path, text in before.items():
        new = (package_copy / path).read_text(encoding="utf-8")
        if new != text:
            changed[path] = [
                line
                for line in difflib.unified_diff(text.splitlines(), new.splitlines(), lineterm="")
                if line[:1] in "+-" and line[:3] not in ("+++", "---")
            ]
    old_line = next(
        x for x in before["data/notes.csv"].splitlines() if x.startswith("dvhg-2024-fc1-n4,")
    )
    header = before["data/notes.csv"].splitlines()[0].split(",")
    cells = next(csv.reader([old_line]))
    cells[header.index("text_reading")] = "Valse beloftes wekken"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    assert changed.pop("data/notes.csv") == [f"-{old_line}", f"+{buf.getvalue()}"]
    assert changed.pop("datapackage.json")[:2] == [
        '-  "version": "1.1.0",',
        '+  "version": "1.2.0",',
    ]
    assert set(changed) <= {"data/README.md"}  # the codebook names the version


# --- bad workbooks ------------------------------------------------------------------


def _missing_column(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["notes"]
    ws.delete_cols(next(c.column for c in ws[1] if c.value == "text_verbatim"))
    wb.save(book)


def _missing_sheet(book: Path) -> None:
    wb = load_workbook(book)
    del wb["contacts"]
    wb.save(book)


def _hidden_sheet(book: Path) -> None:
    wb = load_workbook(book)
    wb["sections"].sheet_state = "hidden"
    wb.save(book)


def _duplicate_id(book: Path) -> None:
    edit(book, "notes", 4, "note_id", "voorbeeld-2025-fc1-n2")


def _formula_never_calculated(book: Path) -> None:
    edit(book, "flipcharts", 3, "order", "=1+1")


BAD = {
    "missing column": (
        _missing_column,
        [f"{BOOK} › notes › row 1: missing column(s) text_verbatim (Tekst zoals geschreven)"],
    ),
    "unknown enum value": (
        lambda b: edit(b, "notes", 3, "struck_through", "soms"),
        [
            f"{BOOK} › notes › row 3 › struck_through (Doorgestreept): "
            "'soms' is not one of: no, partial, whole"
        ],
    ),
    "dangling parent": (
        lambda b: edit(b, "notes", 3, "parent_note_id", "voorbeeld-2025-fc1-n99"),
        [
            f"{BOOK} › notes › row 3 › parent_note_id (Hoort bij): "
            "no row in notes has note_id 'voorbeeld-2025-fc1-n99'"
        ],
    ),
    "duplicate id": (
        _duplicate_id,
        [
            f"{BOOK} › notes › row 4 › note_id (Notitie-id): "
            "'voorbeeld-2025-fc1-n2' is already used (row 3)"
        ],
    ),
    "id of a published note": (
        lambda b: edit(b, "notes", 4, "note_id", "dvhg-2024-fc1-n1"),
        [
            f"{BOOK} › notes › row 4 › note_id (Notitie-id): 'dvhg-2024-fc1-n1' "
            "is already used "
            "(data/notes.csv:2)"
        ],
    ),
    "id of an existing session": (
        lambda b: edit(b, "sessions", 2, "session_id", "dvhg-2024"),
        [
            f"{BOOK} › sessions › row 2 › session_id (Sessie-id): session 'dvhg-2024' is "
            "already in the package; import with --replace to replace all of its rows",
        ],
    ),
    "corrupt file": (
        lambda b: b.write_bytes(b"PK\x03\x04 not really a workbook"),
        [
            f"{BOOK}: cannot be read as a workbook: the file is damaged or incomplete "
            "(File is not a zip file); save it again from a spreadsheet program as .xlsx"
        ],
    ),
    "missing sheet": (
        _missing_sheet,
        [f"{BOOK}: no sheet 'contacts'; every session table needs one, even when it has no rows"],
    ),
    "hidden sheet": (
        _hidden_sheet,
        [f"{BOOK} › sections: this sheet is hidden; unhide it to import its rows, or delete it"],
    ),
    "formula never calculated": (
        _formula_never_calculated,
        [
            f"{BOOK} › flipcharts › row 3 › cell C3: holds =1+1 whose value was never "
            "calculated; open and save the workbook in a spreadsheet program, or type the value"
        ],
    ),
    "changed shared row": (
        lambda b: edit(b, "organisations", 2, "name", "Kenniscentrum"),
        [
            f"{BOOK} › organisations › row 2 › organisation_id (Organisatie-id): 'kcpeg' is "
            "already in the package (data/organisations.csv:2) with another name; an import "
            "adds rows to organisations, it does not change them"
        ],
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_workbook(case: str, package_copy: Path, example_workbook: Path) -> None:
    spoil, expected = BAD[case]
    spoil(example_workbook)
    before = hashes(package_copy)
    code, out, err = run_import(package_copy, str(example_workbook))
    assert (code, out) == (1, "")
    assert err.splitlines() == expected
    assert hashes(package_copy) == before


def test_row_of_another_session_is_refused(package_copy: Path, example_workbook: Path) -> None:
    edit(example_workbook, "notes", 21, "flipchart_id", "dvhg-2024-fc1")
    edit(example_workbook, "notes", 21, "note_id", "dvhg-2024-fc1-n99")
    before = hashes(package_copy)
    code, _, err = run_import(package_copy, str(example_workbook))
    assert code == 1
    assert err.splitlines() == [
        f"{BOOK} › notes › row 21: belongs to session 'dvhg-2024', which is not on the "
        "sessions sheet; an import adds or replaces whole sessions only"
    ]
    assert hashes(package_copy) == before


def test_spreadsheet_quirks_are_undone(package_copy: Path, example_workbook: Path) -> None:
    wb = load_workbook(example_workbook)
    ws = wb["notes"]
    col = {c.value: c.column for c in ws[1]}
    ws.cell(2, col["text_verbatim"], "Weet niet bij wie aan te kloppen   ")  # trailing spaces
    ws.cell(2, col["order"], 1.0)  # a whole number stored as a float
    ws.cell(3, col["order"], " 2 ")  # a number typed as text
    for row in (5, 6, 7, 8):  # one flipchart id merged over the rows of its chart
        ws.cell(row, col["flipchart_id"], None)
    ws.cell(4, col["flipchart_id"], "voorbeeld-2025-fc1")
    ws.merge_cells(
        start_row=4, end_row=8, start_column=col["flipchart_id"], end_column=col["flipchart_id"]
    )
    ws.cell(40, col["text_verbatim"], "   ")  # a row with nothing but spaces, far below
    sessions = wb["sessions"]
    scol = {c.value: c.column for c in sessions[1]}
    sessions.cell(2, scol["date"], "11 november 2025")  # a date typed as text
    sessions.cell(2, scol["participants_approximate"], "WAAR")
    wb.save(example_workbook)
    code, _, err = run_import(package_copy, str(example_workbook))
    assert (code, err) == (0, "")
    notes = (package_copy / "data/notes.csv").read_text(encoding="utf-8")
    assert ",voorbeeld-2025-fc1-burger,1,,,-,Weet niet bij wie aan te kloppen,no," in notes
    assert notes.count(",voorbeeld-2025-fc1,voorbeeld-2025-fc1-") == 7
    sessions_csv = (package_copy / "data/sessions.csv").read_text(encoding="utf-8")
    assert ",2025-11-11,24,true,24,nl," in sessions_csv


def test_formula_gives_its_saved_value(package_copy: Path, example_workbook: Path) -> None:
    """A formula a spreadsheet program calculated and saved counts as its value."""
    edit(example_workbook, "flipcharts", 3, "order", "=1+1")
    with zipfile.ZipFile(example_workbook) as z:
        items = {n: z.read(n) for n in z.namelist()}
    sheet = next(
        n for n, d in items.items() if n.startswith("xl/worksheets/") and b"<f>1+1</f>" in d
    )
    items[sheet] = items[sheet].replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>")
    with zipfile.ZipFile(example_workbook, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)
    code, _, err = run_import(package_copy, str(example_workbook))
    assert (code, err) == (0, "")
    flipcharts = (package_copy / "data/flipcharts.csv").read_text(encoding="utf-8")
    assert "voorbeeld-2025-fc2,voorbeeld-2025,2,UITVOERING,implementation" in flipcharts


# --- failures while writing -----------------------------------------------------------


def test_failure_after_first_swap_leaves_data_as_it_was(
    package_copy: Path, example_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = hashes(package_copy)
    real = os.replace
    swaps: list[str] = []

    def flaky(src: object, dst: object) -> None:
        if ".new-" in str(src):
            swaps.append(str(dst))
            if len(swaps) == 2:
                raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(WriteFailedError) as failed:
        import_path(package_copy, example_workbook)
    monkeypatch.undo()
    assert len(swaps) == 2  # one file was swapped in before the failure
    assert failed.value.lines() == [
        f"import failed, nothing changed: {Path(swaps[1]).relative_to(package_copy).as_posix()}: "
        "No space left on device"
    ]
    assert hashes(package_copy) == before




def test_killed_import_is_completed_by_the_next_command(
    package_copy: Path, example_workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # both imports: the same 'modified'
    twin = shutil.copytree(package_copy, tmp_path / "twin")
    import_path(twin, example_workbook)
    done = hashes(twin)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, str(package_copy), str(example_workbook)], check=False
    )
    assert killed.returncode == 9
    assert (package_copy / JOURNAL).exists()
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 0, result.stderr
    assert "completed an import that was interrupted while writing the package" in result.stderr
    assert hashes(package_copy) == done


def test_import_killed_before_the_swap_is_dropped(package_copy: Path) -> None:
    """A journal still in 'prepare' means nothing was replaced: its temporaries go."""
    before = hashes(package_copy)
    temp = package_copy / "data" / ".notes.csv.new-0000abcd"
    temp.write_bytes(b"half written")
    entry = {"target": "data/notes.csv", "new": "data/.notes.csv.new-0000abcd"}
    entry["old"] = "data/.notes.csv.old-0000abcd"
    journal = {"state": "prepare", "entries": [entry]}
    (package_copy / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 0, result.stderr
    assert "dropped an import that was interrupted while writing the package" in result.stderr
    assert hashes(package_copy) == before
