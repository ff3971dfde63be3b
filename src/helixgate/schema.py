"""Validating a manifest against the JSON Schema, compiled once per process."""

from __future__ import annotations

import json
import math
import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

from . import hints
from .dates import date_problem
from .loader import MAX_VALUE_CHARS, NotJson, short_repr, shorten
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
SIGNOFFS_SCHEMA = "signoffs.v1.schema.json"
_ALL = (MANIFEST_SCHEMA, WAIVERS_SCHEMA, PROFILE_SCHEMA, SIGNOFFS_SCHEMA)


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
    most relevant error per pointer, in document order.

    Values JSON cannot carry are refused before any validator sees them. Then
    the document is valid only if both validators say so: jsonschema-rs
    (when present) and jsonschema; a document only one of them refuses gets
    an error at the place that one names, never a pass."""
    problems = value_problems(instance)
    if problems:
        return problems
    fast = _fast_validator(name)
    fast_valid = _fast_verdict(fast, instance)
    if fast_valid:
        return []
    from jsonschema.exceptions import relevance

    best: dict[str, ValidationError] = {}
    for error in sorted(validator(name).iter_errors(instance), key=relevance):
        best.setdefault(pointer_of(error.absolute_path), error)
    found = [(pointer, shorten(_message(error))) for pointer, error in best.items()]
    if not found and fast_valid is False:
        found = _fast_errors(fast, instance)
    return found


def _fast_verdict(fast: Any, instance: Any) -> bool | None:
    """jsonschema-rs's verdict: None without it; False also when it cannot
    judge the instance (it raises on types it does not know)."""
    if fast is None:
        return None
    try:
        return bool(fast.is_valid(instance))
    except (ValueError, TypeError, OverflowError):
        return False


def _fast_errors(fast: Any, instance: Any) -> list[tuple[str, str]]:
    """The places jsonschema-rs refuses that jsonschema accepts, with a
    message of helixgate's (its own quote the schema's regular expressions)."""
    found: dict[str, str] = {}
    try:
        for error in fast.iter_errors(instance):
            pointer = pointer_of(error.instance_path)
            keyword = str(error.schema_path[-1]) if error.schema_path else "schema"
            message = (
                f"{short_repr(error.instance)} is not valid here (the schema's {keyword} rule)"
            )
            found.setdefault(pointer, shorten(message))
    except (ValueError, TypeError, OverflowError):
        pass
    return list(found.items()) or [("", "the document does not match the schema")]


def value_problems(instance: Any) -> list[tuple[str, str]]:
    """(pointer, message) for each value JSON cannot carry (a YAML `!!binary`
    or `!!set`, a string with a lone surrogate, a key that is not a string, a
    non-finite number; from the Python API also bytes, sets, dates, and
    subclasses of str, int or float), in document order, and for the first
    value of a branch nested deeper than MAX_DEPTH (walked without recursion).

    No validator is asked about such a document: jsonschema-rs raises on
    them, jsonschema quotes them (repr of a deep structure exhausts the stack)."""
    problems: list[tuple[str, str]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(instance, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            problems.append((pointer_of(path), f"nested more than {MAX_DEPTH} levels deep"))
            continue
        kind = type(value)
        if kind is dict:
            children = []
            for key, child in value.items():
                problem = _key_problem(key)
                if problem is not None:
                    problems.append((pointer_of(path), problem))
                else:
                    children.append((child, (*path, key)))
            stack.extend(reversed(children))
        elif kind is list:
            stack.extend(reversed([(child, (*path, i)) for i, child in enumerate(value)]))
        else:
            problem = _scalar_problem(value)
            if problem is not None:
                problems.append((pointer_of(path), problem))
    return problems


_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_SCALARS = (str, int, float, bool, type(None))


def _lone_surrogate(text: str) -> str | None:
    """The first lone surrogate of a text (as U+XXXX), if it has one."""
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    return None if found is None else f"U+{ord(found[0]):04X}"


def _key_problem(key: Any) -> str | None:
    if type(key) is not str:
        return f"key {_shown(key)} is not a string"
    surrogate = _lone_surrogate(key)
    if surrogate is not None:
        return f"key {short_repr(key)} is not valid Unicode (a lone surrogate, {surrogate})"
    return None


def _scalar_problem(value: Any) -> str | None:
    kind = type(value)
    if kind is str:
        surrogate = _lone_surrogate(value)
        if surrogate is None:
            return None
        return f"{short_repr(value)} is not valid Unicode (a lone surrogate, {surrogate})"
    if kind is bool or value is None:
        return None
    if kind is int:
        limit = sys.get_int_max_str_digits()
        if limit and abs(value) >= _power_of_ten(limit):
            return f"an integer with more than {limit} digits"
        return None
    if kind is float:
        return None if math.isfinite(value) else f"{value} is not a finite number"
    if isinstance(value, NotJson):
        return (
            f"{value!r} is not JSON: a manifest holds only strings, numbers, "
            "true/false, null, lists and mappings"
        )
    if isinstance(value, _JSON_SCALARS):
        base = next(t for t in _JSON_SCALARS if isinstance(value, t)).__name__
        return f"a value of type {kind.__name__} is not JSON: pass a plain {base}"
    return f"a value of type {kind.__name__} is not JSON"


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, NotJson) else short_repr(value)


@cache
def _power_of_ten(digits: int) -> int:
    """The smallest integer with more than `digits` decimal digits."""
    return int(10**digits)


def _message(error: ValidationError) -> str:
    value, rule = error.instance, error.validator_value
    quoted = short_repr(value)
    if error.validator == "enum" and isinstance(rule, list) and len(rule) > _LONG_ENUM:
        return (
            f"{quoted} is not an ISO 3166-1 alpha-2 country code "
            f"(two upper-case letters, e.g. 'DE'){hints.country_code(value, rule)}"
        )
    if error.validator == "enum" and isinstance(rule, list):
        listed = ", ".join(short_repr(v) for v in rule)
        return f"{quoted} is not one of {listed}{hints.nearest(value, rule)}"
    if error.validator == "const" and isinstance(rule, str):
        return f"{quoted} is not {rule!r}{hints.nearest(value, [rule])}"
    if error.validator == "type" and value is None:
        expected = _types(rule)
        return f"an empty value (null) where {expected} is expected"
    where = error.schema if isinstance(error.schema, dict) else {}
    if isinstance(value, str) and error.validator in _STRING_FORM_RULES:
        if where.get("format") == "date":
            return date_problem(value) or f"{quoted} is not a date in YYYY-MM-DD form"
        if error.validator != "maxLength" and "pattern" in where:
            return _not_in_form(quoted, str(where["pattern"]))
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


# The rules that judge a string's form: the pattern, the `not` that refuses a
# line break (`$` lets a trailing one through in Python's re), the length of
# a fixed-length form, and a format.
_STRING_FORM_RULES = ("pattern", "not", "maxLength", "format")

# What each pattern of the schemas means, so that no message quotes one.
_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
_RULE_PATTERN = "^[A-Z]+(-[A-Z]+)*-[0-9]{3}$"


def _not_in_form(quoted: str, pattern: str) -> str:
    if pattern == _ID_PATTERN:
        return (
            f"{quoted} is not an identifier (letters, digits, '.', '_', '-'; "
            "at most 64; starting with a letter or digit)"
        )
    if pattern == _RULE_PATTERN:
        return f"{quoted} is not a rule id (such as 'CMP-SEC-003'; see `helixgate rules`)"
    return f"{quoted} is not in the form this field takes"


def _unknown_fields(value: dict[str, Any], schema: Any) -> str:
    """The message for unknown fields, naming a few of them, each shortly:
    "unknown field ('x' was unexpected)"."""
    known = schema.get("properties", {}) if isinstance(schema, dict) else {}
    extra = sorted((key for key in value if key not in known), key=str)
    named = ", ".join(short_repr(key) for key in extra[:_MAX_NAMED_FIELDS])
    if len(extra) > _MAX_NAMED_FIELDS:
        named += f" and {len(extra) - _MAX_NAMED_FIELDS} more"
    verb = "was" if len(extra) == 1 else "were"
    suggestion = hints.nearest(extra[0], list(known)) if len(extra) == 1 else ""
    if any(value[key] is None for key in extra):
        # `{name: Example Co., Ltd., ...}`: the comma ended the value, and the
        # rest became a key without a value.
        suggestion += (
            "; a comma ends a value in the {...} style: quote a value that holds one, "
            'e.g. name: "Example (Shenzhen) Co., Ltd."'
        )
    return f"unknown field ({named} {verb} unexpected){suggestion}"


def _types(rule: Any) -> str:
    names = rule if isinstance(rule, list) else [rule]
    article = {"integer": "an", "object": "an", "array": "an"}
    return " or ".join(f"{article.get(str(n), 'a')} {n}" for n in names)


def _quoting_shortly(message: str, value: Any, quoted: str) -> str:
    """jsonschema's message with the value it quotes whole cut down to its
    short form; the rest of the message, which says what is wrong, is kept."""
    if len(message) <= MAX_VALUE_CHARS:
        return message
    whole = repr(value)  # safe: the value is at most MAX_DEPTH deep
    return message.replace(whole, quoted, 1) if whole != quoted else message
