"""Remote mode (`--opa-url`, `Evaluator(opa_url=...)`) against real OPA
servers loaded with the helixgate bundle and the fleet's own authorization
policy (deploy/system): the same decisions as embedded mode, the checks made
before deciding, time-outs and retries."""

from __future__ import annotations

import json
import signal
import time

import pytest

import helixgate
from helixgate.bundle import default_revision
from helixgate.engine import Engine
from helixgate.errors import EngineError
from helixgate.opa_binary import find_opa
from opa_servers import DEPLOY, SCENARIOS, TOKEN, OpaServer, listening

AS_OF = "2026-11-25"
EXAMPLES = DEPLOY.parent / "examples"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory, helixgate):
    out = tmp_path_factory.mktemp("bundle") / "helixgate.tar.gz"
    result = helixgate(["bundle", "-o", str(out)])
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="module")
def remote(bundle, tmp_path_factory):
    """An OPA server as a platform team runs it: the bundle, token
    authentication, deploy/system's authorization policy."""
    log = tmp_path_factory.mktemp("remote") / "opa.log"
    server = OpaServer(
        ["--authentication=token", "--authorization=basic", "--ignore", "*_test.rego",
         str(bundle), str(DEPLOY / "system")],
        log,
        env={"HELIXGATE_OPA_TOKEN": TOKEN},
    ).wait_healthy()  # fmt: skip
    yield server
    server.stop()


@pytest.fixture
def with_token(monkeypatch):
    monkeypatch.setenv("HELIXGATE_OPA_TOKEN", TOKEN)


def test_every_public_scenario_and_example_gets_the_same_decision_remotely(remote, helixgate):
    if not SCENARIOS.is_dir():
        pytest.skip(f"no public scenarios at {SCENARIOS}")
    args = ["check", "--format", "json", "--as-of", AS_OF, str(EXAMPLES), str(SCENARIOS)]
    embedded = helixgate(args)
    remotely = helixgate([*args, "--opa-url", remote.url], env={"HELIXGATE_OPA_TOKEN": TOKEN})
    assert embedded.code in (0, 1), embedded.err
    assert remotely.code == embedded.code, remotely.err
    local, far = embedded.json(), remotely.json()
    assert len(local["results"]) >= 18
    assert far["results"] == local["results"]
    assert far["errors"] == local["errors"]
    assert far["skipped"] == local["skipped"]
    assert far["engine"] == {"name": "opa", "version": find_opa().version, "mode": "remote"}
    assert far["policy_revision"] == default_revision()


def test_version_reports_the_servers_revision_and_opa_version(remote, helixgate):
    result = helixgate(["--version", "--opa-url", remote.url], env={"HELIXGATE_OPA_TOKEN": TOKEN})
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "helixgate 0.1.0",
        f"policy revision {default_revision()}",
        f"OPA {find_opa().version} ({remote.url})",
    ]


def test_version_of_the_embedded_opa(helixgate):
    result = helixgate(["--version"])
    assert result.code == 0, result.err
    meta = json.loads((DEPLOY.parent / "policies/helixgate/meta/data.json").read_text())
    assert result.out.splitlines() == [
        "helixgate 0.1.0",
        f"policy revision {meta['revision']}",
        f"OPA {find_opa().version} (embedded: {find_opa().path}, from {find_opa().origin})",
    ]


def test_without_the_token_the_fleet_server_refuses_and_that_is_an_engine_error(remote, helixgate):
    result = helixgate(
        ["check", "--format", "json", "--opa-url", remote.url, str(EXAMPLES / "cart-germany.yaml")],
        env={"HELIXGATE_OPA_TOKEN": None},
    )
    assert result.code == 2
    report = result.json()
    assert report["results"] == []
    assert [e["kind"] for e in report["errors"]] == ["engine"]
    assert "HTTP 401" in report["errors"][0]["message"]
    assert "set HELIXGATE_OPA_TOKEN" in report["errors"][0]["message"]


def test_the_python_api_decides_remotely_as_it_does_embedded(remote, with_token):
    path = EXAMPLES / "cart-china.yaml"
    far = helixgate.check(path, opa_url=remote.url, as_of=AS_OF)
    near = helixgate.check(path, as_of=AS_OF)
    assert (far.decision, far.findings) == (near.decision, near.findings)
    assert far.policy_revision == default_revision()


def test_a_server_with_the_packs_data_but_not_its_rules_is_an_engine_error(tmp_path, with_token):
    meta = tmp_path / "pack" / "helixgate" / "meta"
    meta.mkdir(parents=True)
    (meta / "data.json").write_text('{"revision": "2026.11.0"}')
    server = OpaServer([str(tmp_path / "pack")], tmp_path / "opa.log").wait_healthy()
    try:
        with pytest.raises(EngineError, match="no helixgate entry point"), Engine(server.url):
            pass
    finally:
        server.stop()


def test_opa_version_is_unknown_when_the_server_does_not_show_its_configuration(
    tmp_path, bundle, with_token
):
    (tmp_path / "authz.rego").write_text(
        "package system.authz\n\ndefault allow := true\n\nallow := false if input.path == "
        '["v1", "config"]\n'
    )
    server = OpaServer(
        ["--authorization=basic", str(bundle), str(tmp_path / "authz.rego")], tmp_path / "opa.log"
    ).wait_healthy()
    try:
        with Engine(server.url) as engine:
            assert engine.info.version == "unknown"
            assert engine.info.policy_revision == default_revision()
    finally:
        server.stop()


def test_a_server_that_stops_answering_is_an_engine_error_after_the_timeout(remote, with_token):
    manifest = EXAMPLES / "cart-germany.yaml"
    with helixgate.Evaluator(opa_url=remote.url, timeout=0.5) as evaluator:
        remote.process.send_signal(signal.SIGSTOP)
        try:
            started = time.monotonic()
            with pytest.raises(EngineError, match=r"did not answer within 0\.5 s"):
                evaluator.evaluate(manifest)
            elapsed = time.monotonic() - started
        finally:
            remote.process.send_signal(signal.SIGCONT)
    assert elapsed < 2.0, "a question that timed out must not be sent again and again"
    with helixgate.Evaluator(opa_url=remote.url) as evaluator:
        assert evaluator.evaluate(manifest).decision == "allow"


def test_connection_failures_are_retried_with_back_off_until_the_server_is_up(bundle, tmp_path):
    """OPA is started at the same moment as the question: the first
    connections are refused, urllib3's retries reach it once it listens."""
    server = OpaServer([str(bundle)], tmp_path / "opa.log")
    try:
        assert not listening(server.port), "OPA was up before the first connection"
        with Engine(server.url) as engine:
            assert engine.info.policy_revision == default_revision()
    finally:
        server.stop()


def test_a_url_with_a_path_is_refused_before_any_request():
    with pytest.raises(EngineError, match="without a path"):
        Engine("http://127.0.0.1:8181/v1/data").start()


def test_no_opa_process_is_started_in_remote_mode(remote, helixgate, tmp_path):
    """--opa-url never starts an embedded OPA: HELIXGATE_OPA pointing at no
    binary does not matter."""
    result = helixgate(
        ["check", "--opa-url", remote.url, str(EXAMPLES / "cart-germany.yaml")],
        env={"HELIXGATE_OPA_TOKEN": TOKEN, "HELIXGATE_OPA": str(tmp_path / "none")},
    )
    assert result.code == 0, result.err
