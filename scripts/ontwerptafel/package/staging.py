"""Swap a set of files into the package all together or not at all.

A swap goes through a journal in the package folder, so that a process killed
half-way leaves something the next command can finish:

1. ``prepare``: the journal lists every file to replace, each with a new
   temporary file and a backup (a hard link to its current bytes), both in
   the target's own folder (so ``os.replace`` is an atomic rename);
2. the new contents are written and fsynced, the backups linked, and the
   journal that undoes the swap written ahead (so that undoing needs no
   free space);
3. ``swap`` (the commit point): each temporary file is renamed over its target;
4. the backups and the journal are removed.

An error in steps 1-3 undoes everything in this process: the caller gets a
``WriteFailedError`` and the package is exactly as it was. A process killed
half-way leaves the journal, which ``recover`` acts on (the commands that
write call it under the package's lock): in ``prepare`` nothing was touched
and the temporaries are dropped; in ``swap`` every new file is complete, so
the swap is finished; in ``rollback`` the backups are put back.

The journal lies in a folder people download, so it is data, not
instructions: ``recover`` acts only on the package's own files and on the
temporary names this module makes beside them, and refuses anything else.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from ontwerptafel.errors import JournalError, WriteFailedError
from ontwerptafel.files import link_backup
from ontwerptafel.package.photos import PHOTOS_DIR
from ontwerptafel.package.read import DESCRIPTOR

JOURNAL = ".ontwerptafel-journal.json"
#: the journal that undoes a swap, written before the swap begins
UNDO = ".ontwerptafel-journal.rollback.json"
STATES = ("prepare", "swap", "rollback")
#: a photo an import stores: ``data/photos/<photo_id>.jpg`` or ``.png`` (new, so
#: no table lists it yet when a killed import is finished)
PHOTO_NAME = r"[a-z0-9]+(-[a-z0-9]+)*\.(jpg|png)"
DONE = {"prepare": "dropped", "swap": "completed", "rollback": "rolled back"}


def replace_files(root: Path, contents: Mapping[str, bytes]) -> None:
    """Replace the files ``contents`` names (paths relative to ``root``) with
    their new bytes: all of them, or, when anything fails, none of them
    (``WriteFailedError`` naming the file and the reason)."""
    token = secrets.token_hex(4)
    entries = [_entry(rel, token, (root / rel).exists()) for rel in contents]
    current = JOURNAL
    try:
        _write_journal(root, JOURNAL, {"state": "prepare", "entries": entries})
        for entry in entries:
            current = entry["target"]
            _write(root / entry["new"], contents[entry["target"]])
            if entry["existed"]:
                link_backup(root / entry["target"], root / entry["old"])
        for folder in _folders(root, entries):
            _fsync(folder)
        current = JOURNAL
        _write_journal(root, UNDO, {"state": "rollback", "entries": entries})
        _write_journal(root, JOURNAL, {"state": "swap", "entries": entries})
    except BaseException as e:
        if (root / UNDO).exists():  # the swap journal may be in: nothing was swapped
            with contextlib.suppress(OSError):
                (root / UNDO).replace(root / JOURNAL)
        _clean(root, entries)
        raise _failed(e, current, "import failed, nothing changed") from None
    try:
        for entry in entries:
            current = entry["target"]
            (root / entry["new"]).replace(root / entry["target"])
        for folder in _folders(root, entries):
            _fsync(folder)
    except BaseException as e:
        try:
            (root / UNDO).replace(root / JOURNAL)
            _fsync(root)
            _undo(root, entries)
        except OSError as again:
            raise _failed(
                again,
                current,
                "import failed half-way; the next 'ontwerptafel import' completes or undoes it",
            ) from None
        _clean(root, entries)
        raise _failed(e, current, "import failed, nothing changed") from None
    leftovers = _clean(root, entries)
    if leftovers:
        sys.stderr.write(f"imported, but could not remove {', '.join(leftovers)}\n")


def recover(root: Path) -> str | None:
    """Finish or undo a swap that a killed process left, and say which on stderr.

    Call it only while holding the package's exclusive lock (see ``lock``), so
    that the import it finishes is known to be dead. Raises ``JournalError``
    when the journal is unsafe, unreadable or cannot be carried out; the
    journal is then left for a person to inspect.
    """
    if not (root / JOURNAL).exists():
        return None
    journal = read_journal(root)
    state, entries = journal["state"], journal["entries"]
    current = JOURNAL
    try:
        if state == "swap":
            for entry in entries:
                current = entry["target"]
                if (root / entry["new"]).exists():
                    (root / entry["new"]).replace(root / entry["target"])
            current = JOURNAL
            for folder in _folders(root, entries):
                _fsync(folder)
        elif state == "rollback":
            _undo(root, entries)
    except OSError as e:
        if e.filename is not None and current != JOURNAL:
            e = OSError(e.errno, e.strerror, str(root / current))
        raise JournalError([_cannot(e, root)]) from None
    leftovers = _clean(root, entries)
    if leftovers:
        msg = f"{JOURNAL}: could not remove {', '.join(leftovers)}"
        raise JournalError([msg])
    done = DONE[state]
    sys.stderr.write(f"{done} an import that was interrupted while writing the package\n")
    return done


def read_journal(root: Path) -> dict[str, Any]:
    """The journal, checked to name only the package's files and this module's
    temporaries beside them; ``JournalError`` otherwise."""
    try:
        journal = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
        state, entries = journal["state"], journal["entries"]
        if state not in STATES or not isinstance(entries, list):
            raise ValueError("unknown state")
        for entry in entries:
            for key in ("target", "new", "old"):
                if not isinstance(entry[key], str):
                    raise ValueError(f"{key} is not a path")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        raise JournalError([f"ignoring a journal that cannot be read: {JOURNAL}: {e}"]) from None
    allowed = own_files(root)
    for entry in entries:
        bad = _unsafe(root, entry, allowed)
        if bad is not None:
            raise JournalError([f"ignoring a journal that names files outside the package: {bad}"])
    return journal


def own_files(root: Path) -> set[str]:
    """The files an import may replace: the descriptor, its resources, and the
    generated files (see ``importer._generated``)."""
    own = {DESCRIPTOR, "CITATION.cff", ".zenodo.json", "ro-crate-metadata.json", "data/README.md"}
    own |= {"datacite.json", "dcat.ttl"}
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
        own |= {r["path"] for r in descriptor["resources"] if isinstance(r.get("path"), str)}
    return own


def _unsafe(root: Path, entry: dict[str, Any], allowed: set[str]) -> str | None:
    """The offending path of a journal entry, or None when it is one of ours."""
    target = entry["target"]
    pure = PurePosixPath(target)
    photo = pure.parent == PurePosixPath(PHOTOS_DIR) and re.fullmatch(PHOTO_NAME, pure.name)
    if (target not in allowed and not photo) or pure.is_absolute() or ".." in pure.parts:
        return target
    if "\\" in target:
        return target
    folder = (root / target).parent
    if not folder.resolve().is_relative_to(root.resolve()):
        return target
    for kind in ("new", "old"):
        name = PurePosixPath(entry[kind])
        pattern = rf"\.{re.escape(pure.name)}\.{kind}-[0-9a-f]{{8}}"
        if name.parent != pure.parent or not re.fullmatch(pattern, name.name):
            return entry[kind]
    return None


def _entry(rel: str, token: str, existed: bool) -> dict[str, Any]:
    target = PurePosixPath(rel)
    return {
        "target": rel,
        "new": str(target.parent / f".{target.name}.new-{token}"),
        "old": str(target.parent / f".{target.name}.old-{token}"),
        "existed": existed,
    }


def _undo(root: Path, entries: list[dict[str, Any]]) -> None:
    """Put every backup back (a file that did not exist before is removed)."""
    for entry in entries:
        old, target = root / entry["old"], root / entry["target"]
        if entry.get("existed", True):
            if old.exists():
                old.replace(target)
        elif not (root / entry["new"]).exists():
            target.unlink(missing_ok=True)  # it was swapped in: take it out again
    for folder in _folders(root, entries):
        _fsync(folder)


def _clean(root: Path, entries: list[dict[str, Any]]) -> list[str]:
    """Remove the temporaries, then the journals; the files that could not be
    removed (the journal stays while any temporary does, so it can be swept)."""
    left = []
    names = [rel for entry in entries for rel in (entry["new"], entry["old"])]
    for rel in (*names, f"{JOURNAL}.tmp", f"{UNDO}.tmp", UNDO):
        try:
            if os.path.lexists(root / rel):  # unlink says EROFS even for no file
                (root / rel).unlink()
        except FileNotFoundError:
            pass
        except OSError:
            left.append(rel)
    if not left:
        try:
            (root / JOURNAL).unlink(missing_ok=True)
        except OSError:
            left.append(JOURNAL)
    with contextlib.suppress(OSError):
        _fsync(root)
    return left


def _failed(e: BaseException, rel: str, what: str) -> BaseException:
    if not isinstance(e, OSError):
        return e
    reason = e.strerror or str(e)
    return WriteFailedError([f"{what}: {rel}: {reason}"])


def _cannot(e: OSError, root: Path) -> str:
    return f"cannot finish an interrupted import: {describe(e, root)}"


def describe(e: OSError, root: Path | None = None) -> str:
    """``data/notes.csv: No space left on device``: the file (relative to
    ``root`` when inside it) and the reason, without the errno."""
    reason = e.strerror or str(e)
    if e.filename is None:
        return reason
    where = str(e.filename)
    if root is not None:
        with contextlib.suppress(ValueError):
            where = Path(where).resolve().relative_to(root.resolve()).as_posix()
    return f"{where}: {reason}"


def _folders(root: Path, entries: list[dict[str, Any]]) -> list[Path]:
    return sorted({(root / e["target"]).parent for e in entries})


def _write_journal(root: Path, name: str, journal: dict[str, Any]) -> None:
    tmp = root / f"{name}.tmp"
    _write(tmp, (json.dumps(journal, indent=2) + "\n").encode("utf-8"))
    tmp.replace(root / name)
    _fsync(root)


def _write(path: Path, data: bytes) -> None:
    with path.open("wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync(folder: Path) -> None:
    """fsync a folder, so the renames in it survive a power cut; an error counts."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a platform that cannot open folders (Windows)
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
