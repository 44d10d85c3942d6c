"""Which characters a cell may hold: none that vanish, move or turn into a box.

A cell is one line of plain text. Control characters (C0, DEL, C1), line
and paragraph separators, and the bidirectional embeddings, overrides and
isolates have no place in it: the first break a line, the last reorder how
the text after them is shown, so the printed note would not read as the data
does. Every other character must be in the vendored fonts the report prints
with, since Pango is never allowed to fall back to a system font; a missing
glyph would print as an empty box.

These checks run on the cells as read, before frictionless-py: a frictionless
``pattern`` cannot name the character it stumbled on, and its ``$`` lets a
trailing line break through.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

from ontwerptafel.assets import FONTS
from ontwerptafel.errors import Problem
from ontwerptafel.package.read import RawTable

#: each style the stylesheet prints data in: its text face and the symbol face
#: Pango falls back to (see the @font-face rules of report/style/report.css)
FACES = (
    ("NotoSans-Regular.ttf", "DejaVuSans.ttf"),
    ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Italic.ttf", "DejaVuSans.ttf"),
)
#: the schemas' rule "no leading or trailing blank" (a Table Schema pattern)
TRIMMED = r"^\S(.*\S)?$"
#: characters that print as nothing yet are no whitespace to that pattern's
#: ``\S``: zero width space, zero width (non-)joiner, word joiner, the byte
#: order mark / zero width no-break space, soft hyphen, Mongolian vowel
#: separator. At either end of a cell they are blanks nobody can see.
INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E})
#: format characters that change the display order of the text around them
BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


@functools.cache
def printable() -> frozenset[int]:
    """The code points every style of the report has a glyph for."""
    from fontTools.ttLib import TTFont

    covered: set[int] | None = None
    for text_face, fallback in FACES:
        style: set[int] = set()
        for name in (text_face, fallback):
            style |= set(TTFont(FONTS / name, lazy=True).getBestCmap())
        covered = style if covered is None else covered & style
    return frozenset(covered or ())


def character_problem(ch: str) -> str | None:
    """Why ``ch`` cannot stand in a cell, or None when it can."""
    code = ord(ch)
    name = f"U+{code:04X} {ch!r}"
    category = unicodedata.category(ch)
    if category == "Cc":
        return f"{name} is a control character; a cell holds one line of plain text"
    if category in ("Zl", "Zp"):
        return f"{name} breaks the line; a cell holds one line of plain text"
    if code in BIDI_CONTROLS:
        return f"{name} is a bidirectional control; it would reorder the text shown after it"
    if code not in printable():
        return f"{name} cannot be shown by the report's fonts"
    return None


def cell_problem(value: str) -> str | None:
    """The first character of ``value`` that cannot stand in a cell, said in words."""
    if value.isascii() and value.isprintable():
        return None  # the common case: plain ASCII, every glyph present
    bad = [(ch, why) for ch in dict.fromkeys(value) if (why := character_problem(ch))]
    if not bad:
        return None
    more = f" (and {len(bad) - 1} more such character{'s' * (len(bad) > 2)})" if bad[1:] else ""
    return bad[0][1] + more


#: what frictionless-py reads as a number yet a researcher's read.csv or
#: pandas would read as text: digits of other scripts (Arabic-Indic,
#: fullwidth), Python's digit separator '_', blanks around the number
_LOOSE_NUMBER = re.compile(r"[^\x21-\x7e]|_")
NUMERIC = ("integer", "number", "year")


def number_problem(value: str, kind: str) -> str | None:
    """Why ``value`` cannot stand in a column of type ``kind`` though
    frictionless-py would accept it; None otherwise (frictionless says the rest)."""
    if kind in NUMERIC and _LOOSE_NUMBER.search(value):
        return f"{value!r} is not a valid {kind}: write it with the digits 0-9, no blanks or '_'"
    return None


def invisible_end(value: str) -> bool:
    """Whether ``value`` starts or ends with a blank the TRIMMED pattern misses
    (a visible blank there is left to that pattern, checked by frictionless-py)."""
    return bool(value) and (ord(value[0]) in INVISIBLE or ord(value[-1]) in INVISIBLE)


def text_problems(
    tables: Iterable[RawTable],
    trimmed: Mapping[str, Iterable[str]] | None = None,
    types: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Problem]:
    """One problem for every cell holding a character it cannot hold, and for
    every cell of a ``trimmed`` column (table -> fields whose schema has the
    TRIMMED pattern) that starts or ends with an invisible character, which
    that pattern lets through; and for every number frictionless-py would
    read that other readers would not (``types``: table -> field -> type)."""
    problems = []
    for raw in tables:
        keep_trim = set((trimmed or {}).get(raw.resource, ()))
        kinds = (types or {}).get(raw.resource, {})
        for line, cells in raw.rows:
            for field, value in cells.items():
                why = cell_problem(value)
                if why is None and field in keep_trim and invisible_end(value):
                    why = f"{value!r} starts or ends with a blank"
                if why is None and field in kinds:
                    why = number_problem(value, kinds[field])
                if why:
                    problems.append(
                        Problem(raw.path, why, line=line, field=field, resource=raw.resource)
                    )
    return problems
