"""Faults of the engine, each with a real OPA (or, for a proxy's HTML page, a
real HTTP server that is not OPA): every one is an engine error, exit 2, and
no manifest the engine did not decide is ever reported as allowed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helixgate import engine as engine_module
from opa_servers import OpaServer

HELIXGATE = str(Path(sys.executable).parent / "helixgate")
ROOT = Path(__file__).resolve().parents[1]

META = 'package helixgate.meta\n\nrevision := "fault-test"\n'
EMPTY_BATCH = "results := [] if count(input.manifests) == 0\n"
# Counting entries that work (no manifest contributes any), so that the
# fault under test is in the decisions.
ENTRIES = "entries := [[] | some _ in input.manifests]\n"
FAULTY_RESULTS = {
    # two values for one rule: OPA answers 500 (eval_conflict_error)
    "conflict": EMPTY_BATCH
    + 'results := ["a"] if count(input.manifests) > 0\n'
    + 'results := ["b"] if count(input.manifests) > 0\n',
    # defined for the start-up check only: undefined for any real batch
    "undefined": EMPTY_BATCH,
    # one answer, but not a result: no findings, no revision
    "wrong_shape": EMPTY_BATCH
    + "results := [r |\n\tsome m in input.manifests\n"
    + '\tr := {"manifest": m.metadata.id, "decision": "allow"}\n] if count(input.manifests) > 0\n',
    # allow beside a deny finding: a policy bug must not read as allow
    "inconsistent": EMPTY_BATCH
    + "results := [r |\n\tsome m in input.manifests\n"
    + '\tr := {"manifest": m.metadata.id, "decision": "allow", "obligations": [],'
    + ' "policy_revision": "x", "findings": [{"rule": "FDA-CELLS-001", "level": "deny",'
    + ' "title": "t", "message": "m", "pointer": "", "reasons": [],'
    + ' "citation": {"source": "s", "text": "t"}, "remediation": "r"}]}\n'
    + "] if count(input.manifests) > 0\n",
    # fewer answers than manifests asked about
    "short": EMPTY_BATCH + "results := [] if count(input.manifests) > 0\n",
}
# Faults of the counting entries (policy-pack-v2, 1): the decisions would be fine.
FAULTY_ENTRIES = {
    "entries_undefined": "",
    "entries_not_lists": 'entries := ["x" | some _ in input.manifests]\n',
    "entries_of_another": 'entries := [[{"manifest": "other", "keys": [], "owners": []}] | some _ in input.manifests]\n',
}


def _faulty_opa(tmp_path: Path, fault: str) -> OpaServer:
    folder = tmp_path / fault
    folder.mkdir()
    (folder / "meta.rego").write_text(META)
    if fault in FAULTY_ENTRIES:
        rules = FAULTY_RESULTS["undefined"] + FAULTY_ENTRIES[fault]
        rules += "results := [{} | some _ in input.manifests] if count(input.manifests) > 0\n"
    else:
        rules = FAULTY_RESULTS[fault] + ENTRIES
    (folder / "main.rego").write_text("package helixgate.main\n\n" + rules)
    return OpaServer([str(folder)], tmp_path / f"{fault}.log").wait_healthy()


def _check(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict, str]:
    done = subprocess.run(
        [HELIXGATE, "check", "--format", "json", "--timeout", "5", *args],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    return done.returncode, json.loads(done.stdout), done.stderr


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("conflict", "HTTP 500"),
        ("undefined", "undefined"),
        ("wrong_shape", "no findings list"),
        ("inconsistent", "but its findings give 'deny'"),
        ("short", "for a batch of"),
        ("entries_undefined", "main.entries gave no result"),
        ("entries_not_lists", "are not a list of objects"),
        ("entries_of_another", "are not its own"),
    ],
)
def test_a_remote_opa_with_a_broken_answer_is_an_engine_error_never_an_allow(
    tmp_path, fault, words
):
    server = _faulty_opa(tmp_path, fault)
    try:
        code, report, stderr = _check("--opa-url", server.url, str(ROOT / "examples"))
    finally:
        server.stop()
    assert code == 2, stderr
    assert report["results"] == []
    assert report["complete"] is False
    engine_errors = [e for e in report["errors"] if e["kind"] == "engine"]
    assert len(engine_errors) == 7  # one per example manifest
    assert all(words in e["message"] for e in engine_errors), engine_errors[0]["message"]
    assert "Traceback" not in stderr


class _Proxy(BaseHTTPRequestHandler):
    """What a load balancer in front of a dead OPA answers: an HTML page."""

    status = 502

    def _page(self) -> None:
        body = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _page

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("status", [200, 502])
def test_a_server_answering_html_is_an_engine_error(status):
    handler = type("Proxy", (_Proxy,), {"status": status})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        code, report, _ = _check("--opa-url", url, str(ROOT / "examples" / "cart-germany.yaml"))
    finally:
        server.shutdown()
    assert code == 2
    assert report["results"] == []
    [error] = report["errors"]
    assert error["kind"] == "engine"
    assert ("is not JSON" if status == 200 else "HTTP 502") in error["message"]


def test_opa_killed_in_the_middle_of_a_run_keeps_what_was_decided(tmp_path, manifest, to_yaml):
    """The decided manifests keep their decisions; every other one is an engine
    error, never an allow; the report says it is incomplete."""
    studies = tmp_path / "studies"
    studies.mkdir()
    template = to_yaml(manifest("HG-ID", "allow"))
    total = 8000
    for file in range(80):
        documents = [template.replace("HG-ID", f"HG-{file:02d}-{n:03d}") for n in range(100)]
        (studies / f"part-{file:02d}.yaml").write_text("---\n".join(documents))
    log = tmp_path / "starts.log"
    wrapper = tmp_path / "opa"
    real = engine_module.find_opa().path
    requests = tmp_path / "requests.log"
    wrapper.write_text(
        f'#!/bin/sh\necho "$$ $*" >> "{log}"\n'
        f'[ "$1" = run ] && exec "{real}" "$@" --log-level info 2>> "{requests}"\n'
        f'exec "{real}" "$@"\n'
    )
    wrapper.chmod(0o755)
    run = subprocess.Popen(
        [HELIXGATE, "check", "--format", "json", str(studies)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "HELIXGATE_OPA": str(wrapper)},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        pid = None
        while pid is None:
            assert time.monotonic() < deadline, "OPA never started"
            for line in log.read_text().splitlines() if log.exists() else []:
                if " run --server " in f" {line} ":
                    pid = int(line.split()[0])
            time.sleep(0.01)
        # the counting entries gathered, and a few batches decided
        while _served(requests, "helixgate/main/results") < 4:
            assert time.monotonic() < deadline + 60, "no batch was decided"
            time.sleep(0.01)
        assert run.poll() is None, "the run was too short to interrupt"
        os.kill(pid, signal.SIGKILL)
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert run.returncode == 2, err
    report = json.loads(out)
    assert report["complete"] is False
    decided = {r["manifest"] for r in report["results"]}
    assert 0 < len(decided) < total, (report["errors"][:1], err[-500:])
    assert all(r["decision"] == "allow" for r in report["results"])
    engine_errors = [e for e in report["errors"] if e["kind"] == "engine"]
    assert len(decided) + len(engine_errors) == total
    assert report["summary"]["allow"] == len(decided)
    assert "Traceback" not in err


def _served(log: Path, path: str) -> int:
    """How many responses OPA's own log shows for requests to `path`."""
    if not log.exists():
        return 0
    return sum(
        1 for line in log.read_text(errors="replace").splitlines()
        if path in line and "Sent response" in line
    )  # fmt: skip


def test_ctrl_c_writes_an_incomplete_report_to_the_output_file(tmp_path, manifest, to_yaml):
    studies = tmp_path / "studies"
    studies.mkdir()
    template = to_yaml(manifest("HG-ID", "review"))
    for file in range(30):
        documents = [template.replace("HG-ID", f"HG-{file:02d}-{n:03d}") for n in range(100)]
        (studies / f"part-{file:02d}.yaml").write_text("---\n".join(documents))
    output = tmp_path / "report.json"
    run = subprocess.Popen(
        [HELIXGATE, "check", "--format", "json", "--output", str(output), str(studies)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1.5)
    assert run.poll() is None, "the run was too short to interrupt"
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    report = json.loads(output.read_text())
    assert report["complete"] is False
    assert len(report["results"]) < 3000
