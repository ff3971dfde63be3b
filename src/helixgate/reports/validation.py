"""`helixgate validate`: which manifests are valid, the input errors of the
others and the skipped documents, as text or JSON; nothing is decided."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..manifests import Manifest
from .json_report import error_dict
from .options import RenderOptions
from .report import ReportError, Skip
from .text import render_error


def render_text(
    valid: Sequence[Manifest], errors: Sequence[ReportError], skipped: Sequence[Skip],
    options: RenderOptions,
) -> str:  # fmt: skip
    lines = [f"VALID  {m.id}  {m.document.source}" for m in valid]
    lines += [render_error(error, options) for error in errors]
    lines.append(
        f"{len(valid)} valid manifest{'s' if len(valid) != 1 else ''}; "
        f"{len(errors)} error{'s' if len(errors) != 1 else ''}, {len(skipped)} skipped"
    )
    return "\n".join(lines) + "\n"


def render_json(
    valid: Sequence[Manifest], errors: Sequence[ReportError], skipped: Sequence[Skip]
) -> str:
    document = {
        "valid": [
            {"manifest": m.id, "source": m.document.source, "document": m.document.index}
            for m in valid
        ],
        "errors": [error_dict(e) for e in errors],
        "skipped": [
            {"source": s.source, "document": s.document, "reason": s.reason} for s in skipped
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
