"""The pre-commit hook, run by the real pre-commit framework against this
repository (`pre-commit try-repo`), in a throw-away Git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OPA = ROOT / ".cache" / "bin" / "opa"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

pytestmark = pytest.mark.skipif(
    not PRE_COMMIT.exists() or shutil.which("git") is None, reason="needs pre-commit and git"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("studies")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    shutil.copy(ROOT / "examples" / "cart-china.yaml", repo / "failing.yaml")
    shutil.copy(ROOT / "examples" / "cart-germany.yaml", repo / "passing.yaml")
    (repo / "mkdocs.yml").write_text("site_name: Example studies\nnav: []\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "studies")
    return repo


def _try_repo(repo: Path, *files: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "HELIXGATE_OPA": str(OPA),
        "PRE_COMMIT_HOME": str(ROOT / ".cache" / "pre-commit"),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), "helixgate", "--files", *files],
        cwd=repo, env=environment, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def test_the_hook_fails_a_denied_manifest_and_names_the_rule(project):
    done = _try_repo(project, "failing.yaml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FDA-CELLS-001" in done.stdout
    assert "Failed" in done.stdout


def test_the_hook_passes_an_allowed_manifest_and_skips_other_yaml(project):
    done = _try_repo(project, "passing.yaml", "mkdocs.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
