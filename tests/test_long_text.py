"""Text longer than its box: the longest values the schema allows, typed
without a space, stay on the page in every format, and a finding too long
for its slide continues on a page that repeats the slide's heading.

Each format is checked the way a reader would meet it: the PDF as built,
the DOCX as LibreOffice lays it out, the HTML as Chromium shows it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT, SOFFICE, copy_package, libreoffice
from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.build import build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) missing")

SENTENCE = "Een belofte die zo lang is dat zij niet op één dia past en dus doorloopt. "


def max_length(table: str, column: str) -> int:
    """The longest value the published schema allows in ``table.column``."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
    return int(field["constraints"]["maxLength"])


def word(length: int, stem: str = "ontwerptafel") -> str:
    """One unbroken word of ``length`` characters."""
    return (stem * (length // len(stem) + 1))[:length]


def url(length: int) -> str:
    """A URL of ``length`` characters: breakable only after its slashes."""
    head = "https://example.org/"
    return head + word(length - len(head), "pad/")


def email(length: int) -> str:
    """An e-mail address of ``length`` characters, each label at its limit."""
    local, labels = "a" * 64, []
    rest = length - len(local) - 1 - len(".nl")
    while rest > 0:
        labels.append("b" * min(63, rest))
        rest -= len(labels[-1]) + 1
    return f"{local}@{'.'.join(labels)}.nl"


def set_cell(path: Path, key: str, ident: str, column: str, value: str) -> None:
    """Set one cell of a CSV file, keeping its header and line ends."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for row in rows:
        if row[key] == ident:
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def long_package(target: Path) -> Path:
    """The minimal package with the longest unbroken values its schema allows."""
    pkg = copy_package(target, FIXTURES / "minimal")
    data = pkg / "data"
    text = max_length("notes", "text_verbatim")
    promise = (SENTENCE * (text // len(SENTENCE) + 1))[:text].strip()
    cells = [
        ("notes", "note_id", "mini-2024-fc1-n1", "text_verbatim", word(text)),
        ("notes", "note_id", "mini-2024-fc2-n1", "text_verbatim", url(text)),
        ("findings", "finding_id", "mini-2024-barrier-shared-1", "text", word(text)),
        ("findings", "finding_id", "mini-2024-barrier-policy-1", "text", url(text)),
        ("findings", "finding_id", "mini-2024-promise-1", "text", promise),
        ("findings", "finding_id", "mini-2024-promise-1", "emphasis", ""),
        ("statements", "statement_id", "mini-2024-s1", "text", word(text)),
        ("statements", "statement_id", "mini-2024-s2", "text", url(text)),
        ("contacts", "contact_id", "mini-2024-c1", "email", email(max_length("contacts", "email"))),
        ("contacts", "contact_id", "mini-2024-c1", "affiliation", word(200)),
        ("contacts", "contact_id", "mini-2024-c1", "name", word(max_length("contacts", "name"))),
        ("flipcharts", "flipchart_id", "mini-2024-fc1", "heading", word(100)),
        ("sections", "section_id", "mini-2024-fc1-burger", "label", word(100)),
        ("sessions", "session_id", "mini-2024", "website", url(max_length("sessions", "website"))),
        (
            "sessions",
            "session_id",
            "mini-2024",
            "title_tag",
            word(max_length("sessions", "title_tag")),
        ),
    ]
    for table, key, ident, column, value in cells:
        if column != "emphasis":  # each value at, or (a word, a URL) near, its limit
            assert max_length(table, column) - 4 < len(value) <= max_length(table, column)
        set_cell(data / f"{table}.csv", key, ident, column, value)
    return pkg


@pytest.fixture(scope="module")
def long_built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The long-text package built once to PDF, DOCX and HTML (this also
    proves that the build's own overflow check passes on it)."""
    base = tmp_path_factory.mktemp("long")
    pkg = long_package(base / "pkg")
    out = base / "out"
    build(pkg, ["mini-2024"], ["pdf,docx,html"], "nl", out, quiet=True)
    return {"base": base, "pkg": pkg, "out": out, "promise": SENTENCE.strip()}


Word = tuple[float, float, float, float, str]
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>'
)


def glyph_boxes(pdf: Path) -> list[tuple[float, float, list[Word]]]:
    """Each page's width, height and words with their boxes, from ``pdftotext -bbox``."""
    done = subprocess.run(
        [str(PDFTOTEXT), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = []
    for page in PAGE.finditer(done.stdout):
        words = [
            (float(a), float(b), float(c), float(d), w)
            for a, b, c, d, w in WORD.findall(page.group(3))
        ]
        pages.append((float(page.group(1)), float(page.group(2)), words))
    return pages


def outside(pdf: Path) -> list[str]:
    """Every word that reaches past its page's edges, with its page."""
    found = []
    for number, (width, height, words) in enumerate(glyph_boxes(pdf), 1):
        for x0, y0, x1, y1, w in words:
            if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5:
                found.append(f"page {number}: {w[:30]} at x {x0:.0f}-{x1:.0f}, y {y0:.0f}-{y1:.0f}")
    return found


def page_texts(pdf: Path) -> list[str]:
    done = subprocess.run(
        [str(PDFTOTEXT), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[:-1]


@needs_pdftotext
def test_every_word_of_the_pdf_lies_on_its_page(long_built: dict[str, Any]) -> None:
    pdf = long_built["out"] / "mini-2024.pdf"
    pages = glyph_boxes(pdf)
    assert sum(len(words) for _, _, words in pages) > 100  # the long words are there
    assert outside(pdf) == []


@needs_pdftotext
def test_a_finding_too_long_for_its_slide_continues_under_its_heading(
    long_built: dict[str, Any],
) -> None:
    texts = page_texts(long_built["out"] / "mini-2024.pdf")
    first = next(i for i, t in enumerate(texts) if long_built["promise"] in t)
    lines = [line.strip() for line in texts[first + 1].splitlines() if line.strip()]
    assert lines[0] == "Beloftes (vervolg)"
    assert "doorloopt" in lines[1]  # the promise goes on, not a new slide
    # the page that starts the slide shows its heading once, unmarked
    assert "(vervolg)" not in texts[first]
    assert texts[first].count("Beloftes") == 1


@needs_pdftotext
def test_each_page_a_slide_runs_onto_repeats_its_heading(long_built: dict[str, Any]) -> None:
    """The problem statement (a 2,000-character word) and the goal (a URL as
    long) fill two columns over three pages; every page after the first
    starts with the slide's heading, marked as continued."""
    texts = page_texts(long_built["out"] / "mini-2024.pdf")
    heads = [next(line.strip() for line in t.splitlines() if line.strip()) for t in texts]
    start = next(i for i, h in enumerate(heads) if h.startswith("Probleem (gedrag)"))
    assert "ontwerptafelontwerptafel" in texts[start]  # not a heading alone
    following = heads[start + 1 : heads.index("Uitkomsten sessie")]
    assert len(following) >= 1
    assert set(following) == {"Probleem (gedrag) (vervolg)"}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@needs_pdftotext
def test_the_docx_keeps_every_word_on_its_page_in_libreoffice(long_built: dict[str, Any]) -> None:
    work = long_built["base"] / "libreoffice"
    done = libreoffice(long_built["out"] / "mini-2024.docx", work)
    assert done.returncode == 0, done.stderr
    pdf = work / "out" / "mini-2024.pdf"
    assert len(glyph_boxes(pdf)) > 1
    assert outside(pdf) == []


#: Writes, once the page is laid out, how far the document and its widest
#: element reach to the right, into the DOM that --dump-dom prints.
MEASURE = """<script>
addEventListener("load", () => {
  let right = 0;
  for (const el of document.body.querySelectorAll("*")) {
    right = Math.max(right, el.getBoundingClientRect().right);
  }
  const out = document.createElement("output");
  out.id = "measured";
  out.textContent = `${document.documentElement.scrollWidth} ${Math.ceil(right)}`;
  document.body.append(out);
});
</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_the_html_is_no_wider_than_the_window_in_chromium(long_built: dict[str, Any]) -> None:
    html = (long_built["out"] / "mini-2024.html").read_text(encoding="utf-8")
    base = f'<base href="{REPORT_DIR.as_uri()}/">'
    page = long_built["base"] / "measure.html"
    html = html.replace("<head>", f"<head>{base}", 1).replace("</body>", f"{MEASURE}</body>")
    page.write_text(html, encoding="utf-8")
    profile = long_built["base"] / "chromium"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--window-size=1280,800", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    found = re.search(r'<output id="measured">(\d+) (\d+)</output>', done.stdout)
    assert found, done.stderr[-2000:]
    scroll_width, widest = int(found.group(1)), int(found.group(2))
    assert scroll_width <= 1280
    assert widest <= 1280


@needs_pdftotext
def test_a_long_website_on_the_cover_stays_clear_of_the_organisers(
    long_built: dict[str, Any],
) -> None:
    """A long address flows under the date, in the cover's light colour,
    instead of growing up out of the white band the organisers stand in."""
    _, height, words = glyph_boxes(long_built["out"] / "mini-2024.pdf")[0]
    band = height - 96  # the organisers' band: the lowest 96pt of the cover
    address = [w for w in words if "pad/" in w[4]]
    organisers = [w for w in words if w[4] == "Voorbeeldorganisatie"]
    assert address
    assert organisers
    assert max(y1 for _, _, _, y1, _ in address) < band < organisers[0][1]
