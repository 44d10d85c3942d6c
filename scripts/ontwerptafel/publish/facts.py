"""The facts every metadata file shares that ``datapackage.json`` alone does not hold.

Organisations' web addresses live in the data (``organisations`` table), and
the publisher is the organisation whose address is the package's
``homepage``. Reading them once here keeps the RO-Crate and any other
repository record from deciding them differently.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from ontwerptafel.package import citation

#: the resource that names organisations, and its columns
ORGANISATIONS = "organisations"


def organisation_urls(root: Path, descriptor: dict[str, Any]) -> dict[str, str]:
    """Organisation name -> its web address, from the ``organisations`` table.

    A package without that table (or a row without an address) gives none,
    so a writer leaves the address out rather than guessing it.
    """
    res = next((r for r in descriptor.get("resources", []) if r.get("name") == ORGANISATIONS), None)
    path = root / str(res.get("path", "")) if res else None
    if path is None or not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["name"]: row["url"] for row in csv.DictReader(fh) if row.get("url")}


def publisher(descriptor: dict[str, Any], urls: dict[str, str]) -> str:
    """Who publishes the package: the organisation at the package's ``homepage``,
    else the first creator's first organisation, else ''."""
    home = str(descriptor.get("homepage") or "").rstrip("/")
    for name, url in urls.items():
        if home and url.rstrip("/") == home:
            return name
    for person in citation.creators(descriptor):
        if citation.affiliations(person):
            return citation.affiliations(person)[0]
    return ""


_ORCID = re.compile(r"^https://orcid\.org/(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


def orcid(person: dict[str, Any]) -> str | None:
    """A contributor's ORCID iD (0000-0000-0000-0000), when its ``path`` is one."""
    m = _ORCID.match(str(person.get("path") or "").strip())
    return m.group(1) if m else None


def related(descriptor: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Works the package points to: (identifier, its type, DataCite relation).

    Sources with a resolvable address are what the data is derived from.
    """
    out = []
    for source in descriptor.get("sources", []):
        ident = str(source.get("path") or "")
        if ident.startswith(("https://", "http://")):
            out.append((ident, "URL", "IsDerivedFrom"))
        elif ident.startswith("doi:"):
            out.append((ident[4:], "DOI", "IsDerivedFrom"))
    return out
