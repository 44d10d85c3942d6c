"""What this project's code relies on in ``datapackage.json``, said in its own words.

A name on every resource and field, a known field type, keys that name
fields, lists where lists are read, CSV in UTF-8 on the local disk: the
shapes a curator edits by hand and every reader after ``package.read``
takes for granted. Each problem names its JSON path.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ontwerptafel.errors import Problem
from ontwerptafel.package.descriptor_paths import DESCRIPTOR, PROFILES, join, show
from ontwerptafel.package.descriptor_profile import declared_profile

#: the Table Schema field types frictionless-py reads
FIELD_TYPES = frozenset(
    ("string", "number", "integer", "boolean", "object", "array", "list", "date", "time")
) | frozenset(("datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any"))
#: free-text properties: a string when present
TEXT = ("name", "id", "title", "description", "version", "homepage", "image")
RESOURCE_TEXT = ("title", "description", "mediatype", "ontwerptafel:origin", "type")
FIELD_TEXT = ("title", "description", "format", "ontwerptafel:origin", "rdfType", "example")
#: a resource's or field's title or description in another language (``_nl``)
TRANSLATED_TEXT = ("ontwerptafel:title_", "ontwerptafel:description_")
PERSON_TEXT = ("title", "givenName", "familyName", "organization", "email", "path")
#: the only way the strict CSV reader reads a table
TABLE_FIXED = {"format": "csv", "encoding": "utf-8", "scheme": "file"}


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
            self.add(join(path, key), f"must be {want}, not {show(value)}")
        return ok

    def strings(self, obj: dict[str, Any], key: str, path: str, nonempty: bool = False) -> None:
        if self.kind(obj, key, path, list):
            for i, item in enumerate(obj[key]):
                if not isinstance(item, str) or (nonempty and not item):
                    self.add(f"{join(path, key)}[{i}]", f"must be a text, not {show(item)}")

    def objects(self, obj: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        out = []
        if self.kind(obj, key, path, list):
            for i, item in enumerate(obj[key]):
                where = f"{join(path, key)}[{i}]"
                if isinstance(item, dict):
                    out.append((where, item))
                else:
                    self.add(where, f"must be an object, not {show(item)}")
        return out

    def name(self, obj: dict[str, Any], path: str, seen: set[str], what: str) -> str | None:
        value = obj.get("name")
        if not isinstance(value, str) or not value.strip():
            self.add(join(path, "name"), f"every {what} needs a name (a text), not {show(value)}")
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
                c.add(key, f"{show(descriptor[key])} is not a date and time (ISO 8601)")
    if "$schema" in descriptor and declared_profile(descriptor) is None:
        c.add("$schema", f"{show(descriptor['$schema'])} is not one of: {', '.join(PROFILES)}")
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
        for key in [*RESOURCE_TEXT, *(k for k in res if k.startswith(TRANSLATED_TEXT))]:
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
                            join(where, key), f"must be {wanted!r} for a table, not {show(value)}"
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
            c.add(join(where, "type"), f"{show(kind)} is not a field type{hint}")
        for key in [*FIELD_TEXT, *(k for k in field if k.startswith(TRANSLATED_TEXT))]:
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
                c.add(f"{join(path, 'enum')}[{i}]", f"must be a text or number, not {show(v)}")
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
            c.add(join(join(where, "reference"), "resource"), f"{show(target)} is not a table")
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
