"""Where a source is, as the CI formats name it: relative to the working
directory (the repository root in CI), with forward slashes."""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from ..sources import STDIN


def is_stdin(source: str) -> bool:
    return source == STDIN


def repository_path(source: str) -> str:
    """The source as given, with forward slashes; an absolute path under the
    working directory is made relative to it, since CI tools resolve paths
    against the checkout, not against the machine's root."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return PurePath(os.path.normpath(path)).as_posix()
