"""Benchmark the build against the libraries' own floor, and its scaling.

Everything is measured in one run, so the ratios hold on a busy machine:

1. the seed session's full build (``ontwerptafel build --session dvhg-2024``:
   validation, PDF, DOCX and HTML) as a whole process, interleaved with the
   floor: a process that only renders the build's final HTML with WeasyPrint
   (``floor_pdf.py``, same PDF options, checked to give the same bytes) and,
   at the same time, one that only converts the build's pandoc AST with
   pandoc (same options). The floor is the wall time until both have ended:
   on two cores the build cannot beat it. Median of ``BENCH_ROUNDS`` rounds.
2. ``ontwerptafel --help`` start-up time, median of ten runs.
3. whole-package builds of synthetic packages (``synth.py``) of 1, 10 and
   100 sessions (``BENCH_SIZES``): wall time, PDF pages, time per page, and
   the peak resident memory of the largest process of the build.
4. what a build does again (``incremental.py``): the seed build with and
   without validation on the path, rebuilds with nothing changed, and for
   packages of 10 and 100 sessions (``BENCH_INC_SIZES``) the whole build on
   all cores and on one, and the rebuild after a changed cell or an added
   session.

Prints a table with the targets beside the figures and writes it as JSON to
report/build/bench.json. Usage: python bench/run.py
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
CLI = str(BIN / "ontwerptafel")
SEED = "dvhg-2024"
OUT = ROOT / "report" / "build" / "bench.json"

TARGET_RATIO = 1.15
TARGET_HELP = 0.25
TARGET_SCALING = 1.2
TARGET_MEMORY_MB = 600


def say(line: str = "") -> None:
    """One line of the report on standard output, at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


@dataclass(frozen=True)
class Run:
    """One process: its wall time, the CPU time of it and its children, and the
    peak RSS of the largest of them."""

    seconds: float
    cpu_s: float
    peak_mb: float


def timed(cmd: Sequence[str], stdin: Path | None = None) -> Run:
    """Run ``cmd`` to the end; fail loudly if it fails."""
    with tempfile.TemporaryFile() as err, (stdin or Path(os.devnull)).open("rb") as source:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=source, stdout=subprocess.DEVNULL, stderr=err)
        # wait4 gives this child's rusage, which on Linux includes the children it waited for
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            text = err.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{text}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def together(*jobs: Callable[[], Run]) -> tuple[float, list[Run]]:
    """Start ``jobs`` at once; the wall time until the last has ended, and each run."""
    results: list[Run | None] = [None] * len(jobs)

    def work(i: int) -> None:
        results[i] = jobs[i]()

    start = time.perf_counter()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    if any(r is None for r in results):
        raise SystemExit("a floor process failed")
    return wall, [r for r in results if r is not None]


def floor_inputs(work: Path, built: Path) -> tuple[Path, Path]:
    """The floor's inputs from the build's own view model: PDF spec and pandoc AST."""
    from ontwerptafel.assets import REPORT_DIR
    from ontwerptafel.package.read import DESCRIPTOR, load
    from ontwerptafel.package.session_files import session_files
    from ontwerptafel.render import pdf
    from ontwerptafel.render.docx.document import report_ast
    from ontwerptafel.render.html import document_dates
    from ontwerptafel.views.session import build_report

    package = load(ROOT)
    report = build_report(package, SEED)
    created, modified = (d.replace(tzinfo=None) for d in document_dates(report))
    titles = {DESCRIPTOR: "Data package descriptor (Frictionless)"}
    for res in package.descriptor["resources"]:
        titles[str(res["path"])] = str(res.get("title") or res.get("name") or "")
    # what the session's PDF attaches: its own part of the package
    attached = work / "attached"
    files = session_files(ROOT, package.descriptor, [SEED])[SEED]
    for rel, data in files.items():
        (attached / rel).parent.mkdir(parents=True, exist_ok=True)
        (attached / rel).write_bytes(data)
    xmp = work / "pdfua.xmp"
    xmp.write_bytes(pdf.XMP_UA)
    spec = {
        "html": str(built / f"{SEED}.html"),
        "out": str(work / "floor.pdf"),
        "base_url": REPORT_DIR.as_uri() + "/",
        "variant": pdf.PDF_VARIANT,
        "xmp": str(xmp),
        "created": created.isoformat(),
        "modified": modified.isoformat(),
        "attachments": [
            {"file": str(attached / rel), "name": rel, "description": titles.get(rel, "")}
            for rel in files
        ],
    }
    spec_path = work / "floor.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    ast = work / "floor.ast.json"
    ast.write_text(report_ast(report), encoding="utf-8")
    return spec_path, ast


def seed_vs_floor(work: Path, rounds: int) -> dict[str, Any]:
    """The seed build and its floor, interleaved, ``rounds`` times after a warm-up."""
    import pypandoc

    from ontwerptafel.render.docx.reference import REFERENCE

    built = work / "build"
    build_cmd = [CLI, "build", str(ROOT), "--session", SEED, "--out", str(built), "-q", "--force"]
    timed(build_cmd)  # warm-up: caches, and the HTML the floor renders
    spec, ast = floor_inputs(work, built)
    pdf_cmd = [sys.executable, str(HERE / "floor_pdf.py"), str(spec)]
    pandoc_cmd = [
        pypandoc.get_pandoc_path(),
        "--from=json",
        "--to=docx",
        f"--output={work / 'floor.docx'}",
        "--sandbox",
        f"--reference-doc={REFERENCE}",
    ]
    timed(pdf_cmd)
    same = (work / "floor.pdf").read_bytes() == (built / f"{SEED}.pdf").read_bytes()
    builds: list[float] = []
    build_cpu: list[float] = []
    floors: list[float] = []
    floor_cpu: list[float] = []
    pdfs: list[float] = []
    pandocs: list[float] = []
    for i in range(rounds):

        def floor() -> None:
            wall, (p, d) = together(lambda: timed(pdf_cmd), lambda: timed(pandoc_cmd, ast))
            floors.append(wall)
            floor_cpu.append(p.cpu_s + d.cpu_s)
            pdfs.append(p.seconds)
            pandocs.append(d.seconds)

        def build() -> None:
            run = timed(build_cmd)
            builds.append(run.seconds)
            build_cpu.append(run.cpu_s)

        for step in (build, floor) if i % 2 == 0 else (floor, build):
            step()
        say(f"  round {i + 1}/{rounds}: build {builds[-1]:.2f} s, floor {floors[-1]:.2f} s")
    build_s, floor_s = statistics.median(builds), statistics.median(floors)
    return {
        "build_s": build_s,
        "floor_s": floor_s,
        "floor_pdf_s": statistics.median(pdfs),
        "floor_pandoc_s": statistics.median(pandocs),
        "ratio": build_s / floor_s,
        "build_cpu_s": statistics.median(build_cpu),
        "floor_cpu_s": statistics.median(floor_cpu),
        "target_ratio": TARGET_RATIO,
        "floor_pdf_identical_to_build": same,
        "samples": {"build": builds, "floor": floors, "pdf": pdfs, "pandoc": pandocs},
    }


def startup(runs: int = 10) -> dict[str, Any]:
    """``ontwerptafel --help``: median wall time of ``runs`` processes."""
    timed([CLI, "--help"])
    samples = [timed([CLI, "--help"]).seconds for _ in range(runs)]
    return {"help_s": statistics.median(samples), "target_s": TARGET_HELP, "samples": samples}


def pdf_pages(folder: Path) -> int:
    """Pages of every PDF in ``folder``."""
    import pikepdf

    total = 0
    for path in sorted(folder.glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            total += len(pdf.pages)
    return total


def scaling(work: Path, sizes: Sequence[int]) -> list[dict[str, Any]]:
    """Build a synthetic package of each size whole; time, pages and memory."""
    from synth import write_package

    rows = []
    for n in sizes:
        package = write_package(work / f"synth-{n}", n)
        out = work / f"synth-{n}-out"
        run = timed([CLI, "build", str(package), "--out", str(out), "-q"])
        pages = pdf_pages(out)
        rows.append(
            {
                "sessions": n,
                "notes": sum(1 for _ in (package / "data" / "notes.csv").open()) - 1,
                "wall_s": run.seconds,
                "cpu_s": run.cpu_s,
                "pages": pages,
                "s_per_page": run.seconds / pages,
                "peak_mb": run.peak_mb,
            }
        )
        shutil.rmtree(package)
        shutil.rmtree(out)
        say(f"  {n} sessions: {run.seconds:.1f} s, {pages} pages, {run.peak_mb:.0f} MB")
    return rows


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def table(result: dict[str, Any]) -> list[str]:
    """The figures with their targets, one a line."""
    seed, helps, rows = result["seed"], result["startup"], result["scaling"]
    same = seed["floor_pdf_identical_to_build"]
    lines = [
        f"{'figure':<44} {'measured':>12}  {'target':>12}  verdict",
        f"{'seed build (validate+PDF+DOCX+HTML)':<44} {seed['build_s']:>10.2f} s",
        f"{'floor: WeasyPrint ‖ pandoc':<44} {seed['floor_s']:>10.2f} s"
        f"  (PDF {seed['floor_pdf_s']:.2f} s, pandoc {seed['floor_pandoc_s']:.2f} s)",
        f"{'CPU time: build / floor':<44} {seed['build_cpu_s']:>10.2f} s"
        f"  vs {seed['floor_cpu_s']:.2f} s",
        f"{'build / floor':<44} {seed['ratio']:>11.3f}x  {'<= ' + str(TARGET_RATIO) + 'x':>12}"
        f"  {verdict(seed['ratio'] <= TARGET_RATIO)}",
        f"{'floor PDF identical to the build PDF':<44} {same!s:>12}",
        f"{'ontwerptafel --help':<44} {helps['help_s']:>10.3f} s  {'<= 0.25 s':>12}"
        f"  {verdict(helps['help_s'] <= TARGET_HELP)}",
    ]
    base = rows[0]["s_per_page"] if rows else None
    for row in rows:
        label = f"{row['sessions']} sessions ({row['notes']} notes, {row['pages']} pages)"
        lines.append(
            f"{label:<44} {row['wall_s']:>10.1f} s  {row['s_per_page'] * 1000:>8.0f} ms/page"
            f"  {row['peak_mb']:.0f} MB peak"
        )
    if rows and base:
        last = rows[-1]
        scale = last["s_per_page"] / base
        n, first = last["sessions"], rows[0]["sessions"]
        lines.append(
            f"{f'time per page, {n} vs {first} session(s)':<44} {scale:>11.3f}x"
            f"  {'<= 1.2x':>12}  {verdict(scale <= TARGET_SCALING)}"
        )
        lines.append(
            f"{f'peak memory, {n} sessions':<44} {last['peak_mb']:>9.0f} MB"
            f"  {'<= 600 MB':>12}  {verdict(last['peak_mb'] <= TARGET_MEMORY_MB)}"
        )
    return lines


def main() -> int:
    """Measure everything, print the table, write report/build/bench.json."""
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1,10,100").split(",") if s]
    inc_sizes = [int(s) for s in os.environ.get("BENCH_INC_SIZES", "10,100").split(",") if s]
    sys.path.insert(0, str(HERE))
    import incremental

    started = time.perf_counter()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="ontwerptafel-bench-") as tmp:
        work = Path(tmp)
        say(f"seed build vs floor, {rounds} interleaved rounds:")
        seed = seed_vs_floor(work, rounds)
        say("start-up:")
        helps = startup()
        say(f"synthetic packages of {', '.join(map(str, sizes))} sessions:")
        rows = scaling(work, sizes)
        say("validation remembered, documents kept, all cores:")
        again = {
            "seed": incremental.seed(CLI, ROOT, SEED, work, rounds),
            "sessions": incremental.sessions(CLI, work, inc_sizes, serial=True),
        }
    result = {
        "incremental": again,
        "seed": seed,
        "startup": helps,
        "scaling": rows,
        "machine": {
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": os.getloadavg(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "bench_s": time.perf_counter() - started,
    }
    say()
    for line in table(result) + incremental.table(again, seed["floor_s"]):
        say(line)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    say(f"\nwrote {OUT.relative_to(ROOT)} ({result['bench_s']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
