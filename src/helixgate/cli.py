"""The command line: binds options to the pipeline and a report format, nothing more."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from . import __version__, catalogue_view, config, lists_view
from .bundle import DEFAULT_SIGNING_ALG, SIGNING_ALGS, build_bundle, pack_revision
from .changes import ChangesError
from .dates import RANGE_TEXT, parse_date
from .engine import DEFAULT_TIMEOUT, Engine
from .errors import EngineError, HelixgateError
from .interrupts import signals_interrupt
from .opa_binary import find_opa
from .output import OutputError, input_at, write_report
from .pipeline import EXPIRY_WARNING_DAYS, Options, Request, validated
from .pipeline import check as pipeline_check
from .progress import Progress
from .reports import FORMATS, RenderOptions, get, validation
from .reports.console import stderr_lines
from .reports.report import Report
from .resources import policies_dir
from .sources import DEFAULT_MAX_FILE_SIZE, STDIN
from .starter import STUDY_TYPES, StarterError, write_starter

EXIT_ERROR = 2
MAX_TIMEOUT = 3600
MAX_FILE_SIZE = 1024**3

_DECIMAL = re.compile(r"[0-9]+(\.[0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")


def _use_colour(output: str | None, mode: str = "auto") -> bool:
    """--color: always or never as asked; auto colours a terminal, unless
    NO_COLOR is set, and anything when FORCE_COLOR is (a file never)."""
    if mode != "auto":
        return mode == "always"
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


def _history(
    _ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    if STDIN in value:
        raise click.BadParameter("history is read from files or folders, not from standard input")
    return value


def _seconds(_ctx: click.Context, _param: click.Parameter, value: str) -> float:
    """Plain decimal digits only: float() would also take inf, nan, 1e308,
    1_0 and digits of other scripts."""
    seconds = float(value) if _DECIMAL.fullmatch(value) else float("nan")
    if not 0 < seconds <= MAX_TIMEOUT:
        raise click.BadParameter(
            f"{_shown(value)} is not a plain number of seconds (like 30 or 2.5) "
            f"above 0 and at most {MAX_TIMEOUT}"
        )
    return seconds


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


def _bytes(_ctx: click.Context, _param: click.Parameter, value: str) -> int:
    """Plain digits only (int() would also take 1_0 and digits of other
    scripts), and a size a read can be asked for."""
    size = int(value) if _WHOLE.fullmatch(value) and len(value) <= 20 else 0
    if not 1 <= size <= MAX_FILE_SIZE:
        raise click.BadParameter(
            f"{_shown(value)} is not a whole number of bytes from 1 to {MAX_FILE_SIZE} (1 GiB)"
        )
    return size


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.option(
    "-V",
    "--version",
    "show_version",
    is_flag=True,
    help="Show helixgate's version, the policy revision and OPA's version, and exit.",
)
@click.option(
    "--opa-url",
    "version_opa_url",
    metavar="URL",
    help="With --version: the OPA server to ask (default: the embedded OPA).",
)
@click.pass_context
def main(ctx: click.Context, show_version: bool, version_opa_url: str | None) -> None:
    """helixgate: may these samples and this data go there, and to whom?

    Defaults for `check` come from `[tool.helixgate]` in a pyproject.toml, or a
    helixgate.toml, found from the working directory upwards."""
    try:
        found = config.find(Path.cwd())
        if found is not None:
            ctx.default_map = {"check": config.check_defaults(*found)}
            ctx.obj = {"config": os.path.relpath(found[0])}
    except config.ConfigError as error:
        raise click.UsageError(str(error)) from error
    if show_version:
        ctx.exit(_print_versions(version_opa_url))
    if version_opa_url is not None:
        raise click.UsageError(
            "--opa-url before a command goes with --version; for check, put it after `check`"
        )
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help(), err=True)
        ctx.exit(EXIT_ERROR)


@main.command()
def doctor() -> None:
    """Say which OPA helixgate uses and where it came from, the policy pack,
    and the configuration file in force; exit 2 when OPA cannot be used."""
    click.echo(f"helixgate {__version__}")
    found = (click.get_current_context().find_root().obj or {}).get("config")
    click.echo(f"configuration: {found or 'none (no helixgate.toml or [tool.helixgate] found)'}")
    click.echo(f"policy pack: revision {pack_revision()} in {policies_dir()}")
    try:
        binary = find_opa()
    except EngineError as error:
        click.echo(f"OPA: not usable: {error}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"OPA {binary.version}: {binary.path} (from {binary.origin})")


def _print_versions(opa_url: str | None) -> int:
    """helixgate's version, then the policy revision and the OPA version of
    the embedded OPA or of the server at `opa_url`, as that OPA reports them."""
    click.echo(f"helixgate {__version__}")
    engine = Engine(opa_url)
    try:
        info = engine.start()
    except EngineError as error:
        click.echo(f"helixgate: {error}", err=True)
        return EXIT_ERROR
    finally:
        engine.close()
    click.echo(f"policy revision {info.policy_revision}")
    if opa_url is None:
        binary = find_opa()
        click.echo(f"OPA {info.version} (embedded: {binary.path}, from {binary.origin})")
    else:
        click.echo(f"OPA {info.version} ({opa_url})")
    return 0


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["deny", "review"]),
    default="deny",
    show_default=True,
    help="Which decision makes the exit code 1.",
)
@click.option("--opa-url", help="Ask this running OPA server instead of an embedded one.")
@click.option(
    "--profile", "profile_path", help="Organisation profile (rule levels, lists), YAML or JSON."
)
@click.option(
    "--waivers", "waivers_path", help="Waiver file (waivers, and sign-offs if any), YAML or JSON."
)
@click.option(
    "--signoffs",
    "signoffs_path",
    help="Sign-off file: the compliance officer's sign-offs of review findings, YAML or JSON.",
)
@click.option(
    "--expiry-warning",
    metavar="DAYS",
    type=click.IntRange(0, 3650),
    default=EXPIRY_WARNING_DAYS,
    show_default=True,
    help="Announce a waiver or sign-off that expires within this many days (HG-WAIVER-004).",
)
@click.option(
    "--history",
    metavar="PATH",
    multiple=True,
    callback=_history,
    help="Manifests that count toward the totals across manifests but are not reported "
    "(a file or folder; repeatable).",
)
@click.option(
    "--changed-since",
    metavar="REF",
    help="Only the files under PATHS (default .) whose content, links followed, differs "
    "from this Git ref.",
)
@click.option(
    "--as-of",
    metavar="YYYY-MM-DD",
    callback=_date,
    help=f"Evaluation date, {RANGE_TEXT} (default: today, UTC).",
)
@click.option(
    "--max-file-size",
    metavar="BYTES",
    callback=_bytes,
    default=str(DEFAULT_MAX_FILE_SIZE),
    show_default=True,
    help=f"Larger files are input errors of kind limit (bytes, 1 to {MAX_FILE_SIZE}).",
)
@click.option(
    "--timeout",
    metavar="SECONDS",
    callback=_seconds,
    default=f"{DEFAULT_TIMEOUT:g}",
    show_default=True,
    help=f"Engine time-out per request, in seconds (above 0, at most {MAX_TIMEOUT}).",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Text report: under each manifest, the facts that decided each transfer.",
)
@click.option(
    "--exclude",
    metavar="GLOB",
    multiple=True,
    help="Leave out files whose path or name matches this glob (repeatable), e.g. 'drafts/*'.",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    default=STDIN,
    help="The name reports give standard input (its suffix .json reads it as JSON).",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Text report: only the manifests that are not allowed."
)
@click.option(
    "--color",
    "color_mode",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in the text report (auto: on a terminal; NO_COLOR and FORCE_COLOR respected).",
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str,
    opa_url: str | None,
    profile_path: str | None,
    waivers_path: str | None,
    signoffs_path: str | None,
    expiry_warning: int,
    history: tuple[str, ...],
    changed_since: str | None,
    as_of: dt.date | None,
    max_file_size: int,
    timeout: float,
    verbose: bool,
    exclude: tuple[str, ...],
    stdin_filename: str,
    quiet: bool,
    color_mode: str,
) -> None:
    """Check transfer manifests: files, directories (recursive), or - for stdin.

    Exit status: 0 all decided below --fail-on, 1 a decision reached it,
    2 an input or engine error, 130 interrupted (Ctrl-C), 143 terminated
    (SIGTERM or SIGHUP).
    """
    if changed_since is None and not paths:
        raise click.UsageError("give at least one PATH (a file, a directory, or - for stdin)")
    named = paths or (".",)
    if output is not None:
        controls = filter(None, (profile_path, waivers_path, signoffs_path))
        _refuse_overwriting_an_input(output, [*named, *history, *controls])
    found_config = (click.get_current_context().find_root().obj or {}).get("config")
    request = Request(
        paths, history, changed_since, profile_path, waivers_path, signoffs_path, found_config
    )
    options = Options(
        opa_url=opa_url,
        timeout=timeout,
        max_file_size=max_file_size,
        as_of=as_of,
        expiry_warning=expiry_warning,
        exclude=exclude,
        stdin_name=stdin_filename,
    )
    progress = Progress(sys.stderr) if Progress.wanted(sys.stderr) else None
    if progress is not None:
        options = replace(options, progress=progress)
    try:
        with signals_interrupt():
            report = pipeline_check(request, options)
    except ChangesError as error:
        raise click.BadParameter(str(error), param_hint="--changed-since") from error
    finally:
        if progress is not None:
            progress.close()
    render_options = RenderOptions(
        fail_on=fail_on, color=_use_colour(output, color_mode), verbose=verbose, quiet=quiet
    )
    sys.exit(_emit(report, fmt, output, render_options))


def _refuse_overwriting_an_input(output: str, inputs: list[str]) -> None:
    """Before anything runs: the report must not replace a file that is read
    (every file under PATHS counts, changed since a ref or not)."""
    clash = input_at(output, inputs)
    if clash is not None:
        raise click.BadParameter(
            f"{output!r} is the input {clash!r}; the report would overwrite it",
            param_hint="--output",
        )


def _emit(report: Report, fmt: str, output: str | None, render_options: RenderOptions) -> int:
    """Write the report where it belongs, the errors to stderr for text, and
    give the exit status."""
    fail_on = render_options.fail_on
    text = get(fmt)(report, render_options)
    written = True
    if output is None:
        click.echo(text, nl=False, color=render_options.color)
    else:
        try:
            write_report(output, text)
        except OutputError as error:
            click.echo(f"helixgate: {error}", err=True)
            written = False
    stderr_colour = render_options.color and sys.stderr.isatty()
    err_options = RenderOptions(fail_on=fail_on, color=stderr_colour)
    for line in stderr_lines(report, fmt, err_options):
        click.echo(line, err=True, color=stderr_colour)
    return report.exit_code(fail_on) if written else EXIT_ERROR


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--max-file-size",
    metavar="BYTES",
    callback=_bytes,
    default=str(DEFAULT_MAX_FILE_SIZE),
    show_default=True,
    help=f"Larger files are input errors of kind limit (bytes, 1 to {MAX_FILE_SIZE}).",
)
def validate(paths: tuple[str, ...], fmt: str, max_file_size: int) -> None:
    """Check manifests against the schema and the reference checks, without
    asking OPA. Exit status: 0 all valid, 2 an input error."""
    valid, errors, skipped = validated(paths, max_file_size)
    if fmt == "json":
        click.echo(validation.render_json(valid, errors, skipped), nl=False)
    else:
        options = RenderOptions(color=_use_colour(None))
        click.echo(validation.render_text(valid, errors, skipped, options), nl=False)
    sys.exit(EXIT_ERROR if errors else 0)


@main.command()
@click.argument("path", default="manifest.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--study",
    "study_type",
    type=click.Choice(STUDY_TYPES),
    default="research",
    show_default=True,
    help="The kind of study the starter describes.",
)
def init(path: Path, study_type: str) -> None:
    """Write a commented starter manifest to PATH (default manifest.yaml); never
    overwrites a file."""
    try:
        write_starter(path, study_type, dt.datetime.now(dt.UTC).date())
    except StarterError as error:
        click.echo(f"helixgate: {error}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"wrote {path}: edit it, then run `helixgate check {path}`")


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a table; json: every field of every rule.",
)
def rules(fmt: str) -> None:
    """List every rule: id, level, title, source."""
    click.echo(
        catalogue_view.rules_json() if fmt == "json" else catalogue_view.rules_table(), nl=False
    )


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """What a rule checks, why, its citation, how to fix it, and a manifest
    fragment that triggers it."""
    text = catalogue_view.explain(rule_id.strip().upper())
    if text is None:
        raise click.BadParameter(
            f"no rule has id {rule_id!r}; `helixgate rules` lists them", param_hint="RULE_ID"
        )
    click.echo(text, nl=False)


@main.command(name="lists")
@click.option(
    "--profile", "profile_path", help="Organisation profile to lay over the lists, YAML or JSON."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: for people; json: every entry with its source and as-of date.",
)
def lists_command(profile_path: str | None, fmt: str) -> None:
    """The lists in force: countries of concern, trusted countries, entities
    of concern, security certifications, U.S. territories, each with its
    source and as-of date, after the profile as `check --profile` applies it."""
    try:
        text = lists_view.show(profile_path, fmt)
    except HelixgateError as error:
        for line in lists_view.error_lines(error):
            click.echo(line, err=True)
        sys.exit(EXIT_ERROR)
    click.echo(text, nl=False)


def _revision(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (not value.strip() or not value.isprintable()):
        raise click.BadParameter(f"{value!r} is empty or not printable")
    return value


@main.command()
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the bundle (a .tar.gz) here.",
)
@click.option(
    "--revision",
    callback=_revision,
    help="Bundle revision (default: the pack's revision + the Git short commit).",
)
@click.option(
    "--signing-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sign the bundle with this key file (PEM private key; for HS* a file holding the secret).",
)
@click.option(
    "--signing-alg",
    type=click.Choice(SIGNING_ALGS),
    default=DEFAULT_SIGNING_ALG,
    show_default=True,
    help="Signing algorithm (with --signing-key).",
)
def bundle(output: Path, revision: str | None, signing_key: Path | None, signing_alg: str) -> None:
    """Build the OPA bundle for your own OPA servers: the helixgate policies
    and data (root `helixgate` only), a revision, optionally signed."""
    try:
        built = build_bundle(output, revision, signing_key, signing_alg)
    except HelixgateError as error:
        click.echo(f"helixgate: {error}", err=True)
        sys.exit(EXIT_ERROR)
    signed = f"signed with {built.signing_alg}" if built.signing_alg else "not signed"
    click.echo(
        f"wrote {output}: revision {built.revision}, roots [helixgate], {signed}, "
        f"{built.size} bytes, sha256 {built.sha256}"
    )
