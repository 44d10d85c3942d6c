"""Fidelity: every row the workshop produced stands in the source, verbatim and
in source order, and every line of the source is accounted for by a row.

The source text ships inside the package (resource ``source-dvhg-2024``), so
this test reads exactly what a reuser downloads. The curators' fields
(``ontwerptafel:origin`` = curators) are outside the check: they are
analysis, not transcription.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from ontwerptafel.package.model import Package, split_emphasis
from ontwerptafel.package.read import load, source_text

SUP = re.compile(r"<sup>(.*?)</sup>")
BOLD = re.compile(r"\*\*(.+?)\*\*")
MARK = re.compile(r"^(✓|↑|X[0-9]*)$")


@pytest.fixture(scope="module")
def package(root: Path) -> Package:
    return load(root)


@pytest.fixture(scope="module")
def lines(root: Path, package: Package) -> list[str]:
    """The source's lines, 1-based (index 0 is a dummy), hard breaks removed."""
    session = package.session("dvhg-2024")
    text = source_text(root, package.descriptor, session.source_resource)
    return ["", *(line.rstrip() for line in text.split("\n"))]


def join_lines(parts: list[str]) -> str:
    """The reading convention: a line break is one space, none after a hyphen."""
    out = ""
    for part in (p.strip() for p in parts):
        if not out:
            out = part
        elif out.endswith("-") and not out.endswith(" -"):
            out += part
        else:
            out += " " + part
    return out


def strip_item(line: str) -> str:
    """A list item's text without its marker, its rank, and bold markup."""
    line = re.sub(r"^-\s+", "", line.strip())
    return BOLD.sub(r"\1", line)


def test_statements_verbatim_and_in_order(package: Package, lines: list[str]) -> None:
    rows = package.of_session("statements", "dvhg-2024")
    assert [r.source_line for r in rows] == sorted(r.source_line for r in rows)
    for r in rows:
        expected = f"{r.actor} {r.text}" if r.actor else r.text
        assert strip_item(lines[r.source_line]) == expected, r.statement_id
        assert tuple(BOLD.findall(lines[r.source_line])) == (
            (r.actor,) if r.actor else ()
        ) + split_emphasis(r.emphasis)


def test_findings_verbatim_ranked_and_emphasis_exact(package: Package, lines: list[str]) -> None:
    rows = package.of_session("findings", "dvhg-2024")
    for r in rows:
        line = lines[r.source_line]
        assert strip_item(line) == f"{r.rank}.) {r.text}", r.finding_id
        assert tuple(BOLD.findall(line)) == split_emphasis(r.emphasis), r.finding_id
    by_section = Counter((r.kind, r.scope) for r in rows)
    assert by_section == {
        ("barrier", "shared"): 3,
        ("barrier", "policy"): 4,
        ("barrier", "implementation"): 6,
        ("promise", None): 5,
    }


def test_findings_sit_under_their_heading(package: Package, lines: list[str]) -> None:
    heading_of = {
        "shared": "Gezamenlijke belemmeringen",
        "policy": "Beleid",
        "implementation": "Uitvoering",
        None: "Beloftes",
    }
    for r in package.of_session("findings", "dvhg-2024"):
        above = [ln for ln in lines[: r.source_line] if ln.startswith("## ")]
        assert above[-1].removeprefix("## ").startswith(heading_of[r.scope]), r.finding_id


def test_contacts_as_on_the_slide(package: Package, lines: list[str]) -> None:
    for c in package.of_session("contacts", "dvhg-2024"):
        assert lines[c.source_line] == f"**{c.name}**"
        after = [ln for ln in lines[c.source_line + 1 : c.source_line + 6] if ln]
        assert after[0] == c.affiliation
        assert after[1] == f"[{c.email}](mailto:{c.email})"


def test_session_and_organisers_as_on_the_title_slide(package: Package, lines: list[str]) -> None:
    s = package.session("dvhg-2024")
    assert lines[s.source_line] == f"# {s.title} **{s.title_tag}**"
    assert s.subtitle in lines
    assert s.event in s.subtitle
    assert f"[{s.website_label}]({s.website})" in lines
    assert f"{s.participants_as_written} deelnemers" in "\n".join(lines)
    for o in package.of_session("session_organisers", "dvhg-2024"):
        block = []
        for ln in lines[o.source_line :]:
            if not ln:
                break
            block.append(ln)
        assert join_lines(block) == o.name_as_written


def test_flipcharts_and_sections_as_headed(package: Package, lines: list[str]) -> None:
    charts = package.flipcharts("dvhg-2024")
    assert len(charts) == 7
    assert [lines[fc.source_line] for fc in charts] == [f"# {fc.heading}" for fc in charts]
    for fc in charts:
        for sec in package.sections(fc.flipchart_id):
            label = join_lines(lines[sec.source_line : sec.source_line_end + 1])
            assert label.removeprefix("## ") == sec.label


def note_tokens(line_text: str) -> tuple[list[str], list[str]]:
    """Split a run of flipchart text into (text tokens, above-line tokens).

    List markers at the start of a line are structure, not text.
    """
    above = [w for m in SUP.findall(line_text) for w in m.split()]
    text = SUP.sub(" ", line_text)
    return text.split(), above


def as_in_source(n) -> str:
    """A note's text as the source writes it: a wholly struck note inside ~~ ~~."""
    return f"~~{n.text_verbatim}~~" if n.struck_through == "whole" else n.text_verbatim


def flipchart_groups(package: Package) -> list[tuple[range, list]]:
    """Notes grouped by the source lines they share (a line can hold two notes)."""
    groups: list[tuple[range, list]] = []
    for fc in package.flipcharts("dvhg-2024"):
        for n in package.notes(fc.flipchart_id):
            span = range(n.source_line, n.source_line_end + 1)
            if groups and set(span) & set(groups[-1][0]):
                old, members = groups[-1]
                groups[-1] = (range(old.start, max(old.stop, span.stop)), [*members, n])
            else:
                groups.append((span, [n]))
    return groups


def test_every_note_verbatim_in_source_order(package: Package, lines: list[str]) -> None:
    """Nothing invented: a note's text stands, word for word, on its lines."""
    for span, notes in flipchart_groups(package):
        raw = [re.sub(r"^-\s+(\\\*\s+)?", "", lines[i].strip()) for i in span]
        words, _ = note_tokens(" ".join(raw))
        words = [w for w in words if w != "↳" and not MARK.match(w)]
        pos = 0
        for n in notes:
            target = as_in_source(n).split()
            found = next(
                (
                    i
                    for i in range(pos, len(words) - len(target) + 1)
                    if words[i : i + len(target)] == target
                ),
                None,
            )
            assert found is not None, f"{n.note_id}: {n.text_verbatim!r} not at its place in {raw}"
            pos = found + len(target)


def test_nothing_on_a_flipchart_is_missing(package: Package, lines: list[str]) -> None:
    """Nothing missing: every word of a note's lines belongs to a note field."""
    for span, notes in flipchart_groups(package):
        source: Counter[str] = Counter()
        for i in span:
            line = lines[i].strip()
            marker = re.match(r"^-\s+(\\\*\s+)?", line)
            if marker:
                line = line[marker.end() :]
            words, above = note_tokens(line)
            source.update(words)
            source.update(f"above:{w}" for w in above)
        rows: Counter[str] = Counter()
        for n in notes:
            rows.update(as_in_source(n).split())
            rows.update((n.marks or "").split())
            rows.update(f"above:{w}" for w in (n.above_line or "").split())
            if n.link_mark:
                rows.update([n.link_mark])
        assert source == rows, f"lines {span.start}-{span.stop - 1}"


def test_markers_and_marks_as_written(package: Package, lines: list[str]) -> None:
    for n in package.rows("notes"):
        first = lines[n.source_line].strip()
        if n.list_marker == "*":
            assert first.startswith("- \\* ")
        elif n.list_marker == "-":
            assert first.startswith("- ")
        if n.marks and n.source_line == n.source_line_end:
            assert (
                first.endswith(n.marks)
                or f"{n.marks}  " in lines[n.source_line]
                or (f" {n.marks}" in first)
            ), n.note_id


def test_every_source_line_is_accounted_for(root: Path, package: Package, lines: list[str]) -> None:
    """Every non-blank line of the source is a row, part of a row, or a report label."""
    with (root / "report" / "labels" / "nl.toml").open("rb") as f:
        labels = set(tomllib.load(f).values())
    s = package.session("dvhg-2024")
    claimed: set[int] = {s.source_line}
    text = dict(enumerate(lines))
    for i, ln in text.items():
        bare = re.sub(r"^#+\s*", "", ln)
        date_nl = "12 november 2024"
        if (
            (ln.startswith("#") and bare in labels)
            or ln in (s.subtitle, date_nl)
            or (s.website_label and ln.startswith(f"[{s.website_label}]"))
        ):
            claimed.add(i)
    for o in package.of_session("session_organisers", "dvhg-2024"):
        i = o.source_line
        while text.get(i):
            claimed.add(i)
            i += 1
    for table in ("statements", "findings", "flipcharts"):
        claimed.update(r.source_line for r in package.of_session(table, "dvhg-2024"))
    for c in package.of_session("contacts", "dvhg-2024"):
        claimed.update(i for i in range(c.source_line, c.source_line + 5) if text.get(i))
    for table in ("sections", "notes"):
        for r in package.rows(table):
            claimed.update(range(r.source_line, r.source_line_end + 1))
    missing = [f"{i}: {ln}" for i, ln in text.items() if ln.strip() and i not in claimed]
    assert missing == []


def test_workshop_tables_carry_source_lines(package: Package) -> None:
    """Every row of a table holding what the workshop produced points into the source."""
    origin = {r["name"]: r.get("ontwerptafel:origin") for r in package.descriptor["resources"]}
    for name, rows in package.tables.items():
        if origin.get(name) != "workshop":
            continue
        for row in rows:
            assert getattr(row, "source_line", None), f"{name}: {row}"


def test_counts(package: Package) -> None:
    notes = package.rows("notes")
    assert len(notes) == 77
    assert len(package.rows("contacts")) == 4
    assert len(package.of_session("statements", "dvhg-2024")) == 9
