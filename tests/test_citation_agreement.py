"""Every place that cites the dataset agrees: the citation files, the PDF's and
the DOCX's metadata and the colophon name the same title, creators (in the
same order), version, DOI and licence.

Each file is read with a parser of its own format (YAML, JSON, rdflib for
Turtle, pikepdf for XMP and DocInfo, the DOCX's XML, ``pdftotext`` for the
colophon) and reduced to those facts; then every two places that both carry
a fact are compared, and a disagreement names the two. A session's report
names no version (another session would change it) and, like its metadata,
names the session's hosts: the seed session's hosts are the dataset's
creators, so its report must agree with the rest; the overview names the
version.
"""

from __future__ import annotations

import itertools
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import rdflib
import yaml
from lxml import etree
from rdflib.namespace import DCTERMS, FOAF, RDF

from conftest import copy_package, session_folder
from ontwerptafel.build import build
from ontwerptafel.publish.citation_files import ZENODO_LICENCES
from ontwerptafel.publish.dcat import DCAT3, LICENCES
from ontwerptafel.publish.metadata import write_all
from ontwerptafel.sessions.importer import import_path
from page_texts import pdf_pages

DOI = "10.5281/zenodo.1234567"
Facts = dict[str, Any]
#: a creator: (given name, family name with its particle); ``INITIALS`` marks
#: a place that gives only initials (APA), compared by family name and initial
INITIALS = "initials"
CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def person(given: str, family: str) -> tuple[str, str]:
    return (given.strip(), family.strip())


def flipped(name: str) -> tuple[str, str]:
    """'de Boer, Hannah' (how repositories list people)."""
    family, _, given = name.partition(", ")
    return person(given, family)


def spoken(name: str) -> tuple[str, str]:
    """'Hannah de Boer' (how a document names its authors): the first word is
    the given name, as it is for every creator of this package."""
    given, _, family = name.strip().partition(" ")
    return person(given, family)


def doi_of(value: Any) -> str | None:
    m = re.search(r"(10\.\d{4,9}/[^\s\"'>]+?)\.?(?:\s|$)", f"{value} ")
    return m.group(1).lower() if m else None


def licence_id(value: str, descriptor: dict[str, Any]) -> str:
    """A licence by its SPDX id, from any of the names the files give it."""
    zenodo = {v: k for k, v in ZENODO_LICENCES.items()}
    eu = {v: k for k, v in LICENCES.items()}
    by_path_or_title = {}
    for lic in descriptor["licenses"]:
        by_path_or_title[lic["path"]] = by_path_or_title[lic["title"]] = lic["name"]
    value = value.rsplit("/licence/", 1)[-1] if "/authority/licence/" in value else value
    return by_path_or_title.get(value) or zenodo.get(value) or eu.get(value) or value


# --- what each place says ------------------------------------------------------


def cff_facts(pkg: Path, d: dict[str, Any]) -> Facts:
    cff = yaml.safe_load((pkg / "CITATION.cff").read_text(encoding="utf-8"))
    authors = [
        person(a.get("given-names", ""), f"{a.get('name-particle', '')} {a['family-names']}")
        for a in cff["authors"]
    ]
    dois = {cff.get("doi")} | {i["value"] for i in cff.get("identifiers", []) if i["type"] == "doi"}
    assert len(dois) == 1, f"CITATION.cff names two DOIs: {dois}"
    return {
        "title": cff["title"],
        "creators": authors,
        "version": cff["version"],
        "doi": doi_of(dois.pop()),
        "licence": licence_id(cff["license"], d),
    }


def zenodo_facts(pkg: Path, d: dict[str, Any]) -> Facts:
    z = json.loads((pkg / ".zenodo.json").read_text(encoding="utf-8"))
    return {
        "title": z["title"],
        "creators": [flipped(c["name"]) for c in z["creators"]],
        "version": z["version"],
        "doi": doi_of(z.get("doi")),
        "licence": licence_id(z["license"], d),
    }


def rocrate_facts(pkg: Path, d: dict[str, Any]) -> Facts:
    graph = json.loads((pkg / "ro-crate-metadata.json").read_text(encoding="utf-8"))["@graph"]
    by_id = {e["@id"]: e for e in graph}
    top = by_id["./"]
    authors = top["author"] if isinstance(top["author"], list) else [top["author"]]
    people = [by_id[a["@id"]] for a in authors]
    return {
        "title": top["name"],
        "version": top["version"],
        "creators": [person(p["givenName"], p["familyName"]) for p in people],
        "doi": doi_of(top.get("identifier")),
        "licence": licence_id(top["license"]["@id"], d),
    }


def datacite_facts(pkg: Path, d: dict[str, Any]) -> Facts:
    r = json.loads((pkg / "datacite.json").read_text(encoding="utf-8"))
    (rights,) = r["rightsList"]
    return {
        "title": r["titles"][0]["title"],
        "version": r["version"],
        "creators": [person(c["givenName"], c["familyName"]) for c in r["creators"]],
        "doi": doi_of(r.get("doi")),
        "licence": licence_id(rights["rightsIdentifier"].upper(), d),
    }


def dcat_facts(pkg: Path, d: dict[str, Any]) -> Facts:
    """DCAT: RDF has no order of ``dct:creator``s, so only the set is compared."""
    g = rdflib.Graph().parse(pkg / "dcat.ttl")
    (dataset,) = g.subjects(RDF.type, DCAT3.Dataset)
    (licence,) = g.objects(dataset, DCTERMS.license)
    names = [str(g.value(c, FOAF.name)) for c in g.objects(dataset, DCTERMS.creator)]
    return {
        "title": str(g.value(dataset, DCTERMS.title)),
        "version": str(g.value(dataset, DCAT3.version)),
        "creator set": {flipped(n) for n in names},
        "doi": doi_of(g.value(dataset, DCTERMS.identifier)),
        "licence": licence_id(str(licence), d),
    }


def pdf_metadata(path: Path) -> dict[str, Facts]:
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        xmp = {"title": str(meta["dc:title"]), "creators": [spoken(c) for c in meta["dc:creator"]]}
        authors = str(pdf.docinfo["/Author"]).split(", ")
        info = {"title": str(pdf.docinfo["/Title"]), "creators": [spoken(c) for c in authors]}
    return {f"{path.name} (XMP)": xmp, f"{path.name} (DocInfo)": info}


def docx_metadata(path: Path) -> Facts:
    with zipfile.ZipFile(path) as zf:
        core = etree.fromstring(zf.read("docProps/core.xml"))
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "cp": CORE}
    authors = core.findtext("dc:creator", namespaces=ns).split("; ")
    facts = {
        "title": core.findtext("dc:title", namespaces=ns),
        "creators": [spoken(c) for c in authors],
    }
    if core.find("cp:version", ns) is not None:
        facts["version"] = core.findtext("cp:version", namespaces=ns)
    return facts


COLOPHON = re.compile(
    r"(?:Citeer als|Cite as) (?P<who>.+?) \((?P<year>\d{4})\)\. (?P<title>.+?)"
    r"(?: \((?:Versie|Version) (?P<version>[^)]+)\))? \[(?:Dataset|Data set)\]\.(?P<where> \S+)?"
    r" (?:Origineel|Original) .*(?:Licentie|Licence) (?P<licence>.+?) ·"
)


def colophon_facts(path: Path, d: dict[str, Any]) -> Facts:
    """The colophon's citation line, as ``pdftotext`` reads the last page."""
    text = pdf_pages(path)[-1]
    m = COLOPHON.search(text)
    assert m, f"{path.name}: no citation line in its colophon: {text!r}"
    who = re.findall(r"([^,&]+?), ((?:[A-Z]\.\s?)+),?", m["who"])
    facts = {
        "title": m["title"],
        "creators": (INITIALS, [person(g, f) for f, g in who]),
        "doi": doi_of(m["where"] or ""),
        "licence": licence_id(m["licence"], d),
    }
    if m["version"]:
        facts["version"] = m["version"]
    return facts


# --- comparing ------------------------------------------------------------------


def same_people(a: Any, b: Any) -> bool:
    """Creators in the same order (a set where a place keeps none), compared by
    family name and initial where one place gives initials only."""
    initials = any(isinstance(x, tuple) and x and x[0] == INITIALS for x in (a, b))
    a, b = (x[1] if isinstance(x, tuple) and x and x[0] == INITIALS else x for x in (a, b))

    def key(p: tuple[str, str]) -> tuple[str, str]:
        return (p[1].lower(), p[0][:1].lower()) if initials else p

    if isinstance(a, set) or isinstance(b, set):
        return {key(p) for p in a} == {key(p) for p in b}
    return [key(p) for p in a] == [key(p) for p in b]


def disagreements(places: dict[str, Facts]) -> list[str]:
    """One line for every fact two places both carry and give differently."""
    out = []
    for (one, a), (two, b) in itertools.combinations(places.items(), 2):
        for fact in ("title", "version", "doi", "licence"):
            if fact in a and fact in b and a[fact] != b[fact]:
                out.append(f"{one} and {two} disagree on the {fact}: {a[fact]!r} vs {b[fact]!r}")
        people = [x for x in (a, b) if "creators" in x or "creator set" in x]
        if len(people) == 2:
            pa, pb = (x.get("creators", x.get("creator set")) for x in (a, b))
            if not same_people(pa, pb):
                out.append(f"{one} and {two} disagree on the creators: {pa!r} vs {pb!r}")
    return out


def citation_files(pkg: Path) -> dict[str, Facts]:
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    creators = [c for c in d["contributors"] if "creator" in c.get("roles", [])]
    return {
        "datapackage.json": {
            "title": d["title"],
            "version": d["version"],
            "doi": doi_of(d.get("id")),
            "creators": [person(c["givenName"], c["familyName"]) for c in creators],
            "licence": d["licenses"][0]["name"],
        },
        "CITATION.cff": cff_facts(pkg, d),
        ".zenodo.json": zenodo_facts(pkg, d),
        "ro-crate-metadata.json": rocrate_facts(pkg, d),
        "datacite.json": datacite_facts(pkg, d),
        "dcat.ttl": dcat_facts(pkg, d),
    }


@pytest.fixture(scope="module")
def with_doi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed session and an invented one (so there is an overview), the DOI
    assigned, the citation files written, the PDF and DOCX built."""
    base = tmp_path_factory.mktemp("agreement")
    pkg = copy_package(base / "pkg")
    import_path(pkg, session_folder(base / "voorbeeld-2025", pkg, "voorbeeld-2025"))
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    d["id"] = f"https://doi.org/{DOI}"
    (pkg / "datapackage.json").write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
    write_all(pkg)
    build(pkg, [], ["pdf,docx"], "nl", base / "out", quiet=True)
    return {"pkg": pkg, "out": base / "out"}


def test_the_repositorys_citation_files_agree(root: Path) -> None:
    places = citation_files(root)
    assert places["CITATION.cff"]["doi"] is None  # none assigned yet: none invented
    assert not disagreements(places), "\n".join(disagreements(places))


def test_every_place_agrees_on_the_citation_once_there_is_a_doi(
    with_doi: dict[str, Path],
) -> None:
    pkg, out = with_doi["pkg"], with_doi["out"]
    d = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    places = citation_files(pkg)
    for name in ("dvhg-2024", "overview"):
        places |= pdf_metadata(out / f"{name}.pdf")
        places[f"{name}.docx (core properties)"] = docx_metadata(out / f"{name}.docx")
        places[f"{name}.pdf (colophon)"] = colophon_facts(out / f"{name}.pdf", d)
    assert {p.get("doi") for n, p in places.items() if "doi" in p} == {DOI}
    assert places["overview.pdf (colophon)"]["version"] == d["version"]
    assert places["overview.docx (core properties)"]["version"] == d["version"]
    assert "version" not in places["dvhg-2024.pdf (colophon)"]  # by design: see module
    assert "version" not in places["dvhg-2024.docx (core properties)"]
    problems = disagreements(places)
    assert not problems, "\n".join(problems)


def test_a_disagreement_names_both_places() -> None:
    a = {"title": "T", "creators": [("Hannah", "de Boer"), ("Lotte", "van Dillen")]}
    b = {"title": "T", "creators": [("Lotte", "van Dillen"), ("Hannah", "de Boer")]}
    c = {"title": "T", "creators": (INITIALS, [("H.", "De Boer"), ("L.", "Van Dillen")])}
    d = {"title": "U", "creator set": {("Lotte", "van Dillen"), ("Hannah", "de Boer")}}
    found = disagreements({"a.json": a, "b.cff": b, "c.pdf": c, "d.ttl": d})
    assert [line.split(" disagree")[0] for line in found] == [
        "a.json and b.cff",
        "a.json and d.ttl",
        "b.cff and c.pdf",
        "b.cff and d.ttl",
        "c.pdf and d.ttl",
    ]
    assert found[1].startswith("a.json and d.ttl disagree on the title: 'T' vs 'U'")


def test_the_overview_names_its_authors_as_the_citation_files_do(
    package_copy: Path, tmp_path: Path
) -> None:
    """A creator's ``title`` may say more than a name; every place takes the
    name from ``givenName`` and ``familyName``, as the citation files do."""
    from ontwerptafel.package.read import load
    from ontwerptafel.publish.citation_files import cff
    from ontwerptafel.views.overview import build_overview

    import_path(package_copy, session_folder(tmp_path / "vb", package_copy, "vb-2025"))
    path = package_copy / "datapackage.json"
    d = json.loads(path.read_text(encoding="utf-8"))
    d["contributors"][0]["title"] = "dr. H.C. de Boer (KCPEG)"
    path.write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report = build_overview(load(package_copy), "nl")
    authors = yaml.safe_load(cff(d))["authors"]
    assert report.authors[0] == "Hannah de Boer"
    assert [spoken(a) for a in report.authors] == [
        person(a["given-names"], f"{a.get('name-particle', '')} {a['family-names']}")
        for a in authors
    ]
