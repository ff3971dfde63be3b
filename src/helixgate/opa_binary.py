"""Finding the OPA binary and checking that it speaks Rego v1.

Order: $HELIXGATE_OPA, then the copy the Makefile builds from the pinned Go
module (.cache/bin/opa in the source tree), then `opa` on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import EngineError
from .resources import project_root

ENV_VAR = "HELIXGATE_OPA"
HINT = "run `make opa`, or set HELIXGATE_OPA to an OPA 1.x binary"
_VERSION = re.compile(r"^Version:\s*(\d+)\.(\d+)\.(\d+)\S*", re.MULTILINE)


@dataclass(frozen=True)
class OpaBinary:
    path: str
    version: str


def candidates() -> list[str]:
    found: list[str] = []
    if os.environ.get(ENV_VAR):
        return [os.environ[ENV_VAR]]
    root = project_root()
    if root is not None:
        found.append(str(root / ".cache" / "bin" / "opa"))
    on_path = shutil.which("opa")
    if on_path:
        found.append(on_path)
    return found


def find_opa() -> OpaBinary:
    for candidate in candidates():
        if Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return OpaBinary(candidate, version_of(candidate))
        if os.environ.get(ENV_VAR):
            raise EngineError(f"{ENV_VAR}={candidate} is not an executable file", HINT)
    raise EngineError("no OPA binary found", HINT)


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
