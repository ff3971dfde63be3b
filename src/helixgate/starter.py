"""`helixgate init`: a commented starter manifest that validates and decides."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .errors import HelixgateError

STUDY_TYPES = ("clinical_trial", "research", "commercial_service")
SCHEMA_URL = "https://helixgate.dev/schemas/transfer-manifest.v1.schema.json"


class StarterError(HelixgateError):
    """The starter could not be written (the file exists, or the folder cannot be written)."""


def starter_text(study_type: str, manifest_id: str, today: dt.date, file_name: str) -> str:
    """The starter manifest: dates a month and two months from `today`, so the
    assessment comes before the first transfer."""
    import jinja2  # here, not at the top: only `init` pays for it

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("helixgate", "templates"),
        autoescape=False,  # YAML, not HTML; every value is ours
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template("starter.yaml.j2").render(
        schema=SCHEMA_URL,
        study_type=study_type,
        manifest_id=manifest_id,
        file_name=file_name,
        assessed_on=(today + dt.timedelta(days=30)).isoformat(),
        starts_on=(today + dt.timedelta(days=60)).isoformat(),
    )


def write_starter(path: Path, study_type: str, today: dt.date) -> None:
    """Write the starter to `path`, never over an existing file."""
    manifest_id = "".join(c if c.isalnum() or c in "._-" else "-" for c in path.stem)[:64]
    text = starter_text(study_type, manifest_id or "study", today, path.name)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise StarterError(f"{os.fspath(path)!r} exists; helixgate init never overwrites") from None
    except OSError as error:
        raise StarterError(f"cannot write {os.fspath(path)!r}: {error.strerror}") from error
