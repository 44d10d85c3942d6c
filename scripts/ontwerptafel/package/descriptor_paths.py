"""How the descriptor checks name a place and a value: JSON paths and short values.

``resources[3].schema.fields[2].type`` and ``"interger"``: every problem line
about ``datapackage.json`` is written with these, whichever check found it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

DESCRIPTOR = "datapackage.json"

#: the profiles a descriptor may declare in ``$schema`` -> dplib's folder
PROFILES_V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
PROFILES = {
    PROFILES_V2: "2.0",
    "https://datapackage.org/profiles/1.0/datapackage.json": "1.0",
}


def walk(node: Any, path: str = "") -> Iterable[tuple[str, Any]]:
    """Every value in a JSON tree with its path, the root first."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, join(path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}[{i}]")


def join(path: str, key: str) -> str:
    part = key if re.fullmatch(r"[A-Za-z_$][\w:$-]*", key) else json.dumps(key)
    return f"{path}.{part}" if path else part


def show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:35] + "..." + text[-4:]
