"""Real OPA servers of the kind platform teams run, for the remote-mode and
fleet tests: `opa run --server` on 127.0.0.1, loaded with the helixgate bundle
(a file, or pulled from a bundle service), stopped at the end of the test.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from helixgate.opa_binary import find_opa

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SCENARIOS = ROOT.parent / "shared" / "scenarios"
TOKEN = "helixgate-test-token-" + "0123456789abcdef" * 2
START_TIMEOUT = 20.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class OpaServer:
    """One `opa run --server` with the given arguments; its log in `log`."""

    def __init__(self, args: list[str], log: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.log = log
        self.url = f"http://127.0.0.1:{self.port}"
        command = [
            find_opa().path, "run", "--server", "--addr", f"127.0.0.1:{self.port}",
            "--disable-telemetry", *args,
        ]  # fmt: skip
        with log.open("wb") as sink:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})},
            )

    def wait_healthy(self, bundles: bool = False) -> OpaServer:
        """Until /health answers 200 (with `bundles`, once every configured
        bundle is activated)."""
        url = f"{self.url}/health" + ("?bundles" if bundles else "")
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"OPA exited ({self.process.returncode}):\n{self.text()}")
            try:
                if requests.get(url, timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.02)
        raise AssertionError(f"OPA at {self.url} not healthy:\n{self.text()}")

    def wait_for_log(self, needle: str) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            text = self.text()
            if needle in text:
                return text
            time.sleep(0.02)
        raise AssertionError(f"{needle!r} never appeared in OPA's log:\n{self.text()}")

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """SIGTERM, which OPA takes as a graceful shutdown (it flushes its
        decision logs); SIGKILL if it does not go."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def signing_keys(folder: Path) -> tuple[Path, Path, str]:
    """(signing key, verification key, algorithm): an RSA pair made by openssl
    (RS256, helixgate's default), or an HMAC secret where openssl is missing."""
    openssl = shutil.which("openssl")
    if openssl is None:
        secret = folder / "bundle-secret"
        secret.write_bytes(os.urandom(32).hex().encode())
        return secret, secret, "HS256"
    private, public = folder / "bundle-private.pem", folder / "bundle-public.pem"
    subprocess.run(
        [openssl, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
         "-out", str(private)],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [openssl, "pkey", "-in", str(private), "-pubout", "-out", str(public)],
        check=True,
        capture_output=True,
    )
    return private, public, "RS256"
