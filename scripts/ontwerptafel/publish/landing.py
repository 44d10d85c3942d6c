"""The dataset's landing page: what it is, how to cite it, its files, reports and codebook.

One page per language (``index.html`` in the package's own, ``index.en.html``
beside it), a web page in its own right like the HTML editions. Its
schema.org ``Dataset`` (JSON-LD) is made from the RO-Crate's root entity and
files, so the two cannot disagree.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ontwerptafel.files import write_atomic
from ontwerptafel.package import citation
from ontwerptafel.package.model import Package
from ontwerptafel.package.photos import photo_files
from ontwerptafel.package.read import load
from ontwerptafel.package.schema_docs import codebook
from ontwerptafel.publish.codebook import CODEBOOK_PAGE, codebook_page
from ontwerptafel.publish.rocrate import MANIFEST, SUFFIX_TYPES, ro_crate
from ontwerptafel.render.html import environment, stylesheet
from ontwerptafel.render.web import web_page
from ontwerptafel.views.i18n import (
    CODEBOOK_LANGUAGE,
    file_name,
    languages,
    load_labels,
    original_language,
)
from ontwerptafel.views.overview import OVERVIEW_ID, wanted

#: Report formats and their media types (the RO-Crate's), in the order the page lists them.
REPORT_TYPES = {fmt: SUFFIX_TYPES[f".{fmt}"] for fmt in ("pdf", "docx", "html", "pptx")}


def landing_name(lang: str, own: str) -> str:
    """``index.html`` in the package's own language, ``index.<lang>.html`` in another."""
    return file_name("index", "html", lang, own)


def reports(package: Package) -> list[dict[str, Any]]:
    """Per session (and the overview), its report files in every format and language."""
    own = original_language(package)
    out = []
    entries = [(s.session_id, s.title, s.date.isoformat(), s.language) for s in package.sessions]
    if wanted(package):
        entries.append((OVERVIEW_ID, "", "", own))
    for sid, title, date, lang in entries:
        files = [
            {"lang": other, "format": fmt, "name": file_name(sid, fmt, other, lang)}
            for other in languages()
            for fmt in REPORT_TYPES
        ]
        out.append({"id": sid, "title": title, "date": date, "files": files})
    return out


def data_files(root: Path, package: Package) -> list[dict[str, Any]]:
    """Each resource file and photo: path, title, size, rows (tables) and SHA-256."""
    rows = {t.path: t.rows for t in codebook(root)}
    out = []
    for res in package.descriptor.get("resources", []):
        data = (root / res["path"]).read_bytes()
        out.append(
            {
                "name": res["name"],
                "path": res["path"],
                "title": res.get("title") or res["name"],
                "bytes": len(data),
                "rows": rows.get(res["path"]),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    for rel in photo_files(root):  # files of the package too, listed by the photos table
        data = (root / rel).read_bytes()
        row = {"name": rel, "path": rel, "title": rel, "bytes": len(data), "rows": None}
        out.append({**row, "sha256": hashlib.sha256(data).hexdigest()})
    return out


def dataset(package: Package, report_files: list[str]) -> dict[str, Any]:
    """schema.org ``Dataset`` from the RO-Crate's root entity and its files."""
    crate = json.loads(ro_crate(package.descriptor))["@graph"]
    by_id = {e["@id"]: e for e in crate}
    root = by_id["./"]
    people = [by_id[p["@id"]] for p in root.get("author", [])]
    dates = sorted(s.date.isoformat() for s in package.sessions)
    lic = citation.licence(package.descriptor)
    parts = [by_id[p["@id"]] for p in root["hasPart"]]
    distribution = [
        {
            "@type": "DataDownload",
            "name": p.get("name", p["@id"]),
            "contentUrl": p["@id"],
            "encodingFormat": p.get("encodingFormat", ""),
        }
        for p in parts
    ]
    distribution += [
        {
            "@type": "DataDownload",
            "name": name,
            "contentUrl": name,
            "encodingFormat": REPORT_TYPES[name.rsplit(".", 1)[1]],
        }
        for name in report_files
    ]
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": root["name"],
        "description": root["description"],
        "version": root["version"],
        "license": lic["path"] or lic["name"],
        "creator": [
            {k: v for k, v in p.items() if k in ("@type", "name", "givenName", "familyName")}
            for p in people
        ],
        "keywords": root.get("keywords", []),
        "inLanguage": root.get("inLanguage", []),
        "temporalCoverage": f"{dates[0]}/{dates[-1]}" if len(dates) > 1 else dates[0],
        "datePublished": root.get("datePublished"),
        "distribution": distribution,
    }
    if root.get("identifier"):
        out["identifier"] = root["identifier"]
        out["url"] = root["identifier"]
    return {k: v for k, v in out.items() if v}


def landing_page(root: Path, package: Package, lang: str) -> str:
    """The landing page in ``lang``: one self-contained HTML file."""
    own = original_language(package)
    sessions = reports(package)
    names = [f["name"] for s in sessions for f in s["files"]]
    jsonld = json.dumps(dataset(package, names), ensure_ascii=False, indent=1)
    descriptor = package.descriptor
    html = (
        environment()
        .get_template("landing.html.j2")
        .render(
            lang=lang,
            labels=load_labels(lang),
            other=[(o, landing_name(o, own)) for o in languages() if o != lang],
            title=descriptor.get("title", ""),
            description=descriptor.get("description", ""),
            citation=citation.citation_text(descriptor),
            doi=citation.landing_url(descriptor),
            licence=citation.licence(descriptor),
            version=descriptor.get("version", ""),
            sessions=sessions,
            files=data_files(root, package),
            codebook_page=CODEBOOK_PAGE,
            codebook_lang=CODEBOOK_LANGUAGE,
            # the release's zip, as ``release`` names it: <name>-<version>.zip
            zip_name=f"{descriptor.get('name', '')}-{descriptor.get('version', '')}.zip",
            manifest=MANIFEST,  # the checksums the release writes beside its files
            css=stylesheet(),
            jsonld=Markup(jsonld.replace("</", "<\\/")),  # JSON, not markup: no "</script>"
        )
    )
    return web_page(html)


def write_landing(root: Path, out: Path) -> list[Path]:
    """Write the landing page in every language, and the codebook page its
    file list links to, into ``out``; the paths written.

    Every page is rendered before any is replaced, and each replaced atomically.
    """
    package = load(root)
    own = original_language(package)
    pages = {
        out / landing_name(lang, own): landing_page(root, package, lang) for lang in languages()
    }
    pages[out / CODEBOOK_PAGE] = codebook_page(root, own)
    out.mkdir(parents=True, exist_ok=True)
    return [write_atomic(path, html.encode("utf-8")) for path, html in pages.items()]
