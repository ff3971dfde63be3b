"""Streaming use of the Python API, for `make bench`'s memory part.

    python -m bench.stream COUNT [--seed SEED] [--as-of YYYY-MM-DD]

Generates manifests 0..COUNT-1 of the bench corpus (bench/corpus.py) one at a
time, as mappings (never all held at once), and decides them with
`helixgate.api.Evaluator.evaluate_many(..., stream=True)` on an embedded OPA;
prints {"manifests": N, "decisions": {...}} as JSON. bench/run.py runs it as
a child process and samples the peak RSS of its process tree (Python and
OPA): streaming must keep it flat whatever COUNT is.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

from bench.corpus import SEED, manifest
from helixgate.api import Evaluator


def _manifests(count: int, seed: int) -> Iterator[dict[str, Any]]:
    for index in range(count):
        yield manifest(index, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stream", description=__doc__)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--as-of", default=None)
    args = parser.parse_args(argv)
    decisions: Counter[str] = Counter()
    with Evaluator(as_of=args.as_of) as evaluator:
        for decision in evaluator.evaluate_many(_manifests(args.count, args.seed), stream=True):
            decisions[decision.decision] += 1
    print(json.dumps({"manifests": sum(decisions.values()), "decisions": dict(decisions)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
