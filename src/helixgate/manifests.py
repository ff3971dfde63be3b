"""Which documents are helixgate manifests, and whether they are valid ones.

A document is a manifest, skipped (some other YAML: a CI file, mkdocs.yml), or
an input error (a helixgate document with a typo must not be skipped).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .errors import InputError, InputErrors, Location
from .loader import Document, NotJson, short_repr
from .names import with_name_keys
from .references import reference_errors
from .schema import schema_errors, value_problems

API_VERSION = "helixgate/v1"
KIND = "TransferManifest"
_API_PREFIX = "helixgate/"


@dataclass(frozen=True)
class Manifest:
    """A document that passed the schema and the reference checks."""

    document: Document

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data  # type: ignore[no-any-return]

    @cached_property
    def engine_data(self) -> dict[str, Any]:
        """The manifest as OPA is asked about it: `data` with the matching key
        of every name the pack compares (policy-pack-v2, "Matching names")."""
        return with_name_keys(self.data)

    @property
    def id(self) -> str:
        return str(self.data["metadata"]["id"])


class Skipped(Exception):
    """The document is not a helixgate manifest; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _error(document: Document, kind: str, pointer: str, message: str) -> InputError:
    position = document.locate(pointer)
    line, column = position if position else (None, None)
    return InputError(
        kind, message, Location(document.source, document.index, pointer, line, column)
    )


def classify(document: Document) -> None:
    """Raise Skipped for a document that is not a manifest, InputErrors for one
    that claims to be one (the helixgate header, a near-miss of it, or the
    shape of a manifest) but whose header is not exactly the v1 header."""
    problems = _header_problems(document.data)
    if problems:
        raise InputErrors([_error(document, "schema", p, m) for p, m in problems])


def validate(document: Document) -> Manifest:
    """The manifest, or InputErrors: header and schema errors first, then the
    reference checks' errors. Those run on every document with the v1 header
    whose values the schema could judge (not one refused for a value JSON
    cannot carry, which no validator sees), so that one run shows everything
    that stands between it and a decision; on a document the schema refused,
    only the reference errors that rest on nothing it refused are kept."""
    problems = _header_problems(document.data)
    readable = not problems
    if not problems:
        problems = schema_errors(document.data)
        readable = not problems or not value_problems(document.data)
    elif isinstance(document.data, dict):
        # The values JSON cannot carry too, so one run shows everything that
        # stands between this document and a decision.
        named = tuple(pointer for pointer, _ in problems)
        problems += [(p, m) for p, m in value_problems(document.data) if not _under(p, named)]
    errors = [_error(document, "schema", p, m) for p, m in problems]
    if readable:
        refused = [pointer for pointer, _ in problems] if problems else None
        errors += [
            _error(document, "reference", p, m) for p, m in reference_errors(document.data, refused)
        ]
    if errors:
        raise InputErrors(errors)
    return Manifest(document)


def _under(pointer: str, named: tuple[str, ...]) -> bool:
    """Whether `pointer` is one of `named` or inside one (a header field)."""
    return any(pointer == p or pointer.startswith(p + "/") for p in named if p)


_MISSING = object()
_FIELDS_OF_A_MANIFEST = ("parties", "transfers")


def _header_problems(data: Any) -> list[tuple[str, str]]:
    """(pointer, message) for each header field of a document that claims to
    be a manifest but does not say so exactly; Skipped for every other one."""
    if data is None:
        raise Skipped("empty document")
    if isinstance(data, list):
        return _listed(data)
    if not isinstance(data, dict):
        raise Skipped("not a helixgate manifest")
    api, kind = data.get("apiVersion", _MISSING), data.get("kind", _MISSING)
    if api == API_VERSION and kind == KIND:
        return []
    if not _claims(data):
        raise Skipped("not a helixgate manifest")
    if api is _MISSING and kind is _MISSING:
        return [("", f"{_SHAPED}, but its header is missing: {_HEADER}")]
    problems = []
    if api != API_VERSION:
        problems.append(("/apiVersion", _api_problem(api, kind)))
    if kind != KIND:
        problems.append(("/kind", _kind_problem(kind)))
    return problems


_SHAPED = "a document with top-level parties and transfers is read as a helixgate manifest"
_HEADER = f"`apiVersion: {API_VERSION}` and `kind: {KIND}`"


def _claims(data: dict[Any, Any]) -> bool:
    """Whether a mapping has the helixgate header, a near-miss of it, or a
    manifest's shape."""
    api, kind = data.get("apiVersion"), data.get("kind")
    return (
        resembles(api, _API_PREFIX, prefix=True)
        or resembles(kind, KIND)
        or all(field in data for field in _FIELDS_OF_A_MANIFEST)
    )


def _listed(data: list[Any]) -> list[tuple[str, str]]:
    """An error at each manifest of a list (one manifest per document); a
    list without one is skipped."""
    pointers = [f"/{i}" for i, item in enumerate(data) if isinstance(item, dict) and _claims(item)]
    if not pointers:
        raise Skipped("not a helixgate manifest")
    message = (
        "a list of manifests: helixgate reads one manifest per document "
        "(put each in its own file, or after its own `---` in YAML)"
    )
    return [(pointer, message) for pointer in pointers]


def _api_problem(api: Any, kind: Any) -> str:
    shown = _shown(api)
    if api is _MISSING:
        return f"apiVersion is missing: a {KIND} starts with `apiVersion: {API_VERSION}`"
    if resembles(api, API_VERSION):
        return (
            f"apiVersion {shown} is not {API_VERSION!r}{_unusual(api)}: "
            f"did you mean `apiVersion: {API_VERSION}`?"
        )
    if resembles(api, _API_PREFIX, prefix=True):
        return f"apiVersion {shown} is not supported: this helixgate reads {API_VERSION!r}"
    if kind == KIND:
        return f"kind {KIND} needs apiVersion {API_VERSION!r}, found {shown}"
    return f"{_SHAPED}, which needs `apiVersion: {API_VERSION}`, not {shown}"


def _kind_problem(kind: Any) -> str:
    if kind is _MISSING:
        return f"kind is missing: a helixgate manifest has `kind: {KIND}`"
    shown = _shown(kind)
    if resembles(kind, KIND):
        return f"kind {shown} is not {KIND!r}{_unusual(kind)}: did you mean `kind: {KIND}`?"
    return f"kind {shown} is not known under {API_VERSION}: expected {KIND!r}"


def _unusual(text: str) -> str:
    """Names of the first characters outside ASCII, which may look like the
    ones meant or not show at all: " (it has U+0430 CYRILLIC SMALL LETTER A)"."""
    unusual = list(dict.fromkeys(c for c in text if not c.isascii()))
    if not unusual:
        return ""
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in unusual[:2])
    more = f" and {len(unusual) - 2} more" if len(unusual) > 2 else ""
    return f" (it has {named}{more})"


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, NotJson) else short_repr(value)


# Cyrillic and Greek letters (case-folded) and the Latin letters of the
# header they can pass for; a letter may pass for two (Greek eta: h or n).
_LOOK_ALIKES = {
    "\N{CYRILLIC SMALL LETTER A}": "a",
    "\N{GREEK SMALL LETTER ALPHA}": "a",
    "\N{CYRILLIC SMALL LETTER IE}": "e",
    "\N{GREEK SMALL LETTER EPSILON}": "e",
    "\N{GREEK SMALL LETTER DIGAMMA}": "f",
    "\N{CYRILLIC SMALL LETTER SHHA}": "h",
    "\N{CYRILLIC SMALL LETTER EN}": "h",
    "\N{GREEK SMALL LETTER ETA}": "hn",
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}": "il",
    "\N{GREEK SMALL LETTER IOTA}": "il",
    "\N{CYRILLIC SMALL LETTER PALOCHKA}": "il",
    "\N{CYRILLIC SMALL LETTER EM}": "m",
    "\N{GREEK SMALL LETTER MU}": "m",
    "\N{CYRILLIC SMALL LETTER PE}": "n",
    "\N{GREEK SMALL LETTER NU}": "nv",
    "\N{CYRILLIC SMALL LETTER GHE}": "r",
    "\N{CYRILLIC SMALL LETTER DZE}": "s",
    "\N{CYRILLIC SMALL LETTER TE}": "t",
    "\N{GREEK SMALL LETTER TAU}": "t",
    "\N{CYRILLIC SMALL LETTER IZHITSA}": "v",
    "\N{CYRILLIC SMALL LETTER HA}": "x",
    "\N{GREEK SMALL LETTER CHI}": "x",
}


def resembles(value: Any, target: str, *, prefix: bool = False) -> bool:
    """Whether `value` is a string that reads as `target` (or, with `prefix`,
    starts so) after NFKC, case folding, dropping white space and format
    characters (a zero-width space), and reading Cyrillic or Greek look-alike
    letters as the Latin ones."""
    if not isinstance(value, str):
        return False
    folded = _folded(value)
    if prefix:
        folded = folded[: len(target)]
    wanted = target.casefold()
    return len(folded) == len(wanted) and all(
        have == want or want in _LOOK_ALIKES.get(have, "")
        for have, want in zip(folded, wanted, strict=True)
    )


def _folded(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in normal if not c.isspace() and unicodedata.category(c) != "Cf")
