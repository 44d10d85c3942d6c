"""The floor of a PDF build: WeasyPrint alone, on the final HTML, with the
build's options (PDF/A-3u with tags, the data attached with fixed dates) and
what the build's finisher does to complete the PDF/UA claim (each header
cell's ``/Scope``, each attachment once in ``/AF``, the PDF/UA
identification and the document's language in the XMP packet).

It imports nothing but WeasyPrint, so its time is what any renderer of this
document must spend. ``run.py`` checks that it writes the very bytes the
build wrote, which shows the options are the same.

Usage: python bench/floor_pdf.py SPEC.json  (written by run.py)
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def header_cells(box: Any) -> Iterator[Any]:
    """Every tagged ``th`` box below ``box``."""
    if box.element_tag == "th" and getattr(box, "mark", None) is not None:
        yield box
    for child in getattr(box, "children", ()):
        yield from header_cells(getattr(child, "_box", child))


def render(spec: dict[str, Any]) -> None:
    """Render ``spec["html"]`` into ``spec["out"]`` as the build does."""
    import pydyf
    from weasyprint import HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    mimetypes.add_type("text/markdown", ".md")

    xmp = Path(spec["xmp"]).read_bytes()
    created = dt.datetime.fromisoformat(spec["created"])
    modified = dt.datetime.fromisoformat(spec["modified"])

    def finisher(document: Any, pdf: Any) -> None:
        for page in document.pages:
            for cell in header_cells(page._page_box):
                cell.mark["A"]["Scope"] = SCOPES.get(cell.element.get("scope", "col"), "/Column")
        if "AF" in pdf.catalog:
            pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
        lang = escape(document.metadata.lang or "").encode()
        language = (
            b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            b"<dc:language><rdf:Bag><rdf:li>" + lang + b"</rdf:li></rdf:Bag></dc:language>"
            b"</rdf:Description>"
        )
        stream = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
        packet = b"".join(p if isinstance(p, bytes) else str(p).encode() for p in stream.stream)
        stream.stream = [packet.replace(b"</rdf:RDF>", xmp + language + b"</rdf:RDF>", 1)]
        stream.compress = False

    attachments = [
        Attachment(
            string=Path(a["file"]).read_bytes(),
            name=a["name"],
            description=a["description"],
            created=created,
            modified=modified,
            relationship="Data",
        )
        for a in spec["attachments"]
    ]
    html = Path(spec["html"]).read_text(encoding="utf-8")
    data = HTML(string=html, base_url=spec["base_url"]).write_pdf(
        font_config=FontConfiguration(),
        pdf_variant=spec["variant"],
        pdf_tags=True,
        attachments=attachments,
        finisher=finisher,
    )
    Path(spec["out"]).write_bytes(data)


if __name__ == "__main__":
    render(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
