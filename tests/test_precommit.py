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


def test_the_hook_counts_the_rest_of_the_repository(project):
    """The DOJ counts add up every manifest of the repository: a new manifest
    of 60 people, beside a committed one of 60 to the same laboratory in
    China, is bulk (120), though either alone is not."""
    from conftest import dump_yaml, make_manifest

    def genomic(manifest_id: str, day: str) -> str:
        study = make_manifest(manifest_id, "deny")
        del study["study"]["fda"]
        study["subjects"][0]["count"] = 60
        study["data"] = [
            {"id": "wgs", "category": "genomic", "subjects": "us-patients",
             "identifiability": "pseudonymized"}
        ]  # fmt: skip
        study["transfers"][0].update(item="wgs", purpose="analysis", start_on=day)
        return dump_yaml(study)

    (project / "history").mkdir()
    (project / "history" / "earlier.yaml").write_text(genomic("HG-EARLIER", "2026-03-01"))
    _git(project, "add", "history")
    _git(project, "commit", "-q", "-m", "an earlier study")
    (project / "later.yaml").write_text(genomic("HG-LATER", "2026-04-01"))
    done = _try_repo(project, "later.yaml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "DOJ-BULK-001" in done.stdout
    assert "HG-EARLIER" in done.stdout  # the message names the other manifest
    (project / "later.yaml").unlink()


def test_the_hook_builds_the_pinned_opa_when_none_is_installed(project, tmp_path):
    """A study repository on a machine with Python and Go but no OPA: the
    hook builds the pinned OPA into the user cache once, says so, and
    decides; the next run finds it there."""
    go = shutil.which("go")
    assert go is not None, "the Makefile's Go builds OPA; this test needs the same Go"
    path = os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep) if not (Path(p) / "opa").exists()
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k != "HELIXGATE_OPA"},
        "PATH": os.pathsep.join([str(Path(go).parent), path]),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PRE_COMMIT_HOME": str(ROOT / ".cache" / "pre-commit"),
        "NO_COLOR": "1",
    }

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), "helixgate", "--verbose",
             "--files", "passing.yaml"],
            cwd=project, env=environment, capture_output=True, text=True, timeout=1800,
            check=False,
        )  # fmt: skip

    first = run()
    assert first.returncode == 0, first.stdout + first.stderr
    assert "building the pinned OPA" in first.stdout
    assert list((tmp_path / "cache" / "helixgate").glob("opa-*/opa"))
    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
    assert "building the pinned OPA" not in second.stdout
