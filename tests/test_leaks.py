"""Nothing leaks: names stay off stderr, and temporary files are private and gone.

Party names, owner names and the manifest's title and owner are facts about
partners and people; stderr (a CI log, a terminal) gets errors and notes,
never those names. The report on stdout names parties by id. Every
temporary file helixgate creates during a run (OPA's log, kept in an
unnamed file) is readable by its owner only, and nothing is left in TMPDIR.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from pathlib import Path

import pytest

from conftest import HELIXGATE, dump_yaml, make_manifest, run_helixgate

TRACEBACK = "Traceback (most recent call last)"
SECRETS = (
    "Zyxwv Secret Labs",
    "Qwertz Hidden Holdings",
    "Vexilloid Patients Trust",
    "Study Of Mbuna Families",
    "pi-private@example.org",
)


def _secret_manifest(manifest_id: str, decision: str) -> dict:
    manifest = make_manifest(manifest_id, decision)
    manifest["metadata"]["title"] = f"{SECRETS[3]} {decision}"
    manifest["metadata"]["owner"] = SECRETS[4]
    party = manifest["parties"][0]
    party["name"] = f"{SECRETS[0]} {decision}"
    party["owners"] = [
        {"name": f"{SECRETS[1]} {decision}", "country": party["owners"][0]["country"], "share": 60},
        {"name": f"{SECRETS[2]} {decision}", "country": "DE", "share": 40},
    ]
    return manifest


@pytest.fixture(scope="module")
def secret_folder(tmp_path_factory) -> Path:
    """Three decided manifests and three broken ones (errors go to stderr in
    text format), each full of distinctive names."""
    folder = tmp_path_factory.mktemp("secrets")
    for decision in ("allow", "review", "deny"):
        manifest = _secret_manifest(f"HG-SECRET-{decision.upper()}", decision)
        (folder / f"{decision}.yaml").write_text(dump_yaml(manifest), encoding="utf-8")
    broken = _secret_manifest("HG-SECRET-BROKEN", "allow")
    broken["parties"][0]["country"] = "Germany"
    broken["transfers"][0]["to"] = "lab-elsewhere"
    (folder / "broken.yaml").write_text(dump_yaml(broken), encoding="utf-8")
    long_name = _secret_manifest("HG-SECRET-LONG-NAME", "allow")
    long_name["parties"][0]["name"] = SECRETS[0] + " " + "x" * 300
    long_name["parties"][0]["owners"][0]["name"] = 12345
    (folder / "long-name.yaml").write_text(dump_yaml(long_name), encoding="utf-8")
    duplicate = dump_yaml(_secret_manifest("HG-SECRET-DUP", "allow")).replace(
        "  title:", f"  owner: {SECRETS[4]}\n  title:", 1
    )
    (folder / "duplicate.yaml").write_text(duplicate, encoding="utf-8")
    return folder


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_names_never_reach_stderr(secret_folder, fmt):
    run = run_helixgate(["check", "--format", fmt, str(secret_folder)])
    assert run.code == 2
    assert TRACEBACK not in run.err
    if fmt == "text":
        # The errors are on stderr: the assertion below is about real content.
        assert run.err.count("error[") >= 4, run.err
        assert "HG-SECRET-DENY" in run.out
    for secret in SECRETS:
        assert secret not in run.err, (secret, run.err)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_report_names_parties_by_id(secret_folder, fmt):
    """Not a requirement of the spec, but the state of things: findings name
    the party id (lab-cn), never its or its owners' names."""
    run = run_helixgate(["check", "--format", fmt, str(secret_folder)])
    assert "lab-cn" in run.out
    for secret in SECRETS[:3]:
        assert secret not in run.out, secret


# --------------------------------------------------------------------------
# Temporary files


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _is_opa_server(pid: int) -> bool:
    """`opa run --server` (not the short-lived `opa version` that checks the binary)."""
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"run" in arguments and b"--server" in arguments


def _open_files_under(pid: int, folder: Path) -> list[tuple[str, int]]:
    """(target, permission bits) of each descriptor of `pid` on a file under `folder`."""
    files: list[tuple[str, int]] = []
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # the process has just exited
        return files
    for fd in descriptors:
        try:
            target = os.readlink(fd)
            mode = os.stat(fd).st_mode
        except OSError:
            continue
        if target.startswith(str(folder) + os.sep):
            files.append((target, mode & 0o7777))
    return files


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_temporary_files_are_private_unnamed_and_removed(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    manifest = tmp_path / "m.yaml"
    manifest.write_text(dump_yaml(make_manifest("HG-TMP", "allow")), encoding="utf-8")
    environment = {**os.environ, "TMPDIR": str(temporary)}
    # Standard input stays open until the checks below are done: the
    # embedded OPA is up (it starts before the inputs are read) and waiting.
    process = subprocess.Popen(
        [str(HELIXGATE), "check", "--format", "json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 30
        opa: list[int] = []
        seen: list[tuple[str, int]] = []
        while time.monotonic() < deadline and not seen:
            time.sleep(0.05)
            opa = [pid for pid in _children(process.pid) if _is_opa_server(pid)]
            for pid in (process.pid, *opa) if opa else ():
                seen += _open_files_under(pid, temporary)
        assert opa, "the embedded OPA did not start while standard input was open"
        assert seen, "OPA's log is expected in an unnamed temporary file under TMPDIR"
        for target, mode in seen:
            assert target.endswith("(deleted)"), f"{target} has a name in TMPDIR"
            assert mode == 0o600, f"{target} has mode {oct(mode)}"
        [folder] = temporary.iterdir()  # the embedded OPA's socket folder, private
        assert folder.name.startswith("helixgate-opa-")
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert {p.name for p in folder.iterdir()} <= {"opa.sock"}
        out, err = process.communicate(manifest.read_bytes(), timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err.decode()
    assert TRACEBACK.encode() not in err
    assert b'"HG-TMP"' in out
    assert list(temporary.iterdir()) == []
    assert not any(Path(f"/proc/{pid}").exists() for pid in opa), "OPA outlived the run"


def test_a_run_with_errors_leaves_tmpdir_empty(secret_folder, tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    for fmt in ("text", "json"):
        run = run_helixgate(
            ["check", "--format", fmt, str(secret_folder)], env={"TMPDIR": str(temporary)}
        )
        assert run.code == 2
        assert list(temporary.iterdir()) == []
