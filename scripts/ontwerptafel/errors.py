"""Domain errors: every problem a user can fix is one line naming where it is.

The CLI prints ``str(problem)`` for each and exits non-zero; library code
never uses ``assert`` or lets a traceback reach the user for bad input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    ``file`` is a path relative to the package folder (``data/notes.csv``),
    or what else the problem is in (an option such as ``--lang``, a tool such
    as ``pandoc``); empty for a problem of the whole command, whose message
    then says it all. ``line`` is the physical line of that file (the header
    being line 1). ``resource`` keeps the table name so that an importer can
    map the line back to the row of the spreadsheet it came from.
    """

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    resource: str | None = None

    @property
    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"

    def __str__(self) -> str:
        head = self.where if self.field is None else f"{self.where}: {self.field}"
        return shown(f"{head}: {self.message}" if head else self.message)


#: characters that act on a terminal or on the text around them instead of
#: being shown: C0 and C1 controls, DEL, line and paragraph separators, and the
#: bidirectional embeddings, overrides and isolates
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` with every character a terminal would act on written as an
    escape (``\\x1b``), so a name or value quoted from bad input cannot move
    the cursor, ring the bell or reorder the line it is reported on."""
    return _UNSHOWABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class OntwerptafelError(Exception):
    """Base of the errors the CLI turns into clean messages."""

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        # A plain string is the short form of a problem of the whole command
        # (its message names what it concerns); consumers only ever see Problems.
        self.problems: list[Problem] = [
            p if isinstance(p, Problem) else Problem("", str(p)) for p in problems
        ]
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())


class PackageError(OntwerptafelError):
    """The package cannot be read or is not valid."""


class NotInPackageError(PackageError, KeyError):
    """A session, organisation or resource the package does not have.

    Also a ``KeyError``, so a caller that looks something up and handles its
    absence can say so plainly; anywhere else the CLI prints its line."""


class BuildError(OntwerptafelError):
    """A report could not be built."""


class ImportRejectedError(OntwerptafelError):
    """A workbook or CSV folder cannot be imported as it is."""


class ReleaseError(OntwerptafelError):
    """A release cannot be made as asked."""


class DateError(OntwerptafelError):
    """``SOURCE_DATE_EPOCH`` is set but is not a Unix time."""


class LockedError(PackageError):
    """Another command holds the package."""


class WriteFailedError(OntwerptafelError):
    """Writing the package failed; the message says whether anything changed."""


class JournalError(PackageError):
    """A journal is left that cannot, or must not, be acted on."""


class WorkbookRefusedError(Exception):
    """A workbook that is not read at all: ``message`` says why, in one line;
    ``sheet`` names the sheet it concerns, if one."""

    def __init__(self, message: str, sheet: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet


class PhotoRefusedError(ValueError):
    """A photo that cannot be taken: ``message`` says why in one line, and
    ``field`` names the column of the photos table it concerns; the caller
    places it (a row of data/photos.csv, or of a workbook's photos sheet)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
