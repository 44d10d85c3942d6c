"""The dates outputs carry: the package's own, else SOURCE_DATE_EPOCH, never by accident the clock.

One rule for every format and command: a malformed ``SOURCE_DATE_EPOCH``
(the reproducible-builds convention) is refused everywhere, never ignored
in one place and honoured in another.
"""

from __future__ import annotations

import datetime as dt
import os

from ontwerptafel.errors import DateError


def version_stamp(descriptor: dict[str, object]) -> str:
    """When this version of the package was made, as the descriptor says it:
    ``modified``, else ``created`` (ISO 8601), else empty."""
    return str(descriptor.get("modified") or descriptor.get("created") or "")


def parse_stamp(value: object) -> dt.datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime; None when it is not one."""
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def source_date_epoch() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a UTC datetime, None when unset."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isdigit():
        raise DateError([f"SOURCE_DATE_EPOCH: {epoch!r} is not a Unix time"])
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC)


def now() -> dt.datetime:
    """The time a change is stamped with: ``SOURCE_DATE_EPOCH`` when set, else the clock."""
    return source_date_epoch() or dt.datetime.now(dt.UTC)


def document_dates(
    created: str | None, modified: str | None, day: dt.date
) -> tuple[dt.datetime, dt.datetime]:
    """Created and modified dates of a document: the package's own dates;
    without them ``SOURCE_DATE_EPOCH``, else ``day`` (the session's date).
    Never the clock, so a rebuild on another day gives the same bytes."""
    fallback = source_date_epoch() or dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    first = parse_stamp(created) or fallback
    return first, parse_stamp(modified) or first
