"""How to cite the package: one function, used by the report's colophon and
by every generated citation file, so they cannot disagree."""

from __future__ import annotations

from typing import Any


def creators(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """Contributors with the role 'creator', in descriptor order."""
    return [c for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [])]


def _short(person: dict[str, Any]) -> str:
    family = person.get("familyName")
    given = person.get("givenName")
    if not family:
        return str(person.get("title", ""))
    initials = " ".join(part[0] + "." for part in str(given or "").split() if part)
    family = family[0].upper() + family[1:]
    return f"{family}, {initials}" if initials else family


def year(descriptor: dict[str, Any]) -> str:
    """The year of publication: that of the package version's date."""
    stamp = descriptor.get("modified") or descriptor.get("created") or ""
    return str(stamp)[:4]


def citation_text(descriptor: dict[str, Any]) -> str:
    """An APA-style reference to the data package."""
    names = [_short(c) for c in creators(descriptor)]
    who = ", ".join(names[:-1]) + ", & " + names[-1] if len(names) > 1 else "".join(names)
    ident = descriptor.get("id", "")
    where = f"https://doi.org/{ident[4:]}" if ident.startswith("doi:") else ident
    version = descriptor.get("version", "")
    title = descriptor.get("title", "")
    return f"{who} ({year(descriptor)}). {title} (Version {version}) [Data set]. {where}".strip()


def licence(descriptor: dict[str, Any]) -> dict[str, str]:
    """The first licence of the package: name, title and path."""
    lic = (descriptor.get("licenses") or [{}])[0]
    return {k: str(lic.get(k, "")) for k in ("name", "title", "path")}
