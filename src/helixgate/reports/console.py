"""What goes to standard error beside any report format: each error (when
the report itself is text, whose errors are not in standard output) and the
run's notes, so a report piped to a file never hides why the run failed."""

from __future__ import annotations

from .options import RenderOptions
from .report import Report
from .text import render_error


def stderr_lines(report: Report, fmt: str, options: RenderOptions) -> list[str]:
    lines = [f"helixgate: {note}" for note in report.notes]
    if fmt == "text":
        lines += [render_error(problem, options) for problem in report.errors]
    if not report.results and not report.errors:
        lines.append("helixgate: no manifest was checked (no helixgate/v1 TransferManifest found)")
    if report.interrupted:
        lines.append("helixgate: interrupted; the report is incomplete")
    return lines
