"""The house style of the DOCX report: its face, colours and every style.

Each entry is (type, styleId, name, basedOn, pPr children, rPr children).
Built-in styles keep the names pandoc looks them up by; custom ones are named
as the renderer's ``custom-style`` attributes say (``Board Note``, ...).
Children are listed in the order the OOXML schema requires, which Word checks.
``render.docx.reference`` writes them into ``report/reference.docx``.
"""

from __future__ import annotations

from ontwerptafel.render import colours
from ontwerptafel.render.colours import ooxml

ACCENT = ooxml(colours.ACCENT)
INK = ooxml(colours.INK)
MUTED = ooxml(colours.MUTED)
FONT = "Calibri"  # in Word; LibreOffice substitutes the metric-compatible Carlito
FONT_ALT = "Carlito"


def fonts() -> str:
    """The run fonts of every style: one face for every script slot."""
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


STYLES: list[tuple[str, str, str, str | None, str, str]] = [
    ("paragraph", "Normal", "Normal", None,
     '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>',
     f'{fonts()}<w:color w:val="{INK}"/><w:sz w:val="26"/><w:szCs w:val="26"/>'),
    ("paragraph", "BodyText", "Body Text", "Normal",
     '<w:spacing w:before="0" w:after="160"/>', ""),
    ("paragraph", "FirstParagraph", "First Paragraph", "BodyText", "", ""),
    ("paragraph", "Compact", "Compact", "BodyText", '<w:spacing w:before="0" w:after="60"/>', ""),
    ("paragraph", "Heading1", "heading 1", "Normal",
     '<w:keepNext/><w:keepLines/><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" '
     f'w:color="{ACCENT}"/></w:pBdr><w:spacing w:before="0" w:after="240"/>'
     '<w:outlineLvl w:val="0"/>',
     f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="52"/><w:szCs w:val="52"/>'),
    ("paragraph", "Heading2", "heading 2", "Normal",
     '<w:keepNext/><w:keepLines/><w:spacing w:before="120" w:after="120"/>'
     '<w:outlineLvl w:val="1"/>',
     f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="34"/><w:szCs w:val="34"/>'),
    ("paragraph", "Heading3", "heading 3", "Normal",
     '<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:outlineLvl w:val="2"/>',
     f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    ("paragraph", "Footer", "footer", "Normal", '<w:spacing w:after="0"/><w:jc w:val="right"/>',
     f'<w:color w:val="{MUTED}"/><w:sz w:val="20"/><w:szCs w:val="20"/>'),
    # Custom paragraph styles: one per slide element.
    ("paragraph", "TitleTag", "Title Tag", "Normal", '<w:spacing w:after="480"/>',
     f'<w:b/><w:color w:val="{ACCENT}"/><w:sz w:val="40"/><w:szCs w:val="40"/>'),
    ("paragraph", "SlideSubtitle", "Slide Subtitle", "Normal", '<w:spacing w:after="160"/>',
     f'<w:color w:val="{INK}"/><w:sz w:val="40"/><w:szCs w:val="40"/>'),
    ("paragraph", "SlideDate", "Slide Date", "Normal", '<w:spacing w:after="720"/>',
     f'<w:color w:val="{MUTED}"/><w:sz w:val="32"/><w:szCs w:val="32"/>'),
    ("paragraph", "Organisers", "Organisers", "Normal", '<w:spacing w:after="60"/>',
     '<w:b/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    ("paragraph", "Website", "Website", "Normal", '<w:spacing w:before="240"/>',
     f'<w:color w:val="{ACCENT}"/><w:sz w:val="28"/><w:szCs w:val="28"/>'),
    # plain text between the problems and the goals, as the source sets it
    ("paragraph", "Question", "Question", "Normal", '<w:spacing w:before="200" w:after="280"/>',
     '<w:sz w:val="30"/><w:szCs w:val="30"/>'),
    ("paragraph", "Finding", "Finding", "Normal", '<w:spacing w:before="0" w:after="200"/>',
     '<w:sz w:val="32"/><w:szCs w:val="32"/>'),
    ("paragraph", "BoardNote", "Board Note", "Normal",
     '<w:spacing w:before="0" w:after="80" w:line="240" w:lineRule="auto"/>',
     '<w:sz w:val="28"/><w:szCs w:val="28"/>'),
    ("paragraph", "BoardNoteDense", "Board Note Dense", "BoardNote",
     '<w:spacing w:before="0" w:after="50" w:line="240" w:lineRule="auto"/>',
     '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
    ("paragraph", "SlideMeta", "Slide Meta", "Normal", '<w:spacing w:before="0" w:after="200"/>',
     f'<w:caps/><w:color w:val="{MUTED}"/><w:spacing w:val="10"/>'
     '<w:sz w:val="20"/><w:szCs w:val="20"/>'),
    ("paragraph", "BoardSection", "Board Section", "Normal",
     f'<w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="2" w:color="{ACCENT}"/>'
     '</w:pBdr><w:spacing w:before="60" w:after="120"/>',
     f'<w:b/><w:color w:val="{ACCENT}"/><w:spacing w:val="10"/>'
     '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
    ("paragraph", "Legend", "Legend", "Normal",
     f'<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="{MUTED}"/></w:pBdr>'
     '<w:spacing w:before="240" w:after="0"/>',
     f'<w:color w:val="{MUTED}"/><w:sz w:val="20"/><w:szCs w:val="20"/>'),
    ("paragraph", "ContactName", "Contact Name", "Normal",
     '<w:spacing w:before="360" w:after="40"/>',
     f'<w:b/><w:color w:val="{ACCENT}"/><w:sz w:val="36"/><w:szCs w:val="36"/>'),
    ("paragraph", "ContactDetail", "Contact Detail", "Normal", '<w:spacing w:after="20"/>',
     '<w:sz w:val="30"/><w:szCs w:val="30"/>'),
    ("paragraph", "Colophon", "Colophon", "Normal", '<w:spacing w:after="200"/>',
     '<w:sz w:val="24"/><w:szCs w:val="24"/>'),
    ("paragraph", "SlideIntro", "Slide Intro", "Normal", '<w:spacing w:after="240"/>',
     f'<w:color w:val="{MUTED}"/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    ("paragraph", "TableHead", "Table Head", "Normal",
     f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="2" w:color="{ACCENT}"/></w:pBdr>'
     '<w:spacing w:before="0" w:after="60"/>',
     f'<w:b/><w:color w:val="{ACCENT}"/><w:sz w:val="24"/><w:szCs w:val="24"/>'),
    ("paragraph", "TableText", "Table Text", "Normal",
     '<w:spacing w:before="30" w:after="30" w:line="240" w:lineRule="auto"/>',
     '<w:sz w:val="22"/><w:szCs w:val="22"/>'),
    ("paragraph", "TableNote", "Table Note", "Normal",
     '<w:spacing w:before="0" w:after="40" w:line="240" w:lineRule="auto"/>',
     '<w:sz w:val="18"/><w:szCs w:val="18"/>'),
    ("paragraph", "SlideBreak", "Slide Break", "Normal",
     '<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
     '<w:sz w:val="2"/><w:szCs w:val="2"/>'),
    # Character styles: how a flipchart's handwriting is marked.
    ("character", "Hyperlink", "Hyperlink", None, "",
     f'<w:color w:val="{ACCENT}"/><w:u w:val="single"/>'),
    ("character", "NoteMark", "Note Mark", None, "", f'<w:b/><w:color w:val="{ACCENT}"/>'),
    ("character", "LinkMark", "Link Mark", None, "", f'<w:color w:val="{ACCENT}"/>'),
    ("character", "Uncertain", "Uncertain", None, "",
     f'<w:u w:val="dotted" w:color="{ACCENT}"/>'),
    ("character", "Illegible", "Illegible", None, "",
     f'<w:i/><w:color w:val="{MUTED}"/><w:shd w:val="clear" w:color="auto" w:fill="E3ECEB"/>'),
    ("character", "Reading", "Reading", None, "", f'<w:i/><w:color w:val="{ACCENT}"/>'),
    ("character", "FindingMarker", "Finding Marker", None, "",
     f'<w:b/><w:color w:val="{ACCENT}"/><w:vertAlign w:val="superscript"/>'),
    ("character", "AboveLine", "Above Line", None, "",
     f'<w:i/><w:color w:val="{MUTED}"/><w:position w:val="8"/>'),
]  # fmt: skip

#: Styles Word and pandoc know by name; the others are marked custom.
BUILT_IN = {"Normal", "BodyText", "Heading1", "Heading2", "Heading3", "Footer", "Hyperlink"}
