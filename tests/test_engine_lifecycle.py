"""The embedded OPA never outlives helixgate: after a normal end, Ctrl-C,
SIGTERM, SIGHUP, SIGKILL, a parent `timeout`, or an Evaluator that is never
closed, no OPA process, listening socket or socket folder is left behind.

Each test waits for a condition (OPA's socket answering), never for a lucky
moment; a signal sent at any point after that must end the run this way.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helixgate.opa_binary import find_opa

ROOT = Path(__file__).resolve().parents[1]
HELIXGATE = str(Path(sys.executable).parent / "helixgate")
MANIFEST = ROOT / "examples" / "cart-china.yaml"
WAIT = 30.0


def _recording_opa(folder: Path) -> tuple[Path, Path]:
    """An HELIXGATE_OPA that notes each start (pid and arguments) and then
    becomes the real OPA (exec), so the test knows which process to look for."""
    log = folder / "starts.log"
    wrapper = folder / "opa"
    wrapper.write_text(f'#!/bin/sh\necho "$$ $*" >> "{log}"\nexec "{find_opa().path}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def _servers_started(log: Path) -> list[tuple[int, str]]:
    """(pid, socket path) of each `opa run --server` the wrapper saw."""
    started = []
    for line in log.read_text().splitlines() if log.exists() else []:
        pid, *args = line.split()
        if args[:2] == ["run", "--server"]:
            address = args[args.index("--addr") + 1]
            assert address.startswith("unix://"), address
            started.append((int(pid), address[len("unix://") :]))
    return started


def _answering(path: str) -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(path) == 0


def _gone(pid: int) -> bool:
    """No such process, or (the pid reused) not an OPA any more."""
    try:
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return b"opa" not in command_line or "\nState:\tZ" in status


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def _opa_up(log: Path, run: subprocess.Popen[bytes] | None = None) -> tuple[int, str]:
    def up() -> bool:
        assert run is None or run.poll() is None, "the run ended before OPA was up"
        started = _servers_started(log)
        return bool(started) and _answering(started[0][1])

    _wait_until(up, "OPA never started")
    [(pid, path)] = _servers_started(log)
    return pid, path


def _nothing_left(pid: int, path: str) -> None:
    """OPA's process and its socket are gone (a dying multi-threaded process
    shows as a zombie while its last threads still hold the socket: both are
    waited for)."""
    _wait_until(
        lambda: _gone(pid) and not _answering(path), f"OPA (pid {pid}) outlived the run"
    )


def _environment(wrapper: Path) -> dict[str, str]:
    return {**os.environ, "HELIXGATE_OPA": str(wrapper)}


def test_a_cli_run_leaves_no_opa_process_socket_or_folder(tmp_path):
    wrapper, log = _recording_opa(tmp_path)
    done = subprocess.run(
        [HELIXGATE, "check", "--format", "json", str(ROOT / "examples")],
        capture_output=True,
        env=_environment(wrapper),
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    [(pid, path)] = _servers_started(log)
    assert _gone(pid)
    assert not _answering(path)
    assert not os.path.exists(os.path.dirname(path))


def _run_waiting_on_stdin(wrapper: Path, *prefix: str) -> subprocess.Popen[bytes]:
    """A check of one manifest file and of standard input, which stays open:
    the run is under way (OPA up, the file read) until the test ends it."""
    return subprocess.Popen(
        [*prefix, HELIXGATE, "check", "--format", "json", str(MANIFEST), "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(wrapper),
    )


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 143)],
)
def test_a_signal_ends_the_run_with_an_incomplete_report_and_stops_opa(tmp_path, signum, status):
    wrapper, log = _recording_opa(tmp_path)
    run = _run_waiting_on_stdin(wrapper)
    try:
        pid, path = _opa_up(log, run)
        run.send_signal(signum)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == status, err.decode()
    assert b"interrupted" in err
    report = json.loads(out)
    assert report["complete"] is False
    assert report["results"] == []
    assert [e["kind"] for e in report["errors"]] == ["engine"]
    assert report["errors"][0]["source"] == str(MANIFEST)
    _nothing_left(pid, path)
    assert not os.path.exists(os.path.dirname(path))


def test_sigkill_of_the_wrapper_takes_opa_with_it(tmp_path):
    wrapper, log = _recording_opa(tmp_path)
    run = _run_waiting_on_stdin(wrapper)
    try:
        pid, path = _opa_up(log, run)
        run.kill()
        run.wait(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
    _nothing_left(pid, path)


@pytest.mark.parametrize("kill", [[], ["-s", "KILL"]], ids=["term", "kill"])
def test_a_parent_timeout_leaves_no_opa(tmp_path, kill):
    wrapper, log = _recording_opa(tmp_path)
    report = tmp_path / "report.json"
    held, writer = os.pipe()  # standard input stays open until `timeout` ends the run
    try:
        with report.open("wb") as out:
            run = subprocess.Popen(
                ["timeout", *kill, "3", HELIXGATE, "check", "--format", "json", str(MANIFEST), "-"],
                stdin=held,
                stdout=out,
                stderr=subprocess.DEVNULL,
                env=_environment(wrapper),
            )
            try:
                run.wait(timeout=60)
            finally:
                if run.poll() is None:
                    run.kill()
                    run.wait()
    finally:
        os.close(held)
        os.close(writer)
    # with -s KILL, timeout signals its own process group too, itself included
    assert run.returncode in ((137, -signal.SIGKILL) if kill else (124,))
    [(pid, path)] = _servers_started(log)
    _nothing_left(pid, path)
    if not kill:
        assert json.loads(report.read_text())["complete"] is False


_UNCLOSED = """
import os, sys, threading
import helixgate
{body}
print(os.getpid(), flush=True)
"""


def _python(tmp_path: Path, body: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    wrapper, log = _recording_opa(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _UNCLOSED.format(body=body), str(MANIFEST)],
        capture_output=True,
        text=True,
        env=_environment(wrapper),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done, log


def test_an_evaluator_opened_and_never_closed_leaves_no_opa_at_exit(tmp_path):
    body = "evaluator = helixgate.Evaluator(); evaluator.open()\n"
    body += "assert evaluator.evaluate(sys.argv[1]).decision == 'deny'"
    _, log = _python(tmp_path, body)
    [(pid, path)] = _servers_started(log)
    _nothing_left(pid, path)


def test_an_evaluator_dropped_without_close_stops_its_opa(tmp_path):
    body = (
        "import gc, socket, time\n"
        "evaluator = helixgate.Evaluator(); evaluator.open()\n"
        "path = evaluator._decider._engine._server.socket_path\n"
        "del evaluator; gc.collect()\n"
        "probe = socket.socket(socket.AF_UNIX)\n"
        "assert probe.connect_ex(path) != 0, 'OPA still answers after the Evaluator was dropped'\n"
    )
    _, log = _python(tmp_path, body)
    [(pid, path)] = _servers_started(log)
    _nothing_left(pid, path)


def test_an_evaluator_opened_in_a_thread_that_ends_keeps_its_opa(tmp_path):
    """The kernel's parent-death signal follows the thread that forked OPA:
    OPA must not die with a short-lived thread that opened the Evaluator."""
    body = (
        "import time\n"
        "evaluator = helixgate.Evaluator()\n"
        "opener = threading.Thread(target=evaluator.open); opener.start(); opener.join()\n"
        "time.sleep(0.5)\n"
        "assert evaluator.evaluate(sys.argv[1]).decision == 'deny'\n"
        "evaluator.close()\n"
    )
    _, log = _python(tmp_path, body)
    [(pid, path)] = _servers_started(log)
    _nothing_left(pid, path)
