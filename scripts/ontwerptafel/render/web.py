"""The HTML edition as a web page of its own: one file, fonts inside, links live.

The HTML the PDF is made from refers to its fonts relative to ``report/``
(the renderer's base URL); opened from ``report/build/`` or put on a
website, those fonts are not there. So the file that is written gets each
font inline, subset to the characters the page uses (WOFF2, a few kB a
face), and what only a reader of the screen needs: e-mail addresses and web
addresses as links, a distinct name for each legend landmark. Text stays
exactly as it is: a link wraps the very characters of the address.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import re
from functools import cache, lru_cache
from importlib import metadata

import lxml.html
from fontTools import subset
from fontTools.ttLib import TTFont

from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.errors import BuildError
from ontwerptafel.files import write_atomic
from ontwerptafel.package.validation_cache import cache_dir, code_version

FONT_URL = re.compile(r'url\("(fonts/[A-Za-z0-9_.-]+\.ttf)"\)')
ADDRESS = re.compile(
    r"(?P<mail>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<web>https?://[^\s<>\"']+[^\s<>\"'.,;:)]|www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>\"']*)?)"
)
#: Slides whose addresses are the organisers' own: notes and findings are
#: left as transcribed, even where they name a site.
LINKED_KINDS = ("slide--title", "slide--contacts", "slide--colophon", "slide--overview-title")


@cache
def _font_bytes(name: str) -> bytes:
    return (REPORT_DIR / name).read_bytes()


def subset_font(data: bytes, text: str) -> bytes:
    """``data`` (a TrueType font) cut down to the glyphs of ``text``, as WOFF2.

    Layout features are kept, so kerning and ligatures look as they do in the
    full face; glyph names and hinting are dropped (screens do not need them).
    A subset takes fontTools about 0.3 s of CPU a face, five faces a page, and
    depends only on the font and the set of characters, which most pages of a
    build share: so each is made once and remembered, in this process and in
    the user's cache folder (``_remembered_subset``).
    """
    return _remembered_subset(data, "".join(sorted(set(text))))


@lru_cache(maxsize=32)
def _remembered_subset(data: bytes, chars: str) -> bytes:
    """The subset of ``data`` to ``chars`` from the cache folder, or made and put
    there. The key holds the font's bytes, the characters and the versions of
    the code and libraries (``code_version``, and brotli's, which compresses
    WOFF2), so another font, text or fontTools never finds it; the file is
    written atomically, and a cache that cannot be read or written costs time
    only."""
    try:
        brotli = metadata.version("brotli")
    except metadata.PackageNotFoundError:  # pragma: no cover - fontTools needs it for WOFF2
        brotli = "none"
    key = hashlib.sha256(
        "\0".join([code_version(), brotli, hashlib.sha256(data).hexdigest(), chars]).encode()
    ).hexdigest()
    path = cache_dir() / "font-subsets" / f"{key}.woff2"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    woff2 = _subset(data, chars)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, woff2)
    return woff2


def _subset(data: bytes, text: str) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamp: no glyphs, and not subsettable
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same bytes every day
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def inline_fonts(html: str, text: str) -> str:
    """Each ``url("fonts/...ttf")`` of ``html`` as a WOFF2 data URL of ``text``'s glyphs."""
    missing = sorted({m for m in FONT_URL.findall(html) if not (REPORT_DIR / m).is_file()})
    if missing:
        raise BuildError([f"web edition: no font {m} under report/" for m in missing])

    def data_url(match: re.Match[str]) -> str:
        woff2 = subset_font(_font_bytes(match.group(1)), text)
        encoded = base64.b64encode(woff2).decode("ascii")
        return f'url("data:font/woff2;base64,{encoded}") format("woff2")'

    return FONT_URL.sub(data_url, html)


def _link_text(element: lxml.html.HtmlElement) -> None:
    """Wrap each address in the text of ``element`` (not its children) in a link."""
    text = element.text or ""
    matches = list(ADDRESS.finditer(text))
    if not matches:
        return
    element.text = text[: matches[0].start()]
    for i, match in enumerate(matches):
        value = match.group()
        href = f"mailto:{value}" if match.group("mail") else value
        if href.startswith("www."):
            href = "https://" + href
        link = lxml.html.Element("a", href=href)
        link.text = value
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        link.tail = text[match.end() : end]
        element.insert(i, link)


def link_addresses(root: lxml.html.HtmlElement) -> None:
    """E-mail and web addresses on the organisers' slides become links."""
    for kind in LINKED_KINDS:
        for section in root.find_class(kind):
            for element in list(section.iter()):
                if element.tag not in ("a", "style", "script") and element.getparent() is not None:
                    _link_text(element)


def name_landmarks(root: lxml.html.HtmlElement) -> None:
    """Give every labelled ``aside`` the heading of its slide, so each is told apart."""
    for section in root.find_class("slide"):
        heading = section.find(".//h2")
        if heading is None:
            continue
        name = (heading.get("data-bookmark") or heading.text_content()).strip()
        for aside in section.iter("aside"):
            label = aside.get("aria-label")
            if label:
                aside.set("aria-label", f"{label}: {name}")


def empty_headers_as_cells(root: lxml.html.HtmlElement) -> None:
    """A header cell with nothing in it heads nothing: it becomes a plain cell."""
    for cell in root.iter("th"):
        if not cell.text_content().strip() and not len(cell):
            cell.tag = "td"
            cell.attrib.pop("scope", None)


def _note_of(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """The flipchart note (an ``li`` with an id) that ``element`` belongs to."""
    for ancestor in element.iterancestors("li"):
        if ancestor.get("id") and "note" in ancestor.get("class", "").split():
            return ancestor
    return None


#: the drawn sign of a link back from a note to the finding it supports: an
#: arrow in SVG, so copying the note's text copies nothing but the note
BACK_ICON = (
    '<svg viewBox="0 0 10 10" width="9" height="9" aria-hidden="true" focusable="false">'
    '<path d="M8 2v4H3M5 4 3 6l2 2" fill="none" stroke="currentColor" stroke-width="1.4"/>'
    "</svg>"
)


def link_evidence(root: lxml.html.HtmlElement) -> None:
    """Each note the appendix quotes links back to the findings it supports.

    The appendix's quotes already link to their notes. The way back is drawn
    after the note's line as an arrow whose accessible name is the finding's
    marker (``G1``), so the note's own text stays exactly its transcription.
    """
    for row in root.iter("tr"):
        marker = row.find("td/span[@class='marker']")
        if not row.get("id", "").startswith("evidence-") or marker is None:
            continue
        label = marker.text_content().strip()
        for quote in row.find_class("quote__link"):
            note = root.get_element_by_id(quote.get("href", "#")[1:], None)
            line = note.find("span[@class='note__line']") if note is not None else None
            if line is None:
                continue
            back = lxml.html.fragment_fromstring(
                f'<a class="note__back" href="#{row.get("id")}">{BACK_ICON}</a>'
            )
            back.set("aria-label", label)
            back.set("title", label)
            line.append(back)


def web_page(html: str) -> str:
    """The web edition of a report's HTML (made by ``render_html``)."""
    root = lxml.html.document_fromstring(html)
    link_addresses(root)
    name_landmarks(root)
    empty_headers_as_cells(root)
    link_evidence(root)
    page = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    # the text of the whole document, the stylesheet's own ``content`` strings included
    return inline_fonts(page, root.text_content())
