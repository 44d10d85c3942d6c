"""A lookup that finds nothing is a domain error with one clear line, never a bare KeyError."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontwerptafel.errors import BuildError, NotInPackageError
from ontwerptafel.package.read import load, locate, read_descriptor, source_text
from ontwerptafel.views.i18n import load_labels


def test_an_unknown_session_names_the_known_ones(root: Path) -> None:
    with pytest.raises(NotInPackageError) as e:
        load(root).session("dvhg-2099")
    assert e.value.lines() == [
        "data/sessions.csv: no session 'dvhg-2099' in the package (known: dvhg-2024)"
    ]


def test_an_unknown_organisation_is_one_line(root: Path) -> None:
    with pytest.raises(NotInPackageError) as e:
        load(root).organisation("nobody")
    assert e.value.lines() == ["data/organisations.csv: no organisation 'nobody' in the package"]


def test_an_unknown_source_resource_is_one_line(root: Path) -> None:
    base = locate(root)
    with pytest.raises(NotInPackageError) as e:
        source_text(base, read_descriptor(base), "source-elsewhere")
    assert e.value.lines() == ["datapackage.json: resources: no resource named 'source-elsewhere'"]


def test_a_missing_label_names_its_file() -> None:
    labels = load_labels("en")
    with pytest.raises(BuildError) as e:
        labels["no_such_label"]
    assert e.value.lines() == [
        "report/labels/en.toml: no label 'no_such_label'; add it beside the others"
    ]
    assert labels.get("no_such_label") is None


def test_every_problem_of_an_error_is_a_problem() -> None:
    from ontwerptafel.errors import Problem

    e = BuildError(["validation stopped unexpectedly (exit status 1)"])
    assert e.problems == [Problem("", "validation stopped unexpectedly (exit status 1)")]
    assert e.lines() == ["validation stopped unexpectedly (exit status 1)"]
