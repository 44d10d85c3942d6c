"""frictionless-py's errors, each said as one line naming file, line and column.

frictionless-py reports an error as an object of one of its error classes
(``frictionless.errors``), each with a ``type`` such as ``type-error`` and
the attributes that class carries. ``MESSAGES`` says each type the
validation of a package can meet in words a user can act on; ``PASSED``
lists the types only other frictionless tasks raise (pipelines, inquiries,
...) or that are mere base classes: they keep frictionless's own note. An
error type neither knows (one a later frictionless adds) still gives one
line with frictionless's note, and a mapping that stumbles on an error it did
not expect falls back to that note too: the user gets a line, never a
traceback. ``tests/test_validate_errors.py`` walks frictionless's error
classes so an upgrade that adds one is noticed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ontwerptafel.errors import Problem
from ontwerptafel.package.characters import TRIMMED
from ontwerptafel.package.read import DESCRIPTOR, RawTable

#: what a value of a Table Schema type looks like, for a type error
TYPE_HINTS = {
    "integer": "a whole number such as 3",
    "number": "a number such as 2.5",
    "boolean": "true or false",
    "date": "YYYY-MM-DD",
    "datetime": "YYYY-MM-DDThh:mm:ssZ",
    "time": "hh:mm:ss",
    "year": "YYYY",
    "yearmonth": "YYYY-MM",
    "duration": "an ISO 8601 duration such as P1D",
    "object": "a JSON object",
    "array": "a JSON array",
    "geopoint": "lon, lat",
}


@dataclass(frozen=True)
class Context:
    """Where an error was found: the file, the rows as read, the frictionless resource."""

    file: str
    raw: RawTable | None
    resource: Any

    def line(self, row_number: Any) -> int | None:
        """The physical line of frictionless's row position (they differ after a
        quoted line break); None when the row is not known."""
        if not isinstance(row_number, int):
            return None
        if self.raw is None:
            return row_number
        if 2 <= row_number <= len(self.raw.rows) + 1:
            return self.raw.rows[row_number - 2][0]
        return None

    def cells(self, row_number: int) -> dict[str, str]:
        if self.raw is not None and 2 <= row_number <= len(self.raw.rows) + 1:
            return self.raw.rows[row_number - 2][1]
        return {}

    def field(self, name: str) -> Any:
        schema = getattr(self.resource, "schema", None)
        if schema is not None and schema.has_field(name):
            return schema.get_field(name)
        return None

    @property
    def name(self) -> str | None:
        return self.raw.resource if self.raw is not None else None


def clip(value: Any, limit: int = 60) -> str:
    """A cell's value for a one-line message: its repr, cut short when long."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-4:]}"


def plain(text: Any) -> str:
    return " ".join(str(text).split()).replace('"', "'")


_CONSTRAINT_TEXT: dict[str, Callable[[Any, Any], str]] = {
    "required": lambda v, c: "a value is required",
    "enum": lambda v, c: f"{clip(v)} is not one of: {', '.join(map(str, c or []))}",
    "pattern": lambda v, c: (
        f"{clip(v)} starts or ends with a blank"
        if c == TRIMMED
        else f"{clip(v)} does not match the pattern {c}"
    ),
    "maxLength": lambda v, c: f"is {len(v)} characters long; at most {c} are allowed",
    "minLength": lambda v, c: f"is {len(v)} characters long; at least {c} are needed",
    "minimum": lambda v, c: f"{v} is below the minimum {c}",
    "maximum": lambda v, c: f"{v} is above the maximum {c}",
    "exclusiveMinimum": lambda v, c: f"{v} must be above {c}",
    "exclusiveMaximum": lambda v, c: f"{v} must be below {c}",
    "unique": lambda v, c: f"{clip(v)} occurs more than once; values must be unique",
}


def _position(note: str) -> int | None:
    m = re.search(r'position "?(\d+)', note or "")
    return int(m.group(1)) if m else None


# --- one function per error type: (context, error) -> problem ----------------


def _cell(ctx: Context, e: Any, msg: str) -> Problem:
    return Problem(
        ctx.file, msg, line=ctx.line(e.row_number), field=e.field_name, resource=ctx.name
    )


def _row(ctx: Context, e: Any, msg: str, field: str | None = None) -> Problem:
    return Problem(ctx.file, msg, line=ctx.line(e.row_number), field=field, resource=ctx.name)


def _header(ctx: Context, msg: str, field: str | None = None) -> Problem:
    return Problem(ctx.file, f"header: {msg}", line=1, field=field, resource=ctx.name)


def _type_error(ctx: Context, e: Any) -> Problem:
    field = ctx.field(e.field_name)
    kind = getattr(field, "type", None) or (re.findall(r'"([a-z]+)', e.note) or ["value"])[0]
    fmt = getattr(field, "format", None)
    msg = f"{clip(e.cell)} is not a valid {kind}"
    if kind == "boolean" and field is not None:
        msg += f" ({field.true_values[0]} or {field.false_values[0]})"
    elif fmt and fmt not in ("default", "any"):
        msg += f" ({fmt})"
    elif kind in TYPE_HINTS:
        msg += f" ({TYPE_HINTS[kind]})"
    return _cell(ctx, e, msg)


def _constraint_error(ctx: Context, e: Any) -> Problem:
    constraint = e.note.split('"')[1] if '"' in e.note else ""
    field = ctx.field(e.field_name)
    value = ctx.cells(e.row_number).get(e.field_name, e.cell)
    limit = field.constraints.get(constraint) if field is not None else None
    text = _CONSTRAINT_TEXT.get(constraint)
    return _cell(ctx, e, text(value, limit) if text else plain(e.note))


def _unique_error(ctx: Context, e: Any) -> Problem:
    first = ctx.line(_position(e.note))
    where = f" (first on line {first})" if first else ""
    return _cell(ctx, e, f"{clip(e.cell)} occurs more than once{where}; values must be unique")


def _primary_key(ctx: Context, e: Any) -> Problem:
    schema = getattr(ctx.resource, "schema", None)
    pk = list(schema.primary_key) if schema is not None else []
    cells = ctx.cells(e.row_number)
    values = ", ".join(clip(cells.get(k, "")) for k in pk)
    first = ctx.line(_position(e.note))
    msg = f"{values or 'the key'} is already used" + (f" on line {first}" if first else "")
    return _row(ctx, e, msg, ",".join(pk) or None)


def _foreign_key(ctx: Context, e: Any) -> Problem:
    table = e.reference_name or ctx.name
    keys = ", ".join(e.reference_field_names)
    cells = list(e.field_cells)
    values = clip(cells[0]) if len(cells) == 1 else "(" + ", ".join(map(clip, cells)) + ")"
    if len(e.reference_field_names) > 1:
        keys = f"({keys})"
    msg = f"no row in {table} has {keys} {values}"
    return _row(ctx, e, msg, ",".join(e.field_names) or None)


def _file_count(what: str) -> Callable[[Context, Any], Problem]:
    def message(ctx: Context, e: Any) -> Problem:
        msg = f"its {what} differs from the one in {DESCRIPTOR}: {plain(e.note)}"
        return Problem(ctx.file, msg, resource=ctx.name)

    return message


def _unreadable(how: str) -> Callable[[Context, Any], Problem]:
    def message(ctx: Context, e: Any) -> Problem:
        return Problem(ctx.file, f"cannot be {how}: {plain(e.note)}", resource=ctx.name)

    return message


def _descriptor(what: str) -> Callable[[Context, Any], Problem]:
    def message(ctx: Context, e: Any) -> Problem:
        where = f" (resource {ctx.name})" if ctx.name else ""
        return Problem(DESCRIPTOR, f"{what}{where}: {plain(e.note)}")

    return message


def _table(what: str) -> Callable[[Context, Any], Problem]:
    def message(ctx: Context, e: Any) -> Problem:
        return Problem(ctx.file, f"{what}: {plain(e.note)}", resource=ctx.name)

    return message


def _checked_cell(what: str) -> Callable[[Context, Any], Problem]:
    def message(ctx: Context, e: Any) -> Problem:
        return _cell(ctx, e, f"{clip(e.cell)} {what}: {plain(e.note)}")

    return message


MESSAGES: dict[str, Callable[[Context, Any], Problem]] = {
    # cells
    "type-error": _type_error,
    "constraint-error": _constraint_error,
    "unique-error": _unique_error,
    "extra-cell": lambda c, e: _row(c, e, f"has a value past the last column ({e.field_number})"),
    "missing-cell": lambda c, e: _cell(c, e, "has no value: the line is short of columns"),
    "truncated-value": _checked_cell("may be cut short"),
    "forbidden-value": _checked_cell("is not allowed"),
    "sequential-value": _checked_cell("breaks the sequence"),
    "ascii-value": _checked_cell("holds characters outside ASCII"),
    # rows
    "blank-row": lambda c, e: _row(c, e, "blank line"),
    "primary-key": _primary_key,
    "foreign-key": _foreign_key,
    "duplicate-row": lambda c, e: _row(
        c, e, f"repeats line {c.line(_position(e.note)) or '?'} exactly"
    ),
    "row-constraint": lambda c, e: _row(c, e, f"breaks the row rule: {plain(e.note)}"),
    # header
    "blank-header": lambda c, e: _header(c, "the header line is blank"),
    "unmatched-header": lambda c, e: _header(c, "none of the schema's columns is in it"),
    "extra-label": lambda c, e: _header(c, f"unknown column {clip(e.label)}"),
    "missing-label": lambda c, e: _header(c, f"missing column {e.field_name}"),
    "blank-label": lambda c, e: _header(c, f"column {e.field_number} has no name"),
    "duplicate-label": lambda c, e: _header(c, f"column {clip(e.label)} occurs twice"),
    "incorrect-label": lambda c, e: _header(
        c, f"column {e.field_number} is {clip(e.label)}; the schema names it {e.field_name}"
    ),
    # the table as a whole
    "field-count": _table("the number of columns differs from the expected"),
    "row-count": _table("the number of rows differs from the expected"),
    "table-dimensions": _table("the table's size differs from the expected"),
    "deviated-value": _table("a value deviates from the rest"),
    "deviated-cell": _table("a cell deviates from the rest"),
    "required-value": _table("a required value is missing"),
    # the file
    "hash-count": _file_count("SHA-256 hash"),
    "byte-count": _file_count("size in bytes"),
    "source-error": _unreadable("read"),
    "scheme-error": _unreadable("opened"),
    "format-error": _unreadable("parsed as CSV"),
    "encoding-error": _unreadable("decoded"),
    "compression-error": _unreadable("decompressed"),
    # the descriptor
    "package-error": _descriptor("the package"),
    "resource-error": _descriptor("a resource"),
    "schema-error": _descriptor("a table schema"),
    "field-error": _descriptor("a field"),
    "dialect-error": _descriptor("a CSV dialect"),
    "control-error": _descriptor("a CSV dialect"),
    "metadata-error": _descriptor("the descriptor"),
}

#: types the validation of a package does not raise (other frictionless tasks
#: do) or base classes no error is an instance of: frictionless's own note
PASSED = frozenset(
    {
        "error",
        "data-error",
        "file-error",
        "table-error",
        "header-error",
        "label-error",
        "row-error",
        "cell-error",
        "catalog-error",
        "dataset-error",
        "checklist-error",
        "check-error",
        "detector-error",
        "inquiry-error",
        "inquiry-task-error",
        "pipeline-error",
        "step-error",
        "report-error",
        "report-task-error",
        "stats-error",
    }
)


def problem(file: str, raw: RawTable | None, resource: Any, error: Any) -> Problem:
    """One frictionless error as one problem line."""
    ctx = Context(file, raw, resource)
    message = MESSAGES.get(getattr(error, "type", ""))
    if message is not None:
        try:
            return message(ctx, error)
        except (AttributeError, LookupError, TypeError, ValueError):
            pass  # an error shaped unlike its type's usual: say frictionless's note
    return passed(ctx, error)


def passed(ctx: Context, error: Any) -> Problem:
    """frictionless's own words for an error, with the line and column it knows."""
    note = getattr(error, "note", "") or getattr(error, "message", "") or str(error)
    title = getattr(error, "title", "") or "error"
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    return Problem(
        ctx.file,
        f"{plain(title).lower()}: {plain(note)}",
        line=ctx.line(row) if isinstance(row, int) else None,
        field=field if isinstance(field, str) else None,
        resource=ctx.name,
    )
