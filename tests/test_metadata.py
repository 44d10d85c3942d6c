"""The citation files: generated from datapackage.json, agreeing with it, valid
for the tools that read them, and named by `validate` when out of date."""

from __future__ import annotations

import datetime as dt
import html
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from ontwerptafel.cli import cli
from ontwerptafel.package import citation
from ontwerptafel.publish.metadata import stale_files, write_all

CFF_BIN = Path(__file__).resolve().parents[1] / ".venv-cff" / "bin" / "cffconvert"


def descriptor_of(root: Path) -> dict[str, Any]:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


def edit_descriptor(root: Path, **changes: Any) -> None:
    d = descriptor_of(root)
    d.update(changes)
    (root / "datapackage.json").write_text(
        json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def read_cff(root: Path) -> dict[str, Any]:
    return yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))


def read_json(root: Path, name: str) -> dict[str, Any]:
    return json.loads((root / name).read_text(encoding="utf-8"))


def in_a_release(root: Path) -> bool:
    """Whether the tests run inside an unpacked release (which has a manifest)."""
    return (root / "SHA256SUMS").is_file()


def listed(value: Any) -> list[Any]:
    """A JSON-LD value as a list: RO-Crate writes a singleton bare."""
    return value if isinstance(value, list) else [value]


def crate_root(crate: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in crate["@graph"] if e["@id"] == "./")


def test_committed_files_are_current(root: Path) -> None:
    assert stale_files(root) == []


def test_cff_agrees_with_descriptor(root: Path) -> None:
    d, cff = descriptor_of(root), read_cff(root)
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["title"] == d["title"]
    assert cff["abstract"] == d["description"]
    assert cff["version"] == d["version"]
    assert cff["date-released"] == citation.published(d) == d["created"][:10]
    assert cff["license"] == "CC-BY-4.0" == d["licenses"][0]["name"]
    assert cff["keywords"] == d["keywords"]
    names = [
        " ".join(filter(None, [a.get("name-particle"), a["family-names"]])) for a in cff["authors"]
    ]
    assert names == [c["familyName"] for c in citation.creators(d)]
    assert [a["given-names"] for a in cff["authors"]] == ["Hannah", "Lotte", "Babs", "Marieke"]


def test_cff_keeps_dutch_particles_apart(root: Path) -> None:
    authors = read_cff(root)["authors"]
    assert authors[0] == {
        "given-names": "Hannah",
        "name-particle": "de",
        "family-names": "Boer",
        "affiliation": "Kenniscentrum Psychologie en Economisch Gedrag",
    }
    assert (authors[1]["name-particle"], authors[1]["family-names"]) == ("van", "Dillen")
    assert "name-particle" not in authors[2]


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ("de Boer", ("de", "Boer")),
        ("van Dillen", ("van", "Dillen")),
        ("van der Berg", ("van der", "Berg")),
        ("ter Horst", ("ter", "Horst")),
        ("Westenberg", ("", "Westenberg")),
        ("Vandermeer", ("", "Vandermeer")),
        ("van", ("", "van")),
    ],
)
def test_split_particle(family: str, expected: tuple[str, str]) -> None:
    assert citation.split_particle(family) == expected


def test_cffconvert_validates(root: Path) -> None:
    if not CFF_BIN.is_file():
        pytest.skip("no .venv-cff with cffconvert 2.0 (make test creates it)")
    result = subprocess.run(
        [str(CFF_BIN), "--validate", "-i", str(root / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


def test_zenodo_has_every_required_field_and_agrees(root: Path) -> None:
    d, z = descriptor_of(root), read_json(root, ".zenodo.json")
    required = {"upload_type", "publication_date", "title", "creators", "description"}
    required |= {"access_right", "license"}  # license: required for open access
    assert required <= set(z)
    assert z["upload_type"] == "dataset"
    assert z["access_right"] == "open"
    assert z["license"] == "cc-by-4.0"
    assert dt.date.fromisoformat(z["publication_date"]).isoformat() == citation.published(d)
    assert z["title"] == d["title"]
    assert html.unescape(z["description"]) == d["description"]
    assert z["version"] == d["version"]
    assert z["keywords"] == d["keywords"]
    assert z["language"] == "nld"
    assert [c["name"] for c in z["creators"]] == [
        "de Boer, Hannah",
        "van Dillen, Lotte",
        "Westenberg, Babs",
        "Stopel, Marieke",
    ]
    assert all(c["affiliation"] for c in z["creators"])
    assert z["contributors"] == [{"name": "ontwerptafel curators", "type": "DataCurator"}]


def test_ro_crate_agrees_and_lists_every_file(root: Path) -> None:
    d, crate = descriptor_of(root), read_json(root, "ro-crate-metadata.json")
    assert listed(crate["@context"])[0] == "https://w3id.org/ro/crate/1.1/context"
    entities = {e["@id"]: e for e in crate["@graph"]}
    meta = entities["ro-crate-metadata.json"]
    assert meta["conformsTo"] == {"@id": "https://w3id.org/ro/crate/1.1"}
    assert meta["about"] == {"@id": "./"}
    top = crate_root(crate)
    assert top["@type"] == "Dataset"
    assert top["name"] == d["title"]
    assert top["description"] == d["description"]
    assert top["version"] == d["version"]
    assert top["datePublished"] == d["created"][:10]
    assert top["keywords"] == d["keywords"]
    assert top["license"] == {"@id": d["licenses"][0]["path"]}
    assert entities[d["licenses"][0]["path"]]["identifier"] == "CC-BY-4.0"
    authors = [entities[a["@id"]] for a in top["author"]]
    assert [a["familyName"] for a in authors] == [c["familyName"] for c in citation.creators(d)]
    affiliated = [o for a in authors for o in listed(a["affiliation"])]
    assert {entities[o["@id"]]["@type"] for o in affiliated} == {"Organization"}
    # singletons bare, as RO-Crate 1.1 recommends; addresses from data/organisations.csv
    kcpeg = {"@id": "#org-kenniscentrum-psychologie-en-economisch-gedrag"}
    assert authors[0]["affiliation"] == kcpeg
    assert top["inLanguage"] == "nl"
    assert top["contributor"] == {"@id": "#ontwerptafel-curators"}
    urls = {entities[o["@id"]]["name"]: entities[o["@id"]].get("url") for o in affiliated}
    assert urls["Universiteit Leiden"] == "https://www.universiteitleiden.nl"
    assert urls["Belastingdienst"] == "https://www.belastingdienst.nl"
    assert top["publisher"] == kcpeg
    parts = {p["@id"] for p in top["hasPart"]}
    package_files = {"datapackage.json", "data/README.md"} | {r["path"] for r in d["resources"]}
    if in_a_release(root):  # a release's crate names every file it holds (test_release_standalone)
        assert package_files < parts
    else:
        assert parts == package_files
    assert all(entities[p]["@type"] == "File" for p in package_files)


def test_write_all_is_deterministic_and_matches_the_repository(
    root: Path, package_copy: Path
) -> None:
    written = write_all(package_copy)
    first = {p.relative_to(package_copy).as_posix(): p.read_bytes() for p in written}
    write_all(package_copy)
    assert {k: (package_copy / k).read_bytes() for k in first} == first
    if in_a_release(root):  # whose crate describes the release, not the package alone
        del first["ro-crate-metadata.json"]
    assert first == {k: (root / k).read_bytes() for k in first}


def test_doi_in_id_flows_into_every_file(package_copy: Path) -> None:
    edit_descriptor(package_copy, id="https://doi.org/10.5281/zenodo.1234567")
    write_all(package_copy)
    cff = read_cff(package_copy)
    assert cff["doi"] == "10.5281/zenodo.1234567"
    assert cff["identifiers"] == [{"type": "doi", "value": "10.5281/zenodo.1234567"}]
    assert read_json(package_copy, ".zenodo.json")["doi"] == "10.5281/zenodo.1234567"
    crate = read_json(package_copy, "ro-crate-metadata.json")
    assert crate_root(crate)["identifier"] == "https://doi.org/10.5281/zenodo.1234567"
    d = descriptor_of(package_copy)
    assert citation.citation_text(d).endswith(
        "(Version 1.1.0) [Data set]. https://doi.org/10.5281/zenodo.1234567"
    )


def test_without_doi_the_citation_names_no_identifier(package_copy: Path) -> None:
    edit_descriptor(package_copy, id="urn:uuid:dbfd7760-407c-5c37-9ea9-35661e136867")
    write_all(package_copy)
    d = descriptor_of(package_copy)
    assert citation.doi(d) is None
    assert citation.citation_text(d) == (
        "De Boer, H., Van Dillen, L., Westenberg, B., & Stopel, M. (2026). "
        f"{d['title']} (Version 1.1.0) [Data set]."
    )
    assert "doi" not in read_cff(package_copy)


def test_validate_names_each_stale_file(package_copy: Path) -> None:
    write_all(package_copy)
    edit_descriptor(package_copy, title="Een andere titel")
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "CITATION.cff: out of date with datapackage.json; run 'ontwerptafel metadata'",
        ".zenodo.json: out of date with datapackage.json; run 'ontwerptafel metadata'",
        "datacite.json: out of date with datapackage.json; run 'ontwerptafel metadata'",
        "dcat.ttl: out of date with datapackage.json; run 'ontwerptafel metadata'",
        "ro-crate-metadata.json: out of date with datapackage.json; run 'ontwerptafel metadata'",
        "data/README.md: out of date with the data; run 'ontwerptafel metadata'",
        "6 problems",
    ]
    result = CliRunner().invoke(cli, ["metadata", str(package_copy)])
    assert result.exit_code == 0, result.output
    assert read_cff(package_copy)["title"] == "Een andere titel"
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 0, result.output


def test_validate_skips_absent_generated_files(package_copy: Path) -> None:
    (package_copy / "data" / "README.md").unlink(missing_ok=True)
    result = CliRunner().invoke(cli, ["validate", str(package_copy)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: ")


def test_metadata_check_names_stale_files_and_writes_nothing(package_copy: Path) -> None:
    write_all(package_copy)
    edit_descriptor(package_copy, keywords=["werkplaats"])
    before = (package_copy / "CITATION.cff").read_bytes()
    result = CliRunner().invoke(cli, ["metadata", "--check", str(package_copy)])
    assert result.exit_code == 1
    assert "CITATION.cff: out of date with datapackage.json" in result.output
    assert (package_copy / "CITATION.cff").read_bytes() == before


def test_readme_cites_this_version(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(line[2:] for line in readme.splitlines() if line.startswith("> "))
    assert citation.citation_text(descriptor_of(root)) in quoted


def test_ro_crate_references_resolve(root: Path) -> None:
    """Every entity another one points to is described in the graph (specs aside)."""
    crate = read_json(root, "ro-crate-metadata.json")
    ids = [e["@id"] for e in crate["@graph"]]
    assert len(ids) == len(set(ids))

    def refs(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [value["@id"]] if set(value) == {"@id"} else []
        if isinstance(value, list):
            return [r for v in value for r in refs(v)]
        return []

    for entity in crate["@graph"]:
        for key, value in entity.items():
            if key != "conformsTo":
                assert set(refs(value)) <= set(ids), (entity["@id"], key)
