"""`check --changed-since REF`: only the manifest files added or changed since a
Git ref, in a real Git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import dump_yaml, make_manifest, write

ROOT = Path(__file__).resolve().parents[1]
HELIXGATE = str(Path(sys.executable).parent / "helixgate")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "ci@example.com")
    _git(tmp_path, "config", "user.name", "CI")
    (tmp_path / "studies" / "old").mkdir(parents=True)
    (tmp_path / "studies" / "new").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "cart-germany.yaml", tmp_path / "studies/old/unchanged.yaml")
    shutil.copy(ROOT / "examples" / "cart-china.yaml", tmp_path / "studies/old/edited.yaml")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "base")
    _git(tmp_path, "tag", "base")
    edited = tmp_path / "studies/old/edited.yaml"
    edited.write_text(edited.read_text() + "# reviewed\n")
    shutil.copy(ROOT / "examples" / "hgr-export.json", tmp_path / "studies/new/added.json")
    (tmp_path / "studies/new/notes.txt").write_text("not a manifest file\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "change")
    shutil.copy(ROOT / "examples" / "research-genomics-japan.yaml", tmp_path / "studies/untracked.yaml")
    return tmp_path


def _check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HELIXGATE, "check", "--format", "json", *args],
        cwd=repo, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _sources(done: subprocess.CompletedProcess[str]) -> list[str]:
    return sorted({r["source"] for r in json.loads(done.stdout)["results"]})


def test_only_files_added_or_changed_since_the_ref_are_checked(repo):
    done = _check(repo, "--changed-since", "base")
    assert _sources(done) == [
        "studies/new/added.json",
        "studies/old/edited.yaml",
        "studies/untracked.yaml",
    ]
    assert done.returncode == 1  # edited.yaml is the China study: deny


def test_changed_files_are_limited_to_the_paths_given(repo):
    done = _check(repo, "--changed-since", "base", "studies/new")
    assert _sources(done) == ["studies/new/added.json"]
    assert done.returncode == 0


def test_nothing_changed_checks_nothing_and_says_so(repo):
    done = _check(repo, "--changed-since", "HEAD", "studies/old")
    assert _sources(done) == []
    assert done.returncode == 0
    assert "no manifest file changed since HEAD" in done.stderr


def test_an_unknown_ref_is_a_usage_error(repo):
    done = _check(repo, "--changed-since", "no-such-ref")
    assert done.returncode == 2
    assert "'no-such-ref' is not a commit" in done.stderr


# --------------------------------------------------------------------------
# Links: the files a full run would check whose content differs from the ref


def _manifest(repo: Path, name: str, decision: str) -> Path:
    """A manifest decided `decision`, its metadata.id the file's stem."""
    return write(repo / name, dump_yaml(make_manifest(f"HG-{Path(name).stem}", decision)))


def _link(repo: Path, name: str, target: str) -> None:
    path = repo / name
    if path.is_symlink() or path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def linked(tmp_path) -> Path:
    """A repository at tag `base`: studies/reviewed.yaml (an allow),
    studies/stable-link.yaml -> ../shared/stable.yaml (an allow, never
    changed), shared/allowed.yaml (an allow) and shared/denied.yaml (a deny),
    with shared/ outside the checked path studies/."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    _manifest(repo, "studies/reviewed.yaml", "allow")
    _manifest(repo, "shared/stable.yaml", "allow")
    _manifest(repo, "shared/allowed.yaml", "allow")
    _manifest(repo, "shared/denied.yaml", "deny")
    _link(repo, "studies/stable-link.yaml", "../shared/stable.yaml")
    _commit(repo, "base")
    _git(repo, "tag", "base")
    return repo


def _decisions(done: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    return [(r["source"], r["decision"]) for r in json.loads(done.stdout)["results"]]


def test_a_reviewed_file_replaced_by_a_link_to_a_denied_one_is_checked(linked):
    _link(linked, "studies/reviewed.yaml", "../shared/denied.yaml")
    _commit(linked, "type change")
    done = _check(linked, "--changed-since", "base", "studies")
    assert _decisions(done) == [("studies/reviewed.yaml", "deny")]
    assert done.returncode == 1


@pytest.mark.parametrize("tracked", [False, True], ids=["untracked", "committed"])
def test_a_new_link_to_an_unchanged_manifest_is_checked(linked, tracked):
    _link(linked, "studies/new-link.yaml", "../shared/denied.yaml")
    if tracked:
        _commit(linked, "new link")
    done = _check(linked, "--changed-since", "base", "studies")
    assert _decisions(done) == [("studies/new-link.yaml", "deny")]
    assert done.returncode == 1


def test_an_edited_link_target_is_checked_under_the_name_a_full_run_gives_it(linked):
    _manifest(linked, "studies/b-target.yaml", "allow")
    _link(linked, "studies/a-link.yaml", "b-target.yaml")
    _commit(linked, "link and target")
    _git(linked, "tag", "linked")
    _manifest(linked, "studies/b-target.yaml", "deny")
    full = _check(linked, "studies")
    changed = _check(linked, "--changed-since", "linked", "studies")
    assert ("studies/a-link.yaml", "deny") in _decisions(full)
    assert _decisions(changed) == [("studies/a-link.yaml", "deny")]
    assert changed.returncode == 1


def test_a_link_to_a_file_outside_the_paths_is_checked_when_that_file_changes(linked):
    _link(linked, "studies/shared-link.yaml", "../shared/allowed.yaml")
    _commit(linked, "link out of studies")
    _git(linked, "tag", "linked")
    _manifest(linked, "shared/allowed.yaml", "deny")
    _commit(linked, "edit the target only")
    done = _check(linked, "--changed-since", "linked", "studies")
    assert _decisions(done) == [("studies/shared-link.yaml", "deny")]
    assert done.returncode == 1


def test_a_link_pointed_at_another_file_is_checked(linked):
    _link(linked, "studies/stable-link.yaml", "../shared/denied.yaml")
    _commit(linked, "retarget")
    done = _check(linked, "--changed-since", "base", "studies")
    assert _decisions(done) == [("studies/stable-link.yaml", "deny")]
    assert done.returncode == 1


def test_a_folder_link_given_as_the_path_and_pointed_at_another_folder_is_checked(linked):
    _manifest(linked, "v1/study.yaml", "allow")
    _manifest(linked, "v2/study.yaml", "deny")
    _link(linked, "current", "v1")
    _commit(linked, "versions")
    _git(linked, "tag", "v1")
    _link(linked, "current", "v2")
    _commit(linked, "switch to v2")
    done = _check(linked, "--changed-since", "v1", "current")
    assert _decisions(done) == [("current/study.yaml", "deny")]
    assert done.returncode == 1


def test_a_renamed_manifest_is_checked(linked):
    _git(linked, "mv", "shared/denied.yaml", "studies/moved.yaml")
    _commit(linked, "rename")
    done = _check(linked, "--changed-since", "base", "studies")
    assert _decisions(done) == [("studies/moved.yaml", "deny")]
    assert done.returncode == 1


def test_a_link_whose_target_was_deleted_is_checked_and_is_an_error(linked):
    (linked / "shared/stable.yaml").unlink()
    _commit(linked, "delete the target")
    done = _check(linked, "--changed-since", "base", "studies")
    report = json.loads(done.stdout)
    assert [(e["source"], e["kind"]) for e in report["errors"]] == [
        ("studies/stable-link.yaml", "missing")
    ]
    assert done.returncode == 2


def test_a_link_out_of_the_repository_is_always_checked(linked, tmp_path):
    outside = _manifest(tmp_path, "elsewhere/study.yaml", "deny")
    _link(linked, "studies/outside.yaml", str(outside))
    _commit(linked, "link out of the repository")
    _git(linked, "tag", "linked")
    done = _check(linked, "--changed-since", "linked", "studies")
    assert _decisions(done) == [("studies/outside.yaml", "deny")]


def test_an_ignored_manifest_is_checked_as_a_full_run_checks_it(linked):
    (linked / ".gitignore").write_text("drafts/\n")
    _commit(linked, "ignore drafts")
    _manifest(linked, "studies/drafts/draft.yaml", "deny")
    done = _check(linked, "--changed-since", "base", "studies")
    assert _decisions(done) == [("studies/drafts/draft.yaml", "deny")]


def test_unchanged_links_and_files_are_not_checked(linked):
    _link(linked, "studies/same-content.yaml", "../shared/allowed.yaml")
    shutil.copy(linked / "shared/allowed.yaml", linked / "shared/allowed-copy.yaml")
    _commit(linked, "a link and a copy of its target")
    _git(linked, "tag", "linked")
    _link(linked, "studies/same-content.yaml", "../shared/allowed-copy.yaml")
    _commit(linked, "retarget to the copy")
    done = _check(linked, "--changed-since", "linked", "studies")
    assert _decisions(done) == []
    assert done.returncode == 0


def test_a_missing_path_is_a_usage_error(linked):
    done = _check(linked, "--changed-since", "base", "studies/no-such.yaml")
    assert done.returncode == 2
    assert "studies/no-such.yaml" in done.stderr
    assert "no such file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "output", ["studies/old/edited.yaml", "studies/old/unchanged.yaml"], ids=["changed", "unchanged"]
)
def test_an_output_that_is_a_file_under_the_paths_is_refused(repo, output):
    before = (repo / output).read_bytes()
    done = _check(repo, "--changed-since", "base", "--output", output, "studies")
    assert done.returncode == 2
    assert "would overwrite it" in done.stderr
    assert (repo / output).read_bytes() == before


# --------------------------------------------------------------------------
# The pack itself: the files that pin the helixgate that runs


def _pre_commit(helixgate_rev: str, other_rev: str = "v4.6.0") -> str:
    return (
        "repos:\n"
        "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
        f"    rev: {other_rev}\n"
        "    hooks: [{id: check-yaml}]\n"
        "  - repo: https://example.com/org/helixgate\n"
        f"    rev: {helixgate_rev}\n"
        "    hooks: [{id: helixgate}]\n"
    )


@pytest.fixture
def pinned(linked) -> Path:
    """`linked` with the files that pin helixgate, committed at tag `pinned`."""
    (linked / ".pre-commit-config.yaml").write_text(_pre_commit("v0.1.0"))
    (linked / "requirements.txt").write_text("helixgate==0.1.0\n")
    (linked / "tools").mkdir()
    (linked / "tools" / "poetry.lock").write_text("# lock\n")
    _commit(linked, "pin helixgate")
    _git(linked, "tag", "pinned")
    return linked


def _all_of_studies(done: subprocess.CompletedProcess[str]) -> None:
    assert _decisions(done) == [
        ("studies/reviewed.yaml", "allow"),
        ("studies/stable-link.yaml", "allow"),
    ], done.stderr
    assert done.returncode == 0


def test_with_no_pin_changed_nothing_is_checked(pinned):
    done = _check(pinned, "--changed-since", "pinned", "studies")
    assert _decisions(done) == []
    assert "every manifest is checked" not in done.stderr


def test_a_new_rev_of_the_helixgate_hook_checks_every_manifest_and_says_why(pinned):
    (pinned / ".pre-commit-config.yaml").write_text(_pre_commit("v0.2.0"))
    _commit(pinned, "bump the hook")
    done = _check(pinned, "--changed-since", "pinned", "studies")
    _all_of_studies(done)
    assert ".pre-commit-config.yaml changed since pinned" in done.stderr
    assert "every manifest is checked" in done.stderr


def test_a_new_rev_of_another_hook_changes_nothing(pinned):
    (pinned / ".pre-commit-config.yaml").write_text(_pre_commit("v0.1.0", other_rev="v5.0.0"))
    done = _check(pinned, "--changed-since", "pinned", "studies")
    assert _decisions(done) == []


def test_a_pre_commit_configuration_that_cannot_be_read_checks_every_manifest(pinned):
    (pinned / ".pre-commit-config.yaml").write_text("repos: [unclosed\n")
    _all_of_studies(_check(pinned, "--changed-since", "pinned", "studies"))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: (r / "requirements.txt").write_text("helixgate==0.2.0\n"),
                     id="requirements_edited"),
        pytest.param(lambda r: (r / "tools" / "poetry.lock").unlink(), id="lock_deleted"),
        pytest.param(lambda r: (r / "uv.lock").write_text("version = 1\n"), id="lock_added"),
        pytest.param(lambda r: (r / "constraints.txt").write_text("jsonschema<5\n"),
                     id="constraints_added"),
        pytest.param(lambda r: (r / "tools" / "pyproject.toml").write_text("[project]\n"),
                     id="pyproject_added"),
    ],
)  # fmt: skip
def test_a_changed_requirement_or_lock_file_checks_every_manifest(pinned, change):
    change(pinned)
    done = _check(pinned, "--changed-since", "pinned", "studies")
    _all_of_studies(done)
    assert "every manifest is checked" in done.stderr


def test_a_changed_pin_checks_the_denied_manifests_too(pinned):
    """Every manifest under the paths is decided again, a deny included."""
    (pinned / "requirements.txt").write_text("helixgate==0.2.0\n")
    done = _check(pinned, "--changed-since", "pinned", "shared")
    assert ("shared/denied.yaml", "deny") in _decisions(done)
    assert done.returncode == 1
