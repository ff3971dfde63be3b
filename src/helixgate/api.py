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

from .controls import checked_profile, checked_waivers, load_profile, load_waivers
from .dates import parse_date
from .decider import Decider
from .decision import Decision
from .engine import DEFAULT_TIMEOUT, Engine, EngineInfo
from .errors import EngineError, InputError, InputErrors, Location
from .loader import Document
from .manifests import Manifest, Skipped, validate
from .pipeline import BATCH_SIZE, Options
from .reports.report import ReportError
from .sources import DEFAULT_MAX_FILE_SIZE, Source, read_documents

ManifestInput: TypeAlias = Mapping[str, Any] | str | os.PathLike[str]
"""A manifest as a mapping (JSON-like; dates may be datetime.date), or the path
of a YAML or JSON file that holds exactly one manifest. A str is always a path,
never YAML text."""

ProfileInput: TypeAlias = Mapping[str, Any] | str | os.PathLike[str]
WaiversInput: TypeAlias = Sequence[Mapping[str, Any]] | Mapping[str, Any] | str | os.PathLike[str]

__all__ = ["Evaluator", "ManifestInput", "ProfileInput", "WaiversInput", "check"]


def check(
    manifest: ManifestInput,
    *,
    opa_url: str | None = None,
    profile: ProfileInput | None = None,
    waivers: WaiversInput | None = None,
    as_of: dt.date | str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Decision:
    """The decision on one manifest (a mapping, or a path to a file holding one).

    Starts an embedded OPA for this one call (about 0.3 s) unless `opa_url`
    names a running OPA server loaded with the helixgate bundle; for many
    manifests use an Evaluator, which keeps one OPA for all of them.

    Raises InputErrors if the manifest, the profile or the waivers cannot be
    read or validated (before any OPA is started), EngineError if OPA cannot be
    started or reached or gives an answer that cannot be trusted.
    """
    evaluator = Evaluator(
        opa_url=opa_url, profile=profile, waivers=waivers, as_of=as_of, timeout=timeout
    )
    prepared = _manifest(manifest, "<manifest>", evaluator.max_file_size)
    with evaluator:
        return next(evaluator._decide([prepared]))


class Evaluator:
    """One OPA for many decisions: embedded (started on entering, stopped on
    leaving, also on errors) unless `opa_url` names a running OPA server.

    `profile` and `waivers` are paths to YAML/JSON files or the same content
    as Python data; they are read and checked here, so a bad one raises
    InputErrors before OPA starts. `as_of` is the evaluation date for waiver
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
            waivers=_waivers(waivers, max_file_size),
            batch_size=batch_size,
        )
        self._lock = threading.Lock()
        self._decider: Decider | None = None

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
                decider = Decider(engine, options.context, self.batch_size).__enter__()
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
        """The decision on one manifest (a mapping, or a path to a file holding one)."""
        self._require_open()
        prepared = _manifest(manifest, "<manifest>", self.max_file_size)
        return next(self._decide([prepared]))

    def evaluate_many(self, manifests: Iterable[ManifestInput]) -> Iterator[Decision]:
        """One decision per manifest, in input order, streamed.

        The iterable is read lazily and asked about in batches of `batch_size`
        (one request to OPA per batch), so a generator of any length works in
        bounded memory; a decision is yielded once its batch is answered.

        Input errors are raised, not yielded: at an invalid item, the
        decisions of every item before it are yielded first, then InputErrors
        is raised (its source is the path, or ``<manifest N>`` for the N-th
        item, counting from 0) and the stream ends. Validate untrusted
        manifests one by one with `evaluate` to go on past a bad one. An
        EngineError likewise ends the stream; decisions already yielded stand.
        """
        self._require_open()  # now, not at the first next()
        return self._stream(manifests)

    def _stream(self, items: Iterable[ManifestInput]) -> Iterator[Decision]:
        invalid: list[InputErrors] = []

        def valid() -> Iterator[Manifest]:
            for index, item in enumerate(items):
                try:
                    yield _manifest(item, f"<manifest {index}>", self.max_file_size)
                except InputErrors as error:
                    invalid.append(error)
                    return

        yield from self._decide(valid())
        if invalid:
            raise invalid[0]

    def _decide(self, manifests: Iterable[Manifest]) -> Iterator[Decision]:
        for outcome in self._require_decider().decide(manifests):
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
            return validate(document)
        except Skipped as skipped:
            raise _not_a_manifest(name, skipped.reason) from None
    if isinstance(item, str | os.PathLike):
        return _manifest_in_file(os.fspath(item), max_file_size)
    raise TypeError(f"a manifest is a mapping or a path, not {type(item).__name__}")


def _manifest_in_file(path: str, max_file_size: int) -> Manifest:
    if "\n" in path:
        raise InputErrors(
            [InputError("syntax", "a str is a path; pass YAML text as a dict", Location("<str>"))]
        )
    found: list[Manifest] = []
    try:
        for document in read_documents(Source(path, Path(path)), max_file_size):
            try:
                found.append(validate(document))
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


def _waivers(waivers: WaiversInput | None, max_file_size: int) -> list[dict[str, Any]]:
    if waivers is None:
        return []
    if isinstance(waivers, str | os.PathLike):
        try:
            return load_waivers(os.fspath(waivers), max_file_size)
        except InputError as error:
            raise InputErrors([error]) from None
    content = waivers if isinstance(waivers, Mapping) else {"waivers": list(waivers)}
    return checked_waivers(Document("<waivers>", 0, _json_value(content, "<waivers>", "")))


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
