"""Render the sessions of a build in worker processes, one session per task, on every core.

WeasyPrint's layout is pure Python, so threads would take turns on one core;
processes do not. The workers are forked once the package is loaded and its
view models made, so they inherit them instead of loading the package again;
each task renders one session's documents and stages them beside their
targets, and only the staged files' names come back. The outputs are the
bytes a serial build makes, and are swapped in by the caller in the order of
the sessions, so the order of finishing changes nothing. When a task fails,
or a worker dies, the staged files of every task are removed and the build
stops with that document's problem: no output has been replaced yet.
"""

from __future__ import annotations

import glob
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ontwerptafel.build_state import Staged, discard
from ontwerptafel.errors import BuildError

if TYPE_CHECKING:
    from rich.progress import Progress

T = TypeVar("T")

#: a task's result: its staged outputs, or the problem lines that stopped it
Result = tuple[list[Staged], list[str]]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether workers can be forked safely (Linux; macOS frameworks refuse it)."""
    return sys.platform.startswith("linux")


def progress(total: int, quiet: bool) -> Progress | None:
    """A rich progress bar, only on a terminal and only for several documents."""
    if quiet or total < 2 or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(stderr=True), transient=True)


def render_in_pool(
    task: Callable[[T], Result],
    groups: Sequence[T],
    names: Callable[[T], list[str]],
    jobs: int,
    done: Callable[[T], None],
    out: Path,
    cost: Callable[[T], Any] | None = None,
) -> list[Staged]:
    """``task(group)`` for every group in ``jobs`` forked workers; the staged outputs
    in the order of ``groups``. The groups start in order of ``cost``, highest
    first: a long group started last would leave the other cores idle while it
    ends. ``done`` is told of each finished group. A worker
    that dies cannot remove what it staged, so its files (``.name.*.tmp`` in
    ``out``, as ``files.stage`` names them) are removed here."""
    results: dict[int, list[Staged]] = {}
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    futures: dict[Future[Result], int] = {}
    try:
        order = list(range(len(groups)))
        if cost is not None:  # stable: equal costs keep their order
            order.sort(key=lambda i: cost(groups[i]), reverse=True)
        futures = {pool.submit(task, groups[i]): i for i in order}
        for future in as_completed(futures):
            i = futures[future]
            try:
                staged, problems = future.result()
            except BrokenProcessPool:
                left = [n for j, g in enumerate(groups) if j not in results for n in names(g)]
                for name in left:
                    for tmp in out.glob(f".{glob.escape(name)}.*.tmp"):
                        tmp.unlink(missing_ok=True)
                why = "a worker process stopped unexpectedly"
                raise BuildError([f"cannot render {', '.join(left)}: {why}"]) from None
            if problems:
                raise BuildError(problems)
            results[i] = staged
            done(groups[i])
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        discard([s for f in futures if _finished(f) for s in f.result()[0]])
        raise
    pool.shutdown(wait=True)
    return [s for i in sorted(results) for s in results[i]]


def _finished(future: Future[Any]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None
