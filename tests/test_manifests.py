"""helixgate.manifests: which documents are manifests, and the checks beyond the schema.

manifest-v1.md, "Format rules" (a typo must not skip a manifest) and "Checks
beyond the schema" (input errors of kind `reference`, at the offending field).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from helixgate.errors import InputErrors
from helixgate.loader import Document, load
from helixgate.manifests import Manifest, Skipped, validate


def _document(text: str) -> Document:
    (document,) = list(load("m.yaml", text, False))
    return document


def _errors(document: Document) -> list[Any]:
    with pytest.raises(InputErrors) as caught:
        validate(document)
    return caught.value.errors


def _line_of(text: str, needle: str, occurrence: int = 0) -> int:
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    return text.count("\n", 0, offset) + 1


@pytest.fixture
def base(manifest) -> dict[str, Any]:
    """A valid manifest with two materials, one dataset, three parties and an
    onward chain origin → lab-de → lab-fr for the T cells."""
    m = manifest("HG-REF-1", "allow")
    m["subjects"].append({"id": "de-patients", "nationality": "DE", "residence": "DE", "count": 5})
    m["materials"].append({"id": "blood", "type": "blood", "subjects": "de-patients"})
    m["data"] = [
        {
            "id": "wgs",
            "category": "genomic",
            "subjects": "us-patients",
            "identifiability": "pseudonymized",
        }
    ]
    de = m["parties"][0]
    m["parties"] += [
        dict(copy.deepcopy(de), id="lab-fr", country="FR", headquarters="FR"),
        dict(copy.deepcopy(de), id="lab-nl", country="NL", headquarters="NL"),
    ]
    t1 = m["transfers"][0]
    m["transfers"] += [
        dict(t1, id="t2", to="lab-fr", **{"from": "lab-de"}),
        dict(t1, id="t3", item="wgs", to="lab-nl"),
        dict(t1, id="t4", item="blood", to="lab-de"),
    ]
    return m


def test_the_base_manifest_is_valid(base, to_yaml):
    result = validate(_document(to_yaml(base)))
    assert isinstance(result, Manifest)
    assert result.id == "HG-REF-1"


# --------------------------------------------------------------------------
# Which documents are manifests


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "site_name: My Docs\nnav:\n  - Home: index.md\ntheme: material\n", id="mkdocs"
        ),
        pytest.param(
            "name: CI\non:\n  push:\n    branches: [main]\njobs: {}\n", id="github-workflow"
        ),
        pytest.param(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n", id="kubernetes"
        ),
        pytest.param("- just\n- a list\n", id="a-list"),
        pytest.param("just a string\n", id="a-scalar"),
        pytest.param("--- # an empty document\n", id="empty-document"),
    ],
)
def test_a_document_that_is_not_a_helixgate_manifest_is_skipped(text):
    (document,) = list(load("other.yml", text, False))
    with pytest.raises(Skipped):
        validate(document)


@pytest.mark.parametrize(
    ("replace", "by", "pointer", "value"),
    [
        pytest.param(
            "apiVersion: helixgate/v1",
            "apiVersion: helixgate/v2",
            "/apiVersion",
            "helixgate/v2",
            id="helixgate-v2",
        ),
        pytest.param(
            "apiVersion: helixgate/v1",
            "apiVersion: helixgate/v1beta1",
            "/apiVersion",
            "helixgate/v1beta1",
            id="helixgate-v1beta1",
        ),
        pytest.param(
            "kind: TransferManifest",
            "kind: TransferManifes",
            "/kind",
            "TransferManifes",
            id="kind-typo",
        ),
        pytest.param(
            "kind: TransferManifest",
            "kind: transfermanifest",
            "/kind",
            "transfermanifest",
            id="kind-lower-case",
        ),
        pytest.param(
            "apiVersion: helixgate/v1",
            "apiVersion: v1",
            "/apiVersion",
            "v1",
            id="transfer-manifest-under-v1",
        ),
    ],
)
def test_a_helixgate_typo_is_an_input_error_not_a_skip(base, to_yaml, replace, by, pointer, value):
    text = to_yaml(base).replace(replace, by)
    errors = _errors(_document(text))
    assert [e.pointer for e in errors] == [pointer]
    assert errors[0].kind == "schema"
    assert errors[0].line == _line_of(text, value)


def test_a_transfer_manifest_without_api_version_is_an_input_error(base, to_yaml):
    del base["apiVersion"]
    errors = _errors(_document(to_yaml(base)))
    assert errors
    assert errors[0].pointer in ("/apiVersion", "")


def test_a_helixgate_document_without_kind_is_an_input_error(base, to_yaml):
    del base["kind"]
    errors = _errors(_document(to_yaml(base)))
    assert errors
    assert errors[0].pointer in ("/kind", "")


# --------------------------------------------------------------------------
# Checks beyond the schema


def _reference_errors(manifest: dict[str, Any], to_yaml) -> tuple[str, list[Any]]:
    text = to_yaml(manifest)
    errors = _errors(_document(text))
    assert {e.kind for e in errors} == {"reference"}, [str(e) for e in errors]
    return text, errors


def test_duplicate_subject_ids_are_refused_at_the_second(base, to_yaml):
    base["subjects"][1]["id"] = "us-patients"
    base["materials"][1]["subjects"] = "us-patients"
    text, errors = _reference_errors(base, to_yaml)
    assert [e.pointer for e in errors] == ["/subjects/1/id"]
    assert errors[0].line == _line_of(text, "id: us-patients", 1)


def test_duplicate_party_ids_are_refused_at_the_second(base, to_yaml):
    base["parties"][2]["id"] = "lab-fr"
    base["transfers"][2]["to"] = "lab-fr"
    _, errors = _reference_errors(base, to_yaml)
    assert [e.pointer for e in errors] == ["/parties/2/id"]


def test_duplicate_transfer_ids_are_refused_at_the_second(base, to_yaml):
    base["transfers"][3]["id"] = "t1"
    _, errors = _reference_errors(base, to_yaml)
    assert [e.pointer for e in errors] == ["/transfers/3/id"]


def test_a_data_id_equal_to_a_material_id_is_refused(base, to_yaml):
    base["data"][0]["id"] = "blood"
    base["transfers"][2]["item"] = "blood"
    _, errors = _reference_errors(base, to_yaml)
    assert [e.pointer for e in errors] == ["/data/0/id"]


def test_the_same_id_in_different_namespaces_is_accepted(base, to_yaml):
    base["transfers"][0]["id"] = "tcells"  # a transfer id equal to a material id
    base["subjects"][1]["id"] = "lab-nl"  # a subjects id equal to a party id
    base["materials"][1]["subjects"] = "lab-nl"
    assert isinstance(validate(_document(to_yaml(base))), Manifest)


@pytest.mark.parametrize(
    ("section", "index", "field", "pointer"),
    [
        ("materials", 0, "subjects", "/materials/0/subjects"),
        ("data", 0, "subjects", "/data/0/subjects"),
        ("transfers", 2, "item", "/transfers/2/item"),
        ("transfers", 3, "to", "/transfers/3/to"),
        ("transfers", 1, "from", "/transfers/1/from"),
    ],
)
def test_a_dangling_reference_is_refused_at_its_field(
    base, to_yaml, section, index, field, pointer
):
    base[section][index][field] = "nobody-by-this-name"
    text, errors = _reference_errors(base, to_yaml)
    assert pointer in [e.pointer for e in errors]
    error = next(e for e in errors if e.pointer == pointer)
    assert "nobody-by-this-name" in error.message
    assert error.line == _line_of(text, "nobody-by-this-name")


def test_an_onward_transfer_from_a_party_to_itself_is_refused(base, to_yaml):
    base["transfers"][1]["to"] = "lab-de"
    _, errors = _reference_errors(base, to_yaml)
    assert [e.pointer for e in errors] == ["/transfers/1/from"]


def test_a_cycle_of_onward_transfers_is_refused(base, to_yaml):
    # origin → lab-de → lab-fr → lab-nl → lab-de (back where it came from)
    t1 = base["transfers"][0]
    base["transfers"].append(dict(t1, id="t5", to="lab-nl", **{"from": "lab-fr"}))
    base["transfers"].append(dict(t1, id="t6", to="lab-de", **{"from": "lab-nl"}))
    _, errors = _reference_errors(base, to_yaml)
    pointers = {e.pointer for e in errors}
    assert pointers
    assert pointers <= {"/transfers/1/from", "/transfers/4/from", "/transfers/5/from"}


def test_a_cycle_that_never_starts_at_the_origin_is_refused(base, to_yaml):
    t1 = base["transfers"][0]
    base["transfers"] = [
        dict(t1, id="a", to="lab-fr", **{"from": "lab-nl"}),
        dict(t1, id="b", to="lab-nl", **{"from": "lab-fr"}),
    ]
    _, errors = _reference_errors(base, to_yaml)
    assert {e.pointer for e in errors} <= {"/transfers/0/from", "/transfers/1/from"}
    assert errors


def test_a_from_party_that_never_received_the_item_is_refused(base, to_yaml):
    # lab-nl receives wgs, not tcells, so it cannot send tcells onward
    t1 = base["transfers"][0]
    base["transfers"].append(dict(t1, id="t5", to="lab-fr", **{"from": "lab-nl"}))
    _, errors = _reference_errors(base, to_yaml)
    assert [e.pointer for e in errors] == ["/transfers/4/from"]


def test_an_onward_transfer_listed_before_the_one_that_feeds_it_is_accepted(base, to_yaml):
    base["transfers"] = [base["transfers"][1], base["transfers"][0], *base["transfers"][2:]]
    assert isinstance(validate(_document(to_yaml(base))), Manifest)


def test_a_longer_chain_of_onward_transfers_is_accepted(base, to_yaml):
    t1 = base["transfers"][0]
    base["transfers"].append(dict(t1, id="t5", to="lab-nl", **{"from": "lab-fr"}))
    assert isinstance(validate(_document(to_yaml(base))), Manifest)


def _with_shares(base: dict[str, Any], *shares: float) -> dict[str, Any]:
    base["parties"][1]["owners"] = [
        {"name": f"Owner {i}", "country": "FR", "share": share} for i, share in enumerate(shares)
    ]
    return base


@pytest.mark.parametrize(
    "shares",
    [
        pytest.param((16.1, 48.2, 35.7), id="16.1+48.2+35.7"),
        pytest.param((0.1, 0.2, 99.7), id="0.1+0.2+99.7"),
        pytest.param((33.3, 33.3, 33.4), id="33.3+33.3+33.4"),
        pytest.param((100,), id="100"),
        pytest.param((50, 49.99), id="under-100"),
    ],
)
def test_owners_shares_that_add_up_to_at_most_100_are_accepted(base, to_yaml, shares):
    assert isinstance(validate(_document(to_yaml(_with_shares(base, *shares)))), Manifest)


@pytest.mark.parametrize(
    "shares",
    [
        pytest.param((50.01, 50), id="50.01+50"),
        pytest.param((60, 40, 0.001), id="60+40+0.001"),
    ],
)
def test_owners_shares_over_100_are_refused_at_the_party(base, to_yaml, shares):
    _, errors = _reference_errors(_with_shares(base, *shares), to_yaml)
    assert len(errors) == 1
    assert errors[0].pointer.startswith("/parties/1/owners")


def test_reference_checks_also_run_on_a_document_the_schema_refuses(base, to_yaml):
    """One run shows both: the schema's error and a dangling reference that
    rests on nothing the schema refused, each at its own line."""
    base["transfers"][2]["to"] = "nobody"
    base["parties"][0]["country"] = "XX"
    text = to_yaml(base)
    errors = _errors(_document(text))
    assert [(e.kind, e.pointer, e.line) for e in errors] == [
        ("schema", "/parties/0/country", _line_of(text, "country: XX")),
        ("reference", "/transfers/2/to", _line_of(text, "to: nobody")),
    ]
    assert all(e.source == "m.yaml" and e.column for e in errors)


def test_a_reference_into_a_refused_part_is_not_reported(base, to_yaml):
    """A party id the schema refuses: the transfers that name it are not
    dangling references on top of the schema's error."""
    base["parties"][1]["id"] = "lab fr"  # not an identifier
    errors = _errors(_document(to_yaml(base)))
    assert [(e.kind, e.pointer) for e in errors] == [("schema", "/parties/1/id")]


# --------------------------------------------------------------------------
# Bad input that version 1 let through (policy-pack-v2.md, section 7)

ZWSP = "\N{ZERO WIDTH SPACE}"
CYRILLIC_A = "\N{CYRILLIC SMALL LETTER A}"
GREEK_ETA = "\N{GREEK CAPITAL LETTER ETA}"


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() and c.isascii() else c for c in text)


@pytest.mark.parametrize(
    ("api", "kind", "pointers"),
    [
        pytest.param("Helixgate/V1", "transfermanifest", ["/apiVersion", "/kind"], id="case"),
        pytest.param("HELIXGATE/V1", "TRANSFERMANIFEST", ["/apiVersion", "/kind"], id="upper"),
        pytest.param(f"helix{ZWSP}gate/v1", f"Transfer{ZWSP}Manifest", ["/apiVersion", "/kind"],
                     id="zero-width-space"),
        pytest.param(_fullwidth("helixgate/v1"), _fullwidth("TransferManifest"),
                     ["/apiVersion", "/kind"], id="fullwidth"),
        pytest.param(f"helixg{CYRILLIC_A}te/v1", f"Tr{CYRILLIC_A}nsferManifest",
                     ["/apiVersion", "/kind"], id="cyrillic-a"),
        pytest.param(f"{GREEK_ETA}elixgate/v1", "Transfer Manifest", ["/apiVersion", "/kind"],
                     id="greek-eta-and-a-space"),
        pytest.param("helixgate/v1", f"Tr{CYRILLIC_A}nsferManifest", ["/kind"], id="kind-only"),
        pytest.param("Helixgate/v1", "TransferManifest", ["/apiVersion"], id="api-only"),
    ],
)  # fmt: skip
def test_a_near_miss_header_is_an_error_that_says_what_was_meant(
    base, to_yaml, api, kind, pointers
):
    """Version 1 skipped these when both fields missed (exit 0, nothing checked)."""
    base["apiVersion"], base["kind"] = api, kind
    text = to_yaml(base)
    errors = _errors(_document(text))
    assert [e.pointer for e in errors] == pointers
    hints = {
        "/apiVersion": "did you mean `apiVersion: helixgate/v1`?",
        "/kind": "did you mean `kind: TransferManifest`?",
    }
    for error in errors:
        assert error.kind == "schema"
        assert error.message.endswith(hints[error.pointer]), error.message
        assert error.line == _line_of(
            text, "apiVersion" if error.pointer == "/apiVersion" else "kind:"
        )


def test_a_near_miss_names_the_characters_that_do_not_show(base, to_yaml):
    base["kind"] = f"Tr{CYRILLIC_A}nsfer{ZWSP}Manifest"
    (error,) = _errors(_document(to_yaml(base)))
    assert "U+0430 CYRILLIC SMALL LETTER A" in error.message
    assert "U+200B ZERO WIDTH SPACE" in error.message


@pytest.mark.parametrize(
    "header",
    [
        pytest.param({}, id="no-header"),
        pytest.param({"apiVersion": "example.com/v1"}, id="foreign-api-only"),
        pytest.param({"apiVersion": "apps/v1", "kind": "Deployment"}, id="foreign-header"),
    ],
)
def test_a_document_shaped_like_a_manifest_is_an_error_whatever_its_header(base, to_yaml, header):
    del base["apiVersion"], base["kind"]
    text = to_yaml({**header, **base})
    errors = _errors(_document(text))
    assert errors
    assert all(e.kind == "schema" and e.line is not None for e in errors)
    if not header:
        assert [e.pointer for e in errors] == [""]
        assert "`apiVersion: helixgate/v1` and `kind: TransferManifest`" in errors[0].message
    else:
        assert "/apiVersion" in [e.pointer for e in errors]


def test_header_messages_never_show_none(base, to_yaml):
    for field in ("apiVersion", "kind"):
        manifest = copy.deepcopy(base)
        del manifest[field]
        for error in _errors(_document(to_yaml(manifest))):
            assert "None" not in error.message
            assert "missing" in error.message


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_list_of_manifests_is_an_error_at_each_manifest(base, manifest, to_yaml, fmt):
    other = manifest("HG-REF-2")
    del other["apiVersion"], other["kind"]  # still the shape of one
    items = [base, {"site_name": "docs"}, other]
    text = json.dumps(items, indent=2) if fmt == "json" else to_yaml(items)
    (document,) = list(load(f"m.{fmt}", text, fmt == "json"))
    errors = _errors(document)
    assert [e.pointer for e in errors] == ["/0", "/2"]
    assert all("one manifest per document" in e.message for e in errors)
    # Each at the start of its item: `- ` in YAML, `{` on the line before the first key in JSON.
    before = 1 if fmt == "json" else 0
    assert [e.line for e in errors] == [
        _line_of(text, "apiVersion") - before,
        _line_of(text, "metadata", 1) - before,
    ]


def test_a_list_without_manifests_is_still_skipped():
    (document,) = list(load("list.yaml", "- site_name: docs\n- [1, 2]\n- name: ci\n", False))
    with pytest.raises(Skipped):
        validate(document)


@pytest.mark.parametrize(
    ("replace", "by", "pointer", "tag"),
    [
        pytest.param("title: x", "title: !!binary aGVsbG8=", "/metadata/title", "!!binary",
                     id="binary"),
        pytest.param("title: x", "title: !!set {a, b}", "/metadata/title", "!!set", id="set"),
        pytest.param("start_on: '2026-12-01'", "start_on: !!timestamp 2026-12-01",
                     "/transfers/0/start_on", "!!timestamp", id="timestamp"),
        pytest.param("country: DE", "country: !Ref Country", "/parties/0/country", "!Ref",
                     id="custom-tag"),
        pytest.param("title: x", "title: !!python/name:os.system", "/metadata/title",
                     "!!python/name:os.system", id="python-name"),
    ],
)  # fmt: skip
def test_a_yaml_value_json_cannot_carry_is_an_error_at_its_pointer(
    base, to_yaml, replace, by, pointer, tag
):
    """Version 1 raised out of the validator: a traceback, exit 1, no report."""
    base["metadata"]["title"] = "x"
    text = to_yaml(base)
    assert replace in text
    text = text.replace(replace, by, 1)
    errors = _errors(_document(text))
    assert [(e.pointer, e.kind) for e in errors] == [(pointer, "schema")]
    assert errors[0].message.startswith(f"a value tagged {tag} is not JSON")
    assert errors[0].line == _line_of(text, by)


def test_a_near_miss_header_and_a_tag_are_both_reported(base, to_yaml):
    base["metadata"]["title"] = "x"
    text = to_yaml(base).replace("title: x", "title: !!binary aGk=")
    text = text.replace("kind: TransferManifest", "kind: transfermanifest")
    errors = _errors(_document(text))
    assert [e.pointer for e in errors] == ["/kind", "/metadata/title"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
            id="mkdocs-python-name",
        ),
        pytest.param(
            ".setup:\n  script: [make]\njob:\n  script:\n    - !reference [.setup, script]\n",
            id="gitlab-reference",
        ),
        pytest.param("Resources:\n  Bucket:\n    Name: !Ref Name\n", id="cloudformation"),
        pytest.param("key: !!binary aGVsbG8=\nother: !!set {a}\n", id="binary-and-set"),
    ],
)
def test_a_document_that_is_not_a_manifest_is_skipped_whatever_its_tags(text):
    """Version 1 refused these as syntax errors (exit 2) for a file that
    holds no manifest at all."""
    (document,) = list(load("other.yml", text, False))
    with pytest.raises(Skipped):
        validate(document)


@pytest.mark.parametrize(
    ("place", "pointer"),
    [
        pytest.param(lambda m, s: m["metadata"]["labels"].update({s: "x"}), "/metadata/labels",
                     id="label-key"),
        pytest.param(lambda m, s: m.update({s: 1}), "", id="top-level-key"),
        pytest.param(lambda m, s: m["metadata"].update(title="a" + s), "/metadata/title",
                     id="title"),
        pytest.param(lambda m, s: m["metadata"].update(id=s), "/metadata/id", id="id"),
    ],
)  # fmt: skip
def test_a_lone_surrogate_in_json_is_an_error_at_its_pointer(base, place, pointer):
    """Version 1 raised UnicodeEncodeError out of the fast validator."""
    base["metadata"]["labels"] = {"team": "x"}
    place(base, "\ud800")
    text = json.dumps(base, indent=2)  # ASCII: the surrogate is written \ud800
    (document,) = list(load("m.json", text, True))
    errors = _errors(document)
    assert [(e.pointer, e.kind) for e in errors] == [(pointer, "schema")]
    assert "lone surrogate, U+D800" in errors[0].message
    assert errors[0].line is not None
