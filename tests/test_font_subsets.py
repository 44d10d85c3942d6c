"""A web page's font subset is made once per font and set of characters, and is the same bytes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from ontwerptafel.render import web

FONT = "fonts/NotoSans-Regular.ttf"


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The characters of every subset fontTools is asked to make."""
    calls: list[str] = []
    real = web._subset

    def counted(data: bytes, text: str) -> bytes:
        calls.append(text)
        return real(data, text)

    monkeypatch.setattr(web, "_subset", counted)
    web._remembered_subset.cache_clear()
    yield calls
    web._remembered_subset.cache_clear()


def glyphs(woff2: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(woff2)).getBestCmap())


def test_a_subset_is_made_once_for_the_same_characters_in_any_order(made: list[str]) -> None:
    data = web._font_bytes(FONT)
    first = web.subset_font(data, "Beleid ✓")
    again = web.subset_font(data, "✓ dieleB  ")
    web._remembered_subset.cache_clear()  # as a new process would start
    later = web.subset_font(data, "Beleid ✓")
    assert made == [" Bdeil✓"]
    assert first == again == later == web._subset(data, "Beleid ✓")
    covered = set(TTFont(io.BytesIO(data)).getBestCmap())
    assert glyphs(first) == {ord(c) for c in " Bdeil✓"} & covered


def test_other_characters_or_another_cache_folder_make_a_new_subset(
    made: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = web._font_bytes(FONT)
    web.subset_font(data, "abc")
    web.subset_font(data, "abd")
    web._remembered_subset.cache_clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    web.subset_font(data, "abc")
    assert made == ["abc", "abd", "abc"]


def test_a_cache_folder_that_cannot_be_written_costs_time_only(
    made: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    data = web._font_bytes(FONT)
    woff2 = web.subset_font(data, "xyz")
    web._remembered_subset.cache_clear()
    assert web.subset_font(data, "xyz") == woff2
    assert made == ["xyz", "xyz"]
