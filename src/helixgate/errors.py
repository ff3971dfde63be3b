"""The exceptions helixgate raises: one base, one subclass per kind of failure.

Exceptions carry the facts (source, document, pointer, line, column); the
command line turns them into text and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass


class HelixgateError(Exception):
    """Base of every error helixgate raises on purpose."""


@dataclass(frozen=True)
class Location:
    """Where in an input an error or a finding points."""

    source: str
    document: int | None = None
    pointer: str | None = None
    line: int | None = None
    column: int | None = None

    @classmethod
    def at_offset(
        cls, source: str, text: str | bytes, offset: int, document: int | None = 0
    ) -> Location:
        """The 1-based line and column of `offset` in `text` (characters in a
        str, bytes in bytes): the one place an offset becomes a position."""
        newline = "\n" if isinstance(text, str) else b"\n"
        line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
        column = offset - (text.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]
        return cls(source, document, None, line, column)


class InputError(HelixgateError):
    """An input that could not be read, parsed or validated.

    `kind` is one of ``missing`` (no such file), ``syntax``, ``schema``,
    ``reference`` or ``limit``.
    """

    def __init__(self, kind: str, message: str, location: Location) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.location = location

    @property
    def source(self) -> str:
        return self.location.source

    @property
    def pointer(self) -> str | None:
        return self.location.pointer

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column

    def __str__(self) -> str:
        where = self.location.source
        if self.location.line is not None:
            where += f":{self.location.line}:{self.location.column or 1}"
        pointer = f" at {self.location.pointer!r}" if self.location.pointer is not None else ""
        return f"{where}: {self.kind} error{pointer}: {self.message}"


class InputErrors(HelixgateError):
    """Several input errors found in one document (a schema check finds all).

    `errors` lists them; `source`, `pointer` and `line` are the first one's."""

    def __init__(self, errors: list[InputError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    @property
    def source(self) -> str | None:
        return self.errors[0].source if self.errors else None

    @property
    def pointer(self) -> str | None:
        return self.errors[0].pointer if self.errors else None

    @property
    def line(self) -> int | None:
        return self.errors[0].line if self.errors else None


class EngineError(HelixgateError):
    """OPA could not be started, reached, or gave an answer helixgate cannot trust."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message if hint is None else f"{message} ({hint})")
        self.message = message
        self.hint = hint


class BundleError(HelixgateError):
    """The policy bundle could not be built or written."""


class EngineTimeout(EngineError):
    """OPA did not answer one request in time. The server may still be fine:
    the manifests of that request are asked about again one by one."""
