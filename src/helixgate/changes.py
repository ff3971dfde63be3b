"""Only what changed: the manifest files added or modified since a Git ref.

For large monorepos and pre-merge jobs. Git itself answers (`git diff` against
the ref, working tree included, and untracked files that are not ignored);
paths come back relative to the current directory, limited to the paths given.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .errors import HelixgateError
from .sources import MANIFEST_SUFFIXES


class GitError(HelixgateError):
    """Git could not say what changed (no repository, unknown ref, no git)."""


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"cannot run git: {error}") from error
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise GitError(last)
    return done.stdout


def changed_manifest_files(ref: str, paths: Sequence[str] = ()) -> list[str]:
    """Files ending in .yaml, .yml or .json, added, copied, modified or renamed
    since `ref` (or untracked and not ignored), that lie under one of `paths`
    (default: the current directory), sorted."""
    top = Path(_git("rev-parse", "--show-toplevel").strip())
    try:
        _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError as error:
        raise GitError(f"{ref!r} is not a commit of this repository") from error
    changed = _git("diff", "--name-only", "-z", "--diff-filter=ACMR", ref, "--", cwd=top)
    untracked = _git("ls-files", "-z", "--others", "--exclude-standard", cwd=top)
    names = {name for name in (changed + untracked).split("\0") if name}
    roots = [Path(p).resolve() for p in (paths or ["."])]
    here = Path.cwd()
    found = []
    for name in names:
        path = (top / name).resolve()
        if not name.lower().endswith(MANIFEST_SUFFIXES) or not path.is_file():
            continue
        if any(path == root or root in path.parents for root in roots):
            found.append(os.path.relpath(path, here))
    return sorted(found)
