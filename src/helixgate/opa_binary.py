"""Finding the OPA binary, building the pinned one when there is none, and
checking that it speaks Rego v1.

Order: $HELIXGATE_OPA, then the copy the Makefile builds from the pinned Go
module (.cache/bin/opa in the source tree), then the copy helixgate built
into the user cache, then `opa` on PATH. When none is found and Go is
installed, helixgate builds the pinned module (tools/opa, shipped in the
package) into the user cache once, with a one-line notice on stderr, so a
pre-commit hook works on a machine with Python and Go and nothing else.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import EngineError
from .resources import opa_module_dir, project_root

ENV_VAR = "HELIXGATE_OPA"
HINT = (
    "run `make opa`, install Go so helixgate can build it, "
    "or set HELIXGATE_OPA to an OPA 1.x binary"
)
_VERSION = re.compile(r"^Version:\s*(\d+)\.(\d+)\.(\d+)\S*", re.MULTILINE)
_BUILD_TIMEOUT = 1800


@dataclass(frozen=True)
class OpaBinary:
    path: str
    version: str
    origin: str = "found"
    """Where it came from: HELIXGATE_OPA, the source tree, the user cache, PATH."""


def user_cache() -> Path:
    """Where helixgate keeps the OPA it builds: per pinned module, so a newer
    helixgate with a newer pin builds its own."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    digest = hashlib.sha256((opa_module_dir() / "go.sum").read_bytes()).hexdigest()[:12]
    return Path(base) / "helixgate" / f"opa-{digest}"


def candidates() -> list[tuple[str, str]]:
    """(path, origin) in the order they are tried."""
    if os.environ.get(ENV_VAR):
        return [(os.environ[ENV_VAR], ENV_VAR)]
    found: list[tuple[str, str]] = []
    root = project_root()
    if root is not None:
        found.append((str(root / ".cache" / "bin" / "opa"), "the source tree (make opa)"))
    found.append((str(user_cache() / "opa"), "the user cache (built by helixgate)"))
    on_path = shutil.which("opa")
    if on_path:
        found.append((on_path, "PATH"))
    return found


def find_opa() -> OpaBinary:
    for candidate, origin in candidates():
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return OpaBinary(candidate, version_of(candidate), origin)
        if os.environ.get(ENV_VAR):
            raise EngineError(f"{ENV_VAR}={candidate} is not an executable file", HINT)
    built = _build_into_user_cache()
    return OpaBinary(str(built), version_of(str(built)), "the user cache (built by helixgate)")


def _build_into_user_cache() -> Path:
    """Build the pinned OPA with Go, once (a lock keeps two processes from
    building at the same time); EngineError when there is no Go or the build
    fails."""
    go = shutil.which("go")
    if go is None:
        raise EngineError("no OPA binary found", HINT)
    folder = user_cache()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "opa"
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_file():
            return target  # another process built it while this one waited
        print(
            f"helixgate: building the pinned OPA into {folder} (once; it needs Go and "
            "the Go module proxy)",
            file=sys.stderr,
        )
        partial = folder / f".opa.{os.getpid()}"
        try:
            done = subprocess.run(
                [go, "build", "-trimpath", "-o", str(partial), "."],
                cwd=opa_module_dir(), capture_output=True, text=True,
                timeout=_BUILD_TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as error:
            raise EngineError(f"cannot build OPA with {go}: {error}", HINT) from error
        if done.returncode != 0:
            partial.unlink(missing_ok=True)
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise EngineError(f"building OPA with Go failed: {last}", HINT)
        os.replace(partial, target)
    return target


def version_of(path: str) -> str:
    try:
        done = subprocess.run(
            [path, "version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EngineError(f"cannot run {path} version: {error}", HINT) from error
    match = _VERSION.search(done.stdout)
    if done.returncode != 0 or match is None:
        raise EngineError(
            f"{path} does not look like OPA (`opa version` said nothing usable)", HINT
        )
    if match.group(1) != "1":
        raise EngineError(f"OPA {match.group(0).split()[-1]} is not 1.x (Rego v1)", HINT)
    return ".".join(match.group(1, 2, 3))
