"""The official Data Package profile a descriptor declares, checked with jsonschema.

The JSON Schema dplib-py ships (the same frictionless-py's team publishes),
each field checked on its own and cached, so a problem names the smallest
JSON path it concerns.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ontwerptafel.errors import Problem
from ontwerptafel.package.descriptor_paths import DESCRIPTOR, PROFILES, PROFILES_V2, show

# --- the official profile ---------------------------------------------------


#: where a field's schema sits in the Data Package profile
FIELD_SCHEMA = ("properties", "resources", "items", "properties", "schema", "properties", "fields")


@functools.cache
def _validators(version: str) -> tuple[Any, Any]:
    """The profile as two validators: one for a single field, and one for the
    rest of the package (its fields left to the first). A field is checked on
    its own so that its result can be kept: most fields are the same from one
    read to the next, and the field alternatives are most of the work."""
    import copy

    import dplib
    import jsonschema

    path = Path(dplib.__file__).parent / "profiles" / version / "datapackage.json"
    profile = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(profile, default=jsonschema.Draft7Validator)
    rest = copy.deepcopy(profile)
    node = rest
    for key in FIELD_SCHEMA:
        node = node[key]
    field = (
        {"$schema": profile.get("$schema", ""), **node["items"]}
        if "$schema" in profile
        else node["items"]
    )
    node["items"] = {}
    return (
        cls(field, format_checker=cls.FORMAT_CHECKER),
        cls(rest, format_checker=cls.FORMAT_CHECKER),
    )


@functools.lru_cache(maxsize=4096)
def _field_errors(version: str, field: str) -> tuple[tuple[str, str, str], ...]:
    """(path as found, path as said, message) of each profile error of one
    field, given as its JSON text; paths relative to the field."""
    out = []
    for error in sorted(_validators(version)[0].iter_errors(json.loads(field)), key=_sort_key):
        path, message = _say(error)
        out.append((_path(error), path, message))
    return tuple(out)


def profile_problems(descriptor: dict[str, Any]) -> list[tuple[str, Problem]]:
    """The descriptor against the Data Package profile it declares ($schema):
    the path of each error as the profile found it, and the problem as said."""
    version = declared_profile(descriptor) or "1.0"
    out = []
    for error in sorted(_validators(version)[1].iter_errors(descriptor), key=_sort_key):
        path, message = _say(error)
        out.append((_path(error), Problem(DESCRIPTOR, message, field=path or None)))
    resources = descriptor.get("resources")
    for i, res in enumerate(resources if isinstance(resources, list) else []):
        schema = res.get("schema") if isinstance(res, dict) else None
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for j, field in enumerate(fields if isinstance(fields, list) else []):
            base = f"resources[{i}].schema.fields[{j}]"
            text = json.dumps(field, sort_keys=True)
            for found, said, message in _field_errors(version, text):
                where = _within(base, said)
                out.append((_within(base, found), Problem(DESCRIPTOR, message, field=where)))
    return out


def _within(base: str, path: str) -> str:
    return base + ("" if not path else path if path.startswith("[") else "." + path)


def declared_profile(descriptor: dict[str, Any]) -> str | None:
    """The profile version ``$schema`` declares (1.0 when it declares none)."""
    declared = descriptor.get("$schema", next(iter(PROFILES.keys() - {PROFILES_V2})))
    return PROFILES.get(declared) if isinstance(declared, str) else None


def _sort_key(error: Any) -> tuple[str, str]:
    return (error.json_path, error.message)


def _path(error: Any) -> str:
    return error.json_path.removeprefix("$").removeprefix(".")


def _say(error: Any) -> tuple[str, str]:
    """An error of the profile as (path, message); an anyOf / oneOf says what
    its alternatives agree on rather than "is not valid under any schema"."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        leaves = [e for e in error.context if len(e.absolute_path) == deepest]
        kinds = {e.validator for e in leaves}
        paths = {_path(e) for e in leaves}
        if len(paths) == 1 and kinds <= {"type", "enum", "const"}:
            allowed: list[str] = []
            for e in leaves:
                v = e.validator_value
                allowed += (
                    [json.dumps(x) for x in v]
                    if e.validator == "enum"
                    else (
                        [v]
                        if isinstance(v, str)
                        else [json.dumps(v)]
                        if e.validator == "const"
                        else v
                    )
                )
            return paths.pop(), (
                f"{show(leaves[0].instance)} must be one of: {', '.join(dict.fromkeys(allowed))}"
            )
        branches: dict[Any, list[Any]] = {}
        for e in error.context:
            branches.setdefault(e.relative_schema_path[0], []).append(e)
        # the alternative meant is the one whose discriminating "type" matches
        meant = [
            errors
            for errors in branches.values()
            if not any(e.validator in ("enum", "const") and list(e.path)[-1:] == ["type"]
                       for e in errors)
        ]  # fmt: skip
        if meant:
            return _say(min(meant, key=len)[0])
        import jsonschema

        return _say(jsonschema.exceptions.best_match(error.context))
    return _path(error), error.message if len(error.message) < 200 else error.message[:195] + "..."
