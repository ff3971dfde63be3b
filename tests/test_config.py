"""The configuration file gives `check` its defaults; the command line wins."""

from __future__ import annotations

from conftest import dump_yaml, make_manifest, write


def _review_and_denied(tmp_path):
    write(tmp_path / "studies" / "review.yaml", dump_yaml(make_manifest("HG-R", "review")))
    write(tmp_path / "drafts" / "denied.yaml", dump_yaml(make_manifest("HG-D", "deny")))


def test_pyproject_gives_fail_on_and_exclude(helixgate, tmp_path):
    _review_and_denied(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "studies"\n\n[tool.helixgate]\nfail-on = "review"\nexclude = ["drafts/*"]\n',
        encoding="utf-8",
    )
    run = helixgate(["check", "--format", "json", "."], cwd=tmp_path)
    assert [r["manifest"] for r in run.json()["results"]] == ["HG-R"]  # drafts left out
    assert run.code == 1  # review fails, as configured
    assert helixgate(["check", "--fail-on", "deny", "."], cwd=tmp_path).code == 0  # flag wins


def test_helixgate_toml_is_found_from_a_subfolder_and_its_paths_are_its_own(helixgate, tmp_path):
    _review_and_denied(tmp_path)
    write(
        tmp_path / "controls" / "waivers.yaml",
        "waivers:\n  - {rule: CMP-SOV-001, manifest: HG-R, reason: r, approved_by: a@example.com,"
        " expires_on: 2099-12-31}\n",
    )
    (tmp_path / "helixgate.toml").write_text(
        'waivers = "controls/waivers.yaml"\n', encoding="utf-8"
    )
    run = helixgate(["check", "--format", "json", "review.yaml"], cwd=tmp_path / "studies")
    [result] = run.json()["results"]
    assert {f["level"] for f in result["findings"]} == {"waived"}


def test_an_unknown_key_is_a_usage_error(helixgate, tmp_path):
    (tmp_path / "helixgate.toml").write_text('waiver = "w.yaml"\n', encoding="utf-8")
    run = helixgate(["check", "."], cwd=tmp_path)
    assert run.code == 2
    assert "unknown key 'waiver'" in run.err
