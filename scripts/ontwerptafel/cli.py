"""The command line: parse, call one library function, report.

Each command's docstring is its help text. Heavy libraries are imported
inside the commands, so ``ontwerptafel --help`` starts at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from ontwerptafel import __version__
from ontwerptafel.errors import OntwerptafelError, PackageError

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

    return wrapper  # type: ignore[return-value]


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
    from ontwerptafel.metadata import stale_problems
    from ontwerptafel.validate import validate as run

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
    from ontwerptafel.metadata import stale_problems, write_all
    from ontwerptafel.package import locate

    if check:
        stale = stale_problems(path)
        if stale:
            raise PackageError(stale)
        click.echo("generated files are up to date")
        return
    root = locate(path)
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
@click.option("--lang", default="nl", show_default=True, help="Language of the report's labels.")
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
    lang: str,
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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ontwerptafel")
