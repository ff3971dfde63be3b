"""Where the policy pack, the JSON Schemas and the pinned OPA module live: in
the wheel, or in the source tree."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def project_root() -> Path | None:
    """The source tree this package runs from (an editable install), if any."""
    root = _PACKAGE_DIR.parents[1]
    return root if (root / "policies" / "helixgate").is_dir() else None


@cache
def pack_dir() -> Path:
    """The folder that holds `policies/` and `schemas/`."""
    bundled = _PACKAGE_DIR / "_pack"
    if (bundled / "policies").is_dir():
        return bundled
    root = project_root()
    if root is None:
        raise FileNotFoundError("helixgate's policies are not installed beside the package")
    return root


def opa_module_dir() -> Path:
    """The Go module that pins the OPA helixgate is tested with."""
    return pack_dir() / "tools" / "opa"


def policies_dir() -> Path:
    return pack_dir() / "policies"


def schema_path(name: str) -> Path:
    return pack_dir() / "schemas" / name
