"""Waiver files and organisation profiles, through the command line and real OPA."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helixgate.catalogue import example_base, merge

HELIXGATE = str(Path(sys.executable).parent / "helixgate")
AS_OF = "2026-11-25"


def _manifest(manifest_id: str, fragment: dict) -> dict:
    """The example base with `fragment` laid over it. Each manifest's lab has
    a name of its own unless the fragment names it: manifests checked in one
    run count together, and one name is one counterparty wherever it is."""
    manifest = merge(example_base(), fragment)
    manifest["metadata"] = {"id": manifest_id}
    named = [party.get("name") for party in fragment.get("parties", [])]
    for index, party in enumerate(manifest["parties"]):
        if index >= len(named) or named[index] is None:
            party["name"] = f"Example Lab {manifest_id} GmbH"
    return manifest


# A German lab without a security certification: CMP-SEC-003 (review) on t1 and t2.
UNCERTIFIED = {
    "parties": [{"certifications": ["CAP"]}],
    "transfers": [
        {},
        {"id": "t2", "item": "cells", "to": "lab", "purpose": "analysis",
         "start_on": "2026-12-02", "selection_reason": "capability"},
    ],
}  # fmt: skip
# A new IND sending cells to a lab in China: FDA-CELLS-001 (deny), CMP-SOV-001 (review).
CHINA = {
    "study": {"fda": {"application": "IND", "status": "planned"}},
    "consent": {"disclosed_countries": ["CN"]},
    "parties": [{"country": "CN", "headquarters": "CN"}],
}
# A Singapore lab: CMP-LOCAL-001 (info) only.
SINGAPORE = {"consent": {"disclosed_countries": ["SG"]}, "parties": [{"country": "SG"}]}


def _waiver(rule: str, manifest: str, expires_on: str = "2027-02-28", **more: str) -> dict:
    return {"rule": rule, "manifest": manifest, "reason": "audit booked",
            "approved_by": "ciso@example.com", "expires_on": expires_on, **more}  # fmt: skip


def _check(tmp_path: Path, manifests: dict[str, dict], *args: str, waivers=None, profile=None):
    folder = tmp_path / "manifests"
    folder.mkdir(exist_ok=True)
    for name, manifest in manifests.items():
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(manifest))
    extra = list(args)
    if waivers is not None:
        (tmp_path / "waivers.yaml").write_text(yaml.safe_dump({"waivers": waivers}))
        extra += ["--waivers", str(tmp_path / "waivers.yaml")]
    if profile is not None:
        (tmp_path / "profile.yaml").write_text(yaml.safe_dump(profile))
        extra += ["--profile", str(tmp_path / "profile.yaml")]
    done = subprocess.run(
        [HELIXGATE, "check", "--format", "json", "--as-of", AS_OF, *extra, str(folder)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout)


def _by_manifest(report: dict) -> dict[str, dict]:
    return {r["manifest"]: r for r in report["results"]}


def _levels(result: dict) -> list[tuple[str, str, str | None]]:
    return [(f["rule"], f["level"], f.get("transfer")) for f in result["findings"]]


# --- Waivers -------------------------------------------------------------------


def test_a_valid_waiver_waives_its_findings_which_stay_reported_but_do_not_count(tmp_path):
    code, report = _check(
        tmp_path,
        {"a": _manifest("M-A", UNCERTIFIED), "b": _manifest("M-B", UNCERTIFIED)},
        "--fail-on", "review",
        waivers=[_waiver("CMP-SEC-003", "M-A")],
    )  # fmt: skip
    results = _by_manifest(report)
    assert _levels(results["M-A"]) == [
        ("CMP-SEC-003", "waived", "t1"),
        ("CMP-SEC-003", "waived", "t2"),
    ]
    assert results["M-A"]["decision"] == "allow"
    waiver = results["M-A"]["findings"][0]["waiver"]
    assert waiver == {"reason": "audit booked", "approved_by": "ciso@example.com",
                      "expires_on": "2027-02-28"}  # fmt: skip
    # a waiver for another manifest never applies
    assert results["M-B"]["decision"] == "review"
    assert code == 1


def test_a_waiver_naming_a_transfer_waives_only_that_transfer(tmp_path):
    _, report = _check(
        tmp_path, {"a": _manifest("M-A", UNCERTIFIED)},
        waivers=[_waiver("CMP-SEC-003", "M-A", transfer="t2")],
    )  # fmt: skip
    result = _by_manifest(report)["M-A"]
    assert _levels(result) == [("CMP-SEC-003", "review", "t1"), ("CMP-SEC-003", "waived", "t2")]
    assert result["decision"] == "review"


@pytest.mark.parametrize(
    ("expires_on", "applies"), [(AS_OF, True), ("2026-11-24", False)], ids=["on_its_last_day", "the_day_after"]
)
def test_an_expired_waiver_does_nothing_and_says_so(tmp_path, expires_on, applies):
    _, report = _check(
        tmp_path, {"a": _manifest("M-A", UNCERTIFIED)},
        waivers=[_waiver("CMP-SEC-003", "M-A", expires_on=expires_on)],
    )  # fmt: skip
    result = _by_manifest(report)["M-A"]
    rules = [(f["rule"], f["level"]) for f in result["findings"]]
    if applies:
        assert rules == [("CMP-SEC-003", "waived")] * 2
    else:
        assert rules == [("HG-WAIVER-002", "info"), ("CMP-SEC-003", "review"), ("CMP-SEC-003", "review")]
        notice = result["findings"][0]
        # at its waiver's entry in the waiver file, not in the manifest
        assert notice["pointer"] == "/waivers/0"
        assert notice["source"].endswith("waivers.yaml")
        assert notice["line"] == 2
        assert "transfer" not in notice
        assert "CMP-SEC-003" in notice["message"]
        assert expires_on in notice["message"]


def test_as_of_decides_expiry_not_the_clock(tmp_path):
    waivers = [_waiver("CMP-SEC-003", "M-A", expires_on="2027-02-28")]
    manifests = {"a": _manifest("M-A", UNCERTIFIED)}
    _, before = _check(tmp_path, manifests, "--as-of", "2027-02-28", waivers=waivers)
    _, after = _check(tmp_path, manifests, "--as-of", "2027-03-01", waivers=waivers)
    assert _by_manifest(before)["M-A"]["decision"] == "allow"
    assert _by_manifest(after)["M-A"]["decision"] == "review"


@pytest.mark.parametrize("rule", ["FDA-CELLS-001", "NIH-SPEC-001", "DOJ-BULK-001"])
def test_a_waiver_for_a_regulatory_rule_is_ignored_with_hg_waiver_001(tmp_path, rule):
    code, report = _check(tmp_path, {"a": _manifest("M-A", CHINA)}, waivers=[_waiver(rule, "M-A")])
    result = _by_manifest(report)["M-A"]
    assert result["findings"][0]["rule"] == "HG-WAIVER-001"
    assert result["findings"][0]["level"] == "review"
    assert rule in result["findings"][0]["message"]
    assert ("FDA-CELLS-001", "deny", "t1") in _levels(result)
    assert result["decision"] == "deny"
    assert code == 1


def test_a_waiver_for_a_rule_that_does_not_exist_is_an_input_error(tmp_path):
    code, report = _check(
        tmp_path, {"a": _manifest("M-A", UNCERTIFIED)}, waivers=[_waiver("CMP-SEC-033", "M-A")]
    )
    assert code == 2
    assert report["results"] == []
    [error] = report["errors"]
    assert error["source"].endswith("waivers.yaml")
    assert error["pointer"] == "/waivers/0/rule"
    text = (tmp_path / "waivers.yaml").read_text().splitlines()
    assert text[error["line"] - 1].strip().startswith("rule: CMP-SEC-033")
    assert "CMP-SEC-033" in error["message"]


def test_a_malformed_waiver_file_is_a_schema_error_with_its_pointer(tmp_path):
    waiver = _waiver("CMP-SEC-003", "M-A", expires_on="2027-02-30")
    del waiver["approved_by"]
    code, report = _check(tmp_path, {"a": _manifest("M-A", UNCERTIFIED)}, waivers=[waiver])
    assert code == 2
    pointers = {e["pointer"] for e in report["errors"]}
    assert pointers == {"/waivers/0", "/waivers/0/expires_on"}


# --- Profiles ------------------------------------------------------------------


def test_a_profile_raises_and_lowers_rules(tmp_path):
    profile = {"rules": {"CMP-LOCAL-001": "deny", "FDA-CELLS-001": "deny", "CMP-SOV-001": "info"}}
    code, report = _check(
        tmp_path, {"sg": _manifest("M-SG", SINGAPORE), "cn": _manifest("M-CN", CHINA)}, profile=profile
    )
    results = _by_manifest(report)
    assert _levels(results["M-SG"]) == [("CMP-LOCAL-001", "deny", "t1")]
    assert ("CMP-SOV-001", "info", "t1") in _levels(results["M-CN"])
    assert code == 1


def test_a_profile_switches_a_company_rule_off(tmp_path):
    _, report = _check(
        tmp_path, {"sg": _manifest("M-SG", SINGAPORE)}, profile={"rules": {"CMP-LOCAL-001": "off"}}
    )
    assert _by_manifest(report)["M-SG"]["findings"] == []


@pytest.mark.parametrize(
    ("profile", "pointer", "words"),
    [
        ({"rules": {"FDA-CELLS-001": "review"}}, "/rules/FDA-CELLS-001", "lowered from deny to review"),
        ({"rules": {"DOJ-BULK-002": "off"}}, "/rules/DOJ-BULK-002", "switched off"),
        ({"rules": {"NIH-SPEC-002": "info"}}, "/rules/NIH-SPEC-002", "lowered"),
        ({"rules": {"CMP-NOPE-001": "off"}}, "/rules/CMP-NOPE-001", "no rule has id"),
        ({"lists": {"trusted_countries": ["US", "DE", "HK"]}}, "/lists/trusted_countries/2", "HK is a country of concern"),
        ({"lists": {"countries_of_concern_extra": ["BY"], "trusted_countries": ["BY"]}},
         "/lists/trusted_countries/0", "BY is a country of concern"),
        ({"lists": {"countries_of_concern": ["CN", "HK", "MO", "CU", "IR", "KP", "VE"]}},
         "/lists/countries_of_concern", "cannot be removed: RU"),
    ],
    ids=["lower_fda", "switch_off_doj", "lower_nih", "unknown_rule", "trust_hk", "trust_an_added_one", "remove_ru"],
)
def test_a_profile_that_weakens_the_law_is_refused_naming_the_entry(tmp_path, profile, pointer, words):
    code, report = _check(tmp_path, {"cn": _manifest("M-CN", CHINA)}, profile=profile)
    assert code == 2
    assert report["results"] == []
    assert [e["pointer"] for e in report["errors"]] == [pointer]
    assert words in report["errors"][0]["message"]
    assert report["errors"][0]["line"] is not None


def test_a_profile_replaces_the_trusted_countries(tmp_path):
    profile = {"lists": {"trusted_countries": ["US", "SG"]}}
    germany = _manifest("M-DE", {})
    _, report = _check(tmp_path, {"sg": _manifest("M-SG", SINGAPORE), "de": germany}, profile=profile)
    results = _by_manifest(report)
    assert results["M-SG"]["findings"] == []
    assert _levels(results["M-DE"]) == [("CMP-LOCAL-001", "info", "t1")]


def test_a_profile_adds_countries_and_entities_of_concern(tmp_path):
    belarus = _manifest("M-BY", {
        "study": {"fda": {"application": "IND", "status": "planned"}},
        "consent": {"disclosed_countries": ["BY"]},
        "parties": [{"country": "BY", "headquarters": "BY"}],
    })  # fmt: skip
    named = _manifest("M-NAMED", {"parties": [{"name": "  example   GENE co. "}]})
    profile = {"lists": {"countries_of_concern_extra": ["BY"],
                         "entities_of_concern_extra": ["Example Gene Co."]}}  # fmt: skip
    _, report = _check(tmp_path, {"by": belarus, "named": named}, profile=profile)
    results = _by_manifest(report)
    fda = next(f for f in results["M-BY"]["findings"] if f["rule"] == "FDA-CELLS-001")
    assert fda["reasons"] == ["country BY", "headquarters BY"]
    sov = next(f for f in results["M-NAMED"]["findings"] if f["rule"] == "CMP-SOV-001")
    assert sov["reasons"] == ["named entity of concern"]
    _, plain = _check(tmp_path, {"by": belarus, "named": named})
    assert all(f["rule"] != "FDA-CELLS-001" for f in _by_manifest(plain)["M-BY"]["findings"])


# --- Entities of concern (default list) -------------------------------------------


def test_a_listed_entity_is_covered_wherever_it_is_incorporated(tmp_path):
    listed = _manifest("M-LISTED", {
        "consent": {"disclosed_countries": ["DE", "US"]},
        "subjects": [{"count": 150}],
        "parties": [{"name": "Complete  Genomics, Inc.", "country": "US", "headquarters": "US"}],
        "transfers": [{"item": "wgs", "safeguards": {"encrypted_in_transit": True, "encrypted_at_rest": True}}],
    })  # fmt: skip
    owned = _manifest("M-OWNED", {
        "parties": [{"owners": [{"name": "BGI Genomics Co., Ltd.", "country": "SG", "share": 50},
                                {"name": "Example Holding AG", "country": "DE", "share": 50}]}],
    })  # fmt: skip
    half = _manifest("M-HALF", {
        "parties": [{"owners": [{"name": "BGI Genomics Co., Ltd.", "country": "SG", "share": 49.9},
                                {"name": "Example Holding AG", "country": "DE", "share": 50.1}]}],
    })  # fmt: skip
    _, report = _check(tmp_path, {"listed": listed, "owned": owned, "half": half})
    results = _by_manifest(report)
    doj = next(f for f in results["M-LISTED"]["findings"] if f["rule"] == "DOJ-BULK-001")
    assert doj["reasons"] == ["named entity of concern"]
    assert results["M-LISTED"]["decision"] == "deny"
    fda_like = {f["rule"]: f["reasons"] for f in results["M-OWNED"]["findings"]}
    assert fda_like["CMP-SOV-001"] == ["owned 50% from countries of concern"]
    assert results["M-HALF"]["findings"] == []


# --- Replaced rules ------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"), [("CMP-HGR-001", "HGR-MAT-001"), ("CMP-HGR-002", "HGR-INFO-001")]
)
def test_a_waiver_naming_a_replaced_rule_is_an_input_error_naming_the_new_id(tmp_path, old, new):
    code, report = _check(
        tmp_path, {"a": _manifest("M-A", UNCERTIFIED)},
        waivers=[_waiver("CMP-SEC-003", "M-A"), _waiver(old, "M-A")],
    )  # fmt: skip
    assert code == 2
    assert report["results"] == []
    [error] = report["errors"]
    assert (error["kind"], error["pointer"]) == ("reference", "/waivers/1/rule")
    assert error["message"] == f"{old} was replaced by {new}: name {new}"
    text = (tmp_path / "waivers.yaml").read_text().splitlines()
    assert text[error["line"] - 1].strip().startswith(f"rule: {old}")


@pytest.mark.parametrize("level", ["deny", "off"])
def test_a_profile_naming_a_replaced_rule_is_an_input_error_naming_the_new_id(tmp_path, level):
    profile = {"rules": {"CMP-LOCAL-001": "off", "CMP-HGR-001": level}}
    code, report = _check(tmp_path, {"sg": _manifest("M-SG", SINGAPORE)}, profile=profile)
    assert code == 2
    assert report["results"] == []
    [error] = report["errors"]
    assert (error["kind"], error["pointer"]) == ("reference", "/rules/CMP-HGR-001")
    assert error["message"] == "CMP-HGR-001 was replaced by HGR-MAT-001: name HGR-MAT-001"
    assert error["line"] is not None


def test_the_new_rules_are_law_a_profile_cannot_lower_them(tmp_path):
    profile = {"rules": {"HGR-MAT-001": "review"}}
    code, report = _check(tmp_path, {"sg": _manifest("M-SG", SINGAPORE)}, profile=profile)
    assert code == 2
    [error] = report["errors"]
    assert error["pointer"] == "/rules/HGR-MAT-001"
    assert "lowered from deny to review" in error["message"]


def test_explain_says_a_replaced_rule_was_replaced():
    done = subprocess.run(
        [HELIXGATE, "explain", "CMP-HGR-002"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("CMP-HGR-002 was replaced by HGR-INFO-001: it no longer fires")
    assert "triggers it" not in done.stdout
