"""The dataset's landing page: its schema.org Dataset and what the page lists."""

from __future__ import annotations

import hashlib
import json
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
    reports = {u for u in urls if u.rsplit(".", 1)[-1] in ("pdf", "docx", "html")}
    assert "overview.pdf" in reports
    assert "voorbeeld-2025.en.docx" in reports
    assert len(reports) == 3 * 3 * len(languages())  # two sessions and the overview
    assert urls["overview.pdf"] == "application/pdf"
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
    assert page.get_element_by_id("table-notes") is not None
    assert row.find("th/a").get("href") == "#table-notes"
    text = page.text_content()
    version = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert version != "1.1.0"  # the import raised the version
    assert f"ontwerptafel-{version}.zip" in text
    assert lxml.html.parse(str(two_sessions["index_en"])).getroot().get("lang") == "en"


def test_the_landing_command_writes_both_languages(package_copy: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ontwerptafel.cli import cli

    result = CliRunner().invoke(cli, ["landing", str(package_copy), "--out", str(tmp_path)])
    assert (result.exit_code, result.output) == (0, "wrote index.en.html\nwrote index.html\n")
    page = lxml.html.parse(str(tmp_path / "index.html")).getroot()
    assert page.get("lang") == "nl"
    assert page.xpath("//a[@hreflang='en']/@href") == ["index.en.html"] + [
        f"dvhg-2024.en.{fmt}" for fmt in ("pdf", "docx", "html")
    ]
