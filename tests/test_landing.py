"""The dataset's landing page: its schema.org Dataset and what the page lists."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import lxml.html

from ontwerptafel.package.read import load
from ontwerptafel.views.i18n import languages


def jsonld(path: Path) -> dict:
    page = lxml.html.parse(str(path)).getroot()
    (script,) = page.xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


def test_the_json_ld_names_every_data_file_and_report(two_sessions: dict[str, Path]) -> None:
    data = jsonld(two_sessions["index"])
    package = load(two_sessions["root"])
    assert data["@type"] == "Dataset"
    assert data["name"] == package.descriptor["title"]
    assert data["version"] == package.descriptor["version"]
    assert data["temporalCoverage"] == "2024-11-12/2025-11-11"
    urls = {d["contentUrl"]: d["encodingFormat"] for d in data["distribution"]}
    for res in package.descriptor["resources"]:
        assert res["path"] in urls
    built = {p.name for p in two_sessions["pdf"].parent.iterdir()} | {
        p.name for p in two_sessions["en_html"].parent.iterdir()
    }
    reports = {u for u in urls if u.rsplit(".", 1)[-1] in ("pdf", "docx", "html", "pptx")}
    assert "overview.pdf" in reports
    assert "voorbeeld-2025.en.docx" in reports
    assert len(reports) == 3 * 4 * len(languages())  # two sessions and the overview
    assert urls["overview.pdf"] == "application/pdf"
    assert urls["dvhg-2024.pptx"].endswith(".presentationml.presentation")
    # what was built in these formats is what the page names
    assert {u for u in reports if u.endswith(".pdf") and "." not in u[:-4]} <= built


def test_the_json_ld_agrees_with_the_ro_crate(two_sessions: dict[str, Path]) -> None:
    data = jsonld(two_sessions["index"])
    crate = json.loads((two_sessions["root"] / "ro-crate-metadata.json").read_text("utf-8"))
    (root,) = [e for e in crate["@graph"] if e["@id"] == "./"]
    assert data["description"] == root["description"]
    authors = [e["name"] for e in crate["@graph"] if {"@id": e["@id"]} in root["author"]]
    assert [c["name"] for c in data["creator"]] == authors


def test_each_data_file_is_listed_with_size_rows_checksum_and_its_table(
    two_sessions: dict[str, Path],
) -> None:
    page = lxml.html.parse(str(two_sessions["index"])).getroot()
    root = two_sessions["root"]
    notes = (root / "data" / "notes.csv").read_bytes()
    (row,) = [tr for tr in page.iter("tr") if tr.findtext("th/a") == "data/notes.csv"]
    cells = [c.text_content() for c in row.findall("td")]
    assert cells[0] == f"{len(notes):,}"
    assert int(cells[1]) == notes.decode("utf-8").count("\n") - 1
    assert cells[2] == hashlib.sha256(notes).hexdigest()
    assert row.find("th/a").get("href") == "codebook.html#table-notes"
    text = page.text_content()
    version = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert version != "1.1.0"  # the import raised the version
    assert f"ontwerptafel-{version}.zip" in text
    assert lxml.html.parse(str(two_sessions["index_en"])).getroot().get("lang") == "en"


def test_the_landing_command_writes_both_languages(package_copy: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ontwerptafel.cli import cli

    result = CliRunner().invoke(cli, ["landing", str(package_copy), "--out", str(tmp_path)])
    written = "wrote index.en.html\nwrote index.html\nwrote codebook.html\n"
    assert (result.exit_code, result.output) == (0, written)
    page = lxml.html.parse(str(tmp_path / "index.html")).getroot()
    assert page.get("lang") == "nl"
    assert page.xpath("//a[@hreflang='en']/@href") == ["index.en.html"] + [
        f"dvhg-2024.en.{fmt}" for fmt in ("pdf", "docx", "html", "pptx")
    ] + ["codebook.html"]  # the codebook is in English, as data/README.md


def test_every_data_file_row_has_its_size_rows_and_checksum(two_sessions: dict[str, Path]) -> None:
    page = lxml.html.parse(str(two_sessions["index"])).getroot()
    root = two_sessions["root"]
    listed = {tr.findtext("th/a"): tr for tr in page.iter("tr") if tr.find("th/a") is not None}
    resources = load(root).descriptor["resources"]
    assert set(listed) == {r["path"] for r in resources}
    for res in resources:
        data = (root / res["path"]).read_bytes()
        size, rows, checksum = (c.text_content() for c in listed[res["path"]].findall("td"))
        assert size == f"{len(data):,}"
        assert checksum == hashlib.sha256(data).hexdigest()
        if res["path"].endswith(".csv"):  # header on line 1, one record a line, no newline inside
            assert int(rows) == data.decode("utf-8").count("\n") - 1, res["path"]
        else:
            assert rows == ""


def test_the_release_zip_and_its_checksum_file_are_named_as_release_names_them(
    two_sessions: dict[str, Path],
) -> None:
    from ontwerptafel.release import MANIFEST, release_name

    descriptor = load(two_sessions["root"]).descriptor
    for key in ("index", "index_en"):
        page = lxml.html.parse(str(two_sessions[key])).getroot()
        (download,) = page.xpath("//section[@aria-labelledby='files']/p[code]")
        assert download.xpath("code/text()") == [f"{release_name(descriptor)}.zip", MANIFEST]


def test_each_table_file_links_to_its_table_in_the_codebook_page(
    two_sessions: dict[str, Path],
) -> None:
    codebook = lxml.html.parse(str(two_sessions["codebook"])).getroot()
    for key in ("index", "index_en"):
        page = lxml.html.parse(str(two_sessions[key])).getroot()
        links = [a.get("href") for a in page.xpath("//tbody/tr/th/a")]
        tables = [href.split("#")[1] for href in links if href.startswith("codebook.html#")]
        assert len(tables) == len(links) - 1  # every file but the source text
        for ident in tables:
            assert codebook.get_element_by_id(ident).tag == "h2"


def test_the_codebook_page_says_what_data_readme_says(two_sessions: dict[str, Path]) -> None:
    """Both come from the same ``TableDoc``s: every table and column of
    data/README.md, in its order, with its allowed values."""
    root = two_sessions["root"]
    readme = (root / "data" / "README.md").read_text(encoding="utf-8")
    page = lxml.html.parse(str(two_sessions["codebook"])).getroot()
    assert page.get("lang") == "en"
    assert [h.text_content() for h in page.xpath("//main//h2")][1:-1] == re.findall(
        r"^## (.+)$", readme, re.M
    )[:-1]  # the overview table first, "Other files" last
    for section in page.xpath("//main/section[h2[starts-with(@id, 'table-')]]"):
        name = section.find("h2").get("id").removeprefix("table-")
        block = readme.split(f"\n## {name}: ", 1)[1].split("\n## ", 1)[0]
        columns = re.findall(r"^\| `([^`]+)`", block, re.M)
        assert section.xpath(".//tbody/tr/th/code/text()") == columns
        values = re.findall(r"^- (`.+)$", block, re.M)
        shown = [li.text_content().replace("`", "") for li in section.xpath("ul[position()>1]/li")]
        assert shown == [v.replace("`", "") for v in values]
