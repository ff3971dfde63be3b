"""`--format text`: a decision per manifest, its findings at file:line:col with
the fix, and a one-line summary; colour only when asked for."""

from __future__ import annotations

import click

from ..decision import Decision, Finding
from .options import RenderOptions
from .report import Report, ReportError

_COLOURS = {"deny": "red", "review": "yellow", "info": "blue", "allow": "green", "waived": "white"}


def _paint(text: str, level: str, options: RenderOptions, bold: bool = False) -> str:
    if not options.color:
        return text
    return click.style(text, fg=_COLOURS.get(level), bold=bold)


def where(source: str, line: int | None, column: int | None) -> str:
    """`file:line:col`, or the file alone when the position is unknown."""
    return source if line is None else f"{source}:{line}:{column or 1}"


def finding_lines(
    result: Decision, finding: Finding, options: RenderOptions, indent: str = "  "
) -> list[str]:
    """A finding at file:line:col with its rule and message, then why and the
    fix (or the waiver that covers it)."""
    level = _paint(f"{finding.level:<6}", finding.level, options)
    position = where(result.source, finding.line, finding.column)
    lines = [f"{indent}{position}  {level}  {finding.rule}  {finding.message}"]
    if finding.reasons:
        lines.append(f"{indent}    why: {', '.join(finding.reasons)}")
    if finding.waiver is not None:
        waiver = finding.waiver
        lines.append(
            f"{indent}    waived until {waiver.expires_on} by {waiver.approved_by}: {waiver.reason}"
        )
    else:
        lines.append(f"{indent}    fix: {finding.remediation}")
    return lines


def _result(result: Decision, options: RenderOptions) -> list[str]:
    document = f" (document {result.document})" if result.document else ""
    verdict = _paint(result.decision.upper(), result.decision, options, bold=True)
    lines = [f"{verdict}  {result.manifest}  {result.source}{document}"]
    for finding in result.findings:
        lines.extend(finding_lines(result, finding, options))
    if result.obligations:
        lines.append(f"  obligations: {', '.join(result.obligations)}")
    return lines


def summary_line(report: Report) -> str:
    s = report.summary()
    text = (
        f"{s['manifests']} manifest{'s' if s['manifests'] != 1 else ''}: "
        f"{s['allow']} allow, {s['review']} review, {s['deny']} deny; "
        f"{s['errors']} error{'s' if s['errors'] != 1 else ''}, {s['skipped']} skipped"
    )
    if not report.complete:
        text += " (incomplete run)"
    return text


def render_error(error: ReportError, options: RenderOptions) -> str:
    pointer = f" at {error.pointer}" if error.pointer else ""
    label = _paint(f"error[{error.kind}]", "deny", options)
    return f"{where(error.source, error.line, error.column)}: {label}{pointer}: {error.message}"


def render(report: Report, options: RenderOptions) -> str:
    """Decisions and the summary; the errors go to stderr (see `render_error`)."""
    lines: list[str] = []
    for result in report.results:
        lines.extend(_result(result, options))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
