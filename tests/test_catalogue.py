"""The rule catalogue is the one source of every rule, and each rule's example
really triggers it (checked against real OPA)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helixgate import catalogue_view
from helixgate.catalogue import Rule, example_base, example_manifest, merge, rules
from helixgate.controls import profile_problems
from helixgate.opa_binary import find_opa

ROOT = Path(__file__).resolve().parents[1]
HELIXGATE = str(Path(sys.executable).parent / "helixgate")
RULE_ID = re.compile(r'"((?:FDA|NIH|DOJ|BIO|HGR|PIPL|CMP|HG)-(?:[A-Z]+-)?\d{3})"')


def _ids_the_policies_can_emit() -> set[str]:
    """Rule ids written in the policies, or in the lists they take them from
    (the PIPL thresholds name the rule each tier falls under)."""
    pack = ROOT / "policies" / "helixgate"
    ids: set[str] = set()
    for path in [*pack.rglob("*.rego"), *(pack / "lists").rglob("data.json")]:
        if not path.name.endswith("_test.rego"):
            ids |= set(RULE_ID.findall(path.read_text()))
    return ids


def _refused_before_opa(rule_id: str) -> bool:
    """HG-INPUT-* are about input `helixgate check` refuses before it asks OPA:
    only a caller of OPA itself meets them."""
    return rule_id.startswith("HG-INPUT-")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HELIXGATE, *args], capture_output=True, text=True, timeout=120, check=False
    )


# Findings about the run's controls that the wrapper makes after the run
# (src/helixgate/hygiene.py), not the policies: proven in tests/test_signoffs.py.
ABOUT_THE_CONTROLS = {"HG-WAIVER-003", "HG-WAIVER-004"}


def test_every_rule_the_policies_can_emit_is_in_the_catalogue_and_no_other():
    emitted = _ids_the_policies_can_emit()
    assert len(emitted) == 35
    live = {i for i, r in rules().items() if r.replaced_by is None}
    assert emitted == live - ABOUT_THE_CONTROLS


def test_only_company_rules_are_waivable():
    for rule in rules().values():
        if rule.replaced_by is None:  # a replaced rule never fires
            assert rule.waivable == rule.id.startswith("CMP-"), rule.id


def test_every_rule_has_an_example_that_triggers_it(tmp_path):
    """Each rule's example, laid over the clean base, decided by real OPA in one
    run; each is its own study (a sponsor of its own), since the manifests of
    one run count together."""
    catalogue = {
        i: r
        for i, r in rules().items()
        if not _refused_before_opa(i)
        and (r.example, r.example_waivers) != (None, None)
        and r.replaced_by is None
    }
    controls: dict[str, list[dict]] = {"waivers": [], "signoffs": []}
    for rule in catalogue.values():
        manifest = example_manifest(rule)
        manifest["metadata"]["id"] = f"EX-{rule.id}"
        manifest["study"]["sponsor"] = {"name": f"Sponsor of EX-{rule.id}"}
        (tmp_path / f"{rule.id}.yaml").write_text(yaml.safe_dump(manifest))
        for kind, entries in controls.items():
            for entry in (rule.example_waivers or {}).get(kind, []):
                entries.append({**entry, "manifest": f"EX-{rule.id}"})
    (tmp_path / "waivers.yaml").write_text(yaml.safe_dump(controls))
    done = _run(
        "check", "--format", "json", "--as-of", "2026-11-25",
        "--waivers", str(tmp_path / "waivers.yaml"), str(tmp_path),
    )  # fmt: skip
    report = json.loads(done.stdout)
    assert report["errors"] == []
    fired = {r["manifest"]: {f["rule"] for f in r["findings"]} for r in report["results"]}
    for rule_id in catalogue:
        assert rule_id in fired[f"EX-{rule_id}"], (rule_id, fired[f"EX-{rule_id}"])


def test_only_the_rules_about_the_run_have_no_manifest_example():
    """HG-PORTFOLIO-001 is about the history beside a manifest, not in it
    (tests/test_rules_acceptance.py proves it with --history); HG-WAIVER-003
    and -004 about the controls of the whole run (tests/test_signoffs.py)."""
    without = [
        i
        for i, r in rules().items()
        if (r.example, r.example_waivers) == (None, None) and r.replaced_by is None
    ]
    assert without == ["HG-WAIVER-003", "HG-WAIVER-004", "HG-PORTFOLIO-001"]


def test_the_input_rules_examples_trigger_them_when_opa_is_asked_directly(tmp_path):
    """What a caller of OPA itself gets: `opa eval` on the pack, no wrapper."""
    catalogue = {i: r for i, r in rules().items() if _refused_before_opa(i)}
    assert catalogue
    manifests = []
    for rule in catalogue.values():
        manifest = example_manifest(rule)
        manifest["metadata"]["id"] = f"EX-{rule.id}"
        manifests.append(manifest)
    question = {"manifests": manifests, "context": {"as_of": "2026-11-25"}}
    (tmp_path / "input.json").write_text(json.dumps(question))
    done = subprocess.run(
        [find_opa().path, "eval", "--format", "json", "--data", str(ROOT / "policies"),
         "--input", str(tmp_path / "input.json"), "data.helixgate.main.results"],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    [results] = [e["value"] for e in json.loads(done.stdout)["result"][0]["expressions"]]
    for rule_id, result in zip(catalogue, results, strict=True):
        assert result["decision"] == "deny", rule_id
        assert rule_id in {f["rule"] for f in result["findings"]}, (rule_id, result["findings"])


def test_helixgate_check_refuses_the_input_rules_examples_before_asking(tmp_path):
    for rule in rules().values():
        if _refused_before_opa(rule.id):
            path = tmp_path / f"{rule.id}.yaml"
            path.write_text(yaml.safe_dump(example_manifest(rule)))
            done = _run("check", "--format", "json", "--as-of", "2026-11-25", str(path))
            assert done.returncode == 2, (rule.id, done.stdout, done.stderr)
            assert json.loads(done.stdout)["results"] == []


def _date_fields(schema: dict[str, Any], path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """The paths of the manifest schema's date fields, `*` for a list entry."""
    if schema.get("$ref") == "#/$defs/date":
        return {path}
    found: set[tuple[str, ...]] = set()
    for name, sub in schema.get("properties", {}).items():
        found |= _date_fields(sub, (*path, name))
    if isinstance(schema.get("items"), dict):
        found |= _date_fields(schema["items"], (*path, "*"))
    return found


def test_hg_input_001_checks_every_date_field_of_the_manifest_schema():
    schema = json.loads((ROOT / "schemas/transfer-manifest.v1.schema.json").read_text())
    dates = json.loads((ROOT / "policies/helixgate/lists/dates/data.json").read_text())
    checked = {
        (field["each"], "*", *field["path"]) if "each" in field else tuple(field["path"])
        for field in dates["fields"]
    }
    assert ("transfers", "*", "start_on") in _date_fields(schema)
    assert _date_fields(schema) <= checked
    assert (dates["first"], dates["last"]) == ("1900-01-01", "2199-12-31")


def test_the_clean_example_base_is_allowed_without_findings(tmp_path):
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(example_base()))
    report = json.loads(_run("check", "--format", "json", str(tmp_path / "base.yaml")).stdout)
    assert report["results"][0]["decision"] == "allow"
    assert report["results"][0]["findings"] == []


def test_merge_lays_mappings_key_by_key_and_list_items_by_index():
    base = {"a": {"b": 1, "c": 2}, "items": [{"x": 1, "y": 2}, {"x": 3}], "tags": ["p", "q"]}
    fragment = {"a": {"c": None, "d": 4}, "items": [{"y": 5}], "tags": ["r"]}
    assert merge(base, fragment) == {
        "a": {"b": 1, "d": 4},
        "items": [{"x": 1, "y": 5}, {"x": 3}],
        "tags": ["r"],
    }


def _table_groups(text: str) -> list[tuple[str, list[list[str]]]]:
    """The table of `helixgate rules` as (heading, rows): after the header
    line, each group is a blank line, a heading line and its rule rows."""
    header, *rest = text.splitlines()
    assert header.split()[:4] == ["RULE", "LEVEL", "WAIVABLE", "SOURCE"]
    groups: list[tuple[str, list[list[str]]]] = []
    for block in "\n".join(rest).split("\n\n"):
        heading, *rows = block.strip("\n").splitlines()
        groups.append((heading, [row.split() for row in rows]))
    return groups


def test_rules_lists_every_rule_with_its_level_and_source():
    done = _run("rules")
    assert done.returncode == 0
    rows = [row for _, rows in _table_groups(done.stdout) for row in rows]
    listed = {row[0]: row[1] for row in rows}
    assert len(rows) == len(listed)
    assert listed == {rule.id: rule.level for rule in rules().values()}
    for row in rows:
        rule = rules()[row[0]]
        assert row[2] == ("yes" if rule.waivable else "no")


FAMILY_ORDER = ["FDA", "NIH", "DOJ", "BIO", "HGR", "PIPL", "CMP", "HG"]


def test_rules_groups_the_table_by_family_fda_nih_doj_bio_hgr_pipl_cmp_then_helixgate():
    groups = _table_groups(_run("rules").stdout)
    present = [f for f in FAMILY_ORDER if any(i.startswith(f + "-") for i in rules())]
    headings = dict(catalogue_view.FAMILIES)
    assert [heading for heading, _ in groups] == [headings[f] for f in present]
    assert groups[-1][0].startswith("HELIXGATE")
    for (heading, rows), prefix in zip(groups, present, strict=True):
        ids = [row[0] for row in rows]
        # each family's rules, all of them, in catalogue order
        assert ids == [i for i in rules() if i.split("-")[0] == prefix], heading
    assert [f for f, _ in catalogue_view.FAMILIES] == FAMILY_ORDER


def _rule(rule_id: str) -> Rule:
    return Rule(
        id=rule_id, level="review", waivable=False, title="t", source="s",
        checks="c", rationale="r", citation="c", remediation="f",
    )  # fmt: skip


def test_the_grouping_keeps_catalogue_order_within_a_family_and_puts_unknown_families_last():
    ids = [
        "HG-INPUT-001", "CMP-SEC-001", "XYZ-001", "PIPL-XFER-001", "HGR-MAT-001",
        "BIO-001", "CMP-HGR-001", "DOJ-BULK-002", "NIH-DATA-001", "NIH-SPEC-001",
        "FDA-CELLS-001", "DOJ-BULK-001", "ABC-001",
    ]  # fmt: skip
    groups = catalogue_view._grouped({i: _rule(i) for i in ids})
    assert [(heading.split(":")[0], [r.id for r in members]) for heading, members in groups] == [
        ("FDA", ["FDA-CELLS-001"]),
        ("NIH", ["NIH-DATA-001", "NIH-SPEC-001"]),
        ("DOJ", ["DOJ-BULK-002", "DOJ-BULK-001"]),
        ("BIO", ["BIO-001"]),
        ("HGR", ["HGR-MAT-001"]),
        ("PIPL", ["PIPL-XFER-001"]),
        ("CMP", ["CMP-SEC-001", "CMP-HGR-001"]),
        ("HELIXGATE", ["HG-INPUT-001"]),
        ("ABC", ["ABC-001"]),
        ("XYZ", ["XYZ-001"]),
    ]


def test_a_profile_cannot_lower_or_switch_off_the_biosecure_rules():
    bio = [rule for i, rule in rules().items() if i.startswith("BIO-")]
    assert [rule.id for rule in bio] == ["BIO-001"]
    for rule in bio:
        assert not rule.waivable
        assert rule.level == "review"
        assert not rule.may_set("off")
        assert not rule.may_set("info")
        assert rule.may_set("review")
        assert rule.may_set("deny")
        assert profile_problems({"rules": {rule.id: "off"}}) == [
            (
                f"/rules/{rule.id}",
                f"{rule.id} cannot be switched off: {rule.source} rules can only be raised",
            )
        ]
        assert profile_problems({"rules": {rule.id: "deny"}}) == []


def test_the_new_us_rules_carry_their_sources_and_the_biosecure_obligation():
    catalogue = rules()
    assert catalogue["NIH-DATA-001"].level == "deny"
    assert not catalogue["NIH-DATA-001"].waivable
    assert catalogue["NIH-DATA-001"].source == "NIH NOT-OD-25-083"
    assert catalogue["BIO-001"].obligation == "biosecure-procurement"
    assert catalogue["BIO-001"].source == "BIOSECURE (P.L. 119-60 sec. 851)"
    ids = list(catalogue)
    assert ids.index("NIH-DATA-001") == ids.index("NIH-SPEC-002") + 1
    assert ids.index("BIO-001") == ids.index("DOJ-BULK-004") + 1


def test_rules_as_json_carries_every_field_of_the_catalogue():
    entries = json.loads(_run("rules", "--format", "json").stdout)["rules"]
    assert [e["id"] for e in entries] == list(rules())
    catalogue_file = json.loads((ROOT / "policies/helixgate/catalogue/data.json").read_text())
    for entry in entries:
        source = catalogue_file["rules"][entry["id"]]
        for key in ("level", "title", "citation", "remediation", "rationale", "waivable"):
            assert entry[key] == source[key]


@pytest.mark.parametrize("rule_id", ["FDA-CELLS-001", "cmp-sec-003", "HG-WAIVER-002"])
def test_explain_prints_what_why_citation_fix_and_an_example(rule_id):
    rule = rules()[rule_id.upper()]
    done = _run("explain", rule_id)
    assert done.returncode == 0
    text = done.stdout
    for heading, value in (
        ("What it checks:", rule.checks),
        ("Why:", rule.rationale),
        ("Citation:", rule.citation),
        ("How to fix it:", rule.remediation),
    ):
        assert heading in text
        assert value in text
    assert "triggers it" in text
    assert "apiVersion: helixgate/v1" in text


def test_explain_an_unknown_rule_is_a_usage_error():
    done = _run("explain", "CMP-NOPE-001")
    assert done.returncode == 2
    assert "no rule has id" in done.stderr


def test_findings_take_title_citation_and_remediation_from_the_catalogue():
    report = json.loads(_run("check", "--format", "json", str(ROOT / "examples")).stdout)
    catalogue = rules()
    seen = 0
    for result in report["results"]:
        for finding in result["findings"]:
            rule = catalogue[finding["rule"]]
            assert finding["title"] == rule.title
            assert finding["citation"] == {"source": rule.source, "text": rule.citation}
            assert finding["remediation"] == rule.remediation
            seen += 1
    assert seen > 0
