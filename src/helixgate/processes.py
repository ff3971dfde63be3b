"""Child processes that cannot outlive helixgate, and who is at the other end
of a Unix socket. Linux-specific (prctl, SO_PEERCRED), like the embedded OPA.

A child started here gets the parent-death signal SIGKILL: the kernel kills
it when its parent dies, however the parent dies (SIGKILL included). The
kernel's "parent" is the thread that forked, not the process, so children
are forked from one thread that lives as long as the process: forked from a
short-lived worker thread, OPA would die with that thread.
"""

from __future__ import annotations

import ctypes
import os
import queue
import signal
import socket
import struct
import subprocess
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import IO, Any

from .errors import EngineError

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Peer:
    pid: int
    uid: int
    gid: int


def socket_peer(path: str) -> Peer:
    """The process (pid, uid, gid) listening on the Unix socket at `path`, as
    the kernel recorded it when that process bound the socket."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(5)
        try:
            probe.connect(path)
        except OSError as error:
            raise EngineError(f"cannot connect to the embedded OPA's socket: {error}") from error
        credentials = probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    pid, uid, gid = struct.unpack("3i", credentials)
    return Peer(pid, uid, gid)


def alive(pid: int) -> bool:
    """Whether a process with this pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def spawn_bound_to_this_process(
    command: list[str], environment: dict[str, str], log: IO[bytes]
) -> subprocess.Popen[bytes]:
    """Start `command` (stdout and stderr to `log`) so that it is killed when
    this process dies."""
    parent = os.getpid()

    def bind_to_parent() -> None:  # runs in the child, between fork and exec
        if _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0 or os.getppid() != parent:
            os._exit(127)  # the parent died before the signal was armed

    def start() -> subprocess.Popen[bytes]:
        try:
            return subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=environment,
                start_new_session=True, preexec_fn=bind_to_parent,
            )  # fmt: skip
        except OSError as error:
            raise EngineError(f"cannot start {command[0]}: {error.strerror}") from error

    process: subprocess.Popen[bytes] = _lasting_thread().run(start)
    return process


class _LastingThread:
    """One daemon thread, alive until the process ends, that runs calls given to it."""

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        thread = threading.Thread(target=self._serve, name="helixgate-spawner", daemon=True)
        thread.start()

    def _serve(self) -> None:
        while True:
            call, future = self._calls.get()
            try:
                future.set_result(call())
            except BaseException as error:  # handed to the caller
                future.set_exception(error)

    def run(self, call: Callable[[], Any]) -> Any:
        if threading.current_thread() is threading.main_thread():
            return call()  # the main thread lives as long as the process
        future: Future[Any] = Future()
        self._calls.put((call, future))
        return future.result()


_thread: _LastingThread | None = None
_thread_lock = threading.Lock()


def _lasting_thread() -> _LastingThread:
    global _thread
    with _thread_lock:
        if _thread is None:
            _thread = _LastingThread()
        return _thread
