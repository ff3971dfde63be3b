"""The run: sources → documents → valid manifests → OPA in batches → decisions.

Input errors stop only the document (or file) they are in; an engine failure
stops the deciding, and every manifest not yet decided becomes an engine error.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .changes import changed_manifest_files, changed_pins
from .controls import Controls, load_profile, load_signoff_file, load_waiver_file
from .decider import Decider
from .decision import Decision
from .engine import DEFAULT_TIMEOUT, Engine
from .errors import EngineError, InputError, InputErrors
from .hygiene import control_findings
from .interrupts import Interrupted
from .manifests import Manifest, Skipped, validate
from .portfolio import Portfolio
from .reports.report import Report, ReportError, Skip
from .sources import DEFAULT_MAX_FILE_SIZE, STDIN, Inputs, Source, discover, read_documents

BATCH_SIZE = 100
EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class Options:
    opa_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    as_of: dt.date | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    waivers: list[dict[str, Any]] = field(default_factory=list)
    signoffs: list[dict[str, Any]] = field(default_factory=list)
    # Where each waiver and sign-off stands in its file (the findings about
    # one are placed there), and how many days ahead an expiry is announced.
    controls: Controls = field(default_factory=Controls)
    expiry_warning: int = EXPIRY_WARNING_DAYS
    batch_size: int = BATCH_SIZE
    # Which files are read: globs left out, and the name of standard input.
    exclude: tuple[str, ...] = ()
    stdin_name: str = STDIN
    # Told (decided, total) as the manifests are decided (a progress bar).
    progress: Callable[[int, int], None] | None = None

    def context(self) -> dict[str, Any]:
        """`input.context` of every question: the evaluation date, the profile
        the waivers and the sign-offs travel with the question, never as data
        in OPA."""
        as_of = self.as_of or dt.datetime.now(dt.UTC).date()
        return {
            "as_of": as_of.isoformat(),
            "profile": self.profile,
            "waivers": self.waivers,
            "signoffs": self.signoffs,
        }

    def with_controls(self, controls: Controls) -> Options:
        """These options with the waivers and sign-offs of `controls`."""
        waivers, signoffs = list(controls.waivers), list(controls.signoffs)
        return replace(self, waivers=waivers, signoffs=signoffs, controls=controls)


def manifests_and_problems(
    paths: Iterable[str],
    max_file_size: int,
    exclude: Iterable[str] = (),
    stdin_name: str = STDIN,
) -> Iterator[Manifest | ReportError | Skip]:
    """Every manifest, error and skipped document of the inputs, in order."""
    for found in discover(paths, exclude, stdin_name):
        if isinstance(found, InputError):
            yield ReportError.from_input(found)
            continue
        yield from _documents_of(found, max_file_size)


def _documents_of(source: Source, max_file_size: int) -> Iterator[Manifest | ReportError | Skip]:
    seen = 0
    try:
        for document in read_documents(source, max_file_size):
            seen += 1
            try:
                yield validate(document)
            except Skipped as skipped:
                yield Skip(source.name, document.index, skipped.reason)
            except InputErrors as errors:
                yield from (ReportError.from_input(e) for e in errors.errors)
    except InputError as error:
        yield ReportError.from_input(error)
        return
    if seen == 0:
        yield Skip(source.name, None, "no documents")


def validated(
    paths: Iterable[str], max_file_size: int
) -> tuple[list[Manifest], list[ReportError], list[Skip]]:
    """The valid manifests, the input errors and the skipped documents of the
    inputs, without asking OPA: the same reading and checks as a check, the
    portfolio's membership included (one id, two contents, is an error)."""
    read = list(manifests_and_problems(paths, max_file_size))
    members = Members(read, [])
    valid = [m for m in members.checked if isinstance(m, Manifest)]
    errors = [e for e in members.checked if isinstance(e, ReportError)]
    skipped = [s for s in members.checked if isinstance(s, Skip)]
    return valid, errors, skipped


@dataclass(frozen=True)
class Request:
    """A check as the command line names it: paths, the Git ref whose
    unchanged files are left out, and the files that hold the controls."""

    paths: tuple[str, ...]
    history: tuple[str, ...] = ()
    changed_since: str | None = None
    profile_path: str | None = None
    waivers_path: str | None = None
    signoffs_path: str | None = None
    config_path: str | None = None


def check(request: Request, options: Options) -> Report:
    """The report of one check. ChangesError when what changed cannot be
    told; a control file that is not valid refuses the whole run (no manifest
    is decided with a control half-applied)."""
    paths, history = request.paths, request.history
    notes: list[str] = []
    if request.changed_since is not None:
        # What did not change still counts: every file under PATHS is
        # history, and the changed ones, being checked, count once.
        history = (*history, *(paths or (".",)))
        control_files = [c for c in (request.profile_path, request.waivers_path,
                                request.signoffs_path, request.config_path) if c]  # fmt: skip
        within = paths[0] if paths else "."
        if control_files and changed_manifest_files(request.changed_since, control_files, within):
            # A control that changed can change any decision: check everything.
            notes.append(
                f"a control file changed since {request.changed_since}: every manifest is checked"
            )
            paths = paths or (".",)
        elif pins := changed_pins(request.changed_since, within):
            # Another helixgate, or what it runs on: another pack, any decision.
            notes.append(
                f"{', '.join(pins)} changed since {request.changed_since} (the helixgate "
                "that runs may have): every manifest is checked"
            )
            paths = paths or (".",)
        else:
            paths = tuple(changed_manifest_files(request.changed_since, paths))
        if not paths:
            notes.append(f"no manifest file changed since {request.changed_since}")
    inputs = Inputs()
    try:
        with inputs.reading("profile"):
            profile = (
                load_profile(request.profile_path, options.max_file_size)
                if request.profile_path
                else {}
            )
        with inputs.reading("waivers"):
            controls = load_waiver_file(request.waivers_path, options.max_file_size)
        with inputs.reading("signoffs"):
            controls += load_signoff_file(request.signoffs_path, options.max_file_size)
    except (InputError, InputErrors) as error:
        report = _refused(error)
    else:
        run = Run(replace(options, profile=profile).with_controls(controls), inputs)
        report = run.execute(paths, history)
    report.inputs = inputs.records
    report.notes[:0] = notes
    return report


def _refused(error: InputError | InputErrors) -> Report:
    errors = error.errors if isinstance(error, InputErrors) else [error]
    report = Report(errors=[ReportError.from_input(e) for e in errors])
    report.complete = False
    return report


class Run:
    """One check of many inputs against one engine: documents in, decisions
    out, counted together with the history (policy-pack-v2, 1 Portfolio)."""

    def __init__(self, options: Options, inputs: Inputs | None = None) -> None:
        self.options = options
        self.inputs = inputs if inputs is not None else Inputs()
        self.report = Report(mode="embedded" if options.opa_url is None else "remote")
        self._read: list[Manifest | ReportError | Skip] = []
        self._total = 0

    def execute(self, paths: Iterable[str], history: Iterable[str] = ()) -> Report:
        # A run allocates many small objects that live until the report is
        # written; the cyclic collector's frequent passes over them cost about
        # a tenth of the run (measured on 2,000 manifests), so it runs rarely.
        threshold = gc.get_threshold()
        gc.set_threshold(100_000, 50, 100)
        try:
            return self._execute(paths, history)
        finally:
            gc.set_threshold(*threshold)

    def _execute(self, paths: Iterable[str], history: Iterable[str]) -> Report:
        context = self.options.context()
        self.report.as_of = dt.date.fromisoformat(context["as_of"])
        engine = Engine(self.options.opa_url, self.options.timeout)
        # OPA starts in the decider's worker while the inputs are read.
        places = self.options.controls.place
        with Decider(engine, lambda: context, self.options.batch_size, places) as decider:
            try:
                decided = 0
                for outcome in self._decided(decider, paths, history):
                    self.report.add(outcome)
                    if self.options.progress is not None and _answers_for_a_manifest(outcome):
                        decided += 1
                        self.options.progress(decided, self._total)
            except KeyboardInterrupt as stop:
                self._interrupted(stop)
                message = "interrupted before it was decided"
                for undecided in decider.abandon(message) or self._unasked(message):
                    self.report.add(undecided)
            self.report.engine = decider.info
        if self.report.complete:
            self.report.control_findings = control_findings(
                self.options.controls,
                self.report.results,
                dt.date.fromisoformat(context["as_of"]),
                self.options.expiry_warning,
            )
        return self.report

    def _unasked(self, message: str) -> Iterator[ReportError | Skip]:
        """What was read before the deciding began: each manifest an engine
        error with `message`, the rest as it came."""
        for item in self._read:
            if isinstance(item, Manifest):
                yield ReportError("engine", message, item.document.location(""))
            else:
                yield item

    def _decided(
        self, decider: Decider, paths: Iterable[str], history: Iterable[str]
    ) -> Iterator[Decision | ReportError | Skip]:
        """Every input read, then two passes: what every member contributes
        to the counts, then the checked manifests' decisions, each batch
        asked with its part of the portfolio."""
        checked = self._read
        with self.inputs.reading("manifest"):
            options = self.options
            checked.extend(
                manifests_and_problems(
                    paths, options.max_file_size, options.exclude, options.stdin_name
                )
            )
        past, incomplete = self._history(history, checked)
        members = Members(checked, past)
        for error in members.history_errors:
            self.report.add(error)
            incomplete.append(error.source)
        portfolio = Portfolio(incomplete)
        try:
            for manifest, entries in decider.entries(members.counted):
                portfolio.add(manifest.id, entries, history=members.is_history(manifest))
        except EngineError as error:
            yield from members.undecided(str(error))
            return
        self._read = []  # from here on, the decider answers for them
        self._total = sum(isinstance(m, Manifest) for m in members.checked)
        yield from decider.decide(members.checked, portfolio)

    def _interrupted(self, stop: KeyboardInterrupt) -> Report:
        self.report.interrupted_by = stop if isinstance(stop, Interrupted) else Interrupted()
        self.report.complete = False
        return self.report

    def _history(
        self, history: Iterable[str], checked: list[Manifest | ReportError | Skip]
    ) -> tuple[list[Manifest], list[str]]:
        """The history's manifests, leaving out files already checked (a file
        reached by several paths counts once), and the files that could not
        be read or validated, whose errors go into the report."""
        seen = {_real(item.document.source) for item in checked if isinstance(item, Manifest)}
        seen |= {_real(item.source) for item in checked if not isinstance(item, Manifest)}
        past: list[Manifest] = []
        incomplete: list[str] = []
        with self.inputs.reading("history"):
            for found in manifests_and_problems(
                history, self.options.max_file_size, self.options.exclude
            ):
                source = found.document.source if isinstance(found, Manifest) else found.source
                if _real(source) in seen:
                    continue
                if isinstance(found, Manifest):
                    past.append(found)
                elif isinstance(found, ReportError):
                    self.report.add(found)
                    incomplete.append(found.source)
        return past, incomplete


def _answers_for_a_manifest(outcome: Decision | ReportError | Skip) -> bool:
    return isinstance(outcome, Decision) or (
        isinstance(outcome, ReportError) and outcome.kind == "engine"
    )


def _real(source: str) -> str:
    return source if source == STDIN else os.path.realpath(source)


class Members:
    """Who is in the portfolio (policy-pack-v2, 1 Members): manifests with
    one metadata.id count once when their content is the same (the checked
    copy is reported); with different content every copy is a reference
    error at /metadata/id, since waivers and findings name manifests by id."""

    def __init__(self, checked: list[Manifest | ReportError | Skip], past: list[Manifest]) -> None:
        copies: dict[str, list[Manifest]] = {}
        for manifest in [*(m for m in checked if isinstance(m, Manifest)), *past]:
            copies.setdefault(manifest.id, []).append(manifest)
        clashing = {i for i, found in copies.items() if len({_canonical(m) for m in found}) > 1}
        kept = {id(found[0]) for i, found in copies.items() if i not in clashing}
        history = {id(m) for m in past}
        self.checked: list[Manifest | ReportError | Skip] = []
        for item in checked:
            if not isinstance(item, Manifest):
                self.checked.append(item)
            elif item.id in clashing:
                self.checked.append(_clash(item, copies[item.id]))
            elif id(item) in kept:
                self.checked.append(item)
        self.history_errors = [_clash(m, copies[m.id]) for m in past if m.id in clashing]
        self.counted = [m for m in [*checked, *past] if isinstance(m, Manifest) and id(m) in kept]
        self._history = {id(m) for m in self.counted if id(m) in history}

    def is_history(self, manifest: Manifest) -> bool:
        return id(manifest) in self._history

    def undecided(self, message: str) -> Iterator[ReportError | Skip]:
        """Every checked item, each manifest an engine error with `message`."""
        for item in self.checked:
            if isinstance(item, Manifest):
                yield ReportError("engine", message, item.document.location(""))
            else:
                yield item


def _canonical(manifest: Manifest) -> str:
    return json.dumps(manifest.data, sort_keys=True, ensure_ascii=False)


def _clash(manifest: Manifest, copies: list[Manifest]) -> ReportError:
    document = manifest.document
    others = [
        f"{m.document.source} document {m.document.index}" for m in copies if m is not manifest
    ]
    message = (
        f"manifest id {manifest.id!r} is also used by {', '.join(others)} with other content; "
        "give each manifest its own metadata.id"
    )
    return ReportError("reference", message, document.location("/metadata/id"))
