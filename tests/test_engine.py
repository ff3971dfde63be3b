"""The engine against real OPA processes: the embedded server's security, its
life cycle, and failing closed on servers that cannot give an answer."""

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
import requests

from helixgate.engine import EmbeddedServer, Engine
from helixgate.errors import EngineError
from helixgate.loader import load
from helixgate.opa_binary import find_opa

ROOT = Path(__file__).resolve().parents[1]
HELIXGATE = str(Path(sys.executable).parent / "helixgate")
MANIFEST = ROOT / "examples" / "cart-germany.yaml"


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def server():
    embedded = EmbeddedServer()
    embedded.start()
    yield embedded
    embedded.stop()


def test_embedded_opa_refuses_a_request_without_the_runs_token(server):
    url = f"http://127.0.0.1:{server.port}/v1/data/helixgate/meta"
    assert requests.get(url, timeout=5).status_code == 401
    wrong = {"Authorization": "Bearer " + "x" * 43}
    assert requests.get(url, headers=wrong, timeout=5).status_code == 401
    right = {"Authorization": f"Bearer {server.token}"}
    answer = requests.get(url, headers=right, timeout=5)
    assert answer.status_code == 200
    assert isinstance(answer.json()["result"]["revision"], str)


def test_embedded_opa_lets_health_through_without_a_token(server):
    assert requests.get(f"http://127.0.0.1:{server.port}/health", timeout=5).status_code == 200


def test_embedded_opa_listens_on_loopback_only(server):
    listening = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{server.port}"], capture_output=True, text=True, check=False
    )
    if listening.returncode != 0:
        pytest.skip("ss is not available")
    local = {line.split()[3] for line in listening.stdout.splitlines() if line.strip()}
    assert local == {f"127.0.0.1:{server.port}"}


def test_the_token_never_appears_on_opas_command_line(server):
    command_line = Path(f"/proc/{server._process.pid}/cmdline").read_bytes()
    assert server.token.encode() not in command_line
    environment = Path(f"/proc/{server._process.pid}/environ").read_bytes()
    assert f"HELIXGATE_OPA_TOKEN={server.token}".encode() in environment


def test_stopping_the_server_leaves_no_process_or_socket():
    embedded = EmbeddedServer()
    port = embedded.start()
    process = embedded._process
    embedded.stop()
    assert process.poll() is not None
    assert not _listening(port)


def test_engine_context_manager_stops_opa_after_an_exception():
    with pytest.raises(RuntimeError), Engine() as engine:  # noqa: PT012
        process = engine._server._process
        port = engine._server.port
        raise RuntimeError("boom")
    assert process.poll() is not None
    assert not _listening(port)


def test_engine_reports_opa_version_and_policy_revision():
    with Engine() as engine:
        assert engine.info.mode == "embedded"
        assert engine.info.version == find_opa().version
        revision = json.loads((ROOT / "policies/helixgate/meta/data.json").read_text())["revision"]
        assert engine.info.policy_revision == revision


def test_a_batch_answer_keeps_input_order():
    data = next(load("m", MANIFEST.read_text(), False)).data
    batch = []
    for n in range(5):
        copy = json.loads(json.dumps(data))
        copy["metadata"]["id"] = f"M-{n}"
        batch.append(copy)
    with Engine() as engine:
        answers = engine.decide(batch, {"as_of": "2026-11-25", "profile": {}, "waivers": []})
    assert [a["manifest"] for a in answers] == [f"M-{n}" for n in range(5)]


@pytest.fixture
def bare_opa():
    """A real OPA server without the helixgate policies (and without authorization)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [find_opa().path, "run", "--server", "--addr", f"127.0.0.1:{port}", "--log-level=error"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while not _listening(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def test_remote_opa_without_the_helixgate_pack_is_an_engine_error_never_an_allow(bare_opa):
    done = subprocess.run(
        [HELIXGATE, "check", "--format", "json", "--opa-url", bare_opa, str(MANIFEST)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert report["results"] == []
    assert report["complete"] is False
    assert [e["kind"] for e in report["errors"]] == ["engine"]
    assert "no helixgate policy pack" in report["errors"][0]["message"]


def test_an_unreachable_opa_url_is_an_engine_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        pytest.raises(EngineError, match=r"cannot reach OPA .*gave up after retries"),
        Engine(f"http://127.0.0.1:{port}"),
    ):
        pass


def test_a_missing_opa_binary_is_an_engine_error_with_a_hint(tmp_path):
    environment = {**os.environ, "HELIXGATE_OPA": str(tmp_path / "no-such-opa")}
    done = subprocess.run(
        [HELIXGATE, "check", "--format", "json", str(MANIFEST)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    error = json.loads(done.stdout)["errors"][0]
    assert error["kind"] == "engine"
    assert "HELIXGATE_OPA" in error["message"]
    assert "make opa" in error["message"]


# --------------------------------------------------------------------------
# Nothing outlives a command-line run: after it ends, and after Ctrl-C


def _recording_opa(folder: Path) -> tuple[Path, Path]:
    """An HELIXGATE_OPA that notes each start (pid and arguments) and then
    becomes the real OPA (exec), so the test knows which process to look for."""
    log = folder / "starts.log"
    wrapper = folder / "opa"
    wrapper.write_text(f'#!/bin/sh\necho "$$ $*" >> "{log}"\nexec "{find_opa().path}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def _servers_started(log: Path) -> list[tuple[int, int]]:
    """(pid, port) of each `opa run --server` the wrapper saw."""
    started = []
    for line in log.read_text().splitlines() if log.exists() else []:
        pid, *args = line.split()
        if args[:2] == ["run", "--server"]:
            port = int(args[args.index("--addr") + 1].rsplit(":", 1)[1])
            started.append((int(pid), port))
    return started


def _gone(pid: int) -> bool:
    """No such process, or (the pid reused) not an OPA any more."""
    try:
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes()
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return b"opa" not in command_line or "\nState:\tZ" in status


def test_a_cli_run_leaves_no_opa_process_or_listening_socket(tmp_path):
    wrapper, log = _recording_opa(tmp_path)
    done = subprocess.run(
        [HELIXGATE, "check", "--format", "json", str(ROOT / "examples")],
        capture_output=True,
        env={**os.environ, "HELIXGATE_OPA": str(wrapper)},
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    [(pid, port)] = _servers_started(log)
    assert _gone(pid)
    assert not _listening(port)


def test_ctrl_c_during_a_long_run_exits_130_and_stops_opa(tmp_path, manifest, to_yaml):
    wrapper, log = _recording_opa(tmp_path)
    studies = tmp_path / "studies"
    studies.mkdir()
    template = to_yaml(manifest("HG-ID", "deny"))
    for file in range(30):
        documents = [template.replace("HG-ID", f"HG-{file:02d}-{n:03d}") for n in range(100)]
        (studies / f"batch-{file:02d}.yaml").write_text("---\n".join(documents), encoding="utf-8")
    run = subprocess.Popen(
        [HELIXGATE, "check", "--format", "json", str(studies)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "HELIXGATE_OPA": str(wrapper)},
    )
    try:
        deadline = time.monotonic() + 30
        while not (_servers_started(log) and _listening(_servers_started(log)[0][1])):
            assert run.poll() is None, "the run ended before OPA was up"
            assert time.monotonic() < deadline, "OPA never started"
            time.sleep(0.01)
        time.sleep(0.3)  # into the reading and deciding
        assert run.poll() is None, "the run was too short to interrupt"
        run.send_signal(signal.SIGINT)
        out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 130, err.decode()
    assert b"interrupted" in err
    report = json.loads(out)
    assert report["complete"] is False
    assert len(report["results"]) < 3000
    [(pid, port)] = _servers_started(log)
    assert _gone(pid)
    assert not _listening(port)
