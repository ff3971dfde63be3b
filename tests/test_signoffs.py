"""Sign-offs and waiver hygiene through the command line: a signed-off review
no longer fails --fail-on review, a sign-off never clears a deny
(HG-SIGNOFF-001), expiry, an unused waiver (HG-WAIVER-003) and one that
expires soon (HG-WAIVER-004) at their lines in the waiver file, and SARIF
shows a signed-off finding as suppressed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from helixgate.catalogue import example_manifest, rules

HELIXGATE = str(Path(sys.executable).parent / "helixgate")
AS_OF = "2026-11-25"

SIGNOFF = """signoffs:
  - rule: {rule}
    manifest: {manifest}
    reason: audit passed on site
    approved_by: officer@example.com
    approved_on: "2026-11-01"
    expires_on: "{expires}"
"""


def _manifest(tmp_path: Path, rule_id: str, manifest_id: str) -> Path:
    manifest = example_manifest(rules()[rule_id])
    manifest["metadata"]["id"] = manifest_id
    path = tmp_path / f"{manifest_id}.yaml"
    path.write_text(yaml.safe_dump(manifest, sort_keys=False))
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HELIXGATE, "check", "--as-of", AS_OF, *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _json(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    done = _run("--format", "json", *args)
    return done.returncode, json.loads(done.stdout)


def _signoffs(tmp_path: Path, rule: str, manifest: str, expires: str = "2027-06-30") -> Path:
    path = tmp_path / "signoffs.yaml"
    path.write_text(SIGNOFF.format(rule=rule, manifest=manifest, expires=expires))
    return path


def test_a_signed_off_review_passes_fail_on_review_and_keeps_who_and_when(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-003", "REV-1")
    assert _run("--fail-on", "review", str(manifest)).returncode == 1
    signoffs = _signoffs(tmp_path, "CMP-SEC-003", "REV-1")
    code, report = _json("--fail-on", "review", "--signoffs", str(signoffs), str(manifest))
    assert code == 0
    [result] = report["results"]
    assert result["decision"] == "allow"
    [finding] = result["findings"]
    assert finding["level"] == "signed_off"
    assert finding["signoff"] == {
        "reason": "audit passed on site",
        "approved_by": "officer@example.com",
        "approved_on": "2026-11-01",
        "expires_on": "2027-06-30",
    }
    text = _run("--fail-on", "review", "--signoffs", str(signoffs), str(manifest)).stdout
    assert "signed off by officer@example.com on 2026-11-01" in text


def test_a_signoff_never_clears_a_deny(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-001", "DENY-1")
    signoffs = _signoffs(tmp_path, "CMP-SEC-001", "DENY-1")
    code, report = _json("--signoffs", str(signoffs), str(manifest))
    assert code == 1
    [result] = report["results"]
    assert result["decision"] == "deny"
    levels = [(f["rule"], f["level"]) for f in result["findings"]]
    assert levels == [("HG-SIGNOFF-001", "review"), ("CMP-SEC-001", "deny")]
    ignored = result["findings"][0]
    assert (ignored["source"], ignored["line"], ignored["column"]) == (str(signoffs), 2, 5)


def test_an_expired_signoff_signs_off_nothing_and_holds_on_its_last_day(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-003", "REV-1")
    signoffs = _signoffs(tmp_path, "CMP-SEC-003", "REV-1", expires=AS_OF)
    assert _json("--signoffs", str(signoffs), str(manifest))[1]["results"][0]["decision"] == "allow"
    signoffs = _signoffs(tmp_path, "CMP-SEC-003", "REV-1", expires="2026-11-24")
    code, report = _json("--fail-on", "review", "--signoffs", str(signoffs), str(manifest))
    assert code == 1
    rules_seen = [(f["rule"], f["level"]) for f in report["results"][0]["findings"]]
    assert rules_seen == [("HG-WAIVER-002", "info"), ("CMP-SEC-003", "review")]


def test_an_unused_waiver_is_reported_once_at_its_line(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-003", "REV-1")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n"
        "  - rule: CMP-SEC-003\n    manifest: REV-1\n    reason: r\n"
        "    approved_by: a@example.com\n    expires_on: '2027-06-30'\n"
        "  - rule: CMP-SEC-002\n    manifest: TYPO-1\n    reason: r\n"
        "    approved_by: a@example.com\n    expires_on: '2027-06-30'\n"
    )
    code, report = _json("--waivers", str(waivers), str(manifest), str(manifest))
    assert code == 0
    [unused] = report["control_findings"]
    assert unused["rule"] == "HG-WAIVER-003"
    assert unused["level"] == "info"
    assert (unused["source"], unused["line"], unused["column"]) == (str(waivers), 7, 5)
    assert unused["pointer"] == "/waivers/1"
    assert "TYPO-1" in unused["message"]
    text = _run("--waivers", str(waivers), str(manifest)).stdout
    assert f"{waivers}:7:5  info    HG-WAIVER-003" in text


def test_a_waiver_or_signoff_near_expiry_is_announced(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-003", "REV-1")
    signoffs = _signoffs(tmp_path, "CMP-SEC-003", "REV-1", expires="2026-12-25")
    _, report = _json("--signoffs", str(signoffs), str(manifest))
    [soon] = report["control_findings"]
    assert soon["rule"] == "HG-WAIVER-004"
    assert "expires on 2026-12-25, in 30 days" in soon["message"]
    assert (soon["line"], soon["column"]) == (2, 5)
    _, report = _json("--expiry-warning", "29", "--signoffs", str(signoffs), str(manifest))
    assert report["control_findings"] == []


def test_sarif_shows_a_signed_off_finding_as_suppressed_by_the_signoff(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-003", "REV-1")
    signoffs = _signoffs(tmp_path, "CMP-SEC-003", "REV-1")
    done = _run("--format", "sarif", "--signoffs", str(signoffs), str(manifest))
    [result] = json.loads(done.stdout)["runs"][0]["results"]
    assert result["ruleId"] == "CMP-SEC-003"
    [suppression] = result["suppressions"]
    assert suppression["kind"] == "external"
    assert "officer@example.com" in suppression["justification"]
    assert "audit passed on site" in suppression["justification"]


def test_sarif_places_a_waiver_finding_in_the_waiver_file(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-001", "DENY-1")
    signoffs = _signoffs(tmp_path, "CMP-SEC-001", "DENY-1")
    done = _run("--format", "sarif", "--signoffs", str(signoffs), str(manifest))
    results = json.loads(done.stdout)["runs"][0]["results"]
    [ignored] = [r for r in results if r["ruleId"] == "HG-SIGNOFF-001"]
    physical = ignored["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("signoffs.yaml")
    assert physical["region"]["startLine"] == 2


def test_a_signoff_naming_a_replaced_or_unknown_rule_is_a_reference_error(tmp_path):
    manifest = _manifest(tmp_path, "CMP-SEC-003", "REV-1")
    for rule in ("CMP-HGR-001", "CMP-NOPE-001"):
        done = _run("--signoffs", str(_signoffs(tmp_path, rule, "REV-1")), str(manifest))
        assert done.returncode == 2
        assert "error[reference]" in done.stderr


def test_the_html_report_shows_sign_offs_and_the_controls_that_matched_nothing(helixgate, tmp_path):
    controls = tmp_path / "controls.yaml"
    controls.write_text(
        "waivers:\n"
        "  - {rule: CMP-SEC-003, manifest: NOBODY, reason: r, approved_by: a@example.com,"
        " expires_on: 2027-06-30}\n"
        "signoffs:\n"
        "  - {rule: CMP-SEC-003, manifest: signoff1-on-a-review, reason: audit booked,"
        " approved_by: officer@example.com, approved_on: 2026-11-01, expires_on: 2027-06-30}\n",
        encoding="utf-8",
    )
    manifests = Path(__file__).resolve().parent / "acceptance" / "manifests" / "hg-signoff.yaml"
    run = helixgate(
        ["check", "--format", "html", "--as-of", "2026-11-30", "--waivers", str(controls),
         str(manifests)]
    )  # fmt: skip
    page = run.out
    assert "<dt>Signed off</dt><dd>by officer@example.com on 2026-11-01" in page
    assert 'id="controls"' in page
    assert "HG-WAIVER-003" in page
    assert f"{controls}:2:" in page  # the unused waiver, at its own line
