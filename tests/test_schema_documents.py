"""The JSON Schemas in schemas/ and the manifests in examples/.

These tests exercise the schema files on their own, with jsonschema, so that
the contract of manifest-v1.md and interfaces.md is pinned down independently
of the helixgate package that uses them.
"""

from __future__ import annotations

import copy
import datetime
import json
import pathlib

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
EXAMPLES = ROOT / "examples"
MANIFEST_SCHEMA_PATH = SCHEMAS / "transfer-manifest.v1.schema.json"
REPORT_SCHEMA_PATH = SCHEMAS / "report.v1.schema.json"


def _load_schema(path: pathlib.Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest_validator() -> Draft202012Validator:
    return Draft202012Validator(_load_schema(MANIFEST_SCHEMA_PATH), format_checker=FormatChecker())


@pytest.fixture(scope="module")
def report_validator() -> Draft202012Validator:
    return Draft202012Validator(_load_schema(REPORT_SCHEMA_PATH), format_checker=FormatChecker())


def _pointer(error) -> str:
    """The JSON pointer (RFC 6901) of the instance an error is about."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path)


def _plain(value):
    """Dates back to the strings that were written.

    yaml.safe_load resolves YAML 1.1 timestamps to datetime.date; helixgate's
    own loader follows the YAML 1.2 core schema, which has no timestamp type,
    so a manifest's dates reach the schema as strings.
    """
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _documents(path: pathlib.Path) -> list:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return [json.loads(text)]
    return [_plain(document) for document in yaml.safe_load_all(text)]


def _example_manifests() -> list:
    params = []
    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix not in {".yaml", ".yml", ".json"}:
            continue
        for index, document in enumerate(_documents(path)):
            if isinstance(document, dict) and document.get("apiVersion") == "helixgate/v1":
                params.append(pytest.param(document, id=f"{path.name}#{index}"))
    return params


# --------------------------------------------------------------------------
# The schemas themselves


def test_manifest_schema_is_a_valid_draft_2020_12_schema():
    schema = _load_schema(MANIFEST_SCHEMA_PATH)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://helixgate.dev/schemas/transfer-manifest.v1.schema.json"
    Draft202012Validator.check_schema(schema)


def test_report_schema_is_a_valid_draft_2020_12_schema():
    schema = _load_schema(REPORT_SCHEMA_PATH)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_country_enum_holds_the_249_assigned_codes_with_hk_and_mo_and_without_xk():
    codes = _load_schema(MANIFEST_SCHEMA_PATH)["$defs"]["country"]["enum"]
    assert len(codes) == len(set(codes)) == 249
    assert {"HK", "MO", "CN", "US", "NO"} <= set(codes)
    assert "XK" not in codes
    assert "UK" not in codes
    assert all(len(code) == 2 and code.isascii() and code.isupper() for code in codes)


def test_country_enum_matches_pycountry():
    pycountry = pytest.importorskip("pycountry")
    codes = _load_schema(MANIFEST_SCHEMA_PATH)["$defs"]["country"]["enum"]
    assert sorted(codes) == sorted(country.alpha_2 for country in pycountry.countries)


def _objects(node, pointer=""):
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield pointer, node
        for key, value in node.items():
            yield from _objects(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{pointer}/{index}")


def test_every_manifest_object_but_labels_is_closed_and_every_property_is_described():
    schema = _load_schema(MANIFEST_SCHEMA_PATH)
    for pointer, node in _objects(schema):
        if "properties" not in node or "/if" in pointer:
            continue
        assert node.get("additionalProperties") is False, pointer
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{pointer}/properties/{name}"
    labels = schema["properties"]["metadata"]["properties"]["labels"]
    assert labels["additionalProperties"] == {"type": "string", "maxLength": 256}


# --------------------------------------------------------------------------
# The examples


def test_examples_hold_six_files_and_seven_manifests():
    names = sorted(path.name for path in EXAMPLES.iterdir() if path.suffix in {".yaml", ".yml", ".json"})
    assert names == [
        "cart-china.yaml",
        "cart-germany.yaml",
        "hgr-export.json",
        "multi-study.yaml",
        "ongoing-trial-oversight.yaml",
        "research-genomics-japan.yaml",
    ]
    ids = [param.values[0]["metadata"]["id"] for param in _example_manifests()]
    assert len(ids) == len(set(ids)) == 7


def test_multi_study_example_holds_two_manifests_and_one_document_to_skip():
    documents = _documents(EXAMPLES / "multi-study.yaml")
    assert [(d["apiVersion"], d["kind"]) for d in documents] == [
        ("helixgate/v1", "TransferManifest"),
        ("helixgate/v1", "TransferManifest"),
        ("v1", "ConfigMap"),
    ]


@pytest.mark.parametrize("manifest", _example_manifests())
def test_example_manifest_is_valid(manifest_validator, manifest):
    errors = [f"{_pointer(e)}: {e.message}" for e in manifest_validator.iter_errors(manifest)]
    assert errors == []


# --------------------------------------------------------------------------
# Focused cases, each a small change to one minimal valid manifest

MINIMAL = {
    "apiVersion": "helixgate/v1",
    "kind": "TransferManifest",
    "metadata": {"id": "HG-TEST-0001"},
    "study": {
        "type": "clinical_trial",
        "origin_country": "US",
        "fda": {"application": "IND", "status": "submitted", "submitted_on": "2026-08-03"},
    },
    "consent": {"foreign_transfer_disclosed": True, "disclosed_countries": ["DE"], "sequencing_disclosed": True},
    "compliance": {"assessment": {"completed_on": "2026-07-15"}},
    "subjects": [{"id": "us-patients", "nationality": "US", "residence": "US", "count": 40}],
    "materials": [{"id": "tcells", "type": "living_cells", "subjects": "us-patients"}],
    "parties": [
        {
            "id": "lab-de",
            "name": "Example Genomics GmbH",
            "role": "sequencing_lab",
            "country": "DE",
            "owners": [{"name": "Example Holding AG", "country": "DE", "share": 60}],
        }
    ],
    "transfers": [
        {
            "id": "t1",
            "item": "tcells",
            "to": "lab-de",
            "purpose": "sequencing",
            "start_on": "2026-12-01",
            "selection_reason": "capability",
        }
    ],
}


def _set(*path_and_value):
    """A mutation that sets the value at path (keys and indexes)."""
    *path, value = path_and_value

    def mutate(document):
        node = document
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    return mutate


def _drop(*path):
    """A mutation that removes the key at path."""

    def mutate(document):
        node = document
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]

    return mutate


def _variant(mutate) -> dict:
    document = copy.deepcopy(MINIMAL)
    mutate(document)
    return document


def test_minimal_manifest_is_valid(manifest_validator):
    assert list(manifest_validator.iter_errors(MINIMAL)) == []


REJECTED = [
    # (mutation, pointer of the error, JSON path of the error, failing keyword or keywords)
    pytest.param(_drop("transfers", 0, "start_on"), "/transfers/0", "$.transfers[0]", "required",
                 id="missing_start_on"),
    pytest.param(_set("colour", "blue"), "", "$", "additionalProperties",
                 id="unknown_key_at_top_level"),
    pytest.param(_set("parties", 0, "ceo", "Jane Example"), "/parties/0", "$.parties[0]", "additionalProperties",
                 id="unknown_key_inside_a_party"),
    pytest.param(_set("transfers", 0, "start_on", "2026-02-30"), "/transfers/0/start_on",
                 "$.transfers[0].start_on", "format", id="date_2026_02_30"),
    pytest.param(_set("transfers", 0, "start_on", "20261201"), "/transfers/0/start_on",
                 "$.transfers[0].start_on", ("format", "pattern"), id="compact_date_without_dashes"),
    pytest.param(_set("subjects", 0, "count", -1), "/subjects/0/count", "$.subjects[0].count", "minimum",
                 id="count_of_minus_one"),
    pytest.param(_set("subjects", 0, "count", "1_000"), "/subjects/0/count", "$.subjects[0].count", "type",
                 id="count_written_1_000"),
    pytest.param(_set("parties", 0, "owners", 0, "share", 0), "/parties/0/owners/0/share",
                 "$.parties[0].owners[0].share", "exclusiveMinimum", id="share_of_zero"),
    pytest.param(_set("parties", 0, "owners", 0, "share", 100.5), "/parties/0/owners/0/share",
                 "$.parties[0].owners[0].share", "maximum", id="share_of_100_5"),
    pytest.param(_set("parties", 0, "country", "UK"), "/parties/0/country", "$.parties[0].country", "enum",
                 id="country_UK"),
    pytest.param(_set("consent", "disclosed_countries", ["de"]), "/consent/disclosed_countries/0",
                 "$.consent.disclosed_countries[0]", "enum", id="country_in_lower_case"),
    pytest.param(_set("parties", 0, "headquarters", "XK"), "/parties/0/headquarters", "$.parties[0].headquarters",
                 "enum", id="country_XK_not_assigned"),
    pytest.param(_set("parties", 0, "id", "-x"), "/parties/0/id", "$.parties[0].id", "pattern",
                 id="id_starting_with_a_dash"),
    pytest.param(_set("transfers", 0, "to", "-x"), "/transfers/0/to", "$.transfers[0].to", "pattern",
                 id="reference_starting_with_a_dash"),
    pytest.param(_set("metadata", "id", "x" * 65), "/metadata/id", "$.metadata.id", "pattern",
                 id="id_of_65_characters"),
    pytest.param(_set("study", "fda", {"application": "IND", "status": "active"}), "/study/fda", "$.study.fda",
                 "required", id="fda_active_without_submitted_on"),
    pytest.param(_set("consent", "foreign_transfer_disclosed", "yes"), "/consent/foreign_transfer_disclosed",
                 "$.consent.foreign_transfer_disclosed", "type", id="boolean_given_as_string_yes"),
    pytest.param(_set("transfers", []), "/transfers", "$.transfers", "minItems", id="transfers_empty"),
    pytest.param(_set("metadata", "labels", {"phase": 1}), "/metadata/labels/phase", "$.metadata.labels.phase",
                 "type", id="label_value_not_a_string"),
    pytest.param(_set("apiVersion", "helixgate/v2"), "/apiVersion", "$.apiVersion", "const",
                 id="other_api_version"),
]


@pytest.mark.parametrize(("mutate", "pointer", "json_path", "keyword"), REJECTED)
def test_invalid_manifest_is_rejected_at_its_pointer(manifest_validator, mutate, pointer, json_path, keyword):
    errors = list(manifest_validator.iter_errors(_variant(mutate)))
    keywords = keyword if isinstance(keyword, tuple) else (keyword,)
    assert sorted(e.validator for e in errors) == sorted(keywords), [f"{_pointer(e)}: {e.message}" for e in errors]
    for error in errors:
        assert _pointer(error) == pointer
        assert error.json_path == json_path


def test_unknown_key_error_names_the_key(manifest_validator):
    (error,) = manifest_validator.iter_errors(_variant(_set("parties", 0, "ceo", "Jane Example")))
    assert "'ceo'" in error.message


ACCEPTED = [
    pytest.param(
        _set("metadata", "labels", {"team": "cell-therapy", "app.kubernetes.io/name": "x", "Any Key!": "", "": "v"}),
        id="labels_with_any_key",
    ),
    pytest.param(_set("parties", 0, "owners", 0, "share", 100), id="share_of_100"),
    pytest.param(_set("parties", 0, "owners", 0, "share", 0.01), id="share_just_above_zero"),
    pytest.param(_set("study", "fda", {"application": "IND", "status": "planned"}), id="fda_planned_without_submitted_on"),
    pytest.param(_set("parties", 0, "country", "HK"), id="country_HK"),
    pytest.param(_set("subjects", 0, "count", 0), id="count_of_zero"),
    pytest.param(_drop("consent"), id="consent_absent"),
    pytest.param(_drop("materials"), id="materials_absent"),
    pytest.param(_set("data", []), id="data_empty"),
    pytest.param(_set("transfers", 0, "start_on", "2028-02-29"), id="leap_day"),
]


@pytest.mark.parametrize("mutate", ACCEPTED)
def test_valid_variant_is_accepted(manifest_validator, mutate):
    errors = [f"{_pointer(e)}: {e.message}" for e in manifest_validator.iter_errors(_variant(mutate))]
    assert errors == []


# --------------------------------------------------------------------------
# The JSON report

REPORT = {
    "report_version": 1,
    "engine": {"name": "opa", "version": "1.22.2", "mode": "embedded"},
    "policy_revision": "2026.11.0+abc1234",
    "complete": True,
    "results": [
        {
            "source": "studies/cart-001.yaml",
            "document": 0,
            "manifest": "HG-2026-0042",
            "decision": "deny",
            "findings": [
                {
                    "rule": "FDA-CELLS-001",
                    "level": "deny",
                    "title": "New FDA trial sends American biospecimens to a party of concern",
                    "message": "transfer t1 sends material tcells (American subjects) to lab-sz for sequencing",
                    "pointer": "/transfers/0",
                    "line": 41,
                    "column": 5,
                    "transfer": "t1",
                    "item": "tcells",
                    "party": "lab-sz",
                    "reasons": ["headquarters CN"],
                    "citation": {"source": "FDA-2025-06-18", "text": "..."},
                    "remediation": "...",
                },
                {
                    "rule": "CMP-ASSESS-001",
                    "level": "waived",
                    "title": "...",
                    "message": "...",
                    "pointer": "",
                    "reasons": [],
                    "citation": {"source": "COMMITMENTS", "text": "..."},
                    "remediation": "...",
                    "waiver": {"reason": "...", "approved_by": "ciso@example.com", "expires_on": "2027-02-28"},
                },
            ],
            "obligations": [],
        }
    ],
    "errors": [
        {
            "source": "studies/bad.yaml",
            "document": 0,
            "kind": "schema",
            "pointer": "/parties/0/country",
            "line": 12,
            "column": 14,
            "message": "'NO' must be quoted: unquoted NO is read as a boolean in YAML",
        },
        {"source": "-", "document": None, "kind": "syntax", "pointer": None, "line": None, "column": None,
         "message": "..."},
    ],
    "skipped": [{"source": "mkdocs.yml", "document": 0, "reason": "not a helixgate manifest"}],
    "summary": {"manifests": 1, "allow": 0, "review": 0, "deny": 1, "errors": 2, "skipped": 1},
}


def test_report_of_interfaces_md_is_valid(report_validator):
    assert [e.message for e in report_validator.iter_errors(REPORT)] == []


def test_report_result_may_carry_timing(report_validator):
    report = copy.deepcopy(REPORT)
    report["results"][0]["timing"] = {"schema_ms": 0.3, "engine_ms": 2.1}
    assert [e.message for e in report_validator.iter_errors(report)] == []


REPORT_REJECTED = [
    pytest.param(_set("results", 0, "findings", 0, "rule", "fda-cells-1"), "/results/0/findings/0/rule", "pattern",
                 id="rule_id_of_the_wrong_shape"),
    pytest.param(_set("results", 0, "findings", 0, "pointer", "transfers/0"), "/results/0/findings/0/pointer",
                 "pattern", id="pointer_without_leading_slash"),
    pytest.param(_set("results", 0, "findings", 0, "pointer", "/a~2b"), "/results/0/findings/0/pointer", "pattern",
                 id="pointer_with_a_bad_escape"),
    pytest.param(_set("results", 0, "findings", 0, "line", 0), "/results/0/findings/0/line", "minimum",
                 id="line_zero"),
    pytest.param(_drop("results", 0, "findings", 0, "citation"), "/results/0/findings/0", "required",
                 id="finding_without_citation"),
    pytest.param(_set("results", 0, "policy_revision", "x"), "/results/0", "additionalProperties",
                 id="unknown_key_in_a_result"),
    pytest.param(_set("errors", 0, "kind", "warning"), "/errors/0/kind", "enum", id="unknown_error_kind"),
    pytest.param(_set("summary", "deny", -1), "/summary/deny", "minimum", id="negative_count_in_summary"),
    pytest.param(_drop("skipped"), "", "required", id="report_without_skipped"),
    pytest.param(_set("engine", "mode", "sidecar"), "/engine/mode", "enum", id="unknown_engine_mode"),
]


@pytest.mark.parametrize(("mutate", "pointer", "keyword"), REPORT_REJECTED)
def test_invalid_report_is_rejected_at_its_pointer(report_validator, mutate, pointer, keyword):
    report = copy.deepcopy(REPORT)
    mutate(report)
    errors = list(report_validator.iter_errors(report))
    assert len(errors) == 1, [f"{_pointer(e)}: {e.message}" for e in errors]
    assert _pointer(errors[0]) == pointer
    assert errors[0].validator == keyword
