"""The citation is right: the original's title in every metadata file, a
colophon that cites in its edition's language and names the original, and no
file that gives the organisation's home page as the place of the data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from page_texts import docx_slides, html_slides, pdf_pages


def original_title(root: Path) -> str:
    """The original report's title as its source text sets it, less the bold
    tag that names this report rather than the data ("[+ uitkomsten workshop]")."""
    source = root / "data" / "source" / "workshop-report-2024-11-12.md"
    heading = next(
        line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith("# ")
    )
    return re.sub(r"\s*\*\*\[.*?\]\*\*\s*$", "", heading[2:]).strip()


def metadata_titles(root: Path) -> dict[str, str]:
    def load(name: str) -> Any:
        return json.loads((root / name).read_text(encoding="utf-8"))

    crate = load("ro-crate-metadata.json")
    (top,) = [e for e in crate["@graph"] if e["@id"] == "./"]
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    return {
        "datapackage.json": load("datapackage.json")["title"],
        "CITATION.cff": cff["title"],
        ".zenodo.json": load(".zenodo.json")["title"],
        "ro-crate-metadata.json": top["name"],
    }


def test_every_metadata_file_has_the_originals_title(root: Path) -> None:
    title = original_title(root)
    assert title.startswith("Burgers aan de ontwerptafel? Beloftes en belemmeringen")
    assert metadata_titles(root) == dict.fromkeys(metadata_titles(root), title)


def test_no_metadata_file_gives_the_home_page_as_the_datas_place(root: Path) -> None:
    """The organisation's site may name the organisation (its RO-Crate ``url``),
    never the place of the data."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    crate = json.loads((root / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    dataset = next(e for e in crate["@graph"] if e["@id"] == "./")
    zenodo = (root / ".zenodo.json").read_text(encoding="utf-8")
    places = [
        descriptor.get("homepage", ""),
        descriptor.get("id", ""),
        cff.get("url", ""),
        cff.get("repository", ""),
        dataset.get("url", ""),
        dataset.get("identifier", ""),
    ]
    assert not [p for p in places if "kcpeg.nl" in str(p)]
    assert "kcpeg.nl" not in zenodo


def last_slides(built: dict[str, Any]) -> dict[str, str]:
    return {
        "pdf": pdf_pages(built["pdf"])[-1],
        "docx": docx_slides(built["docx"].read_bytes())[-1],
        "html": html_slides(built["html"].read_text(encoding="utf-8"))[-1],
    }


@pytest.mark.parametrize(
    ("lang", "cited_as", "not_as"),
    [
        ("nl", "[Dataset].", "(Versie"),
        ("en", "[Data set].", "(Version"),
    ],
)
def test_colophon_cites_in_its_editions_language(
    editions: dict[str, dict[str, Any]], root: Path, lang: str, cited_as: str, not_as: str
) -> None:
    """A session's report cites the dataset without its version (which an
    added session changes); the overview cites the version."""
    original = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))["sources"][0]
    for fmt, text in last_slides(editions[lang]).items():
        assert f"{original_title(root)} {cited_as}" in text, fmt
        assert not_as not in text, fmt
        assert "1.1.0" not in text, fmt
        assert " ".join(original["title"].split()) in text, fmt  # the original it reproduces
        assert "2024" in original["title"]
        assert "Universiteit Leiden" in original["title"]
        assert "data/README.md" in text, fmt  # where the codebook went
        assert "kcpeg.nl" not in text, fmt
