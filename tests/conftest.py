"""Shared helpers: the real `helixgate` console script, manifests to start from,
and the JSON Schema of the report.

Tests that evaluate run the installed console script in a subprocess (a real
OPA is started by it); nothing here mocks OPA.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[1]
HELIXGATE = Path(sys.executable).parent / "helixgate"
REPORT_SCHEMA = ROOT / "schemas" / "report.v1.schema.json"
CATALOGUE = ROOT / "policies" / "helixgate" / "catalogue" / "data.json"
CLI_TIMEOUT = 120


@dataclass(frozen=True)
class CliResult:
    code: int
    raw: bytes
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run_helixgate(
    args: Sequence[str],
    *,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> CliResult:
    """Run the installed console script; `env` adds to (or, with a None value,
    removes from) the current environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    done = subprocess.run(
        [str(HELIXGATE), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=environment,
        cwd=cwd,
        timeout=CLI_TIMEOUT,
        check=False,
    )
    return CliResult(
        done.returncode,
        done.stdout,
        done.stdout.decode("utf-8"),
        done.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture(scope="session")
def helixgate() -> Callable[..., CliResult]:
    assert HELIXGATE.exists(), f"console script not installed at {HELIXGATE}"
    return run_helixgate


@pytest.fixture(scope="session")
def report_validator() -> Draft202012Validator:
    schema = json.loads(REPORT_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="session")
def catalogue() -> dict[str, dict[str, Any]]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))["rules"]


# --------------------------------------------------------------------------
# Manifests to start from

_PARTY_DE = {
    "id": "lab-de",
    "name": "Example Genomics GmbH",
    "role": "sequencing_lab",
    "country": "DE",
    "headquarters": "DE",
    "owners": [{"name": "Example Holding AG", "country": "DE", "share": 100}],
    "certifications": ["ISO27001"],
    "due_diligence": {"completed_on": "2026-06-01", "outcome": "approved"},
}

# A Chinese company's U.S. subsidiary: a U.S. person, but with ties of concern
# (CMP-SOV-001 asks for a review; no FDA, NIH or DOJ rule applies).
_PARTY_US_SUBSIDIARY = {
    "id": "lab-us-sub",
    "name": "Example Bio USA Inc.",
    "role": "analysis_provider",
    "country": "US",
    "headquarters": "CN",
    "incorporated_in": "US",
    "owners": [{"name": "Example Bio Group", "country": "CN", "share": 100}],
    "certifications": ["SOC2"],
    "due_diligence": {"completed_on": "2026-06-01", "outcome": "approved"},
}

# A laboratory in mainland China: under a new FDA application, FDA-CELLS-001 denies.
_PARTY_CN = {
    "id": "lab-cn",
    "name": "Shenzhen Example Biotech Co.",
    "role": "sequencing_lab",
    "country": "CN",
    "headquarters": "CN",
    "owners": [{"name": "Shenzhen Example Group", "country": "CN", "share": 100}],
    "certifications": ["ISO27001"],
    "due_diligence": {"completed_on": "2026-06-01", "outcome": "approved"},
}

_BASE: dict[str, Any] = {
    "apiVersion": "helixgate/v1",
    "kind": "TransferManifest",
    "metadata": {"id": "placeholder"},
    "study": {
        "type": "clinical_trial",
        "origin_country": "US",
        "funding": ["private"],
        "fda": {"application": "IND", "status": "submitted", "submitted_on": "2026-08-01"},
    },
    "consent": {
        "foreign_transfer_disclosed": True,
        "disclosed_countries": ["DE", "CN"],
        "sequencing_disclosed": True,
    },
    "compliance": {"assessment": {"completed_on": "2026-07-01", "reference": "CA-1"}},
    "subjects": [{"id": "us-patients", "nationality": "US", "residence": "US", "count": 40}],
    "materials": [{"id": "tcells", "type": "living_cells", "subjects": "us-patients"}],
    "data": [],
    "parties": [],
    "transfers": [],
}

_PARTY_OF = {"allow": _PARTY_DE, "review": _PARTY_US_SUBSIDIARY, "deny": _PARTY_CN}


def make_manifest(manifest_id: str, decision: str = "allow") -> dict[str, Any]:
    """A valid manifest that the pack decides `decision` (allow, review or
    deny): American T cells go to one laboratory for sequencing."""
    manifest = copy.deepcopy(_BASE)
    manifest["metadata"]["id"] = manifest_id
    party = copy.deepcopy(_PARTY_OF[decision])
    manifest["parties"] = [party]
    manifest["transfers"] = [
        {
            "id": "t1",
            "item": "tcells",
            "to": party["id"],
            "purpose": "sequencing",
            "start_on": "2026-12-01",
            "selection_reason": "capability",
        }
    ]
    return manifest


def dump_yaml(*documents: Any) -> str:
    """Block-style YAML, several documents separated by `---`."""
    return yaml.safe_dump_all(documents, sort_keys=False, default_flow_style=False)


@pytest.fixture(scope="session")
def manifest() -> Callable[..., dict[str, Any]]:
    return make_manifest


@pytest.fixture(scope="session")
def to_yaml() -> Callable[..., str]:
    return dump_yaml


def line_col(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based line and column of the n-th occurrence of needle in text."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def write(path: Path, content: str | bytes) -> Path:
    """Write a test input (text as UTF-8, or bytes as given), making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
