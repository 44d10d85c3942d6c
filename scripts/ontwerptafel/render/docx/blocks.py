"""Blocks every DOCX slide kind is made of: styled paragraphs, listed and ranked items.

Styles named here (``Finding``, ``Body Text``, ...) are defined in the
reference document (``render.docx.styles``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ontwerptafel.render.docx import pandoc_ast as pa
from ontwerptafel.views.model import Item


def item_inlines(item: Item) -> pa.Inlines:
    """A statement or finding: its bold actor (a goal's lead-in), then its runs."""
    lead = [pa.strong(pa.text(item.actor)), pa.space()] if item.actor else []
    return [*lead, *pa.runs(item.text)]


def translator_note(text: str, labels: Mapping[str, str], style: str = "Legend") -> pa.Node:
    """A translator's note as a paragraph of its own, named as one, so it never
    reads as part of the text it is about."""
    return styled_para(style, [pa.strong(pa.text(f"{labels['translator_note']}:")), pa.space(),
                               *pa.text(text)])  # fmt: skip


def ranked(
    items: Sequence[Item], style: str = "Finding", labels: Mapping[str, str] | None = None
) -> pa.Blocks:
    """Ranked findings as numbered lists that start at their rank.

    Contiguous ranks make one list; a gap starts a new list at the next rank,
    so the number shown is always the rank in the data. An item's translator's
    note follows its text, in the list item (``labels`` name it).
    """
    lists: list[tuple[int | None, list[pa.Blocks]]] = []
    for item in items:
        cell = [pa.para(item_inlines(item))]
        if item.note and labels is not None:
            cell.append(translator_note(item.note, labels))
        last = lists[-1] if lists else None
        if last and last[0] is not None and item.rank == last[0] + len(last[1]):
            last[1].append(cell)
            continue
        lists.append((item.rank, [cell]))
    blocks = [
        pa.ordered_list(cells, start) if start is not None else pa.bullet_list(cells)
        for start, cells in lists
    ]
    return [pa.div(style, blocks)]


def bullets(items: Iterable[Item], style: str = "Finding") -> pa.Node:
    """Listed statements in ``style``: pandoc styles list items only when they are
    paragraphs (``Para``) inside a styled Div; a ``Plain`` item is always Compact."""
    return pa.div(style, [pa.bullet_list([pa.para(item_inlines(i))] for i in items)])


def styled_para(style: str, inl: pa.Inlines) -> pa.Node:
    """One paragraph in a paragraph style (pandoc styles a Div's paragraphs)."""
    return pa.div(style, [pa.para(inl)])


def text_cell(style: str, value: str) -> pa.Blocks:
    """A table cell holding one styled paragraph of plain text."""
    return [styled_para(style, pa.text(value))]


def as_inlines(node: pa.Node | pa.Inlines) -> pa.Inlines:
    return node if isinstance(node, list) else [node]
