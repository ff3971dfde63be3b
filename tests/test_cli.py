"""`helixgate check` end to end: the installed console script and a real OPA.

interfaces.md, "Command line" and "JSON report". Every call starts an OPA, so
one call checks several files wherever the assertion allows.
"""

from __future__ import annotations

import json
import os
import pty
import re
import resource
import socket
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import HELIXGATE, CliResult, line_col, run_helixgate, write

ANSI = re.compile(r"\x1b\[")


MKDOCS = "site_name: Study docs\nnav:\n  - Home: index.md\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory, manifest, to_yaml) -> Path:
    """allow.yaml, review.yaml, deny.yaml, broken.yaml (schema error),
    syntax.yaml (duplicate key), mkdocs.yml (no manifest)."""
    root = tmp_path_factory.mktemp("files")
    for decision in ("allow", "review", "deny"):
        write(root / f"{decision}.yaml", to_yaml(manifest(f"HG-{decision.upper()}", decision)))
    broken = manifest("HG-BROKEN", "allow")
    broken["parties"][0]["country"] = "Germany"
    write(root / "broken.yaml", to_yaml(broken))
    write(root / "syntax.yaml", "apiVersion: helixgate/v1\nkind: TransferManifest\nkind: Again\n")
    write(root / "mkdocs.yml", MKDOCS)
    return root


# --------------------------------------------------------------------------
# Exit codes


@pytest.mark.parametrize(
    ("names", "options", "expected"),
    [
        pytest.param(["allow.yaml"], [], 0, id="allow-exits-0"),
        pytest.param(["allow.yaml", "deny.yaml"], [], 1, id="deny-exits-1"),
        pytest.param(["allow.yaml", "review.yaml"], [], 0, id="review-exits-0-by-default"),
        pytest.param(
            ["review.yaml"], ["--fail-on", "review"], 1, id="review-exits-1-with-fail-on-review"
        ),
        pytest.param(
            ["allow.yaml"], ["--fail-on", "review"], 0, id="allow-exits-0-with-fail-on-review"
        ),
        pytest.param(
            ["allow.yaml", "deny.yaml", "broken.yaml"], [], 2, id="schema-error-beside-good-exits-2"
        ),
        pytest.param(["syntax.yaml", "allow.yaml"], [], 2, id="syntax-error-beside-good-exits-2"),
    ],
)
def test_exit_code_follows_the_worst_outcome(helixgate, files, names, options, expected):
    result = helixgate(["check", *options, *names], cwd=files)
    assert result.code == expected, result.err


# --------------------------------------------------------------------------
# The JSON report


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, manifest, to_yaml) -> tuple[CliResult, CliResult]:
    """Two identical runs over studies/: an allow, a file of three documents
    (review, not a manifest, deny), a schema error, and a JSON manifest below."""
    root = tmp_path_factory.mktemp("mixed")
    studies = root / "studies"
    write(studies / "a-allow.yaml", to_yaml(manifest("HG-A", "allow")))
    write(
        studies / "b-multi.yaml",
        to_yaml(manifest("HG-B0", "review"), {"site_name": "docs"}, manifest("HG-B2", "deny")),
    )
    bad = manifest("HG-C", "allow")
    bad["subjects"][0]["count"] = -1
    write(studies / "c-broken.yaml", to_yaml(bad))
    write(studies / "d" / "nested.json", json.dumps(manifest("HG-D", "allow"), indent=2))
    write(studies / "notes.txt", "not a manifest\n")
    args = ["check", "--format", "json", "studies"]
    return run_twice(args, root)


def run_twice(args: list[str], cwd: Path) -> tuple[CliResult, CliResult]:
    return run_helixgate(args, cwd=cwd), run_helixgate(args, cwd=cwd)


def test_json_report_is_valid_against_the_report_schema(mixed, report_validator):
    report = mixed[0].json()
    errors = sorted(report_validator.iter_errors(report), key=lambda e: str(list(e.absolute_path)))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_json_report_is_byte_identical_across_runs(mixed):
    first, second = mixed
    assert first.raw
    assert first.raw == second.raw


def test_results_come_in_input_order_with_source_document_and_manifest(mixed):
    report = mixed[0].json()
    assert [
        (r["source"], r["document"], r["manifest"], r["decision"]) for r in report["results"]
    ] == [
        ("studies/a-allow.yaml", 0, "HG-A", "allow"),
        ("studies/b-multi.yaml", 0, "HG-B0", "review"),
        ("studies/b-multi.yaml", 2, "HG-B2", "deny"),
        ("studies/d/nested.json", 0, "HG-D", "allow"),
    ]


def test_a_document_that_is_not_a_manifest_is_skipped_and_an_invalid_one_is_an_error(mixed):
    report = mixed[0].json()
    assert [(s["source"], s["document"]) for s in report["skipped"]] == [
        ("studies/b-multi.yaml", 1)
    ]
    assert [(e["source"], e["document"], e["kind"], e["pointer"]) for e in report["errors"]] == [
        ("studies/c-broken.yaml", 0, "schema", "/subjects/0/count")
    ]


def test_summary_counts_every_outcome_and_the_exit_code_is_2(mixed):
    result = mixed[0]
    assert result.json()["summary"] == {
        "manifests": 4,
        "allow": 2,
        "review": 1,
        "deny": 1,
        "errors": 1,
        "skipped": 1,
    }
    assert result.code == 2
    assert result.json()["complete"] is True


def test_json_report_names_the_engine_and_the_policy_revision(mixed):
    report = mixed[0].json()
    assert report["report_version"] == 1
    assert report["engine"]["name"] == "opa"
    assert report["engine"]["mode"] == "embedded"
    assert re.fullmatch(r"1\.\d+\.\d+", report["engine"]["version"])
    assert report["policy_revision"] not in ("", "unknown")


def test_stdin_is_read_for_dash_in_the_order_given(helixgate, files, manifest, to_yaml):
    stdin = to_yaml(manifest("HG-STDIN", "deny")).encode()
    result = helixgate(
        ["check", "--format", "json", "--as-of", "2026-11-30", "allow.yaml", "-"],
        stdin=stdin,
        cwd=files,
    )
    report = result.json()
    assert [(r["source"], r["manifest"], r["decision"]) for r in report["results"]] == [
        ("allow.yaml", "HG-ALLOW", "allow"),
        ("-", "HG-STDIN", "deny"),
    ]
    assert result.code == 1


def test_output_writes_the_report_to_the_file_and_nothing_to_stdout(
    helixgate, files, tmp_path, report_validator
):
    target = tmp_path / "report.json"
    result = helixgate(
        ["check", "--format", "json", "--output", str(target), "allow.yaml", "deny.yaml"], cwd=files
    )
    assert result.out == ""
    assert result.code == 1
    report = json.loads(target.read_text(encoding="utf-8"))
    report_validator.validate(report)
    assert [r["manifest"] for r in report["results"]] == ["HG-ALLOW", "HG-DENY"]


# --------------------------------------------------------------------------
# --output never destroys data


@pytest.fixture
def inputs(tmp_path, manifest, to_yaml) -> Path:
    """study.yaml (an allow), studies/inner.yaml (a deny), inner-link.yaml ->
    studies/inner.yaml, inner-hard.yaml (a hard link to it), waivers.yaml."""
    write(tmp_path / "study.yaml", to_yaml(manifest("HG-STUDY", "allow")))
    write(tmp_path / "studies" / "inner.yaml", to_yaml(manifest("HG-INNER", "deny")))
    (tmp_path / "inner-link.yaml").symlink_to("studies/inner.yaml")
    os.link(tmp_path / "studies" / "inner.yaml", tmp_path / "inner-hard.yaml")
    write(tmp_path / "waivers.yaml", "waivers: []\n")
    return tmp_path


def _contents(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.mark.parametrize(
    ("output", "extra"),
    [
        pytest.param("study.yaml", [], id="a-file-named"),
        pytest.param("studies/inner.yaml", [], id="a-file-inside-a-directory-argument"),
        pytest.param("inner-link.yaml", [], id="a-link-to-an-input"),
        pytest.param("inner-hard.yaml", [], id="a-hard-link-to-an-input"),
        pytest.param("./studies/../study.yaml", [], id="another-spelling"),
        pytest.param("waivers.yaml", ["--waivers", "waivers.yaml"], id="the-waiver-file"),
    ],
)
def test_an_output_that_is_an_input_is_refused_before_anything_runs(
    helixgate, inputs, output, extra
):
    before = _contents(inputs)
    result = helixgate(
        ["check", "--format", "json", "--output", output, *extra, "study.yaml", "studies"],
        cwd=inputs,
        env={"HELIXGATE_OPA": "/nonexistent"},  # if the run started, an engine error
    )
    assert result.code == 2
    assert "--output" in result.err
    assert "would overwrite it" in result.err
    assert "/nonexistent" not in result.err
    assert result.out == ""
    assert _contents(inputs) == before


def test_an_output_beside_the_inputs_is_written(helixgate, inputs):
    result = helixgate(
        ["check", "--format", "json", "--output", "studies/report.json", "study.yaml"],
        cwd=inputs,
    )
    assert result.code == 0, result.err
    report = json.loads((inputs / "studies" / "report.json").read_text(encoding="utf-8"))
    assert [r["manifest"] for r in report["results"]] == ["HG-STUDY"]


def test_an_existing_report_is_replaced_whole_and_keeps_its_permissions(helixgate, inputs):
    target = write(inputs / "out" / "report.json", "previous report\n")
    target.chmod(0o640)
    result = helixgate(
        ["check", "--format", "json", "--output", str(target), "study.yaml"], cwd=inputs
    )
    assert result.code == 0, result.err
    assert json.loads(target.read_text())["summary"]["allow"] == 1
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]


def test_a_failed_write_leaves_the_previous_report_and_no_temporary_file(inputs):
    """A file-size limit makes writing fail part-way, as a full disk would."""
    target = write(inputs / "out" / "report.json", "previous report\n")

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))

    done = subprocess.run(
        [str(HELIXGATE), "check", "--format", "json", "--output", str(target), "study.yaml"],
        cwd=inputs, preexec_fn=small_files, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert f"cannot write the report to {str(target)!r}" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_text() == "previous report\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        pytest.param("/dev/full", "No space left on device", id="dev-full"),
        pytest.param(
            "{tmp}/no-such-folder/report.json", "its folder does not exist", id="no-folder"
        ),
        pytest.param("{tmp}/study.yaml/report.json", "Not a directory", id="under-a-file"),
        pytest.param(
            "/sys/helixgate-report.json",
            "",
            id="a-folder-root-cannot-write",
            marks=pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs sysfs"),
        ),
    ],
)
def test_an_unwritable_output_is_exit_2_with_a_message(helixgate, inputs, where, reason):
    output = where.format(tmp=inputs)
    result = helixgate(["check", "--output", output, "study.yaml"], cwd=inputs)
    assert result.code == 2
    assert f"helixgate: cannot write the report to {output!r}: {reason}" in result.err
    assert "Traceback" not in result.err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode), "a device is written to, never replaced"


def test_output_to_dev_stdout_writes_the_report_to_standard_output(helixgate, inputs):
    result = helixgate(
        ["check", "--format", "json", "--output", "/dev/stdout", "study.yaml"], cwd=inputs
    )
    assert result.code == 0, result.err
    assert [r["manifest"] for r in result.json()["results"]] == ["HG-STUDY"]


# --------------------------------------------------------------------------
# Numbers and dates on the command line


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "20261201", "tomorrow", "2026-1-5", "2026-W01-1", "1899-12-31", "2200-01-01",
     "\u0662\u0660\u0662\u0666-01-01", " 2026-01-01"],
)  # fmt: skip
def test_a_bad_as_of_date_is_a_usage_error(helixgate, files, value):
    result = helixgate(["check", "--as-of", value, "allow.yaml"], cwd=files)
    assert result.code == 2
    assert "--as-of" in result.err
    assert result.out == ""
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "value", ["inf", "1e308", "nan", "0", "0.0", "-1", "3601", "1e3", "1_0", "\u0663", " 5"]
)
def test_a_timeout_that_is_not_a_plain_number_up_to_an_hour_is_a_usage_error(
    helixgate, files, value
):
    result = helixgate(["check", "--timeout", value, "allow.yaml"], cwd=files)
    assert result.code == 2
    assert "--timeout" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


@pytest.mark.parametrize(
    "value", ["0", "-1", "1073741825", "99999999999999999999999", "1_000", "5MB", "\u0665"]
)
def test_a_max_file_size_outside_1_byte_to_1_gib_is_a_usage_error(helixgate, files, value):
    result = helixgate(["check", "--max-file-size", value, "allow.yaml"], cwd=files)
    assert result.code == 2
    assert "--max-file-size" in result.err
    assert "Traceback" not in result.err
    assert result.out == ""


def test_the_largest_values_allowed_are_accepted(helixgate, files):
    result = helixgate(
        ["check", "--format", "json", "--timeout", "3600", "--max-file-size", "1073741824",
         "--as-of", "2199-12-31", "allow.yaml"],
        cwd=files,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert [r["manifest"] for r in result.json()["results"]] == ["HG-ALLOW"]


def test_a_file_over_max_file_size_is_a_limit_error(helixgate, tmp_path, manifest, to_yaml):
    small = to_yaml(manifest("HG-SMALL", "allow"))
    write(tmp_path / "small.yaml", small)
    write(tmp_path / "big.yaml", to_yaml(manifest("HG-BIG", "allow")) + "# padding\n" * 200)
    limit = len(small.encode()) + 10
    result = helixgate(
        ["check", "--format", "json", "--max-file-size", str(limit), "."], cwd=tmp_path
    )
    report = result.json()
    assert [r["manifest"] for r in report["results"]] == ["HG-SMALL"]
    assert [(os.path.normpath(e["source"]), e["kind"]) for e in report["errors"]] == [
        ("big.yaml", "limit")
    ]
    assert result.code == 2


def test_files_without_manifests_are_skipped_exit_0_and_stderr_says_so(helixgate, files, tmp_path):
    write(tmp_path / "empty.yaml", "")
    result = helixgate(
        ["check", "--format", "json", str(files / "mkdocs.yml"), str(tmp_path / "empty.yaml")]
    )
    assert result.code == 0
    report = result.json()
    assert report["results"] == []
    assert report["errors"] == []
    assert [Path(s["source"]).name for s in report["skipped"]] == ["mkdocs.yml", "empty.yaml"]
    assert report["summary"]["skipped"] == 2
    assert "no manifest" in result.err.lower()


# --------------------------------------------------------------------------
# Text format


@pytest.fixture(scope="module")
def text_run(helixgate, files) -> CliResult:
    return helixgate(["check", "allow.yaml", "review.yaml", "deny.yaml", "broken.yaml"], cwd=files)


def test_text_format_prints_one_verdict_line_per_manifest(text_run):
    verdicts = [
        line for line in text_run.out.splitlines() if re.match(r"(ALLOW|REVIEW|DENY)\b", line)
    ]
    assert len(verdicts) == 3
    for verdict, name, source in (
        ("ALLOW", "HG-ALLOW", "allow.yaml"),
        ("REVIEW", "HG-REVIEW", "review.yaml"),
        ("DENY", "HG-DENY", "deny.yaml"),
    ):
        matching = [line for line in verdicts if name in line]
        assert len(matching) == 1
        assert matching[0].startswith(verdict)
        assert source in matching[0]


def test_text_format_places_each_finding_at_file_line_column(text_run, files):
    for name, rules in (
        ("deny.yaml", ("FDA-CELLS-001", "CMP-SOV-001")),
        ("review.yaml", ("CMP-SOV-001",)),
    ):
        line, column = line_col((files / name).read_text(encoding="utf-8"), "- id: t1", 0)
        where = f"{name}:{line}:{column + 2}"
        for rule in rules:
            assert any(where in row and rule in row for row in text_run.out.splitlines()), (
                where,
                rule,
            )


def test_text_format_writes_errors_to_stderr_only(text_run):
    assert "broken.yaml" in text_run.err
    assert "/parties/0/country" in text_run.err
    assert "broken.yaml" not in text_run.out
    assert text_run.code == 2


def test_text_format_has_no_ansi_escapes_when_not_a_tty(text_run):
    assert not ANSI.search(text_run.out)
    assert not ANSI.search(text_run.err)


def _run_in_pty(args: list[str], cwd: Path, no_color: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    if no_color:
        env["NO_COLOR"] = "1"
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [str(HELIXGATE), *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_text_format_on_a_terminal_has_colour_unless_no_color_is_set(files):
    coloured = _run_in_pty(["check", "deny.yaml"], files, no_color=False)
    plain = _run_in_pty(["check", "deny.yaml"], files, no_color=True)
    assert "DENY" in coloured
    assert "DENY" in plain
    assert ANSI.search(coloured), "a terminal without NO_COLOR gets colour"
    assert not ANSI.search(plain), "NO_COLOR is respected on a terminal"


# --------------------------------------------------------------------------
# Engine failures


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_opa_url_is_an_engine_error_and_never_an_allow(helixgate, files):
    url = f"http://127.0.0.1:{_closed_port()}"
    result = helixgate(["check", "--format", "json", "--opa-url", url, "allow.yaml"], cwd=files)
    assert result.code == 2
    report = result.json()
    assert all(r["decision"] != "allow" for r in report["results"])
    assert "HG-ALLOW" not in [r["manifest"] for r in report["results"]]
    assert [(e["source"], e["kind"]) for e in report["errors"]] == [("allow.yaml", "engine")]
    assert report["complete"] is False
    assert report["summary"]["allow"] == 0


def test_a_missing_opa_binary_is_an_engine_error_with_a_hint(helixgate, files):
    result = helixgate(
        ["check", "--format", "json", "allow.yaml"],
        cwd=files,
        env={"HELIXGATE_OPA": "/nonexistent"},
    )
    assert result.code == 2
    report = result.json()
    assert report["results"] == []
    (error,) = report["errors"]
    assert error["kind"] == "engine"
    assert "/nonexistent" in error["message"]
    assert re.search(r"make opa|set HELIXGATE_OPA|install", error["message"]), error["message"]


def test_a_missing_opa_binary_is_one_line_on_stderr_in_text_format(helixgate, files):
    result = helixgate(["check", "allow.yaml"], cwd=files, env={"HELIXGATE_OPA": "/nonexistent"})
    assert result.code == 2
    lines = [line for line in result.err.splitlines() if "/nonexistent" in line]
    assert len(lines) == 1
    assert "engine" in lines[0]
    assert "ALLOW" not in result.out


# --------------------------------------------------------------------------
# Positions in the report

POSITIONS_YAML = """\
# Comments and blank lines shift every line; four-space indents shift columns.

apiVersion: helixgate/v1
kind: TransferManifest
metadata:
    id: HG-POS
study:
    type: clinical_trial
    origin_country: US
    fda:
        application: IND
        status: submitted
        submitted_on: 2026-08-01
consent:
    foreign_transfer_disclosed: true
    disclosed_countries: [DE, CN]
    sequencing_disclosed: true
compliance:
    assessment:
        completed_on:    2026-12-15
subjects:
    -   id: us-patients
        nationality: US
        residence: US
        count: 40
materials:
    -   id: tcells
        type: living_cells
        subjects: us-patients
parties:
    -   id: lab-de
        name: Example Genomics GmbH
        role: sequencing_lab
        country: DE
        headquarters: DE
        owners: [{name: Example Holding AG, country: DE, share: 100}]
        certifications: [ISO27001]
        due_diligence: {completed_on: 2026-06-01, outcome: approved}
    -   id: lab-cn
        name: Shenzhen Example Biotech Co.
        role: sequencing_lab
        country: CN
        headquarters: CN
        owners: [{name: Shenzhen Example Group, country: CN, share: 100}]
        certifications: [ISO27001]
        due_diligence: {completed_on: 2026-06-01, outcome: approved}
transfers:
    -   id: t1
        item: tcells
        to: lab-de
        purpose: manufacturing
        start_on: 2026-12-01
        selection_reason: capability
    -   id: t2
        item: tcells
        to: lab-cn
        purpose: sequencing
        start_on: 2027-01-10
        selection_reason: capability
"""


@pytest.fixture(scope="module")
def positions(tmp_path_factory, manifest) -> tuple[Path, dict[str, Any]]:
    root = tmp_path_factory.mktemp("positions")
    write(root / "a-findings.yaml", POSITIONS_YAML)
    write(root / "b-findings.json", json.dumps(manifest("HG-POS-JSON", "deny"), indent=2))
    write(root / "c-schema.yaml", POSITIONS_YAML.replace("count: 40", "count: 1_000"))
    write(root / "d-reference.yaml", POSITIONS_YAML.replace("id: lab-cn", "id: lab-de"))
    write(
        root / "e-duplicate-key.yaml",
        POSITIONS_YAML.replace(
            "    sequencing_disclosed: true\n",
            "    sequencing_disclosed: true\n    disclosed_countries: [CN]\n",
        ),
    )
    write(
        root / "f-latin1.yaml",
        POSITIONS_YAML.replace("Example Genomics", "Génomique").encode("latin-1"),
    )
    write(
        root / "g-multi.yaml",
        "\n---\n".join(
            [
                POSITIONS_YAML.replace("HG-POS", "HG-POS-G0"),
                POSITIONS_YAML.replace("HG-POS", "HG-POS-G1"),
                "apiVersion: helixgate/v1\nkind: [unclosed\n",
                POSITIONS_YAML.replace("HG-POS", "HG-POS-G3"),
            ]
        ),
    )
    return root, run_helixgate(["check", "--format", "json", "."], cwd=root).json()


def _finding(report: dict[str, Any], manifest_id: str, rule: str) -> dict[str, Any]:
    (result,) = [r for r in report["results"] if r["manifest"] == manifest_id]
    (finding,) = [f for f in result["findings"] if f["rule"] == rule]
    return finding


def test_a_transfer_finding_carries_the_line_and_column_of_its_list_item(positions):
    _, report = positions
    finding = _finding(report, "HG-POS", "FDA-CELLS-001")
    assert finding["pointer"] == "/transfers/1"
    expected = line_col(POSITIONS_YAML, "id: t2")
    assert (finding["line"], finding["column"]) == expected


def test_an_assessment_finding_carries_the_position_of_the_date(positions):
    _, report = positions
    finding = _finding(report, "HG-POS", "CMP-ASSESS-001")
    assert finding["pointer"] == "/compliance/assessment/completed_on"
    assert (finding["line"], finding["column"]) == line_col(POSITIONS_YAML, "2026-12-15")


def test_a_finding_in_a_json_manifest_carries_its_position(positions):
    root, report = positions
    text = (root / "b-findings.json").read_text(encoding="utf-8")
    finding = _finding(report, "HG-POS-JSON", "FDA-CELLS-001")
    assert finding["pointer"] == "/transfers/0"
    start = text.index('"transfers": [')
    expected = line_col(text[start:], "{")
    expected = (expected[0] + text.count("\n", 0, start), expected[1])
    assert (finding["line"], finding["column"]) == expected


def _error(report: dict[str, Any], source: str, pointer: str | None = None) -> dict[str, Any]:
    (error,) = [
        e
        for e in report["errors"]
        if os.path.normpath(e["source"]) == source and (pointer is None or e["pointer"] == pointer)
    ]
    return error


def test_a_schema_error_carries_the_position_of_the_offending_value(positions):
    _, report = positions
    error = _error(report, "c-schema.yaml")
    assert (error["kind"], error["pointer"]) == ("schema", "/subjects/0/count")
    text = POSITIONS_YAML.replace("count: 40", "count: 1_000")
    assert (error["line"], error["column"]) == line_col(text, "1_000")


def test_a_reference_error_carries_the_position_of_the_second_id(positions):
    _, report = positions
    error = _error(report, "d-reference.yaml", "/parties/1/id")
    assert (error["kind"], error["pointer"]) == ("reference", "/parties/1/id")
    text = POSITIONS_YAML.replace("id: lab-cn", "id: lab-de")
    line, _ = line_col(text, "id: lab-de", 1)
    assert error["line"] == line


def test_a_duplicate_key_is_a_syntax_error_at_the_second_key(positions):
    _, report = positions
    error = _error(report, "e-duplicate-key.yaml")
    assert error["kind"] == "syntax"
    line, column = line_col(POSITIONS_YAML, "    sequencing_disclosed: true\n")
    assert (error["line"], error["column"]) == (line + 1, column + 4)


def test_non_utf8_bytes_are_a_syntax_error_with_their_line(positions):
    _, report = positions
    error = _error(report, "f-latin1.yaml")
    assert error["kind"] == "syntax"
    assert error["line"] == line_col(POSITIONS_YAML, "Example Genomics")[0]


def test_the_valid_files_beside_the_broken_ones_are_still_decided(positions):
    _, report = positions
    assert [r["manifest"] for r in report["results"]][:2] == ["HG-POS", "HG-POS-JSON"]
    assert {os.path.normpath(e["source"]) for e in report["errors"]} == {
        "c-schema.yaml",
        "d-reference.yaml",
        "e-duplicate-key.yaml",
        "f-latin1.yaml",
        "g-multi.yaml",
    }


def test_a_syntax_error_in_document_2_keeps_the_decisions_on_documents_0_and_1(positions):
    _, report = positions
    decided = [
        (r["manifest"], r["document"])
        for r in report["results"]
        if os.path.normpath(r["source"]) == "g-multi.yaml"
    ]
    assert decided == [("HG-POS-G0", 0), ("HG-POS-G1", 1)]
    error = _error(report, "g-multi.yaml")
    assert (error["kind"], error["document"]) == ("syntax", 2)
    text = (positions[0] / "g-multi.yaml").read_text(encoding="utf-8")
    assert error["line"] >= line_col(text, "kind: [unclosed")[0]
