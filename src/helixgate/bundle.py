"""The OPA bundle that platform teams load into their own OPA servers.

`opa build --bundle` of a temporary copy of policies/helixgate: roots
`helixgate` only (the embedded server's system.authz stays out, so a server's
own `system` policies for authorization and decision-log masking remain its
own), no `*_test.rego`, and one revision written in two places that must
agree: the bundle's .manifest (what OPA's bundle service and decision logs
report) and data.helixgate.meta.revision (what helixgate reads and every
result carries). Signing, when asked for, is `opa build --signing-key`.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import BundleError
from .git import GitError, git
from .opa_binary import find_opa
from .output import write_file
from .resources import policies_dir, project_root

ROOT = "helixgate"
DEFAULT_SIGNING_ALG = "RS256"
SIGNING_ALGS = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
    "ES256", "ES384", "ES512", "HS256", "HS384", "HS512",
)  # fmt: skip
_BUILD_TIMEOUT = 300


@dataclass(frozen=True)
class BundleInfo:
    """What was written: where, which revision, signed with which algorithm."""

    path: Path
    revision: str
    signing_alg: str | None
    size: int
    sha256: str


def pack_revision() -> str:
    """The revision the policy sources carry (data.helixgate.meta.revision)."""
    meta = json.loads((policies_dir() / ROOT / "meta" / "data.json").read_text(encoding="utf-8"))
    revision = meta.get("revision")
    if not isinstance(revision, str) or not revision:
        raise BundleError("policies/helixgate/meta/data.json has no revision")
    return revision


def default_revision() -> str:
    """The pack's revision, plus `+<short commit>` in a Git checkout (and
    `.dirty` when the policies differ from that commit), so two bundles built
    from different policy sources never claim the same revision."""
    revision = pack_revision()
    commit = _git_commit()
    if commit is None:
        return revision
    separator = "." if "+" in revision else "+"
    return f"{revision}{separator}{commit}"


def _git_commit() -> str | None:
    root = project_root()
    if root is None or not (root / ".git").exists():
        return None
    try:
        head = git("rev-parse", "--short", "HEAD", cwd=str(root)).decode().strip()
        changed = git("status", "--porcelain", "--", f"policies/{ROOT}", cwd=str(root)).strip()
    except GitError:
        return None
    if not head:
        return None
    return f"{head}.dirty" if changed else head


def build_bundle(
    output: Path,
    revision: str | None = None,
    signing_key: Path | None = None,
    signing_alg: str = DEFAULT_SIGNING_ALG,
) -> BundleInfo:
    """Write the bundle to `output` (atomically: a server polling the folder
        never sees half a file). EngineError if OPA is missing, BundleError if `opa
    build` fails, OutputError if the file cannot be written,
        ValueError for an empty revision or an unknown signing algorithm."""
    revision = default_revision() if revision is None else revision
    if not revision.strip() or not revision.isprintable():
        raise ValueError(f"bundle revision {revision!r} is empty or not printable")
    if signing_alg not in SIGNING_ALGS:
        raise ValueError(f"signing algorithm {signing_alg!r} is not one of {SIGNING_ALGS}")
    binary = find_opa()
    output = output.resolve()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        folder = str(output.parent)
        raise BundleError(f"cannot create the folder {folder!r}: {error.strerror}") from error
    with tempfile.TemporaryDirectory(prefix="helixgate-bundle-") as work:
        source = Path(work) / "bundle"
        _stage(source, revision)
        partial = Path(work) / "bundle.tar.gz"
        command = [
            binary.path, "build", "--bundle", "--ignore", "*_test.rego",
            "--revision", revision, "--output", str(partial), ".",
        ]  # fmt: skip
        if signing_key is not None:
            command += ["--signing-key", str(signing_key.resolve()), "--signing-alg", signing_alg]
        _run(command, source)
        data = partial.read_bytes()
        write_file(str(output), data, "the bundle")
    return BundleInfo(
        path=output,
        revision=revision,
        signing_alg=signing_alg if signing_key is not None else None,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _stage(source: Path, revision: str) -> None:
    """A copy of policies/helixgate whose meta carries the bundle's revision,
    and a .manifest that declares the one root."""
    shutil.copytree(
        policies_dir() / ROOT, source / ROOT, ignore=shutil.ignore_patterns("*_test.rego")
    )
    meta_file = source / ROOT / "meta" / "data.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["revision"] = revision
    meta_file.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    manifest = {"revision": revision, "roots": [ROOT], "rego_version": 1}
    (source / ".manifest").write_text(json.dumps(manifest) + "\n", encoding="utf-8")


def _run(command: list[str], cwd: Path) -> None:
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=_BUILD_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BundleError(f"cannot run opa build: {error}") from error
    if done.returncode != 0:
        lines = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        raise BundleError(f"opa build failed: {' '.join(lines)[:500] or 'no message'}")
