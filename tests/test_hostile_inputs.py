"""Hostile and broken inputs through `helixgate check --format json`: nothing
crashes, nothing hangs, nothing slips through as allowed.

Each input either is an input error located in its source (line and column
wherever the input has them), exit 2, or holds no manifest and is reported as
skipped, exit 0. Every call runs under a time-out and a memory bound, its
stderr must hold no Python traceback, its report must be valid against
schemas/report.v1.schema.json, and every error message stays short even when
the input holds a huge value.

The inputs that are cheap to read share one CLI run over one folder (the
`batch` fixture; each case is still its own test, asserting on its own file);
the ones that test a limit, the walk or standard input run alone.
"""

from __future__ import annotations

import codecs
import json
import os
import random
import resource
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import HELIXGATE, dump_yaml, line_col, make_manifest, write
from helixgate.references import reference_errors

TIMEOUT = 30
MANY_FILES_TIMEOUT = 60
MAX_RSS_MB = 300
MAX_MESSAGE = 300
TRACEBACK = "Traceback (most recent call last)"
GNU_TIME = shutil.which("time", path="/usr/bin")
FIVE_MB = 5 * 1024 * 1024


@dataclass(frozen=True)
class Run:
    code: int
    report: dict[str, Any]
    err: str
    peak_mb: float

    @property
    def errors(self) -> list[dict[str, Any]]:
        return self.report["errors"]

    def only_error(self) -> dict[str, Any]:
        assert len(self.errors) == 1, self.errors
        return self.errors[0]


def _run_cli(
    paths: tuple[str | Path, ...], options: tuple[str, ...], stdin: bytes, timeout: float
) -> Run:
    """`helixgate check --format json` under a time-out, measuring the peak
    resident memory of the child (and of the OPA it starts and reaps) with GNU
    time where present, else with getrusage (the largest child so far: an
    upper bound)."""
    command = [str(HELIXGATE), "check", "--format", "json", *options, *map(str, paths)]
    rss_file = None
    if GNU_TIME is not None:
        rss_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"helixgate-rss-{os.getpid()}"
        command = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *command]
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        command, input=stdin, capture_output=True, timeout=timeout, env=environment, check=False
    )
    if rss_file is not None:
        peak_mb = int(rss_file.read_text().split()[-1]) / 1024
        rss_file.unlink()
    else:
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    err = done.stderr.decode("utf-8", "replace")
    assert TRACEBACK not in err, err
    assert peak_mb < MAX_RSS_MB, f"peak RSS {peak_mb:.0f} MB"
    return Run(done.returncode, json.loads(done.stdout), err, peak_mb)


def check(
    validator: Any,
    *paths: str | Path,
    options: tuple[str, ...] = (),
    stdin: bytes = b"",
    timeout: float = TIMEOUT,
) -> Run:
    """A CLI run whose report is valid, whose exit code is 0, 1 or 2, and
    whose error messages are short."""
    run = _run_cli(paths, options, stdin, timeout)
    validator.validate(run.report)
    assert run.code in (0, 1, 2)
    for error in run.errors:
        assert len(error["message"]) <= MAX_MESSAGE, error["message"][:500]
    return run


@pytest.fixture
def validated(report_validator) -> Callable[..., Run]:
    def run(*paths: str | Path, **kwargs: Any) -> Run:
        return check(report_validator, *paths, **kwargs)

    return run


def located_error(run: Run, source: Path | str, kind: str) -> dict[str, Any]:
    """The one error of a run that exits 2: of `kind`, in `source`."""
    assert run.code == 2, run.report
    assert run.report["summary"]["manifests"] == 0
    error = run.only_error()
    assert error["source"] == str(source)
    assert error["kind"] == kind, error
    return error


def manifest_yaml(manifest_id: str, decision: str = "allow") -> str:
    return dump_yaml(make_manifest(manifest_id, decision))


def manifest_json(manifest_id: str, decision: str = "allow") -> str:
    return json.dumps(make_manifest(manifest_id, decision), indent=2)


def billion_laughs(indent: str = "", levels: int = 9) -> str:
    lines = [f'{indent}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"{indent}a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def with_labels(manifest_id: str, labels_block: str) -> str:
    manifest = make_manifest(manifest_id)
    manifest["metadata"]["labels"] = {"team": "x"}
    text = dump_yaml(manifest).replace("  labels:\n    team: x\n", "  labels:\n" + labels_block)
    assert labels_block in text
    return text


# --------------------------------------------------------------------------
# The batch: cheap inputs, one file each, one CLI run over their folder.
# Every manifest has its own metadata.id (a repeated id is an error of its own).

NON_FINITE = {
    "json-NaN": ("json", "NaN"),
    "json-Infinity": ("json", "Infinity"),
    "json-minus-Infinity": ("json", "-Infinity"),
    "json-overflowing-float": ("json", "1e999"),
    "yaml-nan": ("yaml", ".nan"),
    "yaml-inf": ("yaml", ".inf"),
    "yaml-minus-Inf": ("yaml", "-.Inf"),
    "yaml-overflowing-float": ("yaml", "1e999"),
}

WRONG_TYPES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "count-ten": (lambda m: m["subjects"][0].update(count="ten"), "/subjects/0/count"),
    "transfers-object": (lambda m: m.update(transfers={}), "/transfers"),
    "subjects-string": (lambda m: m.update(subjects="everyone"), "/subjects"),
    "parties-numbers": (lambda m: m.update(parties=[1, 2]), "/parties/0"),
    "consent-boolean": (lambda m: m.update(consent=True), "/consent"),
    "study-null": (lambda m: m.update(study=None), "/study"),
    "id-list": (lambda m: m["metadata"].update(id=["HG", 1]), "/metadata/id"),
    "country-null": (lambda m: m["parties"][0].update(country=None), "/parties/0/country"),
    "share-string": (
        lambda m: m["parties"][0]["owners"][0].update(share="100"),
        "/parties/0/owners/0/share",
    ),
    "date-number": (
        lambda m: m["transfers"][0].update(start_on=20261201),
        "/transfers/0/start_on",
    ),
    "labels-number": (lambda m: m["metadata"].update(labels={"a": 1}), "/metadata/labels/a"),
}


def _non_finite(name: str) -> tuple[str, str]:
    suffix, literal = NON_FINITE[name]
    manifest = make_manifest(f"HG-NONFINITE-{name}")
    manifest["parties"][0]["owners"][0]["share"] = 12345
    text = dump_yaml(manifest) if suffix == "yaml" else json.dumps(manifest, indent=2)
    return f"nonfinite-{name}.{suffix}", text.replace("12345", literal)


def _wrong_type(name: str) -> tuple[str, str]:
    manifest = make_manifest(f"HG-TYPE-{name}")
    WRONG_TYPES[name][0](manifest)
    return f"type-{name}.yaml", dump_yaml(manifest)


def _with_count(suffix: str, digits: int) -> str:
    count = "9" * digits
    if suffix == "yaml":
        return manifest_yaml(f"HG-COUNT-{digits}-Y").replace("count: 40", f"count: {count}")
    return manifest_json(f"HG-COUNT-{digits}-J").replace('"count": 40', f'"count": {count}')


def _deep_count(suffix: str) -> str:
    deep = "[" * 900 + "]" * 900
    if suffix == "yaml":
        return manifest_yaml("HG-DEEP-Y").replace("count: 40", f"count: {deep}")
    return manifest_json("HG-DEEP-J").replace('"count": 40', f'"count": {deep}')


def _onward(manifest_id: str, parties: tuple[str, ...], *onward: tuple[str, str, str]) -> str:
    """A manifest with extra parties and onward transfers (id, from, to)."""
    manifest = make_manifest(manifest_id)
    first = manifest["transfers"][0]
    manifest["parties"] += [{**manifest["parties"][0], "id": party} for party in parties]
    manifest["transfers"] += [
        {**first, "id": tid, "from": source, "to": destination}
        for tid, source, destination in onward
    ]
    return dump_yaml(manifest)


def _long_values() -> str:
    manifest = make_manifest("HG-LONG")
    manifest["parties"][0]["k" * 100_000] = 1
    manifest["subjects"][0]["id"] = "s" * 100_000
    return dump_yaml(manifest)


def _unknown_fields() -> str:
    manifest = make_manifest("HG-UNKNOWN")
    manifest["parties"][0]["colour"] = "blue"
    manifest["surprise"] = 1
    return dump_yaml(manifest)


ZWSP = "\N{ZERO WIDTH SPACE}"
CYRILLIC_A = "\N{CYRILLIC SMALL LETTER A}"
MKDOCS = (
    "site_name: Docs\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
    "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
)
GITLAB_CI = ".setup:\n  script: [make]\njob:\n  script:\n    - !reference [.setup, script]\n"


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isalnum() and c.isascii() else c for c in text)


def _header(manifest_id: str, api: str | None, kind: str | None) -> str:
    """A valid manifest under another header (None: the field left out)."""
    text = manifest_yaml(manifest_id)
    for field, value in (("apiVersion", api), ("kind", kind)):
        line = f"{field}: {'helixgate/v1' if field == 'apiVersion' else 'TransferManifest'}\n"
        assert line in text
        text = text.replace(line, "" if value is None else f"{field}: {json.dumps(value)}\n")
    return text


def _tagged(manifest_id: str, tagged_title: str) -> str:
    manifest = make_manifest(manifest_id)
    manifest["metadata"]["title"] = "TITLE"
    return dump_yaml(manifest).replace("title: TITLE", f"title: {tagged_title}")


def _surrogate_json(manifest_id: str, where: str) -> str:
    manifest = make_manifest(manifest_id)
    manifest["metadata"]["labels"] = {"team": "x"}
    if where == "key":
        manifest["metadata"]["labels"]["\ud800"] = "x"
    else:
        manifest["metadata"]["title"] = "T\udc00"
    return json.dumps(manifest, indent=2)  # ASCII: written as \ud800 escapes


def _replaced_in(manifest_id: str, path: tuple[Any, ...], value: Any, fmt: str) -> str:
    manifest = make_manifest(manifest_id)
    target: Any = manifest
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(manifest, indent=2) if fmt == "json" else dump_yaml(manifest)


def _listed(fmt: str) -> str:
    items = [make_manifest("HG-LISTED-1"), make_manifest("HG-LISTED-2")]
    return json.dumps(items, indent=2) if fmt == "json" else dump_yaml(items)


def version_1_let_through() -> dict[str, str]:
    """Inputs version 1 crashed on (a traceback, no report) or skipped (exit 0)."""
    return {
        "v1-tag-binary.yaml": _tagged("HG-V1-BINARY", "!!binary aGVsbG8="),
        "v1-tag-set.yaml": _tagged("HG-V1-SET", "!!set {a, b}"),
        "v1-tag-int-letters.yaml": _tagged("HG-V1-INT", "!!int abc"),
        "v1-surrogate-key.json": _surrogate_json("HG-V1-SKEY", "key"),
        "v1-surrogate-value.json": _surrogate_json("HG-V1-SVALUE", "value"),
        "v1-near-case.yaml": _header("HG-V1-CASE", "Helixgate/V1", "transfermanifest"),
        "v1-near-zwsp.yaml": _header(
            "HG-V1-ZWSP", f"helix{ZWSP}gate/v1", f"Transfer{ZWSP}Manifest"
        ),
        "v1-near-fullwidth.yaml": _header(
            "HG-V1-FW", _fullwidth("helixgate/v1"), _fullwidth("TransferManifest")
        ),
        "v1-near-cyrillic.yaml": _header(
            "HG-V1-CYR", f"helixg{CYRILLIC_A}te/v1", f"Tr{CYRILLIC_A}nsferManifest"
        ),
        "v1-no-header.yaml": _header("HG-V1-NOHEADER", None, None),
        "v1-array.json": _listed("json"),
        "v1-sequence.yaml": _listed("yaml"),
        "v1-id-newline.json": _replaced_in("HG-V1-NL\n", ("metadata", "id"), "HG-V1-NL\n", "json"),
        "v1-date-0000.yaml": _replaced_in(
            "HG-V1-0000", ("transfers", 0, "start_on"), "0000-01-01", "yaml"
        ),
        "v1-date-2300.json": _replaced_in(
            "HG-V1-2300", ("study", "fda", "submitted_on"), "2300-01-01", "json"
        ),
        "v1-date-1899.yaml": _replaced_in(
            "HG-V1-1899", ("parties", 0, "due_diligence", "completed_on"), "1899-12-31", "yaml"
        ),
    }


def batch_files() -> dict[str, str | bytes]:
    latin1 = "apiVersion: helixgate/v1\nkind: TransferManifest\nmetadata: {id: caf\xe9}\n"
    files: dict[str, str | bytes] = {
        "empty.yaml": "",
        "comments.yaml": "# a comment\n\n   # another, indented\n#\n",
        "marker-only.yaml": "---\n# nothing here\n...\n",
        "nul.yaml": b"apiVersion: helixgate/v1\nkind: Transfer\x00Manifest\n",
        "latin1.yaml": latin1.encode("latin-1"),
        "utf16le.yaml": codecs.BOM_UTF16_LE + manifest_yaml("HG-UTF16-LE").encode("utf-16-le"),
        "utf16be.yaml": codecs.BOM_UTF16_BE + manifest_yaml("HG-UTF16-BE").encode("utf-16-be"),
        "count-1000.yaml": _with_count("yaml", 1000),
        "count-1000.json": _with_count("json", 1000),
        "count-5000.yaml": _with_count("yaml", 5000),
        "count-5000.json": _with_count("json", 5000),
        "deep-count.yaml": _deep_count("yaml"),
        "deep-count.json": _deep_count("json"),
        "deep-api.yaml": "kind: TransferManifest\napiVersion: " + "[" * 900 + "]" * 900 + "\n",
        "tabs.yaml": manifest_yaml("HG-TAB").replace(
            "\n  type: clinical_trial", "\n\ttype: clinical_trial"
        ),
        "dup.yaml": manifest_yaml("HG-DUP-Y").replace(
            "  origin_country: US\n", "  origin_country: US\n  origin_country: CN\n"
        ),
        "dup.json": manifest_json("HG-DUP-J").replace(
            '"origin_country": "US",', '"origin_country": "US", "origin_country": "CN",'
        ),
        "unknown.yaml": _unknown_fields(),
        "long.yaml": _long_values(),
        "long-api.yaml": "apiVersion: helixgate/" + "v" * 100_000 + "\nkind: TransferManifest\n",
        "small-bomb.yaml": with_labels("HG-SMALL-BOMB", billion_laughs("    ", levels=5)),
        "onward-self.yaml": _onward("HG-SELF", (), ("t2", "lab-de", "lab-de")),
        "onward-cycle.yaml": _onward(
            "HG-CYCLE", ("lab-b",), ("t2", "lab-de", "lab-b"), ("t3", "lab-b", "lab-de")
        ),
        "onward-island.yaml": _onward(
            "HG-ISLAND", ("lab-b", "lab-c"), ("t2", "lab-b", "lab-c"), ("t3", "lab-c", "lab-b")
        ),
    }
    files.update(_non_finite(name) for name in NON_FINITE)
    files.update(_wrong_type(name) for name in WRONG_TYPES)
    files.update(version_1_let_through())
    files.update({"mkdocs.yml": MKDOCS, "gitlab-ci.yml": GITLAB_CI})
    return files


@dataclass(frozen=True)
class Batch:
    folder: Path
    files: dict[str, str | bytes]
    run: Run

    def text(self, name: str) -> str:
        content = self.files[name]
        assert isinstance(content, str)
        return content

    def source(self, name: str) -> str:
        return str(self.folder / name)

    def errors(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.run.errors if e["source"] == self.source(name)]

    def error(self, name: str, kind: str) -> dict[str, Any]:
        """The one error of a file, of `kind`; the file has no result."""
        assert self.results(name) == []
        errors = self.errors(name)
        assert len(errors) == 1, errors
        assert errors[0]["kind"] == kind, errors[0]
        return errors[0]

    def results(self, name: str) -> list[dict[str, Any]]:
        return [r for r in self.run.report["results"] if r["source"] == self.source(name)]

    def skipped(self, name: str) -> list[dict[str, Any]]:
        return [s for s in self.run.report["skipped"] if s["source"] == self.source(name)]


@pytest.fixture(scope="module")
def batch(tmp_path_factory, report_validator) -> Batch:
    folder = tmp_path_factory.mktemp("hostile")
    files = batch_files()
    for name, content in files.items():
        write(folder / name, content)
    run = check(report_validator, folder)
    assert run.code == 2
    return Batch(folder, files, run)


def test_the_batch_decides_nothing_it_should_not(batch):
    """Only the two UTF-16 manifests are valid; every other file is an error
    or skipped, and each file is accounted for."""
    decided = {r["manifest"] for r in batch.run.report["results"]}
    assert decided == {"HG-UTF16-LE", "HG-UTF16-BE"}
    for name in batch.files:
        accounted = batch.errors(name) or batch.results(name) or batch.skipped(name)
        assert accounted, name


# --------------------------------------------------------------------------
# Files that hold no manifest: skipped, exit 0


@pytest.mark.parametrize("name", ["empty.yaml", "comments.yaml", "marker-only.yaml"])
def test_a_file_without_content_is_skipped(batch, name):
    assert batch.errors(name) == []
    assert batch.results(name) == []
    assert len(batch.skipped(name)) == 1


def test_files_without_content_alone_exit_0_and_say_nothing_was_checked(validated, tmp_path):
    empty = write(tmp_path / "empty.yaml", "")
    comments = write(tmp_path / "comments.yml", "# only a comment\n")
    run = validated(empty, comments)
    assert run.code == 0, run.report
    assert [s["source"] for s in run.report["skipped"]] == [str(empty), str(comments)]
    assert "no manifest was checked" in run.err


# --------------------------------------------------------------------------
# Bytes that are not text


def test_binary_garbage_is_a_syntax_error_at_the_first_bad_byte(validated, tmp_path):
    raw = b"\x00" + random.Random(20261125).randbytes(4096) + b"\x00"
    path = write(tmp_path / "garbage.yaml", raw)
    error = located_error(validated(path), path, "syntax")
    with pytest.raises(UnicodeDecodeError) as bad:
        raw.decode("utf-8")
    start = bad.value.start
    line = raw.count(b"\n", 0, start) + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    assert (error["line"], error["column"]) == (line, column)


def test_binary_garbage_on_standard_input_is_a_syntax_error(validated):
    noise = random.Random(7).randbytes(2048)
    error = located_error(validated("-", stdin=noise + b"\x00\xff"), "-", "syntax")
    assert error["line"] is not None


def test_a_nul_byte_in_utf8_text_is_a_syntax_error_at_its_position(batch):
    error = batch.error("nul.yaml", "syntax")
    assert (error["line"], error["column"]) == (2, 15)
    assert "#x0000" in error["message"]


def test_latin1_text_is_not_utf8_and_is_located_at_the_bad_byte(batch):
    error = batch.error("latin1.yaml", "syntax")
    assert (error["line"], error["column"]) == (3, len("metadata: {id: caf") + 1)
    assert "UTF-8" in error["message"]


@pytest.mark.parametrize(
    ("name", "manifest_id"),
    [("utf16le.yaml", "HG-UTF16-LE"), ("utf16be.yaml", "HG-UTF16-BE")],
)
def test_a_utf16_manifest_with_a_bom_is_decided(batch, name, manifest_id):
    assert batch.errors(name) == []
    assert [(r["manifest"], r["decision"]) for r in batch.results(name)] == [(manifest_id, "allow")]


# --------------------------------------------------------------------------
# Size


def test_a_file_over_a_small_limit_is_a_limit_error_and_one_at_it_is_decided(validated, tmp_path):
    text = manifest_yaml("HG-SIZE")
    limit = len(text.encode())
    at_limit = write(tmp_path / "at.yaml", text)
    over = write(tmp_path / "over.yaml", text + "#\n")
    run = validated(at_limit, over, options=("--max-file-size", str(limit)))
    assert run.code == 2
    assert [r["source"] for r in run.report["results"]] == [str(at_limit)]
    error = run.only_error()
    assert (error["source"], error["kind"]) == (str(over), "limit")
    assert str(limit) in error["message"]


def test_a_file_just_over_five_megabytes_is_refused_with_the_default_limit(validated, tmp_path):
    text = manifest_yaml("HG-5MB")
    padding = FIVE_MB + 1 - len(text.encode()) - 2
    path = write(tmp_path / "big.yaml", text + "#" + "x" * padding + "\n")
    assert path.stat().st_size == FIVE_MB + 1
    error = located_error(validated(path), path, "limit")
    assert str(FIVE_MB) in error["message"]


# --------------------------------------------------------------------------
# Alias bombs and nesting


def test_a_billion_laughs_at_top_level_is_a_located_limit_error(validated, tmp_path):
    path = write(tmp_path / "bomb.yaml", billion_laughs())
    error = located_error(validated(path), path, "limit")
    assert error["line"] is not None
    assert error["column"] is not None
    assert "expands" in error["message"]


def test_a_billion_laughs_in_the_labels_of_a_valid_manifest_is_a_limit_error(validated, tmp_path):
    path = write(tmp_path / "labels.yaml", with_labels("HG-LABEL-BOMB", billion_laughs("    ")))
    error = located_error(validated(path), path, "limit")
    assert error["line"] is not None
    assert error["line"] > 3


def test_a_small_bomb_under_the_limit_gives_short_schema_errors(batch):
    errors = batch.errors("small-bomb.yaml")
    assert len(errors) == 5
    assert {e["kind"] for e in errors} == {"schema"}
    assert all(e["pointer"].startswith("/metadata/labels/a") for e in errors)
    assert all(len(e["message"]) < 200 for e in errors)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("flow.yaml", "a: " + "[" * 50_000 + "]" * 50_000 + "\n", id="yaml-flow"),
        pytest.param("block.yaml", "- " * 50_000 + "x\n", id="yaml-block"),
        pytest.param("deep.json", "[" * 50_000 + "]" * 50_000, id="json-arrays"),
        pytest.param("objects.json", '{"a": ' * 50_000 + "1" + "}" * 50_000, id="json-objects"),
    ],
)
def test_nesting_fifty_thousand_levels_deep_is_a_located_limit_error(
    validated, tmp_path, name, content
):
    """A block mapping 50,000 levels deep would need over a gigabyte of
    indentation; compact block sequences (`- - - x`) nest as deep in 100 kB."""
    path = write(tmp_path / name, content)
    error = located_error(validated(path), path, "limit")
    assert error["line"] == 1
    assert error["column"] is not None
    assert error["column"] <= 10_000


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_value_nested_hundreds_deep_in_a_manifest_is_an_error_not_a_crash(batch, suffix):
    """Below the readers' nesting limits, but deep enough that quoting the
    value in a message would exhaust Python's stack."""
    name = f"deep-count.{suffix}"
    error = batch.error(name, "schema")
    assert error["pointer"].startswith("/subjects/0/count/0/0")
    assert error["line"] == line_col(batch.text(name), "[[[")[0]
    assert "nested" in error["message"]


def test_an_api_version_nested_hundreds_deep_is_an_error_not_a_crash(batch):
    error = batch.error("deep-api.yaml", "schema")
    assert error["pointer"] == "/apiVersion"
    assert (error["line"], error["column"]) == (2, 13)


def test_a_million_empty_documents_in_one_file_is_a_limit_error(validated, tmp_path):
    """4 MB of `---` lines: without a limit, a million skipped entries (1.5 GB
    of memory and a 130 MB report)."""
    path = write(tmp_path / "documents.yaml", "---\n" * 1_000_000)
    run = validated(path)
    assert run.code == 2
    error = run.only_error()
    assert (error["source"], error["kind"]) == (str(path), "limit")
    assert error["line"] is not None
    assert run.report["summary"]["skipped"] == 10_000


# --------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_thousand_digit_count_is_a_schema_error_with_a_short_message(batch, suffix):
    name = f"count-1000.{suffix}"
    error = batch.error(name, "schema")
    assert error["pointer"] == "/subjects/0/count"
    assert (error["line"], error["column"]) == line_col(batch.text(name), "9" * 1000)
    assert "9" * 100 not in error["message"]
    assert "maximum" in error["message"]


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_a_five_thousand_digit_count_is_a_located_limit_error(batch, suffix):
    name = f"count-5000.{suffix}"
    error = batch.error(name, "limit")
    assert (error["line"], error["column"]) == line_col(batch.text(name), "9" * 5000)
    assert "5000 digits" in error["message"]
    assert "sys." not in error["message"]


@pytest.mark.parametrize("case", list(NON_FINITE))
def test_non_finite_numbers_are_located_syntax_errors(batch, case):
    name, text = _non_finite(case)
    suffix, literal = NON_FINITE[case]
    key = '"share": ' if suffix == "json" else "share: "
    line, column = line_col(text, key + literal)
    error = batch.error(name, "syntax")
    assert (error["line"], error["column"]) == (line, column + len(key))
    assert "not a finite number" in error["message"]


# --------------------------------------------------------------------------
# YAML and JSON mistakes


def test_a_tab_in_indentation_is_a_syntax_error_that_says_so(batch):
    error = batch.error("tabs.yaml", "syntax")
    assert error["line"] == line_col(batch.text("tabs.yaml"), "\ttype")[0]
    assert "tab" in error["message"]


@pytest.mark.parametrize(
    ("name", "second"),
    [("dup.yaml", "origin_country: CN"), ("dup.json", '"origin_country": "CN"')],
)
def test_a_duplicate_key_is_a_syntax_error_at_the_second_key(batch, name, second):
    error = batch.error(name, "syntax")
    assert (error["line"], error["column"]) == line_col(batch.text(name), second)
    assert "origin_country" in error["message"]


def test_unknown_fields_are_schema_errors_at_their_objects(batch):
    found = {(e["kind"], e["pointer"]): e for e in batch.errors("unknown.yaml")}
    assert set(found) == {("schema", "/parties/0"), ("schema", "")}
    assert "colour" in found["schema", "/parties/0"]["message"]
    assert "surprise" in found["schema", ""]["message"]
    text = batch.text("unknown.yaml")
    assert found["schema", "/parties/0"]["line"] == line_col(text, "- id: lab-de")[0]


def test_a_hundred_thousand_character_key_and_id_give_short_messages(batch):
    errors = {e["pointer"]: e for e in batch.errors("long.yaml")}
    assert {"/parties/0", "/subjects/0/id"} <= set(errors)
    for pointer in ("/parties/0", "/subjects/0/id"):
        message = errors[pointer]["message"]
        assert "..." in message
        assert "k" * 100 not in message
        assert "s" * 100 not in message


def test_a_hundred_thousand_character_api_version_gives_a_short_message(batch):
    error = batch.error("long-api.yaml", "schema")
    assert error["pointer"] == "/apiVersion"
    assert "..." in error["message"]


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_wrong_types_are_schema_errors_at_their_pointers(batch, case):
    name = f"type-{case}.yaml"
    errors = batch.errors(name)
    assert batch.results(name) == []
    assert errors
    assert {e["kind"] for e in errors} == {"schema"}
    assert WRONG_TYPES[case][1] in {e["pointer"] for e in errors}, errors
    assert all(e["line"] is not None for e in errors)


def test_an_onward_transfer_to_itself_is_a_reference_error(batch):
    error = batch.error("onward-self.yaml", "reference")
    assert error["pointer"] == "/transfers/1/from"
    assert "itself" in error["message"]
    assert error["line"] == line_col(batch.text("onward-self.yaml"), "from: lab-de")[0]


def test_onward_transfers_in_a_cycle_are_reference_errors(batch):
    errors = batch.errors("onward-cycle.yaml")
    assert {(e["kind"], e["pointer"]) for e in errors} == {
        ("reference", "/transfers/1/from"),
        ("reference", "/transfers/2/from"),
    }
    assert all("cycle" in e["message"] for e in errors)
    assert all(e["line"] is not None for e in errors)


def test_a_cycle_never_reached_from_the_origin_is_a_reference_error(batch):
    errors = batch.errors("onward-island.yaml")
    assert {(e["kind"], e["pointer"]) for e in errors} == {
        ("reference", "/transfers/1/from"),
        ("reference", "/transfers/2/from"),
    }


# --------------------------------------------------------------------------
# Bad input that version 1 let through (policy-pack-v2.md, section 7)


@pytest.mark.parametrize(
    ("name", "pointer", "at", "says"),
    [
        ("v1-tag-binary.yaml", "/metadata/title", "!!binary", "a value tagged !!binary"),
        ("v1-tag-set.yaml", "/metadata/title", "!!set", "a value tagged !!set"),
        ("v1-surrogate-key.json", "/metadata/labels", '{\n      "team"', "lone surrogate, U+D800"),
        ("v1-surrogate-value.json", "/metadata/title", '"T\\udc00"', "lone surrogate, U+DC00"),
        ("v1-no-header.yaml", "", "metadata", "`apiVersion: helixgate/v1` and `kind: Transfer"),
        ("v1-id-newline.json", "/metadata/id", '"HG-V1-NL\\n"', "is not an identifier"),
        ("v1-date-0000.yaml", "/transfers/0/start_on", "'0000-01-01'", "outside the dates"),
        ("v1-date-2300.json", "/study/fda/submitted_on", '"2300-01-01"', "outside the dates"),
        ("v1-date-1899.yaml", "/parties/0/due_diligence/completed_on", "'1899-12-31'", "outside"),
    ],
)
def test_what_version_1_let_through_is_a_located_schema_error(batch, name, pointer, at, says):
    """Each crashed the run (a traceback, no report for any file) or passed."""
    error = batch.error(name, "schema")
    assert error["pointer"] == pointer
    assert (error["line"], error["column"]) == line_col(batch.text(name), at), error
    assert says in error["message"]


def test_an_explicit_tag_on_a_value_of_another_type_is_a_syntax_error(batch):
    error = batch.error("v1-tag-int-letters.yaml", "syntax")
    assert error["line"] == line_col(batch.text("v1-tag-int-letters.yaml"), "!!int abc")[0]
    assert "'abc' is not an integer" in error["message"]


@pytest.mark.parametrize(
    "name",
    ["v1-near-case.yaml", "v1-near-zwsp.yaml", "v1-near-fullwidth.yaml", "v1-near-cyrillic.yaml"],
)
def test_a_near_miss_header_is_an_error_with_a_hint(batch, name):
    """Version 1 skipped these: exit 0, the manifest never checked."""
    errors = batch.errors(name)
    assert batch.results(name) == []
    assert [(e["kind"], e["pointer"]) for e in errors] == [
        ("schema", "/apiVersion"),
        ("schema", "/kind"),
    ]
    assert errors[0]["message"].endswith("did you mean `apiVersion: helixgate/v1`?")
    assert errors[1]["message"].endswith("did you mean `kind: TransferManifest`?")
    text = batch.text(name)
    assert [e["line"] for e in errors] == [
        line_col(text, "apiVersion")[0],
        line_col(text, "kind:")[0],
    ]


@pytest.mark.parametrize("name", ["v1-array.json", "v1-sequence.yaml"])
def test_a_list_of_manifests_is_an_error_at_each(batch, name):
    errors = batch.errors(name)
    assert batch.results(name) == []
    assert [(e["kind"], e["pointer"]) for e in errors] == [("schema", "/0"), ("schema", "/1")]
    assert all("one manifest per document" in e["message"] for e in errors)
    assert all(e["line"] is not None for e in errors)


@pytest.mark.parametrize("name", ["mkdocs.yml", "gitlab-ci.yml"])
def test_other_yaml_with_its_own_tags_is_still_skipped(batch, name):
    assert batch.errors(name) == []
    assert [s["reason"] for s in batch.skipped(name)] == ["not a helixgate manifest"]


def test_inputs_that_crashed_version_1_leave_the_files_beside_them_decided(validated, tmp_path):
    """One file with a lone surrogate, one with a `!!binary`: the run reports
    both and still decides the manifest beside them (version 1: a traceback,
    exit 1, no report at all)."""
    files = version_1_let_through()
    bad_key = write(tmp_path / "a.json", files["v1-surrogate-key.json"])
    binary = write(tmp_path / "b.yaml", files["v1-tag-binary.yaml"])
    good = write(tmp_path / "c.yaml", manifest_yaml("HG-BESIDE-BAD"))
    run = validated(bad_key, binary, good)
    assert run.code == 2
    assert [(r["source"], r["decision"]) for r in run.report["results"]] == [(str(good), "allow")]
    assert [(e["source"], e["kind"]) for e in run.errors] == [
        (str(bad_key), "schema"),
        (str(binary), "schema"),
    ]


# --------------------------------------------------------------------------
# Files that cannot be read, and folders that try to trap the walk


def test_a_dangling_symlink_is_an_error_named_or_found_in_a_folder(validated, tmp_path):
    folder = tmp_path / "studies"
    folder.mkdir()
    (folder / "x.yaml").symlink_to(tmp_path / "gone-1.yaml")
    named = tmp_path / "x.yaml"
    named.symlink_to(tmp_path / "gone-2.yaml")
    run = validated(named, folder)
    assert run.code == 2
    assert [(e["source"], e["kind"]) for e in run.errors] == [
        (str(named), "missing"),
        (str(folder / "x.yaml"), "missing"),
    ]
    assert all("does not exist" in e["message"] for e in run.errors)


def test_a_symlink_to_itself_is_an_error(validated, tmp_path):
    loop = tmp_path / "self.yaml"
    loop.symlink_to(loop)
    error = located_error(validated(tmp_path), loop, "syntax")
    assert "cannot read" in error["message"]


def test_a_directory_named_like_a_manifest_is_walked_not_read(validated, tmp_path):
    folder = write(tmp_path / "y.yaml" / "inner.yaml", manifest_yaml("HG-IN-DIR")).parent
    (tmp_path / "empty.yml").mkdir()
    run = validated(tmp_path, folder)
    assert run.code == 0, run.report
    assert [r["manifest"] for r in run.report["results"]] == ["HG-IN-DIR"]
    assert run.errors == []


def test_an_empty_directory_named_like_a_manifest_checks_nothing(validated, tmp_path):
    folder = tmp_path / "y.yaml"
    folder.mkdir()
    run = validated(folder)
    assert run.code == 0
    assert run.report["summary"]["manifests"] == 0
    assert "no manifest was checked" in run.err


def test_a_symlink_loop_in_a_directory_does_not_trap_the_walk(validated, tmp_path):
    folder = tmp_path / "dir"
    write(folder / "a.yaml", manifest_yaml("HG-LOOP"))
    (folder / "loop").symlink_to(folder)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)
    run = validated(folder)
    assert run.code == 0, run.report
    assert [r["source"] for r in run.report["results"]] == [str(folder / "a.yaml")]


def test_a_fifo_in_a_folder_is_an_error_not_a_hang(validated, tmp_path):
    folder = tmp_path / "studies"
    write(folder / "a.yaml", manifest_yaml("HG-BESIDE-FIFO"))
    os.mkfifo(folder / "pipe.yaml")
    run = validated(folder, timeout=20)
    assert run.code == 2
    assert [r["manifest"] for r in run.report["results"]] == ["HG-BESIDE-FIFO"]
    error = run.only_error()
    assert (error["source"], error["kind"]) == (str(folder / "pipe.yaml"), "syntax")


def test_ten_thousand_files_without_a_manifest_are_all_skipped(validated, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(10_000):
        (folder / f"f{index:05d}.yaml").write_text(f"name: file {index}\nvalue: {index}\n")
    run = validated(folder, timeout=MANY_FILES_TIMEOUT)
    assert run.code == 0, run.errors[:3]
    assert run.report["summary"]["skipped"] == 10_000
    assert run.report["summary"]["manifests"] == 0
    assert run.errors == []


def test_reference_checks_of_ten_thousand_onward_transfers_take_well_under_a_second():
    """The schema allows 10,000 transfers: the cycle check is linear (it was
    quadratic, 10 s for a chain of 9,000)."""
    manifest = make_manifest("HG-LONG-CHAIN")
    party = manifest["parties"][0]
    first = manifest["transfers"][0]
    manifest["parties"] = [{**party, "id": f"p{i}"} for i in range(10_000)]
    manifest["transfers"] = [
        {**first, "id": f"t{i}", "to": f"p{i}", **({"from": f"p{i - 1}"} if i else {})}
        for i in range(9_999)
    ]
    manifest["transfers"].append({**first, "id": "back", "from": "p9998", "to": "p9997"})
    started = time.monotonic()
    errors = reference_errors(manifest)
    assert time.monotonic() - started < 1.0
    assert [pointer for pointer, _ in errors] == ["/transfers/9998/from", "/transfers/9999/from"]
