"""Validate a package: the CSV format, then frictionless-py, then the rules beyond it.

The three stages run in order and stop at the first that finds problems, so
a malformed CSV is reported once, clearly, instead of as a cascade of
constraint errors further down.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ontwerptafel.errors import PackageError, Problem
from ontwerptafel.package.characters import TRIMMED, text_problems
from ontwerptafel.package.frictionless_errors import problem
from ontwerptafel.package.model import Package, split_emphasis
from ontwerptafel.package.read import (
    DESCRIPTOR,
    RawTable,
    locate,
    read_descriptor,
    read_table,
    table_resources,
    typed,
)
from ontwerptafel.package.rules_analysis import analysis_problems
from ontwerptafel.package.rules_photos import photo_problems
from ontwerptafel.package.rules_source import source_problems


@dataclass(frozen=True)
class Summary:
    """What a valid package holds: rows per table."""

    rows: dict[str, int]

    def __str__(self) -> str:
        total = sum(self.rows.values())
        per = ", ".join(f"{name} {n}" for name, n in self.rows.items())
        return f"valid: {len(self.rows)} tables, {total} rows ({per})"


def validate(path: str | Path = ".") -> Summary:
    """Validate the package at ``path``; raise ``PackageError`` listing every problem."""
    root = locate(path)
    descriptor = read_descriptor(root)
    raws: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for res in table_resources(descriptor):
        try:
            raws[res["name"]] = read_table(root, res)
        except PackageError as e:
            problems += e.problems
    types = {
        res["name"]: {f["name"]: f.get("type", "string") for f in res["schema"]["fields"]}
        for res in table_resources(descriptor)
    }
    problems += text_problems(raws.values(), trimmed_fields(descriptor), types)
    if problems:
        raise PackageError(problems)
    problems = frictionless_problems(root, raws)
    if problems:
        raise PackageError(problems)
    package = typed(descriptor, raws)
    problems = cross_table_problems(root, package, raws)
    if problems:
        raise PackageError(problems)
    return Summary({name: len(raw.rows) for name, raw in raws.items()})


def trimmed_fields(descriptor: dict[str, Any]) -> dict[str, list[str]]:
    """Table -> the fields whose schema forbids a leading or trailing blank."""
    return {
        res["name"]: [
            f["name"]
            for f in res["schema"]["fields"]
            if f.get("constraints", {}).get("pattern") == TRIMMED
        ]
        for res in table_resources(descriptor)
    }


# --- frictionless-py -------------------------------------------------------


def frictionless_problems(root: Path, raws: dict[str, RawTable]) -> list[Problem]:
    """Run frictionless-py on the whole package (so foreign keys are checked)."""
    from frictionless import FrictionlessException
    from frictionless import Package as FPackage

    try:
        fpackage = FPackage(str(root / DESCRIPTOR), basepath=str(root))
        report = fpackage.validate()
    except FrictionlessException as e:  # a descriptor frictionless cannot open
        return [problem(DESCRIPTOR, None, None, r) for r in e.reasons or [e.error]]
    problems = [problem(DESCRIPTOR, None, None, error) for error in report.errors]
    for task in report.tasks:
        raw = raws.get(task.name)
        resource = fpackage.get_resource(task.name) if fpackage.has_resource(task.name) else None
        problems += [problem(task.place or task.name, raw, resource, e) for e in task.errors]
    return problems


# --- rules Table Schema cannot say ----------------------------------------

#: table -> (group columns, order column): ranks run 1..n within each group
CONTIGUOUS: dict[str, tuple[tuple[str, ...], str]] = {
    "session_organisers": (("session_id",), "order"),
    "statements": (("session_id",), "order"),
    "flipcharts": (("session_id",), "order"),
    "sections": (("flipchart_id",), "order"),
    "notes": (("flipchart_id",), "order"),
    "photos": (("flipchart_id",), "order"),
    "findings": (("session_id", "kind", "scope"), "rank"),
    "contacts": (("session_id",), "order"),
    "affiliations": (("contact_id",), "order"),
    "codes": (("parent_code_id",), "order"),
}

#: session ids that name something else in report/build/
RESERVED_IDS = {"overview": "it names the report across sessions"}
#: names Windows gives to devices, in any case and with any extension: a
#: session id becomes a file name, and a file of such a name cannot be made
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)


def reserved_id(session_id: str) -> str | None:
    """Why ``session_id`` cannot name a session, or None when it can."""
    if session_id in RESERVED_IDS:
        return RESERVED_IDS[session_id]
    if session_id.split(".")[0].lower() in WINDOWS_DEVICES:
        return "Windows reserves it for a device, and a session id becomes a file name"
    return None


#: table -> (id column, column whose value must prefix it)
ID_PREFIX: dict[str, tuple[str, str]] = {
    "statements": ("statement_id", "session_id"),
    "flipcharts": ("flipchart_id", "session_id"),
    "sections": ("section_id", "flipchart_id"),
    "notes": ("note_id", "flipchart_id"),
    "photos": ("photo_id", "flipchart_id"),
    "findings": ("finding_id", "session_id"),
    "contacts": ("contact_id", "session_id"),
}


class _Collector:
    def __init__(self, raws: dict[str, RawTable], package: Package) -> None:
        self.raws = raws
        self.package = package
        self.problems: list[Problem] = []

    def add(self, table: str, index: int, field: str, message: str) -> None:
        raw = self.raws[table]
        self.problems.append(
            Problem(raw.path, message, line=raw.rows[index][0], field=field, resource=table)
        )


def cross_table_problems(root: Path, package: Package, raws: dict[str, RawTable]) -> list[Problem]:
    """Every rule of the data model that frictionless-py cannot check."""
    out = _Collector(raws, package)
    for table, (group, col) in CONTIGUOUS.items():
        if table in raws:
            _check_contiguous(out, table, group, col)
    for table, (id_col, parent_col) in ID_PREFIX.items():
        for i, row in enumerate(package.rows(table)):
            ident, parent = getattr(row, id_col), getattr(row, parent_col)
            if not ident.startswith(parent + "-"):
                out.add(table, i, id_col, f"{ident!r} must start with its {parent_col} '{parent}-'")
    _check_notes(out, package)
    _check_findings(out, package)
    for i, s in enumerate(package.sessions):
        why = reserved_id(s.session_id)
        if why:
            out.add("sessions", i, "session_id", f"{s.session_id!r} is reserved: {why}")
    _check_emphasis(out, package, ("statements", "findings"))
    source_problems(out, root, raws)
    analysis_problems(out)
    photo_problems(out, root)
    return sorted(out.problems, key=lambda p: (p.file, p.line or 0))


def _check_contiguous(out: _Collector, table: str, group: tuple[str, ...], col: str) -> None:
    groups: dict[tuple[Any, ...], list[tuple[int, int]]] = defaultdict(list)
    for i, row in enumerate(out.package.rows(table)):
        groups[tuple(getattr(row, g) for g in group)].append((getattr(row, col), i))
    for key, items in groups.items():
        seen: dict[int, int] = {}
        label = " ".join(str(k) for k in key if k is not None)
        for value, i in items:
            if value in seen:
                out.add(table, i, col, f"{value} is used twice in {label}")
            seen.setdefault(value, i)
        expected = set(range(1, len(seen) + 1))
        for value, i in sorted(seen.items()):
            if value not in expected:
                gap = min(expected - set(seen))
                out.add(table, i, col, f"{value} leaves a gap: {label} has no {col} {gap}")


def _check_notes(out: _Collector, package: Package) -> None:
    notes = package.rows("notes")
    by_id = {n.note_id: (i, n) for i, n in enumerate(notes)}
    sections = {s.section_id: s for s in package.rows("sections")}
    with_notes = {n.flipchart_id for n in notes}
    for i, fc in enumerate(package.rows("flipcharts")):
        if fc.flipchart_id not in with_notes:
            out.add("flipcharts", i, "flipchart_id", f"flipchart {fc.flipchart_id!r} has no notes")
    for i, n in enumerate(notes):
        if n.section_id in sections and sections[n.section_id].flipchart_id != n.flipchart_id:
            out.add(
                "notes",
                i,
                "section_id",
                f"{n.section_id!r} is not a section of {n.flipchart_id!r}",
            )
        if n.parent_note_id and n.parent_note_id in by_id:
            _, parent = by_id[n.parent_note_id]
            if parent.note_id == n.note_id:
                out.add("notes", i, "parent_note_id", "a note cannot hang under itself")
            elif parent.flipchart_id != n.flipchart_id:
                msg = f"{n.parent_note_id!r} is not on the same flipchart as this note"
                out.add("notes", i, "parent_note_id", msg)
            elif parent.order >= n.order:
                msg = f"{n.parent_note_id!r} comes after this note; a parent comes first"
                out.add("notes", i, "parent_note_id", msg)
        if n.link_mark and not n.parent_note_id:
            out.add("notes", i, "link_mark", "a link mark needs a parent_note_id")
        partial = n.struck_through == "partial"
        if partial != bool(re.search(r"~~.+?~~", n.text_verbatim)):
            msg = (
                "struck_through is 'partial' but the text marks no ~~struck~~ part"
                if partial
                else "~~ marks a struck part only when struck_through is 'partial'"
            )
            out.add("notes", i, "text_verbatim", msg)
        for col, words, at in (
            ("above_line_at", n.above_line, n.above_line_at),
            ("above_line_at_en", n.above_line_en, n.above_line_at_en),
        ):
            text = n.text_verbatim if col == "above_line_at" else n.text_en
            msg = above_position_problem(words, at, text or "")
            if msg:
                out.add("notes", i, col, msg)
    _check_cycles(out, notes, by_id)


def above_position_problem(above: str | None, at: int | None, text: str) -> str | None:
    """What is wrong with the position of the words above a note's line: it
    places words that are there, between 0 (before the first word) and the
    number of words of the text (``~~`` marks not counted). A session typed in
    before positions were recorded may leave it empty: its words then stand
    before the first word, as they did."""
    if at is not None and not above:
        return "a position, but no words above the line to place"
    count = len(text.replace("~~", "").split())
    if at is not None and at > count:
        return f"{at} is past the note's last word: give 0 to {count}"
    return None


def _check_cycles(out: _Collector, notes: Iterable[Any], by_id: dict[str, tuple[int, Any]]) -> None:
    reported: set[str] = set()
    for n in notes:
        path: list[str] = []
        current: str | None = n.note_id
        while current and current in by_id and current not in path:
            path.append(current)
            current = by_id[current][1].parent_note_id
        if current in path and current not in reported:
            cycle = path[path.index(current) :]
            reported.update(cycle)
            i = by_id[cycle[0]][0]
            msg = "parent notes form a cycle: " + " -> ".join([*cycle, cycle[0]])
            out.add("notes", i, "parent_note_id", msg)


def _check_findings(out: _Collector, package: Package) -> None:
    for i, f in enumerate(package.rows("findings")):
        if f.kind == "barrier" and not f.scope:
            out.add(
                "findings", i, "scope", "a barrier needs a scope (shared, policy or implementation)"
            )
        if f.kind == "promise" and f.scope:
            out.add("findings", i, "scope", "a promise has no scope; leave it empty")


def _check_emphasis(out: _Collector, package: Package, tables: tuple[str, ...]) -> None:
    for table in tables:
        for i, row in enumerate(package.rows(table)):
            for run in split_emphasis(row.emphasis):
                if run not in row.text:
                    out.add(table, i, "emphasis", f"{run!r} does not occur in the text")
