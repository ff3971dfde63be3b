"""`helixgate bundle`: what goes into the OPA bundle, its revision in both
places, and signatures that a real OPA verifies (or refuses)."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile

import pytest

from helixgate.bundle import build_bundle, default_revision, pack_revision
from helixgate.errors import EngineError
from helixgate.opa_binary import find_opa
from helixgate.output import OutputError
from opa_servers import DEPLOY, OpaServer, free_port, signing_keys


def _members(bundle) -> dict[str, bytes]:
    with tarfile.open(bundle) as archive:
        return {
            m.name.lstrip("/"): archive.extractfile(m).read()
            for m in archive.getmembers()
            if m.isfile()
        }


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return signing_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def built(tmp_path_factory, helixgate):
    out = tmp_path_factory.mktemp("bundle") / "helixgate.tar.gz"
    result = helixgate(["bundle", "-o", str(out)])
    assert result.code == 0, result.err
    return out, result


def test_the_bundle_holds_the_helixgate_root_only_without_tests_or_system_policies(built):
    bundle, _ = built
    members = _members(bundle)
    assert json.loads(members[".manifest"])["roots"] == ["helixgate"]
    rego = sorted(name for name in members if name.endswith(".rego"))
    assert rego, "no policy in the bundle"
    assert all(name.startswith("helixgate/") for name in rego)
    assert not [name for name in rego if name.endswith("_test.rego")]
    assert not [name for name in members if "system" in name or "authz" in name]
    data = json.loads(members["data.json"])
    assert list(data) == ["helixgate"]
    assert {"catalogue", "lists", "meta"} <= set(data["helixgate"])


def test_the_default_revision_is_the_pack_revision_and_the_commit_in_both_places(built):
    bundle, result = built
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    revision = default_revision()
    assert revision.startswith(f"{pack_revision()}+{commit}")
    members = _members(bundle)
    assert json.loads(members[".manifest"])["revision"] == revision
    assert json.loads(members["data.json"])["helixgate"]["meta"]["revision"] == revision
    assert f"revision {revision}" in result.out
    assert "not signed" in result.out


def test_a_bundle_served_by_opa_reports_its_revision_through_helixgate(built, tmp_path, helixgate):
    bundle, _ = built
    server = OpaServer([str(bundle)], tmp_path / "opa.log").wait_healthy()
    try:
        result = helixgate(["--version", "--opa-url", server.url])
    finally:
        server.stop()
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "helixgate 0.1.0",
        f"policy revision {default_revision()}",
        f"OPA {find_opa().version} ({server.url})",
    ]


def test_an_explicit_revision_is_written_in_both_places(tmp_path, helixgate):
    out = tmp_path / "b.tar.gz"
    assert helixgate(["bundle", "-o", str(out), "--revision", "2026.12.1"]).code == 0
    members = _members(out)
    assert json.loads(members[".manifest"])["revision"] == "2026.12.1"
    assert json.loads(members["data.json"])["helixgate"]["meta"]["revision"] == "2026.12.1"


def test_an_empty_revision_is_refused(tmp_path, helixgate):
    result = helixgate(["bundle", "-o", str(tmp_path / "b.tar.gz"), "--revision", " "])
    assert result.code == 2
    assert "--revision" in result.err
    assert not (tmp_path / "b.tar.gz").exists()


def test_a_bundle_that_cannot_be_written_is_an_output_error_not_an_engine_error(tmp_path):
    taken = tmp_path / "b.tar.gz"
    taken.mkdir()  # a folder where the file should go
    with pytest.raises(OutputError) as raised:
        build_bundle(taken, revision="2026.12.1")
    assert not isinstance(raised.value, EngineError)
    assert "cannot write the bundle to" in str(raised.value)


def test_the_bundle_folder_is_created_and_a_file_in_its_way_is_an_error(tmp_path, helixgate):
    out = tmp_path / "dist" / "nested" / "b.tar.gz"
    assert helixgate(["bundle", "-o", str(out), "--revision", "2026.12.1"]).code == 0
    assert out.is_file()
    (tmp_path / "blocker").write_text("a file, not a folder")
    result = helixgate(["bundle", "-o", str(tmp_path / "blocker" / "b.tar.gz")])
    assert result.code == 2
    assert "cannot create the folder" in result.err


def _refused_by_opa(bundle, public, alg) -> str:
    """What `opa run --server --verification-key` says as it refuses to load
    the bundle (it exits at once); the test fails if OPA starts serving it."""
    command = [
        find_opa().path, "run", "--server", "--addr", f"127.0.0.1:{free_port()}",
        "--verification-key", str(public), "--signing-alg", alg, "--bundle", str(bundle),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("OPA loaded and served a bundle it should have refused")
    assert done.returncode != 0
    return done.stdout + done.stderr


def test_a_signed_bundle_is_verified_by_opa_with_the_public_key(tmp_path, helixgate, keys):
    private, public, alg = keys
    out = tmp_path / "signed.tar.gz"
    result = helixgate(
        ["bundle", "-o", str(out), "--signing-key", str(private), "--signing-alg", alg]
    )
    assert result.code == 0, result.err
    assert f"signed with {alg}" in result.out
    assert ".signatures.json" in _members(out)
    server = OpaServer(
        ["--verification-key", str(public), "--signing-alg", alg, "--bundle", str(out)],
        tmp_path / "opa.log",
    ).wait_healthy()
    try:
        version = helixgate(["--version", "--opa-url", server.url])
    finally:
        server.stop()
    assert version.code == 0, version.err
    assert f"policy revision {default_revision()}" in version.out


def test_opa_refuses_a_signed_bundle_under_another_key_or_changed_after_signing(
    tmp_path, helixgate, keys
):
    private, public, alg = keys
    out = tmp_path / "signed.tar.gz"
    signed = ["bundle", "-o", str(out), "--signing-key", str(private), "--signing-alg", alg]
    assert helixgate(signed).code == 0
    _, other_public, _ = signing_keys(tmp_path)
    assert "verif" in _refused_by_opa(out, other_public, alg)

    tampered = tmp_path / "tampered.tar.gz"
    _tamper(out, tampered)
    assert "digest mismatch" in _refused_by_opa(tampered, public, alg)


def test_opa_refuses_an_unsigned_bundle_when_it_expects_a_signature(built, keys):
    bundle, _ = built
    _, public, alg = keys
    assert ".signatures.json" in _refused_by_opa(bundle, public, alg)


def _tamper(signed, out) -> None:
    """The signed bundle with one deny turned into an allow."""
    with tarfile.open(signed) as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("main/main.rego"):
                data = data.replace(b'decision := "deny" if {', b'decision := "allow" if {')
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def test_the_fleet_server_policies_pass_opa_fmt_check_and_their_tests():
    opa = find_opa().path
    folder = str(DEPLOY / "system")
    formatted = subprocess.run([opa, "fmt", "--list", folder], capture_output=True, text=True)
    assert formatted.stdout.strip() == ""
    checked = subprocess.run([opa, "check", "--strict", folder], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    tested = subprocess.run([opa, "test", folder, "-v"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stdout + tested.stderr
