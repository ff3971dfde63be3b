"""The configuration file: `[tool.helixgate]` in a `pyproject.toml`, or a
`helixgate.toml`, found from the working directory upwards, so that the
hook, CI and a terminal agree without repeating flags. Options given on the
command line win."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from .errors import HelixgateError

# Configuration key → (check's parameter, kind); paths are relative to the file.
KEYS: dict[str, tuple[str, str]] = {
    "profile": ("profile_path", "path"),
    "waivers": ("waivers_path", "path"),
    "signoffs": ("signoffs_path", "path"),
    "history": ("history", "paths"),
    "exclude": ("exclude", "globs"),
    "fail-on": ("fail_on", "level"),
}
_LEVELS = ("deny", "review")


class ConfigError(HelixgateError):
    """The configuration file cannot be read, or holds a key or value check does not take."""


def find(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first configuration from `start` upwards: (file, its helixgate table)."""
    for folder in (start, *start.parents):
        own = folder / "helixgate.toml"
        if own.is_file():
            return own, _read(own)
        project = folder / "pyproject.toml"
        if project.is_file():
            table = _read(project).get("tool", {}).get("helixgate")
            if table is not None:
                return project, table
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the configuration: {error}") from error


def check_defaults(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    """The defaults a configuration gives `helixgate check`, by parameter name."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.helixgate] is not a table")
    defaults: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise ConfigError(f"{path}: unknown key {key!r} (the keys are {known})")
        parameter, kind = KEYS[key]
        defaults[parameter] = _value(path, key, kind, value)
    return defaults


def _value(path: Path, key: str, kind: str, value: Any) -> Any:
    if kind == "level":
        if value not in _LEVELS:
            raise ConfigError(f"{path}: {key} is {value!r}, not one of {', '.join(_LEVELS)}")
        return value
    if kind == "path":
        if not isinstance(value, str):
            raise ConfigError(f"{path}: {key} is not a path")
        return _beside(path, value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} is not a list of strings")
    return tuple(_beside(path, v) for v in value) if kind == "paths" else tuple(value)


def _beside(config: Path, value: str) -> str:
    """A path of the configuration, relative to its file, as the working
    directory names it."""
    full = (config.parent / value).resolve()
    try:
        return os.path.relpath(full)
    except ValueError:
        return str(full)
