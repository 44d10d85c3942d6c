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

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ontwerptafel.errors import Problem

DESCRIPTOR = "datapackage.json"

#: the profiles a descriptor may declare in ``$schema`` -> dplib's folder
PROFILES_V2 = "https://datapackage.org/profiles/2.0/datapackage.json"
PROFILES = {
    PROFILES_V2: "2.0",
    "https://datapackage.org/profiles/1.0/datapackage.json": "1.0",
}
#: the Table Schema field types frictionless-py reads
FIELD_TYPES = frozenset(
    ("string", "number", "integer", "boolean", "object", "array", "list", "date", "time")
) | frozenset(("datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"))
#: free-text properties: a string when present
TEXT = ("name", "id", "title", "description", "version", "homepage", "image")
RESOURCE_TEXT = ("title", "description", "mediatype", "ontwerptafel:origin", "type")
FIELD_TEXT = ("title", "description", "format", "ontwerptafel:origin", "rdfType", "example")
PERSON_TEXT = ("title", "givenName", "familyName", "organization", "email", "path")
#: the only way the strict CSV reader reads a table
TABLE_FIXED = {"format": "csv", "encoding": "utf-8", "scheme": "file"}


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


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:35] + "..." + text[-4:]


_KINDS: dict[type, str] = {
    dict: "an object",
    list: "a list",
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
}


class _Checker:
    """Collects one problem per wrong property, by its path."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(DESCRIPTOR, message, field=path or None))

    def kind(self, obj: dict[str, Any], key: str, path: str, *types: type) -> bool:
        """Whether ``obj[key]`` (when present) has one of ``types``; say so when not."""
        if key not in obj:
            return False
        value = obj[key]
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if not ok:
            want = " or ".join(dict.fromkeys(_KINDS[t] for t in types))
            self.add(join(path, key), f"must be {want}, not {_show(value)}")
        return ok

    def strings(self, obj: dict[str, Any], key: str, path: str, nonempty: bool = False) -> None:
        if self.kind(obj, key, path, list):
            for i, item in enumerate(obj[key]):
                if not isinstance(item, str) or (nonempty and not item):
                    self.add(f"{join(path, key)}[{i}]", f"must be a text, not {_show(item)}")

    def objects(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        out = []
        if self.kind(obj, key, path, list):
            for i, item in enumerate(obj[key]):
                where = f"{join(path, key)}[{i}]"
                if isinstance(item, dict):
                    out.append((where, item))
                else:
                    self.add(where, f"must be an object, not {_show(item)}")
        return out

    def name(self, obj: dict[str, Any], path: str, seen: set[str], what: str) -> str | None:
        value = obj.get("name")
        if not isinstance(value, str) or not value.strip():
            self.add(join(path, "name"), f"every {what} needs a name (a text), not {_show(value)}")
            return None
        if value in seen:
            self.add(join(path, "name"), f"{value!r} names two {what}s")
        seen.add(value)
        return value


def project_problems(descriptor: dict[str, Any]) -> list[Problem]:
    """What this project's code relies on in the descriptor."""
    c = _Checker()
    for key in TEXT:
        c.kind(descriptor, key, "", str)
    for key in ("created", "modified"):
        if c.kind(descriptor, key, "", str):
            try:
                dt.datetime.fromisoformat(descriptor[key])
            except ValueError:
                c.add(key, f"{_show(descriptor[key])} is not a date and time (ISO 8601)")
    if "$schema" in descriptor and _profile(descriptor) is None:
        c.add("$schema", f"{_show(descriptor['$schema'])} is not one of: {', '.join(PROFILES)}")
    if "profile" in descriptor and descriptor["profile"] not in (
        "data-package",
        "tabular-data-package",
    ):
        c.add("profile", "must be 'data-package' or 'tabular-data-package'")
    c.strings(descriptor, "keywords", "")
    c.strings(descriptor, "languages", "", nonempty=True)
    for where, lic in c.objects(descriptor, "licenses", ""):
        for key in ("name", "path", "title"):
            c.kind(lic, key, where, str)
    for where, source in c.objects(descriptor, "sources", ""):
        for key in PERSON_TEXT:
            c.kind(source, key, where, str)
    for where, person in c.objects(descriptor, "contributors", ""):
        for key in PERSON_TEXT:
            c.kind(person, key, where, str)
        c.strings(person, "roles", where)
        c.kind(person, "role", where, str)
    resources = c.objects(descriptor, "resources", "")
    if "resources" not in descriptor or not descriptor["resources"]:
        c.add("resources", "must be a non-empty list")
    names: set[str] = set()
    schemas: dict[str, dict[str, Any]] = {}
    for where, res in resources:
        name = c.name(res, where, names, "resource")
        for key in RESOURCE_TEXT:
            c.kind(res, key, where, str)
        if not isinstance(res.get("path"), str) or not res["path"]:
            c.add(join(where, "path"), "must be a relative file path")
        c.kind(res, "bytes", where, int)
        c.kind(res, "hash", where, str)
        if "profile" in res and res["profile"] not in ("data-resource", "tabular-data-resource"):
            c.add(join(where, "profile"), "must be 'data-resource' or 'tabular-data-resource'")
        if "schema" in res:
            if c.kind(res, "schema", where, dict):
                for key, wanted in TABLE_FIXED.items():
                    value = res.get(key, wanted)
                    if not isinstance(value, str) or value.lower() != wanted:
                        c.add(
                            join(where, key), f"must be {wanted!r} for a table, not {_show(value)}"
                        )
                c.kind(res, "dialect", where, dict)
                if _schema(c, res["schema"], join(where, "schema")) and name:
                    schemas[name] = res["schema"]
            elif isinstance(res["schema"], str):
                c.problems[-1] = Problem(
                    DESCRIPTOR,
                    "must be the schema itself (an object), not a reference to one",
                    field=join(where, "schema"),
                )
    for where, res in resources:
        if isinstance(res.get("name"), str) and res["name"] in schemas:
            _keys(c, schemas, res["name"], join(where, "schema"))
    return c.problems


def _schema(c: _Checker, schema: dict[str, Any], path: str) -> bool:
    """Check one table schema's fields; whether its field names can be trusted."""
    fields = c.objects(schema, "fields", path)
    if not isinstance(schema.get("fields"), list) or not schema["fields"]:
        if not any(p.field == join(path, "fields") for p in c.problems):
            c.add(join(path, "fields"), "a table needs a non-empty list of fields")
        return False
    c.strings(schema, "missingValues", path)
    names: set[str] = set()
    trusted = len(fields) == len(schema["fields"])
    for where, field in fields:
        if c.name(field, where, names, "field") is None:
            trusted = False
        kind = field.get("type", "string")
        if not isinstance(kind, str) or kind not in FIELD_TYPES:
            near = [t for t in sorted(FIELD_TYPES) if _similar(str(kind), t)]
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            c.add(join(where, "type"), f"{_show(kind)} is not a field type{hint}")
        for key in FIELD_TEXT:
            c.kind(field, key, where, str)
        c.strings(field, "trueValues", where)
        c.strings(field, "falseValues", where)
        if c.kind(field, "ontwerptafel:values", where, dict):
            for key, value in field["ontwerptafel:values"].items():
                if not isinstance(value, str):
                    c.add(join(join(where, "ontwerptafel:values"), key), "must be a text")
        if c.kind(field, "constraints", where, dict):
            _constraints(c, field["constraints"], join(where, "constraints"), kind)
    return trusted


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a.lower(), b).ratio() >= 0.75


def _constraints(c: _Checker, cons: dict[str, Any], path: str, kind: Any) -> None:
    c.kind(cons, "required", path, bool)
    c.kind(cons, "unique", path, bool)
    for key in ("minLength", "maxLength"):
        if c.kind(cons, key, path, int) and cons[key] < 0:
            c.add(join(path, key), "must be 0 or more")
    numeric = kind in ("integer", "number", "year")
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if isinstance(kind, str) and kind in FIELD_TYPES:  # else the type is what is wrong
            c.kind(cons, key, path, *((int, float) if numeric else (str,)))
    if c.kind(cons, "enum", path, list):
        if not cons["enum"]:
            c.add(join(path, "enum"), "must list at least one value")
        for i, v in enumerate(cons["enum"]):
            if not isinstance(v, (str, int, float)) or isinstance(v, bool):
                c.add(f"{join(path, 'enum')}[{i}]", f"must be a text or number, not {_show(v)}")
    if c.kind(cons, "pattern", path, str):
        try:
            re.compile(cons["pattern"])
        except re.error as e:
            c.add(join(path, "pattern"), f"is not a regular expression: {e}")


def _names(value: Any) -> list[str] | None:
    """A key's field names (a text or a list of texts), or None when it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    return None


def _keys(c: _Checker, schemas: dict[str, dict[str, Any]], name: str, path: str) -> None:
    schema = schemas[name]
    own = {f["name"] for f in schema["fields"]}
    if "primaryKey" in schema:
        pk = _names(schema["primaryKey"])
        if pk is None:
            c.add(join(path, "primaryKey"), "must be a field name or a list of field names")
        for key in pk or []:
            if key not in own:
                c.add(join(path, "primaryKey"), f"{key!r} is not a field of this table")
    for where, fk in c.objects(schema, "foreignKeys", path):
        fields = _names(fk.get("fields"))
        if fields is None:
            c.add(join(where, "fields"), "must be a field name or a list of field names")
        for key in fields or []:
            if key not in own:
                c.add(join(where, "fields"), f"{key!r} is not a field of this table")
        ref = fk.get("reference")
        if not isinstance(ref, dict):
            c.add(join(where, "reference"), "must be an object with a resource and its fields")
            continue
        target = ref.get("resource", "") or name
        if not isinstance(target, str) or target not in schemas:
            c.add(join(join(where, "reference"), "resource"), f"{_show(target)} is not a table")
            continue
        ref_fields = _names(ref.get("fields"))
        other = {f["name"] for f in schemas[target]["fields"]}
        if ref_fields is None:
            c.add(join(join(where, "reference"), "fields"), "must name the fields it points at")
        elif fields is not None and len(ref_fields) != len(fields):
            c.add(join(where, "reference"), "names as many fields as the key has")
        for key in ref_fields or []:
            if key not in other:
                c.add(
                    join(join(where, "reference"), "fields"), f"{key!r} is not a field of {target}"
                )


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
    version = _profile(descriptor) or "1.0"
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


def _profile(descriptor: dict[str, Any]) -> str | None:
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
                f"{_show(leaves[0].instance)} must be one of: {', '.join(dict.fromkeys(allowed))}"
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
