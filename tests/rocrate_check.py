"""Run roc-validator on one RO-Crate folder, serving the vendored JSON-LD context.

Run with the Python of ``.venv-roc`` (roc-validator pins rich < 14, the
project's environment has a newer one): ``python tests/rocrate_check.py
CRATE_DIR SEVERITY``. The validator fetches the RO-Crate context from
w3id.org, both through requests and through rdflib; both are answered from
``tests/schemas/ro-crate/context-1.1.jsonld`` and any other web request
fails, so a result never depends on the network. Prints one JSON line per
issue (severity, check, entity, property, message) and exits 0 when none.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from urllib.request import Request

import rdflib.parser
import requests
import requests.adapters
from rocrate_validator import services

CONTEXT_URL = "https://w3id.org/ro/crate/1.1/context"
CONTEXT = (Path(__file__).parent / "schemas" / "ro-crate" / "context-1.1.jsonld").read_bytes()


def _served(url: str) -> bytes:
    if url.rstrip("/") != CONTEXT_URL:
        raise OSError(f"offline: no request to {url}")
    return CONTEXT


def _send(self, request, **kwargs):
    response = requests.Response()
    response.url = request.url
    response.request = request
    try:
        response._content = _served(request.url)
        response.status_code = 200
        response.headers["Content-Type"] = "application/ld+json"
    except OSError:
        response._content = b""
        response.status_code = 404
    return response


class _Answer(io.BytesIO):
    """What urllib's urlopen gives rdflib: bytes with a URL and headers."""

    def __init__(self, url: str, data: bytes) -> None:
        super().__init__(data)
        self.url = url
        self.headers = {"Content-Type": "application/ld+json"}

    def geturl(self) -> str:
        return self.url

    def info(self) -> dict[str, str]:
        return self.headers


def _urlopen(req: Request):
    url = req.full_url if isinstance(req, Request) else str(req)
    return _Answer(url, _served(url))


def main(crate: str, severity: str) -> int:
    requests.adapters.HTTPAdapter.send = _send
    rdflib.parser._urlopen = _urlopen
    result = services.validate(
        {
            "rocrate_uri": str(Path(crate).resolve()),
            "profile_identifier": "ro-crate-1.1",
            "requirement_severity": severity,
            "no_cache": True,
        }
    )
    issues = result.get_issues()
    for issue in issues:
        sys.stdout.write(
            json.dumps(
                {
                    "severity": issue.severity.name,
                    "check": issue.check.identifier,
                    "entity": issue.violatingEntity,
                    "property": issue.violatingProperty,
                    "message": issue.message,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
