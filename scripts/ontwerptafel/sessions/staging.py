"""Swap a set of files into the package all together or not at all.

A swap goes through a journal in the package folder, so that a process killed
half-way leaves something the next command can finish:

1. ``prepare``: the journal lists every file to replace, each with a new
   temporary file and a backup of its current bytes, both in the target's
   own folder (so ``os.replace`` is an atomic rename);
2. the new contents and the backups are written and fsynced;
3. ``swap``: each temporary file is renamed over its target;
4. the backups and the journal are removed.

A leftover journal is recovered by ``recover``, which ``package.locate``
calls, so every command that touches the package heals it first: in
``prepare`` nothing was touched and the temporaries are dropped; in ``swap``
every new file is complete, so the swap is finished; in ``rollback`` (an
exception during the swap) the backups are put back.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path

JOURNAL = ".ontwerptafel-journal.json"


def replace_files(root: Path, contents: Mapping[str, bytes]) -> None:
    """Replace the files ``contents`` names (paths relative to ``root``) with
    their new bytes: all of them, or, when anything fails, none of them."""
    token = secrets.token_hex(4)
    entries = []
    for rel in contents:
        target = Path(rel)
        entries.append(
            {
                "target": rel,
                "new": str(target.parent / f".{target.name}.new-{token}"),
                "old": str(target.parent / f".{target.name}.old-{token}"),
                "existed": (root / rel).exists(),
            }
        )
    journal = {"state": "prepare", "entries": entries}
    _write_journal(root, journal)
    try:
        for entry in entries:
            _write(root / entry["new"], contents[entry["target"]])
            target = root / entry["target"]
            _write(root / entry["old"], target.read_bytes() if target.exists() else b"")
        journal["state"] = "swap"
        _write_journal(root, journal)
    except BaseException:
        _finish(root, journal)
        raise
    try:
        for entry in entries:
            (root / entry["new"]).replace(root / entry["target"])
        for folder in {(root / e["target"]).parent for e in entries}:
            _fsync_dir(folder)
    except BaseException:
        journal["state"] = "rollback"
        with contextlib.suppress(OSError):
            _write_journal(root, journal)
        _finish(root, journal)
        raise
    _finish(root, journal)


def recover(root: Path) -> str | None:
    """Finish or undo a swap that a killed process left; say which, if any."""
    path = root / JOURNAL
    if not path.exists():
        return None
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        state = journal["state"]
    except (ValueError, KeyError, TypeError):
        path.unlink()
        return None
    _finish(root, journal)
    done = {"prepare": "dropped", "swap": "completed", "rollback": "rolled back"}.get(state, state)
    # said on stderr whatever the command, so the user knows the package was healed
    sys.stderr.write(f"{done} an import that was interrupted while writing the package\n")
    return done


def _finish(root: Path, journal: dict) -> None:
    """Bring the files to a consistent state by the journal, then drop it."""
    state = journal["state"]
    entries = journal["entries"]
    for entry in entries:
        new, old, target = root / entry["new"], root / entry["old"], root / entry["target"]
        if state == "swap" and new.exists():
            new.replace(target)
        elif state == "rollback" and old.exists():
            if entry.get("existed", True):
                old.replace(target)
            else:
                target.unlink(missing_ok=True)
    for folder in {(root / e["target"]).parent for e in entries}:
        _fsync_dir(folder)
    for entry in entries:
        for leftover in (root / entry["new"], root / entry["old"]):
            leftover.unlink(missing_ok=True)
    (root / JOURNAL).unlink(missing_ok=True)
    _fsync_dir(root)


def _write_journal(root: Path, journal: dict) -> None:
    tmp = root / f"{JOURNAL}.tmp"
    _write(tmp, (json.dumps(journal, indent=2) + "\n").encode("utf-8"))
    tmp.replace(root / JOURNAL)
    _fsync_dir(root)


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a platform that cannot open folders (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
