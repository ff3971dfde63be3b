"""A fleet of real OPA servers run with deploy/opa-config.yaml, as the README's
"Running at scale" describes: they pull the signed bundle from an HTTP server,
verify it, decide through `helixgate check --opa-url`, and send masked decision
logs to an audit sink. The configuration file is used as shipped; only its
${...} variables (and the key, by --set-file) point at this test's loopback
servers."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from helixgate.bundle import default_revision
from helixgate.opa_binary import find_opa
from opa_servers import DEPLOY, SCENARIOS, TOKEN, OpaServer, signing_keys

EXAMPLES = DEPLOY.parent / "examples"
AS_OF = "2026-11-25"


@dataclass
class Loopback:
    """Bundles to serve under /<prefix>/helixgate.tar.gz, and the decision
    logs OPA POSTs to /logs (gzip-compressed JSON arrays), decompressed."""

    bundles: dict[str, bytes] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    encodings: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""


def _handler(loopback: Loopback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            prefix, _, name = self.path.strip("/").partition("/")
            body = loopback.bundles.get(prefix) if name == "helixgate.tar.gz" else None
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path != "/logs":
                self.send_error(404)
                return
            with loopback.lock:
                loopback.encodings.append(self.headers.get("Content-Encoding"))
                loopback.events.extend(json.loads(gzip.decompress(raw)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture(scope="module")
def loopback() -> Iterator[Loopback]:
    state = Loopback()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def signed(tmp_path_factory, helixgate, loopback):
    """The signed bundle, served under /good; its tampered and unsigned twins
    under /tampered and /unsigned. Returns the verification key and algorithm."""
    folder = tmp_path_factory.mktemp("fleet-bundle")
    private, public, alg = signing_keys(folder)
    good, unsigned = folder / "signed.tar.gz", folder / "unsigned.tar.gz"
    build = ["bundle", "-o", str(good), "--signing-key", str(private), "--signing-alg", alg]
    assert helixgate(build).code == 0
    assert helixgate(["bundle", "-o", str(unsigned)]).code == 0
    loopback.bundles["good"] = good.read_bytes()
    loopback.bundles["tampered"] = _tampered(good.read_bytes())
    loopback.bundles["unsigned"] = unsigned.read_bytes()
    return public, alg


def _tampered(bundle: bytes) -> bytes:
    """The signed bundle with one `deny` of main.rego turned into `allow`."""
    out = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(bundle)) as source,
        tarfile.open(fileobj=out, mode="w:gz") as target,
    ):
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("main/main.rego"):
                data = data.replace(b'decision := "deny" if {', b'decision := "allow" if {')
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return out.getvalue()


def _fleet_server(loopback, signed, prefix: str, log: Path, *extra: str) -> OpaServer:
    public, alg = signed
    return OpaServer(
        [
            "--config-file", str(DEPLOY / "opa-config.yaml"),
            "--set-file", f"keys.helixgate.key={public}",
            "--set", f"keys.helixgate.algorithm={alg}",
            *extra,
            "--authentication=token", "--authorization=basic",
            "--ignore", "*_test.rego", str(DEPLOY / "system"),
        ],
        log,
        env={
            "HELIXGATE_BUNDLE_URL": f"{loopback.url}/{prefix}",
            "HELIXGATE_DECISION_LOG_URL": loopback.url,
            "HELIXGATE_OPA_TOKEN": TOKEN,
        },
    )  # fmt: skip


def _manifest_files() -> list[Path]:
    files = sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("*.json"))
    if SCENARIOS.is_dir():
        files += sorted(SCENARIOS.glob("*.yaml"))
    return files


@dataclass(frozen=True)
class FleetRun:
    versions: list[str]
    embedded: dict[str, Any]
    remote: list[dict[str, Any]]
    codes: list[int]
    events: list[dict[str, Any]]
    encodings: list[str | None]


@pytest.fixture(scope="module")
def fleet_run(tmp_path_factory, helixgate, loopback, signed) -> FleetRun:
    """Two servers; half the manifests to each; then a graceful stop, on which
    OPA sends the decision logs it still holds."""
    folder = tmp_path_factory.mktemp("fleet")
    servers = [_fleet_server(loopback, signed, "good", folder / f"opa-{n}.log") for n in range(2)]
    token = {"HELIXGATE_OPA_TOKEN": TOKEN}
    try:
        for server in servers:
            server.wait_healthy(bundles=True)
        files = [str(f) for f in _manifest_files()]
        halves = [files[: len(files) // 2], files[len(files) // 2 :]]
        check = ["check", "--format", "json", "--as-of", AS_OF]
        versions, remote, codes = [], [], []
        for server, half in zip(servers, halves, strict=True):
            version = helixgate(["--version", "--opa-url", server.url], env=token)
            assert version.code == 0, version.err
            versions.append(version.out)
            result = helixgate([*check, "--opa-url", server.url, *half], env=token)
            codes.append(result.code)
            remote.append(result.json())
        embedded = helixgate([*check, *files]).json()
    finally:
        for server in servers:
            server.stop()
    with loopback.lock:
        events, encodings = list(loopback.events), list(loopback.encodings)
    return FleetRun(versions, embedded, remote, codes, events, encodings)


def test_both_servers_report_the_same_revision_the_bundle_carries(fleet_run):
    revision, opa = default_revision(), find_opa().version
    for version in fleet_run.versions:
        lines = version.splitlines()
        assert lines[:2] == ["helixgate 0.1.0", f"policy revision {revision}"]
        assert lines[2].startswith(f"OPA {opa} (http://127.0.0.1:")


def test_decisions_through_the_fleet_match_embedded_mode(fleet_run):
    assert all(code in (0, 1) for code in fleet_run.codes)
    through_fleet = [r for report in fleet_run.remote for r in report["results"]]
    assert through_fleet == fleet_run.embedded["results"]
    assert len(through_fleet) >= 6
    assert {r["decision"] for r in through_fleet} == {"allow", "review", "deny"}
    for report in fleet_run.remote:
        assert report["errors"] == []
        assert report["policy_revision"] == default_revision()
        assert report["engine"]["mode"] == "remote"


def _decision_events(fleet_run) -> list[dict[str, Any]]:
    return [
        e
        for e in fleet_run.events
        if e.get("path") == "helixgate/main/results" and e.get("input", {}).get("manifests")
    ]


def test_the_audit_sink_receives_each_decision_with_id_decision_and_rules(fleet_run):
    assert fleet_run.encodings, "the sink received nothing"
    assert set(fleet_run.encodings) == {"gzip"}
    events = _decision_events(fleet_run)
    assert len(events) == 2, "one batch per server"
    logged = {}
    for event in events:
        assert event["bundles"] == {"helixgate": {"revision": default_revision()}}
        assert event["labels"]["app"] == "helixgate"
        ids = [m["metadata"]["id"] for m in event["input"]["manifests"]]
        assert ids == [r["manifest"] for r in event["result"]]
        assert event["input"]["context"]["as_of"] == AS_OF
        for result in event["result"]:
            logged[result["manifest"]] = (
                result["decision"],
                [f["rule"] for f in result["findings"]],
            )
    expected = {
        r["manifest"]: (r["decision"], [f["rule"] for f in r["findings"]])
        for r in fleet_run.embedded["results"]
    }
    assert logged == expected


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_audit_sink_receives_no_names_subjects_or_messages(fleet_run):
    names, subject_ids = set(), set()
    for path in _manifest_files():
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not isinstance(document, dict) or document.get("kind") != "TransferManifest":
                continue
            names.update(p["name"] for p in document.get("parties", []))
            names.update(
                o["name"] for p in document.get("parties", []) for o in p.get("owners", [])
            )
            names.update(
                str(document["metadata"][k])
                for k in ("title", "owner")
                if k in document["metadata"]
            )
            subject_ids.update(s["id"] for s in document.get("subjects", []))
    assert names
    assert subject_ids
    events = _decision_events(fleet_run)
    text = json.dumps(events)
    assert [name for name in names if name in text] == []
    assert subject_ids.isdisjoint(_strings(events))
    for event in events:
        assert sorted(event["masked"]) == ["/input", "/result"]
        for result in event["result"]:
            for finding in result["findings"]:
                assert set(finding) <= {"rule", "level", "transfer", "pointer"}


@pytest.mark.parametrize(
    ("prefix", "why"),
    [("tampered", "digest mismatch"), ("unsigned", ".signatures.json")],
    ids=["tampered", "unsigned"],
)
def test_a_bundle_that_fails_verification_is_refused_and_nothing_is_allowed(
    tmp_path, helixgate, loopback, signed, prefix, why
):
    server = _fleet_server(loopback, signed, prefix, tmp_path / "opa.log")
    try:
        server.wait_for_log(why)
        result = helixgate(
            [
                "check",
                "--format",
                "json",
                "--opa-url",
                server.url,
                str(EXAMPLES / "cart-china.yaml"),
            ],
            env={"HELIXGATE_OPA_TOKEN": TOKEN},
        )
    finally:
        server.stop()
    assert result.code == 2
    report = result.json()
    assert report["results"] == []
    assert [e["kind"] for e in report["errors"]] == ["engine"]
    assert "no helixgate policy pack" in report["errors"][0]["message"]


def test_a_server_keeps_its_bundle_when_a_tampered_one_replaces_it(
    tmp_path, helixgate, loopback, signed
):
    loopback.bundles["rotating"] = loopback.bundles["good"]
    server = _fleet_server(
        loopback,
        signed,
        "rotating",
        tmp_path / "opa.log",
        "--set", "bundles.helixgate.polling.min_delay_seconds=1",
        "--set", "bundles.helixgate.polling.max_delay_seconds=1",
    )  # fmt: skip
    token = {"HELIXGATE_OPA_TOKEN": TOKEN}
    manifest = str(EXAMPLES / "cart-china.yaml")
    try:
        server.wait_healthy(bundles=True)
        loopback.bundles["rotating"] = loopback.bundles["tampered"]
        server.wait_for_log("digest mismatch")
        result = helixgate(
            ["check", "--format", "json", "--opa-url", server.url, manifest], env=token
        )
    finally:
        server.stop()
    assert result.code == 1
    [decided] = result.json()["results"]
    assert decided["decision"] == "deny"
    assert result.json()["policy_revision"] == default_revision()
