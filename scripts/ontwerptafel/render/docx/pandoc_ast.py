"""Build pandoc's JSON AST in Python.

The DOCX is written by pandoc from this AST, never from Markdown or HTML, so
no text from the data can be read as markup: a note holding
``![x](/etc/passwd)`` is a ``Str`` with those characters and nothing else.
Only ``raw_openxml`` emits raw output, and it takes fixed strings, never data.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ontwerptafel.render.docx.pandoc_binary import run_pandoc
from ontwerptafel.views.model import Run

Node = dict[str, Any]
Inlines = list[Node]
Blocks = list[Node]

# Characters XML 1.0 cannot hold; they become U+FFFD instead of breaking the DOCX.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\r?\n|[ \t]+)")
_URL = re.compile(r"(https?://|mailto:)[^\s<>\"]+\Z")


@functools.cache
def api_version() -> list[int]:
    """The pandoc-api-version of the pinned pandoc (1.23.1.1 for pandoc 3.9).

    Asked of pandoc itself, so a pandoc upgrade cannot leave us writing an
    AST version it rejects. The probe is an empty document: no data.
    """
    with tempfile.TemporaryDirectory(prefix="ontwerptafel-pandoc-") as tmp:
        out = run_pandoc(["--from=markdown", "--to=json", "--sandbox"], b"", Path(tmp))
    doc = json.loads(out)
    return [int(n) for n in doc["pandoc-api-version"]]


def _attr(ident: str = "", classes: Sequence[str] = (), **kv: str) -> list[Any]:
    return [ident, list(classes), [[k.replace("_", "-"), v] for k, v in kv.items()]]


def text(value: str) -> Inlines:
    """Plain text as ``Str``/``Space``/``LineBreak`` inlines, nothing interpreted."""
    out: Inlines = []
    for part in _BREAKS.split(_NOT_XML.sub("\ufffd", value)):
        if not part:
            continue
        if part in ("\n", "\r\n"):
            out.append({"t": "LineBreak"})
        elif part.strip(" \t") == "":
            out.append({"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def runs(rich: Iterable[Run], struck: bool = True) -> Inlines:
    """Runs of the view model as inlines: ``Strong`` and ``Strikeout`` where flagged."""
    out: Inlines = []
    for run in rich:
        inl = text(run.text)
        if run.struck and struck:
            inl = [{"t": "Strikeout", "c": inl}]
        if run.strong:
            inl = [{"t": "Strong", "c": inl}]
        out += inl
    return out


def strong(inl: Inlines) -> Node:
    return {"t": "Strong", "c": inl}


def strikeout(inl: Inlines) -> Node:
    return {"t": "Strikeout", "c": inl}


def span(style: str, inl: Inlines) -> Node:
    """Inlines in a character style of the reference document."""
    return {"t": "Span", "c": [_attr(custom_style=style), inl]}


def link(label: Inlines, url: str) -> Node | Inlines:
    """A hyperlink, only for http(s) and mailto addresses; anything else stays text."""
    if not _URL.match(url):
        return label
    return {"t": "Link", "c": [_attr(), label, [url, ""]]}


def image(data: bytes, alt: str, width: str, height: str) -> Node:
    """An inline PNG embedded from its bytes, ``alt`` its alternative text
    (the document's text stays without it)."""
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return {"t": "Image", "c": [_attr(width=width, height=height), text(alt), [uri, ""]]}


def image_src(src: str, alt: str, width: str = "", height: str = "") -> Node:
    """An inline image from a data: URI the view made (a flipchart's photo);
    without a size the writer fits it to its place (the PPTX's picture box)."""
    size = {k: v for k, v in (("width", width), ("height", height)) if v}
    return {"t": "Image", "c": [_attr(**size), text(alt), [src, ""]]}


def anchor_link(label: Inlines, ident: str) -> Node:
    """An internal hyperlink to the bookmark ``ident`` (see ``anchor``)."""
    return {"t": "Link", "c": [_attr(), label, [f"#{ident}", ""]]}


def anchor(ident: str) -> Node:
    """An empty, invisible paragraph holding the bookmark ``ident``."""
    return {"t": "Div", "c": [_attr(ident), []]}


def space() -> Node:
    return {"t": "Space"}


def line_break() -> Node:
    return {"t": "LineBreak"}


def plain(inl: Inlines) -> Node:
    return {"t": "Plain", "c": inl}


def para(inl: Inlines) -> Node:
    return {"t": "Para", "c": inl}


def div(style: str, blocks: Blocks) -> Node:
    """Blocks in a paragraph style of the reference document."""
    return {"t": "Div", "c": [_attr(custom_style=style), blocks]}


def header(level: int, inl: Inlines, ident: str = "") -> Node:
    return {"t": "Header", "c": [level, _attr(ident), inl]}


def bullet_list(items: Iterable[Blocks]) -> Node:
    return {"t": "BulletList", "c": list(items)}


def ordered_list(items: Iterable[Blocks], start: int = 1) -> Node:
    return {"t": "OrderedList", "c": [[start, {"t": "Decimal"}, {"t": "Period"}], list(items)]}


#: the table style of a table that only lays out (Word's built-in "Normal Table"):
#: Word's accessibility checker takes a table in it for layout, so it asks for
#: no header row; pandoc writes a table's ``custom-style`` as its style id
LAYOUT_TABLE = "TableNormal"


def table(columns: Sequence[Blocks], widths: Sequence[float] | None = None) -> Node:
    """A one-row table: the columns of a slide side by side (no header, no caption)."""
    return grid([list(columns)], widths)


def grid(
    rows: Sequence[Sequence[Blocks]],
    widths: Sequence[float] | None = None,
    head: Sequence[Blocks] | None = None,
) -> Node:
    """A table of cells, each a list of blocks; rows are padded to equal length.

    ``head`` is an optional header row (Word repeats it and marks it as such).
    A table without one only lays cells out side by side, and says so by its
    style (``LAYOUT_TABLE``), so no reader takes its first row for headers."""
    n = max(len(r) for r in [*rows, head or []])
    widths = list(widths or [1 / n] * n)
    colspecs = [[{"t": "AlignLeft"}, {"t": "ColWidth", "c": w}] for w in widths]

    def cell(blocks: Blocks) -> list[Any]:
        return [_attr(), {"t": "AlignLeft"}, 1, 1, blocks]

    def row(cells: Sequence[Blocks]) -> list[Any]:
        return [_attr(), [cell(list(c)) for c in [*cells, *[[]] * (n - len(cells))]]]

    body_rows = [row(r) for r in rows]
    head_rows = [row(head)] if head else []
    return {
        "t": "Table",
        "c": [
            _attr() if head else _attr(custom_style=LAYOUT_TABLE),
            [None, []],
            colspecs,
            [_attr(), head_rows],
            [[_attr(), 0, [], body_rows]],
            [_attr(), []],
        ],
    }


def raw_openxml(xml: str) -> Node:
    """Raw OOXML for what pandoc has no element for (a page break). Never data."""
    return {"t": "RawBlock", "c": ["openxml", xml]}


def document(blocks: Blocks, lang: str) -> str:
    """The whole AST as JSON. Only ``lang`` goes into the metadata: a title there
    would make pandoc print a title block; core properties are set afterwards."""
    doc = {
        "pandoc-api-version": api_version(),
        "meta": {"lang": {"t": "MetaString", "c": lang}},
        "blocks": blocks,
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True)
