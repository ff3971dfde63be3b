"""`--format junit`: JUnit XML for CI test-report views. Each source file is a
test suite and each manifest in it a test case, failed when its decision
reaches --fail-on; input and engine errors are test cases in error, skipped
documents skipped test cases. Waived findings never fail a test case."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..decision import Decision, Finding
from .options import RenderOptions
from .report import Report, ReportError, Skip
from .text import finding_lines, where

# Characters XML 1.0 cannot carry at all, even escaped; a message quoting a
# control character from a broken input must not make the report unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@dataclass
class _Suite:
    results: list[Decision] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


def _suites(report: Report) -> dict[str, _Suite]:
    suites: dict[str, _Suite] = {}
    for result in report.results:
        suites.setdefault(result.source, _Suite()).results.append(result)
    for error in report.errors:
        suites.setdefault(error.source, _Suite()).errors.append(error)
    for skip in report.skipped:
        suites.setdefault(skip.source, _Suite()).skipped.append(skip)
    return dict(sorted(suites.items()))


# finding_lines needs a result only for a finding without a file of its own.
_NO_RESULT = Decision("", 0, "", "allow", (), (), "")


def _finding_text(result: Decision, finding: Finding) -> str:
    return "\n".join(finding_lines(result, finding, RenderOptions(), indent=""))


def _text(element: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    child = ET.SubElement(element, tag, {key: _xml(value) for key, value in attributes.items()})
    child.text = _xml(text)
    return child


def _case(suite: ET.Element, name: str, classname: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"name": _xml(name), "classname": _xml(classname)})


def _result_case(suite: ET.Element, result: Decision, options: RenderOptions) -> bool:
    """The test case of one manifest; whether it failed."""
    case = _case(suite, result.manifest, result.source)
    standing = [f for f in result.findings if f.counts]
    failed = result.reaches(options.fail_on)
    if failed:
        rules = ", ".join(sorted({f.rule for f in standing if f.level == result.decision}))
        _text(
            case,
            "failure",
            "\n".join(_finding_text(result, f) for f in standing),
            message=f"{result.decision}: {rules}",
            type=result.decision,
        )
    # What did not fail the case still belongs in the record: findings below
    # --fail-on, and waived findings with their waiver.
    others = [f for f in result.findings if not (failed and f.counts)]
    if others:
        _text(case, "system-out", "\n".join(_finding_text(result, f) for f in others))
    return failed


def _case_name(document: int | None, pointer: str | None) -> str:
    name = "file" if document is None else f"document {document}"
    return f"{name} {pointer}" if pointer else name


def _error_case(suite: ET.Element, error: ReportError) -> None:
    case = _case(suite, _case_name(error.document, error.pointer), error.source)
    position = where(error.source, error.line, error.column)
    _text(case, "error", f"{position}: {error.message}", message=error.message, type=error.kind)


def _skip_case(suite: ET.Element, skip: Skip) -> None:
    case = _case(suite, _case_name(skip.document, None), skip.source)
    ET.SubElement(case, "skipped", {"message": _xml(skip.reason)})


def _counts(element: ET.Element, tests: int, failures: int, errors: int, skipped: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", str(skipped))


def render(report: Report, options: RenderOptions) -> str:
    """The JUnit XML document, byte-identical for the same inputs (no times)."""
    root = ET.Element("testsuites", {"name": "helixgate"})
    totals = [0, 0, 0, 0]
    for source, content in _suites(report).items():
        suite = ET.SubElement(root, "testsuite", {"name": _xml(source)})
        failures = sum(_result_case(suite, result, options) for result in content.results)
        for error in content.errors:
            _error_case(suite, error)
        for skip in content.skipped:
            _skip_case(suite, skip)
        counts = (
            len(content.results) + len(content.errors) + len(content.skipped),
            failures,
            len(content.errors),
            len(content.skipped),
        )
        _counts(suite, *counts)
        totals = [total + count for total, count in zip(totals, counts, strict=True)]
    if report.control_findings:
        # The findings about the run's waivers and sign-offs: one passing
        # case, each finding at its entry in its file.
        suite = ET.SubElement(root, "testsuite", {"name": "waivers and sign-offs"})
        case = _case(suite, "waivers and sign-offs", "helixgate")
        lines = [
            line
            for finding in report.control_findings
            for line in finding_lines(_NO_RESULT, finding, RenderOptions(), indent="")
        ]
        _text(case, "system-out", "\n".join(lines))
        _counts(suite, 1, 0, 0, 0)
        totals[0] += 1
    _counts(root, *totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
