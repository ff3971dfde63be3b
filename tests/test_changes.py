"""`check --changed-since REF`: only the manifest files added or changed since a
Git ref, in a real Git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
