"""Findings about the run's waivers and sign-offs rather than one manifest.

Each result says which waivers and sign-offs met one of its findings
(`controls_matched`, computed in Rego); after the run, one that met no finding
of any manifest decided is reported (HG-WAIVER-003, info), and so is one still
valid that expires within the warning window (HG-WAIVER-004, info). They stand
at the entry's line in its file, are listed once in the report's
`control_findings`, and never change a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .catalogue import rules
from .controls import Controls
from .decision import Citation, Decision, Finding
from .errors import Location

_KINDS = (("waivers", "waiver"), ("signoffs", "sign-off"))


def _finding(rule_id: str, message: str, location: Location) -> Finding:
    rule = rules()[rule_id]
    return Finding(
        rule=rule_id,
        level=rule.level,
        title=rule.title,
        message=message,
        location=location,
        citation=Citation(rule.source, rule.citation),
        remediation=rule.remediation,
    )


def _name(noun: str, index: int, entry: dict[str, Any]) -> str:
    scope = f", transfer {entry['transfer']}" if entry.get("transfer") else ""
    return (
        f"{noun} {index + 1} ({entry['rule']} on {entry['manifest']}{scope}, "
        f"approved by {entry['approved_by']})"
    )


def control_findings(
    controls: Controls, results: Sequence[Decision], as_of: dt.date, warning_days: int
) -> list[Finding]:
    """HG-WAIVER-003 and HG-WAIVER-004 of the run, in file order (waivers,
    then sign-offs). No HG-WAIVER-003 when a result does not say what it
    matched (an older policy pack): nothing can be shown unused."""
    told = all(r.controls_matched is not None for r in results)
    found: list[Finding] = []
    for kind, noun in _KINDS:
        entries = controls.waivers if kind == "waivers" else controls.signoffs
        matched = {i for r in results for i in (r.controls_matched or {}).get(kind, ())}
        for index, entry in enumerate(entries):
            place = controls.place(kind, index) or Location("", 0, "")
            name = _name(noun, index, entry)
            if told and index not in matched:
                found.append(
                    _finding(
                        "HG-WAIVER-003",
                        f"{name} matches no finding of any manifest checked in this run: "
                        "it does nothing",
                        place,
                    )
                )
            expires = dt.date.fromisoformat(entry["expires_on"])
            left = (expires - as_of).days
            if 0 <= left <= warning_days:
                when = "today" if left == 0 else f"in {left} day{'s' if left != 1 else ''}"
                found.append(
                    _finding(
                        "HG-WAIVER-004",
                        f"{name} expires on {entry['expires_on']}, {when} "
                        f"(evaluation date {as_of.isoformat()})",
                        place,
                    )
                )
    return found
