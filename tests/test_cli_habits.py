"""The command-line habits users bring from other tools: -V, --color with
NO_COLOR and FORCE_COLOR, -q, --exclude and --stdin-filename."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ESCAPE = "\x1b["


def test_dash_capital_v_is_version(helixgate):
    assert helixgate(["-V"]).out.splitlines()[0].startswith("helixgate ")


def test_color_always_never_and_the_environment(helixgate):
    one = str(EXAMPLES / "cart-germany.yaml")
    assert ESCAPE in helixgate(["check", "--color", "always", one]).out
    assert ESCAPE not in helixgate(["check", "--color", "never", one], env={"FORCE_COLOR": "1"}).out
    assert ESCAPE not in helixgate(["check", one]).out  # a pipe: no colour
    assert ESCAPE in helixgate(["check", one], env={"FORCE_COLOR": "1"}).out
    assert ESCAPE not in helixgate(["check", one], env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).out


def test_quiet_shows_only_what_is_not_allowed(helixgate):
    run = helixgate(["check", "-q", str(EXAMPLES)])
    assert run.code == 1
    shown = [line.split()[1] for line in run.out.splitlines() if line[:5] in ("DENY ", "REVIE")]
    assert shown == ["EX-CART-CN-001", "EX-CART-ONGOING-001"]
    assert "ALLOW" not in run.out
    assert run.out.splitlines()[-1].startswith("7 manifests: 5 allow")


def test_exclude_leaves_matching_files_out(helixgate):
    run = helixgate(["check", "--format", "json", "--exclude", "cart-*", str(EXAMPLES)])
    sources = {Path(r["source"]).name for r in run.json()["results"]}
    assert "cart-china.yaml" not in sources
    assert "cart-germany.yaml" not in sources
    assert "hgr-export.json" in sources
    by_path = helixgate(["check", "--format", "json", "--exclude", "*/hgr-*", str(EXAMPLES)])
    assert "hgr-export.json" not in {Path(r["source"]).name for r in by_path.json()["results"]}


def test_stdin_filename_names_standard_input_and_its_suffix_picks_the_reader(helixgate):
    text = (EXAMPLES / "hgr-export.json").read_bytes()
    run = helixgate(
        ["check", "--format", "json", "--stdin-filename", "studies/hgr.json", "-"], stdin=text
    )
    [result] = run.json()["results"]
    assert result["source"] == "studies/hgr.json"
    assert result["decision"] == "allow"


def test_doctor_says_which_opa_and_where_it_came_from(helixgate, tmp_path):
    ok = helixgate(["doctor"], cwd=tmp_path)
    assert ok.code == 0, ok.err
    assert "policy pack: revision " in ok.out
    assert "(from " in ok.out.splitlines()[-1]
    (tmp_path / "helixgate.toml").write_text('fail-on = "review"\n', encoding="utf-8")
    assert "configuration: helixgate.toml" in helixgate(["doctor"], cwd=tmp_path).out
    broken = helixgate(["doctor"], env={"HELIXGATE_OPA": str(tmp_path / "no-opa")})
    assert broken.code == 2
    assert "OPA: not usable" in broken.err


def _many(tmp_path, count=1500):
    from conftest import dump_yaml, make_manifest

    path = tmp_path / "many.yaml"
    documents = [make_manifest(f"HG-P{n:04d}", "allow") for n in range(count)]
    path.write_text(dump_yaml(*documents), encoding="utf-8")
    return path


def test_a_long_run_on_a_terminal_shows_progress_on_stderr_and_never_in_a_pipe(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    script = shutil.which("script")
    assert script, "util-linux `script` gives the run a terminal"
    many = _many(tmp_path)
    helixgate = str(Path(sys.executable).parent / "helixgate")
    command = f"{helixgate} check --format json --output {tmp_path / 'r.json'} {many}"
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    on_terminal = subprocess.run(
        [script, "-qec", command, "/dev/null"], capture_output=True, text=True,
        env=environment, timeout=300, check=False,
    )  # fmt: skip
    assert on_terminal.returncode == 0, on_terminal.stdout
    assert "deciding" in on_terminal.stdout  # the terminal shows stderr too
    piped = subprocess.run(
        [helixgate, "check", "--format", "json", "--output", str(tmp_path / "p.json"), str(many)],
        capture_output=True, text=True, env=environment, timeout=300, check=False,
    )  # fmt: skip
    assert "deciding" not in piped.stderr
    in_ci = subprocess.run(
        [script, "-qec", command, "/dev/null"], capture_output=True, text=True,
        env={**environment, "CI": "true"}, timeout=300, check=False,
    )  # fmt: skip
    assert "deciding" not in in_ci.stdout
