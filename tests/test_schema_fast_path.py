"""The fast validator (jsonschema-rs) and jsonschema agree on every manifest:
the fast one only ever short-cuts a manifest jsonschema also accepts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from helixgate.loader import load
from helixgate.schema import (
    MANIFEST_SCHEMA,
    _fast_validator,
    _schema,
    pointer_of,
    schema_errors,
    validator,
)

ROOT = Path(__file__).resolve().parents[1]
WRONG_VALUES = [None, True, -1, 1.5, "", "x" * 300, "UK", "2026-02-30", [], {}, {"extra": 1}]


def _manifests() -> list[dict[str, Any]]:
    found = []
    for path in sorted((ROOT / "tests" / "acceptance" / "manifests").glob("*.yaml")):
        for document in load(str(path), path.read_text(), False):
            if isinstance(document.data, dict) and document.data.get("kind") == "TransferManifest":
                found.append(document.data)
    return found


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for key, child in value.items() for p in _leaves(child, (*path, key))]
    if isinstance(value, list):
        return [p for i, child in enumerate(value) for p in _leaves(child, (*path, i))]
    return [path]


def _replaced(manifest: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copied = copy.deepcopy(manifest)
    target = copied
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copied


fast = _fast_validator(MANIFEST_SCHEMA)
pytestmark = pytest.mark.skipif(fast is None, reason="jsonschema-rs is not installed")


def test_both_validators_accept_every_acceptance_manifest():
    manifests = _manifests()
    assert len(manifests) > 100
    for manifest in manifests:
        assert fast.is_valid(manifest)
        assert validator().is_valid(manifest)


def test_the_fast_validator_never_accepts_what_jsonschema_refuses():
    """Every leaf of a few manifests replaced by each wrong value in turn."""
    checked = refused = 0
    for manifest in _manifests()[:6]:
        for path in _leaves(manifest):
            for value in WRONG_VALUES:
                variant = _replaced(manifest, path, value)
                slow_ok = validator().is_valid(variant)
                assert fast.is_valid(variant) == slow_ok, (path, value)
                checked += 1
                refused += not slow_ok
    assert checked > 1000
    assert refused > checked // 2


def test_a_date_that_is_no_real_day_is_refused_by_both():
    manifest = next(load("x", (ROOT / "examples" / "cart-germany.yaml").read_text(), False)).data
    variant = _replaced(manifest, ("transfers", 0, "start_on"), "2028-02-30")
    assert not fast.is_valid(variant)
    assert not validator().is_valid(variant)


# --------------------------------------------------------------------------
# One verdict: a document either validator refuses is refused

# Strings the two validators have read differently: Python's `$` matches
# before a trailing line break, jsonschema-rs took the year 0000 as a date.
# Each leaf string of a manifest is replaced by itself with these changes.
EDGES: list[Any] = [
    lambda v: v + "\n",
    lambda v: v + "\n\n",
    lambda v: v + "\r",
    lambda v: v + "\r\n",
    lambda v: "\n" + v,
    lambda v: v + " ",
    lambda v: v + "\u2028",
    lambda v: v + "\u200b",
    lambda v: v + "\x00",
    lambda v: v.upper(),
    lambda v: v + "\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}",
    lambda v: v + "\N{KELVIN SIGN}",
]
EDGE_VALUES = [
    "0000-01-01",
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "9999-12-31",
    "1900-02-29",
    "2000-02-29",
    "2100-02-29",
    "2026-W01-1",
    "20260101",
    "2026-001",
    "2026-01-01T00:00:00Z",
    "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in "2026-01-01"),
    "x" * 64,
    "x" * 65,
    "-x",
    "x.",
    "\N{LATIN SMALL LETTER E WITH ACUTE}",
]


def _strings(manifest: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    found = []
    for path in _leaves(manifest):
        value: Any = manifest
        for key in path:
            value = value[key]
        if isinstance(value, str):
            found.append((path, value))
    return found


def test_the_validators_agree_on_line_breaks_odd_years_and_other_edges():
    """Before the schema refused them itself, ids ending in a line break got
    past jsonschema, and the year 0000 past jsonschema-rs."""
    checked = refused = 0
    for manifest in _manifests()[:3]:
        for path, value in _strings(manifest):
            variants = [edge(value) for edge in EDGES] + EDGE_VALUES
            for variant_value in variants:
                variant = _replaced(manifest, path, variant_value)
                slow_ok = validator().is_valid(variant)
                assert fast.is_valid(variant) == slow_ok, (path, variant_value)
                checked += 1
                refused += not slow_ok
    assert checked > 2000
    assert refused > checked // 2


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(("metadata", "id"), "HG-1\n", id="manifest-id-newline"),
        pytest.param(("transfers", 0, "id"), "t1\n", id="transfer-id-newline"),
        pytest.param(("transfers", 0, "to"), "lab-de\n", id="reference-newline"),
        pytest.param(("transfers", 0, "start_on"), "2026-12-01\n", id="date-newline"),
        pytest.param(("transfers", 0, "start_on"), "0000-01-01", id="year-0000"),
        pytest.param(("study", "fda", "submitted_on"), "2300-01-01", id="year-2300"),
    ],
)
def test_what_one_validator_let_through_is_an_error_at_its_pointer(manifest, path, value):
    variant = _replaced(manifest("HG-1"), path, value)
    errors = schema_errors(variant)
    assert [pointer for pointer, _ in errors] == [pointer_of(path)]
    assert not fast.is_valid(variant)
    assert not validator().is_valid(variant)


def test_a_document_only_the_fast_validator_refuses_is_an_error_at_its_pointer(
    manifest, monkeypatch
):
    """Were the schema to let the validators disagree again, the refusal of
    either stands: here a stricter fast validator refuses an id jsonschema
    accepts, and its pointer is reported with a message of helixgate's."""
    import jsonschema_rs

    stricter = copy.deepcopy(_schema(MANIFEST_SCHEMA))
    stricter["properties"]["metadata"]["properties"]["id"] = {"pattern": "^HG-[0-9]+$"}
    monkeypatch.setattr(
        "helixgate.schema._fast_validator",
        lambda name: jsonschema_rs.validator_for(stricter, validate_formats=True),
    )
    errors = schema_errors(manifest("NOT-HG"))
    assert errors == [("/metadata/id", "'NOT-HG' is not valid here (the schema's pattern rule)")]
    assert "^" not in errors[0][1]


def test_a_fast_validator_that_cannot_judge_leaves_the_verdict_to_jsonschema(manifest, monkeypatch):
    class Raising:
        def is_valid(self, instance: Any) -> bool:
            raise ValueError("Unsupported type")

        def iter_errors(self, instance: Any) -> Any:
            raise ValueError("Unsupported type")

    monkeypatch.setattr("helixgate.schema._fast_validator", lambda name: Raising())
    refused = manifest("HG-1")
    refused["parties"][0]["country"] = "UK"
    assert [p for p, _ in schema_errors(refused)] == ["/parties/0/country"]
    # Nobody says why, so the document is refused as a whole, never passed.
    assert schema_errors(manifest("HG-2")) == [("", "the document does not match the schema")]
