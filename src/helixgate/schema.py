"""Validating a manifest against the JSON Schema, compiled once per process."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from .loader import MAX_VALUE_CHARS, short_repr, shorten
from .resources import schema_path

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

# jsonschema is imported on first use: a run whose manifests are all valid
# never needs it (see _fast_validator), and it costs a tenth of a second.

MANIFEST_SCHEMA = "transfer-manifest.v1.schema.json"

# Enums longer than this are named, not listed, in messages (249 countries).
_LONG_ENUM = 12

# No valid document nests deeper than a few levels; deeper data is refused
# before validation, whose messages quote values (repr of a structure nested
# a thousand levels deep exhausts the stack).
MAX_DEPTH = 64

# At most this many unknown fields are named in one message.
_MAX_NAMED_FIELDS = 5


WAIVERS_SCHEMA = "waivers.v1.schema.json"
PROFILE_SCHEMA = "profile.v1.schema.json"
_ALL = (MANIFEST_SCHEMA, WAIVERS_SCHEMA, PROFILE_SCHEMA)


@cache
def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return schema


@cache
def _registry() -> Registry[Any]:
    """The project's schemas by $id, so one can $ref another (the waiver and
    profile schemas take ids, dates and countries from the manifest schema)."""
    from referencing import Registry, Resource

    resources = [(_schema(n)["$id"], Resource.from_contents(_schema(n))) for n in _ALL]
    return Registry().with_resources(resources)


@cache
def validator(name: str = MANIFEST_SCHEMA) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    Draft202012Validator.check_schema(_schema(name))
    return Draft202012Validator(_schema(name), registry=_registry(), format_checker=FormatChecker())


@cache
def _fast_validator(name: str) -> Any:
    """jsonschema-rs for the common case, a valid manifest (about 200 times
    faster than jsonschema here); jsonschema still says why an invalid one is
    invalid, with the messages and pointers helixgate reports. Only for the
    manifest schema, which refers to no other schema."""
    if name != MANIFEST_SCHEMA:
        return None
    try:
        import jsonschema_rs
    except ImportError:  # a platform without its wheel: jsonschema alone
        return None
    return jsonschema_rs.validator_for(_schema(name), validate_formats=True)


def pointer_of(path: Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def schema_errors(instance: Any, name: str = MANIFEST_SCHEMA) -> list[tuple[str, str]]:
    """(pointer, message) for each place the instance breaks the schema: the
    most relevant error per pointer, in document order."""
    deep = _too_deep(instance)
    if deep is not None:
        return [(deep, f"nested more than {MAX_DEPTH} levels deep")]
    fast = _fast_validator(name)
    if fast is not None and fast.is_valid(instance):
        return []
    from jsonschema.exceptions import relevance

    best: dict[str, ValidationError] = {}
    for error in sorted(validator(name).iter_errors(instance), key=relevance):
        best.setdefault(pointer_of(error.absolute_path), error)
    return [(pointer, shorten(_message(error))) for pointer, error in best.items()]


def _too_deep(instance: Any) -> str | None:
    """The pointer of the first value nested deeper than MAX_DEPTH, if any
    (walked without recursion)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(instance, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return pointer_of(path)
        if isinstance(value, dict):
            stack.extend(reversed([(child, (*path, key)) for key, child in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([(child, (*path, i)) for i, child in enumerate(value)]))
    return None


def _message(error: ValidationError) -> str:
    value, rule = error.instance, error.validator_value
    quoted = short_repr(value)
    if error.validator == "enum" and isinstance(rule, list) and len(rule) > _LONG_ENUM:
        return (
            f"{quoted} is not an ISO 3166-1 alpha-2 country code "
            "(two upper-case letters, e.g. 'DE')"
        )
    if error.validator == "format" and error.validator_value == "date":
        return f"{quoted} is not a real day in YYYY-MM-DD form"
    if (
        error.validator == "pattern"
        and isinstance(value, str)
        and isinstance(rule, str)
        and rule.startswith("^[A-Za-z0-9]")
    ):
        return (
            f"{quoted} is not an identifier (letters, digits, '.', '_', '-'; "
            "at most 64; starting with a letter or digit)"
        )
    if error.validator == "maxLength" and isinstance(value, str):
        # The value is not quoted: it is long, and may be a name.
        what = "a key" if "propertyNames" in error.schema_path else "a string"
        return f"{what} of {len(value)} characters, more than the {rule} allowed"
    if error.validator == "additionalProperties" and isinstance(value, dict):
        return _unknown_fields(value, error.schema)
    if (
        error.validator == "type"
        and isinstance(value, bool)
        and "string" in str(error.validator_value)
    ):
        return f"{error.message}: quote the value"
    return _quoting_shortly(error.message, value, quoted)


def _unknown_fields(value: dict[str, Any], schema: Any) -> str:
    """The message for unknown fields, naming a few of them, each shortly:
    "unknown field ('x' was unexpected)"."""
    known = schema.get("properties", {}) if isinstance(schema, dict) else {}
    extra = sorted((key for key in value if key not in known), key=str)
    named = ", ".join(short_repr(key) for key in extra[:_MAX_NAMED_FIELDS])
    if len(extra) > _MAX_NAMED_FIELDS:
        named += f" and {len(extra) - _MAX_NAMED_FIELDS} more"
    verb = "was" if len(extra) == 1 else "were"
    return f"unknown field ({named} {verb} unexpected)"


def _quoting_shortly(message: str, value: Any, quoted: str) -> str:
    """jsonschema's message with the value it quotes whole cut down to its
    short form; the rest of the message, which says what is wrong, is kept."""
    if len(message) <= MAX_VALUE_CHARS:
        return message
    whole = repr(value)  # safe: the value is at most MAX_DEPTH deep
    return message.replace(whole, quoted, 1) if whole != quoted else message
