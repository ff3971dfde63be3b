"""The engine against real OPA processes: the embedded server's security, its
life cycle, and failing closed on servers that cannot give an answer."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests_unixsocket

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


def _answering(socket_path: str) -> bool:
    """Whether anything accepts connections on the Unix socket at `socket_path`."""
    with socket.socket(socket.AF_UNIX) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(socket_path) == 0


@pytest.fixture
def server():
    embedded = EmbeddedServer()
    embedded.start()
    yield embedded
    embedded.stop()


def _url(server: EmbeddedServer, path: str) -> str:
    return "http+unix://" + quote(server.socket_path, safe="") + path


def test_embedded_opa_refuses_a_request_without_the_runs_token(server):
    url = _url(server, "/v1/data/helixgate/meta")
    with requests_unixsocket.Session() as session:
        assert session.get(url, timeout=5).status_code == 401
        wrong = {"Authorization": "Bearer " + "x" * 43}
        assert session.get(url, headers=wrong, timeout=5).status_code == 401
        right = {"Authorization": f"Bearer {server.token}"}
        answer = session.get(url, headers=right, timeout=5)
    assert answer.status_code == 200
    assert isinstance(answer.json()["result"]["revision"], str)


def test_embedded_opa_lets_health_through_without_a_token(server):
    with requests_unixsocket.Session() as session:
        assert session.get(_url(server, "/health"), timeout=5).status_code == 200


def test_embedded_opa_listens_on_a_private_unix_socket_and_no_tcp_port(server):
    directory = os.path.dirname(server.socket_path)
    status = os.stat(directory)
    assert status.st_uid == os.getuid()
    assert stat.S_IMODE(status.st_mode) == 0o700
    assert stat.S_ISSOCK(os.stat(server.socket_path).st_mode)
    opa = server._process.pid
    sockets = {os.readlink(f"/proc/{opa}/fd/{fd}") for fd in os.listdir(f"/proc/{opa}/fd")}
    inodes = {link[len("socket:[") : -1] for link in sockets if link.startswith("socket:[")}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        rows = Path(table).read_text().splitlines()[1:]
        listening = {row.split()[9] for row in rows if row.split()[3] == "0A"}
        assert not inodes & listening, f"OPA listens on a TCP port ({table})"


def test_the_token_never_appears_on_opas_command_line(server):
    command_line = Path(f"/proc/{server._process.pid}/cmdline").read_bytes()
    assert server.token.encode() not in command_line
    environment = Path(f"/proc/{server._process.pid}/environ").read_bytes()
    assert f"HELIXGATE_OPA_TOKEN={server.token}".encode() in environment


def test_stopping_the_server_leaves_no_process_socket_or_directory():
    embedded = EmbeddedServer()
    path = embedded.start()
    process = embedded._process
    embedded.stop()
    assert process.poll() is not None
    assert not _answering(path)
    assert not os.path.exists(os.path.dirname(path))


def test_engine_context_manager_stops_opa_after_an_exception():
    with pytest.raises(RuntimeError), Engine() as engine:  # noqa: PT012
        process = engine._server._process
        path = engine._server.socket_path
        raise RuntimeError("boom")
    assert process.poll() is not None
    assert not _answering(path)


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
