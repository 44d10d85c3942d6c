"""The codebook as appendix slides: every table and column of the package.

The same documentation as ``data/README.md`` (see ``codebook``), cut to what a
slide can hold: per table its name, purpose, size, origin and keys; per column
its type, whether it is required, its allowed values and the first sentence of
its description. The tables follow each other over as many 16:9 slides as they
need; a table that does not fit continues on the next slide, marked as
continued, so no slide holds more than its page can show.

How much a slide holds is estimated here, line by line (like the promises in
``views.paginate``), with the widths the renderers draw the columns at; the
PDF test checks that every slide stays one page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ontwerptafel.codebook import FieldDoc, TableDoc, describe
from ontwerptafel.model import Package
from ontwerptafel.package import table_resources
from ontwerptafel.views import Slide

#: the language the schemas' descriptions are written in
SCHEMA_LANG = "en"
#: a description is cut to its first sentence, and to at most this many
#: characters; a list of allowed values too (data/README.md has them in full)
DESCRIPTION_LENGTH = 180
VALUES_LENGTH = 120
#: where a sentence ends: a stop and a capital after it, not after "e.g.", "i.e." or "et al."
SENTENCE_END = r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bal\.)(?<=[.!?])\s+(?=[A-Z])"

#: Room on a slide below its heading, and the height of each piece, in points,
#: as report/style/report.css sets them (9 pt table text on an 11.25 pt line).
#: The slide's text area is 840 pt wide and 454 pt high; its heading takes 42.
CAPACITY = 404.0
#: a line of the first slide's introduction (10 pt, 780 pt wide), the characters
#: it holds, and the gap below it
INTRO_LINE = 13.0
INTRO_CHARS = 150
INTRO_GAP = 8.0
TABLE_NAME = 18.0
HEADER_ROW = 17.0
LINE = 11.25
ROW_PADDING = 4.0
PART_GAP = 10.0
#: a purpose or key line (9.5 pt), and the characters it holds
SMALL_LINE = 12.5
SMALL_CHARS = 170
TEXT_WIDTH_PT = 840
CELL_PADDING_PT = 8
#: characters a line of a column holds per point of its width: kept low (the
#: faces set about 0.25 to the point, bold 0.19), so an estimate errs long
CHARS_PER_PT = 0.23
BOLD_CHARS_PER_PT = 0.17
#: a table starts on a slide only if its heads and this many fields fit there,
#: and it is split only if at least this many are left for the next slide
MIN_FIELDS = 4


@dataclass(frozen=True)
class CodebookColumn:
    """A column of the codebook's tables: which value, its head, its share of the width."""

    key: str
    label: str
    width: float


@dataclass(frozen=True)
class FieldRow:
    """One column of a data table, as a row of the codebook."""

    name: str
    title: str
    type: str
    required: str
    values: str
    description: str


@dataclass(frozen=True)
class TablePart:
    """A table of the package, or the part of it that one slide shows."""

    name: str
    title: str
    continued: bool
    #: purpose, size and keys: on the table's first part only
    description: str
    size: str
    origin: str
    primary_key: str
    foreign_keys: tuple[str, ...]
    fields: tuple[FieldRow, ...]


#: the columns of each edition, with their shares of the width; the Dutch one
#: adds each column's Dutch title from the schema, the English one has none
COLUMNS: dict[bool, tuple[tuple[str, float], ...]] = {
    True: (("name", 0.17), ("title", 0.13), ("type", 0.07), ("required", 0.07),
           ("values", 0.15), ("description", 0.41)),
    False: (("name", 0.19), ("type", 0.07), ("required", 0.07), ("values", 0.17),
            ("description", 0.50)),
}  # fmt: skip


def shorten(text: str, length: int) -> str:
    """``text`` on one line, cut at a blank to at most ``length`` characters."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 2].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def short_description(text: str) -> str:
    """The first sentence of ``text``, cut to ``DESCRIPTION_LENGTH``."""
    first = re.split(SENTENCE_END, " ".join(text.split()), maxsplit=1)[0]
    return shorten(first, DESCRIPTION_LENGTH)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _text_rows(rows: Sequence[Any]) -> list[dict[str, str]]:
    """Typed rows back as text cells, as ``codebook.describe`` reads them."""
    out = []
    for row in rows:
        values = dataclasses.asdict(row) if dataclasses.is_dataclass(row) else dict(row)
        out.append({k: _cell(v) for k, v in values.items()})
    return out


def table_docs(package: Package) -> list[TableDoc]:
    """Every table of the package, documented from its schema and its rows."""
    return [
        describe(r, _text_rows(package.rows(r["name"])))
        for r in table_resources(package.descriptor)
    ]


def field_row(f: FieldDoc, labels: Mapping[str, str], titled: bool) -> FieldRow:
    return FieldRow(
        name=f.name,
        title=f.title if titled else "",
        type=f.type,
        required=labels["codebook_yes"] if f.required else labels["codebook_no"],
        values=shorten(", ".join(v.value for v in f.values), VALUES_LENGTH),
        description=short_description(f.description),
    )


def _lines(text: str, chars: int) -> int:
    return max(1, len(textwrap.wrap(text, max(chars, 1), break_on_hyphens=False)))


def _chars(column: CodebookColumn) -> int:
    per_pt = BOLD_CHARS_PER_PT if column.key == "name" else CHARS_PER_PT
    return int((column.width * TEXT_WIDTH_PT - CELL_PADDING_PT) * per_pt)


def row_cost(row: FieldRow, columns: Sequence[CodebookColumn]) -> float:
    """A row's estimated height: its tallest cell, plus its padding."""
    cells = [_lines(str(getattr(row, c.key)), _chars(c)) for c in columns]
    return max(cells) * LINE + ROW_PADDING


def head_cost(part: TablePart) -> float:
    """A table part's name, purpose and key lines, its column heads, the gap after it."""
    cost = TABLE_NAME + HEADER_ROW + PART_GAP
    if not part.continued:
        meta = " · ".join(filter(None, [part.size, part.origin, part.primary_key,
                                        *part.foreign_keys]))  # fmt: skip
        cost += SMALL_LINE * (_lines(part.description, SMALL_CHARS) + _lines(meta, SMALL_CHARS))
    return cost


def paginate(
    parts: Sequence[TablePart], columns: Sequence[CodebookColumn], first_room: float
) -> list[list[TablePart]]:
    """Tables over slides, in order, as many as fit on a slide.

    A table that does not fit the rest of a slide is split between its fields
    and continued on the next slide, if each part keeps ``MIN_FIELDS`` of them;
    else it starts on the next slide.
    """
    pages: list[list[TablePart]] = [[]]
    room = first_room
    for part in parts:
        rows = list(part.fields)
        piece = part
        while True:
            costs = [row_cost(r, columns) for r in rows]
            need = head_cost(piece)
            fit = 0
            while fit < len(rows) and need + costs[fit] <= room:
                need += costs[fit]
                fit += 1
            if fit == len(rows):
                pages[-1].append(dataclasses.replace(piece, fields=tuple(rows)))
                room -= need
                break
            fit = min(fit, len(rows) - MIN_FIELDS)  # nor leave fewer for the next
            if fit >= min(MIN_FIELDS, len(rows)) or not pages[-1]:
                fit = max(fit, 1)  # never an empty slide, whatever a row costs
                pages[-1].append(dataclasses.replace(piece, fields=tuple(rows[:fit])))
                rows = rows[fit:]
                piece = dataclasses.replace(piece, continued=True)
            pages.append([])
            room = CAPACITY
    return [p for p in pages if p]


def table_part(t: TableDoc, labels: Mapping[str, str], titled: bool) -> TablePart:
    size = labels["codebook_row" if t.rows == 1 else "codebook_rows"]
    origin = labels.get(f"codebook_origin_{t.origin}", t.origin)
    key = ", ".join(t.primary_key)
    return TablePart(
        name=t.name,
        title=t.title if titled else "",
        continued=False,
        description=" ".join(t.description.split()),
        size=f"{t.rows} {size}",
        origin=f"{labels['codebook_origin']}: {origin}" if origin else "",
        primary_key=f"{labels['codebook_key']}: {key}" if key else "",
        foreign_keys=tuple(f"{labels['codebook_refers']}: {fk}" for fk in t.foreign_keys),
        fields=tuple(field_row(f, labels, titled) for f in t.fields),
    )


def codebook_slides(package: Package, lang: str, labels: Mapping[str, str]) -> list[Slide]:
    """The codebook appendix: every table of the package, over as many slides as it needs.

    The schemas' titles are in the package's own language, so only that
    edition shows them; the descriptions are the schemas' own (English) in
    every edition.
    """
    titled = lang in package.descriptor.get("languages", ())
    columns = tuple(
        CodebookColumn(key, labels[f"codebook_col_{key}"], width) for key, width in COLUMNS[titled]
    )
    parts = [table_part(t, labels, titled) for t in table_docs(package)]
    continued = f"{labels['codebook']} ({labels['codebook_continued']})"
    intro = _lines(labels["codebook_intro"], INTRO_CHARS) * INTRO_LINE + INTRO_GAP
    return [
        Slide(
            "codebook",
            continued if i else labels["codebook"],
            data={
                "intro": "" if i else labels["codebook_intro"],
                "continued": labels["codebook_continued"],
                "columns": columns,
                "description_lang": SCHEMA_LANG,
                "parts": tuple(page),
            },
        )
        for i, page in enumerate(paginate(parts, columns, CAPACITY - intro))
    ]
