"""Another language's edition of a package: the same rows, their texts swapped.

The package's own language (each session's ``language``) is the original.
For another language ``xx`` every text the report shows is read from the
curators' translation beside it (``<field>_xx``, e.g. ``text_en``). Building
the edition as a package of swapped rows means the view model and every
renderer stay one code path for all languages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from collections.abc import Mapping
from typing import Any

from ontwerptafel.assets import LABELS_DIR
from ontwerptafel.errors import BuildError, Problem
from ontwerptafel.package.model import Package

#: a report language -> the BCP 47 tag with region that Word and PDF readers expect
REGION_TAGS = {"nl": "nl-NL", "en": "en-GB"}
#: the language of the codebook (data/README.md and its web page): its words
#: are the schemas' descriptions, written in English
CODEBOOK_LANGUAGE = "en"
#: ISO 639-1 -> ISO 639-3, the codes Zenodo's metadata expects
ISO639_3 = {"nl": "nld", "en": "eng", "de": "deu", "fr": "fra"}


def region_tag(lang: str) -> str:
    """``nl`` -> ``nl-NL``: the tag a document's language is declared with."""
    return REGION_TAGS.get(lang, lang)


def iso639_3(lang: str) -> str:
    """``nl`` -> ``nld``; a language without a known code is given as it is."""
    return ISO639_3.get(lang.split("-")[0], lang)


def original_language(package: Package) -> str:
    """The package's own language: its sessions' when they share one, else the
    first the descriptor lists, else the first session's."""
    langs = {s.language for s in package.sessions}
    if len(langs) == 1:
        return langs.pop()
    listed = package.descriptor.get("languages") or [s.language for s in package.sessions]
    return str(listed[0])


def in_language(row: Any, stem: str, lang: str, own: str) -> Any:
    """A row's ``<stem>_<lang>`` column (``label_en``), or its own language's
    when that column is missing or empty."""
    return getattr(row, f"{stem}_{lang}", None) or getattr(row, f"{stem}_{own}", None)


def translator_note(row: Any, lang: str, own: str) -> str | None:
    """The curators' translator's note on ``row`` in ``lang``
    (``translator_note_en``): said beside the translation, never inside it, and
    never in the original's own edition, which translates nothing."""
    if lang == own:
        return None
    return getattr(row, f"translator_note_{lang}", None) or None


def file_name(session_id: str, fmt: str, lang: str, own: str) -> str:
    """``dvhg-2024.pdf`` in the session's own language, ``dvhg-2024.en.pdf`` in another."""
    return f"{session_id}.{fmt}" if lang == own else f"{session_id}.{lang}.{fmt}"


#: the ``--lang`` value that means every language with labels
ALL_LANGUAGES = "all"


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
    "notes": {
        "text_verbatim": "text",
        "above_line": "above_line",
        "above_line_at": "above_line_at",
    },
    "findings": {"text": "text", "emphasis": "emphasis"},
}


class Labels(dict[str, str]):
    """The fixed texts of one language; a missing one is a clear error naming
    its labels file, not a ``KeyError`` deep inside a renderer."""

    def __init__(self, lang: str, texts: Mapping[str, str]) -> None:
        super().__init__(texts)
        self.lang = lang

    def __missing__(self, key: str) -> str:
        where = f"report/labels/{self.lang}.toml"
        raise BuildError([Problem(where, f"no label {key!r}; add it beside the others")])


def load_labels(lang: str) -> Labels:
    """The fixed texts of the report in ``lang`` (``report/labels/<lang>.toml``)."""
    path = LABELS_DIR / f"{lang}.toml"
    with path.open("rb") as f:
        data = tomllib.load(f)
    return Labels(lang, {str(k): str(v) for k, v in data.items()})


def format_date(date: dt.date, labels: Mapping[str, str]) -> str:
    """A date as the report in the labels' language writes it (12 november 2024)."""
    months = labels["months"].split()
    return f"{date.day} {months[date.month - 1]} {date.year}"


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
        if value or value == 0:  # a position 0 is a value
            changes[field] = value
    if table == "notes" and "text_verbatim" in changes:
        changes["text_reading"] = None
    return dataclasses.replace(row, **changes) if changes else row


#: the last package's editions by language: every report of a build in one
#: language shows the same edition, so it is translated once, not per report
_EDITIONS: list[tuple[Package, dict[str, Package]]] = []


def edition(package: Package, lang: str) -> Package:
    """The package as the report in ``lang`` shows it (itself for its own language)."""
    originals = {s.language for s in package.sessions}
    if originals == {lang}:
        return package
    if not _EDITIONS or _EDITIONS[0][0] is not package:
        _EDITIONS[:] = [(package, {})]  # held, so its id is not reused while cached
    made = _EDITIONS[0][1]
    if lang not in made:
        tables = {
            name: tuple(translated_row(name, r, lang) for r in rows) if name in TRANSLATED else rows
            for name, rows in package.tables.items()
        }
        made[lang] = Package(package.descriptor, tables, package.folder)
    return made[lang]


#: the language of the schemas' own ``title``s (short Dutch column titles) and
#: of their ``description``s (English, the codebook's); a text in another
#: language sits beside them as ``ontwerptafel:<title|description>_<lang>``
SCHEMA_TEXT_LANGUAGES = {"title": "nl", "description": "en"}


def schema_text(node: Mapping[str, Any], key: str, lang: str) -> str:
    """A resource's or field's ``title`` or ``description`` in ``lang``, or ''.

    Kept beside the schema rather than in a labels file, so that a column
    added to ``datapackage.json`` brings its texts in every language with it.
    """
    own = node.get(key) if SCHEMA_TEXT_LANGUAGES.get(key) == lang else None
    text = own or node.get(f"ontwerptafel:{key}_{lang}")
    return text if isinstance(text, str) else ""


def workbook_language(*candidates: str) -> str:
    """The language an entry workbook speaks: the first of ``candidates`` (the
    session's, then the package's) that has labels (``nl-BE`` -> ``nl``), else
    English, the language of the schemas' descriptions."""
    known = languages()
    for tag in candidates:
        primary = tag.split("-")[0].lower()
        if primary in known:
            return primary
    return SCHEMA_TEXT_LANGUAGES["description"]


#: the languages of the catalogue records (dcat.ttl): Dutch, the data's own,
#: and English, the language of the descriptor's description
RECORD_LANGUAGES = ("nl", "en")
