"""The longest reports start first, and the outputs still come back in the planned order."""

from __future__ import annotations

from pathlib import Path

import pytest

import ontwerptafel.build
from ontwerptafel.build import build
from ontwerptafel.build_state import Staged
from ontwerptafel.build_workers import Result, render_in_pool
from test_incremental_build import two_sessions

#: where the workers of a test write what they started, one name a line
LOG: list[Path] = []


def record(group: list[str]) -> Result:
    """A worker's task that only says it started, and stages nothing."""
    with LOG[0].open("a", encoding="utf-8") as f:
        f.write(f"{group[0]}\n")
    return [Staged(group[0], Path(group[0]), Path(group[0]))], []


def test_groups_start_by_cost_highest_first_and_return_in_their_own_order(
    tmp_path: Path,
) -> None:
    LOG[:] = [tmp_path / "started.txt"]
    groups = [["a"], ["b", "b"], ["overview"], ["c", "c", "c"]]
    cost = {"a": 1, "b": 2, "overview": 9, "c": 2}
    staged = render_in_pool(record, groups, list, 1, lambda g: None, tmp_path, lambda g: cost[g[0]])
    started = LOG[0].read_text(encoding="utf-8").split()
    assert started == ["overview", "b", "c", "a"]  # equal costs keep their order
    assert [s.session_id for s in staged] == ["a", "b", "overview", "c"]


def test_a_build_submits_the_overview_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = two_sessions(tmp_path / "pkg", 3)
    seen: list[list[str]] = []

    def capture(task, groups, names, jobs, done, out, cost):  # type: ignore[no-untyped-def]
        seen.extend([g[0].session_id for g in sorted(groups, key=cost, reverse=True)])
        return []

    monkeypatch.setattr(ontwerptafel.build, "render_in_pool", capture)
    build(pkg, [], ["html"], "nl", tmp_path / "out", quiet=True, jobs=2)
    assert seen == ["overview", "synth-0001", "synth-0002", "synth-0003"]
