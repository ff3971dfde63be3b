"""The guides pin the helixgate that is released: every `rev:` of a
pre-commit snippet whose `repo:` is helixgate, and every `helixgate@REF` of
an install line, in README.md and docs/*.md, is `v` + the package version
(the tag each release gets), so a version bump cannot leave them stale."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import helixgate

ROOT = Path(__file__).resolve().parents[1]
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TAG = f"v{helixgate.__version__}"

_REPO = re.compile(r"^\s*-?\s*repo:\s*(\S+)")
_REV = re.compile(r"^\s*rev:\s*['\"]?([^'\"\s#]+)")
_INSTALLED = re.compile(r"helixgate(?:\.git)?@([^\"'\s#]+)")


def _pins(text: str) -> list[tuple[int, str]]:
    """(line number, ref) of each pin of helixgate in a guide: a `rev:` under a
    `repo:` that names helixgate, and the ref of a `...helixgate@REF` URL."""
    pins = []
    repo = ""
    for number, line in enumerate(text.splitlines(), 1):
        found_repo = _REPO.match(line)
        if found_repo:
            repo = found_repo[1]
        found_rev = _REV.match(line)
        if found_rev and "helixgate" in repo:
            pins.append((number, found_rev[1]))
        pins += [(number, ref) for ref in _INSTALLED.findall(line)]
    return pins


def test_the_package_version_is_the_one_pyproject_declares():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == helixgate.__version__


def test_every_pin_of_helixgate_in_the_guides_is_the_release_tag():
    pins = {
        f"{path.relative_to(ROOT)}:{number}": ref
        for path in GUIDES
        for number, ref in _pins(path.read_text(encoding="utf-8"))
    }
    assert any(where.startswith("docs/ci-guide.md") for where in pins), pins  # not vacuous
    assert {where: ref for where, ref in pins.items() if ref != TAG} == {}


def test_the_pin_finder_sees_a_stale_rev_and_a_stale_install():
    text = (
        "repos:\n"
        "  - repo: https://example.com/other/tool\n"
        "    rev: 1.2.3\n"
        "  - repo: https://example.com/org/helixgate\n"
        "    rev: v0.0.9\n"
        'pip install "git+https://example.com/org/helixgate@v0.0.8"\n'
    )
    assert _pins(text) == [(5, "v0.0.9"), (6, "v0.0.8")]


def test_the_ci_guide_does_not_send_readers_to_another_tag():
    text = (ROOT / "docs" / "ci-guide.md").read_text(encoding="utf-8")
    assert "tag your organisation has published" not in text
