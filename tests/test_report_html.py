"""The HTML report (`--format html`): rendered by the real CLI with real OPA,
then opened in headless Chromium (Debian's `chromium`, installed by `make
browser`, driven by Playwright). Without Chromium these tests fail: they are
never skipped.

Screenshots and a PDF print are kept in .cache/artifacts/report-html/.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import ROOT, dump_yaml, make_manifest, run_helixgate, write
from helixgate.decision import Citation, Decision, Finding, Waiver
from helixgate.engine import EngineInfo
from helixgate.errors import Location
from helixgate.reports import RenderOptions, get
from helixgate.reports import html as html_report
from helixgate.reports.report import Report, ReportError, Skip
from helixgate.sources import InputRecord

ARTIFACTS = ROOT / ".cache" / "artifacts" / "report-html"

PARTY_NAME = "<script>alert(1)</script>"
OWNER_NAME = "<img src=x onerror=alert(2)>"
WAIVER_REASON = "<script>alert(3)</script>"
APPROVER = '"><svg onload=alert(4)>'
STUDY_TYPE = "<script>alert(5)</script>"
INJECTED = (PARTY_NAME, OWNER_NAME, WAIVER_REASON, APPROVER, STUDY_TYPE)

# A src or href that would fetch from another host (http, https or scheme-relative).
REMOTE_FETCH = re.compile(
    r"""\b(?:src|href|srcset|action|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I
)


# --------------------------------------------------------------------------
# Runs of the real CLI


@dataclass(frozen=True)
class Rendered:
    html: Path
    json: dict[str, Any]


def _render(
    tmp: Path, name: str, paths: list[str], *extra: str, cwd: Path | None = None
) -> Rendered:
    out = tmp / f"{name}.html"
    done = run_helixgate(
        ["check", *paths, *extra, "--format", "html", "--output", str(out)], cwd=cwd
    )
    assert done.code in (0, 1, 2), done.err
    assert out.exists(), done.err
    report = run_helixgate(["check", *paths, *extra, "--format", "json"], cwd=cwd)
    assert report.code == done.code, report.err
    return Rendered(out, report.json())


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return _render(tmp_path_factory.mktemp("examples"), "examples", ["examples"], cwd=ROOT)


def _injection_manifest() -> dict[str, Any]:
    """A manifest CMP-SOV-001 reviews, with markup in the party's name and its
    owner's name, on the lines just above the finding's (so in its excerpt)."""
    manifest = make_manifest("INJ-001", "review")
    manifest["metadata"]["title"] = OWNER_NAME
    party = manifest["parties"][0]
    del party["name"], party["owners"]
    party["owners"] = [{"country": "CN", "share": 100, "name": OWNER_NAME}]
    party["name"] = PARTY_NAME
    return manifest


@pytest.fixture(scope="module")
def injection(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Markup in a manifest, in a waiver (reason and approver) and in a value
    a schema error quotes."""
    tmp = tmp_path_factory.mktemp("injection")
    bad = make_manifest("INJ-BAD", "allow")
    bad["study"]["type"] = STUDY_TYPE
    waivers = {
        "waivers": [
            {
                "rule": "CMP-SOV-001",
                "manifest": "INJ-002",
                "reason": WAIVER_REASON,
                "approved_by": APPROVER,
                "expires_on": "2099-12-31",
            }
        ]
    }
    waived = _injection_manifest()
    waived["metadata"]["id"] = "INJ-002"
    paths = [
        write(tmp / "injection.yaml", dump_yaml(_injection_manifest(), waived)),
        write(tmp / "broken.yaml", dump_yaml(bad)),
    ]
    waiver_file = write(tmp / "waivers.yaml", dump_yaml(waivers))
    return _render(tmp, "injection", [str(p) for p in paths], "--waivers", str(waiver_file))


# --------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "no chromium on PATH: `make browser` installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True)
        yield launched
        launched.close()


@dataclass
class Watched:
    """What a page did while it was open."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def quiet(self, url: str) -> None:
        """Nothing but the file itself was requested, nothing was said or shown."""
        assert self.requests == [url]
        assert self.console == []
        assert self.errors == []
        assert self.dialogs == []


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    contexts = []

    def opening(path: Path) -> Watched:
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        contexts.append(context)
        page = context.new_page()
        watched = Watched(page)
        context.on("request", lambda request: watched.requests.append(request.url))
        page.on(
            "console", lambda message: watched.console.append(f"{message.type}: {message.text}")
        )
        page.on("pageerror", lambda error: watched.errors.append(str(error)))
        page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(200)  # for anything a late handler would do
        return watched

    yield opening
    for context in contexts:
        context.close()


def _keep(page: Page, name: str, capsys: pytest.CaptureFixture[str]) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    with capsys.disabled():
        print(f"\nscreenshot: {shot}")
    return shot


# --------------------------------------------------------------------------
# In the browser


def test_the_watcher_sees_a_script_a_dialog_and_a_request(open_page, tmp_path):
    """The control: a page that does misbehave is caught, so a quiet page is quiet."""
    noisy = write(
        tmp_path / "noisy.html",
        "<!DOCTYPE html><title>x</title><script>console.log('hi'); alert('a')</script>"
        "<img src='missing.png'>",
    )
    watched = open_page(noisy)
    assert watched.dialogs == ["a"]
    assert "log: hi" in watched.console
    assert len(watched.requests) == 2


def test_examples_report_loads_without_console_message_or_request_but_itself(
    open_page, examples, capsys
):
    watched = open_page(examples.html)
    watched.quiet(examples.html.resolve().as_uri())
    # The stylesheet was applied: the CSP's hash matches it.
    colour = watched.page.eval_on_selector(".decision.deny", "e => getComputedStyle(e).color")
    assert colour == "rgb(180, 35, 24)"
    shot = _keep(watched.page, "examples", capsys)
    assert shot.stat().st_size > 10_000


def test_summary_counts_on_the_page_equal_the_json_report(open_page, examples):
    page = open_page(examples.html).page
    summary = examples.json["summary"]
    shown = {
        key: int(page.inner_text(f'#summary-counts [data-count="{key}"] dd')) for key in summary
    }
    assert shown == summary
    assert page.locator("#summary-counts [data-count]").count() == len(summary)


def test_findings_by_rule_and_manifests_on_the_page_equal_the_json_report(open_page, examples):
    page = open_page(examples.html).page
    expected = Counter(f["rule"] for r in examples.json["results"] for f in r["findings"])
    rows = page.locator("table.counts-table").first.locator("tbody tr")
    shown = {
        rows.nth(i).locator("th").inner_text(): int(rows.nth(i).locator("td").last.inner_text())
        for i in range(rows.count())
    }
    assert shown == dict(expected)
    decisions = page.locator("#manifests .manifest h3 .decision").all_inner_texts()
    assert [d.lower() for d in decisions] == [r["decision"] for r in examples.json["results"]]
    assert page.locator(".finding").count() == sum(expected.values())


def test_examples_report_prints_to_a_pdf_of_a4_pages(open_page, examples, capsys):
    page = open_page(examples.html).page
    page.emulate_media(media="print")
    _keep(page, "examples-print", capsys)
    pdf = page.pdf(format="A4")
    (ARTIFACTS / "examples.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox[0 0 595" in pdf


def test_injected_markup_shows_as_text_and_runs_nothing(open_page, injection, capsys):
    watched = open_page(injection.html)
    watched.quiet(injection.html.resolve().as_uri())
    page = watched.page
    for tag in ("script", "img", "svg", "iframe", "object"):
        assert page.locator(tag).count() == 0, tag
    text = page.inner_text("body")
    for value in INJECTED:
        assert value in text
    _keep(page, "injection", capsys)


# --------------------------------------------------------------------------
# The HTML itself


def _finding(raw: dict[str, Any], result: dict[str, Any]) -> Finding:
    waiver = raw.get("waiver")
    where = (
        result["source"],
        result["document"],
        raw["pointer"],
        raw.get("line"),
        raw.get("column"),
    )
    return Finding(
        rule=raw["rule"],
        level=raw["level"],
        title=raw["title"],
        message=raw["message"],
        location=Location(*where),
        citation=Citation(**raw["citation"]),
        remediation=raw["remediation"],
        reasons=tuple(raw["reasons"]),
        transfer=raw.get("transfer"),
        item=raw.get("item"),
        party=raw.get("party"),
        waiver=None if waiver is None else Waiver(**waiver),
    )


def report_from_json(data: dict[str, Any]) -> Report:
    """The Report a CLI run had, read back from its JSON report."""
    revision = data["policy_revision"]
    engine = data["engine"]
    report = Report(
        engine=EngineInfo(engine["version"], engine["mode"], revision),
        mode=engine["mode"],
        complete=data["complete"],
        as_of=None if data.get("as_of") is None else dt.date.fromisoformat(data["as_of"]),
        inputs=None if "inputs" not in data else tuple(InputRecord(**i) for i in data["inputs"]),
    )
    for result in data["results"]:
        report.add(
            Decision(
                source=result["source"],
                document=result["document"],
                manifest=result["manifest"],
                decision=result["decision"],
                findings=tuple(_finding(f, result) for f in result["findings"]),
                obligations=tuple(result["obligations"]),
                policy_revision=revision,
                facts=result.get("facts"),
            )
        )
    for error in data["errors"]:
        fields = ("source", "document", "pointer", "line", "column")
        where = Location(**{k: error[k] for k in fields})
        report.add(ReportError(error["kind"], error["message"], where))
    for skip in data["skipped"]:
        report.add(Skip(**skip))
    return report


# Every element the template writes: markup from an input would add others.
TEMPLATE_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav"),
    *("section", "article", "h1", "h2", "h3", "h4", "p", "dl", "dt", "dd", "div", "span"),
    *("ul", "ol", "li", "a", "code", "strong", "table", "caption", "thead", "tbody", "tr"),
    *("th", "td"),
}


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _TagCollector()
    collector.feed(page)
    collector.close()
    return collector.tags


def _html(report: Report) -> str:
    return html_report.render(report, RenderOptions())


def test_html_is_a_registered_format():
    assert get("html") is html_report.render


def test_every_value_from_the_inputs_is_escaped(injection):
    page = _html(report_from_json(injection.json))
    assert page == injection.html.read_text(encoding="utf-8")  # the CLI's own bytes
    for value in INJECTED:
        assert value not in page
    for escaped in (
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(2)&gt;",
        "&lt;script&gt;alert(3)&lt;/script&gt;",
        "&#34;&gt;&lt;svg onload=alert(4)&gt;",
        "&#39;&lt;script&gt;alert(5)&lt;/script&gt;&#39;",
    ):
        assert escaped in page
    tags = _tags(page)
    assert {tag for tag, _ in tags} <= TEMPLATE_TAGS
    attributes = {name for _, attrs in tags for name, _ in attrs}
    assert not {name for name in attributes if name.startswith("on")}
    assert "style" not in attributes


def test_the_page_forbids_scripts_and_remote_loads(examples):
    page = examples.html.read_text(encoding="utf-8")
    metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert len(metas) == 1
    policy = metas[0].replace("&#39;", "'")
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert "script-src" not in directives
    assert re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", directives["style-src"])
    assert page.index("Content-Security-Policy") < page.index("<style>")
    assert REMOTE_FETCH.search(page) is None
    links = [value for _, attrs in _tags(page) for name, value in attrs if name in ("src", "href")]
    assert links
    assert all(link and link.startswith("#") for link in links)  # within the page only
    assert " style=" not in page  # a style attribute would be refused by the CSP


def test_same_inputs_give_the_same_bytes(examples, tmp_path):
    again = _render(tmp_path, "again", ["examples"], cwd=ROOT)
    assert again.html.read_bytes() == examples.html.read_bytes()


def test_a_finding_shows_the_manifest_lines_around_it(injection):
    page = _html(report_from_json(injection.json))
    line = injection.json["results"][0]["findings"][0]["line"]
    assert f'<tr class="marked"><th scope="row">{line}</th>' in page
    assert f'<th scope="row">{line - 3}</th>' in page
    assert f'<th scope="row">{line + 3}</th>' in page
    # The schema error quotes its own line too.
    error = injection.json["errors"][0]
    assert error["kind"] == "schema"
    assert f'<tr class="marked"><th scope="row">{error["line"]}</th>' in page


def test_a_manifest_from_stdin_says_its_lines_were_not_kept():
    done = run_helixgate(
        ["check", "-", "--format", "html"],
        stdin=dump_yaml(make_manifest("STDIN-1", "review")).encode(),
    )
    assert done.code == 0, done.err
    assert "read from standard input: its lines were not kept" in done.out


def test_input_hashes_render_only_when_the_report_carries_them(injection):
    report = report_from_json(injection.json)
    report.inputs = None
    assert "SHA-256" not in _html(report)
    source = injection.json["results"][0]["source"]
    digest = hashlib.sha256(Path(source).read_bytes()).hexdigest()
    report.inputs = [("manifest", source, digest), ("waivers", "waivers.yaml", None)]
    page = _html(report)
    assert f'<code class="hash">{digest}</code>' in page
    assert "changed since the run" not in page
    report.inputs = [("manifest", source, "0" * 64)]
    assert "changed since the run (its SHA-256 differs)" in _html(report)


def test_destinations_by_country_render_from_facts_when_decisions_carry_them(injection):
    report = report_from_json(injection.json)
    report.results = [dataclasses.replace(r, facts=None) for r in report.results]
    assert 'id="destinations"' not in _html(report)
    report.results = [
        dataclasses.replace(
            r, facts={"destinations": [{"transfer": "t1", "party": "lab-us-sub", "country": "US"}]}
        )
        for r in report.results
    ]
    page = _html(report)
    assert '<tr><th scope="row">US</th><td class="num">2</td><td class="num">2</td></tr>' in page


def test_evaluation_date_is_shown_when_the_report_carries_it(injection):
    report = report_from_json(injection.json)
    report.as_of = None
    assert "not recorded in this report" in _html(report)
    report.as_of = "2026-12-01"
    page = _html(report)
    assert "<dd>2026-12-01</dd>" in page
    assert "<title>helixgate report as of 2026-12-01</title>" in page
