"""helixgate.loader: YAML 1.2 core scalars, refused inputs, documents and positions.

manifest-v1.md, "Format rules": scalars follow the YAML 1.2 core schema,
duplicate keys are errors in YAML and JSON alike, and every error and finding
can be placed on a line.
"""

from __future__ import annotations

import time

import pytest

from conftest import line_col
from helixgate.errors import InputError
from helixgate.loader import Document, NotJson, load


def only(text: str, *, is_json: bool = False, source: str = "m.yaml") -> Document:
    documents = list(load(source, text, is_json))
    assert len(documents) == 1
    return documents[0]


def value_of(scalar: str) -> object:
    return only(f"value: {scalar}\n").data["value"]


def load_error(text: str, *, is_json: bool = False) -> InputError:
    with pytest.raises(InputError) as caught:
        list(load("m.json" if is_json else "m.yaml", text, is_json))
    return caught.value


# --------------------------------------------------------------------------
# YAML 1.2 core schema scalars


def test_unquoted_no_is_read_as_the_string_norway():
    document = only("parties:\n  - country: NO\n")
    assert document.data["parties"][0]["country"] == "NO"


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        pytest.param("NO", "NO", id="NO-is-a-string"),
        pytest.param("no", "no", id="no-is-a-string"),
        pytest.param("yes", "yes", id="yes-is-a-string"),
        pytest.param("Yes", "Yes", id="Yes-is-a-string"),
        pytest.param("off", "off", id="off-is-a-string"),
        pytest.param("on", "on", id="on-is-a-string"),
        pytest.param("y", "y", id="y-is-a-string"),
        pytest.param("n", "n", id="n-is-a-string"),
        pytest.param("true", True, id="true-is-boolean"),
        pytest.param("false", False, id="false-is-boolean"),
        pytest.param("True", True, id="True-is-boolean"),
        pytest.param("FALSE", False, id="FALSE-is-boolean"),
    ],
)
def test_only_true_and_false_are_booleans(scalar, expected):
    value = value_of(scalar)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        pytest.param("0120", 120, id="leading-zero-is-decimal"),
        pytest.param("007", 7, id="leading-zeros-are-decimal"),
        pytest.param("0o17", 15, id="0o-is-octal"),
        pytest.param("0x1F", 31, id="0x-is-hex"),
        pytest.param("-42", -42, id="negative-decimal"),
        pytest.param("+12", 12, id="plus-sign-decimal"),
    ],
)
def test_integers_are_decimal_unless_0o_or_0x(scalar, expected):
    value = value_of(scalar)
    assert value == expected
    assert type(value) is int


@pytest.mark.parametrize(
    "scalar",
    [
        pytest.param("1_000", id="underscore-digits"),
        pytest.param("1:30", id="sexagesimal"),
        pytest.param("0b101", id="yaml-1.1-binary"),
        pytest.param("2026-02-30", id="impossible-date"),
        pytest.param("2026-12-01", id="date"),
        pytest.param("2026-12-01T10:00:00Z", id="timestamp"),
    ],
)
def test_yaml_1_1_only_forms_stay_the_strings_that_were_written(scalar):
    assert value_of(scalar) == scalar


@pytest.mark.parametrize("scalar", ["~", "null", "Null", "NULL", ""])
def test_tilde_null_and_empty_are_none(scalar):
    assert value_of(scalar) is None


def test_decimal_fractions_are_floats():
    assert value_of("16.1") == pytest.approx(16.1)
    assert value_of("1e3") == 1000.0
    assert type(value_of("1e3")) is float


def test_quoted_scalars_are_always_strings():
    document = only("a: 'NO'\nb: \"0120\"\nc: 'true'\nd: '~'\n")
    assert document.data == {"a": "NO", "b": "0120", "c": "true", "d": "~"}


# --------------------------------------------------------------------------
# Tags


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        pytest.param("!!binary aGVsbG8=", "!!binary", id="binary"),
        pytest.param("!!binary not-base64!", "!!binary", id="binary-not-base64"),
        pytest.param("!!set {a, b}", "!!set", id="set"),
        pytest.param("!!timestamp 2026-12-01", "!!timestamp", id="timestamp"),
        pytest.param("!!omap [a: 1]", "!!omap", id="omap"),
        pytest.param("!!pairs [a: 1]", "!!pairs", id="pairs"),
        pytest.param("!!python/name:os.system", "!!python/name:os.system", id="python-name"),
        pytest.param("!reference [.setup, script]", "!reference", id="gitlab-reference"),
        pytest.param("!Ref MyBucket", "!Ref", id="cloudformation-ref"),
    ],
)
def test_a_value_json_has_no_type_for_is_read_as_a_placeholder_not_an_error(value, tag):
    """Whether it is an error depends on whether the document is a manifest
    (a mkdocs.yml with `!!python/name:` is skipped, not refused)."""
    assert value_of(value) == NotJson(tag)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("!!int 12", 12, id="int"),
        pytest.param("!!int 0x1F", 31, id="hex-int"),
        pytest.param("!!float 1", 1.0, id="float-from-digits"),
        pytest.param("!!bool false", False, id="bool"),
        pytest.param("!!null ~", None, id="null"),
        pytest.param("!!str 0120", "0120", id="str"),
        pytest.param("!!str true", "true", id="str-true"),
    ],
)
def test_a_json_tag_on_a_value_of_its_type_reads_as_that_value(value, expected):
    read = value_of(value)
    assert read == expected
    assert type(read) is type(expected)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("!!int abc", id="int-letters"),
        pytest.param("!!int 0o9", id="int-bad-octal"),
        pytest.param("!!int 0x", id="int-empty-hex"),
        pytest.param('!!int ""', id="int-empty"),
        pytest.param("!!int 1_000", id="int-underscore"),
        pytest.param("!!float abc", id="float-letters"),
        pytest.param("!!float 1_0", id="float-underscore"),
        pytest.param("!!bool yes", id="bool-yaml-1.1"),
        pytest.param("!!bool maybe", id="bool-word"),
        pytest.param("!!null nothing", id="null-word"),
    ],
)
def test_a_json_tag_on_a_value_of_another_type_is_a_located_syntax_error(value):
    """These raised ValueError or KeyError out of the reader: a traceback."""
    error = load_error(f"a: 1\nvalue: {value}\n")
    assert error.kind == "syntax"
    assert (error.location.line, error.location.column) == (2, len("value: ") + 1)
    assert "is not" in error.message


# --------------------------------------------------------------------------
# Refused inputs


def test_duplicate_key_in_yaml_is_rejected_at_the_second_key():
    text = "parties:\n  - id: lab\n    country: DE\n    name: Lab\n    country: CN\n"
    error = load_error(text)
    assert error.kind == "syntax"
    assert "country" in error.message
    assert (error.location.line, error.location.column) == (5, 5)


def test_duplicate_top_level_key_in_yaml_is_rejected_at_the_second_key():
    error = load_error("kind: A\napiVersion: x\nkind: B\n")
    assert (error.location.line, error.location.column) == (3, 1)


def test_duplicate_key_in_json_is_rejected_at_the_second_key():
    text = '{\n  "parties": [\n    {"id": "lab",\n     "country": "DE",\n     "country": "CN"}\n  ]\n}\n'
    error = load_error(text, is_json=True)
    assert error.kind == "syntax"
    assert "country" in error.message
    assert (error.location.line, error.location.column) == (5, 6)


def test_duplicate_key_is_rejected_in_json_text_without_a_json_suffix():
    error = load_error('{"a": 1,\n "a": 2}\n')
    assert "'a'" in error.message
    assert error.location.line == 2


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1: one\n", id="integer-key"),
        pytest.param("true: yes\n", id="boolean-key"),
        pytest.param("null: nothing\n", id="null-key"),
        pytest.param("1.5: x\n", id="float-key"),
        pytest.param("? [a, b]\n: x\n", id="sequence-key"),
        pytest.param("outer:\n  ~: x\n", id="nested-null-key"),
    ],
)
def test_non_string_key_is_rejected(text):
    error = load_error(text)
    assert error.kind == "syntax"
    assert error.location.line is not None


@pytest.mark.parametrize("scalar", [".nan", ".NaN", ".NAN", ".inf", ".Inf", "-.inf", "+.inf"])
def test_yaml_nan_and_infinity_are_rejected(scalar):
    error = load_error(f"share: {scalar}\n")
    assert error.kind == "syntax"
    assert error.location.line == 1


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_rejected(constant):
    error = load_error(f'{{"share": {constant}}}', is_json=True)
    assert error.kind == "syntax"
    assert constant in error.message


def _billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [9, 10])
def test_alias_bomb_is_refused_as_a_limit_error_quickly(levels):
    started = time.monotonic()
    error = load_error(_billion_laughs(levels))
    assert error.kind == "limit"
    assert time.monotonic() - started < 2.0


def test_a_few_anchors_and_aliases_are_expanded():
    document = only("defaults: &d {country: DE, role: cro}\nlab: *d\n")
    assert document.data["lab"] == {"country": "DE", "role": "cro"}


# --------------------------------------------------------------------------
# Documents


def test_multi_document_yaml_yields_documents_in_order_with_indexes():
    documents = list(load("m.yaml", "a: 1\n---\nb: 2\n---\nc: 3\n", False))
    assert [d.index for d in documents] == [0, 1, 2]
    assert [d.data for d in documents] == [{"a": 1}, {"b": 2}, {"c": 3}]
    assert all(d.source == "m.yaml" for d in documents)


def test_syntax_error_in_document_2_still_yields_documents_0_and_1():
    text = "a: 1\n---\nb: 2\n---\nc: [unclosed\n---\nd: 4\n"
    seen: list[Document] = []
    with pytest.raises(InputError) as caught:
        seen.extend(load("m.yaml", text, False))
    assert [(d.index, d.data) for d in seen] == [(0, {"a": 1}), (1, {"b": 2})]
    assert caught.value.kind == "syntax"
    assert caught.value.location.document == 2
    assert caught.value.location.line is not None
    assert caught.value.location.line >= 5


def test_duplicate_key_in_document_1_is_reported_for_document_1():
    seen: list[Document] = []
    with pytest.raises(InputError) as caught:
        seen.extend(load("m.yaml", "a: 1\n---\nb: 2\nb: 3\n", False))
    assert [d.index for d in seen] == [0]
    assert caught.value.location.document == 1
    assert caught.value.location.line == 4


# --------------------------------------------------------------------------
# Positions

_YAML = """\
apiVersion: helixgate/v1
parties:
  - id: lab-de
    country: DE
transfers:
  - id: t1
    item: tcells
  - id: t2
    item: wgs
"""


def test_a_list_item_is_located_at_the_start_of_its_mapping():
    document = only(_YAML)
    assert document.locate("/transfers/0") == line_col(_YAML, "id: t1")
    assert document.locate("/transfers/1") == line_col(_YAML, "id: t2")


def test_a_field_is_located_at_its_value():
    document = only(_YAML)
    assert document.locate("/parties/0/country") == line_col(_YAML, "DE")
    assert document.locate("/transfers/1/item") == line_col(_YAML, "wgs")


def test_a_missing_child_is_located_at_its_nearest_existing_parent():
    document = only(_YAML)
    assert document.locate("/parties/0/headquarters") == line_col(_YAML, "id: lab-de")
    assert document.locate("/transfers/7") == document.locate("/transfers")
    assert document.locate("/compliance/assessment") == (1, 1)


def test_the_empty_pointer_is_the_whole_document():
    assert only(_YAML).locate("") == (1, 1)


def test_positions_in_a_later_document_are_lines_of_the_file():
    text = "a: 1\n---\n" + _YAML
    documents = list(load("m.yaml", text, False))
    assert documents[1].locate("/transfers/1") == line_col(text, "id: t2")


def test_pointer_escapes_are_decoded():
    text = "metadata:\n  labels:\n    a/b: one\n    c~d: two\n"
    document = only(text)
    assert document.locate("/metadata/labels/a~1b") == line_col(text, "one")
    assert document.locate("/metadata/labels/c~0d") == line_col(text, "two")


_JSON = """\
{
  "apiVersion": "helixgate/v1",
  "parties": [
    {"id": "lab-de", "country": "DE"}
  ],
  "transfers": [
    {
      "id": "t1",
      "item": "tcells"
    }
  ]
}
"""


def test_json_positions_are_found_too():
    document = only(_JSON, is_json=True, source="m.json")
    assert document.data["parties"][0]["country"] == "DE"
    assert document.locate("/parties/0/country") == line_col(_JSON, '"DE"')
    assert document.locate("/transfers/0") == line_col(_JSON, "{", 2)
    assert document.locate("/transfers/0/item") == line_col(_JSON, '"tcells"')
    assert document.locate("/parties/0/owners") == line_col(_JSON, '{"id"')


def test_json_positions_are_found_in_text_with_escaped_surrogates():
    """libyaml, which finds positions, refuses an escaped surrogate: lone (a
    value JSON cannot carry, to be reported at its line) or paired (an emoji)."""
    text = (
        '{\n  "metadata": {"title": "\\ud83d\\ude00", "labels": {"\\ud800": "x"}},\n'
        '  "parties": [\n    {"id": "lab-de", "note": "\\udc00", "country": "DE"}\n  ]\n}\n'
    )
    document = only(text, is_json=True, source="m.json")
    assert document.data["metadata"]["title"] == "\N{GRINNING FACE}"
    assert document.data["parties"][0]["note"] == "\udc00"
    assert document.locate("/metadata/labels") == line_col(text, '{"\\ud800"')
    assert document.locate("/parties/0/note") == line_col(text, '"\\udc00"')
    assert document.locate("/parties/0/country") == line_col(text, '"DE"')


def test_an_escaped_backslash_before_u_is_not_taken_for_an_escape():
    text = '{"a": "\\\\ud800", "b": "DE"}'
    document = only(text, is_json=True, source="m.json")
    assert document.data["a"] == "\\ud800"
    assert document.locate("/b") == line_col(text, '"DE"')
