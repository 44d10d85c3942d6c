"""RO-Crate 1.1 metadata for the package, from ``datapackage.json`` and its organisations.

The package's files are the crate's data entities; its creators, curators,
their organisations, the publisher and the licence are contextual entities
with local ids, so the file says the same as CITATION.cff and .zenodo.json.
The committed crate names the package's own files; a release writes its own
crate that describes every file it holds, with size and SHA-256, because
only then do the reports exist to be hashed. Singleton values are written
bare, as RO-Crate 1.1 recommends.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import Any

from ontwerptafel.package import citation
from ontwerptafel.package.read import DESCRIPTOR
from ontwerptafel.publish.citation_files import CODEBOOK, ROCRATE, to_json
from ontwerptafel.publish.facts import publisher

CONTEXT = "https://w3id.org/ro/crate/1.1/context"
#: Frictionless resource ``format`` -> media type, for resources that give none
MEDIA_TYPES = {"csv": "text/csv", "md": "text/markdown", "json": "application/json"}
#: file suffix -> media type, for the files of a release beside the resources
SUFFIX_TYPES = {
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".json": "application/json",
    ".cff": "application/yaml",
    ".txt": "text/plain",
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".qdpx": "application/zip",
    ".qdc": "application/xml",
    ".xml": "application/xml",
    ".ttl": "text/turtle",
    ".toml": "application/toml",
    ".lock": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
#: the code that rebuilds the reports, shipped in a release: whole folders
#: (one entity each) and single files
SOURCE_FOLDERS = {
    "scripts": "Source code of the ontwerptafel command that validates and builds",
    "report": "Templates, styles, fonts, labels and reference.docx of the reports",
    "tests": "Tests of the code and the data (make test)",
    "bench": "Benchmarks of the build",
}
SOURCE_FILES = (
    "Makefile",
    "pyproject.toml",
    "requirements.lock",
    "requirements-roc.lock",
    "RELEASING.md",
)
#: a release's checksum manifest; its presence marks a folder as a release
MANIFEST = "SHA256SUMS"
#: what the files of a release beside the data are, by path or by folder
NAMES = {
    "README.md": "README: how to rebuild, load and cite the package",
    "CHANGELOG.md": "Changes per version of the data",
    "LICENSE": "Licence of the code (EUPL-1.2)",
    "LICENSES": "Licence of the data",
    "CITATION.cff": "Citation File Format record",
    ".zenodo.json": "Zenodo deposit metadata",
    "datacite.json": "DataCite metadata record",
    "dcat.ttl": "DCAT-AP-NL description for data.overheid.nl",
    "tables.xlsx": "Every table as text cells, for spreadsheets",
    "SHA256SUMS": "SHA-256 checksum of every file (sha256sum -c)",
    "reports": "Report",
    "Makefile": "Task runner: make report rebuilds the reports",
    "pyproject.toml": "Python project of the code that builds the reports",
    "requirements.lock": "Exact versions of the Python packages the build used",
    "requirements-roc.lock": "Exact versions of the RO-Crate validator's environment",
    "RELEASING.md": "How a version is released",
}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _one(values: list[Any]) -> Any:
    """A single value bare, several as a list (RO-Crate 1.1 compaction)."""
    return values[0] if len(values) == 1 else values


def _org(name: str, urls: dict[str, str]) -> dict[str, Any]:
    entity: dict[str, Any] = {"@id": "#org-" + _slug(name), "@type": "Organization", "name": name}
    if urls.get(name):
        entity["url"] = urls[name]
    return entity


def _person_entity(
    person: dict[str, Any], urls: dict[str, str], home: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    orgs = [_org(a, urls) for a in citation.affiliations(person)]
    name = citation.full_name(person) or citation.display_name(person)
    entity: dict[str, Any] = {"@id": "#" + _slug(name), "name": name}
    if person.get("familyName"):
        entity["@type"] = "Person"
        entity["familyName"] = person["familyName"]
        if person.get("givenName"):
            entity["givenName"] = person["givenName"]
    elif person.get("path") or home:
        # a group is reached through its own address, else the package's home
        entity["@type"] = "Organization"
        entity["url"] = person.get("path") or home
    else:
        # a group with no address of its own (the curators of this package) is
        # the team of a project, not an organisation one could look up
        entity["@type"] = "Project"
    if orgs:
        entity["affiliation"] = _one([{"@id": o["@id"]} for o in orgs])
    return entity, orgs


def _media_type(rel: str) -> str:
    path = PurePosixPath(rel)
    if path.parts[0] == "LICENSES" or path.name in ("LICENSE", "SHA256SUMS", "Makefile"):
        return "text/plain"
    return SUFFIX_TYPES.get(path.suffix, "application/octet-stream")


def _package_files(descriptor: dict[str, Any], photos: Sequence[str]) -> list[dict[str, Any]]:
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
    for rel in photos:  # files of the package that the photos table lists, not resources
        name = f"Foto {PurePosixPath(rel).stem}"
        entity = {"@id": rel, "@type": "File", "name": name, "encodingFormat": _media_type(rel)}
        files.append(entity)
    return files


def _release_file(rel: str, data: bytes | None) -> dict[str, Any]:
    path = PurePosixPath(rel)
    name = NAMES.get(rel) or NAMES.get(path.parts[0], path.name)
    if path.parts[0] == "reports":
        name = f"{name} {path.name}"
    entity: dict[str, Any] = {
        "@id": rel,
        "@type": "File",
        "name": name,
        "encodingFormat": _media_type(rel),
    }
    if data is not None:  # the manifest cannot hold its own checksum
        entity["contentSize"] = str(len(data))
        entity["sha256"] = hashlib.sha256(data).hexdigest()
    return entity


def ro_crate(
    descriptor: dict[str, Any],
    urls: dict[str, str] | None = None,
    files: dict[str, bytes | None] | None = None,
    folders: dict[str, str] | None = None,
    photos: Sequence[str] = (),
) -> str:
    """RO-Crate 1.1 metadata. ``urls`` are the organisations' addresses
    (``facts.organisation_urls``). A release passes ``files`` (every file it
    holds, by path, ``None`` for one whose bytes cannot be known yet) and
    ``folders`` (source folders, by path, with what they hold), so that each
    file is described with its size and checksum and each folder as one entity.
    ``photos`` are the package's photo files (``package.photos.photo_files``)."""
    urls = urls or {}
    lic = citation.licence(descriptor)
    licence_id = lic["path"] or lic["name"]
    described = _package_files(descriptor, photos)
    if files is not None:
        known = {f["@id"]: f for f in described}
        described = []
        for rel in sorted(files):
            if rel == ROCRATE:
                continue
            entity = {**known.get(rel, {}), **_release_file(rel, files[rel])}
            if rel in known:
                entity["name"] = known[rel]["name"]
            described.append(entity)
        for rel, what in sorted((folders or {}).items()):
            described.append({"@id": rel.rstrip("/") + "/", "@type": "Dataset", "name": what})
    home = str(descriptor.get("homepage") or "")
    people: list[dict[str, Any]] = []
    orgs: dict[str, dict[str, Any]] = {}
    for person in [*citation.creators(descriptor), *citation.curators(descriptor)]:
        entity, affiliated = _person_entity(person, urls, home)
        people.append(entity)
        orgs.update({o["@id"]: o for o in affiliated})
    n_creators = len(citation.creators(descriptor))
    root: dict[str, Any] = {
        "@id": "./",
        "@type": "Dataset",
        "name": descriptor.get("title", ""),
        "description": descriptor.get("description", ""),
        "version": str(descriptor.get("version", "")),
        "datePublished": citation.published(descriptor),
        "license": {"@id": licence_id},
        "keywords": _one(list(descriptor.get("keywords", []))),
        "inLanguage": _one(list(descriptor.get("languages", []))),
        "author": _one([{"@id": p["@id"]} for p in people[:n_creators]]),
        "contributor": _one([{"@id": p["@id"]} for p in people[n_creators:]]),
        "hasPart": _one([{"@id": f["@id"]} for f in described]),
    }
    root = {k: v for k, v in root.items() if v != []}
    published_by = publisher(descriptor, urls)
    if published_by:
        org = _org(published_by, urls)
        orgs.setdefault(org["@id"], org)
        root["publisher"] = {"@id": org["@id"]}
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
        *described,
        *people,
        *sorted(orgs.values(), key=lambda o: o["@id"]),
        {
            "@id": licence_id,
            "@type": "CreativeWork",
            "name": lic["title"] or lic["name"],
            "identifier": lic["name"],
        },
    ]
    context: Any = CONTEXT
    if files is not None:  # schema.org's sha256 came after the RO-Crate 1.1 context
        context = [CONTEXT, {"sha256": "http://schema.org/sha256"}]
    return to_json({"@context": context, "@graph": graph})
