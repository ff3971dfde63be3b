"""The product documents itself: the rules reference is the catalogue's, and
the guides' examples are manifests helixgate accepts."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from helixgate.catalogue import rules
from helixgate.catalogue_view import rules_markdown

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_the_rules_reference_is_generated_from_the_catalogue():
    """`make docs` rewrites docs/rules.md; this fails when it is stale."""
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_the_rules_reference_has_every_rule():
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert [i for i in rules() if f"### {i}:" not in text] == []


def test_the_manifest_guides_template_is_a_manifest_that_is_decided(helixgate, tmp_path):
    guide = (DOCS / "manifest-guide.md").read_text(encoding="utf-8")
    [template] = re.findall(r"```yaml\n(apiVersion: helixgate/v1.*?)```", guide, re.S)
    assert yaml.safe_load(template)["kind"] == "TransferManifest"
    (tmp_path / "template.yaml").write_text(template, encoding="utf-8")
    run = helixgate(["check", "--format", "json", "--as-of", "2026-11-30", str(tmp_path)])
    assert run.json()["errors"] == [], run.json()["errors"]
    [result] = run.json()["results"]
    assert result["decision"] in ("allow", "review")
