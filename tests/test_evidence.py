"""Evidence in the JSON report: the evaluation date, helixgate's and OPA's
versions, the policy revision, and every input read with its role and the
SHA-256 of its bytes; the same inputs give the same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from conftest import ROOT, dump_yaml, make_manifest, run_helixgate, write
from helixgate import __version__

AS_OF = "2026-12-01"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("evidence")
    write(tmp / "checked" / "a.yaml", dump_yaml(make_manifest("EV-A", "allow")))
    write(tmp / "checked" / "b.yaml", dump_yaml(make_manifest("EV-B", "review")))
    write(tmp / "past" / "old.yaml", dump_yaml(make_manifest("EV-OLD", "allow")))
    write(tmp / "profile.yaml", "lists:\n  entities_of_concern_extra: [Example Gene Co.]\n")
    waiver = {
        "rule": "CMP-SEC-003",
        "manifest": "EV-A",
        "reason": "audit booked",
        "approved_by": "ciso@example.com",
        "expires_on": "2099-12-31",
    }
    write(tmp / "waivers.yaml", dump_yaml({"waivers": [waiver]}))
    return tmp


def _check(tmp: Path, *extra: str) -> tuple[bytes, dict]:
    args = ["check", "checked", "--history", "past", "--profile", "profile.yaml"]
    args += ["--waivers", "waivers.yaml", "--format", "json", "--as-of", AS_OF, *extra]
    done = run_helixgate(args, cwd=tmp)
    assert done.code == 0, done.err
    return done.raw, done.json()


def test_every_input_is_listed_with_its_role_and_the_sha256_of_its_bytes(run):
    _, report = _check(run)
    listed = [(i["role"], i["path"], i["sha256"]) for i in report["inputs"]]
    expected = [
        ("profile", "profile.yaml"),
        ("waivers", "waivers.yaml"),
        ("manifest", "checked/a.yaml"),
        ("manifest", "checked/b.yaml"),
        ("history", "past/old.yaml"),
    ]
    assert listed == [(role, path, _sha256(run / path)) for role, path in expected]


def test_the_report_names_the_date_and_the_versions(run):
    _, report = _check(run)
    assert report["as_of"] == AS_OF
    assert report["helixgate_version"] == __version__
    assert report["engine"]["version"] not in ("", "unknown")
    assert report["policy_revision"] not in ("", "unknown")


def test_the_report_with_evidence_is_valid_against_the_report_schema(run, report_validator):
    _, report = _check(run)
    assert list(report_validator.iter_errors(report)) == []


def test_two_runs_give_byte_identical_reports(run):
    first, _ = _check(run)
    second, _ = _check(run)
    assert first == second


def test_a_changed_byte_changes_the_hash(tmp_path):
    path = write(tmp_path / "m.yaml", dump_yaml(make_manifest("EV-C", "allow")))
    args = ["check", "m.yaml", "--format", "json", "--as-of", AS_OF]
    before = run_helixgate(args, cwd=tmp_path).json()["inputs"][0]["sha256"]
    path.write_bytes(path.read_bytes() + b"\n# a comment\n")
    after = run_helixgate(args, cwd=tmp_path).json()["inputs"][0]["sha256"]
    assert before != after == _sha256(path)


def test_standard_input_is_listed_as_dash_with_its_hash():
    data = dump_yaml(make_manifest("EV-STDIN", "allow")).encode()
    done = run_helixgate(["check", "-", "--format", "json", "--as-of", AS_OF], stdin=data)
    assert done.code == 0, done.err
    assert done.json()["inputs"] == [
        {"role": "manifest", "path": "-", "sha256": hashlib.sha256(data).hexdigest()}
    ]


def test_a_file_named_and_reached_again_as_history_is_listed_once(run):
    args = ["check", "checked/a.yaml", "--history", "checked", "--format", "json"]
    done = run_helixgate([*args, "--as-of", AS_OF], cwd=run)
    assert done.code == 0, done.err
    listed = [(i["role"], i["path"]) for i in done.json()["inputs"]]
    assert listed == [("manifest", "checked/a.yaml"), ("history", "checked/b.yaml")]


def test_without_as_of_the_date_the_questions_used_is_reported(tmp_path):
    write(tmp_path / "m.yaml", dump_yaml(make_manifest("EV-D", "allow")))
    done = run_helixgate(["check", "m.yaml", "--format", "json"], cwd=tmp_path)
    assert done.code == 0, done.err
    as_of = dt.date.fromisoformat(done.json()["as_of"])
    today = dt.datetime.now(dt.UTC).date()
    assert today - dt.timedelta(days=1) <= as_of <= today


def test_a_refused_profile_is_still_listed_and_no_date_is_claimed(tmp_path):
    write(tmp_path / "m.yaml", dump_yaml(make_manifest("EV-E", "allow")))
    profile = write(tmp_path / "profile.yaml", "lists:\n  trusted_countries: [CN]\n")
    args = ["check", "m.yaml", "--profile", "profile.yaml", "--format", "json"]
    done = run_helixgate(args, cwd=tmp_path)
    assert done.code == 2
    report = done.json()
    assert report["as_of"] is None
    assert report["inputs"] == [
        {"role": "profile", "path": "profile.yaml", "sha256": _sha256(profile)}
    ]


def test_the_html_report_shows_the_inputs_their_hashes_and_the_date(run):
    done = run_helixgate(
        ["check", "checked", "--profile", "profile.yaml", "--format", "html", "--as-of", AS_OF],
        cwd=run,
    )
    assert done.code == 0, done.err
    for role, path in (("profile", "profile.yaml"), ("manifest", "checked/a.yaml")):
        row = (
            f"<tr><td>{role}</td><td><code>{path}</code></td>"
            f'<td><code class="hash">{_sha256(run / path)}</code></td></tr>'
        )
        assert row in done.out
    assert f"<dd>{AS_OF}</dd>" in done.out


def test_the_text_report_is_unchanged_by_the_evidence(run):
    done = run_helixgate(["check", "checked/a.yaml", "--as-of", AS_OF], cwd=run)
    assert done.code == 0, done.err
    assert "sha256" not in done.out.lower()


def test_the_examples_report_is_reproducible_from_the_repository():
    args = ["check", "examples", "--format", "json", "--as-of", AS_OF]
    first = run_helixgate(args, cwd=ROOT)
    second = run_helixgate(args, cwd=ROOT)
    assert first.raw == second.raw
    for item in first.json()["inputs"]:
        assert item["role"] == "manifest"
        assert item["sha256"] == _sha256(ROOT / item["path"])
