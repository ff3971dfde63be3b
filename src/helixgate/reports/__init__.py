"""Report formats: one module per format, each a `render(report, options) -> str`.

Adding a format is one new module and one line in FORMATS. A format's module
is imported when it is first asked for, so a run pays only for its own.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .options import RenderOptions
from .report import Report

Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "html": "html",
}
"""Format name → the module under reports/ whose `render` writes it."""


def get(name: str) -> Renderer:
    renderer: Renderer = importlib.import_module(f"{__name__}.{FORMATS[name]}").render
    return renderer


__all__ = ["FORMATS", "RenderOptions", "Renderer", "get"]
