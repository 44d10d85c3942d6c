"""The floor of a PDF build: WeasyPrint alone, on the final HTML, with the
build's options (PDF/A-3u with tags, the data attached with fixed dates, the
PDF/UA identification added to the XMP packet in WeasyPrint's finisher).

It imports nothing but WeasyPrint, so its time is what any renderer of this
document must spend. ``run.py`` checks that it writes the very bytes the
build wrote, which shows the options are the same.

Usage: python bench/floor_pdf.py SPEC.json  (written by run.py)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any


def render(spec: dict[str, Any]) -> None:
    """Render ``spec["html"]`` into ``spec["out"]`` as the build does."""
    from weasyprint import HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration

    xmp = Path(spec["xmp"]).read_bytes()
    created = dt.datetime.fromisoformat(spec["created"])
    modified = dt.datetime.fromisoformat(spec["modified"])

    def finisher(document: Any, pdf: Any) -> None:
        stream = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
        packet = b"".join(p if isinstance(p, bytes) else str(p).encode() for p in stream.stream)
        stream.stream = [packet.replace(b"</rdf:RDF>", xmp + b"</rdf:RDF>", 1)]
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
