"""Parsing YAML and JSON text into documents that remember where each node was.

YAML is read with PyYAML's safe loader (the C one where present) and the
scalars of the YAML 1.2 core schema: `true`/`false` are the only booleans
(`NO` stays the string Norway needs), integers are decimal (`0120` is 120),
`0o` octal or `0x` hex, and there are no timestamps. A value JSON cannot
carry (`!!binary`, `!!set`, `!!timestamp`, a tag no schema defines, such as
mkdocs' `!!python/name:` or GitLab's `!reference`) is read as a NotJson
placeholder: whether that is an error depends on whether the document is a
manifest, which the loader does not judge. JSON is read with the standard
library. Duplicate keys, non-string keys and non-finite numbers are errors in
both. Positions are looked up only when a finding or an error needs one.
"""

from __future__ import annotations

import json
import math
import re
import reprlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from .errors import InputError, Location

try:
    _BaseLoader: type[Any] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

# Anchors and aliases share nodes; a document that expands past this many
# nodes (an "alias bomb") is refused before anything walks it.
MAX_EXPANDED_NODES = 500_000

# A file of `---` lines holds a million empty documents in 4 MB, and each
# would be reported as skipped: past this many, the file is a limit error.
MAX_DOCUMENTS = 10_000

# JSON nesting deeper than this is located at this level when the reader
# gives up (libyaml's own limit for YAML is the same).
MAX_JSON_DEPTH = 1000

# Values quoted in error messages are cut to MAX_VALUE_CHARS characters, and
# a message to MAX_MESSAGE_CHARS: an input can hold a 1,000-digit number, a
# megabyte string or a structure a thousand levels deep, and quoting it whole
# would bury the message (repr of a deep structure can exhaust the stack).
MAX_VALUE_CHARS = 80
MAX_MESSAGE_CHARS = 300
_ELLIPSIS = "..."
_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = MAX_VALUE_CHARS
_SHORT.maxlong = 40
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = _SHORT.maxdict = 6
_SHORT.maxlevel = 3

_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"

# The YAML 1.2 core schema's scalars (what a plain scalar resolves to, and
# what an explicitly tagged one must look like).
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def short_repr(value: Any, limit: int = MAX_VALUE_CHARS) -> str:
    """repr(value) for a short value; for a long or deep one, a cut-down repr
    of at most `limit` characters, the cut marked with an ellipsis. An integer
    too long for Python to write out (over 4,300 digits) is described."""
    try:
        return shorten(_SHORT.repr(value), limit)
    except ValueError:
        if isinstance(value, int):
            return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
        return shorten(f"a {type(value).__name__} too large to show", limit)


def shorten(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """`text` if it has at most `limit` characters, else its start and an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: limit - len(_ELLIPSIS)] + _ELLIPSIS


class _LimitError(yaml.constructor.ConstructorError):
    """A document beyond one of the reader's limits (error kind `limit`)."""


@dataclass(frozen=True)
class NotJson:
    """Where YAML had a value JSON cannot carry: its tag, as written in short
    form (`!!binary`, `!reference`)."""

    tag: str

    def __repr__(self) -> str:
        return f"a value tagged {self.tag}"


_YAML_TAG_PREFIX = "tag:yaml.org,2002:"


def _short_tag(tag: str) -> str:
    if tag.startswith(_YAML_TAG_PREFIX):
        return "!!" + tag[len(_YAML_TAG_PREFIX) :]
    return tag


def _max_digits() -> int:
    """The most decimal digits Python converts to an int (0: no limit)."""
    return sys.get_int_max_str_digits()


def _too_many_digits(text: str) -> str | None:
    """The message for a decimal integer with more digits than Python converts."""
    digits = len(text.lstrip("+-"))
    limit = _max_digits()
    if limit and digits > limit:
        return f"integer with {digits} digits: more than the {limit} this reader accepts"
    return None


class Yaml12Loader(_BaseLoader):  # type: ignore[misc]
    """PyYAML's safe loader with the YAML 1.2 core schema's scalars."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found {node.id}", node.start_mark
            )
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"keys must be strings, found {short_repr(key)}",
                    key_node.start_mark,
                )
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {short_repr(key)}",
                    key_node.start_mark,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_not_json(self, node: yaml.Node) -> NotJson:
        return NotJson(_short_tag(str(node.tag)))

    def _core_scalar(self, node: yaml.ScalarNode, pattern: re.Pattern[str], what: str) -> str:
        """The text of a scalar tagged explicitly (`!!int abc`) or resolved as
        `what`; an error at the scalar when the text is no such value."""
        text = str(self.construct_scalar(node))
        if pattern.fullmatch(text) is None:
            raise yaml.constructor.ConstructorError(
                None, None, f"{short_repr(text)} is not {what}", node.start_mark
            )
        return text

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        return self._core_scalar(node, _BOOL, "a boolean (true or false)").lower() == "true"

    def construct_yaml_null(self, node: yaml.ScalarNode) -> None:
        self._core_scalar(node, _NULL, "null")

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = self._core_scalar(node, _INT, "an integer")
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        too_long = _too_many_digits(text)
        if too_long is not None:
            raise _LimitError(None, None, too_long, node.start_mark)
        return int(text, 10)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        text = self._core_scalar(node, _FLOAT, "a number")
        raise_if = text.lower().lstrip("+-")
        if raise_if in (".inf", ".nan"):
            raise yaml.constructor.ConstructorError(
                None, None, f"{text} is not a finite number", node.start_mark
            )
        value = float(text)
        if not math.isfinite(value):
            raise yaml.constructor.ConstructorError(
                None, None, f"{short_repr(text)[1:-1]} is not a finite number", node.start_mark
            )
        return value


for _tag, _pattern, _first in (
    (_BOOL_TAG, _BOOL, "tTfF"),
    (_NULL_TAG, _NULL, ["~", "n", "N", ""]),
    (_INT_TAG, _INT, "-+0123456789"),
    (_FLOAT_TAG, _FLOAT, "-+.0123456789"),
):
    Yaml12Loader.add_implicit_resolver(_tag, _pattern, list(_first))

Yaml12Loader.add_constructor(_BOOL_TAG, Yaml12Loader.construct_yaml_bool)
Yaml12Loader.add_constructor(_NULL_TAG, Yaml12Loader.construct_yaml_null)
Yaml12Loader.add_constructor(_INT_TAG, Yaml12Loader.construct_yaml_int)
Yaml12Loader.add_constructor(_FLOAT_TAG, Yaml12Loader.construct_yaml_float)
# No timestamps in the core schema (a plain date stays the string that was
# written); binary, set, ordered maps and pairs have no JSON form; and the
# `None` entry takes every tag no constructor knows.
for _tag in ("timestamp", "binary", "set", "omap", "pairs"):
    Yaml12Loader.add_constructor(_YAML_TAG_PREFIX + _tag, Yaml12Loader.construct_not_json)
Yaml12Loader.add_constructor(None, Yaml12Loader.construct_not_json)


@dataclass
class Document:
    """One document of a source: its data, and a way to find where a pointer is."""

    source: str
    index: int
    data: Any
    node: yaml.Node | None = None
    text: str | None = field(default=None, repr=False)

    def location(self, pointer: str) -> Location:
        """Where `pointer` is in this document (line and column when known)."""
        line, column = self.locate(pointer) or (None, None)
        return Location(self.source, self.index, pointer, line, column)

    def locate(self, pointer: str | None) -> tuple[int, int] | None:
        """(line, column), 1-based, of the node a JSON pointer names, or of its
        nearest existing parent."""
        if pointer is None:
            return None
        if self.node is None and self.text is not None:
            self.node = _compose_for_positions(self.text)
        if self.node is None:
            return None
        node = _walk(self.node, pointer)
        return node.start_mark.line + 1, node.start_mark.column + 1


def load(source: str, text: str, is_json: bool) -> Iterator[Document]:
    """The documents of a text, in order. A syntax error stops the file at the
    document where it is found (the documents before it are still yielded)."""
    if is_json or _looks_like_json(text):
        yield _load_json(source, text)
    else:
        yield from _load_yaml(source, text)


def _looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def _load_yaml(source: str, text: str) -> Iterator[Document]:
    loader = Yaml12Loader(text)
    index = 0
    try:
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
                if index >= MAX_DOCUMENTS:
                    message = f"more than {MAX_DOCUMENTS} documents in one file"
                    raise _LimitError(None, None, message, node.start_mark)
                if "&" in text:  # no anchor, no alias: nothing can expand
                    _check_expansion(node)
                data = loader.construct_document(node)
            except yaml.MarkedYAMLError as error:
                raise _yaml_error(source, index, error, text) from error
            except yaml.reader.ReaderError as error:
                raise _reader_error(source, index, error, text) from error
            except yaml.YAMLError as error:
                raise InputError("syntax", str(error), Location(source, index)) from error
            except RecursionError as error:
                raise InputError(
                    "limit", "nested too deeply to read", Location(source, index)
                ) from error
            yield Document(source, index, data, node=node)
            index += 1
    finally:
        loader.dispose()


def _yaml_error(
    source: str, index: int, error: yaml.MarkedYAMLError, text: str | None = None
) -> InputError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "cannot be read"
    if error.context and error.problem:
        problem = f"{problem} ({error.context})"
    if mark is not None and text is not None and _tab_indented(text, mark.line):
        problem += "; the line is indented with a tab: YAML indentation must use spaces"
    limited = "expands to more than" in problem or "nesting depth" in problem
    kind = "limit" if limited or isinstance(error, _LimitError) else "syntax"
    location = Location(source, index)
    if mark is not None:
        location = Location(source, index, None, mark.line + 1, mark.column + 1)
    return InputError(kind, problem, location)


def _reader_error(source: str, index: int, error: yaml.reader.ReaderError, text: str) -> InputError:
    """A character YAML does not allow (a NUL, another control character),
    at its line and column. libyaml gives the offset in UTF-8 bytes, PyYAML's
    own reader in characters."""
    offset = error.position
    if _BaseLoader is not yaml.SafeLoader:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", "ignore"))
    character = error.character if isinstance(error.character, int) else ord(error.character)
    message = f"unacceptable character #x{character:04x}: {error.reason}"
    return InputError("syntax", message, Location.at_offset(source, text, offset, index))


def _tab_indented(text: str, line: int) -> bool:
    """Whether the 0-based `line` of `text` has a tab in its indentation."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return False
    end = text.find("\n", start)
    content = text[start : end if end >= 0 else len(text)]
    return "\t" in content[: len(content) - len(content.lstrip(" \t"))]


def _check_expansion(root: yaml.Node) -> None:
    """Count the nodes a document has once its aliases are expanded, sharing
    the count of a node reached twice, so a bomb is caught in linear time."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            total = 1 + sum(sizes[id(child)] for child in children)
            if total > MAX_EXPANDED_NODES:
                raise yaml.MarkedYAMLError(
                    problem=f"document expands to more than {MAX_EXPANDED_NODES} nodes "
                    "(anchors and aliases)",
                    problem_mark=node.start_mark,
                )
            sizes[id(node)] = total
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _load_json(source: str, text: str) -> Document:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, value in items:
            if key in mapping:
                raise _DuplicateKey(key)
            mapping[key] = value
        return mapping

    def constant(name: str) -> Any:
        raise _NotFinite(name)

    def real(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):  # 1e999 reads as infinity
            raise _NotFinite(literal)
        return value

    def integer(literal: str) -> int:
        too_long = _too_many_digits(literal)
        if too_long is not None:
            raise _TooLong(literal, too_long)
        return int(literal)

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=constant,
            parse_float=real,
            parse_int=integer,
        )
    except json.JSONDecodeError as error:
        raise InputError(
            "syntax", error.msg, Location(source, 0, None, error.lineno, error.colno)
        ) from error
    except _DuplicateKey as error:
        raise InputError(
            "syntax", f"duplicate key {short_repr(error.key)}", _yaml_location(source, text)
        ) from error
    except _NotFinite as error:
        name = short_repr(error.name)[1:-1]
        raise InputError(
            "syntax", f"{name} is not a finite number", _json_token(source, text, error.name)
        ) from error
    except _TooLong as error:
        raise InputError(
            "limit", error.message, _json_token(source, text, error.literal)
        ) from error
    except RecursionError as error:
        raise InputError(
            "limit", "nested too deeply to read", _json_too_deep(source, text)
        ) from error
    return Document(source, 0, data, text=text)


# JSON tokens that matter for locating an error: strings (skipped whole, so
# nothing inside one is mistaken for structure), brackets, and numbers or
# the non-finite constants.
_JSON_TOKEN = re.compile(
    r'"(?:[^"\\]|\\.)*"'
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    r"|(?P<value>-?(?:Infinity|NaN|[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?))"
)


def _json_token(source: str, text: str, literal: str) -> Location:
    """Where the first number or constant written as `literal` is."""
    for match in _JSON_TOKEN.finditer(text):
        if match.group("value") == literal:
            return Location.at_offset(source, text, match.start())
    return Location(source, 0)


def _json_too_deep(source: str, text: str) -> Location:
    """Where the nesting first reaches MAX_JSON_DEPTH levels (or, in a text
    the reader gave up on earlier, its deepest point)."""
    depth, deepest, where = 0, 0, 0
    for match in _JSON_TOKEN.finditer(text):
        if match.group("open"):
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
                if depth >= MAX_JSON_DEPTH:
                    break
        elif match.group("close"):
            depth -= 1
    return Location.at_offset(source, text, where)


def _yaml_location(source: str, text: str) -> Location:
    """Where the YAML reader (which checks duplicates with positions) sees the problem."""
    try:
        for _ in _load_yaml(source, text):
            pass
    except InputError as error:
        return Location(source, 0, None, error.location.line, error.location.column)
    return Location(source, 0)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _NotFinite(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


class _TooLong(Exception):
    def __init__(self, literal: str, message: str) -> None:
        self.literal = literal
        self.message = message


# What YAML does not accept in a stream, or reads as a line break where JSON
# (whose only line break is \n) does not: in JSON text composed for positions
# each such character becomes one space, so lines and columns stay JSON's.
_NOT_LIKE_JSON = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]|\r(?!\n)"
)


# An escaped surrogate (`\uD800`): libyaml refuses each one, lone or paired,
# so in JSON text composed for positions each becomes `\uFFFD` (as long, so
# columns stay JSON's). An escaped backslash is matched whole, so the text
# `\\uD800` (a backslash, then "uD800") is left alone.
_SURROGATE_ESCAPE = re.compile(r"\\(?:\\|u[dD][89a-fA-F][0-9a-fA-F]{2})")


def _without_surrogate_escapes(text: str) -> str:
    if "\\u" not in text:
        return text
    return _SURROGATE_ESCAPE.sub(lambda m: m[0] if m[0] == "\\\\" else "\\ufffd", text)


def _compose_for_positions(text: str) -> yaml.Node | None:
    try:
        composable = _without_surrogate_escapes(_NOT_LIKE_JSON.sub(" ", text))
        return yaml.compose(composable, Loader=Yaml12Loader)
    except (yaml.YAMLError, RecursionError):
        return None


def _walk(node: yaml.Node, pointer: str) -> yaml.Node:
    if pointer == "":
        return node
    for token in pointer.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == token:
                    child = value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and token.isdigit():
            index = int(token)
            if index < len(node.value):
                child = node.value[index]
        if child is None:
            break
        node = child
    return node
