"""The report as PDF: WeasyPrint, locked down, loud, and reproducible.

One file claims both PDF/A-3u (archival, keeps the data package attached)
and PDF/UA-1 (tagged, accessible). WeasyPrint writes the PDF/A variant with
tags; the PDF/UA identification, with the extension schema PDF/A demands for
a namespace it does not predefine, is added to the same XMP packet before
the file is written, so there is one pass and one deterministic ``/ID``.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.errors import BuildError
from ontwerptafel.package.model import Package
from ontwerptafel.package.read import DESCRIPTOR
from ontwerptafel.render.html import document_dates
from ontwerptafel.views.slides import Report

PDF_VARIANT = "pdf/a-3u"
XMP_UA = b"""<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\
</rdf:Description>\
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\
<pdfuaid:part>1</pdfuaid:part></rdf:Description>"""


def _fetcher_class() -> type:
    """The locked fetcher, built lazily so importing this module stays cheap."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LockedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves files under one folder and nothing else: no http, no data:,
        no redirects, no path that resolves (through ``..`` or a symlink)
        outside. Every request is recorded, so a test can see what was asked.
        """

        def __init__(self, assets: Path) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.assets = assets.resolve()
            self.requests: list[str] = []
            self.refused: list[str] = []

        def local_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            path = Path(url2pathname(unquote(parts.path))).resolve()
            if not path.is_relative_to(self.assets) or not path.is_file():
                return None
            return path

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.requests.append(url)
            path = self.local_path(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"refused {url}: only files under report/ are served")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": kind}
            )

    return LockedFetcher


def locked_fetcher(assets: Path = REPORT_DIR) -> Any:
    """A WeasyPrint URL fetcher that serves only files under ``assets``."""
    return _fetcher_class()(assets)


class _Collect(logging.Handler):
    """Keeps every WeasyPrint record at WARNING or above."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def attachments(package: Package, root: Path, report: Report) -> list[Any]:
    """``datapackage.json`` and every resource file, as new Attachment objects.

    New objects for every write (WeasyPrint consumes them), with the
    document's date rather than the files' times, so the bytes do not change
    with a checkout.
    """
    from weasyprint import Attachment

    created, modified = (d.replace(tzinfo=None) for d in document_dates(report))
    files = [(DESCRIPTOR, "Data package descriptor (Frictionless)")]
    for res in package.descriptor.get("resources", []):
        files.append((str(res["path"]), str(res.get("title") or res.get("name") or "")))
    out = []
    for rel, title in files:
        data = (root / rel).read_bytes()
        out.append(
            Attachment(
                string=data,
                name=rel,
                description=title,
                created=created,
                modified=modified,
                relationship="Data",
            )
        )
    return out


def _identify_pdfua(document: Any, pdf: Any) -> None:
    """Add the PDF/UA-1 identification to the XMP packet WeasyPrint wrote."""
    number = int(pdf.catalog["Metadata"].split()[0])
    stream = pdf.objects[number]
    packet = b"".join(p if isinstance(p, bytes) else str(p).encode() for p in stream.stream)
    if b"</rdf:RDF>" not in packet:
        raise BuildError(["the PDF's XMP metadata has no rdf:RDF element to extend"])
    stream.stream = [packet.replace(b"</rdf:RDF>", XMP_UA + b"</rdf:RDF>", 1)]
    stream.compress = False


def render_pdf(report: Report, html: str, package: Package, root: Path) -> bytes:
    """The PDF of ``html`` (made by ``render_html(report)``), data attached.

    Raises BuildError when WeasyPrint logs anything at WARNING or above, or
    when the document asked for a resource the fetcher refused.
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint names an attachment's type from the stdlib table, else from
    # the system's mime.types; the source text (.md) is in only the latter, so
    # fix it here or the PDF's bytes would depend on the machine.
    mimetypes.add_type("text/markdown", ".md")
    fetcher = locked_fetcher()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        data = HTML(string=html, base_url=REPORT_DIR.as_uri() + "/", url_fetcher=fetcher).write_pdf(
            font_config=FontConfiguration(),
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            attachments=attachments(package, root, report),
            finisher=_identify_pdfua,
        )
    finally:
        logger.removeHandler(collect)
    problems = [f"{report.session_id}: refused to fetch {url}" for url in fetcher.refused]
    problems += [
        f"{report.session_id}: WeasyPrint {r.levelname.lower()}: {r.getMessage()}"
        for r in collect.records
    ]
    if problems:
        raise BuildError(dict.fromkeys(problems))
    return bytes(data)
