"""Why it passed: the facts of every transfer (helixgate.facts), through the
CLI: `check -v` prints them under each manifest, the JSON report carries them
per result, the HTML report shows them in a table per manifest."""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import ROOT

CART_CHINA = str(ROOT / "examples" / "cart-china.yaml")
MULTI = str(ROOT / "examples" / "multi-study.yaml")


def test_json_report_carries_the_facts_of_each_transfer(helixgate, report_validator):
    run = helixgate(["check", "--format", "json", CART_CHINA])
    report = run.json()
    report_validator.validate(report)
    (result,) = report["results"]
    facts = result["facts"]
    assert facts["destinations"] == [{"transfer": "t1", "party": "lab-suzhou", "country": "CN"}]
    (fact,) = facts["transfers"]
    assert fact["transfer"] == "t1"
    assert fact["order"] == 0
    assert (fact["kind"], fact["item"]) == ("material", "tcells")
    assert (fact["source_country"], fact["destination_country"]) == ("US", "CN")
    assert fact["cross_border"] is True
    assert (fact["american"], fact["chinese"], fact["genetic"], fact["sensitive"]) == (
        True,
        False,
        True,
        False,
    )
    party = fact["destination"]
    assert party["party"] == "lab-suzhou"
    assert party["country"] == "CN"
    assert party["covered"] is True
    assert party["of_concern"] is True
    assert party["us_person"] is False
    assert party["undetermined"] is False
    assert party["reasons"] == [
        "country CN",
        "headquarters CN",
        "owned 100% from countries of concern",
    ]
    # A new IND: the DOJ rules do not count it (202.511), and it is no PIPL export.
    assert fact["doj_window_people"] is None
    assert fact["pipl_year_people"] is None


def test_facts_are_in_manifest_order_for_every_manifest(helixgate):
    results = helixgate(["check", "--format", "json", MULTI]).json()["results"]
    assert [[f["transfer"] for f in r["facts"]["transfers"]] for r in results] == [
        ["t1"],
        ["t1", "t2"],
    ]
    assert results[1]["facts"]["destinations"][1]["country"] == "CH"


def test_verbose_text_shows_a_facts_line_per_transfer(helixgate):
    plain = helixgate(["check", CART_CHINA])
    assert "facts:" not in plain.out
    verbose = helixgate(["check", "-v", CART_CHINA])
    assert verbose.code == plain.code == 1
    (line,) = [line for line in verbose.out.splitlines() if "facts:" in line]
    assert line.startswith("  facts: t1 material tcells US -> CN cross-border; american genetic;")
    assert "to lab-suzhou: covered; of concern; reasons: country CN, headquarters CN" in line
    assert line.endswith("DOJ window -; PIPL year -")
    long = helixgate(["check", "--verbose", MULTI])
    assert sum("facts:" in line for line in long.out.splitlines()) == 3


class _Table(HTMLParser):
    """The rows of the tables with class facts-table, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and "facts-table" in classes:
            self.tables.append([])
            self._depth = 1
        elif self._depth and tag == "tr":
            self.tables[-1].append([])
        elif self._depth and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._depth = 0

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html_report_has_a_facts_table_per_manifest(helixgate, tmp_path):
    out = tmp_path / "report.html"
    helixgate(["check", "--format", "html", "--output", str(out), CART_CHINA, MULTI])
    parser = _Table()
    parser.feed(out.read_text(encoding="utf-8"))
    assert len(parser.tables) == 3
    header, row = parser.tables[0][:2]
    assert header[:5] == ["Transfer", "Item", "From", "To", "Cross-border"]
    assert row[:9] == ["t1", "material tcells", "US", "CN", "yes", "yes", "no", "yes", "no"]
    assert row[9].startswith("lab-suzhou: covered, of concern (country CN;")
    assert row[10:] == ["—", "—"]
    assert [r[0] for r in parser.tables[2][1:]] == ["t1", "t2"]
    page = out.read_text(encoding="utf-8")
    assert '<table id="destinations"' in page
    assert '<tr><th scope="row">CN</th><td class="num">1</td><td class="num">1</td></tr>' in page
