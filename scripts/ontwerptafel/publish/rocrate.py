"""RO-Crate 1.1 metadata for the package, from ``datapackage.json`` alone.

The package's files are the crate's data entities; its creators, curators,
their organisations and the licence are contextual entities with local ids,
so the file says the same as CITATION.cff and .zenodo.json.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ontwerptafel.package import citation
from ontwerptafel.package.read import DESCRIPTOR
from ontwerptafel.publish.citation_files import CODEBOOK, ROCRATE, to_json

#: Frictionless resource ``format`` -> media type, for resources that give none
MEDIA_TYPES = {"csv": "text/csv", "md": "text/markdown", "json": "application/json"}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _person_entity(person: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    orgs = [
        {"@id": "#org-" + _slug(a), "@type": "Organization", "name": a}
        for a in citation.affiliations(person)
    ]
    name = str(person.get("title") or citation.display_name(person))
    entity: dict[str, Any] = {"@id": "#" + _slug(name), "name": name}
    if person.get("familyName"):
        entity["@type"] = "Person"
        entity["familyName"] = person["familyName"]
        if person.get("givenName"):
            entity["givenName"] = person["givenName"]
    else:
        entity["@type"] = "Organization"
    if orgs:
        entity["affiliation"] = [{"@id": o["@id"]} for o in orgs]
    return entity, orgs


def ro_crate(descriptor: dict[str, Any]) -> str:
    """RO-Crate 1.1 metadata: the package's files as data entities."""
    lic = citation.licence(descriptor)
    licence_id = lic["path"] or lic["name"]
    files: list[dict[str, Any]] = [
        {
            "@id": DESCRIPTOR,
            "@type": "File",
            "name": "Frictionless Data Package descriptor",
            "encodingFormat": "application/json",
            "conformsTo": {"@id": descriptor.get("$schema", "https://datapackage.org/")},
        },
        {
            "@id": CODEBOOK,
            "@type": "File",
            "name": "Codebook",
            "description": "What every table and column means; generated from the schemas.",
            "encodingFormat": "text/markdown",
        },
    ]
    for res in descriptor.get("resources", []):
        entity = {
            "@id": res["path"],
            "@type": "File",
            "name": res.get("title") or res.get("name"),
            "description": res.get("description", ""),
            "encodingFormat": res.get("mediatype") or MEDIA_TYPES.get(res.get("format", ""), ""),
        }
        files.append({k: v for k, v in entity.items() if v})
    people: list[dict[str, Any]] = []
    orgs: dict[str, dict[str, Any]] = {}
    for person in [*citation.creators(descriptor), *citation.curators(descriptor)]:
        entity, affiliated = _person_entity(person)
        people.append(entity)
        orgs.update({o["@id"]: o for o in affiliated})
    root: dict[str, Any] = {
        "@id": "./",
        "@type": "Dataset",
        "name": descriptor.get("title", ""),
        "description": descriptor.get("description", ""),
        "version": str(descriptor.get("version", "")),
        "datePublished": citation.published(descriptor),
        "license": {"@id": licence_id},
        "keywords": list(descriptor.get("keywords", [])),
        "inLanguage": list(descriptor.get("languages", [])),
        "author": [{"@id": p["@id"]} for p in people[: len(citation.creators(descriptor))]],
        "contributor": [{"@id": p["@id"]} for p in people[len(citation.creators(descriptor)) :]],
        "hasPart": [{"@id": f["@id"]} for f in files],
    }
    if citation.landing_url(descriptor):
        root["identifier"] = citation.landing_url(descriptor)
    if descriptor.get("homepage"):
        root["url"] = descriptor["homepage"]
    graph = [
        {
            "@id": ROCRATE,
            "@type": "CreativeWork",
            "conformsTo": {"@id": "https://w3id.org/ro/crate/1.1"},
            "about": {"@id": "./"},
        },
        root,
        *files,
        *people,
        *sorted(orgs.values(), key=lambda o: o["@id"]),
        {
            "@id": licence_id,
            "@type": "CreativeWork",
            "name": lic["title"] or lic["name"],
            "identifier": lic["name"],
        },
    ]
    return to_json({"@context": "https://w3id.org/ro/crate/1.1/context", "@graph": graph})
