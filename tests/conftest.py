"""Shared fixtures: the repository's package, and fresh copies of it to change."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A cache folder of the test run's own, never the user's (see ``validation_cache``)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def _test_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder per test, so no test sees another's remembered verdicts."""
    folder = tmp_path_factory.mktemp("test-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root, which is also the published package's folder."""
    return ROOT


def copy_package(target: Path, source: Path = ROOT) -> Path:
    """Copy datapackage.json and data/ of ``source`` into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "datapackage.json", target / "datapackage.json")
    shutil.copytree(source / "data", target / "data")
    return target


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A fresh, writable copy of the published package."""
    return copy_package(tmp_path / "pkg")


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """dvhg-2024 built once per edition (nl, en) in every format, from a
    snapshot of the package. ``editions["en"]`` has the paths ``pdf``,
    ``docx``, ``html`` and ``pptx``, the folder ``out``, the package copy ``root`` and
    the view model ``report``. Every test that reads a built report uses
    these, so each document is rendered once per test run."""
    from ontwerptafel.build import build
    from ontwerptafel.package.read import load
    from ontwerptafel.views.i18n import languages
    from ontwerptafel.views.session import build_report

    base = tmp_path_factory.mktemp("editions")
    pkg = copy_package(base / "pkg")
    out: dict[str, dict[str, Any]] = {}
    for lang in languages():
        paths = build(pkg, ["dvhg-2024"], [], lang, base / lang, quiet=True)
        out[lang] = {p.suffix.lstrip("."): p for p in paths}
        out[lang] |= {
            "out": base / lang,
            "root": pkg,
            "report": build_report(load(pkg), "dvhg-2024", lang),
        }
    return out


@pytest.fixture(scope="session")
def built(editions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The Dutch edition of dvhg-2024 (see ``editions``)."""
    return editions["nl"]


@pytest.fixture(scope="session")
def dvhg_docx(editions: dict[str, dict[str, Any]]) -> tuple[Any, bytes]:
    """The view model of dvhg-2024 and its DOCX bytes (see ``editions``)."""
    return editions["nl"]["report"], editions["nl"]["docx"].read_bytes()


#: LibreOffice, the client a DOCX, PPTX or XLSX reader opens it with
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice(source: Path, work: Path, to: str = "pdf") -> subprocess.CompletedProcess[str]:
    """LibreOffice, headless, converting ``source`` into ``work/out``, with a
    profile folder of its own (so it never touches or waits on another
    LibreOffice instance)."""
    assert SOFFICE, "LibreOffice is missing: make test installs it (scripts/ontwerptafel/system.py)"
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", to, "--outdir", str(work / "out"), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def physical_lines(text: str) -> int:
    """Lines of ``text`` as CSV readers count them: ended by \\n, \\r or \\r\\n."""
    return len(io.StringIO(text, newline="").readlines())


def set_cell(path: Path, key: str, ident: str, column: str, value: str) -> range:
    """Set one cell of a CSV (the row whose ``key`` is ``ident``); return the
    physical lines its row now spans (a bare carriage return, which the writer
    does not quote, ends a line of its own)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    span = None
    for row in rows:
        if row[key] != ident:
            writer.writerow(row)
            continue
        before = physical_lines(out.getvalue())
        writer.writerow({**row, column: value})
        span = range(before + 1, physical_lines(out.getvalue()) + 1)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    assert span is not None, f"no row with {key} {ident!r} in {path.name}"
    return span


EXAMPLE_SESSION = FIXTURES / "example-session"


def hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` by its relative path, temporaries
    included: two equal results mean nothing was written, left or removed."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def session_folder(target: Path, package: Path, sid: str) -> Path:
    """The example session as a CSV folder of ``sid``, for the tables ``package`` has."""
    target.mkdir()
    for source in EXAMPLE_SESSION.glob("*.csv"):
        if (package / "data" / source.name).exists():
            text = source.read_text(encoding="utf-8").replace("voorbeeld-2025", sid)
            (target / source.name).write_text(text, encoding="utf-8")
    return target


#: a child that imports ``sys.argv[2]`` into ``sys.argv[1]`` and is killed
#: half-way through swapping the new files in
KILLED_IMPORT = """
import os, sys
from ontwerptafel.sessions.importer import import_path
real, swaps = os.replace, []
def dying(src, dst):
    if ".new-" in str(src):
        swaps.append(dst)
        if len(swaps) == 3:
            os._exit(9)  # killed half-way through the swap
    real(src, dst)
os.replace = dying
import_path(sys.argv[1], sys.argv[2])
"""


def fill_workbook(workbook: Path, folder: Path = EXAMPLE_SESSION) -> Path:
    """Fill an entry workbook from ``folder``'s CSV files, by field name, the way
    a person would type the rows in (a cell a CSV lacks stays empty)."""
    import csv

    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    for ws in wb.worksheets:
        path = folder / f"{ws.title}.csv"
        if not path.is_file():
            continue
        header = [c.value for c in ws[1]]
        existing = {tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)}
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        start = 2 if ws.title == "sessions" else ws.max_row + 1
        for cells in rows:
            values = tuple(cells.get(h) or None for h in header)
            if ws.title != "sessions" and values in existing:
                continue  # a shared row the workbook already lists
            for col, value in enumerate(values, start=1):
                ws.cell(start, col, value)
            start += 1
    wb.save(workbook)
    return workbook


@pytest.fixture
def example_workbook(package_copy: Path, tmp_path: Path) -> Path:
    """The invented session voorbeeld-2025 (tests/fixtures/example-session) in a
    workbook from ``new_session_workbook``, filled in and ready to import into
    ``package_copy``."""
    from ontwerptafel.sessions.workbook import new_session_workbook

    book = new_session_workbook(
        package_copy,
        "voorbeeld-2025",
        "Verzonnen voorbeeld",
        "2025-11-11",
        out=tmp_path / "voorbeeld-2025.xlsx",
    )
    return fill_workbook(book)


@contextmanager
def recording_fetchers() -> Iterator[list[Any]]:
    """Every URL fetcher the PDF renderer makes, kept to see what it was asked."""
    import ontwerptafel.render.pdf

    fetchers: list[Any] = []
    original = ontwerptafel.render.pdf.locked_fetcher

    def recording(*args: Any) -> Any:
        fetchers.append(original(*args))
        return fetchers[-1]

    mp = pytest.MonkeyPatch()
    mp.setattr(ontwerptafel.render.pdf, "locked_fetcher", recording)
    try:
        yield fetchers
    finally:
        mp.undo()


@pytest.fixture(scope="session")
def two_sessions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The overview of the package with the invented voorbeeld-2025 imported:
    ``pdf`` and ``html`` (Dutch) and ``en_html``, each built once per run, and
    the dataset's landing pages ``index`` and ``index_en`` and its ``codebook``
    page; ``root`` is the package."""
    from ontwerptafel.build import build
    from ontwerptafel.publish.landing import write_landing
    from ontwerptafel.sessions.importer import import_path
    from ontwerptafel.sessions.workbook import new_session_workbook

    base = tmp_path_factory.mktemp("two-sessions")
    pkg = copy_package(base / "pkg")
    book = new_session_workbook(
        pkg, "voorbeeld-2025", "Verzonnen voorbeeld", "2025-11-11", out=base / "vb.xlsx"
    )
    import_path(pkg, fill_workbook(book))
    build(pkg, [], ["pdf,html"], "nl", base / "nl", quiet=True)
    build(pkg, [], ["html"], "en", base / "en", quiet=True)
    write_landing(pkg, base / "nl")
    return {
        "pdf": base / "nl" / "overview.pdf",
        "html": base / "nl" / "overview.html",
        "en_html": base / "en" / "overview.en.html",
        "index": base / "nl" / "index.html",
        "index_en": base / "nl" / "index.en.html",
        "codebook": base / "nl" / "codebook.html",
        "root": pkg,
    }
