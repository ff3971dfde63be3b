"""Paths into a parsed document, for tests that replace its values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def value_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value of a document, containers and scalars alike."""
    if path:
        yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from value_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from value_paths(child, (*path, index))
