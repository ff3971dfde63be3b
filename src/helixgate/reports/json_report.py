"""`--format json`: the report of interfaces.md, valid against
schemas/report.v1.schema.json, byte-identical for the same inputs."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .. import __version__
from ..decision import Decision, Finding
from .options import RenderOptions
from .report import REPORT_VERSION, Report, ReportError

UNKNOWN = "unknown"


def finding_dict(finding: Finding, result_source: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": finding.rule,
        "level": finding.level,
        "title": finding.title,
        "message": finding.message,
        "pointer": finding.pointer,
    }
    if finding.line is not None:
        out["line"], out["column"] = finding.line, finding.column
    for key in ("transfer", "item", "party"):
        value = getattr(finding, key)
        if value is not None:
            out[key] = value
    out["reasons"] = list(finding.reasons)
    out["citation"] = {"source": finding.citation.source, "text": finding.citation.text}
    out["remediation"] = finding.remediation
    if finding.waiver is not None:
        out["waiver"] = {
            key: value for key, value in asdict(finding.waiver).items() if value is not None
        }
    if finding.signoff is not None:
        out["signoff"] = {
            key: value for key, value in asdict(finding.signoff).items() if value is not None
        }
    if finding.location.source and finding.location.source != result_source:
        # A finding about a waiver or sign-off stands in the file that holds it.
        out["source"] = finding.location.source
    return out


def result_dict(result: Decision) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": result.source,
        "document": result.document,
        "manifest": result.manifest,
        "decision": result.decision,
        "findings": [finding_dict(f, result.source) for f in result.findings],
        "obligations": list(result.obligations),
    }
    if result.facts is not None:
        out["facts"] = result.facts
    return out


def error_dict(error: ReportError) -> dict[str, Any]:
    return {
        "source": error.source,
        "document": error.document,
        "kind": error.kind,
        "pointer": error.pointer,
        "line": error.line,
        "column": error.column,
        "message": error.message,
    }


def report_dict(report: Report) -> dict[str, Any]:
    engine = report.engine
    return {
        "report_version": REPORT_VERSION,
        "engine": {
            "name": "opa",
            "version": engine.version if engine else UNKNOWN,
            "mode": report.mode,
        },
        "policy_revision": engine.policy_revision if engine else UNKNOWN,
        "helixgate_version": __version__,
        "as_of": None if report.as_of is None else report.as_of.isoformat(),
        **_inputs(report),
        "complete": report.complete,
        "results": [result_dict(r) for r in report.results],
        "control_findings": [finding_dict(f) for f in report.control_findings],
        "errors": [error_dict(e) for e in report.errors],
        "skipped": [
            {"source": s.source, "document": s.document, "reason": s.reason} for s in report.skipped
        ],
        "summary": report.summary(),
    }


def _inputs(report: Report) -> dict[str, Any]:
    """`inputs`, when the report recorded what it read."""
    if report.inputs is None:
        return {}
    return {
        "inputs": [
            {"role": item.role, "path": item.path, "sha256": item.sha256} for item in report.inputs
        ]
    }


def render(report: Report, options: RenderOptions) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
