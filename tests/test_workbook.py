"""Entry workbooks (new-session, export workbook): one sheet per session table,
everything about a column taken from its schema, and the same bytes each time."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from ontwerptafel.cli import cli
from ontwerptafel.package.read import read_table, table_resources
from ontwerptafel.sessions.workbook import export_workbook, new_session_workbook

SESSION_SHEETS = [
    "sessions",
    "session_organisers",
    "statements",
    "flipcharts",
    "sections",
    "notes",
    "findings",
    "contacts",
    "affiliations",
]


def _descriptor(root: Path) -> dict:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def test_new_session_sheets_headers_comments(package_copy: Path, tmp_path: Path) -> None:
    book = new_session_workbook(
        package_copy, "dvhg-2025", "Titel", "2025-11-11", event="DvhG 2025", out=tmp_path / "b.xlsx"
    )
    wb = load_workbook(book)
    schemas = {r["name"]: r["schema"] for r in table_resources(_descriptor(package_copy))}
    # the tables named here, in descriptor order, then organisations; more as the schema grows
    names = [n for n in wb.sheetnames if n in SESSION_SHEETS]
    assert names == SESSION_SHEETS
    assert wb.sheetnames[0] == "Toelichting"  # the guide, in the session's language
    assert wb.sheetnames.index("organisations") > wb.sheetnames.index("affiliations")
    for ws in wb.worksheets[1:]:
        fields = schemas[ws.title]["fields"]
        assert [c.value for c in ws[1]] == [f["name"] for f in fields]
        for cell, field in zip(ws[1], fields, strict=True):
            dutch = field["ontwerptafel:description_nl"]
            assert dutch in cell.comment.text, (ws.title, field["name"])
    assert (
        "Begint met de flipchart_id van de rij en een koppelteken."
        in wb["notes"]["A1"].comment.text
    )
    parent = next(c for c in wb["notes"][1] if c.value == "parent_note_id")
    assert "Verwijst naar een andere rij van notes." in parent.comment.text
    sessions = wb["sessions"]
    filled = {c.value: v.value for c, v in zip(sessions[1], sessions[2], strict=True) if v.value}
    assert filled == {
        "session_id": "dvhg-2025",
        "title": "Titel",
        "event": "DvhG 2025",
        "date": dt.datetime(2025, 11, 11),  # a date cell, shown as 2025-11-11
        "language": "nl",
    }
    assert sessions.max_row == 2
    assert wb["notes"].max_row == 1
    orgs = [r[0] for r in wb["organisations"].iter_rows(min_row=2, values_only=True)]
    assert orgs == ["kcpeg", "ul", "belastingdienst", "szw"]


def test_enum_fields_get_drop_downs(package_copy: Path, tmp_path: Path) -> None:
    wb = load_workbook(
        new_session_workbook(package_copy, "x-1", "T", "2025-01-01", out=tmp_path / "b.xlsx")
    )
    ws = wb["notes"]
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    header = {c.value: c.column_letter for c in ws[1]}
    assert lists[f"{header['struck_through']}2"] == '"no,partial,whole"'
    assert lists[f"{header['legibility']}2"] == '"clear,uncertain,illegible"'
    assert f"{header['text_verbatim']}2" not in lists
    sessions = wb["sessions"]
    column = {c.value: c.column_letter for c in sessions[1]}["participants_approximate"]
    found = [
        dv.formula1
        for dv in sessions.data_validations.dataValidation
        if str(dv.sqref).startswith(column) and dv.type == "list"
    ]
    assert found == ['"true,false"']


def test_same_input_same_bytes(package_copy: Path, tmp_path: Path) -> None:
    digests = set()
    for name in ("a.xlsx", "b.xlsx"):
        book = new_session_workbook(package_copy, "x-1", "T", "2025-01-01", out=tmp_path / name)
        digests.add(hashlib.sha256(book.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_schema_growth_reaches_the_workbook(package_copy: Path, tmp_path: Path) -> None:
    """A new table pointing at flipcharts, and a new column, appear without code changes."""
    descriptor = _descriptor(package_copy)
    fields = [{"name": "sketch_id", "type": "string", "description": "Id of the sketch."}]
    fields.append({"name": "flipchart_id", "type": "string", "description": "The chart."})
    descriptor["resources"].insert(
        -1,
        {
            "name": "sketches",
            "path": "data/sketches.csv",
            "schema": {
                "fields": fields,
                "primaryKey": ["sketch_id"],
                "foreignKeys": [
                    {
                        "fields": ["flipchart_id"],
                        "reference": {"resource": "flipcharts", "fields": ["flipchart_id"]},
                    }
                ],
            },
        },
    )
    sketches = package_copy / "data" / "sketches.csv"
    sketches.write_text("sketch_id,flipchart_id\n", encoding="utf-8")
    text = json.dumps(descriptor, indent=2, ensure_ascii=False)
    (package_copy / "datapackage.json").write_text(text, encoding="utf-8")
    wb = load_workbook(
        new_session_workbook(package_copy, "x-1", "T", "2025-01-01", out=tmp_path / "b.xlsx")
    )
    assert "sketches" in wb.sheetnames
    assert [c.value for c in wb["sketches"][1]] == ["sketch_id", "flipchart_id"]
    assert wb["sketches"]["B1"].comment.text.endswith("Verwijst naar flipcharts › flipchart_id.")


def test_export_holds_the_session_rows(package_copy: Path, tmp_path: Path) -> None:
    book = export_workbook(package_copy, "dvhg-2024", out=tmp_path / "e.xlsx")
    wb = load_workbook(book)
    for res in table_resources(_descriptor(package_copy)):
        if res["name"] not in wb.sheetnames:
            continue
        raw = read_table(package_copy, res)
        ws = wb[res["name"]]
        got = [
            ["" if v is None else str(v)[:10] if res["name"] == "sessions" else str(v) for v in row]
            for row in ws.iter_rows(min_row=2, values_only=True)
        ]
        want = [
            [cells[h][:10] if res["name"] == "sessions" else cells[h] for h in raw.header]
            for _, cells in raw.rows
        ]
        assert got == want, res["name"]


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_new_session_refuses_existing_id(package_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    code, _, err = _run(
        "new-session", "dvhg-2024", "--title", "T", "--date", "2025-01-01",
        "--out", str(out), "--package", str(package_copy),
    )  # fmt: skip
    assert code == 1
    assert err == (
        "session_id: 'dvhg-2024' is already in the package; to correct it, "
        "use: ontwerptafel export workbook dvhg-2024\n"
    )
    assert not out.exists()


def test_cli_new_session_bad_options(package_copy: Path, tmp_path: Path) -> None:
    code, _, err = _run(
        "new-session", "Dvhg 2025", "--title", " ", "--date", "11-11-2025",
        "--out", str(tmp_path / "x.xlsx"), "--package", str(package_copy),
    )  # fmt: skip
    assert code == 1
    assert err.splitlines() == [
        "session_id: 'Dvhg 2025' does not match the pattern ^[a-z0-9]+(-[a-z0-9]+)*$"
        " (e.g. 'dvhg-2025')",
        "date: '11-11-2025' is not a date (YYYY-MM-DD)",
        "title: must not be empty",
        "3 problems",
    ]


def test_cli_refuses_to_overwrite(package_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"filled in by hand")
    code, _, err = _run(
        "export", "workbook", "dvhg-2024", "--out", str(out), "--package", str(package_copy)
    )
    assert code == 1
    assert err == f"{out}: already exists; choose another --out, or move the file away first\n"
    assert out.read_bytes() == b"filled in by hand"


def test_cli_export_unknown_session(package_copy: Path, tmp_path: Path) -> None:
    code, _, err = _run("export", "workbook", "nope", "--package", str(package_copy))
    assert (code, err) == (1, "nope: no such session in the package (dvhg-2024)\n")


def test_cli_new_session_default_name(
    package_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(
        "new-session",
        "dvhg-2025",
        "--title",
        "T",
        "--date",
        "2025-11-11",
        "--package",
        str(package_copy),
    )
    assert code == 0
    assert out == "wrote dvhg-2025.xlsx; fill it in, then run: ontwerptafel import dvhg-2025.xlsx\n"
    assert (tmp_path / "dvhg-2025.xlsx").is_file()


@pytest.mark.parametrize("command", [["new-session"], ["export", "workbook"], ["import"]])
def test_commands_have_help_with_an_example(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0
    assert "Example: ontwerptafel " in out
