"""The decider: the one owner of the engine, the batch in flight, the reading
of OPA's answers into decisions, and the order of results.

Items go in (manifests, and anything else that only has to keep its place),
outcomes come out in the same order: a Decision or an engine ReportError for
each manifest, every other item as it came. Many manifests go to OPA in one
request; one worker thread talks to OPA, so OPA starts, and decides one batch,
while the caller reads the next (both cores busy, one batch in flight).

Fail closed: a manifest the engine could not decide is an engine error, never
an allow. A request that times out is asked again one manifest at a time, so
one heavy manifest becomes an engine error of its own instead of sinking its
batch; any other engine failure ends the deciding, and every manifest after
it is an engine error with that failure's message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from types import TracebackType
from typing import Any

from .decision import Decision, Places, read_decision, read_entries
from .engine import Engine, EngineInfo
from .errors import EngineError, EngineTimeout
from .manifests import Manifest
from .portfolio import Portfolio
from .reports.report import ReportError, Skip

Outcome = Decision | ReportError
Passing = ReportError | Skip
"""What only keeps its place among the manifests: input errors, skipped documents."""


class Decider:
    """Decide manifests with one engine, started on entering and closed on leaving."""

    def __init__(
        self,
        engine: Engine,
        context: Callable[[], dict[str, Any]],
        batch_size: int,
        places: Places | None = None,
    ) -> None:
        self._engine = engine
        self._places = places
        self._context = context
        self._batch_size = batch_size
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="helixgate-opa")
        self._starting: Future[EngineInfo] | None = None
        self._failure: str | None = None
        self._info: EngineInfo | None = None
        self._latest: _Batches | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> Decider:
        self._starting = self._worker.submit(self._engine.start)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the engine once a start or a batch under way has finished."""
        self._worker.shutdown(wait=True, cancel_futures=True)
        self._engine.close()

    @property
    def failure(self) -> str | None:
        """Why the engine cannot be used, once it failed."""
        return self._failure

    @property
    def info(self) -> EngineInfo | None:
        """What the engine runs, once it started; None if it could not start."""
        self._started()
        return self._info

    def _started(self) -> bool:
        """Whether the engine is usable (waits for its start)."""
        with self._lock:
            if self._starting is not None:
                try:
                    self._info = self._starting.result()
                except EngineError as error:
                    self._failure = str(error)
                self._starting = None
            return self._failure is None

    def decide(
        self, items: Iterable[Manifest | Passing], portfolio: Portfolio | None = None
    ) -> Iterator[Outcome | Passing]:
        """An outcome for every item, in input order, each batch asked with
        what `portfolio` holds for it. Calls may overlap (from threads, or one
        inside another's loop): each keeps its own batches, and the one worker
        asks OPA for them in turn."""
        batches = _Batches(self._worker, partial(self._outcomes, portfolio=portfolio))
        self._latest = batches
        manifests = 0
        for item in items:
            batches.taken.append(item)
            if isinstance(item, Manifest):
                manifests += 1
                if manifests >= self._batch_size:
                    yield from batches.send_taken()
                    manifests = 0
        yield from batches.send_taken()
        yield from batches.finish_pending()

    def entries(self, manifests: Sequence[Manifest]) -> Iterator[tuple[Manifest, list[Any]]]:
        """What the DOJ counts need of each manifest (the portfolio's first
        pass), asked in batches; EngineError when the engine fails, since a
        portfolio with a manifest missing would count too low."""
        if not self._started():
            raise EngineError(self._failure or "the engine did not start")
        context = self._context()
        for start in range(0, len(manifests), self._batch_size):
            batch = manifests[start : start + self._batch_size]
            data = [m.engine_data for m in batch]
            answers = self._worker.submit(self._engine.entries, data, context).result()
            for manifest, answer in zip(batch, answers, strict=True):
                yield manifest, read_entries(answer, manifest.id)

    def abandon(self, message: str) -> list[ReportError]:
        """Engine errors for every manifest the latest `decide` took but did not
        decide (after an interrupt); its batch in flight is forgotten."""
        batches, self._latest = self._latest, None
        undecided = batches.forget() if batches is not None else []
        return [_undecided(m, message) for m in undecided if isinstance(m, Manifest)]

    def _outcomes(self, batch: list[Any], portfolio: Portfolio | None) -> list[Outcome]:
        """In the worker: one outcome per manifest of the batch."""
        manifests = [item for item in batch if isinstance(item, Manifest)]
        if not manifests:
            return []
        try:
            return self._ask(manifests, portfolio)
        except EngineTimeout as error:
            if len(manifests) == 1:
                return [_undecided(manifests[0], str(error))]
        return [o for manifest in manifests for o in self._outcomes([manifest], portfolio)]

    def _ask(self, manifests: list[Manifest], portfolio: Portfolio | None) -> list[Outcome]:
        if not self._started():
            return [_undecided(m, self._failure or "") for m in manifests]
        try:
            data = [m.engine_data for m in manifests]
            context = self._context()
            if portfolio is not None:
                context = portfolio.context(context, manifests)
            answers = self._engine.decide(data, context)
            pairs = zip(answers, manifests, strict=True)
            if self._places is None:
                return [read_decision(answer, m.document, m.id) for answer, m in pairs]
            places = self._places
            return [read_decision(answer, m.document, m.id, places) for answer, m in pairs]
        except EngineTimeout:
            raise
        except EngineError as error:
            self._failure = str(error)
            return [_undecided(m, self._failure) for m in manifests]


class _Batches:
    """One `decide` call's items: those taken since the last send, and the
    batch in flight."""

    def __init__(
        self, worker: ThreadPoolExecutor, outcomes: Callable[[list[Any]], list[Outcome]]
    ) -> None:
        self._worker = worker
        self._outcomes = outcomes
        self.taken: list[Any] = []
        self._pending: tuple[list[Any], Future[list[Outcome]]] | None = None

    def send_taken(self) -> Iterator[Any]:
        """Finish the batch in flight, then send the items taken since."""
        yield from self.finish_pending()
        batch, self.taken = self.taken, []
        if batch:
            self._pending = (batch, self._worker.submit(self._outcomes, batch))

    def finish_pending(self) -> Iterator[Any]:
        if self._pending is None:
            return
        batch, future = self._pending
        outcomes = iter(future.result())
        self._pending = None
        for item in batch:
            yield next(outcomes) if isinstance(item, Manifest) else item

    def forget(self) -> list[Any]:
        pending = self._pending[0] if self._pending is not None else []
        undecided = pending + self.taken
        self._pending, self.taken = None, []
        return undecided


def _undecided(manifest: Manifest, message: str) -> ReportError:
    return ReportError("engine", message, manifest.document.location(""))
