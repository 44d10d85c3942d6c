"""Another language's edition of a package: the same rows, their texts swapped.

The package's own language (each session's ``language``) is the original.
For another language ``xx`` every text the report shows is read from the
curators' translation beside it (``<field>_xx``, e.g. ``text_en``). Building
the edition as a package of swapped rows means the view model and every
renderer stay one code path for all languages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from ontwerptafel.model import Package

#: one file of fixed report texts per language the reports can be built in
LABELS_DIR = Path(__file__).resolve().parents[2] / "report" / "labels"


def languages() -> tuple[str, ...]:
    """The languages a report can be built in: those with a labels file.

    A language is a closed choice, never a path: ``--lang`` names one of
    these, so it cannot point the build at a file elsewhere.
    """
    return tuple(sorted(p.stem for p in LABELS_DIR.glob("*.toml")))

#: table -> shown field -> the stem of its translation column (``<stem>_<lang>``)
TRANSLATED: dict[str, dict[str, str]] = {
    "sessions": {
        "title": "title",
        "title_tag": "title_tag",
        "subtitle": "subtitle",
        "event": "event",
    },
    "session_organisers": {"name_as_written": "name"},
    "statements": {"actor": "actor", "text": "text", "emphasis": "emphasis"},
    "flipcharts": {"heading": "heading"},
    "sections": {"label": "label"},
    "notes": {"text_verbatim": "text", "above_line": "above_line"},
    "findings": {"text": "text", "emphasis": "emphasis"},
}


def translation_field(table: str, field: str, lang: str) -> str:
    """The column of ``field`` in ``lang``: ``notes.text_verbatim`` -> ``text_en``."""
    return f"{TRANSLATED[table][field]}_{lang}"


def translated_row(table: str, row: Any, lang: str) -> Any:
    """``row`` with each shown text replaced by its translation where one is given.

    A note's translation is made from the curators' reading where there is
    one, so a translated note carries no separate reading. An empty
    translation (an illegible note) keeps the original, which is then no
    language at all ("...").
    """
    changes: dict[str, Any] = {}
    for field in TRANSLATED.get(table, {}):
        value = getattr(row, translation_field(table, field, lang), None)
        if value:
            changes[field] = value
    if table == "notes" and "text_verbatim" in changes:
        changes["text_reading"] = None
    return dataclasses.replace(row, **changes) if changes else row


def edition(package: Package, lang: str) -> Package:
    """The package as the report in ``lang`` shows it (itself for its own language)."""
    originals = {s.language for s in package.sessions}
    if originals == {lang}:
        return package
    tables = {
        name: tuple(translated_row(name, r, lang) for r in rows) if name in TRANSLATED else rows
        for name, rows in package.tables.items()
    }
    return Package(package.descriptor, tables)
