"""A progress bar on standard error for a check that takes more than about a
second, on a terminal only: never in CI logs or pipes, where it would be noise."""

from __future__ import annotations

import os
import time
from typing import Any, TextIO

import click

DELAY_SECONDS = 1.0


class Progress:
    """Called with (decided, total) as manifests are decided; draws once the
    run has lasted DELAY_SECONDS."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._bar: Any = None

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        return stream.isatty() and not os.environ.get("CI")

    def __call__(self, decided: int, total: int) -> None:
        if self._bar is None:
            if time.monotonic() - self._started < DELAY_SECONDS or total == 0:
                return
            self._bar = click.progressbar(length=total, label="deciding", file=self._stream)
            self._bar.__enter__()
        self._bar.update(decided - self._bar.pos)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
