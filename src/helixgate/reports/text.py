"""`--format text`: a decision per manifest, its findings at file:line:col with
the fix, and a one-line summary; colour only when asked for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from ..decision import Decision, Finding
from .options import RenderOptions
from .report import Report, ReportError

_COLOURS = {
    "deny": "red",
    "review": "yellow",
    "info": "blue",
    "allow": "green",
    "waived": "white",
    "signed_off": "white",
}


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
    fix (or the waiver or sign-off that covers it). A finding about a waiver
    or sign-off stands at its entry in its file."""
    return _finding_lines(finding.location.source or result.source, finding, options, indent)


def _finding_lines(source: str, finding: Finding, options: RenderOptions, indent: str) -> list[str]:
    level = _paint(f"{finding.level:<6}", finding.level, options)
    position = where(source, finding.line, finding.column)
    lines = [f"{indent}{position}  {level}  {finding.rule}  {finding.message}"]
    if finding.reasons:
        lines.append(f"{indent}    why: {', '.join(finding.reasons)}")
    if finding.waiver is not None:
        waiver = finding.waiver
        lines.append(
            f"{indent}    waived until {waiver.expires_on} by {waiver.approved_by}: {waiver.reason}"
        )
    elif finding.signoff is not None:
        signoff = finding.signoff
        lines.append(
            f"{indent}    signed off by {signoff.approved_by} on {signoff.approved_on}, "
            f"until {signoff.expires_on}: {signoff.reason}"
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
    if options.verbose and result.facts is not None:
        lines.extend(f"  facts: {fact_line(fact)}" for fact in result.facts.get("transfers", []))
    return lines


_ITEM_NOTIONS = ("american", "chinese", "genetic", "sensitive")
_PARTY_NOTIONS = (
    ("us_person", "U.S. person"),
    ("covered", "covered"),
    ("of_concern", "of concern"),
    ("undetermined", "undetermined"),
)


def _people(value: Any) -> str:
    return "-" if value is None else f"{value} people"


def fact_line(fact: Mapping[str, Any]) -> str:
    """One transfer's facts as the policy gives them (helixgate.facts), on one
    line: `t1 material tcells US -> CN cross-border; american genetic; to
    lab-suzhou: covered; of concern; reasons: country CN; DOJ window 30
    people; PIPL year -`. A foreign party (HGR) is named for Chinese items."""
    route = f"{fact.get('source_country') or '?'} -> {fact.get('destination_country') or '?'}"
    border = "cross-border" if fact.get("cross_border") else "not cross-border"
    notions = (
        " ".join(name for name in _ITEM_NOTIONS if fact.get(name))
        or "none of american, chinese, genetic, sensitive"
    )
    party = fact.get("destination") or {}
    status = [label for key, label in _PARTY_NOTIONS if party.get(key)]
    reasons = party.get("reasons") or []
    if reasons:
        status.append(f"reasons: {', '.join(reasons)}")
    if fact.get("chinese") and party.get("foreign_party"):
        foreign = party.get("foreign_party_reasons") or []
        status.append(f"foreign party (HGR): {', '.join(foreign)}")
    return (
        f"{fact.get('transfer')} {fact.get('kind')} {fact.get('item')} {route} {border}; "
        f"{notions}; to {party.get('party')}: {'; '.join(status) or 'no tie'}; "
        f"DOJ window {_people(fact.get('doj_window_people'))}; "
        f"PIPL year {_people(fact.get('pipl_year_people'))}"
    )


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


def control_lines(report: Report, options: RenderOptions) -> list[str]:
    """The findings about the run's waivers and sign-offs, under a heading."""
    if not report.control_findings:
        return []
    lines = ["WAIVERS AND SIGN-OFFS"]
    for finding in report.control_findings:
        lines.extend(_finding_lines(finding.location.source, finding, options, "  "))
    return lines


def render_error(error: ReportError, options: RenderOptions) -> str:
    pointer = f" at {error.pointer}" if error.pointer else ""
    label = _paint(f"error[{error.kind}]", "deny", options)
    return f"{where(error.source, error.line, error.column)}: {label}{pointer}: {error.message}"


def render(report: Report, options: RenderOptions) -> str:
    """Decisions and the summary; the errors go to stderr (see `render_error`)."""
    lines: list[str] = []
    for result in report.results:
        if not (options.quiet and result.decision == "allow"):
            lines.extend(_result(result, options))
    lines.extend(control_lines(report, options))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
