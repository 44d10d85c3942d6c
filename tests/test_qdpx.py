"""ontwerptafel export qdpx / qdc: valid REFI-QDA, exact offsets, stable bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from ontwerptafel.cli import cli
from ontwerptafel.package.model import Package
from ontwerptafel.package.read import load
from ontwerptafel.publish.qdpx import codebook_xml, guid, qdpx_bytes

SCHEMAS = Path(__file__).resolve().parent / "schemas" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


@pytest.fixture(scope="module")
def package(root: Path) -> Package:
    return load(root)


@pytest.fixture(scope="module")
def archive(package: Package) -> bytes:
    return qdpx_bytes(package)


@pytest.fixture(scope="module")
def project(archive: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return etree.fromstring(zf.read("project.qde"))


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def test_project_validates_against_project_xsd(project: etree._Element) -> None:
    xsd = schema("Project.xsd")
    assert xsd.validate(project), xsd.error_log


def test_codebook_validates_against_codebook_xsd(package: Package) -> None:
    xsd = schema("Codebook.xsd")
    doc = etree.fromstring(codebook_xml(package))
    assert xsd.validate(doc), xsd.error_log
    names = [c.get("name") for c in doc.iterfind(".//c:Code", NS)]
    assert names[:3] == [
        "Capability (Capaciteit)",
        "Physical capability (Fysieke capaciteit)",
        "Psychological capability (Psychologische capaciteit)",
    ]
    assert len(names) == 9


def test_archive_holds_the_project_and_lowercase_sources(
    archive: bytes, project: etree._Element
) -> None:
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        names = zf.namelist()
    paths = [s.get("plainTextPath") for s in project.iterfind(".//q:TextSource", NS)]
    assert len(paths) == 7
    assert names[0] == "project.qde"
    assert sorted(names[1:]) == names[1:]
    assert {f"internal://{n.removeprefix('sources/')}" for n in names[1:]} == set(paths)
    assert all(n == n.lower() for n in names)


def test_each_selection_selects_exactly_its_note(
    archive: bytes, project: etree._Element, package: Package
) -> None:
    notes = {n.note_id: n for n in package.rows("notes")}
    seen = 0
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        for source in project.iterfind(".//q:TextSource", NS):
            name = source.get("plainTextPath").removeprefix("internal://")
            text = zf.read(f"sources/{name}").decode("utf-8")
            for sel in source.iterfind("q:PlainTextSelection", NS):
                start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                assert text[start:end] == notes[sel.get("name")].text_verbatim
                seen += 1
    assert seen == len(notes) == 77


def test_selections_carry_codings_and_evidence(project: etree._Element, package: Package) -> None:
    sel = project.find(".//q:PlainTextSelection[@name='dvhg-2024-fc6-n2']", NS)
    targets = [r.get("targetGUID") for r in sel.iterfind("q:Coding/q:CodeRef", NS)]
    assert targets == [
        guid("code", "comb-opportunity-physical"),
        guid("code", "comb-opportunity-social"),
        guid("finding", "dvhg-2024-barrier-implementation-1"),
        guid("finding", "dvhg-2024-barrier-implementation-2"),
    ]
    codes = {c.get("guid") for c in project.iterfind(".//q:Code", NS)}
    refs = [r.get("targetGUID") for r in project.iterfind(".//q:CodeRef", NS)]
    assert set(refs) <= codes
    links = sum(1 for e in package.rows("evidence") if e.note_id)
    note_codings = sum(1 for c in package.rows("codings") if c.note_id)
    assert len(refs) == links + note_codings == 48 + 61


def test_promises_say_they_have_no_supporting_note(project: etree._Element) -> None:
    code = project.find(f".//q:Code[@guid='{guid('finding', 'dvhg-2024-promise-3')}']", NS)
    description = code.findtext("q:Description", namespaces=NS)
    assert "No supporting note in the source (curators):" in description


def test_guids_are_stable_across_versions() -> None:
    """The GUID of a code never changes, or re-imports into a tool would duplicate it."""
    assert guid("code", "comb-capability") == "3811dcc4-28d1-5214-b887-ee748544c5be"


def test_two_exports_are_byte_identical(root: Path, tmp_path: Path, archive: bytes) -> None:
    runner = CliRunner()
    outs = []
    for n in (1, 2):
        out = tmp_path / f"{n}.qdpx"
        result = runner.invoke(cli, ["export", "qdpx", "--out", str(out), "--package", str(root)])
        assert result.exit_code == 0, result.output
        assert result.output == f"wrote {out}\n"
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] == archive
    qdc = tmp_path / "c.qdc"
    result = runner.invoke(cli, ["export", "qdc", "--out", str(qdc), "--package", str(root)])
    assert result.exit_code == 0, result.output
    assert qdc.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<CodeBook")
