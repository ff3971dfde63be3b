"""`make bench`: what issue 17 asks of helixgate's speed, as ratios measured side
by side in one run, each against its target (reported, never asserted).

Parts (--parts, default all), on generated corpora (bench/corpus.py) of SMALL
and LARGE manifests (--sizes SMALL,LARGE, default 1,000 and 10,000), one file
per manifest, in which no two manifests count together:

- pack:   `opa eval` of the current pack against the pack at revision
          2026.11.0, on the LARGE corpus as one input file (built outside the
          timing). The old pack comes from Git history: the last commit at
          which policies/helixgate/meta/data.json says that revision, its
          policies/ extracted with `git archive` into .cache/bench/. The old
          pack is asked per manifest (OLD_QUERY, `result` with a fresh input);
          the current one as helixgate asks it, `data.helixgate.main.results`
          on one input holding every manifest and, in context.portfolio.entries,
          every manifest's counting entries. Those entries come from one
          `opa eval` of `data.helixgate.main.entries`, timed on its own and not
          part of the ratio (the old bench's `results` tool, which measured a
          quadratic `with input.manifest` long gone, is this measure now).
          Target: old / current >= 5. Agreement: per manifest, the set of
          (rule, level) findings restricted to the rules both catalogues have
          (an old id mapped to the one the current catalogue says replaced it,
          `replaced_by`) must be equal on every rule both catalogues define
          alike (same `checks` and level); differences on a rule the current
          catalogue defines otherwise (policy pack 2 widened it, e.g.
          DOJ-BULK-001 now counts remote access) are counted apart, by rule,
          and do not fail the bench. And the corpus must not count across
          manifests: checked on the entries (no counterparty, corporate group
          or exporter shared by two manifests), else the comparison is void.
- e2e:    `helixgate check --format json DIR` against `conftest test` and
          `conftest test --combine` (which counts the portfolio as helixgate
          does), same files, same pack (policies/conftest with
          policies/helixgate). Target: helixgate / conftest <= 0.25;
          helixgate / conftest --combine and helixgate / the pack's own
          `results` (from pack) are reported. Agreement: on every file, the
          decision and the deny/warn messages of helixgate and of each conftest
          run (file by file, conftest's warning that counting needs --combine
          is not a finding).
- cold:   `helixgate check one.yaml` against `conftest test one.yaml`
          (default text output, --cold-runs runs). Target <= 1.2.
- growth: helixgate on LARGE / SMALL manifests (target <= 1.1 times the size
          ratio, 11x for 10,000 / 1,000; LARGE from e2e when it ran); the same
          on the portfolio-stress corpus, where every manifest sends a small
          American dataset to one covered lab in China on its own day, all
          from one sender (each manifest's windows take in the year before
          it); and one manifest with LARGE_T / SMALL_T transfers on distinct
          days to one covered lab (--transfers, default 1,000 and 10,000;
          target <= 1.2 times the ratio, 12x), asked with helixgate's default
          OPA time-out: the LARGE_T one must be decided (time and outcome
          reported). A stress run that helixgate could not decide (exit 2) is
          reported as not decided, not as a failure.
- memory: peak RSS of helixgate's whole process tree (Python and OPA) at
          LARGE manifests (from e2e when it ran; target <= 150 MB), and
          `python -m bench.stream N` (Evaluator.evaluate_many(stream=True)
          over N generated manifests held as mappings, produced one at a time)
          for SMALL and LARGE: peak RSS must be flat (LARGE / SMALL <= 1.1).

Each command runs --runs times (3), the tools of a part taking turns so that
noise from other work falls on all of them; page caches are warmed by one
untimed run of each tool on one manifest first. Wall time is the median. A run longer than
--cap seconds (120) is stopped (its process group killed) and reported as
"> cap" (the ratio is then a bound); a command whose first run takes more
than --once-above seconds (60) is not repeated. Peak RSS: the largest
process (`/usr/bin/time -f %M`, else wait4) and the whole process tree
(RSS summed over the process and its descendants, sampled every 50 ms).

Markdown to stdout (a table of every figure against its target, then each
command's times and memory, then the agreement), JSON to
.cache/bench/results.json. Exit 1 only when decisions disagree, the corpus
counts across manifests, or a tool fails
(an unexpected exit code, a main-corpus run with errors); a missed target
is reported, not an error. Standard library and the project's dependencies.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import (
    SEED,
    Manifest,
    manifest,
    render,
    stress_manifest,
    transfers_manifest,
    write_corpus,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / ".cache" / "bench"
TIME = "/usr/bin/time"
PARTS = ("pack", "e2e", "cold", "growth", "memory")
META = "policies/helixgate/meta/data.json"
CATALOGUE = "policies/helixgate/catalogue/data.json"
OLD_REVISION = "2026.11.0"
OLD_QUERY = (
    "[r | some m in input.manifests; r := data.helixgate.main.result "
    'with input as {"manifest": m, "context": input.context}]'
)
CURRENT_QUERY = "data.helixgate.main.results"
ENTRIES_QUERY = "data.helixgate.main.entries"
SAMPLE_EVERY = 0.05
_PAGE = os.sysconf("SC_PAGE_SIZE")


class Failure(Exception):
    """A tool failed: the part stops, the bench goes on and exits 1."""


# --- running and measuring one command ----------------------------------------------


@dataclass
class Measure:
    wall: float
    rss_kb: int
    tree_kb: int
    code: int
    capped: bool = False


def _tree_rss_kb(root: int) -> int:
    """RSS summed over `root` and its descendants (from /proc, by parent pid)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending.extend(parents.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * _PAGE
        except OSError:
            continue
    return total // 1024


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_EVERY):
            self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.pid))


def run_once(
    command: list[str], stdout: Path, ok_codes: Iterable[int] = (0, 1), cap: float | None = None
) -> Measure:
    """Run `command` once, its output in `stdout`: wall time, peak RSS. After
    `cap` seconds its process group (the command and its children) is killed
    and the measure is marked capped."""
    rss_file = stdout.with_suffix(".rss")
    rss_file.unlink(missing_ok=True)
    timed = [TIME, "-f", "%M", "-o", str(rss_file), *command] if Path(TIME).exists() else command
    stderr = stdout.with_suffix(".stderr")
    with stdout.open("wb") as out, stderr.open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            timed,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            start_new_session=True,
        )
        capped = threading.Event()

        def stop() -> None:
            capped.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(cap, stop) if cap else None
        if timer is not None:
            timer.start()
        sampler = _Sampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if timer is not None:
            timer.cancel()
        sampler.done.set()
        sampler.join()
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if capped.is_set():
        return Measure(wall, sampler.peak_kb, sampler.peak_kb, code, capped=True)
    if timed is command or not rss_file.exists():
        rss_kb = int(usage.ru_maxrss)
    else:
        lines = rss_file.read_text().split()  # "Command exited with non-zero status 1\n123"
        rss_kb = int(lines[-1])
    if code not in ok_codes:
        detail = stderr.read_text(errors="replace")[-2000:]
        raise Failure(f"{' '.join(command)} exited with {code}\n{detail}")
    # a run shorter than one sampling interval has no sample: the largest
    # process is then the best lower bound of the tree
    return Measure(wall, rss_kb, max(sampler.peak_kb, rss_kb), code)


@dataclass
class Series:
    """Runs of one command: `label` names it in the tables."""

    part: str
    label: str
    size: int
    command: list[str]
    output: Path
    ok_codes: tuple[int, ...] = (0, 1)
    measures: list[Measure] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return any(m.capped for m in self.measures)

    @property
    def median(self) -> float | None:
        """The median wall time; None when a run was stopped at the cap."""
        if self.capped or not self.measures:
            return None
        return statistics.median(m.wall for m in self.measures)

    @property
    def bound(self) -> float:
        """A lower bound of the wall time: the median, or the cap reached."""
        return self.median if self.median is not None else max(m.wall for m in self.measures)

    @property
    def tree_mb(self) -> float:
        return max(m.tree_kb for m in self.measures) / 1024

    @property
    def rss_mb(self) -> float:
        return max(m.rss_kb for m in self.measures) / 1024

    def summary(self) -> dict[str, Any]:
        walls = [m.wall for m in self.measures]
        median = self.median
        return {
            "part": self.part,
            "label": self.label,
            "manifests": self.size,
            "runs": len(walls),
            "walls_s": [round(w, 4) for w in walls],
            "median_s": None if median is None else round(median, 4),
            "stopped_at_cap": self.capped,
            "min_s": round(min(walls), 4) if walls else None,
            "max_s": round(max(walls), 4) if walls else None,
            "peak_rss_mb": round(self.rss_mb, 1) if walls else None,
            "tree_peak_rss_mb": round(self.tree_mb, 1) if walls else None,
            "exit_codes": sorted({m.code for m in self.measures}),
            "command": [str(c) for c in self.command],
        }


@dataclass
class Settings:
    runs: int
    cap: float
    once_above: float


def measure(series: list[Series], runs: int, settings: Settings) -> None:
    """`runs` runs of each series, taking turns. A series stops after a run
    stopped at the cap or one longer than settings.once_above."""
    for n in range(runs):
        for s in series:
            if s.capped or (s.measures and s.measures[-1].wall > settings.once_above):
                continue
            print(f"bench: {s.label} {s.size:,} run {n + 1}/{runs}", file=sys.stderr)
            s.measures.append(run_once(s.command, s.output, s.ok_codes, settings.cap))


# --- the tools and their inputs ------------------------------------------------------


@dataclass
class Binaries:
    helixgate: str
    opa: str
    conftest: str
    python: str

    @staticmethod
    def find() -> Binaries:
        helixgate = Path(sys.executable).parent / "helixgate"
        opa = os.environ.get("HELIXGATE_OPA") or str(ROOT / ".cache" / "bin" / "opa")
        conftest = str(ROOT / ".cache" / "bin" / "conftest")
        for name, path in (("helixgate", helixgate), ("opa", opa), ("conftest", conftest)):
            if not Path(path).exists():
                sys.exit(f"bench: {name} not found at {path} (make setup conftest)")
        return Binaries(str(helixgate), opa, conftest, sys.executable)

    @staticmethod
    def version(*command: str) -> str:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return " ".join(done.stdout.split()[:6])


class Tools:
    def __init__(self, binaries: Binaries, as_of: str) -> None:
        self.bin = binaries
        self.as_of = as_of

    def helixgate(self, target: Path, report: bool = True) -> list[str]:
        output = ["--format", "json"] if report else []
        return [self.bin.helixgate, "check", *output, "--as-of", self.as_of, str(target)]

    def conftest(self, target: Path, combine: bool = False, report: bool = True) -> list[str]:
        output = ["--output", "json"] if report else []
        return [
            self.bin.conftest, "test", "--no-color", *output, *(["--combine"] if combine else []),
            "--policy", "policies/conftest", "--policy", "policies/helixgate",
            "--data", "policies", str(target),
        ]  # fmt: skip

    def opa_eval(self, policies: Path, input_file: Path, query: str) -> list[str]:
        return [
            self.bin.opa, "eval", "--data", str(policies), "--ignore", "*_test.rego",
            "--input", str(input_file), "--format", "raw", query,
        ]  # fmt: skip

    def stream(self, count: int, seed: int) -> list[str]:
        return [
            self.bin.python,
            "-m",
            "bench.stream",
            str(count),
            "--seed",
            str(seed),
            "--as-of",
            self.as_of,
        ]


@dataclass
class Corpus:
    name: str
    size: int
    directory: Path
    files: list[Path]
    manifests: list[Manifest]


_corpora: dict[tuple[str, int], Corpus] = {}


def corpus(name: str, size: int, seed: int) -> Corpus:
    """The corpus `name` ("main" or "stress") of `size` manifests, written once."""
    if (name, size) not in _corpora:
        make = manifest if name == "main" else stress_manifest
        directory = OUT / f"{name}-{size}"
        print(f"bench: writing {size:,} {name} manifests in {directory}", file=sys.stderr)
        written = write_corpus(directory, size, seed, make)
        files, manifests = [p for p, _ in written], [m for _, m in written]
        _corpora[name, size] = Corpus(name, size, directory, files, manifests)
    return _corpora[name, size]


def context(as_of: str) -> dict[str, Any]:
    return {"as_of": as_of, "profile": {}, "waivers": []}


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise Failure(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def old_pack_commit(revision: str = OLD_REVISION) -> str:
    """The last commit at which META says `revision`: the parent of the first
    commit after it that changed META, else HEAD when none did."""
    changes = git("log", "--format=%H", "--reverse", "--", META).split()
    at = [json.loads(git("show", f"{c}:{META}")).get("revision") == revision for c in changes]
    if True not in at:
        raise Failure(f"no commit has {META} at revision {revision}")
    last = len(at) - 1 - at[::-1].index(True)
    if last == len(changes) - 1:
        return git("rev-parse", "HEAD").strip()
    return git("rev-parse", f"{changes[last + 1]}^").strip()


def old_pack(commit: str) -> Path:
    """policies/ of `commit`, extracted (once) under .cache/bench/ (git-ignored)."""
    folder = OUT / f"pack-{OLD_REVISION}"
    marker = folder / ".commit"
    if marker.exists() and marker.read_text() == commit:
        return folder / "policies"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "policies"], capture_output=True, cwd=ROOT
    )
    if archive.returncode != 0:
        raise Failure(f"git archive {commit} policies: {archive.stderr.decode(errors='replace')}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    marker.write_text(commit)
    return folder / "policies"


# --- agreement ---------------------------------------------------------------------


def _catalogue(path: Path) -> dict[str, dict[str, Any]]:
    rules: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rules"]
    return rules


@dataclass
class Rules:
    """The rules both packs have: rule ids of both catalogues, an old id
    mapped to the current one that the current catalogue says replaced it
    (`replaced_by`), and which of them the catalogues define alike (the same
    `checks` and level)."""

    renamed: dict[str, str]
    common: set[str]
    changed: set[str]

    @staticmethod
    def of(old_catalogue: Path, new_catalogue: Path) -> Rules:
        old, new = _catalogue(old_catalogue), _catalogue(new_catalogue)
        renamed = {r: new[r]["replaced_by"] for r in new if new[r].get("replaced_by")}
        common: set[str] = set()
        changed: set[str] = set()
        for rule, entry in old.items():
            now = renamed.get(rule, rule)
            if now not in new:
                continue
            common.add(now)
            if (entry.get("checks"), entry.get("level")) != (
                new[now].get("checks"),
                new[now].get("level"),
            ):
                changed.add(now)
        return Rules(renamed, common, changed)

    def pairs(self, result: dict[str, Any]) -> set[tuple[str, str]]:
        found = ((self.renamed.get(f["rule"], f["rule"]), f["level"]) for f in result["findings"])
        return {(rule, level) for rule, level in found if rule in self.common}


def compare_packs(
    old: list[dict[str, Any]], new: list[dict[str, Any]], rules: Rules, size: int
) -> dict[str, Any]:
    """Per manifest, the (rule, level) findings of the rules both packs have.
    A difference on a rule whose definition is the same in both catalogues is
    a disagreement; one on a rule the current catalogue defines otherwise
    (policy pack 2 widened it) is counted apart, by rule."""
    disagree: list[str] = []
    redefined: Counter[str] = Counter()
    redefined_manifests = 0
    redefined_examples: list[str] = []
    for name, answer in (("old", old), ("current", new)):
        if len(answer) != size:
            disagree.append(f"the {name} pack answered {len(answer)} results for {size}")
    same_decision = 0
    for a, b in zip(old, new, strict=False):
        if a["manifest"] != b["manifest"]:
            disagree.append(f"{a['manifest']}: the current pack answers for {b['manifest']}")
            continue
        same_decision += a["decision"] == b["decision"]
        only_old, only_new = rules.pairs(a) - rules.pairs(b), rules.pairs(b) - rules.pairs(a)
        if not only_old and not only_new:
            continue
        text = f"{a['manifest']}: only old {sorted(only_old)}, only current {sorted(only_new)}"
        if {rule for rule, _ in only_old | only_new} <= rules.changed:
            redefined.update(rule for rule, _ in only_old | only_new)
            redefined_manifests += 1
            redefined_examples.append(text)
        else:
            disagree.append(text)
    return {
        "common_rules": len(rules.common),
        "common_rules_redefined": sorted(rules.changed),
        "renamed": rules.renamed,
        "disagreements": len(disagree),
        "examples": disagree[:10],
        "differ_on_redefined_rules_only": redefined_manifests,
        "redefined_rule_differences": dict(redefined),
        "redefined_examples": redefined_examples[:5],
        "same_overall_decision": same_decision,
        "old_decisions": dict(Counter(r["decision"] for r in old)),
        "current_decisions": dict(Counter(r["decision"] for r in new)),
    }


def counted_together(entries: list[list[dict[str, Any]]]) -> list[str]:
    """Manifests whose counting reaches another manifest's: DOJ entries of one
    sender joined by counterparty or owner keys into a component that holds
    a covered entry, or PIPL entries of one exporter, across manifests."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    nodes: list[tuple[str, str, bool]] = []  # (manifest, node, covered)
    for found in entries:
        for n, e in enumerate(found):
            node = f"entry:{e['manifest']}:{n}"
            if e.get("family") == "pipl":
                parent[find(node)] = find(f"pipl:{e['exporter']}")
                nodes.append((e["manifest"], node, True))
                continue
            for key in [*e.get("keys", []), *e.get("owners", [])]:
                parent[find(node)] = find(f"doj:{e['sender']}:{key}")
            nodes.append((e["manifest"], node, bool(e.get("covered"))))
    members: dict[str, set[str]] = {}
    covered: set[str] = set()
    for manifest_id, node, is_covered in nodes:
        root = find(node)
        members.setdefault(root, set()).add(manifest_id)
        if is_covered:
            covered.add(root)
    return sorted(
        {m for root, ms in members.items() if len(ms) > 1 and root in covered for m in ms}
    )


def _message(finding: dict[str, Any]) -> str:
    pointer = finding.get("pointer", "")
    text = f"{finding['rule']}: {finding['message']}"
    return f"{text} ({pointer})" if pointer else text


# conftest file by file warns that the DOJ counts need --combine (on every
# manifest); it is about how conftest is run, not a finding to compare.
_COMBINE_WARNING = "HG-CONFTEST: the DOJ counts add up transfers across manifests"
# conftest --combine: "PATH MANIFEST-ID: RULE: message (pointer)"
_COMBINED = re.compile(r"^(?P<path>.+?\.(?:ya?ml|json)) (?P<id>[^ :]+): (?P<rest>.*)$", re.S)


def helixgate_report(report_file: Path, corpus: Corpus) -> tuple[dict[str, Any], dict[str, Any]]:
    """helixgate's JSON report: results by file name, and a summary."""
    names = {str(p.resolve()): p.name for p in corpus.files}
    report = json.loads(report_file.read_text())
    decided = {
        names.get(str(Path(r["source"]).resolve()), r["source"]): r for r in report["results"]
    }
    errors = report["errors"]
    return decided, {
        "decided": len(decided),
        "of": corpus.size,
        "complete": report["complete"],
        "errors": len(errors),
        "first_error": errors[0].get("message") if errors else None,
        "decisions": dict(Counter(r["decision"] for r in decided.values())),
    }


def compare_conftest(
    decided: dict[str, dict[str, Any]], conftest_file: Path, corpus: Corpus, combined: bool
) -> dict[str, Any]:
    """Decision and deny/warn messages of helixgate and conftest on every file."""
    names = {str(p.resolve()): p.name for p in corpus.files}
    got: dict[str, tuple[list[str], list[str]]] = {p.name: ([], []) for p in corpus.files}
    disagree: list[str] = []
    for entry in json.loads(conftest_file.read_text()):
        for kind, slot in (("failures", 0), ("warnings", 1)):
            for finding in entry.get(kind) or []:
                message, name = finding["msg"], entry["filename"]
                if combined:
                    match = _COMBINED.match(message)
                    if match is None:
                        disagree.append(f"conftest --combine: no file in {message[:200]!r}")
                        continue
                    name, message = match["path"], match["rest"]
                if message.startswith(_COMBINE_WARNING):
                    continue
                name = names.get(str(Path(name).resolve()), name)
                if name not in got:
                    disagree.append(f"{name}: conftest only")
                    continue
                got[name][slot].append(message)
    for name, (denies, warns) in got.items():
        mine = decided.get(name)
        if mine is None:
            disagree.append(f"{name}: not decided by helixgate")
            continue
        verdict = "deny" if denies else "review" if warns else "allow"
        want_deny = sorted({_message(f) for f in mine["findings"] if f["level"] == "deny"})
        want_warn = sorted({_message(f) for f in mine["findings"] if f["level"] == "review"})
        if verdict != mine["decision"]:
            disagree.append(f"{name}: conftest {verdict}, helixgate {mine['decision']}")
        elif (sorted(set(denies)), sorted(set(warns))) != (want_deny, want_warn):
            disagree.append(f"{name}: same decision, other deny/warn messages")
    return {"disagreements": len(disagree), "examples": disagree[:10]}


# --- targets -----------------------------------------------------------------------


@dataclass
class Target:
    """One figure of issue 17 against its target."""

    key: str
    figure: str
    value: float | None  # the ratio or the MB; None when it could not be measured
    target: float | None  # None: reported, no target
    at_most: bool = True
    unit: str = "x"
    detail: str = ""
    bound: str = ""  # ">" or "<" when a run was stopped at the cap
    missed_because: str = ""  # a reason the target is missed whatever the value

    @property
    def met(self) -> bool | None:
        if self.target is None:
            return None
        if self.missed_because:
            return False
        if self.value is None:
            return None
        if self.bound == (">" if self.at_most else "<"):
            return False  # the value is only a bound on the wrong side
        return self.value <= self.target if self.at_most else self.value >= self.target

    def summary(self) -> dict[str, Any]:
        return {
            "figure": self.figure,
            "value": None if self.value is None else round(self.value, 3),
            "bound": self.bound or None,
            "unit": self.unit,
            "target": self.target,
            "target_is": "at most" if self.at_most else "at least",
            "met": self.met,
            "detail": self.detail,
            "missed_because": self.missed_because or None,
        }


def ratio(
    key: str,
    figure: str,
    top: Series | None,
    bottom: Series | None,
    target: float | None,
    at_most: bool = True,
) -> Target:
    """top / bottom of the median wall times, with a bound when either was capped."""
    if top is None or bottom is None or not top.measures or not bottom.measures:
        return Target(key, figure, None, target, at_most, detail="not measured")
    if top.capped and bottom.capped:
        return Target(key, figure, None, target, at_most, detail="both stopped at the cap")
    value = top.bound / bottom.bound
    if top.capped:
        bound = ">"
    elif bottom.capped:
        bound = "<"
    else:
        bound = ""
    detail = f"{_seconds(top)} / {_seconds(bottom)}"
    return Target(key, figure, value, target, at_most, detail=detail, bound=bound)


def _seconds(s: Series) -> str:
    return f"> {s.bound:.1f} s (stopped)" if s.capped else f"{s.bound:.2f} s"


# --- the parts ---------------------------------------------------------------------


@dataclass
class Bench:
    tools: Tools
    settings: Settings
    cold_runs: int
    small: int
    large: int
    transfers: tuple[int, int]
    seed: int
    series: list[Series] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def run(self, series: list[Series], runs: int | None = None) -> None:
        self.series.extend(series)
        measure(series, self.settings.runs if runs is None else runs, self.settings)

    def find(self, part: str, label: str, size: int) -> Series | None:
        return next(
            (s for s in self.series if (s.part, s.label, s.size) == (part, label, size)), None
        )

    def main_check(self, part: str, size: int, pending: list[Series]) -> Series:
        """`helixgate check` on the main corpus of `size`: the run an earlier
        part measured, else a new one for `part`, added to `pending`."""
        found = self.find("e2e", "helixgate check", size) or self.find(
            "growth", "helixgate check", size
        )
        if found is not None:
            return found
        directory = corpus("main", size, self.seed).directory
        made = Series(
            part, "helixgate check", size, self.tools.helixgate(directory),
            OUT / f"out-{part}-{size}.json",
        )  # fmt: skip
        pending.append(made)
        return made

    # 1. the pack

    def pack(self) -> None:
        as_of, size = self.tools.as_of, self.large
        main = corpus("main", size, self.seed)
        commit = old_pack_commit()
        old_policies = old_pack(commit)
        question = {"manifests": main.manifests, "context": context(as_of)}
        plain = write_json(OUT / f"pack-input-{size}.json", question)
        entries_out = OUT / f"pack-entries-{size}.json"
        print(f"bench: the counting entries of {size:,} manifests", file=sys.stderr)
        prepared = run_once(
            self.tools.opa_eval(ROOT / "policies", plain, ENTRIES_QUERY), entries_out, (0,)
        )
        entries: list[list[dict[str, Any]]] = json.loads(entries_out.read_text())
        portfolio = {**context(as_of), "portfolio": {"entries": [e for f in entries for e in f]}}
        counted_input = write_json(
            OUT / f"pack-input-{size}-portfolio.json",
            {"manifests": main.manifests, "context": portfolio},
        )
        old = Series(
            "pack",
            f"opa eval, pack {OLD_REVISION}",
            size,
            self.tools.opa_eval(old_policies, plain, OLD_QUERY),
            OUT / f"out-pack-old-{size}.json",
            (0,),
        )
        new = Series(
            "pack",
            "opa eval, current pack",
            size,
            self.tools.opa_eval(ROOT / "policies", counted_input, CURRENT_QUERY),
            OUT / f"out-pack-current-{size}.json",
            (0,),
        )
        self.run([old, new])
        linked = counted_together(entries)
        if linked:
            self.problems.append(
                f"pack: {len(linked)} manifests of the corpus count together, e.g. {linked[:5]}"
            )
        agreement: dict[str, Any] = {"compared": False}
        if not old.capped and not new.capped:
            rules = Rules.of(old_policies.parent / CATALOGUE, ROOT / CATALOGUE)
            old_results = json.loads(old.output.read_text())
            new_results = json.loads(new.output.read_text())
            agreement = {"compared": True, **compare_packs(old_results, new_results, rules, size)}
            if agreement["disagreements"]:
                self.problems.append(f"pack: {agreement['disagreements']} manifests disagree")
        current_revision = json.loads((ROOT / META).read_text())["revision"]
        self.details["pack"] = {
            "old_commit": commit,
            "old_revision": OLD_REVISION,
            "current_revision": current_revision,
            "entries_s": round(prepared.wall, 3),
            "entries": sum(len(f) for f in entries),
            "manifests_counted_together": len(linked),
            "agreement": agreement,
        }
        speedup = ratio(
            "pack_speedup",
            f"pack: opa eval of {OLD_REVISION} / of the current "
            f"pack ({current_revision}), {size:,} manifests",
            old,
            new,
            5.0,
            at_most=False,
        )
        with_entries = Series("pack", "current pack with its entries", size, [], new.output)
        if new.median is not None:
            with_entries.measures = [Measure(new.median + prepared.wall, 0, 0, 0)]
        differ = agreement.get("disagreements") if agreement["compared"] else None
        self.targets += [
            Target(
                "pack_disagreements",
                "pack: manifests whose (rule, level) findings differ between the packs on "
                "rules both catalogues define alike",
                differ,
                0,
                unit="manifests",
                detail="not compared (a pack was stopped)"
                if differ is None
                else f"{agreement['differ_on_redefined_rules_only']} more differ only on rules the "
                "current catalogue redefines",
            ),
            speedup,
            ratio(
                "pack_speedup_with_entries",
                "pack: the same, the current pack's time including the entries step",
                old,
                with_entries,
                None,
                at_most=False,
            ),
        ]

    # 2. end to end

    def e2e(self) -> None:
        size = self.large
        main = corpus("main", size, self.seed)
        mine = Series(
            "e2e",
            "helixgate check",
            size,
            self.tools.helixgate(main.directory),
            OUT / f"out-helixgate-{size}.json",
        )
        theirs = Series(
            "e2e",
            "conftest test",
            size,
            self.tools.conftest(main.directory),
            OUT / f"out-conftest-{size}.json",
        )
        combined = Series(
            "e2e",
            "conftest test --combine",
            size,
            self.tools.conftest(main.directory, combine=True),
            OUT / f"out-conftest-combine-{size}.json",
        )
        self.run([mine, theirs, combined])
        decided: dict[str, dict[str, Any]] = {}
        summary: dict[str, Any] = {"stopped_at_cap": True}
        if not mine.capped:
            decided, summary = helixgate_report(mine.output, main)
            if summary["errors"] or not summary["complete"] or summary["decided"] != size:
                self.problems.append(f"e2e: helixgate did not decide every manifest: {summary}")
        agree: dict[str, Any] = {"helixgate": summary}
        for name, s, together in (
            ("conftest", theirs, False),
            ("conftest_combine", combined, True),
        ):
            if s.capped or mine.capped:
                agree[name] = {"compared": False, "why": "stopped at the cap: raise --cap"}
                continue
            agree[name] = {"compared": True, **compare_conftest(decided, s.output, main, together)}
            if agree[name]["disagreements"]:
                self.problems.append(f"e2e: {name} disagrees on {agree[name]['disagreements']}")
        self.details["e2e"] = {"agreement": agree}
        combined_differ = agree["conftest_combine"].get("disagreements")
        self.targets += [
            Target(
                "e2e_disagreements",
                "end to end: files on which helixgate and conftest test --combine disagree",
                combined_differ,
                0,
                unit="files",
                detail="not compared (stopped at the cap)"
                if combined_differ is None
                else f"file by file: {agree['conftest'].get('disagreements', 'not compared')}",
            ),
            ratio(
                "e2e_vs_conftest",
                f"end to end: helixgate check / conftest test, {size:,} files",
                mine,
                theirs,
                0.25,
            ),
            ratio(
                "e2e_vs_conftest_combine",
                "end to end: helixgate check / conftest test --combine",
                mine,
                combined,
                None,
            ),
            ratio(
                "e2e_vs_pack",
                "end to end: helixgate check / the current pack's opa eval (pack part)",
                mine,
                self.find("pack", "opa eval, current pack", size),
                None,
            ),
        ]

    # 3. cold start

    def warm_up(self) -> None:
        """One untimed run of each tool on one manifest: binaries in the page cache."""
        one = self.one()
        question = write_json(
            OUT / "one.json",
            {"manifests": [manifest(0, self.seed)], "context": context(self.tools.as_of)},
        )
        for command in (
            self.tools.helixgate(one, report=False),
            self.tools.conftest(one, report=False),
            self.tools.opa_eval(ROOT / "policies", question, CURRENT_QUERY),
            self.tools.stream(1, self.seed),
        ):
            print(f"bench: warm-up {Path(command[0]).name}", file=sys.stderr)
            run_once(command, OUT / "warmup.out", cap=self.settings.cap)

    def one(self) -> Path:
        one = OUT / "cold" / "one.yaml"
        one.parent.mkdir(parents=True, exist_ok=True)
        one.write_text(render(0, manifest(0, self.seed)), encoding="utf-8")
        return one

    def cold(self) -> None:
        one = self.one()
        mine = Series(
            "cold",
            "helixgate check one.yaml",
            1,
            self.tools.helixgate(one, report=False),
            OUT / "cold-helixgate.out",
        )
        theirs = Series(
            "cold",
            "conftest test one.yaml",
            1,
            self.tools.conftest(one, report=False),
            OUT / "cold-conftest.out",
        )
        self.run([mine, theirs], self.cold_runs)
        self.targets.append(
            ratio(
                "cold",
                "cold start: helixgate check one.yaml / conftest test one.yaml",
                mine,
                theirs,
                1.2,
            )
        )

    # 4. linear growth

    def growth(self) -> None:
        small, large = self.small, self.large
        factor = large / small
        pending: list[Series] = []
        main_small = corpus("main", small, self.seed)
        pending.append(
            Series(
                "growth",
                "helixgate check",
                small,
                self.tools.helixgate(main_small.directory),
                OUT / f"out-growth-{small}.json",
            )
        )
        main_large = self.main_check("growth", large, pending)
        stress = {
            n: Series(
                "growth",
                "helixgate check, portfolio stress",
                n,
                self.tools.helixgate(corpus("stress", n, self.seed).directory),
                OUT / f"out-stress-{n}.json",
                (0, 1, 2),
            )
            for n in (small, large)
        }
        many: dict[int, Series] = {}
        for n in self.transfers:
            path = OUT / "transfers" / f"transfers-{n}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(transfers_manifest(n, self.seed)), encoding="utf-8")
            many[n] = Series(
                "growth",
                "helixgate check, one manifest of N transfers",
                n,
                self.tools.helixgate(path),
                OUT / f"out-transfers-{n}.json",
                (0, 1, 2),
            )
        self.run([*pending, *stress.values(), *many.values()])
        for s in pending:
            if s.capped:
                continue  # reported as stopped
            _, summary = helixgate_report(s.output, corpus("main", s.size, self.seed))
            if summary["errors"] or not summary["complete"] or summary["decided"] != s.size:
                self.problems.append(f"growth: helixgate did not decide every manifest: {summary}")
        outcome: dict[str, Any] = {}
        for kind, group in (("stress", stress), ("transfers", many)):
            for n, s in group.items():
                if s.capped:
                    outcome[f"{kind}-{n}"] = {"decided": False, "why": "stopped at the cap"}
                    continue
                report = json.loads(s.output.read_text())
                errors = report["errors"]
                outcome[f"{kind}-{n}"] = {
                    "decided": bool(report["complete"]) and not errors,
                    "decisions": dict(Counter(r["decision"] for r in report["results"])),
                    "errors": len(errors),
                    "first_error": errors[0].get("message") if errors else None,
                    "exit_code": s.measures[-1].code,
                }
        self.details["growth"] = outcome
        t_small, t_large = self.transfers
        growth = ratio(
            "growth_main",
            f"growth: helixgate, {large:,} / {small:,} manifests",
            main_large,
            pending[0],
            round(1.1 * factor, 2),
        )
        pressed = ratio(
            "growth_stress",
            f"growth: helixgate, portfolio stress, {large:,} / "
            f"{small:,} manifests reaching one covered lab",
            stress[large],
            stress[small],
            round(1.1 * factor, 2),
        )
        transfers = ratio(
            "growth_transfers",
            f"growth: helixgate, one manifest of {t_large:,} / "
            f"{t_small:,} transfers to one covered lab",
            many[t_large],
            many[t_small],
            round(1.2 * t_large / t_small, 2),
        )
        for target, kind, sizes in (
            (pressed, "stress", (small, large)),
            (transfers, "transfers", (t_small, t_large)),
        ):
            undecided = [n for n in sizes if not outcome[f"{kind}-{n}"]["decided"]]
            if undecided:
                target.missed_because = f"not decided: {', '.join(f'{n:,}' for n in undecided)}"
        large_t = many[t_large]
        decided = outcome[f"transfers-{t_large}"]["decided"]
        self.targets += [
            growth,
            pressed,
            transfers,
            Target(
                "transfers_decided",
                f"growth: the manifest of {t_large:,} transfers decided "
                "within helixgate's default OPA time-out (s)",
                large_t.bound,
                None,
                unit="s",
                detail="decided" if decided else "NOT decided",
                bound=">" if large_t.capped else "",
                missed_because="" if decided else "not decided",
            ),
        ]

    # 5. memory

    def memory(self) -> None:
        small, large = self.small, self.large
        pending: list[Series] = []
        tree = self.main_check("memory", large, pending)
        streams = {
            n: Series(
                "memory",
                "evaluate_many(stream=True)",
                n,
                self.tools.stream(n, self.seed),
                OUT / f"out-stream-{n}.json",
                (0,),
            )
            for n in (small, large)
        }
        self.run([*pending, *streams.values()], runs=1)
        counted = {}
        for n, s in streams.items():
            if not s.capped:
                counted[n] = json.loads(s.output.read_text())
                if counted[n]["manifests"] != n:
                    self.problems.append(f"memory: the stream decided {counted[n]} of {n}")
        self.details["memory"] = {"stream": counted}
        # a run stopped at the cap has no peak to compare, only the peak so far
        peak = tree.tree_mb if tree.measures and not tree.capped else None
        stopped = any(s.capped for s in streams.values())
        flat = None if stopped else streams[large].tree_mb / streams[small].tree_mb
        self.targets += [
            Target(
                "memory_tree",
                f"memory: peak RSS of helixgate's process tree, {large:,} manifests (MB)",
                peak,
                150.0,
                unit="MB",
                detail=(
                    f"largest process {tree.rss_mb:.0f} MB"
                    + (", stopped at the cap: the peak so far" if tree.capped else "")
                    if tree.measures
                    else ""
                ),
            ),
            Target(
                "memory_stream",
                f"memory: evaluate_many(stream=True), peak RSS of the "
                f"process tree, {large:,} / {small:,} manifests",
                flat,
                1.1,
                detail=f"{streams[large].tree_mb:.0f} MB / {streams[small].tree_mb:.0f} MB"
                + (" (stopped at the cap)" if stopped else ""),
            ),
        ]


# --- the report --------------------------------------------------------------------


def _value(t: Target) -> str:
    if t.value is None:
        return "-"
    bound = f"{t.bound} " if t.bound in (">", "<") else ""
    if t.unit in ("manifests", "files"):
        return f"{t.value:,.0f}"
    return f"{bound}{t.value:.0f} MB" if t.unit == "MB" else f"{bound}{t.value:.2f}{t.unit}"


def _target(t: Target) -> str:
    if t.target is None:
        return "(reported)"
    sign = "≤" if t.at_most else "≥"
    if t.unit in ("manifests", "files"):
        return f"{t.target:,.0f}"
    return f"{sign} {t.target:.0f} MB" if t.unit == "MB" else f"{sign} {t.target:g}{t.unit}"


def markdown(bench: Bench, meta: dict[str, Any]) -> str:
    lines = [
        f"## helixgate benchmark ({meta['date']}, {meta['cpus']} CPUs, load "
        f"{meta['load_before']:.2f} before / {meta['load_after']:.2f} after; other work may "
        "share the machine)",
        "",
        f"Pack revision {meta['pack_revision']}; OPA {meta['opa']}; conftest {meta['conftest']}; "
        f"--runs {meta['runs']}, cap {meta['cap_s']:g} s.",
        "",
        "| figure | measured | target | met | detail |",
        "|---|---:|---:|---|---|",
    ]
    for t in bench.targets:
        met = {True: "yes", False: "no", None: "-"}[t.met]
        detail = "; ".join(x for x in (t.detail, t.missed_because) if x)
        lines.append(f"| {t.figure} | {_value(t)} | {_target(t)} | {met} | {detail} |")
    lines += [
        "",
        "| part | command | N | median s | min-max s | runs | peak RSS MB (largest process) "
        "| peak RSS MB (process tree, sampled) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in bench.series:
        if not s.measures or not s.command:
            continue
        walls = [m.wall for m in s.measures]
        median = _seconds(s) if s.capped else f"{s.bound:.3f}"
        lines.append(
            f"| {s.part} | {s.label} | {s.size:,} | {median} | {min(walls):.3f}-{max(walls):.3f} "
            f"| {len(walls)} | {s.rss_mb:.0f} | {s.tree_mb:.0f} |"
        )
    pack = bench.details.get("pack")
    if pack:
        a = pack["agreement"]
        lines += [
            "",
            f"Pack: the old pack is policies/ of {pack['old_commit'][:10]} (revision "
            f"{pack['old_revision']}); the current pack's counting entries ({pack['entries']:,}) "
            f"took {pack['entries_s']:.2f} s, outside its timing; manifests of the corpus counted "
            f"together: {pack['manifests_counted_together']}.",
        ]
        if a["compared"]:
            lines.append(
                f"Findings (rule, level) on the {a['common_rules']} rules both packs have "
                f"(renamed rules mapped: {a['renamed']}): {a['disagreements']} manifests "
                f"disagree on rules both catalogues define alike; "
                f"{a['differ_on_redefined_rules_only']} differ only on rules the current "
                f"catalogue defines otherwise ({a['redefined_rule_differences']}; redefined: "
                f"{', '.join(a['common_rules_redefined'])}); same overall decision on "
                f"{a['same_overall_decision']:,} (old {a['old_decisions']}, current "
                f"{a['current_decisions']}; the current pack has more rules)."
            )
            lines += [f"  - {e}" for e in a["examples"]]
            lines += [f"  - (redefined) {e}" for e in a["redefined_examples"]]
        else:
            lines.append("Findings not compared: a pack was stopped at the cap.")
    e2e = bench.details.get("e2e")
    if e2e:
        agree = e2e["agreement"]
        lines += ["", f"End to end: helixgate {agree['helixgate']}."]
        for name in ("conftest", "conftest_combine"):
            a = agree[name]
            if a["compared"]:
                lines.append(f"- {name}: disagrees on {a['disagreements']} files")
                lines += [f"  - {e}" for e in a["examples"]]
            else:
                lines.append(f"- {name}: not compared ({a['why']})")
    growth = bench.details.get("growth")
    if growth:
        lines += ["", "Growth, outcomes: " + "; ".join(f"{k}: {v}" for k, v in growth.items())]
    memory = bench.details.get("memory")
    if memory:
        lines += ["", f"Streaming: {memory['stream']}"]
    if bench.problems:
        lines += ["", "**Problems** (exit 1):"] + [f"- {p}" for p in bench.problems]
    lines += ["", f"Results: {meta['results_file']}"]
    return "\n".join(lines)


def _pair(text: str, option: str) -> tuple[int, int]:
    values = sorted({int(v.replace("_", "")) for v in text.split(",")})
    if len(values) != 2 or values[0] < 1:
        sys.exit(f"bench: {option} takes two different positive sizes, SMALL,LARGE")
    return values[0], values[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--parts", default=",".join(PARTS), help=",".join(PARTS) + " (all)")
    parser.add_argument("--sizes", default="1000,10000", help="SMALL,LARGE manifests (1000,10000)")
    parser.add_argument(
        "--transfers",
        default="1000,10000",
        help="SMALL,LARGE transfers in one manifest (1000,10000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per command (3)")
    parser.add_argument("--cold-runs", type=int, default=7, help="cold-start runs (7)")
    parser.add_argument(
        "--cap", type=float, default=120.0, help="seconds after which a run is stopped (120)"
    )
    parser.add_argument(
        "--once-above",
        type=float,
        default=60.0,
        help="a command whose run takes longer is not repeated (60 s)",
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    parts = [p for p in PARTS if p in args.parts.split(",")]
    unknown = set(args.parts.split(",")) - set(PARTS)
    if unknown or not parts:
        sys.exit(f"bench: unknown parts {sorted(unknown)}; choose from {','.join(PARTS)}")
    small, large = _pair(args.sizes, "--sizes")

    OUT.mkdir(parents=True, exist_ok=True)
    binaries = Binaries.find()
    as_of = dt.datetime.now(dt.UTC).date().isoformat()
    bench = Bench(
        Tools(binaries, as_of),
        Settings(args.runs, args.cap, args.once_above),
        args.cold_runs,
        small,
        large,
        _pair(args.transfers, "--transfers"),
        args.seed,
    )
    meta: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "opa": binaries.version(binaries.opa, "version"),
        "conftest": binaries.version(binaries.conftest, "--version"),
        "pack_revision": json.loads((ROOT / META).read_text())["revision"],
        "git_head": git("rev-parse", "--short", "HEAD").strip(),
        "policies_modified": bool(git("status", "--porcelain", "--", "policies").strip()),
        "seed": args.seed,
        "as_of": as_of,
        "parts": parts,
        "sizes": [small, large],
        "transfers": list(bench.transfers),
        "runs": args.runs,
        "cold_runs": args.cold_runs,
        "cap_s": args.cap,
        "once_above_s": args.once_above,
        "rss_source": "/usr/bin/time -f %M" if Path(TIME).exists() else "wait4 ru_maxrss",
        "load_before": os.getloadavg()[0],
        "results_file": str((OUT / "results.json").relative_to(ROOT)),
    }
    started = time.perf_counter()
    steps: dict[str, Callable[[], None]] = {
        "warm_up": bench.warm_up,
        "pack": bench.pack,
        "e2e": bench.e2e,
        "cold": bench.cold,
        "growth": bench.growth,
        "memory": bench.memory,
    }
    for part in ["warm_up", *parts]:
        try:
            steps[part]()
        except Failure as failure:
            bench.problems.append(f"{part}: {failure}")
            print(f"bench: {part} failed: {failure}", file=sys.stderr)
    meta["load_after"] = os.getloadavg()[0]
    meta["total_s"] = round(time.perf_counter() - started, 1)
    meta["corpora"] = {
        f"{c.name}-{c.size}": {
            "files": len(c.files),
            "mean_bytes": round(sum(p.stat().st_size for p in c.files) / len(c.files)),
            "json_files": sum(p.suffix == ".json" for p in c.files),
        }
        for c in _corpora.values()
    }
    results = {
        "meta": meta,
        "targets": {t.key: t.summary() for t in bench.targets},
        "series": [s.summary() for s in bench.series if s.command],
        "details": bench.details,
        "problems": bench.problems,
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(bench, meta))
    return 1 if bench.problems else 0


if __name__ == "__main__":
    sys.exit(main())
