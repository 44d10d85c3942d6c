"""Write a synthetic data package of N sessions, for measuring how builds scale.

Each session is a copy of the invented example session
(``tests/fixtures/example-session``) under new ids, its flipcharts repeated
until it holds about a hundred notes, the size of a full real session. The
shared tables (codes, organisations) and the descriptor come from the
published package; its real session is left out, so the package holds the
synthetic sessions only.

Usage: python bench/synth.py OUT_FOLDER N
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "example-session"
EXAMPLE_ID = "voorbeeld-2025"
SEED_ID = "dvhg-2024"
#: copies of the example's flipcharts in each session: 5 x 20 notes = 100 notes
REPEAT = 5
FLIPCHART = re.compile(r"-fc(\d+)(?=-|$)")


def read_csv(path: Path) -> list[dict[str, str]]:
    """Every row of a CSV as a dict."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Rows in the package's format: UTF-8, comma-separated, ``\\n`` line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _belongs_to_seed(row: dict[str, str]) -> bool:
    return any(v == SEED_ID or v.startswith(SEED_ID + "-") for v in row.values())


def session_rows(table: str, sid: str, number: int) -> list[dict[str, str]]:
    """The example's rows of ``table`` for session ``sid`` (flipcharts repeated)."""
    path = EXAMPLE / f"{table}.csv"
    if not path.is_file():
        return []
    rows = read_csv(path)
    charts = len(read_csv(EXAMPLE / "flipcharts.csv"))
    repeat = table in ("flipcharts", "sections", "notes")
    out = []
    for copy in range(REPEAT if repeat else 1):

        def renumber(value: str, copy: int = copy) -> str:
            value = value.replace(EXAMPLE_ID, sid)
            return FLIPCHART.sub(lambda m: f"-fc{int(m.group(1)) + copy * charts}", value)

        for row in rows:
            new = {k: renumber(v) for k, v in row.items()}
            if table == "flipcharts":
                new["order"] = str(int(row["order"]) + copy * charts)
            if table == "sessions":
                new["title"] = f"{row['title']} ({number})"
            out.append(new)
    return out


def write_package(out: Path, sessions: int) -> Path:
    """A package at ``out`` with ``sessions`` synthetic sessions; returns ``out``."""
    if out.exists():
        shutil.rmtree(out)
    (out / "data").mkdir(parents=True)
    shutil.copy2(ROOT / "datapackage.json", out / "datapackage.json")
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        target = out / res["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if "schema" not in res:
            shutil.copy2(ROOT / res["path"], target)
            continue
        header = [f["name"] for f in res["schema"]["fields"]]
        rows = [r for r in read_csv(ROOT / res["path"]) if not _belongs_to_seed(r)]
        shared = res["name"] == "organisations"  # the same rows in every copy
        known = {r[header[0]] for r in rows}
        for number in range(1, sessions + 1):
            for row in session_rows(res["name"], f"synth-{number:04d}", number):
                if shared and row[header[0]] in known:
                    continue
                known.add(row[header[0]])
                rows.append(row)
        write_csv(target, header, rows)
    return out


def main(argv: list[str]) -> int:
    """Command-line entry: ``synth.py OUT N``."""
    if len(argv) != 2 or not argv[1].isdigit():
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)  # noqa: T201
        return 2
    write_package(Path(argv[0]), int(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
