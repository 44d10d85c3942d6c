"""Export to REFI-QDA (QDA-XML 1.0): a ``.qdpx`` project and a ``.qdc`` codebook.

So researchers can open the workshop in their own tool (ATLAS.ti, NVivo,
MAXQDA, QualCoder): each flipchart is a plain-text source, one note a line;
each note is a selection carrying its COM-B codings and, as codings of the
finding's code, the curators' evidence links. The findings are codes (a theme
that segments support is what a code is in these tools), grouped per session
and scope; a finding without supporting notes says so in its description.

Only codes, plain-text sources, selections and codings are used: the parts
every tool imports. GUIDs are uuid5 of the ids, the archive has fixed dates
and order, so the same package always gives the same bytes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ontwerptafel.errors import PackageError, Problem
from ontwerptafel.files import ZIP_EPOCH, deterministic_zip, write_atomic
from ontwerptafel.package.dates import version_stamp
from ontwerptafel.package.model import Code, Finding, Note, Package
from ontwerptafel.package.read import locate, read_descriptor

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
#: the namespace of every GUID in an export; never change it, or GUIDs change
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.kcpeg.nl/ontwerptafel/refi-qda")
ORIGIN = "ontwerptafel"
SCOPE_NAMES = {
    "shared": "Shared barriers (Gezamenlijke belemmeringen)",
    "policy": "Policy barriers (Belemmeringen beleid)",
    "implementation": "Implementation barriers (Belemmeringen uitvoering)",
    "promise": "Promises (Beloftes)",
}


def guid(kind: str, ident: str) -> str:
    """A GUID that stays the same for the same thing across exports."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{ident}"))


@dataclass(frozen=True)
class Selection:
    """A note's place in its flipchart's text: code points, end exclusive."""

    note: Note
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    """One flipchart as a plain-text source."""

    guid: str
    name: str
    text: str
    selections: tuple[Selection, ...]
    description: str


def sources(package: Package) -> list[Source]:
    """Every flipchart of every session, its notes one a line, sub-notes indented."""
    out = []
    for session in package.sessions:
        charts = package.flipcharts(session.session_id)
        for fc in charts:
            notes = package.notes(fc.flipchart_id)
            depth: dict[str, int] = {}
            parts: list[str] = []
            selections = []
            pos = 0
            for n in notes:
                depth[n.note_id] = depth.get(n.parent_note_id or "", -1) + 1
                indent = "  " * depth[n.note_id]
                start = pos + len(indent)
                selections.append(Selection(n, start, start + len(n.text_verbatim)))
                line = f"{indent}{n.text_verbatim}\n"
                parts.append(line)
                pos += len(line)
            desc = (
                f"Flipchart {fc.order} of {len(charts)} of session {session.session_id}, "
                f"headed {fc.heading} ({fc.domain}). One note a line as transcribed "
                "(~~...~~ marks a struck-through part); sub-notes are indented."
            )
            out.append(
                Source(
                    guid("source", fc.flipchart_id),
                    f"{fc.flipchart_id} {fc.heading}",
                    "".join(parts),
                    tuple(selections),
                    desc,
                )
            )
    return out


def _stamp(package: Package) -> str:
    return version_stamp(package.descriptor) or "1980-01-01T00:00:00Z"


def _el(parent: etree._Element, ns: str, tag: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{ns}}}{tag}", {k: v for k, v in attrs.items() if v})


def _description(parent: etree._Element, ns: str, text: str) -> None:
    if text:
        _el(parent, ns, "Description").text = text


def _code_elements(parent: etree._Element, ns: str, package: Package) -> None:
    """The codebook as nested Code elements, each level in its order."""
    children: dict[str | None, list[Code]] = {}
    for c in sorted(package.rows("codes"), key=lambda c: (c.order, c.code_id)):
        children.setdefault(c.parent_code_id, []).append(c)

    def add(node: etree._Element, parent: str | None, seen: frozenset[str]) -> None:
        for c in children.get(parent, []):
            if c.code_id in seen:
                continue
            el = _el(
                node, ns, "Code", guid=guid("code", c.code_id), isCodable="true",
                name=f"{c.label_en} ({c.label_nl})",
            )  # fmt: skip
            _description(el, ns, f"{c.definition_en}\n\n{c.definition_nl}\n\n{c.citation}")
            add(el, c.code_id, seen | {c.code_id})

    add(parent, None, frozenset())


def _finding_codes(codes: etree._Element, package: Package) -> None:
    labels = {c.code_id: c.label_en for c in package.rows("codes")}
    for session in package.sessions:
        findings = package.of_session("findings", session.session_id)
        if not findings:
            continue
        top = _el(
            codes, PROJECT_NS, "Code", guid=guid("findings", session.session_id),
            isCodable="false", name=f"Findings {session.session_id}",
        )  # fmt: skip
        _description(top, PROJECT_NS, "The session's synthesized barriers and promises.")
        for scope, group in _by_scope(findings):
            node = _el(
                top, PROJECT_NS, "Code", guid=guid("scope", f"{session.session_id}:{scope}"),
                isCodable="false", name=SCOPE_NAMES.get(scope, scope),
            )  # fmt: skip
            for f in group:
                el = _el(
                    node, PROJECT_NS, "Code", guid=guid("finding", f.finding_id),
                    isCodable="true", name=f"{f.rank}. {f.text}",
                )  # fmt: skip
                _description(el, PROJECT_NS, _finding_description(package, f, labels))


def _by_scope(findings: list[Finding]) -> Iterable[tuple[str, list[Finding]]]:
    for scope in SCOPE_NAMES:
        group = [
            f
            for f in findings
            if (f.scope if f.kind == "barrier" and f.scope else "promise") == scope
        ]
        if group:
            yield scope, group


def _finding_description(package: Package, f: Finding, labels: dict[str, str]) -> str:
    lines = [f"{f.finding_id}", f"English: {f.text_en}" if f.text_en else ""]
    rows = package.rows("codings")
    codes = [labels.get(c.code_id, c.code_id) for c in rows if c.finding_id == f.finding_id]
    if codes:
        lines.append("COM-B (curators): " + ", ".join(codes))
    links = [e for e in package.rows("evidence") if e.finding_id == f.finding_id]
    supports = [e for e in links if e.relation == "supports"]
    if supports:
        lines.append(f"Supported by {len(supports)} note(s): the selections coded with this code.")
    for e in links:
        if e.relation == "no-supporting-note":
            lines.append(f"No supporting note in the source (curators): {e.comment_en or ''}")
    return "\n".join(line for line in lines if line)


def _selection_description(note: Note) -> str:
    lines = [note.note_id]
    if note.text_reading:
        lines.append(f"Reading (curators): {note.text_reading}")
    if note.text_en:
        lines.append(f"English (curators): {note.text_en}")
    if note.legibility != "clear":
        lines.append(f"Legibility: {note.legibility}")
    for key in ("marks", "above_line"):
        value = getattr(note, key)
        if value:
            lines.append(f"{key.replace('_', ' ').capitalize()}: {value}")
    return "\n".join(lines)


def project_xml(package: Package, srcs: list[Source]) -> bytes:
    """The ``project.qde`` document."""
    ns = PROJECT_NS
    stamp = _stamp(package)
    user = guid("user", "curators")
    root = etree.Element(
        f"{{{ns}}}Project",
        {"name": str(package.descriptor.get("title") or package.name), "origin": ORIGIN,
         "creatingUserGUID": user, "creationDateTime": stamp},
        nsmap={None: ns},
    )  # fmt: skip
    _el(_el(root, ns, "Users"), ns, "User", guid=user, name="ontwerptafel curators")
    codes = _el(_el(root, ns, "CodeBook"), ns, "Codes")
    _code_elements(codes, ns, package)
    _finding_codes(codes, package)
    codings: dict[str, list[tuple[str, str]]] = {}
    for c in package.rows("codings"):
        if c.note_id:
            codings.setdefault(c.note_id, []).append((guid("coding", c.coding_id), c.code_id))
    evidence: dict[str, list[tuple[str, str]]] = {}
    for e in package.rows("evidence"):
        if e.note_id:
            evidence.setdefault(e.note_id, []).append(
                (guid("evidence", e.evidence_id), guid("finding", e.finding_id))
            )
    sources_el = _el(root, ns, "Sources")
    for src in srcs:
        el = _el(
            sources_el, ns, "TextSource", guid=src.guid, name=src.name,
            plainTextPath=f"internal://{src.guid}.txt", creatingUser=user, creationDateTime=stamp,
        )  # fmt: skip
        _description(el, ns, src.description)
        for sel in src.selections:
            s_el = _el(
                el, ns, "PlainTextSelection", guid=guid("selection", sel.note.note_id),
                name=sel.note.note_id, startPosition=str(sel.start), endPosition=str(sel.end),
                creatingUser=user, creationDateTime=stamp,
            )  # fmt: skip
            _description(s_el, ns, _selection_description(sel.note))
            refs = [(g, guid("code", code)) for g, code in codings.get(sel.note.note_id, [])]
            for coding_guid, target in [*refs, *evidence.get(sel.note.note_id, [])]:
                c_el = _el(
                    s_el, ns, "Coding", guid=coding_guid, creatingUser=user, creationDateTime=stamp
                )
                _el(c_el, ns, "CodeRef", targetGUID=target)
    _description(root, ns, str(package.descriptor.get("description", "")))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def codebook_xml(package: Package) -> bytes:
    """The ``.qdc`` document: the COM-B codebook alone."""
    root = etree.Element(
        f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN}, nsmap={None: CODEBOOK_NS}
    )
    _code_elements(_el(root, CODEBOOK_NS, "Codes"), CODEBOOK_NS, package)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def qdpx_bytes(package: Package) -> bytes:
    """The ``.qdpx`` archive: ``project.qde`` then ``sources/<guid>.txt`` by GUID."""
    srcs = sources(package)
    members = [("project.qde", project_xml(package, srcs))]
    members += [
        (f"sources/{src.guid}.txt", src.text.encode("utf-8"))
        for src in sorted(srcs, key=lambda s: s.guid)
    ]
    return deterministic_zip(members, ZIP_EPOCH)


def default_path(package_path: str | Path, out: str | Path | None, suffix: str) -> Path:
    """``out``, or ``report/build/<package-name>.<suffix>`` in the package folder.

    A file named with ``--out`` that exists is refused, as ``export workbook``
    refuses one: it may be a project someone has worked on in a QDA program.
    The default under ``report/build/`` is generated output, rewritten like
    the reports ``build`` writes there.
    """
    if out:
        if Path(out).exists():
            msg = "already exists; choose another --out, or move the file away first"
            raise PackageError([Problem(str(out), msg)])
        return Path(out)
    root = locate(package_path)
    name = str(read_descriptor(root).get("name") or "package")
    return root / "report" / "build" / f"{name}.{suffix}"


def write_qdpx(package: Package, out: Path) -> Path:
    """Write the REFI-QDA project of ``package`` to ``out``."""
    return write_atomic(out, qdpx_bytes(package))


def write_qdc(package: Package, out: Path) -> Path:
    """Write the COM-B codebook of ``package`` to ``out``."""
    return write_atomic(out, codebook_xml(package))
