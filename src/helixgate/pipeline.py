"""The run: sources → documents → valid manifests → OPA in batches → decisions.

Input errors stop only the document (or file) they are in; an engine failure
stops the deciding, and every manifest not yet decided becomes an engine error.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from .changes import changed_manifest_files
from .controls import load_profile, load_waivers
from .decider import Decider
from .engine import DEFAULT_TIMEOUT, Engine
from .errors import InputError, InputErrors
from .interrupts import Interrupted
from .manifests import Manifest, Skipped, validate
from .reports.report import Report, ReportError, Skip
from .sources import DEFAULT_MAX_FILE_SIZE, Source, discover, read_documents

BATCH_SIZE = 100


@dataclass(frozen=True)
class Options:
    opa_url: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    as_of: dt.date | None = None
    profile: dict[str, Any] = field(default_factory=dict)
    waivers: list[dict[str, Any]] = field(default_factory=list)
    batch_size: int = BATCH_SIZE

    def context(self) -> dict[str, Any]:
        """`input.context` of every question: the evaluation date, the profile
        and the waivers travel with the question, never as data in OPA."""
        as_of = self.as_of or dt.datetime.now(dt.UTC).date()
        return {"as_of": as_of.isoformat(), "profile": self.profile, "waivers": self.waivers}


def manifests_and_problems(
    paths: Iterable[str], max_file_size: int
) -> Iterator[Manifest | ReportError | Skip]:
    """Every manifest, error and skipped document of the inputs, in order."""
    for found in discover(paths):
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


@dataclass(frozen=True)
class Request:
    """A check as the command line names it: paths, the Git ref whose
    unchanged files are left out, and the files that hold the controls."""

    paths: tuple[str, ...]
    changed_since: str | None = None
    profile_path: str | None = None
    waivers_path: str | None = None


def check(request: Request, options: Options) -> Report:
    """The report of one check. ChangesError when what changed cannot be
    told; a control file that is not valid refuses the whole run (no manifest
    is decided with a control half-applied)."""
    paths = request.paths
    notes: list[str] = []
    if request.changed_since is not None:
        paths = tuple(changed_manifest_files(request.changed_since, paths))
        if not paths:
            notes.append(f"no manifest file changed since {request.changed_since}")
    try:
        profile = (
            load_profile(request.profile_path, options.max_file_size)
            if request.profile_path
            else {}
        )
        waivers = (
            load_waivers(request.waivers_path, options.max_file_size)
            if request.waivers_path
            else []
        )
    except (InputError, InputErrors) as error:
        report = _refused(error)
    else:
        report = Run(replace(options, profile=profile, waivers=waivers)).execute(paths)
    report.notes[:0] = notes
    return report


def _refused(error: InputError | InputErrors) -> Report:
    errors = error.errors if isinstance(error, InputErrors) else [error]
    report = Report(errors=[ReportError.from_input(e) for e in errors])
    report.complete = False
    return report


class Run:
    """One check of many inputs against one engine: documents in, decisions out."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.report = Report(mode="embedded" if options.opa_url is None else "remote")
        self._ids: dict[str, str] = {}

    def execute(self, paths: Iterable[str]) -> Report:
        # A run allocates many small objects that live until the report is
        # written; the cyclic collector's frequent passes over them cost about
        # a tenth of the run (measured on 2,000 manifests), so it runs rarely.
        threshold = gc.get_threshold()
        gc.set_threshold(100_000, 50, 100)
        try:
            return self._execute(paths)
        finally:
            gc.set_threshold(*threshold)

    def _execute(self, paths: Iterable[str]) -> Report:
        context = self.options.context()
        engine = Engine(self.options.opa_url, self.options.timeout)
        with Decider(engine, lambda: context, self.options.batch_size) as decider:
            try:
                for outcome in decider.decide(self._unique(paths)):
                    self.report.add(outcome)
            except KeyboardInterrupt as stop:
                self.report.interrupted_by = (
                    stop if isinstance(stop, Interrupted) else Interrupted()
                )
                for undecided in decider.abandon("interrupted before it was decided"):
                    self.report.add(undecided)
                self.report.complete = False
            self.report.engine = decider.info
        return self.report

    def _unique(self, paths: Iterable[str]) -> Iterator[Manifest | ReportError | Skip]:
        """The inputs' documents, a second manifest with an id already seen
        turned into a reference error: metadata.id is unique across a
        repository (waivers name it)."""
        for found in manifests_and_problems(paths, self.options.max_file_size):
            if isinstance(found, Manifest):
                document = found.document
                here = f"{document.source} document {document.index}"
                first = self._ids.setdefault(found.id, here)
                if first != here:
                    message = f"manifest id {found.id!r} is already used by {first}"
                    yield ReportError("reference", message, document.location("/metadata/id"))
                    continue
            yield found
