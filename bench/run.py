"""Benchmark the build against the libraries' own floor, and its scaling.

Everything is measured in one run, so the ratios hold on a busy machine:

1. the seed's one build of both languages (``ontwerptafel build --lang all
   --force``, as ``make report`` runs it, validation remembered: PDF, DOCX,
   PPTX and HTML twice) as a whole process, interleaved with the floor of its
   six documents: two processes that only render the PDF's HTML with
   WeasyPrint (``floor_pdf.py``, same PDF options, checked to give the same
   bytes) and, at the same time, four that only convert the build's pandoc
   ASTs (DOCX and PPTX) with pandoc (same options). The floor is the wall
   time until all six have ended: on
   two cores the build cannot beat it. Median of ``BENCH_ROUNDS`` rounds.
2. ``ontwerptafel --help`` start-up time, median of ten runs.
3. whole-package builds of synthetic packages (``synth.py``) of 1 and 10
   sessions (``BENCH_SIZES``; add 100 for the page scaling at that size):
   wall time, PDF pages, time per page, and the peak resident memory of the
   largest process of the build.
4. what a build does again (``incremental.py``): the seed build with and
   without validation on the path, ``make report`` with nothing changed, and
   for packages of 10 and 100 sessions (``BENCH_INC_SIZES``) the whole build
   on all cores and on one, and ``make report``'s build before and after an
   imported session.

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

TARGET_RATIO = 1.05
#: the seed build when its data changed, validation on the path: at most the
#: ratio before validation was remembered
TARGET_VALIDATING = 1.19
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


def floor_inputs(work: Path, built: Path) -> list[tuple[Path, Path, Path, Path]]:
    """The floor's inputs for the seed in each language, from the build's own view
    model: the PDF spec, the pandoc ASTs of the DOCX and the PPTX, and the PDF
    the build wrote."""
    from ontwerptafel.assets import REPORT_DIR
    from ontwerptafel.package.read import DESCRIPTOR, load
    from ontwerptafel.package.session_files import session_files
    from ontwerptafel.render import pdf
    from ontwerptafel.render.docx.document import report_ast
    from ontwerptafel.render.html import document_dates, render_html
    from ontwerptafel.render.pptx.deck import report_ast as deck_ast
    from ontwerptafel.views.i18n import file_name, languages
    from ontwerptafel.views.session import build_report

    package = load(ROOT)
    own = package.session(SEED).language
    xmp = work / "pdfua.xmp"
    xmp.write_bytes(pdf.XMP_UA)
    titles = {DESCRIPTOR: "Data package descriptor (Frictionless)"}
    for res in package.descriptor["resources"]:
        titles[str(res["path"])] = str(res.get("title") or res.get("name") or "")
    # what the session's PDF attaches: its own part of the package
    attached = work / "attached"
    files = session_files(ROOT, package.descriptor, [SEED])[SEED]
    for rel, data in files.items():
        (attached / rel).parent.mkdir(parents=True, exist_ok=True)
        (attached / rel).write_bytes(data)
    inputs = []
    for lang in languages():
        report = build_report(package, SEED, lang)
        created, modified = (d.replace(tzinfo=None) for d in document_dates(report))
        html = work / f"floor-{lang}.html"
        html.write_text(render_html(report), encoding="utf-8")
        spec = {
            "html": str(html),
            "out": str(work / f"floor-{lang}.pdf"),
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
        spec_path = work / f"floor-{lang}.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        ast = work / f"floor-{lang}.ast.json"
        ast.write_text(report_ast(report), encoding="utf-8")
        deck = work / f"floor-{lang}.pptx.ast.json"
        deck.write_text(deck_ast(report), encoding="utf-8")
        inputs.append((spec_path, ast, deck, built / file_name(SEED, "pdf", lang, own)))
    return inputs


def seed_vs_floor(work: Path, rounds: int) -> dict[str, Any]:
    """The seed's one build of both languages (what ``make report`` runs, forced,
    validation remembered), the same build validating, and the floor of its
    six documents (a PDF, a DOCX and a PPTX per language), interleaved,
    ``rounds`` times after a warm-up."""
    import pypandoc

    from ontwerptafel.assets import REFERENCE_PPTX
    from ontwerptafel.package.validation_cache import forget
    from ontwerptafel.render.docx.reference import REFERENCE

    built = work / "build"
    build_cmd = [CLI, "build", str(ROOT), "--lang", "all", "--out", str(built), "-q", "--force"]
    timed(build_cmd)  # warm-up: the remembered verdict and font subsets, the PDFs to compare
    inputs = floor_inputs(work, built)
    pdf_cmds = [[sys.executable, str(HERE / "floor_pdf.py"), str(spec)] for spec, *_ in inputs]
    pandoc_cmds = [
        [
            pypandoc.get_pandoc_path(),
            "--from=json",
            "--to=docx",
            f"--output={work / f'floor-{i}.docx'}",
            "--sandbox",
            f"--reference-doc={REFERENCE}",
        ]
        for i in range(len(inputs))
    ]
    deck_cmds = [
        [
            pypandoc.get_pandoc_path(),
            "--from=json",
            "--to=pptx",
            f"--output={work / f'floor-{i}.pptx'}",
            "--sandbox",
            "--slide-level=1",
            f"--reference-doc={REFERENCE_PPTX}",
        ]
        for i in range(len(inputs))
    ]
    for cmd in pdf_cmds:
        timed(cmd)
    same = all(json_out(spec).read_bytes() == made.read_bytes() for spec, *_, made in inputs)
    builds: list[float] = []
    build_cpu: list[float] = []
    floors: list[float] = []
    floor_cpu: list[float] = []
    validated: list[float] = []
    for i in range(rounds):

        def floor() -> None:
            asts = [ast for _, ast, _, _ in inputs]
            decks = [deck for _, _, deck, _ in inputs]
            jobs = [lambda c=c: timed(c) for c in pdf_cmds]
            jobs += [lambda c=c, a=a: timed(c, a) for c, a in zip(pandoc_cmds, asts, strict=True)]
            jobs += [lambda c=c, a=a: timed(c, a) for c, a in zip(deck_cmds, decks, strict=True)]
            wall, runs = together(*jobs)
            floors.append(wall)
            floor_cpu.append(sum(r.cpu_s for r in runs))

        def build() -> None:
            run = timed(build_cmd)
            builds.append(run.seconds)
            build_cpu.append(run.cpu_s)

        def validating() -> None:
            """The same build when the data changed: its verdict forgotten, so
            validation runs beside the rendering (the font subsets stay cached)."""
            forget(ROOT)
            validated.append(timed(build_cmd).seconds)

        steps = (build, floor, validating)
        for step in steps if i % 2 == 0 else steps[::-1]:
            step()
        say(
            f"  round {i + 1}/{rounds}: build {builds[-1]:.2f} s, floor {floors[-1]:.2f} s,"
            f" build validating {validated[-1]:.2f} s"
        )
    build_s, floor_s = statistics.median(builds), statistics.median(floors)
    return {
        "build_s": build_s,
        "floor_s": floor_s,
        "validating_s": statistics.median(validated),
        "validating_ratio": statistics.median(validated) / floor_s,
        "ratio": build_s / floor_s,
        "build_cpu_s": statistics.median(build_cpu),
        "floor_cpu_s": statistics.median(floor_cpu),
        "target_ratio": TARGET_RATIO,
        "floor_pdf_identical_to_build": same,
        "samples": {"build": builds, "floor": floors, "validating": validated},
    }


def json_out(spec: Path) -> Path:
    """The PDF a floor spec writes."""
    return Path(json.loads(spec.read_text(encoding="utf-8"))["out"])


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
        f"{'seed, both languages in one build':<44} {seed['build_s']:>10.2f} s",
        f"{'floor: 2 x WeasyPrint ‖ 4 x pandoc':<44} {seed['floor_s']:>10.2f} s",
        f"{'CPU time: build / floor':<44} {seed['build_cpu_s'] / seed['floor_cpu_s']:>11.3f}x"
        f"  ({seed['build_cpu_s']:.2f} s vs {seed['floor_cpu_s']:.2f} s)",
        f"{'build / floor':<44} {seed['ratio']:>11.3f}x  {'<= ' + str(TARGET_RATIO) + 'x':>12}"
        f"  {verdict(seed['ratio'] <= TARGET_RATIO)}",
        f"{'seed, both languages, validation on the path':<44} {seed['validating_s']:>10.2f} s",
        f"{'  / floor (the data changed)':<44} {seed['validating_ratio']:>11.3f}x"
        f"  {'<= ' + str(TARGET_VALIDATING) + 'x':>12}"
        f"  {verdict(seed['validating_ratio'] <= TARGET_VALIDATING)}",
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
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "1,10").split(",") if s]
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
    for line in table(result) + incremental.table(again):
        say(line)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    say(f"\nwrote {OUT.relative_to(ROOT)} ({result['bench_s']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
