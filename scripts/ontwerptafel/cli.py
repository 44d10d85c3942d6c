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
from ontwerptafel.errors import OntwerptafelError

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
    from ontwerptafel.validate import validate as run

    click.echo(str(run(path)))


@cli.group()
def export() -> None:
    """Export the package, or part of it, into another format."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="ontwerptafel")
