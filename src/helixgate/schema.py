"""Validating a manifest against the JSON Schema, compiled once per process."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, relevance
from referencing import Registry, Resource

from .resources import schema_path

MANIFEST_SCHEMA = "transfer-manifest.v1.schema.json"

# Enums longer than this are named, not listed, in messages (249 countries).
_LONG_ENUM = 12


WAIVERS_SCHEMA = "waivers.v1.schema.json"
PROFILE_SCHEMA = "profile.v1.schema.json"
_ALL = (MANIFEST_SCHEMA, WAIVERS_SCHEMA, PROFILE_SCHEMA)


@cache
def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def _registry() -> Registry[Any]:
    """The project's schemas by $id, so one can $ref another (the waiver and
    profile schemas take ids, dates and countries from the manifest schema)."""
    resources = [(_schema(n)["$id"], Resource.from_contents(_schema(n))) for n in _ALL]
    return Registry().with_resources(resources)


@cache
def validator(name: str = MANIFEST_SCHEMA) -> Draft202012Validator:
    return Draft202012Validator(_schema(name), registry=_registry(), format_checker=FormatChecker())


def pointer_of(path: Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def schema_errors(instance: Any, name: str = MANIFEST_SCHEMA) -> list[tuple[str, str]]:
    """(pointer, message) for each place the instance breaks the schema: the
    most relevant error per pointer, in document order."""
    best: dict[str, ValidationError] = {}
    for error in sorted(validator(name).iter_errors(instance), key=relevance):
        best.setdefault(pointer_of(error.absolute_path), error)
    return [(pointer, _message(error)) for pointer, error in best.items()]


def _message(error: ValidationError) -> str:
    value, rule = error.instance, error.validator_value
    if error.validator == "enum" and isinstance(rule, list) and len(rule) > _LONG_ENUM:
        return (
            f"{value!r} is not an ISO 3166-1 alpha-2 country code "
            "(two upper-case letters, e.g. 'DE')"
        )
    if error.validator == "format" and error.validator_value == "date":
        return f"{value!r} is not a real day in YYYY-MM-DD form"
    if (
        error.validator == "pattern"
        and isinstance(value, str)
        and isinstance(rule, str)
        and rule.startswith("^[A-Za-z0-9]")
    ):
        return (
            f"{value!r} is not an identifier (letters, digits, '.', '_', '-'; "
            "at most 64; starting with a letter or digit)"
        )
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field")
    if (
        error.validator == "type"
        and isinstance(value, bool)
        and "string" in str(error.validator_value)
    ):
        return f"{error.message}: quote the value"
    return error.message
