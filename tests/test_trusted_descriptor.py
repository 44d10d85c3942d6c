"""A build whose package bytes were found valid before does not check the descriptor again."""

from __future__ import annotations

from pathlib import Path

import pytest

import ontwerptafel.package.read as read
from ontwerptafel.build import build
from ontwerptafel.errors import PackageError
from ontwerptafel.package.validation_cache import validate_once


@pytest.fixture
def profile_checks(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each descriptor the profile check is run on, from a cold per-process cache."""
    seen: list[object] = []
    real = read.descriptor_problems

    def counted(descriptor: dict[str, object]) -> object:
        seen.append(descriptor)
        return real(descriptor)

    monkeypatch.setattr(read, "descriptor_problems", counted)
    read._checked.cache_clear()
    yield seen
    read._checked.cache_clear()


def test_a_remembered_verdict_spares_the_descriptor_check_and_a_new_one_does_not(
    package_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    profile_checks: list[object],
) -> None:
    validate_once(package_copy)
    profile_checks.clear()
    read._checked.cache_clear()
    trusted = build(package_copy, [], ["html"], None, tmp_path / "trusted", quiet=True, jobs=1)
    assert profile_checks == []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "fresh-cache"))  # nothing remembered
    checked = build(package_copy, [], ["html"], None, tmp_path / "checked", quiet=True, jobs=1)
    assert len(profile_checks) >= 1
    assert [p.read_bytes() for p in trusted] == [p.read_bytes() for p in checked]


def test_a_trusted_read_of_a_descriptor_that_does_not_parse_cleanly_is_checked(
    package_copy: Path, profile_checks: list[object]
) -> None:
    path = package_copy / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('{\n  "', '{\n  "name": "twice",\n  "', 1), encoding="utf-8")
    with pytest.raises(PackageError) as untrusted:
        read.load(package_copy)
    with pytest.raises(PackageError) as trusted:
        read.load(package_copy, trusted=True)
    assert trusted.value.lines() == untrusted.value.lines()
    assert any("twice" in line for line in trusted.value.lines())
