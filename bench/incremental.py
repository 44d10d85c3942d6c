"""Measure what a build does again: validation remembered, unchanged documents kept, all cores.

1. the seed build with every document rendered (``--force``), once with a
   fresh cache folder (validation on the path) and once with the cache of
   the previous run (validation remembered); median of ``rounds``;
2. ``make report``'s two builds (Dutch and English) with nothing changed;
3. for synthetic packages of each size: the whole build on all cores and on
   one (``--jobs 1``), then a rebuild after one session's cell changed, and
   one after a session was added (the package written again with one more).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def run(cmd: Sequence[str], cache: Path) -> float:
    """Wall time of ``cmd`` with ``cache`` as the cache folder; fail loudly."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode(errors='replace')}")
    return seconds


def seed(cli: str, root: Path, session: str, work: Path, rounds: int) -> dict[str, Any]:
    """The seed build with validation on the path, remembered, and with nothing to do."""
    out, cache = work / "seed-out", work / "cache"
    build = [cli, "build", str(root), "--session", session, "--out", str(out), "-q"]
    run([*build, "--force"], cache)  # warm-up, and the remembered verdict
    cold, warm = [], []
    for i in range(rounds):
        fresh = Path(tempfile.mkdtemp(dir=work, prefix=f"cache-{i}-"))
        cold.append(run([*build, "--force"], fresh))
        warm.append(run([*build, "--force"], cache))
    english = [cli, "build", str(root), "--lang", "en", "--out", str(out), "-q"]
    run(english, cache)
    nothing = [run(build, cache) for _ in range(rounds)]
    report = [run(build, cache) + run(english, cache) for _ in range(rounds)]
    return {
        "validated_s": statistics.median(cold),
        "remembered_s": statistics.median(warm),
        "no_change_s": statistics.median(nothing),
        "make_report_no_change_s": statistics.median(report),
        "samples": {"validated": cold, "remembered": warm, "no_change": nothing},
    }


def _change_one_cell(package: Path) -> None:
    """Another text for the last session's first finding, as a correction would."""
    path = package / "data" / "findings.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if ",barrier," in line)
    lines[last] = lines[last].replace("Verzonnen:", "Verzonnen (gewijzigd):", 1)
    path.write_text("".join(lines), encoding="utf-8")


def sessions(cli: str, work: Path, sizes: Sequence[int], serial: bool) -> list[dict[str, Any]]:
    """Whole builds on all cores (and on one), and the rebuilds after a change."""
    from synth import write_package

    rows = []
    cache = work / "cache"
    for n in sizes:
        package = write_package(work / f"inc-{n}", n)
        out = work / f"inc-{n}-out"
        build = [cli, "build", str(package), "--out", str(out), "-q"]
        row: dict[str, Any] = {"sessions": n, "all_cores_s": run(build, cache)}
        if serial:
            row["one_core_s"] = run([*build, "--force", "--jobs", "1"], cache)
        row["no_change_s"] = run(build, cache)
        _change_one_cell(package)
        row["one_cell_changed_s"] = run(build, cache)
        write_package(package, n + 1)
        row["session_added_s"] = run(build, cache)
        rows.append(row)
        shutil.rmtree(package)
        shutil.rmtree(out)
    return rows


def table(result: dict[str, Any], floor_s: float) -> list[str]:
    """The figures, one a line, with the issue's targets."""
    s = result["seed"]
    ratio = s["remembered_s"] / floor_s
    lines = [
        f"{'seed build, validation on the path':<44} {s['validated_s']:>10.2f} s",
        f"{'seed build, validation remembered':<44} {s['remembered_s']:>10.2f} s",
        f"{'  / floor':<44} {ratio:>11.3f}x  {'<= 1.05x':>12}  {_ok(ratio <= 1.05)}",
        f"{'rebuild, nothing changed':<44} {s['no_change_s']:>10.2f} s  {'< 1 s':>12}"
        f"  {_ok(s['no_change_s'] < 1)}",
        f"{'make report builds (nl + en), no change':<44} {s['make_report_no_change_s']:>10.2f} s",
    ]
    for row in result["sessions"]:
        n = row["sessions"]
        lines.append(f"{f'{n} sessions, whole build, all cores':<44} {row['all_cores_s']:>10.1f} s")
        if "one_core_s" in row:
            share = row["all_cores_s"] / row["one_core_s"]
            lines.append(
                f"{f'{n} sessions, one core':<44} {row['one_core_s']:>10.1f} s"
                f"  all / one {share:.2f}x (target <= 0.6x)  {_ok(share <= 0.6)}"
            )
        lines += [
            f"{f'{n} sessions, rebuild, nothing changed':<44} {row['no_change_s']:>10.2f} s",
            f"{f'{n} sessions, rebuild, one cell changed':<45} {row['one_cell_changed_s']:>9.1f} s",
            f"{f'{n} sessions, rebuild, one session added':<44} {row['session_added_s']:>10.1f} s",
        ]
    return lines


def _ok(ok: bool) -> str:
    return "met" if ok else "MISSED"
