"""Everything about OPA: starting the embedded server or reaching a remote one,
and asking it for one result per manifest, many manifests per request.

Both modes speak OPA's REST API through opa-python-client. Anything that goes
wrong (no server, a time-out, an HTTP error, an answer that is undefined or of
the wrong shape) is an EngineError: a manifest is never allowed by default.

Before the first decision the engine checks that the server really has the
helixgate pack: data.helixgate.meta.revision (the revision it reports) and the
entry point data.helixgate.main.results, which must answer [] for an empty
batch. A remote server without them is an engine error, never an empty allow.

Connection failures are retried with back-off by urllib3's Retry, which
opa-python-client mounts on its session (`retries`, back-off factor 0.3 s:
pauses of 0, 0.6 and 1.2 s for three retries). urllib3 retries a failed
connection for any method, since the request never left; it does not resend a
question whose answer timed out (POST is not idempotent to urllib3), so a slow
server costs at most --timeout per request, and that is an engine error.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any
from urllib.parse import quote, urlsplit

from . import processes
from .errors import EngineError, EngineTimeout
from .opa_binary import find_opa
from .resources import policies_dir

RESULTS_PACKAGE = "helixgate.main"
RESULTS_RULE = "results"
ENTRIES_RULE = "entries"
META_PATH = "helixgate/meta"
TOKEN_ENV = "HELIXGATE_OPA_TOKEN"
DEFAULT_TIMEOUT = 30.0
STARTUP_TIMEOUT = 30.0
REMOTE_RETRIES = 3
EMBEDDED_RETRIES = 2
UNKNOWN_VERSION = "unknown"


@dataclass(frozen=True)
class EngineInfo:
    """What a report says about the engine: OPA's version, the mode, the revision."""

    version: str
    mode: str
    policy_revision: str


class Engine:
    """One OPA for a whole run: embedded (started and stopped here) unless
    `opa_url` names a running server. Use as a context manager.

    Not thread-safe: the underlying requests.Session must not be shared
    between threads (helixgate.Evaluator puts a lock around it)."""

    def __init__(
        self,
        opa_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = REMOTE_RETRIES,
    ) -> None:
        self.opa_url = opa_url
        self.timeout = timeout
        self.retries = retries
        self._server: EmbeddedServer | None = None
        self._client: Any = None
        self.info: EngineInfo | None = None

    def __enter__(self) -> Engine:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def start(self) -> EngineInfo:
        """Start (embedded) or reach (remote) OPA, check that it has the
        helixgate pack and its entry point, and say what it runs."""
        if self.opa_url is None:
            self._server = EmbeddedServer(self.timeout)
            socket_path = self._server.start()
            self._client = unix_client(
                socket_path, self._server.token, self.timeout, EMBEDDED_RETRIES
            )
            mode = "embedded"
        else:
            host, port, ssl = _split_url(self.opa_url)
            token = os.environ.get(TOKEN_ENV)
            self._client = _client(host, port, token, ssl, self.timeout, self.retries)
            mode = "remote"
        revision = self._revision()
        self._check_entry_point()
        version = self._server.version if self._server is not None else self._remote_version()
        self.info = EngineInfo(version, mode, revision)
        return self.info

    def _revision(self) -> str:
        meta = self._get(META_PATH)
        if not isinstance(meta, dict) or not isinstance(meta.get("revision"), str):
            raise EngineError(
                f"the OPA server{self._where()} has no helixgate policy pack "
                "(data.helixgate.meta.revision is undefined)"
            )
        revision: str = meta["revision"]
        return revision

    def _check_entry_point(self) -> None:
        """An empty batch must give []: a server with the pack's data but
        without its decision rules (another bundle, an older pack) is refused
        here rather than on the first manifest."""
        answer = self._call(
            lambda: self._client.query_rule({"manifests": []}, RESULTS_PACKAGE, RESULTS_RULE)
        )
        if not isinstance(answer, dict) or answer.get("result") != []:
            raise EngineError(
                f"the OPA server{self._where()} has no helixgate entry point "
                "(data.helixgate.main.results did not answer [] for an empty batch)"
            )

    def _remote_version(self) -> str:
        """OPA's version as the server states it in GET /v1/config (labels.version);
        OPA sends no version header. Informative only: a server whose
        authorization policy refuses /v1/config is still used, its version
        reported as "unknown"."""
        import requests

        try:
            config = self._client.get_config()
        except (requests.RequestException, ValueError):
            return UNKNOWN_VERSION
        result = config.get("result") if isinstance(config, dict) else None
        labels = result.get("labels") if isinstance(result, dict) else None
        version = labels.get("version") if isinstance(labels, dict) else None
        return version if isinstance(version, str) and version else UNKNOWN_VERSION

    def _where(self) -> str:
        return f" at {self.opa_url}" if self.opa_url is not None else ""

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.close_connection()
            self._client = None
        if self._server is not None:
            self._server.stop()
            self._server = None

    def decide(self, manifests: Sequence[dict[str, Any]], context: dict[str, Any]) -> list[Any]:
        """OPA's raw answers, one per manifest in order. The caller checks their shape."""
        return self._batch(RESULTS_RULE, manifests, context)

    def entries(self, manifests: Sequence[dict[str, Any]], context: dict[str, Any]) -> list[Any]:
        """What the DOJ counts need of each manifest, one raw list per manifest."""
        return self._batch(ENTRIES_RULE, manifests, context)

    def _batch(
        self, rule: str, manifests: Sequence[dict[str, Any]], context: dict[str, Any]
    ) -> list[Any]:
        if self._client is None:
            raise EngineError("the engine is not started")
        if self._server is not None:
            self._server.check_alive()
        payload = {"manifests": list(manifests), "context": context}
        answer = self._call(lambda: self._client.query_rule(payload, RESULTS_PACKAGE, rule))
        if not isinstance(answer, dict) or "result" not in answer:
            raise EngineError(
                f"OPA's answer is undefined: data.{RESULTS_PACKAGE}.{rule} gave no result"
            )
        results = answer["result"]
        if not isinstance(results, list) or len(results) != len(manifests):
            raise EngineError(
                f"OPA answered {type(results).__name__} for a batch of {len(manifests)} manifests"
            )
        return results

    def _get(self, path: str) -> Any:
        answer = self._call(lambda: self._client.query_rule({}, path.replace("/", ".")))
        return answer.get("result") if isinstance(answer, dict) else None

    def _call(self, request: Any) -> Any:
        import requests

        try:
            return request()
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else "?"
            detail = _opa_message(error.response)
            hint = _UNAUTHORISED_HINT if status in (401, 403) and self._server is None else None
            raise EngineError(f"OPA{self._where()} answered HTTP {status}{detail}", hint) from error
        except requests.Timeout as error:
            raise EngineTimeout(
                f"OPA{self._where()} did not answer within {self.timeout:g} s (--timeout)"
            ) from error
        except requests.JSONDecodeError as error:  # before RequestException, its base
            raise EngineError(f"OPA's answer{self._where()} is not JSON") from error
        except requests.RequestException as error:
            raise EngineError(
                f"cannot reach OPA{self._where()}: {type(error).__name__}{_retried(error)}"
            ) from error
        except ValueError as error:  # the body is not JSON
            raise EngineError(f"OPA's answer{self._where()} is not JSON") from error


# A remote OPA that refuses the request: the token is the usual cause.
_UNAUTHORISED_HINT = (
    "set HELIXGATE_OPA_TOKEN to the bearer token the OPA server holds, "
    "and load deploy/system's authorization policy beside the bundle"
)


def _retried(error: Exception) -> str:
    """The note for an error after which urllib3 gave up retrying (its
    MaxRetryError inside requests' exception): the back-off did happen."""
    from urllib3.exceptions import MaxRetryError

    cause = error.args[0] if error.args else None
    if isinstance(cause, MaxRetryError) and cause.reason is not None:
        return f" ({type(cause.reason).__name__}, gave up after retries)"
    return ""


def _opa_message(response: Any) -> str:
    try:
        body = response.json()
    except Exception:
        return ""
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return f": {body['message']}"
    return ""


def _split_url(url: str) -> tuple[str, int, bool]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EngineError(f"--opa-url {url!r} is not an http(s) URL")
    if parts.path not in ("", "/"):
        raise EngineError(f"--opa-url {url!r}: give the server's root URL, without a path")
    ssl = parts.scheme == "https"
    return parts.hostname, parts.port or (443 if ssl else 80), ssl


def _client(
    host: str, port: int, token: str | None, ssl: bool, timeout: float, retries: int
) -> Any:
    OpaClient = _opa_client_class()
    return OpaClient(host=host, port=port, token=token, ssl=ssl, timeout=timeout, retries=retries)


def unix_client(socket_path: str, token: str | None, timeout: float, retries: int) -> Any:
    """opa-python-client speaking HTTP over the Unix socket at `socket_path`
    (requests-unixsocket's adapter, mounted with the same retries the client
    gives its TCP adapter)."""
    from requests_unixsocket.adapters import UnixAdapter
    from urllib3.util.retry import Retry

    client = _client("localhost", 0, token, False, timeout, retries)
    client.root_url = f"{_unix_root(socket_path)}/v1"
    retry = Retry(total=retries, backoff_factor=0.3, status_forcelist=(500, 502, 504),
                  raise_on_status=False)  # fmt: skip
    adapter = UnixAdapter(timeout=timeout, max_retries=retry)  # type: ignore[no-untyped-call]
    client._session.mount(_UNIX_SCHEME, adapter)
    return client


_UNIX_SCHEME = "http+unix://"


def _unix_root(socket_path: str) -> str:
    return _UNIX_SCHEME + quote(socket_path, safe="")


def _opa_client_class() -> Any:
    """opa-python-client's synchronous client, imported without running its
    package's `__init__`, which also imports the asyncio client and aiohttp:
    about 0.15 s at every start (measured with -X importtime) for a client
    helixgate never uses. The package's own modules are loaded as they are."""
    if "opa_client" not in sys.modules:
        spec = importlib.util.find_spec("opa_client")
        if spec is None:
            raise EngineError("opa-python-client is not installed", "pip install helixgate again")
        sys.modules["opa_client"] = importlib.util.module_from_spec(spec)
    from opa_client.opa import OpaClient

    return OpaClient


class EmbeddedServer:
    """`opa run --server` listening on a Unix socket in a directory that only
    this process's user can enter, with token authentication and the project's
    system.authz policy; the token reaches OPA only through its environment.

    No other local user can reach the socket, and before anything is sent
    that matters (the token, a manifest) the process at the other end of the
    socket is checked to be this server's own child (SO_PEERCRED). The child
    is started with a parent-death signal, so it cannot outlive the wrapper,
    even after SIGKILL; `stop` also runs when the object is collected or the
    interpreter exits."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        binary = find_opa()
        self.binary = binary.path
        self.version = binary.version
        self.timeout = timeout
        self.token = secrets.token_urlsafe(32)
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._directory: str | None = None
        self._finalizer: weakref.finalize[Any, EmbeddedServer] | None = None

    @property
    def socket_path(self) -> str:
        if self._directory is None:
            raise EngineError("the embedded OPA is not started")
        return os.path.join(self._directory, _SOCKET_NAME)

    def start(self) -> str:
        """Start OPA, wait until it is healthy, prove it is our child; the socket path."""
        _remove_stale_directories()
        self._directory = tempfile.mkdtemp(
            prefix=f"{_DIRECTORY_PREFIX}{os.getpid()}-", dir=_socket_base()
        )
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as OPA)
        self._process = processes.spawn_bound_to_this_process(
            self._command(), {**os.environ, TOKEN_ENV: self.token}, self._log
        )
        self._finalizer = weakref.finalize(self, _stop, self._process, self._directory, self._log)
        if not self._healthy():
            log = self._stop_and_read_log()
            raise EngineError(f"OPA stopped at start: {_last_line(log)}")
        self._check_peer_is_child()
        return self.socket_path

    def _command(self) -> list[str]:
        return [
            self.binary, "run", "--server",
            "--addr", f"unix://{self.socket_path}", "--unix-socket-perm", "600",
            "--authentication=token", "--authorization=basic",
            "--log-level=error", "--disable-telemetry",
            "--ignore", "*_test.rego",
            str(policies_dir()),
        ]  # fmt: skip

    def _healthy(self) -> bool:
        """Wait for OPA's /health (which the authorization policy lets through,
        so no token is sent). False if OPA exited first. The client's own
        wait_for_ready cannot tell an exited process from a slow one, hence
        this loop, and why its client does not retry: a refused connection
        here means "not up yet"."""
        client = unix_client(self.socket_path, None, 1.0, 0)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        try:
            while time.monotonic() < deadline:
                if self._exited():
                    return False
                if os.path.exists(self.socket_path) and client.check_health(
                    diagnostic_url=f"{_unix_root(self.socket_path)}/health"
                ):
                    return not self._exited()
                time.sleep(0.01)
        finally:
            client.close_connection()
        raise EngineError(f"OPA did not become healthy within {STARTUP_TIMEOUT:g} s")

    def _check_peer_is_child(self) -> None:
        """The process listening on the socket must be the OPA this object
        started: anything else is an impostor and gets neither token nor data."""
        assert self._process is not None
        peer = processes.socket_peer(self.socket_path)
        if peer.pid != self._process.pid or peer.uid != os.getuid():
            self.stop()
            raise EngineError(
                f"the process answering on the embedded OPA's socket (pid {peer.pid}, "
                f"uid {peer.uid}) is not the OPA helixgate started; refusing to use it"
            )

    def _exited(self) -> bool:
        return self._process is None or self._process.poll() is not None

    def check_alive(self) -> None:
        if self._process is None or self._process.poll() is not None:
            code = None if self._process is None else self._process.returncode
            raise EngineError(f"the embedded OPA is not running (exit status {code})")

    def _stop_and_read_log(self) -> str:
        log, self._log = self._log, None
        self.stop()
        if log is None:
            return ""
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
        log.close()
        return text

    def stop(self) -> None:
        """Stop OPA and remove its socket directory (idempotent)."""
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        process, self._process = self._process, None
        directory, self._directory = self._directory, None
        log, self._log = self._log, None
        _stop(process, directory, log)


_SOCKET_NAME = "opa.sock"
_DIRECTORY_PREFIX = "helixgate-opa-"


def _stop(
    process: subprocess.Popen[bytes] | None, directory: str | None, log: IO[bytes] | None
) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)
    if log is not None:
        log.close()


def _socket_base() -> str:
    """The temporary folder, unless a socket path in it would be longer than
    Unix sockets allow (108 bytes with the terminator): then /tmp."""
    base = tempfile.gettempdir()
    longest = os.path.join(base, f"{_DIRECTORY_PREFIX}{2**22}-{'x' * 8}", _SOCKET_NAME)
    return base if len(os.fsencode(longest)) < _MAX_SOCKET_PATH else "/tmp"


_MAX_SOCKET_PATH = 108


def _remove_stale_directories() -> None:
    """Socket directories this user's earlier runs left when they were
    killed (SIGKILL gives no chance to clean up): those whose process is gone."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(_socket_base()):
            if not entry.name.startswith(_DIRECTORY_PREFIX):
                continue
            pid = entry.name[len(_DIRECTORY_PREFIX) :].split("-", 1)[0]
            with contextlib.suppress(OSError, ValueError):
                if entry.stat(follow_symlinks=False).st_uid == os.getuid() and not (
                    processes.alive(int(pid))
                ):
                    shutil.rmtree(entry.path, ignore_errors=True)


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no message"
