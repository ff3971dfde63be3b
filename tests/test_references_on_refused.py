"""Reference errors in the same run as schema errors, without the noise.

The reference checks also run on a document the schema refuses: an error
that rests on nothing the schema refused is reported beside the schema's
errors, each at its line; one that rests on a refused value (a wrongly
typed section, a misspelt field, an id that is not an identifier) is the
schema error's echo and is not. No check raises on a type the schema
refuses: every value of the v2 manifest, replaced by one of every other JSON
type, gives schema errors only; random replacements never raise."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import dump_yaml
from document_paths import value_paths
from helixgate.errors import InputErrors
from helixgate.loader import load
from helixgate.manifests import validate
from helixgate.references import reference_errors
from helixgate.schema import pointer_of, schema_errors
from test_references_v2 import BAD_LEI, _v2

HELIXGATE = str(Path(sys.executable).parent / "helixgate")


def _errors(manifest: Any) -> list[tuple[str, str, int | None]]:
    """(kind, pointer, line) of each input error of the manifest, read as YAML."""
    (document,) = list(load("m.yaml", dump_yaml(manifest), False))
    with pytest.raises(InputErrors) as caught:
        validate(document)
    return [(e.kind, e.pointer or "", e.line) for e in caught.value.errors]


def _line(text: str, needle: str) -> int:
    return text.count("\n", 0, text.index(needle)) + 1


def _changed(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    manifest = _v2()
    change(manifest)
    return manifest


# --------------------------------------------------------------------------
# Independent errors: both, in one run, each at its line


def test_a_schema_error_and_an_independent_dangling_reference_are_both_reported():
    manifest = _v2()
    manifest["parties"][0]["country"] = "XX"
    manifest["transfers"][5]["to"] = "nobody"  # t6, the open-access summary
    text = dump_yaml(manifest)
    assert _errors(manifest) == [
        ("schema", "/parties/0/country", _line(text, "country: XX")),
        ("reference", "/transfers/5/to", _line(text, "to: nobody")),
    ]


def test_a_schema_error_and_a_bad_check_digit_elsewhere_are_both_reported():
    manifest = _v2()
    manifest["transfers"][0]["purpose"] = "care"
    manifest["study"]["sponsor"]["lei"] = BAD_LEI
    text = dump_yaml(manifest)
    assert _errors(manifest) == [
        ("schema", "/transfers/0/purpose", _line(text, "purpose: care")),
        ("reference", "/study/sponsor/lei", _line(text, BAD_LEI)),
    ]


def test_the_cli_reports_both_with_file_line_and_kind(tmp_path):
    manifest = _v2()
    manifest["parties"][0]["country"] = "XX"
    manifest["transfers"][5]["to"] = "nobody"
    text = dump_yaml(manifest)
    (tmp_path / "study.yaml").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [HELIXGATE, "validate", "study.yaml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    shown = done.stdout + done.stderr
    assert done.returncode == 2
    assert f"study.yaml:{_line(text, 'country: XX')}:" in shown
    assert "error[schema] at /parties/0/country" in shown
    assert f"study.yaml:{_line(text, 'to: nobody')}:" in shown
    assert "error[reference] at /transfers/5/to" in shown
    assert "Traceback" not in shown
    report = json.loads(
        subprocess.run(
            [HELIXGATE, "validate", "--format", "json", "study.yaml"],
            cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        ).stdout
    )  # fmt: skip
    assert [(e["kind"], e["pointer"], e["line"]) for e in report["errors"]] == [
        ("schema", "/parties/0/country", _line(text, "country: XX")),
        ("reference", "/transfers/5/to", _line(text, "to: nobody")),
    ]


# --------------------------------------------------------------------------
# Cascades: the schema's error alone


def _rename(path: tuple[Any, ...], old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        node: Any = manifest
        for key in path:
            node = node[key]
        node[new] = node.pop(old)

    return change


def _set(*path: Any) -> Callable[[dict[str, Any]], None]:
    *keys, value = path

    def change(manifest: dict[str, Any]) -> None:
        node: Any = manifest
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def _as_mapping(section: str) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        manifest[section] = {entry["id"]: entry for entry in manifest[section]}

    return change


def _both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        for one in changes:
            one(manifest)

    return change


CASCADES = [
    # produced_by refused: the transfers that start at the producer do not
    # become transfers "from a party that never received it".
    pytest.param(_set("data", 0, "produced_by", ""), ["/data/0/produced_by"],
                 id="produced_by_empty"),
    pytest.param(_set("data", 0, "produced_by", 3), ["/data/0/produced_by"],
                 id="produced_by_a_number"),
    pytest.param(_set("data", 0, "produced_by", "lab de"), ["/data/0/produced_by"],
                 id="produced_by_not_an_id"),
    pytest.param(_rename(("data", 0), "produced_by", "produced_bye"), ["/data/0"],
                 id="produced_by_misspelt"),
    # A section of the wrong type: no reference into it dangles.
    pytest.param(_as_mapping("parties"), ["/parties"], id="parties_a_mapping"),
    pytest.param(_set("subjects", "us-patients"), ["/subjects"], id="subjects_a_string"),
    pytest.param(_as_mapping("materials"), ["/materials"], id="materials_a_mapping"),
    pytest.param(_set("data", 0, "wgs"), ["/data/0"], id="data_entry_a_string"),
    pytest.param(_rename((), "parties", "partys"), [""], id="parties_misspelt"),
    pytest.param(_rename((), "materials", "material"), [""], id="materials_misspelt"),
    # An id the schema refuses: what names it does not dangle.
    pytest.param(_set("parties", 0, "id", 42), ["/parties/0/id"], id="party_id_a_number"),
    pytest.param(_set("parties", 1, "id", "the holding"), ["/parties/1/id"],
                 id="owner_party_id_not_an_id"),
    pytest.param(_set("subjects", 0, "id", None), ["/subjects/0/id"], id="subjects_id_null"),
    # References of the wrong type: the schema's error, never a crash.
    pytest.param(_set("transfers", 0, "item", ["tcells"]), ["/transfers/0/item"],
                 id="item_a_list"),
    pytest.param(_set("transfers", 0, "to", {"id": "lab-de"}), ["/transfers/0/to"],
                 id="to_a_mapping"),
    pytest.param(_set("transfers", 2, "from", ["lab-de"]), ["/transfers/2/from"],
                 id="from_a_list"),
    pytest.param(_set("parties", 2, "employer", {"party": 5}), ["/parties/2/employer/party"],
                 id="employer_party_a_number"),
    pytest.param(_set("data", 0, "subjects", 7), ["/data/0/subjects"], id="subjects_ref_number"),
    pytest.param(_set("parties", 0, "owners", 0, "share", "60"), ["/parties/0/owners/0/share"],
                 id="share_a_string"),
    pytest.param(_set("parties", 0, "owners", "holding"), ["/parties/0/owners"],
                 id="owners_a_string"),
    # The field a check reads is refused: its judgement is not given.
    pytest.param(_both(_set("parties", 0, "kind", "person"), _set("parties", 0, "nationality", "DE")),
                 ["/parties/0/kind"], id="kind_unknown_with_nationality"),
    pytest.param(_both(_rename(("parties", 2), "kind", "knd")), ["/parties/2"],
                 id="kind_misspelt_individual"),
    pytest.param(_set("subjects", 0, "nationality", "XX"), ["/subjects/0/nationality"],
                 id="cohort_first_nationality_refused"),
    pytest.param(_both(_set("materials", 0, "type", "cellline"),
                       _set("materials", 0, "public_since", "2001-01-01")),
                 ["/materials/0/type"], id="public_since_on_a_refused_type"),
    pytest.param(_both(_set("data", 0, "repository", "nih_controlled_access", "true"),
                       _set("data", 0, "open_access", True)),
                 ["/data/0/repository/nih_controlled_access"], id="open_access_refused_flag"),
    pytest.param(_set("transfers", 0, "to", "lab de"), ["/transfers/0/to"],
                 id="material_to_producer_not_an_id"),
    pytest.param(_set("materials", 0, "subjects", 1), ["/materials/0/subjects"],
                 id="produced_from_group_refused"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "pointers"), CASCADES)
def test_an_error_that_rests_on_a_refused_value_is_not_reported(change, pointers):
    manifest = _changed(change)
    errors = _errors(manifest)
    assert {kind for kind, _, _ in errors} == {"schema"}, errors
    assert [pointer for _, pointer, _ in errors if pointer in pointers] != []
    assert all(line is not None for _, _, line in errors)


def test_without_the_filter_the_cascades_would_be_reported():
    """The cases above are cascades indeed: the checks alone, told nothing of
    the schema's errors, give reference errors for them (produced_by)."""
    manifest = _changed(_set("data", 0, "produced_by", ""))
    assert [p for p, _ in reference_errors(manifest)] == [
        "/data/0/produced_by",
        "/transfers/2/from",
        "/transfers/3/from",
    ]
    refused = [p for p, _ in schema_errors(manifest)]
    assert reference_errors(manifest, refused) == []


# --------------------------------------------------------------------------
# Type mismatches in every section never raise, and stay the schema's errors


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object", type(None): "null"}[type(value)]


OTHERS = {
    "string": "lab-xx",
    "number": 7,
    "boolean": True,
    "null": None,
    "array": ["lab-de"],
    "object": {"id": "lab-de"},
}
HEADER = {("apiVersion",), ("kind",)}
PATHS = [p for p in value_paths(_v2()) if p not in HEADER]


def _replaced(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    manifest = _v2()
    node: Any = manifest
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = copy.deepcopy(value)
    return manifest


def test_every_section_has_values_to_replace():
    assert {p[0] for p in PATHS} >= {
        "metadata", "study", "consent", "compliance", "subjects", "materials", "data",
        "parties", "transfers",
    }  # fmt: skip
    assert len(PATHS) > 150


def test_a_value_of_another_type_anywhere_is_the_schemas_error_alone():
    """Every value of the v2 manifest (which has no error), replaced by one
    of each other JSON type: no check raises, and no reference error echoes
    the schema's."""
    noise = []
    checked = 0
    for path in PATHS:
        original = _v2()
        node: Any = original
        for key in path:
            node = node[key]
        for kind, value in OTHERS.items():
            if kind == _kind(node):
                continue
            manifest = _replaced(path, value)
            refused = [p for p, _ in schema_errors(manifest)]
            found = reference_errors(manifest, refused) if refused else []
            if refused and found:
                noise.append((pointer_of(path), kind, found))
            checked += bool(refused)
    assert noise == []
    assert checked > 500  # the replacements were refused: the property was tested


# Any JSON value, a few levels deep.
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False,
        allow_infinity=False, width=32) | st.sampled_from(["", "lab-de", "tcells", "wgs",
        "us-patients", "individual", "cell_line", "trial-a", "DE", "CN", BAD_LEI, "x y"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "party", "share", "name", "from", "to", "item",
                                       "kind", "subjects", "cohort"]), children, max_size=3),
    max_leaves=8,
)  # fmt: skip


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.tuples(st.sampled_from(PATHS), _JSON), min_size=1, max_size=3))
def test_random_replacements_never_raise_and_every_error_is_located(replacements):
    manifest = _v2()
    for path, value in replacements:
        node: Any = manifest
        try:
            for key in path[:-1]:
                node = node[key]
            if isinstance(node, dict) != isinstance(path[-1], str):
                continue  # an earlier replacement made a list a mapping or back
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier replacement took this path away
    (document,) = list(load("m.yaml", dump_yaml(manifest), False))
    try:
        validate(document)
    except InputErrors as caught:
        for error in caught.errors:
            assert error.kind in ("schema", "reference")
            assert error.source == "m.yaml"
            assert error.pointer is not None
            assert error.line is not None


def test_an_unknown_top_level_field_leaves_the_present_sections_readable():
    """A mapping the schema refuses for a field it does not know still gives
    the fields it has: a dangling reference among them is reported."""
    manifest = _v2()
    manifest["notes"] = "draft"
    manifest["transfers"][5]["to"] = "nobody"
    assert [(kind, pointer) for kind, pointer, _ in _errors(manifest)] == [
        ("schema", ""),
        ("reference", "/transfers/5/to"),
    ]
