"""Counting across manifests on the command line (policy-pack-v2, 1): what
--history and --changed-since add to the counts, and who is a member of
the portfolio."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from conftest import dump_yaml, make_manifest, write


def _genomic(manifest_id: str, people: int, day: str) -> dict[str, Any]:
    """Genomic data on `people` Americans to the laboratory in China, outside
    any FDA application: counted by the DOJ rules."""
    study = make_manifest(manifest_id, "deny")
    del study["study"]["fda"]
    study["subjects"][0]["count"] = people
    study["data"] = [
        {"id": "wgs", "category": "genomic", "subjects": "us-patients",
         "identifiability": "pseudonymized"}
    ]  # fmt: skip
    study["transfers"][0].update(item="wgs", purpose="analysis", start_on=day)
    return study


def _rules(result: dict[str, Any]) -> set[str]:
    return {f["rule"] for f in result["findings"]}


def _by_manifest(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["manifest"]: r for r in report["results"]}


def test_history_counts_and_gets_no_result(helixgate, tmp_path):
    past = write(tmp_path / "past" / "a.yaml", dump_yaml(_genomic("HG-A", 60, "2026-03-01")))
    now = write(tmp_path / "now.yaml", dump_yaml(_genomic("HG-B", 60, "2026-04-01")))
    alone = helixgate(["check", "--format", "json", str(now)])
    assert "DOJ-BULK-001" not in _rules(alone.json()["results"][0])
    counted = helixgate(["check", "--format", "json", "--history", str(past.parent), str(now)])
    assert counted.code == 1
    (result,) = counted.json()["results"]
    assert result["manifest"] == "HG-B"
    (bulk,) = [f for f in result["findings"] if f["rule"] == "DOJ-BULK-001"]
    assert "120 U.S. persons" in bulk["message"]
    assert "HG-A (60 people, transfer t1 on 2026-03-01)" in bulk["message"]


def test_history_may_be_given_more_than_once_and_never_from_standard_input(helixgate, tmp_path):
    a = write(tmp_path / "a.yaml", dump_yaml(_genomic("HG-A", 40, "2026-03-01")))
    b = write(tmp_path / "b.yaml", dump_yaml(_genomic("HG-B", 40, "2026-03-02")))
    now = write(tmp_path / "c.yaml", dump_yaml(_genomic("HG-C", 40, "2026-04-01")))
    run = helixgate(
        ["check", "--format", "json", "--history", str(a), "--history", str(b), str(now)]
    )
    assert "DOJ-BULK-001" in _rules(run.json()["results"][0])
    refused = helixgate(["check", "--history", "-", str(now)])
    assert refused.code == 2
    assert "--history" in refused.err


def test_a_file_both_checked_and_history_counts_once(helixgate, tmp_path):
    now = write(tmp_path / "studies" / "b.yaml", dump_yaml(_genomic("HG-B", 60, "2026-04-01")))
    run = helixgate(["check", "--format", "json", "--history", str(now.parent), str(now)])
    assert "DOJ-BULK-001" not in _rules(run.json()["results"][0])
    assert [r["manifest"] for r in run.json()["results"]] == ["HG-B"]


def test_one_id_with_the_same_content_counts_once(helixgate, tmp_path):
    text = dump_yaml(_genomic("HG-A", 60, "2026-03-01"))
    write(tmp_path / "a.yaml", text)
    write(tmp_path / "copy-of-a.yaml", text)
    run = helixgate(["check", "--format", "json", str(tmp_path)])
    assert run.json()["errors"] == []
    (result,) = run.json()["results"]
    assert "DOJ-BULK-001" not in _rules(result)  # 60, not 120


def test_one_id_with_different_content_is_an_error_at_each_copy(helixgate, tmp_path):
    write(tmp_path / "a.yaml", dump_yaml(_genomic("HG-A", 60, "2026-03-01")))
    write(tmp_path / "b.yaml", dump_yaml(_genomic("HG-A", 61, "2026-03-01")))
    run = helixgate(["check", "--format", "json", str(tmp_path)])
    assert run.code == 2
    errors = run.json()["errors"]
    assert sorted(Path(e["source"]).name for e in errors) == ["a.yaml", "b.yaml"]
    assert {(e["kind"], e["pointer"]) for e in errors} == {("reference", "/metadata/id")}
    assert run.json()["results"] == []


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_with_changed_since_the_unchanged_manifests_are_history(helixgate, tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "ci@example.com")
    _git(tmp_path, "config", "user.name", "CI")
    write(tmp_path / "studies" / "a.yaml", dump_yaml(_genomic("HG-A", 60, "2026-03-01")))
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "a")
    _git(tmp_path, "tag", "base")
    write(tmp_path / "studies" / "b.yaml", dump_yaml(_genomic("HG-B", 60, "2026-04-01")))
    run = helixgate(
        ["check", "--format", "json", "--changed-since", "base", "studies"], cwd=tmp_path
    )
    assert run.code == 1, run.err
    results = _by_manifest(run.json())
    assert list(results) == ["HG-B"]  # a.yaml did not change: counted, not reported
    assert "DOJ-BULK-001" in _rules(results["HG-B"])


def _export(manifest_id: str, people: int, day: str) -> dict[str, Any]:
    """A study run in China sends genomic data of `people` residents to a U.S.
    laboratory under a standard contract, with separate consent and the HGR
    filing and security review."""
    study = make_manifest(manifest_id, "allow")
    del study["study"]["fda"]
    study["study"].update(origin_country="CN", sponsor={"name": "Example Gene Therapy Co."})
    study["consent"].update(disclosed_countries=["US"], separate_export_consent=True)
    study["compliance"].update(
        hgr_filing={"reference": "HGRF-1"},
        hgr_security_review={"reference": "HGRSR-1"},
        cn_export={
            "mechanism": "standard_contract",
            "reference": "SC-1",
            "completed_on": "2026-01-05",
        },
    )
    study["subjects"] = [{"id": "cn", "nationality": "CN", "residence": "CN", "count": people}]
    study["materials"] = []
    study["data"] = [
        {"id": "wgs", "category": "genomic", "subjects": "cn", "identifiability": "pseudonymized"}
    ]
    study["parties"][0].update(
        country="US", headquarters="US", name="Boston Example Sequencing Inc."
    )
    study["parties"][0]["owners"] = [{"name": "BES Holdings Inc.", "country": "US", "share": 100}]
    study["compliance"]["assessment"]["completed_on"] = "2026-01-05"
    study["transfers"][0].update(item="wgs", purpose="analysis", start_on=day)
    study["transfers"][0]["safeguards"] = {"encrypted_in_transit": True, "encrypted_at_rest": True}
    return study


def test_the_pipl_running_total_counts_every_manifest_of_the_exporter(helixgate, tmp_path):
    write(tmp_path / "a.yaml", dump_yaml(_export("HG-CN-A", 5000, "2026-03-01")))
    write(tmp_path / "b.yaml", dump_yaml(_export("HG-CN-B", 4999, "2026-09-01")))
    below = helixgate(["check", "--format", "json", str(tmp_path)])
    assert below.code == 0, below.out
    write(tmp_path / "b.yaml", dump_yaml(_export("HG-CN-B", 5000, "2026-09-01")))
    at = helixgate(["check", "--format", "json", str(tmp_path)])
    assert at.code == 1
    results = _by_manifest(at.json())
    assert "PIPL-XFER-001" not in _rules(results["HG-CN-A"])  # judged at its own date
    assert "PIPL-XFER-001" in _rules(results["HG-CN-B"])
    next_year = dump_yaml(_export("HG-CN-B", 5000, "2027-01-01"))
    write(tmp_path / "b.yaml", next_year)
    assert helixgate(["check", "--format", "json", str(tmp_path)]).code == 0


def test_changed_since_checks_everything_when_a_control_file_changed(helixgate, tmp_path):
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "ci@example.com")
    _git(tmp_path, "config", "user.name", "CI")
    write(tmp_path / "studies" / "a.yaml", dump_yaml(make_manifest("HG-A", "review")))
    write(tmp_path / "waivers.yaml", "waivers: []\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "a")
    _git(tmp_path, "tag", "base")
    args = ["check", "--format", "json", "--changed-since", "base", "--waivers", "waivers.yaml"]
    unchanged = helixgate([*args, "studies"], cwd=tmp_path)
    assert unchanged.json()["results"] == []  # nothing changed: nothing checked
    write(
        tmp_path / "waivers.yaml",
        "waivers:\n  - {rule: CMP-SOV-001, manifest: HG-A, reason: r, approved_by: a@example.com,"
        " expires_on: 2099-12-31}\n",
    )
    changed = helixgate([*args, "studies"], cwd=tmp_path)
    assert [r["manifest"] for r in changed.json()["results"]] == ["HG-A"]
    assert "a control file changed" in changed.err


def test_changed_since_asks_the_repository_the_paths_are_in(helixgate, tmp_path):
    repo = tmp_path / "repo"
    _git_init = ["init", "-q", str(repo)]
    subprocess.run(["git", *_git_init], check=True, capture_output=True)
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    write(repo / "studies" / "a.yaml", dump_yaml(make_manifest("HG-A", "allow")))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "a")
    _git(repo, "tag", "base")
    write(repo / "studies" / "b.yaml", dump_yaml(make_manifest("HG-B", "allow")))
    run = helixgate(
        ["check", "--format", "json", "--changed-since", "base", str(repo / "studies")],
        cwd=tmp_path,  # not a repository
    )
    assert run.code == 0, run.err
    assert [r["manifest"] for r in run.json()["results"]] == ["HG-B"]
