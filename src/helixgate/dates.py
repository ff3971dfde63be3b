"""The dates helixgate computes with: YYYY-MM-DD days from 1900-01-01 to 2199-12-31.

Manifest dates, waiver expiries and `--as-of` share one form and one range
(policy pack v2, "Dates"), so that no date is dropped from every window: the
schema's date pattern says the same as `parse_date`, and a test holds the two
together.
"""

from __future__ import annotations

import datetime as dt
import re

from .loader import short_repr

FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)

# ASCII digits only: `\d` would take other scripts' digits, and
# date.fromisoformat alone takes week dates (2026-W01-1) and 20260101.
_FORM = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")

RANGE_TEXT = f"{FIRST_DATE.isoformat()} … {LAST_DATE.isoformat()}"


def parse_date(text: str) -> dt.date:
    """The day `text` names, written YYYY-MM-DD; ValueError, with a message
    that quotes the text, for any other form, a day that does not exist, or a
    day outside FIRST_DATE … LAST_DATE."""
    problem = date_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return dt.date.fromisoformat(text)


def date_problem(text: str) -> str | None:
    """Why `text` is not a date helixgate computes with, or None if it is one."""
    quoted = short_repr(text)
    match = _FORM.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        return f"{quoted} is not a date in YYYY-MM-DD form"
    year = int(match["year"])
    if not FIRST_DATE.year <= year <= LAST_DATE.year:
        return f"{quoted} is outside the dates helixgate can compute with ({RANGE_TEXT})"
    try:
        dt.date(year, int(match["month"]), int(match["day"]))
    except ValueError:
        return f"{quoted} is not a real day in YYYY-MM-DD form"
    return None
