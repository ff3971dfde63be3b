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
    [template] = re.findall(r"```yaml\n(# yaml-language-server.*?)```", guide, re.S)
    assert yaml.safe_load(template)["kind"] == "TransferManifest"
    (tmp_path / "template.yaml").write_text(template, encoding="utf-8")
    run = helixgate(["check", "--format", "json", "--as-of", "2026-11-30", str(tmp_path)])
    assert run.json()["errors"] == [], run.json()["errors"]
    [result] = run.json()["results"]
    assert result["decision"] in ("allow", "review")


def test_a_json_manifest_may_name_its_schema(helixgate, tmp_path):
    """The `$schema` key editors read is accepted and changes nothing."""
    import json

    example = json.loads((ROOT / "examples" / "hgr-export.json").read_text(encoding="utf-8"))
    assert example["$schema"].endswith("transfer-manifest.v1.schema.json")
    without = {k: v for k, v in example.items() if k != "$schema"}
    (tmp_path / "with.json").write_text(json.dumps(example), encoding="utf-8")
    (tmp_path / "without.json").write_text(json.dumps(without), encoding="utf-8")
    decided = [
        helixgate(["check", "--format", "json", "--as-of", "2026-11-30", str(tmp_path / f)])
        for f in ("with.json", "without.json")
    ]
    assert [d.code for d in decided] == [0, 0]
    assert (
        decided[0].json()["results"][0]["findings"] == decided[1].json()["results"][0]["findings"]
    )


def test_every_yaml_example_names_the_schema_for_editors():
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert (
            first == "# yaml-language-server: $schema=../schemas/transfer-manifest.v1.schema.json"
        ), path


def test_every_link_between_the_guides_leads_to_a_file():
    """README and docs/ link to one another by relative path; none is dangling,
    and none sends a user to material outside the project."""
    pages = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    dangling = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "../shared" not in text, page
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" not in target and not (page.parent / target).exists():
                dangling.append((page.name, target))
    assert dangling == []
