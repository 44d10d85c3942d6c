"""Check ``datapackage.json`` before anything reads it.

Two layers, both naming the property by its JSON path
(``resources[3].schema.fields[2].type``):

1. what this project's code relies on (a name on every resource and field, a
   known field type, keys that name fields, lists where lists are read, CSV in
   UTF-8 on the local disk, no duplicate key in any object, ...), said in the
   project's own words because these are what a curator edits by hand;
2. the official Data Package profile the descriptor declares (the JSON Schema
   dplib-py ships, the same frictionless-py's team publishes), for the rest.

A descriptor that passes both can be handed to frictionless-py, the model,
the codebook and the citation writers without any of them meeting a shape
it does not expect.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ontwerptafel.errors import Problem
from ontwerptafel.package.descriptor_paths import DESCRIPTOR, join, walk
from ontwerptafel.package.descriptor_profile import profile_problems
from ontwerptafel.package.descriptor_rules import project_problems


class _Duplicates:
    """``object_pairs_hook`` that keeps the keys each JSON object repeats."""

    def __init__(self) -> None:
        self.found: dict[int, list[str]] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in pairs:
            if key in obj:
                self.found.setdefault(id(obj), []).append(key)
            obj[key] = value
        return obj


def parse(text: str) -> tuple[Any, list[Problem]]:
    """The JSON value of ``text`` and a problem for each key an object repeats
    (``json.loads`` would silently keep the last)."""
    hook = _Duplicates()
    value = json.loads(text, object_pairs_hook=hook)
    problems = []
    if hook.found:
        for path, node in walk(value):
            for key in dict.fromkeys(
                hook.found.get(id(node), []) if isinstance(node, dict) else []
            ):
                where = join(path, key)
                problems.append(
                    Problem(DESCRIPTOR, "the key occurs twice in its object", field=where)
                )
    return value, problems


def descriptor_problems(descriptor: dict[str, Any]) -> list[Problem]:
    """Every problem of a parsed descriptor: the project's expectations first;
    the profile's findings where those have not already spoken."""
    own = project_problems(descriptor)
    said = [p.field or "" for p in own]
    out = list(own)
    for where, p in profile_problems(descriptor):
        if re.fullmatch(r"resources\[\d+\]\.path(\W.*)?", where):
            continue  # package.read_descriptor says where a path leads, in plainer words
        if not any(_overlaps(where, s) for s in said):
            out.append(p)
            said.append(where)
    return out


def _overlaps(a: str, b: str) -> bool:
    def within(x: str, y: str) -> bool:
        return x == y or x.startswith(y + ".") or x.startswith(y + "[") or not y

    return within(a, b) or within(b, a)
