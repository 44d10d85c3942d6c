"""Photos are files of the package: the release zip, its checksums, its RO-Crate
and the landing page's list of files hold them."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT, copy_package
from ontwerptafel.cli import cli
from ontwerptafel.package.read import load, read_descriptor
from ontwerptafel.publish.landing import data_files
from ontwerptafel.publish.metadata import render_all
from ontwerptafel.release import collect, crate, manifest
from photo_material import photo_session

PHOTOS = ("data/photos/voorbeeld-2025-fc1-p1.jpg", "data/photos/voorbeeld-2025-fc2-p1.jpg")


def test_release_files_checksums_and_crate_hold_the_photos(tmp_path: Path) -> None:
    package = copy_package(tmp_path / "pkg")
    for rel in ("README.md", "CHANGELOG.md", "LICENSE"):
        shutil.copyfile(ROOT / rel, package / rel)
    shutil.copytree(ROOT / "LICENSES", package / "LICENSES")
    tables, camera = photo_session(tmp_path / "session")
    args = ["import", str(tables), "--photos", str(camera), "--package", str(package)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    files = collect(package, read_descriptor(package))
    for rel in PHOTOS:
        assert files[rel] == (package / rel).read_bytes()
    sums = manifest(files).decode("utf-8").splitlines()
    for rel in PHOTOS:
        assert f"{hashlib.sha256(files[rel]).hexdigest()}  {rel}" in sums
    graph = json.loads(crate(package, read_descriptor(package), files))["@graph"]
    entities = {e["@id"]: e for e in graph}
    for rel in PHOTOS:
        assert entities[rel]["encodingFormat"] == "image/jpeg"
        assert entities[rel]["sha256"] == hashlib.sha256(files[rel]).hexdigest()
    # the package's own crate (outside a release) lists them too, as the landing page does
    own = json.loads(render_all(package)["ro-crate-metadata.json"])["@graph"]
    assert {e["@id"] for e in own} >= set(PHOTOS)
    listed = {f["path"]: f["sha256"] for f in data_files(package, load(package))}
    for rel in PHOTOS:
        assert listed[rel] == hashlib.sha256(files[rel]).hexdigest()
