"""helixgate.dates and the dates of the schemas: one form (YYYY-MM-DD), one
range (1900-01-01 … 2199-12-31), the same verdict everywhere.

policy-pack-v2.md, "Dates": every date of a manifest, and `--as-of`, must lie
within the range, otherwise an input error at its pointer.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from helixgate.controls import checked_waivers
from helixgate.dates import FIRST_DATE, LAST_DATE, date_problem, parse_date
from helixgate.errors import InputErrors
from helixgate.loader import Document
from helixgate.schema import MANIFEST_SCHEMA, _fast_validator, schema_errors, validator

ROOT = Path(__file__).resolve().parents[1]

# 2026-01-01 in digits of other scripts, which `\d` and int() take.
FULLWIDTH = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in "2026-01-01")
ARABIC_INDIC = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in "2026-01-01")
OUTSIDE = "is outside the dates helixgate can compute with (1900-01-01 … 2199-12-31)"

# --------------------------------------------------------------------------
# parse_date


def test_the_range_is_1900_to_2199():
    assert (FIRST_DATE.isoformat(), LAST_DATE.isoformat()) == ("1900-01-01", "2199-12-31")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("2199-12-31", dt.date(2199, 12, 31)),
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("2000-02-29", dt.date(2000, 2, 29)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_a_day_inside_the_range_is_parsed(text, day):
    assert parse_date(text) == day
    assert date_problem(text) is None


@pytest.mark.parametrize(
    "text", ["1899-12-31", "2200-01-01", "0000-01-01", "2300-01-01", "1500-06-01", "9999-12-31"]
)
def test_a_day_outside_the_range_is_refused_with_the_range(text):
    with pytest.raises(ValueError, match="outside the dates") as refused:
        parse_date(text)
    assert str(refused.value) == f"{text!r} {OUTSIDE}"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2026-W01-1", id="week-date"),
        pytest.param("20260101", id="basic-form"),
        pytest.param("2026-001", id="ordinal"),
        pytest.param("2026-1-1", id="no-leading-zeros"),
        pytest.param("26-01-01", id="two-digit-year"),
        pytest.param("2026-01-01\n", id="trailing-newline"),
        pytest.param(" 2026-01-01", id="leading-space"),
        pytest.param("2026-01-01T00:00:00", id="date-time"),
        pytest.param("+2026-01-01", id="signed-year"),
        pytest.param(FULLWIDTH, id="fullwidth-digits"),
        pytest.param(ARABIC_INDIC, id="arabic-indic-digits"),
        pytest.param("", id="empty"),
    ],
)
def test_any_other_form_is_refused(text):
    with pytest.raises(ValueError, match="is not a date in YYYY-MM-DD form"):
        parse_date(text)


@pytest.mark.parametrize(
    "text", ["2026-02-30", "2026-13-01", "2026-00-10", "1900-02-29", "2100-02-29"]
)
def test_a_day_that_does_not_exist_is_refused(text):
    with pytest.raises(ValueError, match="is not a real day"):
        parse_date(text)


def test_a_long_text_is_quoted_shortly():
    with pytest.raises(ValueError, match="YYYY-MM-DD") as refused:
        parse_date("2026-01-01" * 10_000)
    assert len(str(refused.value)) < 200


# --------------------------------------------------------------------------
# The schemas say what parse_date says


def _manifest_schema() -> dict[str, Any]:
    return json.loads((ROOT / "schemas" / MANIFEST_SCHEMA).read_text(encoding="utf-8"))


def _date_fields(node: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The schema paths of every property whose value is a date."""
    found = []
    if isinstance(node, dict):
        if node.get("$ref") == "#/$defs/date":
            found.append(path)
        for key, child in node.items():
            found += _date_fields(child, (*path, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _date_fields(child, (*path, str(index)))
    return found


def test_every_date_field_of_the_manifest_schema_is_a_date_of_the_range():
    """A field named like a date (…_on, …_since) that is not the shared date
    definition would escape the range."""
    schema = _manifest_schema()
    fields = _date_fields(schema)
    assert len(fields) >= 6
    named = {path[-1] for path in fields}
    assert {"start_on", "completed_on", "submitted_on", "approved_on", "filed_on"} <= named

    def dated_properties(node: Any) -> list[tuple[str, Any]]:
        if isinstance(node, dict):
            own = [
                (name, child)
                for name, child in node.get("properties", {}).items()
                if name.endswith(("_on", "_since"))
            ]
            return own + [p for child in node.values() for p in dated_properties(child)]
        if isinstance(node, list):
            return [p for child in node for p in dated_properties(child)]
        return []

    for name, child in dated_properties(schema):
        assert child.get("$ref") == "#/$defs/date", name


def _with_start(manifest: dict[str, Any], text: str) -> dict[str, Any]:
    variant = copy.deepcopy(manifest)
    variant["transfers"][0]["start_on"] = text
    return variant


CANDIDATES = [
    *(f"{year:04d}-06-15" for year in (0, 1, 1000, 1500, 1800, 1899, 1900, 1901, 2026)),
    *(f"{year:04d}-06-15" for year in (2198, 2199, 2200, 2201, 2300, 9999)),
    "1899-12-31",
    "1900-01-01",
    "2199-12-31",
    "2200-01-01",
    "1900-02-29",
    "2000-02-29",
    "2100-02-29",
    "2026-02-30",
    "2026-W01-1",
    "20260101",
    "2026-001",
    "2026-01-01\n",
    "2026-01-01 ",
    FULLWIDTH,
    ARABIC_INDIC,
]


@pytest.mark.parametrize("text", CANDIDATES)
def test_the_manifest_schema_accepts_a_date_exactly_when_parse_date_does(manifest, text):
    variant = _with_start(manifest("HG-DATE-1"), text)
    errors = schema_errors(variant)
    accepted = date_problem(text) is None
    assert (errors == []) == accepted, errors
    assert validator().is_valid(variant) == accepted
    fast = _fast_validator(MANIFEST_SCHEMA)
    if fast is not None:
        assert fast.is_valid(variant) == accepted
    if not accepted:
        assert errors == [("/transfers/0/start_on", date_problem(text))]


@pytest.mark.parametrize("year", range(1890, 2211))
def test_every_year_around_the_range_is_judged_like_parse_date(manifest, year):
    text = f"{year}-12-31"
    assert (schema_errors(_with_start(manifest("HG-YEAR"), text)) == []) == (
        FIRST_DATE.year <= year <= LAST_DATE.year
    )


def test_an_out_of_range_date_message_names_the_range(manifest):
    errors = schema_errors(_with_start(manifest("HG-2300"), "2300-01-01"))
    assert errors == [
        (
            "/transfers/0/start_on",
            "'2300-01-01' is outside the dates helixgate can compute with "
            "(1900-01-01 … 2199-12-31)",
        )
    ]


def test_a_waiver_expiring_outside_the_range_is_refused_at_its_pointer():
    waiver = {
        "rule": "CMP-SEC-003",
        "manifest": "HG-1",
        "reason": "audit booked",
        "approved_by": "ciso@example.com",
        "expires_on": "2300-01-01",
    }
    with pytest.raises(InputErrors) as refused:
        checked_waivers(Document("w.yaml", 0, {"waivers": [waiver]}))
    assert [(e.pointer, e.message) for e in refused.value.errors] == [
        ("/waivers/0/expires_on", f"'2300-01-01' {OUTSIDE}")
    ]


def test_a_waiver_expiring_on_the_last_day_is_accepted():
    waiver = {
        "rule": "CMP-SEC-003",
        "manifest": "HG-1",
        "reason": "audit booked",
        "approved_by": "ciso@example.com",
        "expires_on": "2199-12-31",
    }
    assert checked_waivers(Document("w.yaml", 0, {"waivers": [waiver]})) == [waiver]
