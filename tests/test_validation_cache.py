"""The validation verdict is remembered by content, outside the package, per code version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ontwerptafel.package.validation_cache as vc
from ontwerptafel.cli import cli
from ontwerptafel.errors import PackageError
from ontwerptafel.package.validation_cache import Unchanged, package_key, validate_once

ROOT = Path(__file__).resolve().parents[1]
#: every file validation reads: the descriptor and the file of each resource
FILES = [
    "datapackage.json",
    *(r["path"] for r in json.loads((ROOT / "datapackage.json").read_bytes())["resources"]),
]


def _break_a_note(pkg: Path) -> None:
    notes = pkg / "data" / "notes.csv"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace(",clear,", ",helder,", 1), encoding="utf-8"
    )


def test_a_second_validate_with_nothing_changed_says_so_and_skips_the_work(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("valid: 15 tables, ")
    calls: list[object] = []
    monkeypatch.setattr(vc, "validate", lambda *a: calls.append(a))
    second = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert second.exit_code == 0, second.output
    rest = first.output.removeprefix("valid")
    assert second.output == "valid (unchanged since last check)" + rest
    assert calls == []


def test_a_forgotten_verdict_is_validated_again(package_copy: Path) -> None:
    """``forget`` (what ``make bench`` uses to time a build that validates)."""
    assert not isinstance(validate_once(package_copy), Unchanged)
    assert isinstance(validate_once(package_copy), Unchanged)
    vc.forget(package_copy)
    assert not isinstance(validate_once(package_copy), Unchanged)
    assert isinstance(validate_once(package_copy), Unchanged)


def test_a_changed_byte_is_validated_again_and_its_problem_reported(
    package_copy: Path,
) -> None:
    validate_once(package_copy)
    assert isinstance(validate_once(package_copy), Unchanged)
    _break_a_note(package_copy)
    with pytest.raises(PackageError) as e:
        validate_once(package_copy)
    assert any("legibility" in str(p) for p in e.value.problems)


def test_the_cache_lives_in_the_users_cache_folder_not_the_package(
    package_copy: Path,
    _test_cache: Path,  # noqa: PT019
) -> None:
    validate_once(package_copy)
    entries = list((_test_cache / "ontwerptafel" / "validation").iterdir())
    assert [e.name for e in entries] == [f"{package_key(package_copy)}.json"]
    assert sorted(p.name for p in package_copy.iterdir()) == ["data", "datapackage.json"]


def test_a_forged_verdict_in_the_package_folder_is_never_used(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_a_note(package_copy)
    key = package_key(package_copy)
    forged = {"key": key, "rows": {"sessions": 1}}
    for folder in (package_copy / "ontwerptafel" / "validation",
                   package_copy / ".cache" / "ontwerptafel" / "validation"):  # fmt: skip
        folder.mkdir(parents=True)
        (folder / f"{key}.json").write_text(json.dumps(forged), encoding="utf-8")
    monkeypatch.chdir(package_copy)
    monkeypatch.setenv("XDG_CACHE_HOME", ".")  # relative: ignored, as the XDG rule says
    monkeypatch.setenv("HOME", str(package_copy.parent / "home"))
    result = CliRunner().invoke(cli, ["validate", "."])
    assert result.exit_code == 1
    assert "legibility" in result.output


def test_an_entry_that_names_another_key_is_not_believed(
    package_copy: Path,
    _test_cache: Path,  # noqa: PT019
) -> None:
    validate_once(package_copy)
    entry = _test_cache / "ontwerptafel" / "validation" / f"{package_key(package_copy)}.json"
    _break_a_note(package_copy)
    shutil.copy(entry, entry.with_name(f"{package_key(package_copy)}.json"))
    with pytest.raises(PackageError):
        validate_once(package_copy)


def test_another_code_version_validates_again(
    package_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate_once(package_copy)
    monkeypatch.setattr(vc, "code_version", lambda: "another")
    assert not isinstance(validate_once(package_copy), Unchanged)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(FILES),
    where=st.floats(min_value=0, max_value=1, exclude_max=True),
    flip=st.integers(min_value=1, max_value=255),
)
def test_any_changed_byte_of_any_file_changes_the_key(
    package_copy: Path, name: str, where: float, flip: int
) -> None:
    path = package_copy / name
    before = package_key(package_copy)
    original = path.read_bytes()
    data = bytearray(original)
    i = int(where * len(data))
    data[i] ^= flip
    path.write_bytes(bytes(data))
    try:
        after = package_key(package_copy)
        assert after is None or after != before
    finally:
        path.write_bytes(original)
    assert package_key(package_copy) == before
