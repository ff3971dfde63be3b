"""Settings every report format may read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    fail_on: str = "deny"
    color: bool = False
    # `check -v`: the text report shows the facts of every transfer.
    verbose: bool = False
    # `check -q`: the text report shows only the manifests that are not allowed.
    quiet: bool = False
