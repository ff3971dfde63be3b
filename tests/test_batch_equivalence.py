"""Batch and single evaluation give the same decisions and findings.

Sixty manifests of the benchmark corpus (bench/corpus.py: every archetype of
the generator appears in the first 37, allow, review and deny, YAML and JSON),
with a profile and waivers in the context so that context-dependent findings
(waived, expired and refused waivers, a raised level) are part of the answer:

- the command line decides them in one run, in batches of up to 100 per request;
- the pipeline decides them one manifest per request (batch_size=1): its
  report must give the same results, findings, lines and columns included;
- the engine asks OPA about all of them in one request (data.helixgate.main.
  results) and about each alone: the raw answers must be identical.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from helixgate.controls import load_profile, load_waivers
from helixgate.engine import Engine
from helixgate.pipeline import Options, Request, check
from helixgate.reports.json_report import report_dict

ROOT = Path(__file__).resolve().parents[1]
COUNT = 60
AS_OF = "2026-11-01"


def _corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "bench" / "corpus.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The corpus on disk, and a profile and waivers that touch it."""
    generator = _corpus_module()
    directory = tmp_path_factory.mktemp("corpus")
    written = generator.write_corpus(directory / "manifests", COUNT)
    by_archetype: dict[str, list[str]] = {}
    for _, manifest in written:
        archetype = manifest["metadata"]["labels"]["bench-archetype"]
        by_archetype.setdefault(archetype, []).append(manifest["metadata"]["id"])
    waiver = {"reason": "benchmark", "approved_by": "ciso@example.com"}
    waivers = [
        # valid: the finding becomes `waived`
        {**waiver, "rule": "CMP-SEC-003", "manifest": by_archetype["R-uncertified"][0],
         "expires_on": "2027-01-31"},
        # expired before AS_OF: HG-WAIVER-002
        {**waiver, "rule": "CMP-SEC-001", "manifest": by_archetype["D-unencrypted"][0],
         "expires_on": "2026-10-31"},
        # a regulatory rule: refused, HG-WAIVER-001
        {**waiver, "rule": "FDA-CELLS-001", "manifest": by_archetype["D-fda-new"][0],
         "expires_on": "2027-01-31"},
    ]  # fmt: skip
    waivers_file = directory / "waivers.yaml"
    waivers_file.write_text(yaml.safe_dump({"waivers": waivers}), encoding="utf-8")
    profile_file = directory / "profile.yaml"
    profile_file.write_text(yaml.safe_dump({"rules": {"CMP-LOCAL-001": "review"}}))
    return {
        "dir": directory / "manifests",
        "manifests": [m for _, m in written],
        "waivers": str(waivers_file),
        "profile": str(profile_file),
    }


@pytest.fixture(scope="module")
def batched(corpus: dict[str, Any], helixgate: Any) -> dict[str, Any]:
    done = helixgate([
        "check", "--format", "json", "--as-of", AS_OF,
        "--profile", corpus["profile"], "--waivers", corpus["waivers"], str(corpus["dir"]),
    ])  # fmt: skip
    assert done.code in (0, 1), done.err
    report: dict[str, Any] = done.json()
    assert report["errors"] == []
    assert report["complete"] is True
    return report


def test_the_corpus_covers_every_decision_and_the_context(batched: dict[str, Any]) -> None:
    results = batched["results"]
    assert len(results) == COUNT
    assert {r["decision"] for r in results} == {"allow", "review", "deny"}
    levels = {f["level"] for r in results for f in r["findings"]}
    assert levels >= {"deny", "review", "waived"}
    rules = {f["rule"] for r in results for f in r["findings"]}
    assert {"HG-WAIVER-001", "HG-WAIVER-002", "CMP-LOCAL-001"} <= rules
    assert any(r["source"].endswith(".json") for r in results)


def test_one_manifest_per_request_gives_the_batched_report(
    corpus: dict[str, Any], batched: dict[str, Any]
) -> None:
    request = Request(
        (str(corpus["dir"]),), profile_path=corpus["profile"], waivers_path=corpus["waivers"]
    )
    options = Options(as_of=dt.date.fromisoformat(AS_OF), batch_size=1)
    single = report_dict(check(request, options))
    assert single["errors"] == []
    assert len(single["results"]) == COUNT
    by_manifest = {r["manifest"]: r for r in batched["results"]}
    for result in single["results"]:
        assert result == by_manifest[result["manifest"]]
    assert single["summary"] == batched["summary"]


def test_opa_answers_the_same_for_a_batch_and_for_each_manifest_alone(
    corpus: dict[str, Any],
) -> None:
    context = {
        "as_of": AS_OF,
        "profile": load_profile(corpus["profile"]),
        "waivers": load_waivers(corpus["waivers"]),
    }
    manifests = corpus["manifests"]
    with Engine() as engine:
        together = engine.decide(manifests, context)
        alone = [engine.decide([m], context)[0] for m in manifests]
    assert [r["manifest"] for r in together] == [m["metadata"]["id"] for m in manifests]
    for one, batch in zip(alone, together, strict=True):
        assert json.dumps(one, sort_keys=True) == json.dumps(batch, sort_keys=True)
