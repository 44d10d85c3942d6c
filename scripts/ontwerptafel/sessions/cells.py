"""One spreadsheet cell to the text the package's CSV holds, by the field's type.

A spreadsheet stores ``12-11-2025`` typed in a Dutch locale as text, ``7`` as
the number 7.0, ``TRUE`` as a boolean, and keeps the space someone typed after
a word. The package wants ``2025-11-12``, ``7``, ``true`` and no stray space.
Anything that cannot be read with confidence is passed on as typed, so the
validation names it instead of a guess hiding it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

TRUE = {"true", "waar", "ja", "yes", "1"}
FALSE = {"false", "onwaar", "nee", "no", "0"}


def text_of(value: Any, field: dict[str, Any]) -> str:
    """The CSV text for a cell ``value`` of a field with Table Schema ``field``."""
    kind = field.get("type", "string")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if kind == "datetime":
            return value.isoformat()
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, int):
        return _bool_text(str(value)) if kind == "boolean" else str(value)
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
        return _bool_text(text) if kind == "boolean" else text
    text = str(value).strip()
    if kind == "integer":
        m = re.fullmatch(r"([-+]?\d+)(?:[.,]0+)?", text)
        return str(int(m.group(1))) if m else text
    if kind == "number":
        return text.replace(",", ".") if re.fullmatch(r"[-+]?\d+,\d+", text) else text
    if kind == "boolean":
        return _bool_text(text)
    if kind == "date":
        return _date_text(text)
    return text


def _bool_text(text: str) -> str:
    low = text.lower()
    if low in TRUE:
        return "true"
    if low in FALSE:
        return "false"
    return text


def _date_text(text: str) -> str:
    """A date typed as text, read the Dutch way (day first), as ISO 8601."""
    low = text.lower()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", low)
    if m:
        y, mo, d = m.groups()
    elif m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", low):
        d, mo, y = m.groups()
    elif m := re.fullmatch(r"(\d{1,2})[\s-]+([a-z]+)\.?[\s-]+(\d{4})", low):
        d, name, y = m.groups()
        if name not in MONTHS:
            return text
        mo = str(MONTHS[name])
    else:
        return text
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return text
