"""Guessing the fix for a mistyped value: the nearest valid key or value, and
the ISO code of a country written another way (`UK`, `Singapore`, `de`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

# Codes people write that ISO 3166-1 does not use for that country.
_COMMON_CODES = {"UK": "GB", "EL": "GR"}


def nearest(value: Any, valid: Sequence[Any]) -> str:
    """A "did you mean 'x'?" ending for the closest valid string, or "" when
    none is close."""
    if not isinstance(value, str):
        return ""
    strings = [v for v in valid if isinstance(v, str)]
    found = difflib.get_close_matches(value, strings, n=1, cutoff=0.6)
    if not found:
        folded = {v.lower(): v for v in strings}
        found = [folded[value.lower()]] if value.lower() in folded else []
    return f"; did you mean {found[0]!r}?" if found else ""


def country_code(value: Any, valid: Sequence[Any]) -> str:
    """A "did you mean 'SG'?" ending for a country's name, a lower-case code,
    or a common non-ISO code; "" when no country is recognised."""
    if not isinstance(value, str) or not value.strip():
        return ""
    code = _guess(value.strip())
    return f"; did you mean {code!r}?" if code is not None and code in valid else ""


def _guess(text: str) -> str | None:
    if text.upper() in _COMMON_CODES:
        return _COMMON_CODES[text.upper()]
    import pycountry  # here, not at the top: only a wrong country pays for it

    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return None
    code: str = country.alpha_2
    return code
