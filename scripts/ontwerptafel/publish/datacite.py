"""``datacite.json``: the DataCite Metadata Schema 4.5 record, from ``datapackage.json``.

Zenodo, 4TU.ResearchData and DANS register their DOIs with DataCite, so
this is the record a curator asks for first. It is the JSON form that the
``datacite`` package (Invenio) validates and turns into DataCite XML;
the same facts as CITATION.cff and the RO-Crate, written by the same
helpers, so they cannot disagree.
"""

from __future__ import annotations

from typing import Any

from ontwerptafel.package import citation
from ontwerptafel.publish.citation_files import to_json
from ontwerptafel.publish.facts import orcid, publisher, related

SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"
#: Frictionless resource ``format`` -> the file format DataCite lists
FORMATS = {"csv": "text/csv", "md": "text/markdown", "json": "application/json"}


def _person(person: dict[str, Any], urls: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": citation.display_name(person)}
    if person.get("familyName"):
        out["nameType"] = "Personal"
        if person.get("givenName"):
            out["givenName"] = str(person["givenName"])
        out["familyName"] = str(person["familyName"])
    else:
        out["nameType"] = "Organizational"
    found = orcid(person)
    if found:
        out["nameIdentifiers"] = [
            {
                "nameIdentifier": f"https://orcid.org/{found}",
                "nameIdentifierScheme": "ORCID",
                "schemeUri": "https://orcid.org",
            }
        ]
    if citation.affiliations(person):
        out["affiliation"] = [{"name": a} for a in citation.affiliations(person)]
    return out


def datacite_record(descriptor: dict[str, Any], urls: dict[str, str]) -> dict[str, Any]:
    """The record as a dict (see the module docstring); ``urls`` as in ``facts``."""
    lic = citation.licence(descriptor)
    languages = [str(x) for x in descriptor.get("languages", [])]
    resources = descriptor.get("resources", [])
    record: dict[str, Any] = {
        "types": {"resourceTypeGeneral": "Dataset", "resourceType": "Frictionless Data Package"},
        "creators": [_person(p, urls) for p in citation.creators(descriptor)],
        "titles": [{"title": str(descriptor.get("title", ""))}],
        "publisher": {"name": publisher(descriptor, urls)},
        "publicationYear": citation.year(descriptor),
        "subjects": [{"subject": str(k)} for k in descriptor.get("keywords", [])],
        "contributors": [
            {**_person(p, urls), "contributorType": "DataCurator"}
            for p in citation.curators(descriptor)
        ],
        "dates": [{"date": citation.published(descriptor), "dateType": "Issued"}],
        "sizes": [f"{len(resources)} files"],
        "formats": sorted(
            {FORMATS.get(str(r.get("format")), str(r.get("format"))) for r in resources}
        ),
        "version": str(descriptor.get("version", "")),
        "rightsList": [
            {
                "rights": lic["title"] or lic["name"],
                "rightsUri": lic["path"],
                "rightsIdentifier": lic["name"].lower(),
                "rightsIdentifierScheme": "SPDX",
                "schemeUri": "https://spdx.org/licenses/",
            }
        ],
        "descriptions": [
            {"description": str(descriptor.get("description", "")), "descriptionType": "Abstract"}
        ],
        "schemaVersion": SCHEMA_VERSION,
    }
    if languages:
        record["language"] = languages[0]
        record["titles"][0]["lang"] = languages[0]
    if citation.doi(descriptor):
        record["doi"] = citation.doi(descriptor)
    elif descriptor.get("id"):
        kind = "URN" if str(descriptor["id"]).startswith("urn:") else "URL"
        record["alternateIdentifiers"] = [
            {"alternateIdentifier": str(descriptor["id"]), "alternateIdentifierType": kind}
        ]
    links = [
        {"relatedIdentifier": ident, "relatedIdentifierType": kind, "relationType": relation}
        for ident, kind, relation in related(descriptor)
    ]
    if links:
        record["relatedIdentifiers"] = links
    if not record["contributors"]:
        del record["contributors"]
    return record


def datacite(descriptor: dict[str, Any], urls: dict[str, str] | None = None) -> str:
    """``datacite.json`` as text."""
    return to_json(datacite_record(descriptor, urls or {}))
