"""The command line: parse, call one library function, report.

Each command's docstring is its help text. Heavy libraries are imported
inside the commands, so ``ontwerptafel --help`` starts at once.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ontwerptafel import __version__
from ontwerptafel.errors import OntwerptafelError, PackageError
from ontwerptafel.views.i18n import languages

F = TypeVar("F", bound=Callable[..., Any])


def reports_problems(func: F) -> F:
    """Turn domain errors into one line per problem, a count, and exit 1."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OntwerptafelError as e:
            lines = e.lines()
            for line in lines:
                click.echo(line, err=True)
            if len(lines) > 1:
                click.echo(f"{len(lines)} problems", err=True)
            sys.exit(1)
        except OSError as e:  # the causes are handled where they happen; this is the net
            click.echo(_os_error_line(e), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


#: errors that only writing gives
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def _os_error_line(e: OSError) -> str:
    """``cannot write report/build/x.pdf: No space left on device``."""
    reason = e.strerror or str(e)
    if e.filename is None:
        return reason
    where = Path(str(e.filename))
    with suppress(ValueError):
        where = where.resolve().relative_to(Path.cwd())
    return f"{'cannot write ' if e.errno in WRITE_ERRORS else ''}{where}: {reason}"


@contextmanager
def _reading(path: str) -> Iterator[None]:
    """Hold the package at ``path`` shared: an import cannot change it meanwhile,
    and one that was interrupted is finished first (or reported) (see ``lock``)."""
    from ontwerptafel.package.lock import reading
    from ontwerptafel.package.read import locate

    with reading(locate(path)):
        yield


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ontwerptafel")
def cli() -> None:
    """Publish a participatory workshop as open data and as its report.

    The data package (datapackage.json and data/*.csv) is the one source of
    truth; the reports are generated from it.
    """


@cli.command()
@click.argument("path", default=".", type=click.Path())
@reports_problems
def validate(path: str) -> None:
    """Validate the data package at PATH (its folder or datapackage.json).

    Checks the CSV format, then every schema, key and foreign key with
    frictionless-py, then the rules the schemas cannot say (contiguous ranks,
    parents on the same flipchart, no cycles, ...). Prints one line per
    problem and exits 1, or a one-line summary.

    Example: ontwerptafel validate .
    """
    from ontwerptafel.package.validate import validate as run
    from ontwerptafel.publish.metadata import stale_problems

    with _reading(path):
        summary = run(path)
        stale = stale_problems(path)
    if stale:
        raise PackageError(stale)
    click.echo(str(summary))


@cli.group()
def export() -> None:
    """Export the package, or part of it, into another format."""


@cli.command()
@click.argument("path", default=".", type=click.Path())
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
@reports_problems
def metadata(path: str, check: bool) -> None:
    """Write the generated files of the package at PATH from datapackage.json.

    CITATION.cff, .zenodo.json, ro-crate-metadata.json and the codebook
    data/README.md. Run it after editing datapackage.json or the data; with
    --check it only names the files that are out of date.

    Example: ontwerptafel metadata .
    """
    from ontwerptafel.package.lock import writing
    from ontwerptafel.package.read import locate
    from ontwerptafel.publish.metadata import stale_problems, write_all

    if check:
        with _reading(path):
            stale = stale_problems(path)
        if stale:
            raise PackageError(stale)
        click.echo("generated files are up to date")
        return
    root = locate(path)
    with writing(root):
        for written in write_all(root):
            click.echo(f"wrote {written.relative_to(root).as_posix()}")


@cli.command()
@click.argument("path", default=".", type=click.Path())
@click.option(
    "--session", "sessions", multiple=True, metavar="ID", help="Build only this session (repeat)."
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    metavar="LIST",
    help="Comma-separated formats out of pdf,docx,html (default: all three).",
)
@click.option(
    "--lang",
    type=click.Choice(languages()),
    help="Language of the reports (default: each session's own).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Output folder (default: report/build/).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
@reports_problems
def build(
    path: str,
    sessions: tuple[str, ...],
    formats: tuple[str, ...],
    lang: str | None,
    out_dir: str | None,
    quiet: bool,
) -> None:
    """Validate the package at PATH and build each session's report.

    Writes <session-id>.pdf, .docx and .html (for another language than the
    session's own: <session-id>.<lang>.pdf, ...) into report/build/. Every
    document is rendered before any file is replaced, so a failed build
    leaves the previous outputs as they were.

    Example: ontwerptafel build --session dvhg-2024 --format pdf,html
    """
    from ontwerptafel.build import build as run

    run(path, sessions, formats, lang, out_dir, quiet, echo=click.echo)


PACKAGE_OPTION = click.option(
    "--package",
    default=".",
    show_default=True,
    type=click.Path(),
    help="The package folder (holding datapackage.json).",
)


@cli.command("new-session")
@click.argument("session_id", metavar="ID")
@click.option("--title", required=True, help="Title of the session, as on its title slide.")
@click.option("--date", "date", required=True, metavar="YYYY-MM-DD", help="Day of the session.")
@click.option("--event", help="The event the session was part of.")
@click.option("--out", type=click.Path(dir_okay=False), help="Workbook to write [ID.xlsx].")
@PACKAGE_OPTION
@reports_problems
def new_session(
    session_id: str, title: str, date: str, event: str | None, out: str | None, package: str
) -> None:
    """Write a blank entry workbook for a new session ID.

    One sheet per table of a session, the field names in the header (hover
    over one for what it holds), drop-down lists for coded columns. Fill it
    in, then run 'ontwerptafel import'. An ID already in the package is
    refused.

    Example: ontwerptafel new-session dvhg-2025 --title "Burgers aan de ontwerptafel?"
    --date 2025-11-11 --event "Dag van het Gedrag 2025"
    """
    from ontwerptafel.sessions.workbook import new_session_workbook

    with _reading(package):
        written = new_session_workbook(package, session_id, title, date, event=event, out=out)
    click.echo(f"wrote {written}; fill it in, then run: ontwerptafel import {written}")


@export.command("workbook")
@click.argument("session_id", metavar="ID")
@click.option("--out", type=click.Path(dir_okay=False), help="Workbook to write [ID.xlsx].")
@PACKAGE_OPTION
@reports_problems
def export_workbook(session_id: str, out: str | None, package: str) -> None:
    """Write session ID into an entry workbook, to correct it.

    Every row of the session in every table, the curators' analysis included.
    Edit it, then run 'ontwerptafel import FILE --replace'.

    Example: ontwerptafel export workbook dvhg-2024 --out dvhg-2024.xlsx
    """
    from ontwerptafel.sessions.workbook import export_workbook as run

    with _reading(package):
        written = run(package, session_id, out=out)
    click.echo(f"wrote {written}; after editing it, run: ontwerptafel import {written} --replace")


@export.command("qdpx")
@click.option("--out", type=click.Path(dir_okay=False), help="File to write.")
@PACKAGE_OPTION
@reports_problems
def export_qdpx(out: str | None, package: str) -> None:
    """Write a REFI-QDA project (.qdpx) for ATLAS.ti, NVivo, MAXQDA, QualCoder.

    Each flipchart is a text source, one note a line; each note a selection
    with its COM-B codings and the findings it supports (the findings are
    codes). By default report/build/<package-name>.qdpx; an existing --out
    file is refused.

    Example: ontwerptafel export qdpx --out ontwerptafel.publish.qdpx
    """
    from ontwerptafel.publish.qdpx import default_path, write_qdpx

    target = default_path(package, out, "qdpx")  # an existing --out is refused before any work
    with _reading(package):
        written = write_qdpx(_loaded(package), target)
    click.echo(f"wrote {written}")


@export.command("qdc")
@click.option("--out", type=click.Path(dir_okay=False), help="File to write.")
@PACKAGE_OPTION
@reports_problems
def export_qdc(out: str | None, package: str) -> None:
    """Write the COM-B codebook alone as a REFI-QDA codebook (.qdc).

    By default report/build/<package-name>.qdc; an existing --out file is
    refused.

    Example: ontwerptafel export qdc --out com-b.qdc
    """
    from ontwerptafel.publish.qdpx import default_path, write_qdc

    target = default_path(package, out, "qdc")
    with _reading(package):
        written = write_qdc(_loaded(package), target)
    click.echo(f"wrote {written}")


def _loaded(path: str) -> Any:
    """The package at ``path``, validated first so an export never carries bad data."""
    from ontwerptafel.package.read import load
    from ontwerptafel.package.validate import validate as check

    check(path)
    return load(path)


@cli.command("import")
@click.argument("path", type=click.Path())
@click.option(
    "--replace", is_flag=True, help="Replace every row of a session already in the package."
)
@PACKAGE_OPTION
@reports_problems
def import_(path: str, replace: bool, package: str) -> None:
    """Import a filled workbook (.xlsx) or a folder of CSV files at PATH.

    The rows are checked with the same validation as 'ontwerptafel
    validate', on a copy of the package; only when all of it is valid are
    the tables written, all of them or none. Each problem is printed as
    'book.xlsx › sheet › row 7 › field: ...' and nothing changes. A session
    already in the package is refused unless --replace.

    Example: ontwerptafel import dvhg-2025.xlsx
    """
    from ontwerptafel.sessions.importer import import_path

    for line in import_path(package, path, replace=replace).lines():
        click.echo(line)


@cli.command()
@click.argument("path", default=".", type=click.Path())
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Folder for the zip (default: dist/ in the package folder).",
)
@click.option("--no-reports", is_flag=True, help="Leave the PDF and DOCX reports out.")
@reports_problems
def release(path: str, out_dir: str | None, no_reports: bool) -> None:
    """Write dist/<name>-<version>.zip: the package ready for a data repository.

    Validates the package at PATH, checks that the generated files are
    current, builds every report (PDF and DOCX), and writes one reproducible
    zip with the data, codebook, reports, citation files, README, changelog,
    licences and a SHA256SUMS manifest; then prints what to upload where. A
    version released once is refused: raise the version first.

    Example: ontwerptafel release --out dist
    """
    from ontwerptafel.release import release as run
    from ontwerptafel.release import upload_instructions

    with _reading(path):
        result = run(path, out_dir, reports=not no_reports, echo=click.echo)
    for line in upload_instructions(result):
        click.echo(line)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ontwerptafel")
