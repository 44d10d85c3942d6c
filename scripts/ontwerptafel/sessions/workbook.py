"""Entry workbooks: a blank one for a new session, or an existing session to correct.

A guide sheet first, then one sheet per table that holds a session's rows,
named after the resource, then the shared tables those rows refer to
(organisations), where new rows may be added. Everything about a column comes
from its schema: the header is the field name, its note the title,
description, type and id scheme (in the session's language, see
``workbook_notes``), and an enum becomes a drop-down list. The same workbook
goes back in through ``import``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ontwerptafel.errors import PackageError, Problem
from ontwerptafel.files import workbook_bytes, write_atomic
from ontwerptafel.package.characters import cell_problem
from ontwerptafel.package.read import locate, read_descriptor, read_table, table_resources
from ontwerptafel.package.session_tables import (
    SESSIONS,
    owners,
    schemas,
    session_tables,
    shared_tables,
)
from ontwerptafel.sessions.sheets import sheet_name
from ontwerptafel.sessions.workbook_notes import column_note, guide_rows
from ontwerptafel.views.i18n import load_labels, workbook_language

Rows = list[dict[str, str]]


def new_session_workbook(
    root: str | Path,
    session_id: str,
    title: str,
    date: str | dt.date,
    event: str | None = None,
    out: str | Path | None = None,
    language: str | None = None,
) -> Path:
    """Write a blank entry workbook for a new session; return its path.

    The sessions sheet is filled in with what is given (the language, when
    not given, is the package's); every other session sheet is empty, the
    shared sheets list the rows already in the package so their ids can be
    referred to. The workbook's notes speak the session's language. A session
    id already in the package is refused: correct a session with
    ``export_workbook`` instead.
    """
    package = locate(root)
    descriptor = read_descriptor(package)
    fields = {f["name"]: f for f in schemas(descriptor)[SESSIONS]["fields"]}
    problems = _id_problems(session_id, fields.get("session_id", {}))
    try:
        day = _day(date)
    except PackageError as e:
        problems += e.problems
    problems += _text_problems("title", title, fields.get("title", {}))
    if event is not None:
        problems += _text_problems("event", event, fields.get("event", {}))
    if language is not None:
        problems += _text_problems("language", language, fields.get("language", {}))
    existing = _table_rows(package, descriptor)
    if any(r.get("session_id") == session_id for r in existing.get(SESSIONS, [])):
        msg = (
            f"{session_id!r} is already in the package; to correct it, "
            f"use: ontwerptafel export workbook {session_id}"
        )
        problems.append(Problem("session_id", msg))
    if problems:
        raise PackageError(problems)
    given = {"session_id": session_id, "title": title, "date": day.isoformat()}
    if event:
        given["event"] = event
    languages = [language] if language else descriptor.get("languages") or []
    if "language" in fields and languages:
        given["language"] = str(languages[0])
    row = {name: given.get(name, "") for name in fields}
    rows: dict[str, Rows] = {t: [] for t in session_tables(descriptor)}
    rows[SESSIONS] = [row]
    for table in shared_tables(descriptor):
        rows[table] = existing.get(table, [])
    return _save(descriptor, rows, _out(out, session_id), day)


def export_workbook(root: str | Path, session_id: str, out: str | Path | None = None) -> Path:
    """Write an existing session into an entry workbook; return its path.

    Import it back with ``import_path(..., replace=True)`` after correcting it:
    rows keep their order, so only what was changed reaches the data.
    """
    package = locate(root)
    descriptor = read_descriptor(package)
    existing = _table_rows(package, descriptor)
    sessions = [r for r in existing.get(SESSIONS, []) if r.get("session_id") == session_id]
    if not sessions:
        known = ", ".join(r.get("session_id", "") for r in existing.get(SESSIONS, []))
        raise PackageError([Problem(session_id, f"no such session in the package ({known})")])
    owner = owners(descriptor, existing)
    rows: dict[str, Rows] = {}
    for table in session_tables(descriptor):
        rows[table] = [
            r for r, o in zip(existing[table], owner[table], strict=True) if o == session_id
        ]
    for table in shared_tables(descriptor):
        rows[table] = existing.get(table, [])
    day = _day(sessions[0].get("date", "")) if sessions[0].get("date") else dt.date(1980, 1, 1)
    return _save(descriptor, rows, _out(out, session_id), day)


# --- helpers ------------------------------------------------------------------


def _day(date: str | dt.date) -> dt.date:
    if isinstance(date, dt.date):
        return date
    try:
        return dt.date.fromisoformat(date.strip())
    except ValueError:
        raise PackageError([Problem("date", f"{date!r} is not a date (YYYY-MM-DD)")]) from None


def _id_problems(session_id: str, field: dict[str, Any]) -> list[Problem]:
    constraints = field.get("constraints", {})
    pattern = constraints.get("pattern")
    if not session_id or (pattern and not re.fullmatch(pattern, session_id)):
        msg = f"{session_id!r} does not match the pattern {pattern} (e.g. 'dvhg-2025')"
        return [Problem("session_id", msg)]
    limit = constraints.get("maxLength")
    if limit and len(session_id) > limit:
        return [Problem("session_id", f"is longer than {limit} characters")]
    return []


def _text_problems(name: str, value: str, field: dict[str, Any]) -> list[Problem]:
    """What ``import`` would refuse in ``value`` as the cell of ``field``: by the
    schema's own constraints, and the characters no cell may hold."""
    constraints = field.get("constraints", {})
    if not value.strip():
        return [Problem(name, "must not be empty")]
    why = cell_problem(value)
    if why:
        return [Problem(name, why)]
    limit = constraints.get("maxLength")
    if limit is not None and len(value) > limit:
        return [Problem(name, f"is {len(value)} characters long; at most {limit} are allowed")]
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        hint = " (no blank at the start or end)" if value != value.strip() else ""
        return [Problem(name, f"{value!r} does not match the pattern {pattern}{hint}")]
    return []


def _out(out: str | Path | None, session_id: str) -> Path:
    path = Path(out) if out else Path(f"{session_id}.xlsx")
    if path.exists():
        msg = "already exists; choose another --out, or move the file away first"
        raise PackageError([Problem(str(path), msg)])
    return path


def _table_rows(root: Path, descriptor: dict[str, Any]) -> dict[str, Rows]:
    return {
        res["name"]: [cells for _, cells in read_table(root, res).rows]
        for res in table_resources(descriptor)
    }


def _typed(text: str, field: dict[str, Any]) -> Any:
    """A CSV text as the cell value a spreadsheet shows best."""
    kind = field.get("type", "string")
    try:
        if text and kind == "integer":
            return int(text)
        if text and kind == "number":
            return float(text)
        if text and kind == "date":
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    return text or None


def _save(descriptor: dict[str, Any], rows: dict[str, Rows], out: Path, day: dt.date) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    all_schemas = schemas(descriptor)
    lang = _language(descriptor, rows)
    wb = Workbook()
    wb.remove(wb.active)
    _guide(wb, descriptor, rows, lang)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for table, table_rows in rows.items():
        schema = all_schemas[table]
        ws = wb.create_sheet(sheet_name(table))
        ws.freeze_panes = "A2"
        for col, field in enumerate(schema["fields"], start=1):
            letter = get_column_letter(col)
            note = column_note(table, field, schema, lang)
            cell = ws.cell(1, col, field["name"])
            cell.font, cell.fill = bold, fill
            comment = Comment(note.comment, "ontwerptafel")
            comment.width, comment.height = 320, 200
            cell.comment = comment
            limit = field.get("constraints", {}).get("maxLength", 30)
            ws.column_dimensions[letter].width = max(len(field["name"]) + 4, min(50, limit))
            for r, row in enumerate(table_rows, start=2):
                value = _typed(row.get(field["name"], ""), field)
                target = ws.cell(r, col, value)
                if isinstance(value, str) and value.startswith("="):
                    target.data_type = "s"  # text, never a formula
                elif isinstance(value, dt.date):
                    target.number_format = "yyyy-mm-dd"
            # every cell of the column shows its title and meaning when chosen;
            # a coded column's cells also offer the allowed values as a list
            dv = DataValidation(allow_blank=True, showInputMessage=True)
            dv.promptTitle, dv.prompt = note.prompt_title, note.prompt
            listed = ",".join(note.choices)
            if note.choices and len(listed) <= 250 and not any("," in c for c in note.choices):
                dv.type, dv.formula1 = "list", f'"{listed}"'
                dv.errorTitle, dv.error = note.error_title, note.error
                dv.showErrorMessage = True
            dv.add(f"{letter}2:{letter}1048576")
            ws.add_data_validation(dv)
    stamp = dt.datetime.combine(day, dt.time())
    wb.properties.creator = "ontwerptafel"
    wb.properties.language = lang
    # import names this version when the package's columns have changed since
    if descriptor.get("version"):
        wb.properties.version = str(descriptor["version"])
    wb.properties.created = wb.properties.modified = stamp
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_fixed(wb, out, stamp)
    return out


def _language(descriptor: dict[str, Any], rows: dict[str, Rows]) -> str:
    """The workbook's language: its (first) session's, else the package's."""
    given = [r.get("language", "") for r in rows.get(SESSIONS, [])]
    return workbook_language(*given, *map(str, descriptor.get("languages") or []))


#: the guide sheet's column widths (sheet, title, what it holds, who fills it in)
GUIDE_WIDTHS = (22, 30, 70, 34)


def _guide(wb: Any, descriptor: dict[str, Any], rows: dict[str, Rows], lang: str) -> None:
    """The first sheet: how to fill the workbook in, and what each sheet holds.

    Every text wraps within its cells and each row is as tall as its longest
    text needs, since a spreadsheet program does not grow a row it opens."""
    from openpyxl.styles import Alignment, Font

    labels = load_labels(lang)
    ws = wb.create_sheet(labels["workbook_guide"])
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(cells: list[str], font: Any = None, across: bool = False) -> None:
        ws.append(cells)
        r = ws.max_row
        for cell in ws[r][: len(cells)]:
            cell.alignment, cell.font = wrap, font or Font()
        widths = (sum(GUIDE_WIDTHS),) if across else GUIDE_WIDTHS
        if across:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(GUIDE_WIDTHS))
        lines = max(len(t) // int(w * 0.8) + 1 for t, w in zip(cells, widths, strict=False))
        ws.row_dimensions[r].height = 15 * lines if not (font and font.size) else 22

    sessions = ", ".join(r.get("session_id", "") for r in rows.get(SESSIONS, []))
    package = str(descriptor.get("title") or descriptor.get("name") or "")
    put([labels["workbook_heading"]], Font(bold=True, size=14), across=True)
    version = descriptor.get("version", "")
    put(
        [labels["workbook_for"].format(session=sessions, package=package, version=version)],
        across=True,
    )
    for text in ("", *(labels[f"workbook_howto_{i}"] for i in range(1, 6)), ""):
        put([text], across=True)
    keys = ("workbook_sheet", "workbook_title", "workbook_holds", "workbook_who")
    put([labels[k] for k in keys], Font(bold=True))
    shared = set(shared_tables(descriptor))
    sheets = {table: sheet_name(table) for table in rows}
    for row in guide_rows(descriptor, sheets, shared, lang):
        put([row.sheet, row.title, row.holds, row.who])
    for i, width in enumerate(GUIDE_WIDTHS):
        ws.column_dimensions["ABCD"[i]].width = width
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _write_fixed(wb: Any, out: Path, stamp: dt.datetime) -> None:
    write_atomic(out, workbook_bytes(wb, stamp))
