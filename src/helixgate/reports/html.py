"""`--format html`: one self-contained page for a compliance officer, to read
or to print to PDF: versions and inputs, a summary, each manifest's findings
with the manifest lines around them, errors and skipped documents.

Nothing is fetched: the one stylesheet is inline and allowed by its hash in a
Content-Security-Policy that forbids everything else, scripts included.
Jinja2 escapes every value. The same report gives the same bytes.

What a Report may carry later is read with getattr, shown when present and
left out when absent:

- `report.as_of`: the evaluation date;
- `report.inputs`: a (role, path, sha256) for each file read, as a tuple or
  an object with those attributes;
- `decision.facts`: a mapping whose `destinations` lists mappings with the
  `to` party's `country` (and optionally `transfer` and `party`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..catalogue import rules
from ..decision import FINDING_LEVELS, Decision, Finding
from ..errors import InputError
from ..sources import decode
from .json_report import UNKNOWN
from .options import RenderOptions
from .paths import is_stdin
from .report import Report, ReportError

if TYPE_CHECKING:
    import jinja2
    from markupsafe import Markup

CONTEXT_LINES = 3
MAX_LINE_CHARS = 240
# A source larger than this is not quoted (the run's own limit is 5 MiB by default).
MAX_QUOTED_BYTES = 64 * 1024 * 1024
_LINE_BREAK = re.compile("\r\n|\r|\n")


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    marked: bool


@dataclass(frozen=True)
class Excerpt:
    """The lines around a position, or why there are none."""

    lines: tuple[Line, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class InputRow:
    role: str
    path: str
    sha256: str | None


@dataclass(frozen=True)
class CountRow:
    """A row of a findings table: counts by level (deny, review, info, waived)."""

    key: str
    title: str | None
    source: str | None
    levels: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.levels)


@dataclass(frozen=True)
class FindingView:
    finding: Finding
    source_of_law: str
    excerpt: Excerpt


@dataclass(frozen=True)
class ManifestView:
    anchor: str
    result: Decision
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class ErrorView:
    error: ReportError
    excerpt: Excerpt | None


@dataclass
class _Sources:
    """The lines of each source file, read once, checked against the input's
    SHA-256 when the report has one."""

    hashes: Mapping[str, str]
    _lines: dict[str, list[str] | str] = field(default_factory=dict)

    def excerpt(self, source: str, line: int | None) -> Excerpt:
        if line is None:
            return Excerpt(note="no line is known for this finding")
        lines = self._lines.get(source)
        if lines is None:
            lines = self._lines[source] = self._read(source)
        if isinstance(lines, str):
            return Excerpt(note=lines)
        if not 1 <= line <= len(lines):
            return Excerpt(note=f"line {line} is not in the file as it is now")
        first, last = max(1, line - CONTEXT_LINES), min(len(lines), line + CONTEXT_LINES)
        return Excerpt(
            tuple(
                Line(number, _clipped(lines[number - 1]), number == line)
                for number in range(first, last + 1)
            )
        )

    def _read(self, source: str) -> list[str] | str:
        """The file's lines, or why they cannot be shown."""
        if is_stdin(source):
            return "read from standard input: its lines were not kept"
        path = Path(source)
        try:
            if not path.is_file():
                return "not a regular file: its lines cannot be shown"
            with path.open("rb") as handle:
                raw = handle.read(MAX_QUOTED_BYTES + 1)
        except OSError as error:
            return f"cannot be read now: {error.strerror or error}"
        if len(raw) > MAX_QUOTED_BYTES:
            return "too large to quote"
        expected = self.hashes.get(source)
        if expected is not None and hashlib.sha256(raw).hexdigest() != expected.lower():
            return "changed since the run (its SHA-256 differs): its lines are not shown"
        try:
            text = decode(raw, source)
        except InputError as error:
            return f"cannot be decoded: {error.message}"
        return _LINE_BREAK.split(text)


def _clipped(text: str) -> str:
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + " …"


def _attribute(item: Any, name: str, index: int) -> Any:
    return getattr(item, name) if hasattr(item, name) else item[index]


def input_rows(report: Report) -> tuple[InputRow, ...] | None:
    """`report.inputs` as rows, or None when the report has none."""
    inputs = getattr(report, "inputs", None)
    if inputs is None:
        return None
    rows = []
    for item in inputs:
        sha256 = _attribute(item, "sha256", 2)
        rows.append(
            InputRow(
                str(_attribute(item, "role", 0)),
                str(_attribute(item, "path", 1)),
                None if sha256 is None else str(sha256),
            )
        )
    return tuple(rows)


def sources_read(report: Report) -> tuple[str, ...]:
    """Every source named in the report, in the order first met."""
    outcomes: Iterable[Decision | ReportError | Any] = [
        *report.results,
        *report.errors,
        *report.skipped,
    ]
    return tuple(dict.fromkeys(outcome.source for outcome in outcomes))


def source_of_law(finding: Finding) -> str:
    rule = rules().get(finding.rule)
    return rule.source if rule is not None else finding.citation.source


def _levels(counter: Counter[str]) -> tuple[int, ...]:
    return tuple(counter[level] for level in FINDING_LEVELS)


def by_rule(report: Report) -> tuple[CountRow, ...]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    first: dict[str, Finding] = {}
    for result in report.results:
        for finding in result.findings:
            counts[finding.rule][finding.level] += 1
            first.setdefault(finding.rule, finding)
    catalogue = rules()
    return tuple(
        CountRow(
            rule_id,
            catalogue[rule_id].title if rule_id in catalogue else first[rule_id].title,
            source_of_law(first[rule_id]),
            _levels(counts[rule_id]),
        )
        for rule_id in sorted(counts)
    )


def by_source_of_law(report: Report) -> tuple[CountRow, ...]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for result in report.results:
        for finding in result.findings:
            counts[source_of_law(finding)][finding.level] += 1
    return tuple(CountRow(source, None, None, _levels(counts[source])) for source in sorted(counts))


def destinations(report: Report) -> tuple[tuple[str, int, int], ...] | None:
    """(country, transfers, manifests) from the decisions' facts; None when no
    decision carries destinations."""
    transfers: Counter[str] = Counter()
    manifests: dict[str, set[int]] = defaultdict(set)
    found = False
    for index, result in enumerate(report.results):
        facts = getattr(result, "facts", None)
        listed = facts.get("destinations") if isinstance(facts, Mapping) else None
        if listed is None:
            continue
        found = True
        for destination in listed:
            country = str(destination.get("country") or UNKNOWN)
            transfers[country] += 1
            manifests[country].add(index)
    if not found:
        return None
    return tuple(
        (country, transfers[country], len(manifests[country])) for country in sorted(transfers)
    )


def obligations(report: Report) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(obligation, rules that impose it, manifests that carry it)."""
    carriers: dict[str, dict[str, None]] = defaultdict(dict)
    for result in report.results:
        for obligation in result.obligations:
            carriers[obligation][result.manifest] = None
    imposed_by: dict[str, list[str]] = defaultdict(list)
    for rule in rules().values():
        if rule.obligation is not None:
            imposed_by[rule.obligation].append(rule.id)
    return tuple(
        (name, tuple(sorted(imposed_by[name])), tuple(carriers[name])) for name in sorted(carriers)
    )


def _manifests(report: Report, sources: _Sources) -> tuple[ManifestView, ...]:
    return tuple(
        ManifestView(
            f"manifest-{number}",
            result,
            tuple(
                FindingView(f, source_of_law(f), sources.excerpt(result.source, f.line))
                for f in result.findings
            ),
        )
        for number, result in enumerate(report.results, start=1)
    )


def _errors(report: Report, sources: _Sources) -> tuple[ErrorView, ...]:
    return tuple(
        ErrorView(e, None if e.line is None else sources.excerpt(e.source, e.line))
        for e in report.errors
    )


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # here, not at the top: every other format would pay ~50 ms for it

    return jinja2.Environment(
        loader=jinja2.PackageLoader("helixgate.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def _stylesheet() -> tuple[Markup, str]:
    """The stylesheet (our own file, so not escaped) and the CSP that allows
    it by hash and nothing else."""
    from markupsafe import Markup

    css = resources.files("helixgate.reports").joinpath("templates", "report.css")
    text = css.read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    return Markup(text), csp


def render(report: Report, options: RenderOptions) -> str:
    engine = report.engine
    inputs = input_rows(report)
    hashes = {row.path: row.sha256 for row in inputs or () if row.sha256 is not None}
    sources = _Sources(hashes)
    css, csp = _stylesheet()
    as_of = getattr(report, "as_of", None)
    template = _environment().get_template("report.html.j2")
    return template.render(
        css=css,
        csp=csp,
        levels=FINDING_LEVELS,
        evaluated_on=None if as_of is None else str(as_of),
        helixgate_version=__version__,
        opa_version=engine.version if engine else UNKNOWN,
        mode=report.mode,
        policy_revision=engine.policy_revision if engine else UNKNOWN,
        report=report,
        fail_on=options.fail_on,
        inputs=inputs,
        sources=sources_read(report),
        summary=report.summary(),
        by_rule=by_rule(report),
        by_source=by_source_of_law(report),
        destinations=destinations(report),
        obligations=obligations(report),
        manifests=_manifests(report, sources),
        errors=_errors(report, sources),
    )
