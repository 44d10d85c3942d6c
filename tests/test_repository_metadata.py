"""The records a data repository and a national catalogue read: datacite.json
valid against DataCite's kernel 4.5 schema (and turned into its XML by the
same library), dcat.ttl conforming to the DCAT-AP-NL 3.0 shapes, and every
metadata file following datapackage.json when one fact in it changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from datacite import schema45
from lxml import etree
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SH

from ontwerptafel.publish.metadata import write_all

SHAPES = Path(__file__).resolve().parent / "schemas" / "dcat-ap-nl"
#: the DCAT-AP-NL 3.0 shapes that give violations: mandatory, ranges, code lists
REQUIRED_SHAPES = (
    "dcat-ap-nl-SHACL.ttl",
    "dcat-ap-nl-SHACL-klassebereik.ttl",
    "dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl",
)
DATACITE_NS = "{http://datacite.org/schema/kernel-4}"
ORCID = "0000-0002-1825-0097"  # ORCID's own example iD
DCAT = Namespace("http://www.w3.org/ns/dcat#")


def edit_descriptor(root: Path, change: Any) -> None:
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")


def shapes(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES / name, format="turtle")
    return graph


def shacl_results(data: Graph, shape_graph: Graph) -> list[tuple[str, str, str]]:
    """(severity, focus node, path) of every result pyshacl reports."""
    _, report, _ = validate(data, shacl_graph=shape_graph, inference="none")
    return sorted(
        (
            str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1],
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.resultPath)),
        )
        for r in report.subjects(SH.resultSeverity, None)
    )


@pytest.fixture(scope="module")
def dcat_graph(root: Path) -> Graph:
    return Graph().parse(root / "dcat.ttl", format="turtle")


def test_datacite_record_is_valid_kernel_45_and_becomes_xml(root: Path) -> None:
    record = json.loads((root / "datacite.json").read_text(encoding="utf-8"))
    assert list(schema45.validator.iter_errors(record)) == []
    xml = etree.fromstring(schema45.tostring(record).encode("utf-8"))
    assert xml.tag == f"{DATACITE_NS}resource"
    names = [e.text for e in xml.iter(f"{DATACITE_NS}creatorName")]
    assert names == ["de Boer, Hannah", "van Dillen, Lotte", "Westenberg, Babs", "Stopel, Marieke"]
    kind = xml.find(f"{DATACITE_NS}resourceType")
    assert kind is not None
    assert kind.get("resourceTypeGeneral") == "Dataset"
    rights = xml.find(f"{DATACITE_NS}rightsList/{DATACITE_NS}rights")
    assert rights is not None
    assert (rights.get("rightsIdentifier"), rights.get("rightsIdentifierScheme")) == (
        "cc-by-4.0",
        "SPDX",
    )
    curator = xml.find(f"{DATACITE_NS}contributors/{DATACITE_NS}contributor")
    assert curator is not None
    assert curator.get("contributorType") == "DataCurator"
    publisher = xml.find(f"{DATACITE_NS}publisher")
    assert publisher is not None
    assert publisher.text == "Kenniscentrum Psychologie en Economisch Gedrag"


def test_datacite_schema_refuses_what_kernel_45_forbids(root: Path) -> None:
    """The check can fail: a resource type outside DataCite's list is an error."""
    record = json.loads((root / "datacite.json").read_text(encoding="utf-8"))
    record["types"]["resourceTypeGeneral"] = "Workshop"
    errors = list(schema45.validator.iter_errors(record))
    assert [list(e.path) for e in errors] == [["types", "resourceTypeGeneral"]]


def test_dcat_conforms_to_dcat_ap_nl_and_dcat_ap(dcat_graph: Graph) -> None:
    assert shacl_results(dcat_graph, shapes(*REQUIRED_SHAPES)) == []
    assert shacl_results(dcat_graph, shapes("dcat-ap-SHACL.ttl")) == []


def test_dcat_shapes_report_a_missing_mandatory_property(dcat_graph: Graph) -> None:
    broken = Graph()
    for triple in dcat_graph:
        if triple[1] != DCTERMS.publisher:
            broken.add(triple)
    results = shacl_results(broken, shapes(*REQUIRED_SHAPES))
    assert [(s, p) for s, _, p in results] == [("Violation", str(DCTERMS.publisher))]


def test_dcat_recommended_warnings_left_are_what_no_deposit_has_yet(dcat_graph: Graph) -> None:
    """Download addresses exist once the files are deposited; there is no data
    service, no documentation page, no landing page before a DOI (the
    organisation's home page is not the data's), and no standard a report
    conforms to."""
    results = shacl_results(dcat_graph, shapes("dcat-ap-nl-SHACL-aanbevolen.ttl"))
    assert {s for s, _, _ in results} == {"Warning"}
    paths = {
        (node.rsplit("#", 1)[1].split("-")[0] if "#" in node else "dataset", path)
        for _, node, path in results
    }
    assert paths == {
        ("dataset", str(FOAF.page)),  # no documentation page of its own
        ("dataset", str(DCAT.landingPage)),  # none until the deposit has a DOI
        ("data", str(DCAT.downloadURL)),
        ("data", str(DCAT.accessService)),
        ("release", str(DCAT.downloadURL)),
        ("release", str(DCAT.accessService)),
        ("report", str(DCAT.downloadURL)),
        ("report", str(DCAT.accessService)),
        ("report", str(DCTERMS.conformsTo)),
    }


def read_all(root: Path) -> dict[str, str]:
    names = ("CITATION.cff", ".zenodo.json", "datacite.json", "dcat.ttl", "ro-crate-metadata.json")
    return {name: (root / name).read_text(encoding="utf-8") for name in names}


def test_one_changed_fact_changes_every_metadata_file(package_copy: Path) -> None:
    write_all(package_copy)
    before = read_all(package_copy)

    def change(d: dict[str, Any]) -> None:
        d["version"] = "7.3.1"
        d["contributors"][0]["familyName"] = "Zwanenburg"
        d["contributors"][0]["title"] = "Hannah Zwanenburg"

    edit_descriptor(package_copy, change)
    write_all(package_copy)
    after = read_all(package_copy)
    for name, text in after.items():
        assert "7.3.1" in text, name
        assert "7.3.1" not in before[name], name
        assert "Zwanenburg" in text, name
        assert "Zwanenburg" not in before[name], name
        assert "Boer" in before[name], name
        assert "Boer" not in text, name
    assert yaml.safe_load(after["CITATION.cff"])["authors"][0]["family-names"] == "Zwanenburg"
    graph = Graph().parse(data=after["dcat.ttl"], format="turtle")
    assert Literal("Zwanenburg, Hannah") in set(graph.objects(None, FOAF.name))


def test_orcid_reaches_zenodo_datacite_and_dcat(package_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["contributors"][1]["path"] = f"https://orcid.org/{ORCID}"

    edit_descriptor(package_copy, change)
    write_all(package_copy)
    zenodo = json.loads((package_copy / ".zenodo.json").read_text(encoding="utf-8"))
    assert [c.get("orcid") for c in zenodo["creators"]] == [None, ORCID, None, None]
    record = json.loads((package_copy / "datacite.json").read_text(encoding="utf-8"))
    assert record["creators"][1]["nameIdentifiers"] == [
        {
            "nameIdentifier": f"https://orcid.org/{ORCID}",
            "nameIdentifierScheme": "ORCID",
            "schemeUri": "https://orcid.org",
        }
    ]
    assert list(schema45.validator.iter_errors(record)) == []
    graph = Graph().parse(package_copy / "dcat.ttl", format="turtle")
    assert URIRef(f"https://orcid.org/{ORCID}") in set(graph.objects(None, DCTERMS.creator))


def test_zenodo_names_what_the_data_is_derived_from(package_copy: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["sources"].append({"title": "Het verslag", "path": "https://doi.org/10.1234/verslag"})

    edit_descriptor(package_copy, change)
    write_all(package_copy)
    zenodo = json.loads((package_copy / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["related_identifiers"] == [
        {"identifier": "https://doi.org/10.1234/verslag", "relation": "isDerivedFrom"}
    ]
    assert zenodo["license"] == "cc-by-4.0"  # Zenodo's vocabulary is lower case
    record = json.loads((package_copy / "datacite.json").read_text(encoding="utf-8"))
    assert record["relatedIdentifiers"] == [
        {
            "relatedIdentifier": "https://doi.org/10.1234/verslag",
            "relatedIdentifierType": "URL",
            "relationType": "IsDerivedFrom",
        }
    ]
