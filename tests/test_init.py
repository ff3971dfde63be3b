"""`helixgate init`: a starter manifest that validates and decides, and never
replaces a file."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("study", ["clinical_trial", "research", "commercial_service"])
def test_the_starter_validates_and_is_decided(helixgate, tmp_path, study):
    path = tmp_path / f"{study}.yaml"
    made = helixgate(["init", str(path), "--study", study])
    assert made.code == 0, made.err
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert f"type: {study}" in text
    run = helixgate(["check", "--format", "json", str(path)])
    assert run.json()["errors"] == []
    [result] = run.json()["results"]
    assert result["decision"] == "allow", result["findings"]


def test_init_never_overwrites(helixgate, tmp_path):
    path = tmp_path / "study.yaml"
    path.write_text("mine\n", encoding="utf-8")
    refused = helixgate(["init", str(path)])
    assert refused.code == 2
    assert "never overwrites" in refused.err
    assert path.read_text(encoding="utf-8") == "mine\n"


def test_init_writes_manifest_yaml_in_the_working_directory(helixgate, tmp_path):
    assert helixgate(["init"], cwd=tmp_path).code == 0
    assert (tmp_path / "manifest.yaml").is_file()
