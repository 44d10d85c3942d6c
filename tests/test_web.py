"""The HTML editions as web pages, opened in Debian's chromium as a reader opens them.

selenium drives chromium through Debian's chromedriver (no browser is
downloaded); axe-core, at the version of ``tools/package-lock.json`` (``make
test`` installs it with ``npm ci``), is injected into each page and run at
360 and 1280 px for WCAG 2.1 A/AA and best practice.
"""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = (360, 1280)
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}})
  .then(r => done(r.violations.map(v => [v.id, v.nodes.map(n => n.target.join(" "))])));
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless, through Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium, "chromium is missing: make test installs it (scripts/ontwerptafel/system.py)"
    assert driver, "chromedriver is missing: make test installs chromium-driver"
    assert AXE.is_file(), "axe-core is missing: make test runs npm ci in tools/"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(arg)
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    try:
        yield chrome
    finally:
        chrome.quit()


@pytest.fixture(scope="module")
def pages(editions: dict[str, dict[str, Any]], two_sessions: dict[str, Path]) -> list[Path]:
    return [editions["nl"]["html"], editions["en"]["html"], two_sessions["html"],
            two_sessions["en_html"], two_sessions["index"], two_sessions["index_en"],
            two_sessions["codebook"]]  # fmt: skip


@pytest.fixture(scope="module")
def photo_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web edition of the invented session whose flipcharts have photos."""
    from click.testing import CliRunner

    from conftest import copy_package
    from ontwerptafel.build import build
    from ontwerptafel.cli import cli
    from photo_material import photo_session

    base = tmp_path_factory.mktemp("photo-web")
    package = copy_package(base / "pkg")
    tables, camera = photo_session(base / "session")
    args = ["import", str(tables), "--photos", str(camera), "--package", str(package)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    (page,) = build(package, ["voorbeeld-2025"], ["html"], None, base / "out", quiet=True)
    return page


def axe_violations(browser: Any, path: Path) -> dict[str, list[Any]]:
    """What axe finds on ``path`` at each width, printed per rule."""
    script = AXE.read_text(encoding="utf-8")
    found = {}
    for width in WIDTHS:
        open_page(browser, path, width)
        browser.execute_script(script)
        violations = browser.execute_async_script(RUN_AXE, TAGS)
        counts = {rule: len(nodes) for rule, nodes in violations}
        version = browser.execute_script("return axe.version")
        print(f"axe {version} {path.name} at {width} px: {counts or 'no violation'}")  # noqa: T201
        found[f"{path.name}@{width}"] = violations
    return found


def open_page(browser: Any, path: Path, width: int) -> None:
    browser.set_window_rect(width=width, height=900)
    browser.get(path.as_uri())
    browser.execute_async_script("document.fonts.ready.then(arguments[arguments.length - 1])")


def test_axe_finds_no_violation_at_either_width(browser: Any, pages: list[Path]) -> None:
    found = {}
    for path in pages:
        found.update(axe_violations(browser, path))
    assert found == {key: [] for key in found}


def test_a_page_with_flipchart_photos_passes_axe_and_fits(browser: Any, photo_page: Path) -> None:
    """A photo slide: the image's text alternative, its credit, no sideways
    scrolling at 360 px (the photo shrinks to the window)."""
    found = axe_violations(browser, photo_page)
    assert found == {key: [] for key in found}
    open_page(browser, photo_page, 360)
    scroll, inner = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll <= inner
    alts = browser.execute_script(
        "return [...document.querySelectorAll('img')].map(i => [i.alt, i.naturalWidth])"
    )
    assert len(alts) == 2
    assert all(alt.startswith("Foto van de flip-over.") and width > 0 for alt, width in alts)


def test_the_page_fits_the_window_and_loads_its_fonts(browser: Any, pages: list[Path]) -> None:
    for path in pages:
        for width in WIDTHS:
            open_page(browser, path, width)
            scroll, inner = browser.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth]"
            )
            assert scroll <= inner, f"{path.name} scrolls sideways at {width} px"
            fonts = browser.execute_script(
                "return [...document.fonts].map(f => f.family + ' ' + f.status)"
            )
            # a face the page never uses (italic, in the overview) is not fetched
            assert len(fonts) == 5
            assert not [f for f in fonts if f.endswith(" error")], (path.name, fonts)
            assert fonts.count("Report Sans loaded") >= 2, (path.name, fonts)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", [0, 2])  # the session's cover, the overview's
def test_the_title_slide_text_stands_out_from_its_background(
    browser: Any, pages: list[Path], page: int, width: int
) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, pages[page], width)
    title = browser.find_element(By.CSS_SELECTOR, ".title-slide__title")
    image = Image.open(io.BytesIO(title.screenshot_as_png)).convert("RGB")
    colours = Counter(image.get_flattened_data())
    ((background, _),) = colours.most_common(1)
    far = {c for c in colours if sum(abs(a - b) for a, b in zip(c, background, strict=True)) > 200}
    ink = sum(colours[c] for c in far)
    assert background != (255, 255, 255)  # the cover is blue on screen as on paper
    assert ink / image.width / image.height > 0.05


def test_the_web_page_is_one_self_contained_file_under_600_kb(pages: list[Path]) -> None:
    for path in pages:
        html = path.read_text(encoding="utf-8")
        size = path.stat().st_size
        print(f"{path.name}: {size:,} bytes")  # noqa: T201
        assert size < 600_000
        urls = re.findall(r'(?:src|href)="([^"#][^"]*)"|url\("?([^")]*)', html)
        if path.name.startswith(("index", "codebook")):
            urls = [u for u in urls if not u[0]]  # its links name the package's files, beside it
        external = [u for pair in urls for u in pair if u]
        assert all(u.startswith(("data:", "mailto:", "https://")) for u in external), external
        assert html.count("data:font/woff2;base64,") == 5


def test_addresses_on_the_contact_and_title_slides_are_links(
    editions: dict[str, dict[str, Any]], root: Path
) -> None:
    import csv

    import lxml.html

    page = lxml.html.parse(str(editions["nl"]["html"])).getroot()
    links = {a.get("href"): a.text for a in page.iter("a") if not a.get("href").startswith("#")}
    with (root / "data" / "contacts.csv").open(encoding="utf-8", newline="") as f:
        mails = [r["email"] for r in csv.DictReader(f) if r["session_id"] == "dvhg-2024"]
    assert mails
    for mail in mails:
        assert links.get(f"mailto:{mail}") == mail
    assert links.get("https://www.kcpeg.nl") in ("www.kcpeg.nl", "https://www.kcpeg.nl")


def test_the_table_of_contents_links_every_slide_and_main_holds_them(
    editions: dict[str, dict[str, Any]],
) -> None:
    import lxml.html

    page = lxml.html.parse(str(editions["nl"]["html"])).getroot()
    (main,) = page.iter("main")
    slides = [s.get("id") for s in main.iter("section")]
    (nav,) = page.iter("nav")
    assert [a.get("href") for a in nav.iter("a")] == [f"#{s}" for s in slides]
    assert "Flip-over 1: BELEID" in [a.text_content() for a in nav.iter("a")]


def test_findings_and_their_notes_link_each_other(
    editions: dict[str, dict[str, Any]], root: Path
) -> None:
    import csv

    import lxml.html

    page = lxml.html.parse(str(editions["nl"]["html"])).getroot()
    with (root / "data" / "evidence.csv").open(encoding="utf-8", newline="") as f:
        links = [r for r in csv.DictReader(f) if r["note_id"]]
    assert links
    for link in links:
        row = page.get_element_by_id(f"evidence-{link['finding_id']}")
        note = page.get_element_by_id(link["note_id"])
        assert f"#{link['note_id']}" in [a.get("href") for a in row.iter("a")]
        back = list(note.find("span[@class='note__line']").iter("a"))
        assert f"#{row.get('id')}" in [a.get("href") for a in back]
        # the note's text is as transcribed: the link back is a drawn arrow
        # named by the finding's marker, beside the text, holding no text
        assert all(a.text_content() == "" and a.get("aria-label") for a in back)
        assert note.find(".//span[@class='note__text']").find("a") is None
