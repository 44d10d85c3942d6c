"""What an entry workbook says about its sheets and columns, in the session's language.

Organisers fill the workbook in their own language, so its guide sheet, the
note on each column name and the messages of each column's cells speak it.
Every word comes from the schema (a table's or column's title and
description in that language, ``views.i18n.schema_text``) or from the
language's labels file (its ``workbook_`` keys): a column added to
``datapackage.json`` brings its own texts, and no language is written here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ontwerptafel.package.session_tables import links, primary_key
from ontwerptafel.package.validate import ID_PREFIX
from ontwerptafel.views.i18n import languages, load_labels, schema_text, workbook_language

#: what Excel allows in a cell's input or error message (longer ones make it
#: report the file as damaged)
MAX_MESSAGE_TITLE = 32
MAX_MESSAGE = 255


@dataclass(frozen=True)
class ColumnNote:
    """Everything the workbook says about one column, in one language."""

    #: the note on the column name: title, meaning, type, values, ids, links
    comment: str
    #: the title and text of the message shown when a cell of the column is chosen
    prompt_title: str
    prompt: str
    #: the drop-down list's values (empty for a free column) and its error message
    choices: tuple[str, ...]
    error_title: str
    error: str


def column_title(field: Mapping[str, Any], lang: str) -> str:
    """A column's short title in ``lang`` ('' when the schema has none in it)."""
    return schema_text(field, "title", lang)


def column_titles(
    schemas: Mapping[str, dict[str, Any]], *tags: str
) -> dict[str, dict[str, str]]:
    """Per table, each column's title in the workbook language of the language
    ``tags`` (see ``workbook_language``): what ``import`` names beside a field."""
    lang = workbook_language(*tags)
    return {
        table: {f["name"]: column_title(f, lang) for f in schema.get("fields", [])}
        for table, schema in schemas.items()
    }


def column_description(field: Mapping[str, Any], lang: str) -> str:
    """A column's meaning in ``lang``, else the schema's own description: an
    English note is better than none while a translation is missing."""
    return schema_text(field, "description", lang) or str(field.get("description") or "")


def choices_of(field: Mapping[str, Any]) -> tuple[str, ...]:
    """The values a column's drop-down list offers (none for a free column)."""
    if field.get("type") == "boolean":
        return ("true", "false")
    return tuple(map(str, field.get("constraints", {}).get("enum") or ()))


def column_note(table: str, field: dict[str, Any], schema: dict[str, Any], lang: str) -> ColumnNote:
    """What a person filling in ``table``'s column ``field`` needs to know, in ``lang``."""
    labels = _labels(lang)
    name = field["name"]
    title = column_title(field, lang)
    description = column_description(field, lang)
    constraints = field.get("constraints", {})
    lines = [f"{name} ({title})" if title else name]
    if description:
        lines.append(description)
    kind = str(field.get("type", "string"))
    required = constraints.get("required") or primary_key(schema) == [name]
    lines.append(
        labels["workbook_type"].format(
            kind=labels.get(f"workbook_kind_{kind}", kind),
            required=labels["workbook_required" if required else "workbook_optional"],
        )
    )
    if constraints.get("enum"):
        lines.append(labels["workbook_one_of"].format(values=", ".join(choices_of(field))))
    if primary_key(schema) == [name]:
        lines.append(labels["workbook_row_id"].format(table=table))
        if table in ID_PREFIX and ID_PREFIX[table][0] == name:
            lines.append(labels["workbook_prefix"].format(field=ID_PREFIX[table][1]))
    for lk in links(schema, table):
        if name in lk.fields:
            target = lk.target_fields[lk.fields.index(name)]
            lines.append(labels["workbook_refers"].format(table=lk.resource, field=target))
    for fk in schema.get("foreignKeys", []):
        fields = fk.get("fields")
        target = fk.get("reference", {}).get("resource") or table
        if (fields == name or fields == [name]) and target == table:
            lines.append(labels["workbook_refers_self"].format(table=table))
    choices = choices_of(field)
    lead = labels["workbook_pick"] + " " if choices else ""
    return ColumnNote(
        comment="\n".join(lines),
        prompt_title=fitted(title or name, MAX_MESSAGE_TITLE, ""),
        prompt=fitted(lead + description, MAX_MESSAGE, labels["workbook_more"]),
        choices=choices,
        error_title=fitted(labels["workbook_choose_title"], MAX_MESSAGE_TITLE, ""),
        error=fitted(labels["workbook_choose"].format(values=", ".join(choices)), MAX_MESSAGE, ""),
    )


def fitted(text: str, limit: int, more: str) -> str:
    """``text`` within ``limit`` characters: whole sentences, then ``more``
    saying where the rest is; cut at a word (…) when not even one sentence fits."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(more) - 1 if more else limit
    cut = text.rfind(". ", 0, room)
    if cut > 0:
        return f"{text[: cut + 1]} {more}".strip()
    cut = text.rfind(" ", 0, room - 1)
    head = text[: cut if cut > 0 else room - 1].rstrip(",;:") + "…"
    return f"{head} {more}".strip() if more and len(head) + len(more) < limit else head


@dataclass(frozen=True)
class GuideRow:
    """One table on the guide sheet: its sheet, title, meaning and who fills it in."""

    sheet: str
    title: str
    holds: str
    who: str


def guide_rows(
    descriptor: dict[str, Any], sheets: Mapping[str, str], shared: set[str], lang: str
) -> list[GuideRow]:
    """A row for each table sheet (``sheets``: table -> sheet name), in order."""
    labels = _labels(lang)
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    out = []
    for table, sheet in sheets.items():
        res = resources.get(table, {})
        if table in shared:
            who = labels["workbook_shared"]
        elif res.get("ontwerptafel:origin") == "curators":
            who = labels["workbook_by_curators"]
        else:
            who = labels["workbook_by_workshop"]
        holds = schema_text(res, "description", lang) or str(res.get("description") or "")
        out.append(GuideRow(sheet, schema_text(res, "title", lang), holds, who))
    return out


@functools.cache
def _labels(lang: str) -> Mapping[str, str]:
    """The labels of ``lang``, read once: every column's note asks for them."""
    return load_labels(lang)


@functools.cache
def guide_sheet_names() -> frozenset[str]:
    """The guide sheet's name in every language a workbook can be made in:
    ``import`` passes over it, whichever language the workbook speaks."""
    return frozenset(load_labels(lang)["workbook_guide"] for lang in languages())
