"""The Python API: decisions for services that embed helixgate.

A second thin door onto the pieces the command line uses: the same reading and
validation (schema and reference checks), the same engine (embedded OPA, or a
remote one), the same batches, the same fail-closed reading of OPA's answers.

    import helixgate

    decision = helixgate.check("study.yaml")        # or a dict
    with helixgate.Evaluator(opa_url=None, profile="profile.yaml") as evaluator:
        for decision in evaluator.evaluate_many(manifests):
            ...

Input problems raise InputErrors (each problem an InputError with source,
pointer, line); engine problems raise EngineError; both are HelixgateError.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, TypeAlias

from .controls import (
    Controls,
    checked_profile,
    load_profile,
    load_signoff_file,
    load_waiver_file,
)
from .dates import parse_date
from .decider import Decider
from .decision import Decision
from .engine import DEFAULT_TIMEOUT, Engine, EngineInfo
from .errors import EngineError, InputError, InputErrors, Location
from .loader import Document
from .manifests import Manifest, Skipped
from .manifests import validate as _validated
from .pipeline import BATCH_SIZE, Options, manifests_and_problems
from .portfolio import Portfolio
from .reports.report import ReportError
from .sources import DEFAULT_MAX_FILE_SIZE, Source, read_documents

ManifestInput: TypeAlias = Mapping[str, Any] | str | os.PathLike[str]
"""A manifest as a mapping (JSON-like; dates may be datetime.date), or the path
of a YAML or JSON file that holds exactly one manifest. A str is always a path,
never YAML text."""

ProfileInput: TypeAlias = Mapping[str, Any] | str | os.PathLike[str]
WaiversInput: TypeAlias = Sequence[Mapping[str, Any]] | Mapping[str, Any] | str | os.PathLike[str]
SignoffsInput: TypeAlias = Sequence[Mapping[str, Any]] | Mapping[str, Any] | str | os.PathLike[str]

__all__ = [
    "Evaluator",
    "ManifestInput",
    "ProfileInput",
    "SignoffsInput",
    "WaiversInput",
    "check",
    "validate",
]


def check(
    manifest: ManifestInput,
    *,
    opa_url: str | None = None,
    profile: ProfileInput | None = None,
    waivers: WaiversInput | None = None,
    as_of: dt.date | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    history: Iterable[ManifestInput] = (),
    signoffs: SignoffsInput | None = None,
) -> Decision:
    """The decision on one manifest (a mapping, or a path to a file holding one),
    counted together with `history` (paths or mappings, as for Evaluator).

    Starts an embedded OPA for this one call (about 0.3 s) unless `opa_url`
    names a running OPA server loaded with the helixgate bundle; for many
    manifests use an Evaluator, which keeps one OPA for all of them.

    Raises InputErrors if the manifest, the profile or the waivers cannot be
    read or validated (before any OPA is started), EngineError if OPA cannot be
    started or reached or gives an answer that cannot be trusted.
    """
    evaluator = Evaluator(
        opa_url=opa_url,
        profile=profile,
        waivers=waivers,
        as_of=as_of,
        timeout=timeout,
        history=history,
        signoffs=signoffs,
    )
    prepared = _manifest(manifest, "<manifest>", evaluator.max_file_size)
    with evaluator:
        return next(evaluator._decide([prepared]))


def validate(manifest: ManifestInput, *, max_file_size: int = DEFAULT_MAX_FILE_SIZE) -> None:
    """Check one manifest (a mapping, or a path to a file holding one) against
    the schema and the reference checks, without asking OPA; InputErrors when
    it is not valid."""
    _manifest(manifest, "<manifest>", max_file_size)


class Evaluator:
    """One OPA for many decisions: embedded (started on entering, stopped on
    leaving, also on errors) unless `opa_url` names a running OPA server.

    `profile`, `waivers` and `signoffs` are paths to YAML/JSON files or the same content
    as Python data; they are read and checked here, so a bad one raises
    InputErrors before OPA starts. `history` (paths of files or folders, or
    mappings) are manifests that count toward the totals across manifests
    (policy-pack-v2, 1 Portfolio) without being decided; they are read and
    validated here too. `as_of` is the evaluation date for waiver
    expiry; when None, each request uses the current UTC date. `timeout` is
    the engine's time-out per request in seconds.

    Thread-safety: one Evaluator may be shared by threads. Requests to OPA go
    one at a time (one worker thread owns the engine, whose HTTP session must
    not be used by two threads at once), so threads share one OPA but do not
    decide in parallel; for parallel work give each thread its own Evaluator (each
    embedded one starts its own OPA; remote ones may share a server).
    """

    def __init__(
        self,
        opa_url: str | None = None,
        profile: ProfileInput | None = None,
        waivers: WaiversInput | None = None,
        as_of: dt.date | str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        batch_size: int = BATCH_SIZE,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        history: Iterable[ManifestInput] = (),
        signoffs: SignoffsInput | None = None,
    ) -> None:
        if not timeout > 0:
            raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size!r}")
        self.max_file_size = max_file_size
        self.batch_size = batch_size
        self._options = Options(
            opa_url=opa_url,
            timeout=timeout,
            max_file_size=max_file_size,
            as_of=_date(as_of),
            profile=_profile(profile, max_file_size),
            batch_size=batch_size,
        ).with_controls(
            _controls(waivers, "waivers", max_file_size)
            + _controls(signoffs, "signoffs", max_file_size)
        )
        self._lock = threading.Lock()
        self._decider: Decider | None = None
        self._history = _history(history, max_file_size)
        self._history_entries: list[tuple[str, list[Any]]] | None = None

    def __enter__(self) -> Evaluator:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> EngineInfo:
        """Start or reach OPA (done by `with`); EngineError if it cannot be used."""
        with self._lock:
            if self._decider is None:
                options = self._options
                engine = Engine(options.opa_url, options.timeout)
                decider = Decider(
                    engine, options.context, self.batch_size, options.controls.place
                ).__enter__()
                try:
                    if decider.info is None:
                        raise EngineError(decider.failure or "the engine did not start")
                except BaseException:
                    decider.close()
                    raise
                self._decider = decider
            return self._require_open()

    def close(self) -> None:
        """Stop the embedded OPA (done by `with`); the Evaluator can be opened again."""
        with self._lock:
            decider, self._decider = self._decider, None
            if decider is not None:
                decider.close()

    @property
    def info(self) -> EngineInfo:
        """OPA's version, the mode (embedded or remote) and the policy revision."""
        return self._require_open()

    def _require_open(self) -> EngineInfo:
        info = self._require_decider().info
        if info is None:
            raise EngineError(_NOT_OPEN)
        return info

    def _require_decider(self) -> Decider:
        if self._decider is None:
            raise EngineError(_NOT_OPEN)
        return self._decider

    def evaluate(self, manifest: ManifestInput) -> Decision:
        """The decision on one manifest (a mapping, or a path to a file
        holding one), counted together with the history."""
        self._require_open()
        prepared = _manifest(manifest, "<manifest>", self.max_file_size)
        return next(self._decide([prepared]))

    def evaluate_many(
        self, manifests: Iterable[ManifestInput], *, stream: bool = False
    ) -> Iterator[Decision]:
        """One decision per manifest, in input order.

        By default the manifests of one call count together with the history
        (policy-pack-v2, 1 Portfolio): the iterable is read to its end, and
        every manifest validated, before the first decision. With
        `stream=True` the iterable is read lazily and asked about in batches
        of `batch_size`, in bounded memory, and each manifest counts together
        with the history only.

        Input errors are raised, not yielded: at an invalid item, InputErrors
        is raised (its source is the path, or ``<manifest N>`` for the N-th
        item, counting from 0) before any decision, or, streaming, after the
        decisions of every item before it. Validate untrusted manifests one by
        one with `evaluate` to go on past a bad one. An EngineError likewise
        ends the stream; decisions already yielded stand.
        """
        self._require_open()  # now, not at the first next()
        if stream:
            return self._stream(manifests)
        prepared = [
            _manifest(item, f"<manifest {index}>", self.max_file_size)
            for index, item in enumerate(manifests)
        ]
        return self._decide(prepared)

    def _stream(self, items: Iterable[ManifestInput]) -> Iterator[Decision]:
        invalid: list[InputErrors] = []

        def valid() -> Iterator[Manifest]:
            for index, item in enumerate(items):
                try:
                    yield _manifest(item, f"<manifest {index}>", self.max_file_size)
                except InputErrors as error:
                    invalid.append(error)
                    return

        portfolio = Portfolio(scoped=False)
        for manifest_id, entries in self._counted_history(set()):
            portfolio.add(manifest_id, entries, history=True)
        yield from self._outcomes(valid(), portfolio)
        if invalid:
            raise invalid[0]

    def _decide(self, manifests: list[Manifest]) -> Iterator[Decision]:
        """Decisions on manifests counted together and with the history."""
        decider = self._require_decider()
        portfolio = Portfolio()
        for manifest_id, entries in self._counted_history({m.id for m in manifests}):
            portfolio.add(manifest_id, entries, history=True)
        for manifest, entries in decider.entries(manifests):
            portfolio.add(manifest.id, entries, history=False)
        return self._outcomes(manifests, portfolio)

    def _counted_history(self, checked: set[str]) -> list[tuple[str, list[Any]]]:
        """The history's counting entries (asked once); a history manifest
        with the id of one being decided is left out: that one counts."""
        if self._history_entries is None:
            pairs = self._require_decider().entries(self._history)
            self._history_entries = [(m.id, entries) for m, entries in pairs]
        return [pair for pair in self._history_entries if pair[0] not in checked]

    def _outcomes(self, manifests: Iterable[Manifest], portfolio: Portfolio) -> Iterator[Decision]:
        for outcome in self._require_decider().decide(manifests, portfolio):
            if isinstance(outcome, ReportError):
                raise EngineError(outcome.message)
            if isinstance(outcome, Decision):
                yield outcome


_NOT_OPEN = "the Evaluator is not open: use `with helixgate.Evaluator(...) as evaluator:`"


def _manifest(item: ManifestInput, name: str, max_file_size: int) -> Manifest:
    """The validated manifest of one input; InputErrors if it is not one."""
    if isinstance(item, Mapping):
        try:
            data = _json_value(item, name, "")
        except RecursionError:
            message = "nested too deeply to read"
            raise InputErrors([InputError("limit", message, Location(name, 0, ""))]) from None
        document = Document(name, 0, data)
        try:
            return _validated(document)
        except Skipped as skipped:
            raise _not_a_manifest(name, skipped.reason) from None
    if isinstance(item, str | os.PathLike):
        return _manifest_in_file(os.fspath(item), max_file_size)
    raise TypeError(f"a manifest is a mapping or a path, not {type(item).__name__}")


def _history(items: Iterable[ManifestInput], max_file_size: int) -> list[Manifest]:
    """The manifests of `history=`: mappings, and files or folders read as
    the command line reads PATHS; InputErrors for any that is not valid."""
    found: list[Manifest] = []
    problems: list[InputError] = []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            found.append(_manifest(item, f"<history {index}>", max_file_size))
            continue
        if not isinstance(item, str | os.PathLike):
            raise TypeError(f"history is mappings or paths, not {type(item).__name__}")
        for outcome in manifests_and_problems([os.fspath(item)], max_file_size):
            if isinstance(outcome, Manifest):
                found.append(outcome)
            elif isinstance(outcome, ReportError):
                problems.append(InputError(outcome.kind, outcome.message, outcome.location))
    if problems:
        raise InputErrors(problems)
    return found


def _manifest_in_file(path: str, max_file_size: int) -> Manifest:
    if "\n" in path:
        raise InputErrors(
            [InputError("syntax", "a str is a path; pass YAML text as a dict", Location("<str>"))]
        )
    found: list[Manifest] = []
    try:
        for document in read_documents(Source(path, Path(path)), max_file_size):
            try:
                found.append(_validated(document))
            except Skipped:
                continue
    except InputError as error:
        raise InputErrors([error]) from None
    if len(found) != 1:
        if not found:
            raise _not_a_manifest(path, "the file holds no helixgate/v1 TransferManifest")
        message = (
            f"the file holds {len(found)} manifests; pass one manifest per item "
            "(or the command line, which reads every document)"
        )
        raise InputErrors([InputError("schema", message, Location(path, 1))])
    return found[0]


def _not_a_manifest(source: str, reason: str) -> InputErrors:
    message = f"not a helixgate/v1 TransferManifest: {reason}"
    return InputErrors([InputError("schema", message, Location(source, 0, ""))])


def _json_value(value: Any, source: str, pointer: str) -> Any:
    """A private JSON copy of Python data: a later change to the caller's
    objects cannot reach a batch still waiting, and dates (as yaml.safe_load
    gives them) become the ISO strings a manifest holds. Anything JSON cannot
    carry is an input error at its pointer."""
    if isinstance(value, str | bool | int) or value is None:
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return _not_json(source, pointer, f"{value} is not a finite number")
    if isinstance(value, dt.datetime):
        return _not_json(source, pointer, "a date and time where a date is expected")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        copy: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                return _not_json(source, pointer, f"key {key!r} is not a string")
            escaped = key.replace("~", "~0").replace("/", "~1")
            copy[key] = _json_value(item, source, f"{pointer}/{escaped}")
        return copy
    if isinstance(value, list | tuple):
        return [_json_value(item, source, f"{pointer}/{i}") for i, item in enumerate(value)]
    return _not_json(source, pointer, f"a {type(value).__name__} is not a JSON value")


def _not_json(source: str, pointer: str, message: str) -> Any:
    raise InputErrors([InputError("schema", message, Location(source, 0, pointer))])


def _profile(profile: ProfileInput | None, max_file_size: int) -> dict[str, Any]:
    if profile is None:
        return {}
    if isinstance(profile, Mapping):
        return checked_profile(Document("<profile>", 0, _json_value(profile, "<profile>", "")))
    try:
        return load_profile(os.fspath(profile), max_file_size)
    except InputError as error:
        raise InputErrors([error]) from None


def _controls(given: WaiversInput | SignoffsInput | None, key: str, max_file_size: int) -> Controls:
    """The waivers (and a `signoffs` section) of a waiver file, or the
    sign-offs of a sign-off file (key "signoffs"), given as a path or as data."""
    if given is None:
        return Controls()
    load = load_waiver_file if key == "waivers" else load_signoff_file
    if isinstance(given, str | os.PathLike):
        try:
            return load(os.fspath(given), max_file_size)
        except InputError as error:
            raise InputErrors([error]) from None
    content = given if isinstance(given, Mapping) else {key: list(given)}
    name = f"<{key}>"
    document = Document(name, 0, _json_value(content, name, ""))
    if key == "waivers":
        return Controls.of_waiver_document(document)
    return Controls.of_signoff_document(document)


def _date(value: dt.date | str | None) -> dt.date | None:
    """`as_of` as a day within the dates helixgate computes with."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else value
    try:
        return parse_date(text)
    except ValueError as error:
        raise ValueError(f"as_of: {error}") from None
