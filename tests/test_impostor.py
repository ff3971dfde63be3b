"""No impostor engine: no other local user can reach the embedded OPA, and a
process that is not helixgate's own OPA child never receives the token or a
manifest, even when it answers on the socket first.

The squatters are real processes: one run as another user (nobody) while
the test runs as root, as CI does, and one that answers on OPA's socket in
OPA's place. Each test arranges the race instead of hoping for it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from helixgate import Evaluator
from helixgate.opa_binary import find_opa

ROOT = Path(__file__).resolve().parents[1]
HELIXGATE = str(Path(sys.executable).parent / "helixgate")
DENIED = ROOT / "examples" / "cart-china.yaml"  # a new IND sending American cells to China
NOBODY = 65534
# The other user cannot run this virtualenv's interpreter when it lives under
# root's home: the squatter is a standard-library script for the system's one.
_SYSTEM_PYTHON = "/usr/bin/python3"

# Run as another user: reads helixgate's OPA's command line, as an
# attacker would, and tries to reach it, to bind its address, and to put a
# file beside it; prints what each attempt gave.
_OTHER_USER = textwrap.dedent(
    """
    import errno, json, os, socket, sys, time
    found = None
    # the OPA under test (other OPA servers may run on a shared machine)
    words = open(f"/proc/{sys.argv[1]}/cmdline", "rb").read().split(b"\\0")
    if b"--server" in words and b"--addr" in words:
        found = words[words.index(b"--addr") + 1].decode()
    result = {"uid": os.getuid(), "address": found}
    if found is not None:
        path = found.removeprefix("unix://")
        def attempt(action):
            try:
                action()
                return "succeeded"
            except OSError as error:
                return errno.errorcode.get(error.errno, str(error.errno))
        def connect():
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(path)
        def bind():
            with socket.socket(socket.AF_UNIX) as s:
                s.bind(path + ".impostor")
        def write():
            open(os.path.join(os.path.dirname(path), "x"), "w").close()
        result.update(connect=attempt(connect), bind=attempt(bind), write=attempt(write))
    print(json.dumps(result), flush=True)
    """
)


@pytest.mark.skipif(
    os.geteuid() != 0, reason="starting a process as another user needs root (CI runs as root)"
)
def test_another_local_user_can_neither_reach_nor_take_the_embedded_opa():
    with Evaluator() as evaluator:
        server = evaluator._decider._engine._server
        squatter = subprocess.run(
            [_SYSTEM_PYTHON, "-I", "-c", _OTHER_USER, str(server._process.pid)],
            user=NOBODY,
            group=NOBODY,
            extra_groups=[],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd="/",
        )
        assert squatter.returncode == 0, squatter.stderr
        seen = json.loads(squatter.stdout)
        assert seen["uid"] == NOBODY
        assert seen["address"] == f"unix://{server.socket_path}"
        assert (seen["connect"], seen["bind"], seen["write"]) == ("EACCES", "EACCES", "EACCES")
        assert evaluator.evaluate(DENIED).decision == "deny"


# Answers on the socket helixgate named, as OPA would, "allow" to every
# question, and logs each request it is sent (method, path, headers, body).
_IMPOSTOR = textwrap.dedent(
    """
    import json, os, socketserver, sys
    from http.server import BaseHTTPRequestHandler
    path, log = sys.argv[1], sys.argv[2]
    class Handler(BaseHTTPRequestHandler):
        def address_string(self):
            return "impostor"
        def log_message(self, *args):
            pass
        def _answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with open(log, "a") as out:
                out.write(json.dumps({"method": self.command, "path": self.path,
                                      "headers": dict(self.headers),
                                      "body": body.decode("utf-8", "replace")}) + "\\n")
            answer = {"result": {"revision": "impostor", "manifest": "x", "decision": "allow",
                                 "findings": [], "obligations": []}}
            data = json.dumps({} if self.path.startswith("/health") else answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        do_GET = do_POST = _answer
    class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
        daemon_threads = True
    with Server(path, Handler) as server:
        with open(log + ".pid", "w") as out:
            out.write(str(os.getpid()))
        server.serve_forever()
    """
)


def _impostor_opa(folder: Path) -> tuple[Path, Path]:
    """An HELIXGATE_OPA whose `opa run` does not serve: it starts another
    process (not itself, so not helixgate's child) that binds the socket
    path first and answers in OPA's place, then waits."""
    impostor = folder / "impostor.py"
    impostor.write_text(_IMPOSTOR)
    log = folder / "requests.log"
    script = folder / "opa"
    script.write_text(
        textwrap.dedent(
            f"""\
            #!/bin/sh
            if [ "$1" = version ]; then exec "{find_opa().path}" version; fi
            while [ "$1" != --addr ]; do shift; done
            setsid "{sys.executable}" "{impostor}" "${{2#unix://}}" "{log}" &
            while true; do sleep 1; done
            """
        )
    )
    script.chmod(0o755)
    return script, log


def test_a_process_that_is_not_helixgates_opa_child_gets_no_token_and_no_manifest(tmp_path):
    script, log = _impostor_opa(tmp_path)
    try:
        done = subprocess.run(
            [HELIXGATE, "check", "--format", "json", str(DENIED)],
            capture_output=True,
            text=True,
            env={**os.environ, "HELIXGATE_OPA": str(script)},
            timeout=120,
            check=False,
        )
    finally:
        pid_file = Path(f"{log}.pid")
        deadline = time.monotonic() + 10
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    assert report["results"] == []
    [error] = report["errors"]
    assert error["kind"] == "engine"
    assert "is not the OPA helixgate started" in error["message"]
    requests = [json.loads(line) for line in log.read_text().splitlines()]
    assert requests, "the impostor was asked nothing: the test did not stage the race"
    assert {(r["method"], r["path"]) for r in requests} == {("GET", "/health")}
    assert not any("Authorization" in r["headers"] for r in requests)
    assert "EX-CART-CN-001" not in log.read_text()
