#!/usr/bin/env python3
"""Fuzz helixgate's reading path for a bounded time: bytes -> text (size
limit, encodings) -> YAML/JSON documents -> manifest classification, schema
and reference checks -> positions.

The only exceptions allowed out of that path are helixgate's own input
errors (and Skipped, for a document that is not a manifest), each with a
short message. Anything else, a hang (atheris: -timeout per input) or a
memory blow-up (-rss_limit_mb) is a finding.

With atheris (coverage-guided libFuzzer) when it is installed; otherwise a
time-bounded Hypothesis run over random bytes and mutated manifests (the
strategies of tests/test_properties.py), in batches until the time is up.

    python fuzz/fuzz_loader.py [--seconds N] [--engine atheris|hypothesis]

Seeds: examples/ and the acceptance manifests under tests/acceptance. The
atheris corpus and crash artifacts go to .cache/fuzz/.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / ".cache" / "fuzz"
MAX_MESSAGE = 300
SIZE_LIMIT = 64 * 1024
POINTERS = ("", "/metadata/id", "/parties/0/name", "/transfers/0/from", "/subjects/0/count")


def _imports() -> None:
    global HelixgateError, InputError, InputErrors, Skipped, decode, load, validate
    from helixgate.errors import HelixgateError, InputError, InputErrors
    from helixgate.loader import load
    from helixgate.manifests import Skipped, validate
    from helixgate.sources import decode


def _short(error: BaseException) -> None:
    errors = error.errors if isinstance(error, InputErrors) else [error]
    for one in errors:
        message = getattr(one, "message", str(one))
        if len(message) > MAX_MESSAGE:
            raise AssertionError(f"message of {len(message)} characters: {message[:200]}...")


def read_all(raw: bytes) -> None:
    """The reading path of one file, as YAML and as JSON."""
    if len(raw) > SIZE_LIMIT:
        return
    try:
        text = decode(raw, "fuzz.yaml")
    except InputError as error:
        _short(error)
        return
    for is_json in (False, True):
        try:
            for document in load("fuzz.json" if is_json else "fuzz.yaml", text, is_json):
                for pointer in POINTERS:
                    document.locate(pointer)
                try:
                    validate(document)
                except Skipped:
                    pass
                except InputErrors as errors:
                    _short(errors)
        except InputError as error:
            _short(error)


def seeds() -> list[Path]:
    found = sorted((ROOT / "examples").glob("*.y*ml"))
    found += sorted((ROOT / "examples").glob("*.json"))
    found += sorted((ROOT / "tests" / "acceptance").rglob("*.yaml"))
    return found


def run_atheris(seconds: int) -> int:
    import atheris

    with atheris.instrument_imports(include=["helixgate", "yaml", "jsonschema"]):
        _imports()
    corpus = WORK / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    seed_dir = WORK / "seeds"
    seed_dir.mkdir(parents=True, exist_ok=True)
    for seed in seeds():
        (seed_dir / seed.name).write_bytes(seed.read_bytes())
    arguments = [
        sys.argv[0],
        f"-max_total_time={seconds}",
        "-timeout=10",
        "-rss_limit_mb=1024",
        f"-max_len={SIZE_LIMIT}",
        f"-artifact_prefix={WORK}/",
        "-print_final_stats=1",
        str(corpus),
        str(seed_dir),
    ]
    atheris.Setup(arguments, read_all)
    atheris.Fuzz()  # exits the process; non-zero on a crash
    return 0


def run_hypothesis(seconds: int) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    _imports()
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from test_properties import mutated  # the mutation strategy of the property tests

    seed_bytes = [path.read_bytes() for path in seeds()]
    inputs = st.one_of(
        st.binary(max_size=2048),
        mutated().map(lambda case: case[1]),
        st.tuples(st.sampled_from(seed_bytes), st.integers(0, 10**6), st.binary(max_size=16)).map(
            lambda t: t[0][: t[1] % (len(t[0]) + 1)] + t[2] + t[0][t[1] % (len(t[0]) + 1) :]
        ),
    )

    @settings(
        max_examples=500,
        deadline=10_000,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(raw=inputs)
    def one_batch(raw: bytes) -> None:
        read_all(raw)

    end = time.monotonic() + seconds
    batches = 0
    while time.monotonic() < end:
        one_batch()
        batches += 1
    print(f"fuzz_loader (hypothesis): {batches} batches of 500 inputs in {seconds} s, no failure")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "60")))
    parser.add_argument("--engine", choices=["atheris", "hypothesis"], default=None)
    options = parser.parse_args()
    engine = options.engine
    if engine is None:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("fuzz_loader: atheris is not installed; a long Hypothesis run instead")
            engine = "hypothesis"
        else:
            engine = "atheris"
    if engine == "atheris":
        return run_atheris(options.seconds)
    return run_hypothesis(options.seconds)


if __name__ == "__main__":
    sys.exit(main())
