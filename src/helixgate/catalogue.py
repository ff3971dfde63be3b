"""The rule catalogue, read from the policy pack's own data file
(policies/helixgate/catalogue/data.json): the one place that says each rule's
level, title, source, citation, rationale, remediation and waivability. The
policies dress their findings from the same file; nothing here copies it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from .resources import policies_dir


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    waivable: bool
    title: str
    source: str
    checks: str
    rationale: str
    citation: str
    remediation: str
    obligation: str | None = None
    example: dict[str, Any] | None = None
    example_waivers: dict[str, Any] | None = None
    # The rule that took over from this one: a replaced rule never fires, and
    # a waiver or profile that names it must name its successor instead.
    replaced_by: str | None = None

    def may_set(self, level: str) -> bool:
        """Whether a profile may give this rule `level`: any rule may be raised,
        only a waivable (company) rule lowered or switched off."""
        rank = level_ranks()
        return self.waivable or rank[level] >= rank[self.level]


def _policy_data(*parts: str) -> Any:
    path = policies_dir().joinpath("helixgate", *parts, "data.json")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def catalogue_data() -> dict[str, Any]:
    data: dict[str, Any] = _policy_data("catalogue")
    return data


def level_ranks() -> dict[str, int]:
    """The levels a rule (or a profile) may give, ranked from `off` up, as
    the catalogue data ranks them for the policies too."""
    ranks: dict[str, int] = catalogue_data()["levels"]
    return ranks


@cache
def rules() -> dict[str, Rule]:
    return {
        rule_id: Rule(id=rule_id, **entry) for rule_id, entry in catalogue_data()["rules"].items()
    }


def example_base() -> dict[str, Any]:
    base: dict[str, Any] = catalogue_data()["example_base"]
    return base


@cache
def default_countries_of_concern() -> tuple[str, ...]:
    return tuple(_policy_data("lists", "countries_of_concern")["codes"])


def merge(base: Any, fragment: Any) -> Any:
    """A rule's example fragment laid over the example base: mappings key by
    key (None removes a key), lists of mappings item by item, anything else
    replaced."""
    if isinstance(base, dict) and isinstance(fragment, dict):
        merged = dict(base)
        for key, value in fragment.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = merge(base[key], value) if key in base else value
        return merged
    if (
        isinstance(base, list)
        and isinstance(fragment, list)
        and all(isinstance(item, dict) for item in fragment)
    ):
        merged_list = [
            merge(base[i], item) if i < len(base) else item for i, item in enumerate(fragment)
        ]
        return merged_list + base[len(fragment) :]
    return fragment


def example_manifest(rule: Rule) -> dict[str, Any]:
    """A complete manifest on which the rule fires (with its example waivers
    for HG-WAIVER-*)."""
    manifest: dict[str, Any] = merge(example_base(), rule.example or {})
    return manifest
