"""What a build has written: each output's inputs and bytes, so an unchanged one is kept.

An output is rebuilt unless three things hold: the manifest beside it
(``.build-manifest.json`` in the output folder) names the hash of the inputs
it was made from, those equal the inputs of this build, and the file's bytes
still hash to what was written. The inputs of a document are its view model
(every row, label and package field it shows), the report's assets (templates,
styles, fonts, labels, the DOCX reference), the code and library versions,
its name and format, and for the PDF and DOCX what they carry of the
package: a session's document its session's files (``session_files``), so
that adding another session leaves it as it was; the overview the whole
descriptor and every file of the package, which its PDF embeds.

Making every view model to hash it would cost a build with nothing to do
most of its time (seconds at a hundred sessions), so each entry also keeps
the hash of the output's sources, what its view is drawn from
(``source_keys``): an output whose sources are unchanged is kept without
its view being made at all.

The output folder is as untrusted as the package (a downloaded package may
carry a ``report/build/``), so each entry is sealed with an HMAC under a key
kept in the user's cache folder: a manifest this user's builds did not write
is ignored, and everything is rebuilt.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import hmac
import json
import os
import secrets
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ontwerptafel.assets import REPORT_DIR
from ontwerptafel.errors import BuildError
from ontwerptafel.files import replace_together, write_atomic
from ontwerptafel.package.read import DESCRIPTOR
from ontwerptafel.package.session_files import WHOLE_PACKAGE_ONLY, session_parts
from ontwerptafel.package.validation_cache import cache_dir, code_version

MANIFEST = ".build-manifest.json"


@functools.cache
def assets_version() -> str:
    """A hash of every file under ``report/`` but the build folder."""
    digest = hashlib.sha256()
    for path in sorted(REPORT_DIR.rglob("*")):
        rel = path.relative_to(REPORT_DIR)
        if rel.parts[0] != "build" and path.is_file():
            digest.update(b"\0" + rel.as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


_PLAIN = (str, int, bool, float, type(None))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _canonical(value: Any) -> Any:
    """A value made of tuples, strings and numbers only, the same in every process
    (a set's order is not: it is sorted)."""
    cls = type(value)
    if cls in _PLAIN:
        return (cls.__name__, repr(value))
    if hasattr(cls, "__dataclass_fields__"):
        return (cls.__qualname__, tuple((name, _canonical(getattr(value, name)))
                                        for name in _field_names(cls)))  # fmt: skip
    if isinstance(value, Mapping):
        return ("map", tuple((_canonical(k), _canonical(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, set | frozenset):
        return ("set", tuple(sorted(repr(_canonical(v)) for v in value)))
    if isinstance(value, enum.Enum):
        return (cls.__qualname__, value.name)
    return (cls.__name__, repr(value))


def view_hash(report: Any) -> str:
    """The hash of a view model: everything a document shows."""
    return hashlib.sha256(repr(_canonical(report)).encode()).hexdigest()


def package_files_hash(root: Path, descriptor: Mapping[str, Any]) -> str:
    """The hash of the descriptor and of every resource file (what a PDF attaches)."""
    digest = hashlib.sha256((root / DESCRIPTOR).read_bytes())
    for res in descriptor.get("resources", []):
        rel = str(res.get("path"))
        digest.update(b"\0" + rel.encode() + b"\0")
        digest.update(hashlib.sha256((root / rel).read_bytes()).digest())
    return digest.hexdigest()


def input_key(name: str, fmt: str, view: str, descriptor: str, files: str, options: str) -> str:
    """The hash of everything one document is made from (see the module's docstring)."""
    parts = [code_version(), assets_version(), name, fmt, view, options]
    if fmt in ("pdf", "docx", "pptx"):
        parts.append(descriptor)
    if fmt == "pdf":
        parts.append(files)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


#: report id -> hashes of what its documents carry of the package: (descriptor, files, options)
DataInputs = dict[str, tuple[str, str, str]]


def data_inputs(docs: Sequence[Any], package: Any, folder: Path) -> DataInputs:
    """What each report's documents carry of the package (see the module docstring).

    A session's document knows of the package only its session's files
    (``session_files``: its rows, the shared rows they name, its source, the
    trimmed descriptor), which stand in for the descriptor and the package
    files; it is dated by its session, so ``SOURCE_DATE_EPOCH`` is no input
    of it. Adding another session leaves its key as it was.
    """
    ids = {d.session_id for d in docs}
    own = sorted(ids & {s.session_id for s in package.sessions})
    inputs: DataInputs = {}
    if ids - set(own):  # the overview: the whole package
        # a package without dates takes them from SOURCE_DATE_EPOCH (package.dates)
        options = f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}"
        files = package_files_hash(folder, package.descriptor)
        inputs = dict.fromkeys(ids - set(own), (view_hash(package.descriptor), files, options))
    # the trimmed descriptor is made of the package's (less what names the whole
    # package) and the files: those stand for it, and it is not written here
    d = package.descriptor
    common = view_hash({k: v for k, v in d.items() if k not in WHOLE_PACKAGE_ONLY})
    for sid, part in session_parts(folder, d, own).items():
        digest = hashlib.sha256(repr((common, sid, sorted(part.items()))).encode()).hexdigest()
        inputs[sid] = (digest, digest, "")
    return inputs


def source_keys(docs: Sequence[Any], package: Any, inputs: DataInputs) -> dict[str, str]:
    """Output name -> the hash of the data and assets its view model is drawn from.

    Equal source keys make equal view models, so a document whose source key
    is the one it was built from is kept without making its view: a build
    with nothing changed, or after one session was added, makes the views of
    the new documents only. A session's view is drawn from its session's
    files, its language, and the package's name and identifier (the DOI its
    colophon links); the overview's from the whole package
    (``test_build_sources`` checks that a session's view is the same from
    its files alone). When a source key differs, the view decides
    (``input_keys``): a change no document shows remakes only what carries it.
    """
    d = package.descriptor
    ident = f"{d.get('name', '')}\0{d.get('id', '')}"
    return {doc.name: hashlib.sha256("\0".join([code_version(), assets_version(), doc.name,
                                                doc.fmt, doc.lang, ident,
                                                *inputs[doc.session_id]]).encode()).hexdigest()
            for doc in docs}  # fmt: skip


def input_keys(
    docs: Sequence[Any], reports: Mapping[Any, Any], inputs: DataInputs
) -> dict[str, str]:
    """Output name -> the hash of everything it is made from (see the module docstring)."""
    views = {key: view_hash(reports[key]) for key in dict.fromkeys(d.report for d in docs)}
    return {d.name: input_key(d.name, d.fmt, views[d.report], *inputs[d.session_id])
            for d in docs}  # fmt: skip


def _secret() -> bytes | None:
    """This user's key for sealing manifests, made on first use; None when the
    cache folder cannot hold it (nothing is then believed, everything rebuilt)."""
    path = cache_dir() / "manifest-key"
    with contextlib.suppress(OSError):
        key = path.read_bytes()
        if len(key) == 32:
            return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


@dataclasses.dataclass(frozen=True)
class Entry:
    """What the manifest says of one output: the hashes of its inputs (view and
    data), of its sources (``source_keys``) and of its bytes."""

    inputs: str
    sources: str
    sha256: str


def _seal(key: bytes, name: str, e: Entry) -> str:
    message = f"{name}\0{e.inputs}\0{e.sources}\0{e.sha256}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def read_manifest(out: Path) -> dict[str, Entry]:
    """Output name -> its entry, for every entry this user's builds sealed."""
    key = _secret()
    try:
        entries = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["outputs"]
        found = {}
        for name, e in entries.items():
            entry = Entry(str(e["inputs"]), str(e["sources"]), str(e["sha256"]))
            if key is not None and hmac.compare_digest(str(e["mac"]), _seal(key, name, entry)):
                found[str(name)] = entry
        return found
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def unchanged(
    out: Path,
    name: str,
    manifest: Mapping[str, Entry],
    *,
    inputs: str | None = None,
    sources: str | None = None,
) -> bool:
    """Whether ``out/name`` was built from these ``inputs`` (or these ``sources``)
    and still holds what was written."""
    entry = manifest.get(name)
    if entry is None or (inputs, sources) == (None, None):
        return False
    if entry.inputs != inputs and entry.sources != sources:
        return False
    try:
        return hashlib.sha256((out / name).read_bytes()).hexdigest() == entry.sha256
    except OSError:
        return False


def write_manifest(out: Path, written: Mapping[str, Entry]) -> None:
    """Add the entries of the outputs just ``written`` (or found unchanged under
    new sources) to the manifest of ``out``, keeping the entries of the others;
    a manifest that cannot be written costs the next build its time, never a
    wrong output."""
    key = _secret()
    if key is None:
        return
    entries = read_manifest(out) | dict(written)
    outputs = {
        name: {**dataclasses.asdict(e), "mac": _seal(key, name, e)}
        for name, e in sorted(entries.items())
    }
    text = json.dumps({"version": 2, "outputs": outputs}, indent=1, sort_keys=True)
    with contextlib.suppress(OSError):
        write_atomic(out / MANIFEST, text.encode())


@dataclasses.dataclass(frozen=True)
class Staged:
    """A rendered output waiting in ``tmp`` to replace ``path``, with its manifest entry."""

    session_id: str
    path: Path
    tmp: Path
    entry: Entry = Entry("", "", "")


def swap_all(staged: list[Staged], echo: Callable[[str], None] | None) -> list[Path]:
    """Swap the staged outputs in, one session at a time (see ``build``'s docstring)."""
    sessions = list(dict.fromkeys(s.session_id for s in staged))
    for i, sid in enumerate(sessions):
        group = [s for s in staged if s.session_id == sid]
        sizes = [s.tmp.stat().st_size if s.tmp.exists() else 0 for s in group]
        try:
            replace_together([(g.path, g.tmp) for g in group])
        except OSError as e:
            discard([s for s in staged if s.session_id in sessions[i:]])
            where = shown(Path(str(e.filename)))
            kept = f"the outputs of {', '.join(sessions[i:])} are as they were"
            if i:
                kept += f", those of {', '.join(sessions[:i])} are new"
            raise BuildError([f"cannot write {where}: {e.strerror or e} ({kept})"]) from None
        if echo is not None:
            for s, size in zip(group, sizes, strict=True):
                echo(f"wrote {shown(s.path)} ({size:,} bytes)")
    return [s.path for s in staged]


def discard(staged: list[Staged]) -> None:
    """Remove temporary files; a file that cannot be removed is said on stderr."""
    for s in staged:
        try:
            s.tmp.unlink(missing_ok=True)
        except OSError as e:
            sys.stderr.write(f"could not remove {shown(s.tmp)}: {e.strerror or e}\n")


def shown(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
