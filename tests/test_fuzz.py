"""Arbitrary text in notes and findings: ``validate`` accepts it or names the
problem in one line; ``build`` never crashes, asks for nothing outside the
report's assets, and prints accepted text as it was typed.

Property tests on a copy of the small fixture package, so each example is
quick; derandomized and without a database, so every run tries the same
examples.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import recording_fetchers, set_cell
from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.build import build
from ontwerptafel.errors import PackageError
from ontwerptafel.package.characters import BIDI_CONTROLS, printable
from ontwerptafel.package.validate import validate

pytestmark = pytest.mark.slow

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
NOTE = "mini-2024-fc1-n1"
FINDING = "mini-2024-barrier-shared-1"
NOTE_FIELDS = ("text_verbatim", "text_reading", "above_line")

CONTROL = ["\x00", "\x07", "\t", "\n", "\r", "\r\n", "\x1b[31m", "\x7f", "\x85", "\x9b"]
SEPARATORS = ["\u2028", "\u2029", "\x0b", "\x0c", "\x1c"]
RIGHT_TO_LEFT = ["שלום עולם", "مرحبا بالعالم", "\u200f", "\u202e", "\u2067", "abc \u202dxyz"]
COMBINING = ["e\u0301", "a\u0308\u0323", "Z\u0335\u0321\u0322", "\u0301 leading mark"]
EMOJI = ["😀", "🦄", "👩\u200d👩\u200d👧", "🇳🇱", "👍🏽", "\ufe0f"]
MARKUP = [
    '<img src="file:///etc/passwd">',
    "<script>alert(1)</script>",
    '<link rel="stylesheet" href="http://example.org/x.css">',
    "<b>vet</b> &amp; &lt;",
    "**vet** _schuin_ [link](http://example.org)",
    "![x](/etc/passwd)",
    r"\textbf{x} $\int_0^1$ \input{/etc/passwd}",
    "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
    "`{=openxml}`",
    "{{ 7*7 }}",
    "{% raw %}",
    "~~doorgestreept~~",
    " | ",
    '"',
    ",",
]
OTHER = ["\ufeff", "\ufffd", "\U0010ffff", "\ue000", "\u00ad", " ", "  ", "\u00a0"]
PIECES = CONTROL + SEPARATORS + RIGHT_TO_LEFT + COMBINING + EMOJI + MARKUP + OTHER

#: anything at all: pieces known to be trouble, and arbitrary Unicode between them
ANY_TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=8).map("".join),
    st.builds(
        lambda piece, n: (piece * n)[:n], st.sampled_from(["ab ", "😀", "x\x07"]), st.just(10_000)
    ),
)

SAFE = [
    chr(c)
    for c in sorted(printable())
    if unicodedata.category(chr(c)) not in ("Cc", "Zl", "Zp", "Zs")
    and c not in BIDI_CONTROLS
    and chr(c) not in "~"
]
#: text validate accepts: the fonts' characters, single spaces, trimmed, no ~~ markup
ACCEPTED_TEXT = (
    st.lists(
        st.one_of(
            st.text(st.sampled_from(SAFE), min_size=1, max_size=12),
            st.sampled_from(
                [p for p in MARKUP + RIGHT_TO_LEFT[:2] + COMBINING[:3] if "~" not in p]
            ),
            st.just("😀"),
        ),
        min_size=1,
        max_size=6,
    )
    .map(" ".join)
    .map(lambda s: " ".join(s.split(" ")).strip())
    .filter(lambda s: bool(s) and s == s.strip() and "  " not in s and s[0] not in "\u0300-\u036f")
)

LINE = re.compile(r"^(data/[a-z_]+\.csv):(\d+): (?:([a-z_]+): )?\S")


@contextmanager
def package_with(
    note_field: str, note: str, finding: str
) -> Iterator[tuple[Path, dict[str, range]]]:
    """A fresh copy of the small package with one note cell and one finding text set."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        pkg = Path(shutil.copytree(MINIMAL, Path(tmp) / "pkg"))
        lines = {
            "data/notes.csv": set_cell(pkg / "data/notes.csv", "note_id", NOTE, note_field, note),
            "data/findings.csv": set_cell(
                pkg / "data/findings.csv", "finding_id", FINDING, "text", finding
            ),
        }
        yield pkg, lines


@settings(max_examples=100, deadline=None, database=None, derandomize=True)
@given(note_field=st.sampled_from(NOTE_FIELDS), note=ANY_TEXT, finding=ANY_TEXT)
@example(note_field="text_verbatim", note="a\x07b", finding="ok")
@example(note_field="text_verbatim", note="ok", finding="regel\u2028twee")
@example(note_field="above_line", note="x" * 10_000, finding="🦄")
@example(note_field="text_reading", note="y" * 500 + " ", finding=" " + "z" * 9_999)
def test_validate_accepts_or_names_each_problem_in_one_line(
    note_field: str, note: str, finding: str
) -> None:
    with package_with(note_field, note, finding) as (pkg, lines):
        try:
            validate(pkg)
        except PackageError as e:
            problems = e.lines()
        else:
            return
    assert problems
    for problem in problems:
        assert problem.splitlines() == [problem], f"not one line: {problem!r}"
        assert len(problem) <= 300, f"too long to read: {problem[:120]!r}..."
        m = LINE.match(problem)
        assert m, f"does not name file:line: {problem!r}"
        file, line, field = m.group(1), int(m.group(2)), m.group(3)
        assert line in lines.get(file, ()), f"names another row than the one changed: {problem!r}"
        header = (MINIMAL / file).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert field is None or field in header, problem


def test_the_rule_names_the_character_and_its_code_point() -> None:
    changed = package_with("text_verbatim", "Fijn 🦄 idee", "Bel\x07letje")
    with changed as (pkg, lines), pytest.raises(PackageError) as e:
        validate(pkg)
    assert e.value.lines() == [
        f"data/notes.csv:{lines['data/notes.csv'][0]}: text_verbatim: U+1F984 '🦄' cannot be"
        " shown by the report's fonts",
        f"data/findings.csv:{lines['data/findings.csv'][0]}: text: U+0007 '\\x07' is a control"
        " character; a cell holds one line of plain text",
    ]


def assert_only_assets_fetched(fetchers: list[Any]) -> None:
    assets = REPORT_DIR.resolve().as_uri() + "/"
    assert fetchers
    for fetcher in fetchers:
        assert not fetcher.refused
        assert all(url.startswith(assets) for url in fetcher.requests), fetcher.requests


@settings(
    max_examples=8,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(note=ACCEPTED_TEXT, finding=ACCEPTED_TEXT)
@example(note="x" * 2000, finding=" ".join(["lang"] * 300))
def test_build_prints_accepted_text_literally_and_fetches_only_assets(
    note: str, finding: str
) -> None:
    with package_with("text_verbatim", note, finding) as (pkg, _), recording_fetchers() as fetchers:
        out = pkg.parent / "out"
        build(pkg, [], ["pdf,docx,html"], "nl", out, quiet=True)
        html = lxml.html.fromstring((out / "mini-2024.html").read_bytes())
        assert (out / "mini-2024.pdf").stat().st_size > 0
        assert (out / "mini-2024.docx").stat().st_size > 0
    assert not html.xpath("//body//script|//body//img|//link")
    text = html.text_content()
    assert note in text
    assert finding in text
    assert_only_assets_fetched(fetchers)


PDF_EXAMPLES = {
    "mini-2024-fc1-n1": "<script>alert(1)</script> **vet** {{ 7*7 }}",
    "mini-2024-fc1-n2": r"\textbf{x} $\int_0^1$ <w:p><w:r><w:t>x</w:t></w:r></w:p>",
    "mini-2024-fc2-n1": "Cafe\u0301 café naïve 😀",
}
RTL_FINDING = ("mini-2024-barrier-policy-1", "שלום עולם")


@pytest.fixture(scope="module")
def literal_pdf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The small package with markup and marks in its notes, built once as PDF and HTML."""
    pkg = Path(shutil.copytree(MINIMAL, tmp_path_factory.mktemp("literal") / "pkg"))
    for ident, text in PDF_EXAMPLES.items():
        set_cell(pkg / "data/notes.csv", "note_id", ident, "text_verbatim", text)
    set_cell(pkg / "data/findings.csv", "finding_id", RTL_FINDING[0], "text", RTL_FINDING[1])
    with recording_fetchers() as fetchers:
        build(pkg, [], ["pdf,html"], "nl", pkg.parent / "out", quiet=True)
    pages = [p.extract_text() for p in PdfReader(pkg.parent / "out" / "mini-2024.pdf").pages]
    return {"text": "\n".join(pages), "fetchers": fetchers}


@pytest.mark.parametrize("ident", list(PDF_EXAMPLES))
def test_markup_and_marks_are_literal_in_the_pdf_text(
    literal_pdf: dict[str, Any], ident: str
) -> None:
    want = unicodedata.normalize("NFC", PDF_EXAMPLES[ident])
    got = unicodedata.normalize("NFC", literal_pdf["text"])
    assert want in got
    assert_only_assets_fetched(literal_pdf["fetchers"])


def test_right_to_left_text_is_in_the_pdf_text(literal_pdf: dict[str, Any]) -> None:
    assert RTL_FINDING[1] in literal_pdf["text"]
