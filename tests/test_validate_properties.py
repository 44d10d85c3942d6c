"""Every column of every table refuses what its schema refuses, with a line
naming the file, the line and the column, and validation changes no byte.

The bad values are worked out from the schemas in the minimal fixture's
``datapackage.json`` (type, range, length, enum, pattern, required), never
from a list of columns, so a column added later is covered too. Each table's
cases go through one ``ontwerptafel validate``: every case is a copy of the
table's first row with one cell changed, appended as a line of its own.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ontwerptafel.cli import cli
from ontwerptafel.package.characters import TRIMMED

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
DESCRIPTOR = json.loads((MINIMAL / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r for r in DESCRIPTOR["resources"] if isinstance(r.get("schema"), dict)]
#: a value of the wrong type for each Table Schema type, and how validate says it
WRONG_TYPE = {
    "integer": ("abc", "1.5", "1e3"),
    "number": ("abc", "1,5"),
    "boolean": ("misschien", "ja"),
    "date": ("2024-13-45", "15-01-2024", "2024-02-30"),
}
#: strings that break a pattern, tried in turn until one does
PATTERN_BREAKERS = ("!", " x", "x ", "X Y", "12", "a|b", "-")
#: characters a cell may not hold, and the words that say why
UNICODE_CASES = (
    ("bel\x07l", "U+0007 '\\x07' is a control character"),
    ("esc\x1b[31m", "U+001B '\\x1b' is a control character"),
    ("nul\x00", "U+0000 '\\x00' is a control character"),
    ("ab\u2028cd", "U+2028 '\\u2028' breaks the line"),
    ("ab\u202ecd", "U+202E '\\u202e' is a bidirectional control"),
    ("x\x85y", "U+0085 '\\x85' is a control character"),
)
INVISIBLE = ("\u200b", "\ufeff", "\u2060", "\u00ad")
#: numbers frictionless-py reads but other readers do not (checked before it)
LOOSE_NUMBERS = ("٣", "1_000", " 3", "3\u00a0")


@dataclass(frozen=True)
class Case:
    """One bad cell: its column, its value and words its error line holds."""

    field: str
    value: str
    says: str


def schema_cases(field: dict[str, Any]) -> list[Case]:
    """Values a field's schema refuses, each with what the error line says."""
    name, kind = field["name"], field.get("type", "string")
    cons = field.get("constraints", {})
    out = [Case(name, v, f"{v!r} is not a valid {kind}") for v in WRONG_TYPE.get(kind, ())]
    if cons.get("required"):
        out.append(Case(name, "", "a value is required"))
    if "minimum" in cons and kind == "integer":
        out.append(Case(name, str(cons["minimum"] - 1), f"is below the minimum {cons['minimum']}"))
    if "maximum" in cons and kind == "integer":
        out.append(Case(name, str(cons["maximum"] + 1), f"is above the maximum {cons['maximum']}"))
    if "maxLength" in cons:
        n = cons["maxLength"] + 1
        out.append(Case(name, "a" * n, f"is {n} characters long; at most {cons['maxLength']}"))
    if "minLength" in cons and cons["minLength"] > 1:
        out.append(Case(name, "a", f"is 1 characters long; at least {cons['minLength']}"))
    if "enum" in cons:
        out.append(Case(name, "niet-in-de-lijst", "'niet-in-de-lijst' is not one of: "))
    pattern = cons.get("pattern")
    if pattern:
        bad = next(v for v in PATTERN_BREAKERS if not re.fullmatch(pattern, v))
        says = "starts or ends with a blank" if pattern == TRIMMED else "does not match the pattern"
        out.append(Case(name, bad, f"{bad!r} {says}"))
    return out


def text_cases(field: dict[str, Any]) -> list[Case]:
    """Characters no cell of a string field may hold, and invisible blanks at
    either end of a field that forbids leading and trailing blanks."""
    name, kind = field["name"], field.get("type", "string")
    if kind in ("integer", "number"):
        return [Case(name, v, f"{v!r} is not a valid {kind}: write it with the digits 0-9")
                for v in LOOSE_NUMBERS]  # fmt: skip
    if kind != "string":
        return []
    out = [Case(name, v, says) for v, says in UNICODE_CASES]
    if field.get("constraints", {}).get("pattern") == TRIMMED:
        for ch in INVISIBLE:
            for v in (ch + "tekst", "tekst" + ch):
                out.append(Case(name, v, f"{v!r} starts or ends with a blank"))
    return out


def _snapshot(pkg: Path) -> dict[str, bytes]:
    return {str(p.relative_to(pkg)): p.read_bytes() for p in sorted(pkg.rglob("*")) if p.is_file()}


def _append(pkg: Path, table: dict[str, Any], cases: list[Case]) -> list[int]:
    """Append one line per case (the first row, one cell changed); their line numbers."""
    path = pkg / table["path"]
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, first = rows[0], rows[1]
    lines = []
    with path.open("a", encoding="utf-8", newline="") as f:
        for i, case in enumerate(cases):
            row = list(first)
            row[header.index(case.field)] = case.value
            # the csv module leaves a lone \r unquoted, where it ends the line:
            # such a row is quoted whole, so the cell holds what the case means
            quoting = csv.QUOTE_ALL if "\r" in case.value else csv.QUOTE_MINIMAL
            csv.writer(f, lineterminator="\n", quoting=quoting).writerow(row)
            lines.append(len(rows) + 1 + i)
    return lines


def _check_table(pkg: Path, table: dict[str, Any], cases: list[Case]) -> None:
    lines = _append(pkg, table, cases)
    before = _snapshot(pkg)
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exit_code == 1, result.output
    assert _snapshot(pkg) == before
    out = result.output.splitlines()
    assert out[-1] == f"{len(out) - 1} problems"
    for printed in out[:-1]:
        assert re.match(r"^[\w/.-]+(:\d+)?: ", printed), printed
    missing = []
    for line, case in zip(lines, cases, strict=True):
        head = f"{table['path']}:{line}: {case.field}: "
        if not any(p.startswith(head) and case.says in p for p in out):
            missing.append(f"{head}... {case.says}")
    assert missing == [], "\n".join(missing)


SCHEMA_CASES = {
    t["name"]: [c for f in t["schema"]["fields"] for c in schema_cases(f)] for t in TABLES
}
TEXT_CASES = {t["name"]: [c for f in t["schema"]["fields"] for c in text_cases(f)] for t in TABLES}


def test_every_field_has_cases() -> None:
    """Each field of each table meets at least one bad value (the count goes in the report)."""
    covered = {(t, c.field) for t, cases in SCHEMA_CASES.items() for c in cases}
    fields = {(t["name"], f["name"]) for t in TABLES for f in t["schema"]["fields"]}
    unconstrained = {
        (t["name"], f["name"])
        for t in TABLES
        for f in t["schema"]["fields"]
        if f.get("type", "string") == "string" and not f.get("constraints")
    }
    assert sorted(fields - covered - unconstrained) == []
    total = sum(map(len, SCHEMA_CASES.values())) + sum(map(len, TEXT_CASES.values()))
    assert total > 600


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t["name"])
def test_schema_rules_of_every_column(table: dict[str, Any], tmp_path: Path) -> None:
    pkg = shutil.copytree(MINIMAL, tmp_path / "pkg")
    _check_table(pkg, table, SCHEMA_CASES[table["name"]])


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t["name"])
def test_characters_no_cell_may_hold_in_every_column(table: dict[str, Any], tmp_path: Path) -> None:
    pkg = shutil.copytree(MINIMAL, tmp_path / "pkg")
    _check_table(pkg, table, TEXT_CASES[table["name"]])


FORBIDDEN = st.characters(categories=["Cc", "Zl", "Zp"]) | st.sampled_from(
    [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)
TEXT_FIELDS = [
    (t, f["name"]) for t in TABLES for f in t["schema"]["fields"] if f.get("type") == "string"
]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    where=st.sampled_from(TEXT_FIELDS),
    before=st.text(alphabet=st.characters(codec="ascii", categories=["L", "N"]), max_size=5),
    bad=FORBIDDEN,
    after=st.text(alphabet=st.characters(codec="ascii", categories=["L", "N"]), max_size=5),
)
@example(  # a lone carriage return, which the csv module would leave unquoted
    where=next(w for w in TEXT_FIELDS if (w[0]["name"], w[1]) == ("sessions", "session_id")),
    before="",
    bad="\r",
    after="",
)
def test_any_forbidden_character_anywhere_is_named(
    where: tuple[dict[str, Any], str], before: str, bad: str, after: str, tmp_path: Path
) -> None:
    table, field = where
    pkg = tmp_path / "pkg"
    shutil.rmtree(pkg, ignore_errors=True)
    shutil.copytree(MINIMAL, pkg)
    value = before + bad + after
    (line,) = _append(pkg, table, [Case(field, value, "")])
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exit_code == 1
    head = f"{table['path']}:{line}: {field}: U+{ord(bad):04X} "
    assert any(p.startswith(head) for p in result.output.splitlines()), result.output
