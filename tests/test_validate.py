"""Validation without OPA: `helixgate validate` and `helixgate.validate`."""

from __future__ import annotations

import pytest

import helixgate
from conftest import dump_yaml, make_manifest, write
from helixgate import InputErrors


def test_validate_reports_valid_manifests_and_errors_without_opa(helixgate, tmp_path):
    write(tmp_path / "good.yaml", dump_yaml(make_manifest("HG-GOOD", "deny")))
    bad = make_manifest("HG-BAD")
    bad["parties"][0]["country"] = "Germany"
    write(tmp_path / "bad.yaml", dump_yaml(bad))
    env = {"HELIXGATE_OPA": str(tmp_path / "no-opa-here")}  # OPA is never asked for
    run = helixgate(["validate", "--format", "json", str(tmp_path)], env=env)
    assert run.code == 2, run.err
    report = run.json()
    assert [v["manifest"] for v in report["valid"]] == ["HG-GOOD"]
    assert [e["pointer"] for e in report["errors"]] == ["/parties/0/country"]
    only_good = helixgate(["validate", str(tmp_path / "good.yaml")], env=env)
    assert only_good.code == 0
    assert "VALID  HG-GOOD" in only_good.out


def test_the_api_validates_a_manifest_without_opa(tmp_path, monkeypatch):
    monkeypatch.setenv("HELIXGATE_OPA", str(tmp_path / "no-opa-here"))
    helixgate.validate(make_manifest("HG-GOOD"))
    bad = make_manifest("HG-BAD")
    bad["transfers"][0]["to"] = "nobody"
    with pytest.raises(InputErrors) as raised:
        helixgate.validate(bad)
    assert raised.value.pointer == "/transfers/0/to"
