"""Running Git: the one place helixgate asks it anything."""

from __future__ import annotations

import subprocess

from .errors import HelixgateError

_TIMEOUT = 60


class GitError(HelixgateError):
    """Git could not answer (no repository, an unknown ref, no git at all)."""


def git(*args: str, cwd: str | None = None, stdin: bytes | None = None) -> bytes:
    """Git's standard output for `git ARGS`; GitError, with Git's last line of
    complaint, when it cannot be run or fails."""
    try:
        done = subprocess.run(
            ["git", *args], input=stdin, capture_output=True, cwd=cwd, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"cannot run git: {error}") from error
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        raise GitError((stderr.splitlines() or ["git failed"])[-1])
    return done.stdout
