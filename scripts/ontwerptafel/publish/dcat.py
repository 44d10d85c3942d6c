"""``dcat.ttl``: a DCAT-AP-NL 3.0 description of the package, for data.overheid.nl.

The national catalogue harvests DCAT-AP-NL; this describes the dataset,
one distribution per data file, one per report format and language, and
one for the release zip, with the controlled values the profile names (EU
vocabularies for access right, licence, language, theme, file type and
status). Built with rdflib from the same descriptor and helpers as every
other metadata file; Turtle sorted by rdflib, blank nodes only inline, so
the same descriptor gives the same bytes.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from ontwerptafel.package import citation
from ontwerptafel.publish.facts import orcid, publisher
from ontwerptafel.views.i18n import RECORD_LANGUAGES, iso639_3, languages

DUTCH, ENGLISH = RECORD_LANGUAGES

EU = "http://publications.europa.eu/resource/authority/"
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace("http://www.w3.org/ns/dcat#")  # open: rdflib knows DCAT 2 only
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA = "https://www.iana.org/assignments/media-types/"
#: what the data files and the release conform to, when the descriptor names no profile
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
#: SPDX id -> the EU licence vocabulary (DCAT-AP's controlled list)
LICENCES = {"CC-BY-4.0": "CC_BY_4_0", "CC0-1.0": "CC0", "CC-BY-SA-4.0": "CC_BYSA_4_0"}
#: EU data themes of a workshop on how government designs policy with citizens,
#: with the English labels of the EU vocabularies (DCAT-AP asks a concept's label)
THEMES = {"GOVE": "Government and public sector", "SOCI": "Population and society"}
STATUS = ("COMPLETED", "Completed")
#: what each shipped format is: EU file type, IANA media type, Dutch and English name
FORMATS = {
    "csv": ("CSV", "text/csv", "tabel", "table"),
    "md": ("MARKDOWN", "text/markdown", "tekst", "text"),
    "pdf": ("PDF", "application/pdf", "rapport (PDF)", "report (PDF)"),
    "docx": (
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "rapport (Word)",
        "report (Word)",
    ),
    "html": ("HTML", "text/html", "rapport (webpagina)", "report (web page)"),
    "zip": ("ZIP", "application/zip", "volledige release", "complete release"),
}


def _uri(text: str) -> URIRef:
    return URIRef(text)


def _agent(g: Graph, iri: URIRef, name: str, kind: URIRef) -> URIRef:
    g.add((iri, RDF.type, FOAF.Agent))
    g.add((iri, RDF.type, kind))
    g.add((iri, FOAF.name, Literal(name)))
    return iri


def _concept(g: Graph, iri: str, kind: URIRef = SKOS.Concept, label: str = "") -> URIRef:
    node = _uri(iri)
    g.add((node, RDF.type, kind))
    if label:
        g.add((node, SKOS.prefLabel, Literal(label, lang=ENGLISH)))
    return node


def _session_dates(root: Path, descriptor: dict[str, Any]) -> list[str]:
    res = next((r for r in descriptor.get("resources", []) if r.get("name") == "sessions"), None)
    path = root / str(res.get("path", "")) if res else None
    if path is None or not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return sorted(row["date"] for row in csv.DictReader(fh) if row.get("date"))


def _distribution(
    g: Graph,
    dataset: URIRef,
    key: str,
    fmt: str,
    title: tuple[str, str],
    access: URIRef,
    lang: URIRef,
    standard: URIRef | None,
) -> None:
    file_type, media, _nl, _en = FORMATS[fmt]
    node = _uri(f"{dataset}#{key}")
    g.add((node, DCTERMS.language, lang))
    if standard is not None:
        g.add((node, DCTERMS.conformsTo, standard))
    g.add((dataset, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(title[0], lang=DUTCH)))
    g.add((node, DCTERMS.title, Literal(title[1], lang=ENGLISH)))
    g.add((node, DCAT.accessURL, access))
    g.add(
        (node, DCTERMS.format, _concept(g, f"{EU}file-type/{file_type}", DCTERMS.MediaTypeOrExtent))
    )
    g.add((node, DCAT.mediaType, _concept(g, IANA + media, DCTERMS.MediaType)))
    for licence in g.objects(dataset, DCTERMS.license):
        g.add((node, DCTERMS.license, licence))


def dcat_graph(root: Path, descriptor: dict[str, Any], urls: dict[str, str]) -> Graph:
    """The description as an rdflib graph; ``urls`` as in ``facts``."""
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        g.bind(prefix, ns)
    g.bind("adms", ADMS)
    home = str(descriptor.get("homepage") or "")
    landing = citation.landing_url(descriptor) or home
    ident = str(descriptor.get("id") or landing)
    dataset = _uri(citation.landing_url(descriptor) or ident)
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.identifier, Literal(ident)))
    g.add((dataset, DCTERMS.title, Literal(str(descriptor.get("title", "")), lang=DUTCH)))
    about = str(descriptor.get("description", ""))
    g.add((dataset, DCTERMS.description, Literal(about, lang=ENGLISH)))
    g.add((dataset, DCAT3.version, Literal(str(descriptor.get("version", "")))))
    for word in descriptor.get("keywords", []):
        g.add((dataset, DCAT.keyword, Literal(str(word))))
    for theme, label in THEMES.items():
        g.add((dataset, DCAT.theme, _concept(g, f"{EU}data-theme/{theme}", label=label)))
    own = [str(x) for x in descriptor.get("languages", [])]
    for lang in own:
        g.add((dataset, DCTERMS.language, _language(g, lang)))
    standard = _concept(g, str(descriptor.get("$schema") or PROFILE), DCTERMS.Standard)
    g.add((dataset, DCTERMS.conformsTo, standard))
    rights = _concept(g, f"{EU}access-right/PUBLIC", DCTERMS.RightsStatement)
    g.add((dataset, DCTERMS.accessRights, rights))
    status = _concept(g, f"{EU}dataset-status/{STATUS[0]}", label=STATUS[1])
    g.add((dataset, ADMS.status, status))
    lic = citation.licence(descriptor)["name"]
    licence = _concept(g, f"{EU}licence/{LICENCES.get(lic, lic)}", DCTERMS.LicenseDocument)
    g.add((dataset, DCTERMS.license, licence))
    g.add(
        (
            dataset,
            DCTERMS.issued,
            Literal(str(descriptor.get("created", ""))[:10], datatype=XSD.date),
        )
    )
    g.add((dataset, DCTERMS.modified, Literal(citation.published(descriptor), datatype=XSD.date)))
    if landing:
        page = _concept(g, landing, FOAF.Document)
        g.add((dataset, DCAT.landingPage, page))
    name = publisher(descriptor, urls)
    if name:
        org = _agent(g, _uri(urls.get(name) or f"{dataset}#publisher"), name, FOAF.Organization)
        g.add((dataset, DCTERMS.publisher, org))
        contact = _uri(f"{dataset}#contact")
        g.add((dataset, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Kind))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(name)))
        if urls.get(name):
            g.add((contact, VCARD.hasURL, _uri(urls[name])))
    for person in citation.creators(descriptor):
        found = orcid(person)
        iri = _uri(f"https://orcid.org/{found}" if found else f"{dataset}#{_key(person)}")
        kind = FOAF.Person if person.get("familyName") else FOAF.Organization
        g.add((dataset, DCTERMS.creator, _agent(g, iri, citation.display_name(person), kind)))
    dates = _session_dates(root, descriptor)
    if dates:
        period = BNode("temporal")
        g.add((dataset, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, Literal(dates[0], datatype=XSD.date)))
        g.add((period, DCAT.endDate, Literal(dates[-1], datatype=XSD.date)))
    access = _uri(landing) if landing else dataset
    g.add((access, RDF.type, RDFS.Resource))  # DCAT-AP checks the range without inference
    data_lang = _language(g, own[0] if own else DUTCH)
    for res in descriptor.get("resources", []):
        fmt = str(res.get("format") or Path(str(res.get("path"))).suffix[1:])
        if fmt in FORMATS:
            title = str(res.get("title") or res.get("name"))
            key = f"data-{res.get('name')}"
            _distribution(g, dataset, key, fmt, (title, title), access, data_lang, standard)
    for lang in languages():
        for fmt in ("pdf", "docx", "html"):
            _nl, _en = FORMATS[fmt][2:]
            titles = (f"{_nl}, taal: {lang}", f"{_en}, language: {lang}")
            key = f"report-{lang}-{fmt}"
            _distribution(g, dataset, key, fmt, titles, access, _language(g, lang), None)
    titles = FORMATS["zip"][2:]
    _distribution(g, dataset, "release", "zip", titles, access, data_lang, standard)
    return g


def _language(g: Graph, lang: str) -> URIRef:
    code = iso639_3(lang).upper()
    return _concept(g, f"{EU}language/{code}", DCTERMS.LinguisticSystem)


def _key(person: dict[str, Any]) -> str:
    words = citation.display_name(person).lower().replace(",", "").split()
    return "creator-" + "-".join(words)


def dcat(root: Path, descriptor: dict[str, Any], urls: dict[str, str] | None = None) -> str:
    """``dcat.ttl`` as text."""
    head = "# Generated by 'ontwerptafel metadata' from datapackage.json; do not edit.\n"
    return head + dcat_graph(root, descriptor, urls or {}).serialize(format="turtle")
