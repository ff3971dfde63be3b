"""Which documents are helixgate manifests, and whether they are valid ones.

A document is a manifest, skipped (some other YAML: a CI file, mkdocs.yml), or
an input error (a helixgate document with a typo must not be skipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .errors import InputError, InputErrors, Location
from .loader import Document, short_repr
from .names import with_name_keys
from .references import reference_errors
from .schema import schema_errors

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
    that claims to be a helixgate document but is not a valid v1 manifest."""
    data = document.data
    if data is None:
        raise Skipped("empty document")
    if not isinstance(data, dict):
        raise Skipped("not a helixgate manifest")
    api, kind = data.get("apiVersion"), data.get("kind")
    helixgate_api = isinstance(api, str) and api.startswith(_API_PREFIX)
    if not helixgate_api and kind != KIND:
        raise Skipped("not a helixgate manifest")
    if api != API_VERSION:
        if helixgate_api:
            message = (
                f"apiVersion {short_repr(api)} is not supported: "
                f"this helixgate reads {API_VERSION!r}"
            )
        else:
            message = f"kind {KIND} needs apiVersion {API_VERSION!r}, found {short_repr(api)}"
        raise InputErrors([_error(document, "schema", "/apiVersion", message)])
    if kind != KIND:
        message = f"kind {short_repr(kind)} is not known under {API_VERSION}: expected {KIND!r}"
        raise InputErrors([_error(document, "schema", "/kind", message)])


def validate(document: Document) -> Manifest:
    """The manifest, or InputErrors (schema errors first; reference checks run
    only on a document the schema accepts)."""
    classify(document)
    problems = [_error(document, "schema", p, m) for p, m in schema_errors(document.data)]
    if not problems:
        problems = [_error(document, "reference", p, m) for p, m in reference_errors(document.data)]
    if problems:
        raise InputErrors(problems)
    return Manifest(document)
