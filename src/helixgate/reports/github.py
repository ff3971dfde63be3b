"""`--format github`: GitHub Actions workflow commands, one annotation per
standing finding and per input or engine error, on its file and line.

deny is `::error`, review `::warning`, info `::notice`; waived findings are
left out. Nothing else is printed, not even a summary: GitHub shows at most
ten annotations of each kind per step, and a summary notice would take one of
them (the exit code and the job log already tell the outcome).
"""

from __future__ import annotations

from ..decision import Decision, Finding
from .options import RenderOptions
from .paths import is_stdin, repository_path
from .report import Report, ReportError

_COMMANDS = {"deny": "error", "review": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message, escaped as @actions/core's `escapeData` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value, escaped as @actions/core's `escapeProperty` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(
    name: str,
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    title: str | None = None,
) -> str:
    """One workflow command; a property that is not known is left out."""
    properties = [
        f"{key}={escape_property(str(value))}"
        for key, value in (("file", file), ("line", line), ("col", col), ("title", title))
        if value is not None
    ]
    head = f"::{name} {','.join(properties)}" if properties else f"::{name}"
    return f"{head}::{escape_data(message)}"


def _file(source: str) -> str | None:
    return None if is_stdin(source) else repository_path(source)


# A finding about the run's waivers and sign-offs belongs to no manifest.
_NO_RESULT = Decision("", 0, "", "allow", (), (), "")


def _finding(result: Decision, finding: Finding) -> str:
    message = f"{result.manifest}: {finding.message}" if result.manifest else finding.message
    if finding.reasons:
        message += f"\nWhy: {', '.join(finding.reasons)}"
    message += f"\nFix: {finding.remediation}"
    return command(
        _COMMANDS[finding.level],
        message,
        file=_file(finding.location.source or result.source),
        line=finding.line,
        col=finding.column if finding.line is not None else None,
        title=finding.rule,
    )


def _error(error: ReportError) -> str:
    title = (
        "helixgate engine error"
        if error.kind == "engine"
        else f"helixgate input error ({error.kind})"
    )
    message = f"{error.pointer}: {error.message}" if error.pointer else error.message
    return command(
        "error",
        message,
        file=_file(error.source),
        line=error.line,
        col=error.column if error.line is not None else None,
        title=title,
    )


def render(report: Report, options: RenderOptions) -> str:
    """The annotations, one per line, findings first, then errors."""
    lines = [
        _finding(result, finding)
        for result in report.results
        for finding in result.findings
        if finding.level in _COMMANDS
    ]
    lines += [
        _finding(_NO_RESULT, finding)
        for finding in report.control_findings
        if finding.level in _COMMANDS
    ]
    lines += [_error(error) for error in report.errors]
    return "".join(f"{line}\n" for line in lines)
