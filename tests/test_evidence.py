"""The curators' analysis: evidence links, COM-B codebook and codings.

The published package is checked for completeness; the rules of
``rules_analysis`` are checked on packages changed in memory, and one end to
end through ``ontwerptafel validate`` for the exact error line.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ontwerptafel.cli import cli
from ontwerptafel.package.model import Package
from ontwerptafel.package.read import load
from ontwerptafel.package.rules_analysis import analysis_problems, note_sessions

SESSION = "dvhg-2024"


@pytest.fixture(scope="module")
def package(root: Path) -> Package:
    return load(root)


class Recorder:
    """Collects what the rules report, as (table, row index, field, message)."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.problems: list[tuple[str, int, str, str]] = []

    def add(self, table: str, index: int, field: str, message: str) -> None:
        self.problems.append((table, index, field, message))


def problems_of(package: Package) -> list[tuple[str, int, str, str]]:
    rec = Recorder(package)
    analysis_problems(rec)
    return rec.problems


def changed(package: Package, table: str, key: str, value: str, **fields: Any) -> Package:
    """A copy of ``package`` with the row of ``table`` whose ``key`` is ``value`` changed."""
    rows = tuple(
        dataclasses.replace(r, **fields) if getattr(r, key) == value else r
        for r in package.rows(table)
    )
    return Package(package.descriptor, {**package.tables, table: rows})


# --- the published package -------------------------------------------------


def test_published_analysis_has_no_problems(package: Package) -> None:
    assert problems_of(package) == []


def test_every_finding_has_evidence_or_the_marker(package: Package) -> None:
    by_finding: dict[str, set[str]] = {}
    for e in package.rows("evidence"):
        by_finding.setdefault(e.finding_id, set()).add(e.relation)
    findings = package.of_session("findings", SESSION)
    assert {f.finding_id for f in findings} == set(by_finding)
    for f in findings:
        if f.kind == "barrier":
            assert by_finding[f.finding_id] == {"supports"}, f.finding_id
        else:  # the flipcharts list barriers only: no note proposes a promise
            assert by_finding[f.finding_id] == {"no-supporting-note"}, f.finding_id


def test_every_link_points_at_a_note_of_the_same_session(package: Package) -> None:
    sessions = note_sessions(package)
    findings = {f.finding_id: f for f in package.rows("findings")}
    links = [e for e in package.rows("evidence") if e.relation == "supports"]
    assert len(links) == 48
    for e in links:
        assert sessions[e.note_id] == findings[e.finding_id].session_id, e.evidence_id


def test_chosen_links_are_the_obvious_ones(package: Package) -> None:
    """Spot checks where a note says what the finding says almost word for word."""
    pairs = {(e.finding_id, e.note_id) for e in package.rows("evidence")}
    assert (f"{SESSION}-barrier-policy-1", f"{SESSION}-fc4-n1") in pairs
    assert (f"{SESSION}-barrier-shared-2", f"{SESSION}-fc4-n4") in pairs
    assert (f"{SESSION}-barrier-implementation-4", f"{SESSION}-fc2-n21") in pairs
    illegible = f"{SESSION}-fc1-n5"
    assert all(e.note_id != illegible for e in package.rows("evidence"))


def test_codebook_is_com_b_with_six_subcomponents(package: Package) -> None:
    codes = package.rows("codes")
    roots = [c.label_en for c in sorted(codes, key=lambda c: c.order) if not c.parent_code_id]
    assert roots == ["Capability", "Opportunity", "Motivation"]
    subs = {c.label_en for c in codes if c.parent_code_id}
    assert subs == {
        "Physical capability",
        "Psychological capability",
        "Physical opportunity",
        "Social opportunity",
        "Reflective motivation",
        "Automatic motivation",
    }
    assert all("https://doi.org/10.1186/1748-5908-6-42" in c.citation for c in codes)


def test_every_barrier_is_coded(package: Package) -> None:
    coded = {c.finding_id for c in package.rows("codings") if c.finding_id}
    barriers = {f.finding_id for f in package.rows("findings") if f.kind == "barrier"}
    assert barriers <= coded
    assert sum(1 for c in package.rows("codings") if c.note_id) == 61


def test_omgang_is_read_as_opportunity(package: Package) -> None:
    rows = {r.section_id: r for r in package.rows("section_codes")}
    omgang = rows[f"{SESSION}-fc3-omgang"]
    assert (omgang.code_id, omgang.reading) == ("comb-opportunity", "interpreted")
    assert "omgeving/gelegenheid" in omgang.rationale_nl
    assert rows[f"{SESSION}-fc3-capaciteit"].code_id == "comb-capability"


def test_analysis_is_marked_as_the_curators(package: Package) -> None:
    resources = {r["name"]: r for r in package.descriptor["resources"]}
    for name in ("codes", "codings", "evidence", "section_codes"):
        res = resources[name]
        assert res["ontwerptafel:origin"] == "curators"
        assert {f["ontwerptafel:origin"] for f in res["schema"]["fields"]} == {"curators"}


# --- the rules -------------------------------------------------------------


def test_link_to_a_note_of_another_session_is_reported(package: Package) -> None:
    other = changed(package, "flipcharts", "flipchart_id", f"{SESSION}-fc4", session_id="x")
    found = [p for p in problems_of(other) if p[0] == "evidence"]
    assert ("evidence", 14, "note_id") in {p[:3] for p in found}
    assert found[0][3] == (
        f"'{SESSION}-fc4-n3' is a note of session 'x', "
        f"but '{SESSION}-barrier-shared-1' belongs to '{SESSION}'"
    )


def test_code_that_is_its_own_ancestor_is_reported(package: Package) -> None:
    cyclic = changed(
        package, "codes", "code_id", "comb-motivation", parent_code_id="comb-motivation-automatic"
    )
    assert problems_of(cyclic) == [
        (
            "codes",
            6,
            "parent_code_id",
            "a code cannot be its own ancestor: "
            "comb-motivation -> comb-motivation-automatic -> comb-motivation",
        ),
        (
            "codes",
            8,
            "parent_code_id",
            "a code cannot be its own ancestor: "
            "comb-motivation-automatic -> comb-motivation -> comb-motivation-automatic",
        ),
    ]


def test_marker_beside_links_and_link_without_note_are_reported(package: Package) -> None:
    first = package.rows("evidence")[0]
    broken = changed(package, "evidence", "evidence_id", first.evidence_id, note_id=None)
    assert problems_of(broken) == [
        ("evidence", 0, "note_id", "a 'supports' link needs the note it points at")
    ]
    marker = changed(
        package,
        "evidence",
        "evidence_id",
        first.evidence_id,
        relation="no-supporting-note",
        note_id=None,
        comment_nl="x",
        comment_en="x",
        evidence_id=f"{first.finding_id}-none",
    )
    assert problems_of(marker) == [
        (
            "evidence",
            0,
            "relation",
            f"'{first.finding_id}' has supporting notes; drop this 'no-supporting-note' row",
        )
    ]


def test_coding_of_two_targets_is_reported(package: Package) -> None:
    first = package.rows("codings")[0]
    both = changed(package, "codings", "coding_id", first.coding_id, note_id=f"{SESSION}-fc1-n2")
    assert problems_of(both) == [
        (
            "codings",
            0,
            "finding_id",
            "give exactly one of finding_id and note_id: the finding or the note coded",
        )
    ]


def test_finding_without_evidence_fails_validate(package_copy: Path) -> None:
    path = package_copy / "data" / "evidence.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    kept = [r for r in rows if r[1] != f"{SESSION}-promise-5"]
    assert len(kept) == len(rows) - 1
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(kept)
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/findings.csv:19: finding_id: has no evidence: link it to its supporting notes "
        "in data/evidence.csv, or add a 'no-supporting-note' row saying the source holds none"
    ]


def test_session_not_yet_analysed_validates_without_appendix(package_copy: Path) -> None:
    """A session with no evidence row at all is simply not analysed yet."""
    from ontwerptafel.package.validate import validate
    from ontwerptafel.views.session import build_report

    path = package_copy / "data" / "evidence.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(header)
    summary = validate(package_copy)
    assert summary.rows["evidence"] == 0
    kinds = [s.kind for s in build_report(load(package_copy), SESSION).slides]
    assert "evidence" not in kinds


# --- in the report ---------------------------------------------------------


def test_appendix_has_a_slide_per_scope_with_codes_and_counts(package: Package) -> None:
    from ontwerptafel.views.session import build_report

    report = build_report(package, SESSION)
    slides = [s for s in report.slides if s.kind == "evidence"]
    assert [s.scope for s in slides] == ["shared", "policy", "implementation", "promise"]
    assert report.slides[-1].kind == "colophon"
    shared = slides[0].items
    assert [(r.marker, r.notes, r.codes) for r in shared] == [
        ("G1", 10, ("Fysieke gelegenheid",)),
        ("G2", 7, ("Sociale gelegenheid",)),
        ("G3", 6, ("Fysieke gelegenheid", "Sociale gelegenheid")),
    ]
    promises = slides[3].items
    assert all(r.no_note and r.notes == 0 and r.comment for r in promises)


def test_original_slides_carry_no_analysis_on_notes(package: Package) -> None:
    """The flipchart pages show the original's notes only: no finding markers,
    no legend entry for them; the links live in the appendix."""
    from ontwerptafel.views.appendix import note_markers
    from ontwerptafel.views.i18n import load_labels
    from ontwerptafel.views.session import build_report

    report = build_report(package, SESSION, lang="en")
    charts = [s for s in report.slides if s.kind == "flipchart"]
    notes = [n for s in charts for c in s.columns for top in c.notes for n in (top, *top.children)]
    assert notes
    assert all(n.supports == () for n in notes)
    assert all(e.key != "supports" for s in charts for e in s.legend)
    markers = note_markers(package, SESSION, load_labels("en"))  # the same codes as in Dutch
    assert [m.label for m in markers[f"{SESSION}-fc6-n2"]] == ["U1", "U2"]
