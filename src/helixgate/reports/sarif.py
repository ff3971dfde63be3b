"""`--format sarif`: a SARIF 2.1.0 log for code-scanning tools (GitHub code
scanning and others), with the whole rule catalogue as the driver's rules, one
result per finding placed on its manifest line, waived findings as suppressed
results, and input and engine errors as results of helixgate's own rules."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..catalogue import Rule, rules
from ..decision import Decision, Finding
from .options import RenderOptions
from .paths import is_stdin, repository_path
from .report import Report, ReportError

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "helixgateFinding/v1"
INPUT_ERROR = "HG-INPUT-ERROR"
ENGINE_ERROR = "HG-ENGINE-ERROR"

# SARIF's levels; a rule switched off by a profile never fires, "none" only
# keeps the mapping total.
_LEVELS = {"deny": "error", "review": "warning", "info": "note", "off": "none"}

_OWN_RULES = {
    INPUT_ERROR: (
        "InputError",
        "A manifest or control file could not be read or validated",
        "the file is not valid YAML or JSON, breaks the manifest schema, refers to "
        "something it does not define, or exceeds a size limit; nothing in it was decided",
        "fix the file at the line shown; the message says what is wrong",
    ),
    ENGINE_ERROR: (
        "EngineError",
        "The policy engine could not decide a manifest",
        "OPA could not be started or reached, timed out, or gave an answer helixgate "
        "does not accept; the manifest is not decided, and never reported as allowed",
        "check the OPA binary or server named in the message, then run the check again",
    ),
}


def _camel_case(text: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", text))


def _catalogue_rule(rule: Rule) -> dict[str, Any]:
    help_text = (
        f"{rule.rationale}\n\nHow to fix: {_sentence(rule.remediation)}\n\n"
        f"Source: {rule.source}. {rule.citation}"
    )
    help_markdown = (
        f"{rule.rationale}\n\n**How to fix:** {_sentence(rule.remediation)}\n\n"
        f"**Source:** {rule.source}. {rule.citation}"
    )
    properties: dict[str, Any] = {"source": rule.source, "waivable": rule.waivable}
    if rule.obligation is not None:
        properties["obligation"] = rule.obligation
    return {
        "id": rule.id,
        "name": _camel_case(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"Fires when {rule.checks}."},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": _LEVELS[rule.level]},
        "properties": properties,
    }


def _own_rule(rule_id: str) -> dict[str, Any]:
    name, title, checks, remediation = _OWN_RULES[rule_id]
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": title},
        "fullDescription": {"text": f"Reported when {checks}."},
        "help": {
            "text": f"How to fix: {remediation}.",
            "markdown": f"**How to fix:** {remediation}.",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {"source": "HELIXGATE", "waivable": False},
    }


def _unknown_rule(finding: Finding) -> dict[str, Any]:
    """A rule the catalogue does not know (a policy pack newer than this
    package): described from its finding, so the result still has a rule."""
    return {
        "id": finding.rule,
        "name": _camel_case(finding.title) or _camel_case(finding.rule),
        "shortDescription": {"text": finding.title or finding.rule},
        "help": {"text": finding.remediation},
        "properties": {"source": finding.citation.source},
    }


def _driver_rules(report: Report) -> list[dict[str, Any]]:
    described = [_catalogue_rule(rule) for rule in rules().values()]
    described += [_own_rule(INPUT_ERROR), _own_rule(ENGINE_ERROR)]
    known = {rule["id"] for rule in described}
    for result in report.results:
        for finding in result.findings:
            if finding.rule not in known:
                described.append(_unknown_rule(finding))
                known.add(finding.rule)
    return described


def _artifact(source: str) -> dict[str, Any]:
    path = repository_path(source)
    if PurePosixPath(path).is_absolute():
        return {"uri": PurePosixPath(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def _location(
    source: str, line: int | None, column: int | None, logical: str | None
) -> dict[str, Any]:
    location: dict[str, Any] = {}
    if not is_stdin(source):
        physical: dict[str, Any] = {"artifactLocation": _artifact(source)}
        if line is not None:
            region = {"startLine": line}
            if column is not None:
                region["startColumn"] = column
            physical["region"] = region
        location["physicalLocation"] = physical
    if logical:
        location["logicalLocations"] = [{"fullyQualifiedName": logical, "kind": "element"}]
    return location


def _sentence(text: str) -> str:
    return text.rstrip().rstrip(".") + "."


def _fingerprint(*parts: object) -> str:
    text = "\x00".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _finding_level(finding: Finding) -> str:
    """A waived finding keeps its rule's level: the suppression, not the
    level, says that it no longer counts."""
    if finding.level in _LEVELS:
        return _LEVELS[finding.level]
    rule = rules().get(finding.rule)
    return _LEVELS[rule.level] if rule is not None else "warning"


def _finding_result(result: Decision, finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "manifest": result.manifest,
        "document": result.document,
        "pointer": finding.pointer,
        "decision": result.decision,
    }
    for key in ("transfer", "item", "party"):
        value = getattr(finding, key)
        if value is not None:
            properties[key] = value
    properties["reasons"] = list(finding.reasons)
    sarif: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _finding_level(finding),
        "message": {"text": f"{_sentence(finding.message)} Fix: {_sentence(finding.remediation)}"},
        "locations": [
            _location(
                finding.location.source or result.source,
                finding.line,
                finding.column,
                f"{result.manifest}#{finding.pointer}",
            )
        ],
        "partialFingerprints": {
            FINGERPRINT: _fingerprint(finding.rule, result.manifest, finding.pointer)
        },
        "properties": properties,
    }
    if finding.waiver is not None:
        waiver = finding.waiver
        sarif["suppressions"] = [
            {
                "kind": "external",
                "justification": waiver.reason,
                "status": "accepted",
                "properties": {
                    "approved_by": waiver.approved_by,
                    "expires_on": waiver.expires_on,
                },
            }
        ]
    if finding.signoff is not None:
        signoff = finding.signoff
        sarif["suppressions"] = [
            {
                "kind": "external",
                "justification": f"signed off by {signoff.approved_by} on "
                f"{signoff.approved_on}: {signoff.reason}",
                "status": "accepted",
                "properties": {
                    "approved_by": signoff.approved_by,
                    "approved_on": signoff.approved_on,
                    "expires_on": signoff.expires_on,
                },
            }
        ]
    return sarif


def _control_result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    """A finding about the run's waivers or sign-offs, at the entry in its file."""
    source = finding.location.source
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": _finding_level(finding),
        "message": {"text": f"{_sentence(finding.message)} Fix: {_sentence(finding.remediation)}"},
        "locations": [_location(source, finding.line, finding.column, finding.pointer)],
        "partialFingerprints": {FINGERPRINT: _fingerprint(finding.rule, source, finding.pointer)},
        "properties": {"pointer": finding.pointer},
    }


def _error_result(error: ReportError, index: dict[str, int]) -> dict[str, Any]:
    rule_id = ENGINE_ERROR if error.kind == "engine" else INPUT_ERROR
    properties: dict[str, Any] = {"kind": error.kind}
    if error.document is not None:
        properties["document"] = error.document
    if error.pointer:
        properties["pointer"] = error.pointer
    where = f"{error.pointer}: " if error.pointer else ""
    return {
        "ruleId": rule_id,
        "ruleIndex": index[rule_id],
        "level": "error",
        "message": {"text": f"{error.kind} error: {where}{error.message}"},
        "locations": [_location(error.source, error.line, error.column, error.pointer)],
        "partialFingerprints": {
            FINGERPRINT: _fingerprint(
                rule_id, error.source, error.document, error.kind, error.pointer
            )
        },
        "properties": properties,
    }


def sarif_log(report: Report, options: RenderOptions) -> dict[str, Any]:
    driver_rules = _driver_rules(report)
    index = {rule["id"]: position for position, rule in enumerate(driver_rules)}
    results = [
        _finding_result(result, finding, index)
        for result in report.results
        for finding in result.findings
    ]
    results += [_control_result(finding, index) for finding in report.control_findings]
    results += [_error_result(error, index) for error in report.errors]
    engine_failed = any(error.kind == "engine" for error in report.errors)
    engine = report.engine
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "helixgate",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": driver_rules,
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": report.complete and not engine_failed,
                        "exitCode": report.exit_code(options.fail_on),
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "policy_revision": engine.policy_revision if engine else "unknown",
                    "engine": {
                        "name": "opa",
                        "version": engine.version if engine else "unknown",
                        "mode": report.mode,
                    },
                    "summary": report.summary(),
                },
            }
        ],
    }


def render(report: Report, options: RenderOptions) -> str:
    """The SARIF log as JSON, byte-identical for the same inputs."""
    return json.dumps(sarif_log(report, options), indent=2, ensure_ascii=False) + "\n"
