"""The fast validator (jsonschema-rs) and jsonschema agree on every manifest:
the fast one only ever short-cuts a manifest jsonschema also accepts."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from helixgate.loader import load
from helixgate.schema import MANIFEST_SCHEMA, _fast_validator, validator

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
