"""ontwerptafel validate: the published package is valid, and each broken
package under tests/fixtures/broken/ gets its exact error lines and exit 1."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import dplib
import jsonschema
import pytest
from click.testing import CliRunner

from ontwerptafel.cli import cli
from ontwerptafel.package.validate import validate

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(p.name for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def test_published_package_is_valid(root: Path) -> None:
    summary = validate(root)
    assert summary.rows["notes"] == 77
    assert summary.rows["findings"] == 18


def test_published_package_with_frictionless_api(root: Path) -> None:
    """frictionless-py's own API over the whole package, so foreign keys are checked."""
    from frictionless import Package

    report = Package(str(root / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_descriptor_matches_official_profile(root: Path) -> None:
    """The descriptor validates against the Data Package profile it declares."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    profile_path = Path(dplib.__file__).parent / "profiles" / "2.0" / "datapackage.json"
    profile = json.loads(profile_path.read_text(encoding="utf-8"))
    errors = sorted(
        jsonschema.Draft7Validator(profile).iter_errors(descriptor), key=lambda e: e.json_path
    )
    assert [f"{e.json_path}: {e.message}" for e in errors] == []


def test_every_resource_and_field_is_documented(root: Path) -> None:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        assert res.get("title"), res["name"]
        assert res.get("description"), res["name"]
        assert res.get("ontwerptafel:origin") in ("workshop", "curators"), res["name"]
        schema = res.get("schema")
        if not schema:
            continue
        assert schema.get("primaryKey"), res["name"]
        for field in schema["fields"]:
            where = f"{res['name']}.{field['name']}"
            assert field.get("title"), where
            assert field.get("description"), where
            assert field.get("ontwerptafel:origin") in ("workshop", "curators"), where


def test_published_csvs_are_plain_utf8_comma_separated(root: Path) -> None:
    for csv_path in sorted((root / "data").glob("*.csv")):
        data = csv_path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), csv_path.name
        assert b"\r" not in data, csv_path.name
        data.decode("utf-8")
        assert data.endswith(b"\n"), csv_path.name


def test_official_frictionless_cli_accepts_the_package(root: Path) -> None:
    exe = Path(sys.executable).with_name("frictionless")
    result = subprocess.run(
        [str(exe), "validate", "datapackage.json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_valid_package_prints_one_summary_line(tmp_path: Path) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    result = CliRunner().invoke(cli, ["validate", str(pkg)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "valid: 10 tables, 17 rows (sessions 1, organisations 1, session_organisers 1, "
        "statements 2, flipcharts 2, sections 1, notes 4, findings 3, contacts 1, affiliations 1)"
    ]


def test_validate_accepts_the_descriptor_path(tmp_path: Path) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    result = CliRunner().invoke(cli, ["validate", str(pkg / "datapackage.json")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", CASES)
def test_broken_package_gives_exact_errors(case: str, tmp_path: Path) -> None:
    pkg = shutil.copytree(FIXTURES / "minimal", tmp_path / "pkg")
    shutil.copytree(FIXTURES / "broken" / case, pkg, dirs_exist_ok=True)
    (pkg / "expected.txt").unlink()
    expected = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "ontwerptafel", "validate", "."],
        cwd=pkg,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == expected
    assert "Traceback" not in result.stderr


def test_missing_package_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.output == f"{tmp_path / 'nowhere'}: no datapackage.json here\n"
