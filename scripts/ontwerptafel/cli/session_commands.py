"""The commands on sessions and exports: new-session, import and export.

Each command parses its options and calls one library function; heavy
libraries are imported inside the commands, so ``--help`` starts at once.
"""

from __future__ import annotations

from typing import Any

import click

from ontwerptafel.cli.common import PACKAGE_OPTION, reading_package, reports_problems


@click.command("new-session")
@click.argument("session_id", metavar="ID")
@click.option("--title", required=True, help="Title of the session, as on its title slide.")
@click.option("--date", "date", required=True, metavar="YYYY-MM-DD", help="Day of the session.")
@click.option("--event", help="The event the session was part of.")
@click.option(
    "--language",
    metavar="TAG",
    help="Language of the session (BCP 47), which the workbook speaks [the package's].",
)
@click.option("--out", type=click.Path(dir_okay=False), help="Workbook to write [ID.xlsx].")
@PACKAGE_OPTION
@reports_problems
def new_session(
    session_id: str,
    title: str,
    date: str,
    event: str | None,
    language: str | None,
    out: str | None,
    package: str,
) -> None:
    """Write a blank entry workbook for a new session ID.

    A guide sheet, then one sheet per table of a session, the field names in
    the header (hover over one for what it holds), drop-down lists for coded
    columns, all in the session's language. Fill it in, then run
    'ontwerptafel import'. An ID already in the package is refused.

    Example: ontwerptafel new-session dvhg-2025 --title "Burgers aan de ontwerptafel?"
    --date 2025-11-11 --event "Dag van het Gedrag 2025"
    """
    from ontwerptafel.sessions.workbook import new_session_workbook

    with reading_package(package):
        written = new_session_workbook(
            package, session_id, title, date, event=event, out=out, language=language
        )
    click.echo(f"wrote {written}; fill it in, then run: ontwerptafel import {written}")


@click.command("import")
@click.argument("path", type=click.Path())
@click.option(
    "--replace", is_flag=True, help="Replace every row of a session already in the package."
)
@click.option(
    "--photos",
    type=click.Path(),
    help="Folder holding the photos the workbook's photos sheet names (by file name).",
)
@PACKAGE_OPTION
@reports_problems
def import_(path: str, replace: bool, photos: str | None, package: str) -> None:
    """Import a filled workbook (.xlsx) or a folder of CSV files at PATH.

    The rows are checked with the same validation as 'ontwerptafel
    validate', on a copy of the package; only when all of it is valid are
    the tables written, all of them or none. Each problem is printed as
    'book.xlsx › sheet › row 7 › field (its title): ...' and nothing
    changes. A session already in the package is refused unless --replace.
    The photos its photos sheet names are taken from the folder given with
    --photos, their metadata (GPS, device) removed and their orientation
    applied.

    Example: ontwerptafel import dvhg-2025.xlsx --photos dvhg-2025-fotos/
    """
    from ontwerptafel.sessions.importer import import_path

    for line in import_path(package, path, replace=replace, photos=photos).lines():
        click.echo(line)


@click.group()
def export() -> None:
    """Export the package, or part of it, into another format."""


@click.command("workbook")
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

    with reading_package(package):
        written = run(package, session_id, out=out)
    click.echo(f"wrote {written}; after editing it, run: ontwerptafel import {written} --replace")


@click.command("qdpx")
@click.option("--out", type=click.Path(dir_okay=False), help="File to write.")
@PACKAGE_OPTION
@reports_problems
def export_qdpx(out: str | None, package: str) -> None:
    """Write a REFI-QDA project (.qdpx) for ATLAS.ti, NVivo, MAXQDA, QualCoder.

    Each flipchart is a text source, one note a line; each note a selection
    with its COM-B codings and the findings it supports (the findings are
    codes). By default report/build/<package-name>.qdpx; an existing --out
    file is refused.

    Example: ontwerptafel export qdpx --out ontwerptafel.qdpx
    """
    from ontwerptafel.publish.qdpx import default_path, write_qdpx

    target = default_path(package, out, "qdpx")  # an existing --out is refused before any work
    with reading_package(package):
        written = write_qdpx(_loaded(package), target)
    click.echo(f"wrote {written}")


@click.command("qdc")
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
    with reading_package(package):
        written = write_qdc(_loaded(package), target)
    click.echo(f"wrote {written}")


def _loaded(path: str) -> Any:
    """The package at ``path``, validated first so an export never carries bad data."""
    from ontwerptafel.package.read import load
    from ontwerptafel.package.validate import validate as check

    check(path)
    return load(path)


export.add_command(export_workbook)
export.add_command(export_qdpx)
export.add_command(export_qdc)
