"""How to cite the package: people, dates, the DOI and the licence, read once.

One place reads them out of ``datapackage.json``, used by the report's
colophon and by every generated citation file, so they cannot disagree.
"""

from __future__ import annotations

import re
from typing import Any

from ontwerptafel.package.dates import version_stamp

#: Dutch surname prefixes (tussenvoegsels), longest first so that "van der"
#: wins over "van". CFF keeps them apart as ``name-particle``.
PARTICLES: tuple[str, ...] = (
    "van den",
    "van der",
    "van de",
    "van 't",
    "in 't",
    "op de",
    "op den",
    "uit de",
    "uit den",
    "aan de",
    "van",
    "de",
    "den",
    "der",
    "het",
    "'t",
    "te",
    "ten",
    "ter",
    "d'",
)

_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def creators(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """Contributors with the role 'creator', in descriptor order."""
    return [c for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [])]


def curators(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """Contributors who curated the data (role 'DataCurator' or 'curator')."""
    wanted = {"datacurator", "curator", "data curator"}
    return [
        c
        for c in descriptor.get("contributors", [])
        if wanted & {str(r).lower() for r in c.get("roles", [])}
    ]


def split_particle(family: str) -> tuple[str, str]:
    """Split a Dutch surname into its particle and the rest: 'van Dillen' ->
    ('van', 'Dillen'). A surname that is only a particle keeps it as name."""
    lowered = family.lower()
    for particle in PARTICLES:
        if lowered.startswith(particle) and family[len(particle) :].startswith(" "):
            rest = family[len(particle) :].strip()
            if rest:
                return family[: len(particle)], rest
    return "", family


def affiliations(person: dict[str, Any]) -> list[str]:
    """The organisations of a contributor ('A; B' in ``organization``)."""
    return [a.strip() for a in str(person.get("organization") or "").split(";") if a.strip()]


def display_name(person: dict[str, Any]) -> str:
    """'Family, Given' as repositories list people; the title for a group."""
    family, given = person.get("familyName"), person.get("givenName")
    if not family:
        return str(person.get("title", ""))
    return f"{family}, {given}" if given else str(family)


def full_name(person: dict[str, Any]) -> str:
    """'Given Family' as a document names its author; the title for a group.

    Built from the same fields as every citation file's name, never from
    ``title``, which may say more (a degree, an organisation) than a name.
    """
    family, given = person.get("familyName"), person.get("givenName")
    if not family:
        return str(person.get("title", ""))
    return f"{given} {family}" if given else str(family)


def _short(person: dict[str, Any]) -> str:
    family = person.get("familyName")
    given = person.get("givenName")
    if not family:
        return str(person.get("title", ""))
    initials = " ".join(part[0] + "." for part in str(given or "").split() if part)
    family = family[0].upper() + family[1:]
    return f"{family}, {initials}" if initials else family


def published(descriptor: dict[str, Any]) -> str:
    """The date of this version (YYYY-MM-DD): ``modified``, else ``created``."""
    return version_stamp(descriptor)[:10]


def year(descriptor: dict[str, Any]) -> str:
    """The year of publication: that of the package version's date."""
    return published(descriptor)[:4]


def doi(descriptor: dict[str, Any]) -> str | None:
    """The bare DOI (10.x/y) when ``id`` holds one, as doi:... or a doi.org URL."""
    m = _DOI.match(str(descriptor.get("id") or "").strip())
    return m.group(1) if m else None


def landing_url(descriptor: dict[str, Any]) -> str:
    """Where the cited version resolves: its DOI, else an http(s) ``id``, else ''."""
    found = doi(descriptor)
    if found:
        return f"https://doi.org/{found}"
    ident = str(descriptor.get("id") or "")
    return ident if ident.startswith(("https://", "http://")) else ""


def citation_text(
    descriptor: dict[str, Any],
    version_word: str = "Version",
    kind: str = "Data set",
    versioned: bool = True,
) -> str:
    """An APA-style reference to the data package; ``version_word`` and
    ``kind`` in the citing text's language (Dutch APA: "Versie", "Dataset").

    Without ``versioned`` it cites the dataset rather than this version: no
    version, and the year of its first publication (``created``), which no
    later version changes; a session's report cites so, as it does not
    change when another session is added.
    """
    names = [_short(c) for c in creators(descriptor)]
    who = ", ".join(names[:-1]) + ", & " + names[-1] if len(names) > 1 else "".join(names)
    version = descriptor.get("version", "")
    title = descriptor.get("title", "")
    where = landing_url(descriptor)
    edition = f"({version_word} {version}) [{kind}]" if versioned else f"[{kind}]"
    when = year(descriptor) if versioned else str(descriptor.get("created") or "")[:4]
    return f"{who} ({when or year(descriptor)}). {title} {edition}. {where}".strip()


def licence(descriptor: dict[str, Any]) -> dict[str, str]:
    """The first licence of the package: name, title and path."""
    lic = (descriptor.get("licenses") or [{}])[0]
    return {k: str(lic.get(k, "")) for k in ("name", "title", "path")}
