"""`make bench`: helixgate against conftest and against OPA itself, on the same
generated manifests (bench/corpus.py), one file per manifest.

For each corpus size (default 1, 100 and 10,000) and each tool, N timed runs,
the tools taking turns so that noise from other work falls on all of them:

- helixgate: `helixgate check --format json DIR` (embedded OPA, batches);
- conftest:  `conftest test --output json --policy policies/conftest
             --policy policies/helixgate --data policies DIR`;
- floor:     `opa eval --data policies --ignore '*_test.rego' --input all.json
             --format raw QUERY`, every manifest in one input file, where QUERY
             asks `data.helixgate.main.result` about each manifest with `with
             input as {"manifest": m, "context": input.context}`; building the
             input file (from the generator's data, not by parsing the corpus)
             is not timed;
- results:   the same with the pack's own batch entry point,
             `data.helixgate.main.results`, whose `with input.manifest as m`
             makes OPA's cost grow with the square of the number of manifests
             in one input (10 s for 500, 41 s for 1,000, 131 s for 2,000), so
             it is measured only up to --results-max manifests (1,000).

Then the single-manifest cold start: `helixgate check one.yaml` (text report)
against `conftest test one.yaml` and the floor on one manifest. Page caches
are warm: every tool runs once, untimed, before the first measurement.

Reported per tool and size: median wall time (and min, max), manifests per
second, peak RSS of the largest process (`/usr/bin/time -f %M`, else the
wait4 rusage: the maximum over the process and the children it reaped, so
helixgate's figure is max(Python, OPA), not their sum) and the sampled peak
of the whole process tree (RSS summed over the process and its descendants
every 50 ms), with the ratios helixgate/conftest and helixgate/floor. The
decisions of the three are compared on every file: conftest's deny/warn
messages against helixgate's deny/review findings, the floor's findings
against helixgate's. Markdown to stdout, JSON to .cache/bench/results.json.

Standard library and the project's dependencies only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import SEED, write_corpus

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / ".cache" / "bench"
TIME = "/usr/bin/time"
TOOLS = ("helixgate", "conftest", "floor", "results")
RATIOS = (("helixgate", "conftest"), ("helixgate", "floor"), ("conftest", "floor"),
          ("helixgate", "results"))  # fmt: skip
FLOOR_QUERY = (
    "[r | some m in input.manifests; r := data.helixgate.main.result "
    'with input as {"manifest": m, "context": input.context}]'
)
LARGE = 1000  # sizes from here on use --runs-large
SAMPLE_EVERY = 0.05
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Binaries:
    helixgate: str
    opa: str
    conftest: str

    @staticmethod
    def find() -> Binaries:
        helixgate = Path(sys.executable).parent / "helixgate"
        opa = os.environ.get("HELIXGATE_OPA") or str(ROOT / ".cache" / "bin" / "opa")
        conftest = str(ROOT / ".cache" / "bin" / "conftest")
        for name, path in (("helixgate", helixgate), ("opa", opa), ("conftest", conftest)):
            if not Path(path).exists():
                sys.exit(f"bench: {name} not found at {path} (make setup conftest)")
        return Binaries(str(helixgate), opa, conftest)

    def version(self, *command: str) -> str:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return " ".join(done.stdout.split()[:6])


@dataclass
class Corpus:
    size: int
    directory: Path
    files: list[Path]
    manifests: list[dict[str, Any]]
    input_file: Path


@dataclass
class Measure:
    wall: float
    rss_kb: int
    tree_kb: int
    code: int


@dataclass
class Series:
    tool: str
    size: int
    measures: list[Measure] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(m.wall for m in self.measures)

    def summary(self) -> dict[str, Any]:
        walls = [m.wall for m in self.measures]
        return {
            "tool": self.tool,
            "manifests": self.size,
            "runs": len(walls),
            "walls_s": [round(w, 4) for w in walls],
            "median_s": round(self.median, 4),
            "min_s": round(min(walls), 4),
            "max_s": round(max(walls), 4),
            "manifests_per_s": round(self.size / self.median, 1),
            "peak_rss_mb": round(max(m.rss_kb for m in self.measures) / 1024, 1),
            "tree_peak_rss_mb": round(max(m.tree_kb for m in self.measures) / 1024, 1),
            "exit_codes": sorted({m.code for m in self.measures}),
        }


# --- running and measuring one command ----------------------------------------------


# conftest file by file warns that the DOJ counts need --combine (on every
# manifest); it is about how conftest is run, not a finding to compare.
_COMBINE_WARNING = "HG-CONFTEST: the DOJ counts add up transfers across manifests"


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


def run_once(command: list[str], stdout: Path, ok_codes: tuple[int, ...] = (0, 1)) -> Measure:
    """Run `command` once with its output in `stdout`: wall time, peak RSS."""
    rss_file = stdout.with_suffix(".rss")
    timed = [TIME, "-f", "%M", "-o", str(rss_file), *command] if Path(TIME).exists() else command
    with stdout.open("wb") as out, stdout.with_suffix(".stderr").open("wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            timed, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=ROOT
        )
        sampler = _Sampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if timed is command:
        rss_kb = int(usage.ru_maxrss)
    else:
        lines = rss_file.read_text().split()  # "Command exited with non-zero status 1\n123"
        rss_kb = int(lines[-1])
    if code not in ok_codes:
        detail = stdout.with_suffix(".stderr").read_text(errors="replace")[-2000:]
        sys.exit(f"bench: {' '.join(command)} exited with {code}\n{detail}")
    # a run shorter than one sampling interval has no sample: the largest
    # process is then the best lower bound of the tree
    return Measure(wall, rss_kb, max(sampler.peak_kb, rss_kb), code)


# --- the three tools ----------------------------------------------------------------


class Tools:
    def __init__(self, binaries: Binaries, as_of: str) -> None:
        self.bin = binaries
        self.as_of = as_of

    def command(self, tool: str, target: Path, input_file: Path, one: bool = False) -> list[str]:
        if tool == "helixgate":
            report = [] if one else ["--format", "json"]
            return [self.bin.helixgate, "check", *report, "--as-of", self.as_of, str(target)]
        if tool == "conftest":
            output = [] if one else ["--output", "json"]
            return [
                self.bin.conftest, "test", "--no-color", *output,
                "--policy", "policies/conftest", "--policy", "policies/helixgate",
                "--data", "policies", str(target),
            ]  # fmt: skip
        query = FLOOR_QUERY if tool == "floor" else "data.helixgate.main.results"
        return [
            self.bin.opa, "eval", "--data", "policies", "--ignore", "*_test.rego",
            "--input", str(input_file), "--format", "raw", query,
        ]  # fmt: skip


def build_corpus(size: int, seed: int, as_of: str) -> Corpus:
    directory = OUT / f"corpus-{size}"
    written = write_corpus(directory, size, seed)
    input_file = OUT / f"all-{size}.json"
    question = {
        "manifests": [m for _, m in written],
        "context": {"as_of": as_of, "profile": {}, "waivers": []},
    }
    input_file.write_text(json.dumps(question), encoding="utf-8")
    return Corpus(size, directory, [p for p, _ in written], [m for _, m in written], input_file)


# --- agreement ---------------------------------------------------------------------


def _message(finding: dict[str, Any]) -> str:
    pointer = finding.get("pointer", "")
    text = f"{finding['rule']}: {finding['message']}"
    return f"{text} ({pointer})" if pointer else text


_RAW_FIELDS = ("rule", "level", "title", "message", "pointer", "transfer", "item", "party",
               "reasons", "citation", "remediation", "waiver")  # fmt: skip


def _comparable(finding: dict[str, Any]) -> dict[str, Any]:
    return {key: finding[key] for key in _RAW_FIELDS if key in finding}


def agreement(corpus: Corpus, outputs: dict[str, Path]) -> dict[str, Any]:
    """Decisions (and findings) of the tools on every file of the corpus."""
    names = {str(p.resolve()): p.name for p in corpus.files}
    problems: list[str] = []
    report = json.loads(outputs["helixgate"].read_text()) if "helixgate" in outputs else None
    decided: dict[str, dict[str, Any]] = {}
    if report is not None:
        if report["errors"] or not report["complete"]:
            errors = len(report["errors"])
            problems.append(f"helixgate: {errors} errors, complete={report['complete']}")
        for result in report["results"]:
            decided[names.get(str(Path(result["source"]).resolve()), result["source"])] = result
        if len(decided) != corpus.size:
            problems.append(f"helixgate decided {len(decided)} of {corpus.size} manifests")
    out: dict[str, Any] = {
        "decisions": dict(Counter(r["decision"] for r in decided.values())),
        "intended_vs_decided_mismatches": sum(
            1
            for m, p in zip(corpus.manifests, corpus.files, strict=True)
            if p.name in decided
            and decided[p.name]["decision"] != m["metadata"]["labels"]["bench-intent"]
        ),
    }
    if "conftest" in outputs and decided:
        disagree = []
        entries = json.loads(outputs["conftest"].read_text())
        for entry in entries:
            name = names.get(str(Path(entry["filename"]).resolve()), entry["filename"])
            denies = sorted(f["msg"] for f in entry.get("failures") or [])
            warns = sorted(
                f["msg"]
                for f in entry.get("warnings") or []
                if not f["msg"].startswith(_COMBINE_WARNING)
            )
            verdict = "deny" if denies else "review" if warns else "allow"
            mine = decided.get(name)
            if mine is None:
                disagree.append(f"{name}: conftest only")
                continue
            want_deny = sorted(_message(f) for f in mine["findings"] if f["level"] == "deny")
            want_warn = sorted(_message(f) for f in mine["findings"] if f["level"] == "review")
            if verdict != mine["decision"]:
                disagree.append(f"{name}: conftest {verdict}, helixgate {mine['decision']}")
            elif (denies, warns) != (want_deny, want_warn):
                disagree.append(f"{name}: same decision, other deny/warn messages")
        reported = {names.get(str(Path(e["filename"]).resolve())) for e in entries}
        disagree += [
            f"{p.name}: not in conftest's output" for p in corpus.files if p.name not in reported
        ]
        out["conftest_disagreements"] = len(disagree)
        out["conftest_examples"] = disagree[:10]
    for tool in ("floor", "results"):
        if tool not in outputs or not decided:
            continue
        disagree = []
        results = json.loads(outputs[tool].read_text())
        if len(results) != corpus.size:
            disagree.append(f"{tool} answered {len(results)} results for {corpus.size}")
        for path, result in zip(corpus.files, results, strict=False):
            mine = decided.get(path.name)
            if mine is None or result["decision"] != mine["decision"]:
                theirs = None if mine is None else mine["decision"]
                disagree.append(f"{path.name}: {tool} {result['decision']}, helixgate {theirs}")
            elif [_comparable(f) for f in result["findings"]] != [
                _comparable(f) for f in mine["findings"]
            ]:
                disagree.append(f"{path.name}: {tool}: same decision, other findings")
        out[f"{tool}_disagreements"] = len(disagree)
        out[f"{tool}_examples"] = disagree[:10]
    out["problems"] = problems
    return out


# --- the run -----------------------------------------------------------------------


def _ratio(a: Series | None, b: Series | None) -> float | None:
    return round(a.median / b.median, 2) if a and b else None


def _mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def markdown(
    series: list[Series], cold: list[Series], agree: dict[int, Any], meta: dict[str, Any]
) -> str:
    lines = [
        f"## helixgate benchmark ({meta['date']}, {meta['cpus']} CPUs, load {meta['load_before']} "
        f"before / {meta['load_after']} after; noisy: other work shares the machine)",
        "",
        "| manifests | tool | median wall s | min-max s | runs | manifests/s | "
        "peak RSS MB (largest process) | peak RSS MB (process tree, sampled) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in series:
        walls = [m.wall for m in s.measures]
        lines.append(
            f"| {s.size:,} | {s.tool} | {s.median:.3f} | {min(walls):.3f}-{max(walls):.3f} | "
            f"{len(walls)} | {s.size / s.median:,.0f} | "
            f"{_mb(max(m.rss_kb for m in s.measures))} | "
            f"{_mb(max(m.tree_kb for m in s.measures))} |"
        )
    lines += [
        "",
        "| manifests | " + " | ".join(f"{a} / {b}" for a, b in RATIOS) + " |",
        "|---:|" + "---:|" * len(RATIOS),
    ]
    by = {(s.tool, s.size): s for s in series}
    for size in sorted({s.size for s in series}):
        ratios = (_ratio(by.get((a, size)), by.get((b, size))) for a, b in RATIOS)
        lines.append(f"| {size:,} | " + " | ".join(str(r or "-") for r in ratios) + " |")
    if cold:
        lines += ["", "Cold start, one manifest given as a file (text/default output):", "",
                  "| tool | median wall s | min-max s | runs | peak RSS MB (largest process) |",
                  "|---|---:|---:|---:|---:|"]  # fmt: skip
        for s in cold:
            walls = [m.wall for m in s.measures]
            lines.append(
                f"| {s.tool} | {s.median:.3f} | {min(walls):.3f}-{max(walls):.3f} | "
                f"{len(walls)} | {_mb(max(m.rss_kb for m in s.measures))} |"
            )
    lines += ["", "Decisions (from helixgate's report) and agreement, per corpus:", ""]
    for size, result in agree.items():
        lines.append(
            f"- {size:,}: {result['decisions']}; conftest disagrees on "
            f"{result.get('conftest_disagreements', 'n/a')}, the floor on "
            f"{result.get('floor_disagreements', 'n/a')}, results on "
            f"{result.get('results_disagreements', 'n/a')}; "
            f"decided other than the archetype intended: {result['intended_vs_decided_mismatches']}"
            + (f"; problems: {result['problems']}" if result["problems"] else "")
        )
        for tool in ("conftest", "floor", "results"):
            lines += [f"  - {example}" for example in result.get(f"{tool}_examples", [])]
    lines += ["", f"Floor input files built outside the timing; results: {meta['results_file']}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,100,10000", help="corpus sizes (default 1,100,10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool and size (5)")
    parser.add_argument("--runs-large", type=int, default=3,
                        help=f"timed runs for sizes of {LARGE:,} and more (3)")  # fmt: skip
    parser.add_argument("--tools", default=",".join(TOOLS), help=",".join(TOOLS))
    parser.add_argument("--results-max", type=int, default=1000,
                        help="largest corpus for the tool `results` (1,000)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-cold", action="store_true", help="skip the single-file cold start")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",")})
    tools = [t for t in TOOLS if t in args.tools.split(",")]

    OUT.mkdir(parents=True, exist_ok=True)
    binaries = Binaries.find()
    as_of = dt.datetime.now(dt.UTC).date().isoformat()
    runner = Tools(binaries, as_of)
    meta: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "opa": binaries.version(binaries.opa, "version"),
        "conftest": binaries.version(binaries.conftest, "--version"),
        "seed": args.seed,
        "as_of": as_of,
        "rss_source": "/usr/bin/time -f %M" if Path(TIME).exists() else "wait4 ru_maxrss",
        "load_before": os.getloadavg()[0],
        "results_file": str((OUT / "results.json").relative_to(ROOT)),
    }

    print(f"bench: writing corpora {sizes} (seed {args.seed}) in {OUT}", file=sys.stderr)
    corpora = {size: build_corpus(size, args.seed, as_of) for size in sizes}
    meta["corpus"] = {
        size: {
            "files": len(c.files),
            "mean_bytes": round(sum(p.stat().st_size for p in c.files) / len(c.files)),
            "json_files": sum(p.suffix == ".json" for p in c.files),
            "floor_input_bytes": c.input_file.stat().st_size,
        }
        for size, c in corpora.items()
    }
    smallest = corpora[sizes[0]]
    for tool in tools:  # warm the page cache, untimed
        run_once(runner.command(tool, smallest.directory, smallest.input_file), OUT / "warmup.out")

    series: list[Series] = []
    agree: dict[int, Any] = {}
    for size, corpus in corpora.items():
        runs = args.runs_large if size >= LARGE else args.runs
        here = [t for t in tools if t != "results" or size <= args.results_max]
        current = {tool: Series(tool, size) for tool in here}
        outputs = {tool: OUT / f"out-{tool}-{size}.json" for tool in here}
        for n in range(runs):
            for tool in here:
                print(f"bench: {tool} {size:,} run {n + 1}/{runs}", file=sys.stderr)
                command = runner.command(tool, corpus.directory, corpus.input_file)
                current[tool].measures.append(run_once(command, outputs[tool]))
        series.extend(current.values())
        agree[size] = agreement(corpus, outputs)

    cold: list[Series] = []
    if not args.no_cold:
        one = smallest.files[0]
        one_input = OUT / "one.json"
        one_input.write_text(
            json.dumps(
                {
                    "manifests": [smallest.manifests[0]],
                    "context": {"as_of": as_of, "profile": {}, "waivers": []},
                }
            )
        )
        cold = [Series(tool, 1) for tool in tools if tool != "results"]
        for n in range(max(args.runs, 5)):
            for s in cold:
                print(f"bench: cold start {s.tool} run {n + 1}", file=sys.stderr)
                command = runner.command(s.tool, one, one_input, one=True)
                s.measures.append(run_once(command, OUT / f"cold-{s.tool}.out"))

    meta["load_after"] = os.getloadavg()[0]
    by = {(s.tool, s.size): s for s in series}
    results = {
        "meta": meta,
        "series": [s.summary() for s in series],
        "ratios": {
            size: {f"{a}/{b}": _ratio(by.get((a, size)), by.get((b, size))) for a, b in RATIOS}
            for size in sizes
        },
        "cold_start": [s.summary() for s in cold],
        "agreement": agree,
        "commands": {tool: runner.command(tool, Path("DIR"), Path("all.json")) for tool in tools},
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(markdown(series, cold, agree, meta))
    problems = [
        size
        for size, a in agree.items()
        if a["problems"] or any(a.get(f"{t}_disagreements") for t in TOOLS)
    ]
    return 1 if problems else 0


if __name__ == "__main__":
    if shutil.which(TIME) is None and not Path(TIME).exists():
        print(f"bench: {TIME} not found; peak RSS from wait4", file=sys.stderr)
    sys.exit(main())
