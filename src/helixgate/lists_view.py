"""The lists in force, for people: `helixgate lists [--profile FILE]`.

The pack's lists (policies/helixgate/lists/*/data.json) with an organisation
profile laid over them the way the policies lay it (lib.rego, "Lists"): the
profile's trusted countries replace the pack's, countries and entities of
concern are only added, a country of concern is never trusted, and a trusted
United States is trusted with its territories. Each entry says where it comes
from: the pack's list (its source and as-of date) or the profile file.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from .catalogue import _policy_data
from .controls import load_profile
from .errors import HelixgateError, InputErrors

WIDTH = 100


@dataclass(frozen=True)
class Entry:
    value: str
    source: str
    as_of: str | None


@dataclass(frozen=True)
class ListInForce:
    name: str
    title: str
    source: str
    as_of: str
    entries: tuple[Entry, ...]
    note: str | None = None


def _pack(name: str) -> dict[str, Any]:
    data: dict[str, Any] = _policy_data("lists", name)
    return data


def _from_pack(data: dict[str, Any], values: list[str]) -> list[Entry]:
    return [Entry(v, data["source"], data["as_of"]) for v in values]


def _from_profile(path: str, values: list[str]) -> list[Entry]:
    return [Entry(v, f"profile {path}", None) for v in values]


def lists_in_force(
    profile: dict[str, Any] | None = None, profile_path: str | None = None
) -> tuple[ListInForce, ...]:
    """The five lists after `profile` (as controls.load_profile gives it)."""
    given: dict[str, Any] = (profile or {}).get("lists", {})
    where = profile_path or "-"
    concern_data, trusted_data = _pack("countries_of_concern"), _pack("trusted_countries")
    us_data, certs_data = _pack("united_states"), _pack("security_certifications")
    entities_data = _pack("entities_of_concern")
    us = _pack("definitions")["united_states"]

    concern = _from_pack(concern_data, concern_data["codes"])
    pack_concern = set(concern_data["codes"])
    extra = [c for c in given.get("countries_of_concern_extra", []) if c not in pack_concern]
    concern += _from_profile(where, list(dict.fromkeys(extra)))
    of_concern = {e.value for e in concern}

    if "trusted_countries" in given:
        listed = _from_profile(where, list(dict.fromkeys(given["trusted_countries"])))
        trusted_note = f"replaced by the profile {where}; a country of concern is never trusted"
    else:
        listed = _from_pack(trusted_data, trusted_data["codes"])
        trusted_note = None
    codes = {e.value for e in listed}
    if us in codes:
        law = us_data["source"].split(" (", 1)[0]
        territory = f"United States territories ({law}), trusted with {us}"
        listed += [
            Entry(c, territory, us_data["as_of"]) for c in us_data["codes"] if c not in codes
        ]
    trusted = [e for e in listed if e.value not in of_concern]

    entities = [
        Entry(e["name"], e.get("source", entities_data["source"]), e.get("as_of"))
        for e in entities_data["entities"]
    ]
    names = given.get("entities_of_concern_extra", [])
    entities += _from_profile(where, list(dict.fromkeys(names)))

    return (
        ListInForce(
            "countries_of_concern",
            "Countries of concern",
            concern_data["source"],
            concern_data["as_of"],
            tuple(concern),
            "a profile may add countries, never remove one",
        ),
        ListInForce(
            "trusted_countries",
            "Trusted countries",
            trusted_data["source"],
            trusted_data["as_of"],
            tuple(trusted),
            trusted_note or "a country of concern is never trusted",
        ),
        ListInForce(
            "entities_of_concern",
            "Entities of concern",
            entities_data["source"],
            entities_data["as_of"],
            tuple(entities),
            "names are compared as matching names; a profile may add names",
        ),
        ListInForce(
            "security_certifications",
            "Security certifications",
            certs_data["source"],
            certs_data["as_of"],
            tuple(_from_pack(certs_data, certs_data["names"])),
        ),
        ListInForce(
            "us_territories",
            "United States and its territories",
            us_data["source"],
            us_data["as_of"],
            tuple(_from_pack(us_data, us_data["codes"])),
        ),
    )


def lists_json(lists: tuple[ListInForce, ...], profile_path: str | None) -> str:
    out = {
        "profile": profile_path,
        "lists": [
            {
                "name": item.name,
                "title": item.title,
                "source": item.source,
                "as_of": item.as_of,
                **({"note": item.note} if item.note else {}),
                "entries": [
                    {"value": e.value, "source": e.source, "as_of": e.as_of} for e in item.entries
                ],
            }
            for item in lists
        ],
    }
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def lists_text(lists: tuple[ListInForce, ...], profile_path: str | None) -> str:
    """Each list: its title and size, its source and as-of date, then its
    entries, grouped by where they come from when not from the list itself."""
    heading = (
        f"Lists in force after the profile {profile_path}"
        if profile_path
        else "Lists in force (the policy pack's, no profile)"
    )
    lines = [heading, ""]
    for item in lists:
        lines.append(f"{item.title} ({len(item.entries)})")
        lines += _wrapped("  source: ", item.source)
        lines.append(f"  as of:  {item.as_of}")
        if item.note:
            lines += _wrapped("  note:   ", item.note)
        # Names may hold commas: one a line; codes fit many to a line.
        one_a_line = any("," in e.value for e in item.entries)
        for (source, as_of), group in groupby(item.entries, lambda e: (e.source, e.as_of)):
            if (source, as_of) != (item.source, item.as_of):
                when = f", as of {as_of}" if as_of else ""
                lines += _wrapped("  from ", f"{source}{when}:")
            values = [e.value for e in group]
            if one_a_line:
                lines += [f"    - {value}" for value in values]
            else:
                lines += _wrapped("    ", ", ".join(values))
        lines.append("")
    return "\n".join(lines)


def _wrapped(first: str, text: str) -> list[str]:
    indent = " " * len(first)
    wrapped = textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=indent, break_on_hyphens=False
    )
    return wrapped or [first.rstrip()]


def show(profile_path: str | None, fmt: str) -> str:
    """`helixgate lists` in `fmt` (text or json): the profile is read and
    checked as `check` reads it; InputError or InputErrors when it is not valid."""
    profile = load_profile(profile_path) if profile_path is not None else None
    lists = lists_in_force(profile, profile_path)
    return lists_json(lists, profile_path) if fmt == "json" else lists_text(lists, profile_path)


def error_lines(error: HelixgateError) -> list[str]:
    """One line for each problem of a profile that could not be used."""
    errors = error.errors if isinstance(error, InputErrors) else [error]
    return [f"helixgate: {e}" for e in errors]
