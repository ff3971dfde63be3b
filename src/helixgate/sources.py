"""Finding the files to check and reading them, within a size limit, into
documents with positions: the one reader of manifests, history and controls.

The reader also notes what it read: inside `Inputs.reading(role)`, every
source read is recorded with its role and the SHA-256 of its bytes, so a
report can say exactly which files (and which versions of them) it judged."""

from __future__ import annotations

import codecs
import contextvars
import errno
import fnmatch
import hashlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, Location
from .loader import Document, load

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (`name` is ``-``)."""

    name: str
    path: Path | None

    @classmethod
    def named(cls, given: str) -> Source:
        """The source a path names; ``-`` is standard input."""
        return cls(STDIN, None) if given == STDIN else cls(given, Path(given))

    @property
    def is_json(self) -> bool:
        named = self.path if self.path is not None else Path(self.name)
        return named.suffix.lower() == ".json"


@dataclass(frozen=True)
class InputRecord:
    """One input of a run: its role (manifest, history, profile, waivers,
    signoffs), its path as given (``-`` for standard input) and the SHA-256
    of the bytes read, in lower-case hex."""

    role: str
    path: str
    sha256: str


class Inputs:
    """The inputs a run read, in the order first read; a file read twice
    (named as a manifest and reached again as history) is recorded once, in
    its first role."""

    def __init__(self) -> None:
        self._records: dict[str, InputRecord] = {}

    @property
    def records(self) -> tuple[InputRecord, ...]:
        return tuple(self._records.values())

    @contextmanager
    def reading(self, role: str) -> Iterator[None]:
        """Within this block, every source read_text reads is recorded with `role`."""
        token = _RECORDING.set((self, role))
        try:
            yield
        finally:
            _RECORDING.reset(token)

    def _add(self, role: str, name: str, raw: bytes) -> None:
        if name not in self._records:
            self._records[name] = InputRecord(role, name, hashlib.sha256(raw).hexdigest())


_RECORDING: contextvars.ContextVar[tuple[Inputs, str] | None] = contextvars.ContextVar(
    "helixgate_recording", default=None
)


def discover(
    paths: Iterable[str], exclude: Iterable[str] = (), stdin_name: str = STDIN
) -> Iterator[Source | InputError]:
    """Every input named, in a stable order: files as given, directories walked
    recursively (sorted, hidden folders skipped, symbolic links to folders not
    followed, so a link loop cannot trap the walk). A file reached twice (named
    twice, or named and inside a named folder) is read once. A file whose path
    or name matches an `exclude` glob is left out; standard input is called
    `stdin_name` in the reports."""
    seen: set[Path] = set()
    globs = tuple(exclude)
    for found in _named(paths):
        if isinstance(found, Source) and found.path is not None:
            if _excluded(found.path, globs):
                continue
            key = Path(os.path.realpath(found.path))  # never raises on a link loop
            if key in seen:
                continue
            seen.add(key)
        elif isinstance(found, Source):
            found = Source(stdin_name, None)
        yield found


def _excluded(path: Path, globs: tuple[str, ...]) -> bool:
    text = path.as_posix().removeprefix("./")
    return any(fnmatch.fnmatch(text, g) or fnmatch.fnmatch(path.name, g) for g in globs)


def _named(paths: Iterable[str]) -> Iterator[Source | InputError]:
    for given in paths:
        source = Source.named(given)
        if source.path is None:
            yield source
        elif source.path.is_dir():
            yield from _walk(source.path)
        elif source.path.exists() or source.path.is_symlink():
            yield source
        else:
            yield InputError("missing", "no such file or directory", Location(given))


def _walk(top: Path) -> Iterator[Source | InputError]:
    def on_error(error: OSError) -> None:
        raise error

    try:
        for folder, dirs, files in os.walk(top, onerror=on_error):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(MANIFEST_SUFFIXES):
                    path = Path(folder) / name
                    yield _special(path) or Source(str(path), path)
    except OSError as error:
        yield InputError("syntax", f"cannot read directory: {error.strerror}", Location(str(top)))


def _special(path: Path) -> InputError | None:
    """An error for a FIFO, socket or device found in a folder: opening a FIFO
    waits for a writer that may never come, so such a file is not opened. (A
    file named on the command line is read whatever it is: `<(cmd)` is a pipe.)"""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # reading it reports why
    if stat.S_ISREG(mode):
        return None
    message = "not a regular file (a pipe, socket or device): not read"
    return InputError("syntax", message, Location(str(path)))


def read_documents(source: Source, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Iterator[Document]:
    """The documents of a source, in order, with their positions. InputError
    when it cannot be read or is over `max_size`; a syntax error stops the
    file at the document where it is found."""
    return load(source.name, read_text(source, max_size), source.is_json)


def read_text(source: Source, max_size: int = DEFAULT_MAX_FILE_SIZE) -> str:
    """The text of a source, decoded from UTF-8 (a BOM allowed) or from UTF-16
    with a BOM. Larger than `max_size` bytes is an input error of kind limit.
    The bytes read are recorded when an `Inputs.reading` block is open."""
    try:
        if source.path is None:
            raw = sys.stdin.buffer.read(max_size + 1)
        else:
            with source.path.open("rb") as handle:
                raw = handle.read(max_size + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.ENOENT and source.path is not None and source.path.is_symlink():
            target = os.readlink(source.path)
            target = target if len(target) <= 80 else target[:77] + "..."
            reason = f"a symbolic link to {target!r}, which does not exist"
        kind = "missing" if error.errno == errno.ENOENT else "syntax"
        raise InputError(kind, f"cannot read: {reason}", Location(source.name)) from error
    if len(raw) > max_size:
        raise InputError(
            "limit",
            f"file is larger than the limit of {max_size} bytes (--max-file-size)",
            Location(source.name),
        )
    recording = _RECORDING.get()
    if recording is not None:
        inputs, role = recording
        inputs._add(role, source.name, raw)
    return decode(raw, source.name)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        where = Location.at_offset(name, raw, error.start)
        raise InputError(
            "syntax",
            f"not valid {encoding.upper().removesuffix('-SIG')} text (byte {error.start})",
            Location(name, 0, "", where.line, where.column),
        ) from error
