"""Report formats: one module per format, each a `render(report, options) -> str`.

Adding a format is one new module and one line in FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable

from ..report import Report
from . import github, html, json_report, junit, sarif, text
from .options import RenderOptions

Renderer = Callable[[Report, RenderOptions], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "html": html.render,
}


def get(name: str) -> Renderer:
    return FORMATS[name]


__all__ = ["FORMATS", "RenderOptions", "Renderer", "get"]
