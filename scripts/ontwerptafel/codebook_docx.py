"""The codebook appendix as pandoc blocks, for the DOCX.

Registered in ``docx_slides.RENDERERS``. Per table a short heading (a
navigation level below the slide's), its purpose and key line, then a table
of its columns with a header row, in the compact ``Codebook ...`` styles of
the reference document (see ``docx_styles``), so that each slide's share of
the codebook fits its page as in the PDF.
"""

from __future__ import annotations

from collections.abc import Mapping

from ontwerptafel import pandoc_ast as pa
from ontwerptafel.views import Slide

#: what an empty cell holds, so that it keeps the compact style (pandoc
#: writes an empty cell as a paragraph of body text, a line and a half high)
EMPTY = "\u00a0"


def _para(style: str, inl: pa.Inlines) -> pa.Node:
    return pa.div(style, [pa.para(inl)])


def _cell(key: str, value: str) -> pa.Blocks:
    if not value:
        return [_para("Codebook Text", pa.text(EMPTY))]
    inl = [pa.strong(pa.text(value))] if key == "name" else pa.text(value)
    return [_para("Codebook Text", inl)]


def codebook_slide(slide: Slide, labels: Mapping[str, str]) -> pa.Blocks:
    """Per table its name, purpose and keys, then a row for each of its columns."""
    d = slide.data
    out = [_para("Slide Intro", pa.text(d["intro"]))] if d.get("intro") else []
    columns = d.get("columns", ())
    head = [[_para("Codebook Head", pa.text(c.label))] for c in columns]
    for part in d.get("parts", ()):
        name: pa.Inlines = [pa.strong(pa.text(part.name))]
        if part.title:
            name += [pa.space(), *pa.text(part.title)]
        if part.continued:
            name += [pa.space(), *pa.text(f"({d.get('continued', '')})")]
        out.append(_para("Codebook Table", name))
        if not part.continued:
            meta = [part.size, part.origin, part.primary_key, *part.foreign_keys]
            out.append(_para("Codebook Purpose", pa.text(part.description)))
            out.append(_para("Codebook Meta", pa.text(" · ".join(m for m in meta if m))))
        rows = [[_cell(c.key, str(getattr(f, c.key))) for c in columns] for f in part.fields]
        if rows:
            out.append(pa.grid(rows, [c.width for c in columns], head=head))
    return out
