"""Only what changed: of the files a full run would check, those whose content
differs from a Git ref.

For large monorepos and pre-merge jobs. The candidates are exactly the files
`helixgate check PATHS` would read (`sources.discover`: named files, folders
walked the same way, symbolic links to files followed). A candidate is
unchanged only when Git vouches for its content: it leads, after following
every link on the way, to a tracked file that is the same in the working tree
as at the ref, and at the ref the same path led to a file with that same
content. Anything Git cannot vouch for is checked: a new path (added,
untracked, ignored or renamed), a link that was a file or points elsewhere, a
file behind a link that changed, a link that leads out of the repository or
nowhere.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .errors import HelixgateError, InputError
from .git import GitError
from .git import git as _git
from .sources import discover

# As many links as Linux follows in one path before it gives up (ELOOP).
_MAX_LINKS = 40
_LINK_MODE = "120000"
_FILE_MODES = ("100644", "100755")

# A node of a file tree, as `_resolve` asks about it: ("dir" | "file" |
# "other", "") or ("link", target); None when nothing is there.
Node = tuple[str, str] | None


class ChangesError(HelixgateError):
    """What changed cannot be told, so nothing is checked on a guess."""


@dataclass
class _RefTree:
    """The tree of one commit: every path with its mode and object, and the
    targets of its symbolic links."""

    top: str
    entries: dict[str, tuple[str, str]] = field(default_factory=dict)
    folders: set[str] = field(default_factory=set)
    links: dict[str, str] = field(default_factory=dict)

    def node(self, path: str) -> Node:
        """`path` (absolute) as it was at the commit; outside the repository,
        as it is on disk."""
        relative = _inside(path, self.top)
        if relative is None:
            return _on_disk(path)
        if relative == "" or relative in self.folders:
            return ("dir", "")
        mode, _ = self.entries.get(relative, ("", ""))
        if mode == _LINK_MODE:
            return ("link", self.links[relative])
        if mode in _FILE_MODES:
            return ("file", "")
        return ("other", "") if mode else None

    def blob(self, relative: str | None) -> str | None:
        """The object of a regular file at the commit, or None."""
        mode, blob = self.entries.get(relative or "", ("", ""))
        return blob if mode in _FILE_MODES else None


def _ref_tree(commit: str, top: str) -> _RefTree:
    tree = _RefTree(top)
    listing = _git("ls-tree", "-r", "-t", "-z", "--full-tree", commit, cwd=top)
    for line in filter(None, listing.split(b"\0")):
        meta, _, raw_path = line.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split(" ")
        path = os.fsdecode(raw_path)
        if kind == "tree":
            tree.folders.add(path)
        else:
            tree.entries[path] = (mode, blob)
    linked = [path for path, (mode, _) in tree.entries.items() if mode == _LINK_MODE]
    if linked:
        request = "".join(f"{tree.entries[path][1]}\n" for path in linked).encode("ascii")
        answer = _git("cat-file", "--batch", cwd=top, stdin=request)
        for path in linked:
            header, _, answer = answer.partition(b"\n")
            fields = header.split(b" ")
            if len(fields) != 3 or not fields[2].isdigit():
                raise GitError(f"cannot read the link {path!r} at {commit[:12]}")
            size = int(fields[2])
            tree.links[path] = os.fsdecode(answer[:size])
            answer = answer[size + 1 :]
    return tree


def _differ_from(commit: str, top: str) -> set[str]:
    """Paths whose working-tree state is not the commit's: what `git diff`
    reports (type changes and both sides of a rename included), and the files
    Git was told not to look at (assume-unchanged, skip-worktree)."""
    names = _git(
        "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", commit, "--", cwd=top
    )
    differ = {os.fsdecode(name) for name in names.split(b"\0") if name}
    for line in filter(None, _git("ls-files", "-v", "-z", cwd=top).split(b"\0")):
        tag, _, name = line.partition(b" ")
        if tag.islower() or tag == b"S":
            differ.add(os.fsdecode(name))
    return differ


def _on_disk(path: str) -> Node:
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            return ("link", os.readlink(path))
    except OSError:
        return None
    if stat.S_ISDIR(mode):
        return ("dir", "")
    return ("file", "") if stat.S_ISREG(mode) else ("other", "")


def _resolve(path: str, node: Callable[[str], Node]) -> str | None:
    """The real path that absolute `path` leads to, following links as the
    kernel does (`..` after a link goes up from the link's target), in the
    tree `node` describes; None if it leads nowhere."""
    pending = list(reversed(path.split("/")))
    resolved = ""
    followed = 0
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            resolved = resolved.rpartition("/")[0]
            continue
        candidate = f"{resolved}/{part}"
        found = node(candidate)
        if found is None:
            return None
        kind, target = found
        if kind == "link":
            followed += 1
            if followed > _MAX_LINKS or not target:
                return None
            if target.startswith("/"):
                resolved = ""
            pending.extend(reversed(target.split("/")))
            continue
        if kind != "dir" and pending:
            return None
        resolved = candidate
    return resolved or "/"


def _inside(path: str | None, top: str) -> str | None:
    """`path` relative to `top` ("" for top itself), or None if outside."""
    if path is None:
        return None
    if path == top:
        return ""
    prefix = top.rstrip("/") + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def _content_changed(path: str, tree: _RefTree, differ: set[str]) -> bool:
    """Whether absolute `path` may read differently from how it read at the
    commit; True whenever Git cannot vouch that it does not."""
    try:
        real = os.path.realpath(path, strict=True)
        regular = stat.S_ISREG(os.stat(real).st_mode)
    except OSError:
        return True  # a broken link or a loop: reading it reports why
    now = _inside(real, tree.top)
    if not regular or now is None or now in differ:
        return True
    blob = tree.blob(now)
    return blob is None or tree.blob(_inside(_resolve(path, tree.node), tree.top)) != blob


def changed_manifest_files(
    ref: str, paths: Sequence[str] = (), within: str | None = None
) -> list[str]:
    """Of the files `helixgate check PATHS` would check (default: the current
    directory), those whose content, after following links, may differ from
    the commit `ref`, named and ordered as a full run names and orders them.
    Standard input (``-``) is always kept. The repository is the one `within`
    (default: the first path) is in. ChangesError when Git cannot tell."""
    top, commit = _repository(ref, _folder_of(within or (paths[0] if paths else ".")))
    try:
        tree = _ref_tree(commit, top)
        differ = _differ_from(commit, top)
    except GitError as error:
        raise ChangesError(str(error)) from error
    here = os.getcwd()
    found = []
    for item in discover(paths or ["."]):
        if isinstance(item, InputError):
            raise ChangesError(f"cannot tell what changed in {item.source!r}: {item.message}")
        if item.path is None or _content_changed(os.path.join(here, item.path), tree, differ):
            found.append(item.name)  # no path: standard input, always read
    return found


def _folder_of(path: str) -> str:
    """The folder Git is asked in: the repository is the one the paths are in."""
    if path == "-":
        return "."
    return path if os.path.isdir(path) else (os.path.dirname(path) or ".")


# --------------------------------------------------------------------------
# The files that pin the helixgate that runs: when one changed, the pack may
# have, and with it any decision.

# Where a study repository pins helixgate and what it runs on: the
# pre-commit hook's `rev:`, requirement and constraint files, the project's
# dependencies, and lock files, anywhere in the repository.
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
_PIN_PATTERNS = (
    PRE_COMMIT_CONFIG,
    ":(glob)**/requirements*.txt",
    ":(glob)**/requirements/*.txt",
    ":(glob)**/constraints*.txt",
    ":(glob)**/pyproject.toml",
    ":(glob)**/uv.lock",
    ":(glob)**/poetry.lock",
    ":(glob)**/Pipfile",
    ":(glob)**/Pipfile.lock",
)


def changed_pins(ref: str, within: str = ".") -> list[str]:
    """The files that pin helixgate (see _PIN_PATTERNS) whose content differs
    from the commit `ref` (added, edited or deleted, committed or not;
    untracked ones that are not ignored count), relative to the repository's
    top, in order. `.pre-commit-config.yaml` counts only when the `rev:` of a
    repository whose URL names helixgate changed (or either version cannot
    be read). ChangesError when Git cannot tell."""
    top, commit = _repository(ref, _folder_of(within))
    try:
        listed = _git(
            "diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", commit,
            "--", *_PIN_PATTERNS, cwd=top,
        )  # fmt: skip
        untracked = _git(
            "ls-files", "--others", "--exclude-standard", "-z", "--", *_PIN_PATTERNS, cwd=top
        )
    except GitError as error:
        raise ChangesError(str(error)) from error
    names = {os.fsdecode(n) for n in (*listed.split(b"\0"), *untracked.split(b"\0")) if n}
    if PRE_COMMIT_CONFIG in names and not _hook_rev_changed(commit, top):
        names.discard(PRE_COMMIT_CONFIG)
    return sorted(names)


def _hook_rev_changed(commit: str, top: str) -> bool:
    """Whether the helixgate hooks' `rev:` differ between the commit's
    .pre-commit-config.yaml and the working tree's; True when either cannot
    be read (nothing is left unchecked on a guess)."""
    try:
        before = _git("show", f"{commit}:{PRE_COMMIT_CONFIG}", cwd=top)
    except GitError:
        before = None  # no such file at the commit
    try:
        with open(os.path.join(top, PRE_COMMIT_CONFIG), "rb") as file:
            now: bytes | None = file.read()
    except FileNotFoundError:
        now = None
    except OSError:
        return True
    old_revs, new_revs = _helixgate_revs(before), _helixgate_revs(now)
    return old_revs is None or new_revs is None or old_revs != new_revs


def _helixgate_revs(text: bytes | None) -> list[tuple[str, str]] | None:
    """(repo, rev) of each entry of a pre-commit configuration whose `repo`
    names helixgate (none for no file); None when it cannot be read."""
    import yaml

    if text is None:
        return []
    try:
        config = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    if config is None:
        return []
    repos = config.get("repos") if isinstance(config, dict) else None
    if not isinstance(repos, list):
        return None
    found = []
    for entry in repos:
        if not isinstance(entry, dict):
            return None
        repo = entry.get("repo")
        if isinstance(repo, str) and "helixgate" in repo.casefold():
            found.append((repo, str(entry.get("rev"))))
    return found


def _repository(ref: str, inside: str) -> tuple[str, str]:
    """The top of the repository `inside` is in, and the commit `ref` names."""
    if ref.startswith("-"):
        raise ChangesError(f"{ref!r} is not a commit of this repository")
    try:
        top = os.path.realpath(
            os.fsdecode(_git("rev-parse", "--show-toplevel", cwd=inside)).rstrip("\n")
        )
    except GitError as error:
        raise ChangesError(str(error)) from error
    try:
        commit = (
            _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=inside)
            .decode()
            .strip()
        )
    except GitError as error:
        raise ChangesError(f"{ref!r} is not a commit of this repository") from error
    return top, commit
