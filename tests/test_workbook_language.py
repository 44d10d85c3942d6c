"""The entry workbook speaks its session's language: Dutch titles and
descriptions kept beside the schema's English ones, read back from the
workbook's notes and cell messages, and named again by ``import``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import set_cell
from ontwerptafel.cli import cli
from ontwerptafel.errors import ImportRejectedError
from ontwerptafel.package.session_tables import schemas, session_tables, shared_tables
from ontwerptafel.sessions.importer import import_path
from ontwerptafel.sessions.workbook import export_workbook

DUTCH = "ontwerptafel:description_nl"
#: the longest title an input message of Excel shows (a longer one damages the file)
MAX_TITLE = 32
BOOK = "voorbeeld-2025.xlsx"


def _descriptor(root: Path) -> dict[str, Any]:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def _column(ws: Any, name: str) -> Any:
    return next(c for c in ws[1] if c.value == name)


def _validation(ws: Any, name: str) -> Any:
    letter = _column(ws, name).column_letter
    (found,) = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref)[0] == letter]
    return found


def test_every_workbook_column_has_a_dutch_title_and_description(root: Path) -> None:
    """Every table and column a workbook shows: a new one without its Dutch
    texts is named here, with what to add."""
    descriptor = _descriptor(root)
    resources = {r["name"]: r for r in descriptor["resources"]}
    shown = session_tables(descriptor) + shared_tables(descriptor)
    missing = []
    for table in shown:
        res = resources[table]
        if not res.get("title") or not res.get(DUTCH):
            missing.append(f"{table}: add a Dutch 'title' and '{DUTCH}' (the guide sheet's)")
        for field in schemas(descriptor)[table]["fields"]:
            where = f"{table}.{field['name']}"
            title, dutch = field.get("title", ""), field.get(DUTCH, "")
            if not title or len(title) > MAX_TITLE:
                missing.append(f"{where}: add a Dutch 'title' of at most {MAX_TITLE} characters")
            if not dutch or dutch == field.get("description"):
                missing.append(f"{where}: add '{DUTCH}', the description in Dutch")
    assert missing == []
    assert {"notes", "findings", "evidence", "organisations", "codes"} <= set(shown)


def test_dutch_session_gets_dutch_notes_and_messages(package_copy: Path, tmp_path: Path) -> None:
    wb = load_workbook(export_workbook(package_copy, "dvhg-2024", out=tmp_path / "nl.xlsx"))
    descriptor = _descriptor(package_copy)
    resources = {r["name"]: r for r in descriptor["resources"]}
    guide = wb.worksheets[0]
    assert guide.title == "Toelichting"
    assert guide["A1"].value == "Invoerwerkboek"
    rows = {r[0]: r for r in guide.iter_rows(values_only=True) if r[0] in resources}
    assert list(rows) == wb.sheetnames[1:]
    assert rows["notes"] == (
        "notes",
        "Notities",
        resources["notes"][DUTCH],
        "de organisatoren, uit de sessie",
    )
    assert rows["evidence"][3] == "de samenstellers, later; mag leeg blijven"
    assert rows["organisations"][3] == "gedeeld met andere sessies: rijen toevoegen, niet wijzigen"
    for ws in wb.worksheets[1:]:
        for field in schemas(descriptor)[ws.title]["fields"]:
            note = _column(ws, field["name"]).comment.text.split("\n")
            assert note[:2] == [f"{field['name']} ({field['title']})", field[DUTCH]]
            assert field["description"] not in note
            dv = _validation(ws, field["name"])
            assert dv.promptTitle == field["title"]
            assert len(dv.prompt) <= 255
    notes = wb["notes"]
    fields = resources["notes"]["schema"]["fields"]
    verbatim = next(f for f in fields if f["name"] == "text_verbatim")
    assert _column(notes, "text_verbatim").comment.text == (
        f"text_verbatim (Tekst zoals geschreven)\n{verbatim[DUTCH]}\nSoort: tekst; verplicht."
    )
    text = _validation(notes, "text_verbatim")
    assert (text.type, text.promptTitle, text.prompt) == (
        None,
        "Tekst zoals geschreven",
        "De notitie precies zoals getranscribeerd, leesfouten inbegrepen; regels samengevoegd "
        "met één spatie (geen spatie na een koppelteken aan het eind van een regel). "
        "Meer uitleg: ga met de muis over de kolomnaam.",
    )
    struck = _validation(notes, "struck_through")
    assert (struck.type, struck.formula1, struck.prompt, struck.errorTitle, struck.error) == (
        "list",
        '"no,partial,whole"',
        "Kies uit de lijst. no (niet doorgestreept), partial (een deel is doorgestreept, in de "
        "tekst gemarkeerd met ~~) of whole (helemaal doorgestreept).",
        "Geen waarde uit de lijst",
        "Kies een van: no, partial, whole",
    )
    assert "Begint met de flipchart_id van de rij en een koppelteken." in (
        _column(notes, "note_id").comment.text
    )


def test_english_session_gets_english_notes(package_copy: Path, tmp_path: Path) -> None:
    set_cell(package_copy / "data" / "sessions.csv", "session_id", "dvhg-2024", "language", "en-GB")
    wb = load_workbook(export_workbook(package_copy, "dvhg-2024", out=tmp_path / "en.xlsx"))
    assert wb.sheetnames[0] == "Guide"
    notes = wb["notes"]
    english = _column(notes, "text_verbatim").comment.text.split("\n")
    assert english[0] == "text_verbatim"  # the schema has no English titles
    assert english[2] == "Type: string; required."
    assert english[1].startswith("The note exactly as transcribed, reading errors included;")
    assert _validation(notes, "struck_through").error == "Choose one of: no, partial, whole"


def test_new_session_in_another_language(package_copy: Path, tmp_path: Path) -> None:
    args = ["new-session", "x-1", "--title", "T", "--date", "2025-01-01"]
    args += ["--package", str(package_copy), "--out"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "en.xlsx"), "--language", "en"])
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(tmp_path / "en.xlsx")
    assert wb.sheetnames[0] == "Guide"
    sessions = wb["sessions"]
    assert sessions.cell(2, _column(sessions, "language").column).value == "en"
    bad = CliRunner().invoke(cli, [*args, str(tmp_path / "x.xlsx"), "--language", "Engels"])
    assert (bad.exit_code, bad.stderr) == (
        1,
        "language: 'Engels' does not match the pattern ^[a-z]{2,3}(-[A-Za-z0-9]+)*$\n",
    )
    assert not (tmp_path / "x.xlsx").exists()


def _edit(book: Path, sheet: str, row: int, column: str, value: Any) -> None:
    wb = load_workbook(book)
    ws = wb[sheet]
    ws.cell(row, _column(ws, column).column).value = value
    wb.save(book)


@pytest.mark.parametrize(
    ("language", "shown"),
    [("nl", "legibility (Leesbaarheid)"), ("en", "legibility")],
)
def test_import_names_the_column_in_the_sessions_language(
    language: str, shown: str, package_copy: Path, example_workbook: Path
) -> None:
    _edit(example_workbook, "notes", 3, "legibility", "soms")
    _edit(example_workbook, "sessions", 2, "language", language)
    with pytest.raises(ImportRejectedError) as e:
        import_path(package_copy, example_workbook)
    assert e.value.lines() == [
        f"{BOOK} › notes › row 3 › {shown}: 'soms' is not one of: clear, uncertain, illegible"
    ]


def test_workbook_without_guide_sheet_still_imports(
    package_copy: Path, example_workbook: Path
) -> None:
    """A workbook exported before the guide sheet existed holds only tables."""
    wb = load_workbook(example_workbook)
    wb.remove(wb["Toelichting"])
    wb.save(example_workbook)
    result = import_path(package_copy, example_workbook)
    assert result.sessions == ("voorbeeld-2025",)
    assert result.added["notes"] > 0
