"""What every command shares: one line per problem, the package lock, the --package option."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

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
        except OSError as e:  # the causes are handled where they happen; this is the net
            click.echo(os_error_line(e), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


#: errors that only writing gives
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def os_error_line(e: OSError) -> str:
    """``cannot write report/build/x.pdf: No space left on device``."""
    reason = e.strerror or str(e)
    if e.filename is None:
        return reason
    where = Path(str(e.filename))
    with suppress(ValueError):
        where = where.resolve().relative_to(Path.cwd())
    return f"{'cannot write ' if e.errno in WRITE_ERRORS else ''}{where}: {reason}"


@contextmanager
def reading_package(path: str) -> Iterator[None]:
    """Hold the package at ``path`` shared: an import cannot change it meanwhile,
    and one that was interrupted is finished first (or reported) (see ``lock``)."""
    from ontwerptafel.package.lock import reading
    from ontwerptafel.package.read import locate

    with reading(locate(path)):
        yield


PACKAGE_OPTION = click.option(
    "--package",
    default=".",
    show_default=True,
    type=click.Path(),
    help="The package folder (holding datapackage.json).",
)
