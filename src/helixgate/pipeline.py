"""The run: sources → documents → valid manifests → OPA in batches → decisions.

Input errors stop only the document (or file) they are in; an engine failure
stops the deciding, and every manifest not yet decided becomes an engine error.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from .decision import read_decision
from .engine import DEFAULT_TIMEOUT, Engine, EngineInfo
from .errors import EngineError, InputError, InputErrors
from .loader import load
from .manifests import Manifest, Skipped, validate
from .report import Report, ReportError, Skip
from .sources import DEFAULT_MAX_FILE_SIZE, Source, discover, read_text

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
        text = read_text(source, max_file_size)
        for document in load(source.name, text, source.is_json):
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


def refused(error: InputError | InputErrors) -> Report:
    """The report of a run that could not start because a control file (waivers,
    profile) is invalid: no manifest is decided with a control half-applied."""
    errors = error.errors if isinstance(error, InputErrors) else [error]
    report = Report(errors=[ReportError.from_input(e) for e in errors])
    report.complete = False
    return report


class Run:
    """One check of many inputs against one engine.

    Reading and validating run in this thread while a single worker thread
    talks to OPA: OPA starts while the first files are read, and decides one
    batch while the next is read, so the Python side and OPA use both cores.
    One batch at most is in flight, so results keep the input order.
    """

    def __init__(self, options: Options) -> None:
        self.options = options
        self.report = Report(mode="embedded" if options.opa_url is None else "remote")
        self._engine_failure: str | None = None
        self._context = options.context()
        self._ids: dict[str, str] = {}
        self._starting: Future[EngineInfo] | None = None
        self._pending: tuple[list[Manifest], Future[list[Any]]] | None = None

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
        engine = Engine(self.options.opa_url, self.options.timeout)
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="helixgate-opa")
        batch: list[Manifest] = []
        try:
            self._starting = worker.submit(engine.start)
            for found in manifests_and_problems(paths, self.options.max_file_size):
                if isinstance(found, Manifest):
                    if self._first_of_its_id(found):
                        batch.append(found)
                    if len(batch) >= self.options.batch_size:
                        self._submit(worker, engine, batch)
                        batch = []
                elif isinstance(found, Skip):
                    self.report.skipped.append(found)
                else:
                    self.report.errors.append(found)
            self._submit(worker, engine, batch)
            batch = []
            self._collect()
            self._engine_ready()
        except KeyboardInterrupt:
            self.report.interrupted = True
            if self._pending is not None:
                self._undecided(self._pending[0], "interrupted before it was decided")
                self._pending = None
            self._undecided(batch, "interrupted before it was decided")
        finally:
            worker.shutdown(wait=False, cancel_futures=True)
            if self._starting is not None:  # let a start under way finish, then stop it
                wait([self._starting])
            engine.close()
            worker.shutdown(wait=True)
        return self.report

    def _first_of_its_id(self, manifest: Manifest) -> bool:
        """metadata.id is unique across a repository (waivers name it): a second
        manifest with the same id in one run is a reference error."""
        document = manifest.document
        here = f"{document.source} document {document.index}"
        first = self._ids.setdefault(manifest.id, here)
        if first == here:
            return True
        line, column = document.locate("/metadata/id") or (None, None)
        message = f"manifest id {manifest.id!r} is already used by {first}"
        self.report.errors.append(
            ReportError(
                document.source, document.index, "reference", message, "/metadata/id", line, column
            )
        )
        return False

    def _fail_engine(self, error: EngineError) -> None:
        self._engine_failure = str(error)
        self.report.complete = False

    def _undecided(self, batch: list[Manifest], message: str) -> None:
        self.report.complete = False
        for manifest in batch:
            document = manifest.document
            self.report.errors.append(
                ReportError(
                    document.source,
                    document.index,
                    "engine",
                    message,
                    "",
                    *(document.locate("") or (None, None)),
                )
            )

    def _engine_ready(self) -> bool:
        """Whether the engine started (the first call waits for the start)."""
        if self._starting is not None:
            try:
                self.report.engine = self._starting.result()
            except EngineError as error:
                self._fail_engine(error)
            self._starting = None
        return self._engine_failure is None

    def _submit(self, worker: ThreadPoolExecutor, engine: Engine, batch: list[Manifest]) -> None:
        """Hand a batch to the worker, once the previous one is collected."""
        self._collect()
        if not batch:
            return
        if self._engine_failure is not None:
            self._undecided(batch, self._engine_failure)
            return
        data = [m.data for m in batch]
        self._pending = (batch, worker.submit(engine.decide, data, self._context))

    def _collect(self) -> None:
        """Wait for the batch in flight and read OPA's answers into decisions."""
        if self._pending is None:
            return
        batch, answer = self._pending
        try:
            answers = answer.result()
            self._pending = None
            if not self._engine_ready():
                raise EngineError(self._engine_failure or "the engine did not start")
            decisions = [
                read_decision(a, m.document, m.id) for a, m in zip(answers, batch, strict=True)
            ]
        except EngineError as error:
            self._pending = None
            if self._engine_ready():
                self._fail_engine(error)
            self._undecided(batch, self._engine_failure or str(error))
            return
        self.report.results.extend(decisions)
