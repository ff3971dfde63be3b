"""The rule catalogue for people: `helixgate rules` and `helixgate explain`."""

from __future__ import annotations

import json
from dataclasses import asdict

import yaml

from .catalogue import Rule, example_base, rules

# The families of rules, by the prefix of their ids, in the order `helixgate
# rules` shows them: the U.S. agencies' rules, China's, the company's, then
# helixgate's own.
FAMILIES: tuple[tuple[str, str], ...] = (
    ("FDA", "FDA: U.S. Food and Drug Administration"),
    ("NIH", "NIH: U.S. National Institutes of Health"),
    ("DOJ", "DOJ: U.S. Department of Justice, 28 CFR 202"),
    ("BIO", "BIO: BIOSECURE provisions (P.L. 119-60, sec. 851)"),
    ("HGR", "HGR: China, human genetic resources"),
    ("PIPL", "PIPL: China, outbound personal information"),
    ("CMP", "CMP: company commitments"),
    ("HG", "HELIXGATE: helixgate's own rules"),
)


def family(rule_id: str) -> str:
    """The family of a rule: the prefix of its id (`DOJ` for DOJ-BULK-001)."""
    return rule_id.split("-", 1)[0]


def _grouped(catalogue: dict[str, Rule]) -> list[tuple[str, list[Rule]]]:
    """The rules by family, in the order of FAMILIES, each family's rules in
    catalogue order; a family FAMILIES does not know comes last, under its
    prefix, so that no rule is left out."""
    known = dict(FAMILIES)
    prefixes = [prefix for prefix, _ in FAMILIES]
    prefixes += sorted({family(i) for i in catalogue} - set(known))
    groups = []
    for prefix in prefixes:
        members = [rule for rule in catalogue.values() if family(rule.id) == prefix]
        if members:
            groups.append((known.get(prefix, prefix), members))
    return groups


def rules_table() -> str:
    """The catalogue as a table, a heading and a blank line before each
    family's rules."""
    catalogue = rules()
    width = max(len(rule_id) for rule_id in catalogue)
    source = max(len(rule.source) for rule in catalogue.values())
    lines = [f"{'RULE':<{width}}  {'LEVEL':<6}  {'WAIVABLE':<8}  {'SOURCE':<{source}}  TITLE"]
    for heading, members in _grouped(catalogue):
        lines += ["", heading]
        for rule in members:
            waivable = "yes" if rule.waivable else "no"
            lines.append(
                f"{rule.id:<{width}}  {rule.level:<6}  {waivable:<8}  "
                f"{rule.source:<{source}}  {rule.title}"
            )
    return "\n".join(lines) + "\n"


def rules_json() -> str:
    entries = [
        {key: value for key, value in asdict(rule).items() if value is not None}
        for rule in rules().values()
    ]
    return json.dumps({"rules": entries}, indent=2, ensure_ascii=False) + "\n"


def _yaml(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _indent(text: str) -> str:
    return "".join(f"    {line}\n" for line in text.splitlines())


def explain(rule_id: str) -> str | None:
    rule = rules().get(rule_id)
    if rule is None:
        return None
    if rule.replaced_by is None:
        return _explain(rule)
    successor = rule.replaced_by
    return (
        f"{rule.id} was replaced by {successor}: it no longer fires, and a waiver or "
        f"profile must name {successor} (`helixgate explain {successor}`).\n"
        "What it checked before:\n\n" + _explain(rule)
    )


def _explain(rule: Rule) -> str:
    waivable = "waivable" if rule.waivable else "not waivable"
    parts = [
        f"{rule.id}  {rule.title}",
        f"level {rule.level}, {waivable}, source {rule.source}"
        + (f", obligation {rule.obligation}" if rule.obligation else ""),
        "",
        "What it checks:",
        _indent(rule.checks).rstrip("\n"),
        "",
        "Why:",
        _indent(rule.rationale).rstrip("\n"),
        "",
        "Citation:",
        _indent(rule.citation).rstrip("\n"),
        "",
        "How to fix it:",
        _indent(rule.remediation).rstrip("\n"),
    ]
    if rule.example is not None:
        parts += [
            "",
            "A manifest fragment that triggers it (laid over the clean manifest below):",
            _indent(_yaml(rule.example)).rstrip("\n"),
        ]
    if rule.example_waivers is not None:
        parts += [
            "",
            "A waiver file that triggers it (with the clean manifest below):",
            _indent(_yaml(rule.example_waivers)).rstrip("\n"),
        ]
    parts += ["", "The clean manifest the example starts from:", _indent(_yaml(example_base()))]
    return "\n".join(parts)


def rules_markdown() -> str:
    """docs/rules.md: every rule of the catalogue by family, with what it
    checks, why, the citation and the fix (`make docs` writes it; a test
    fails when the file is stale)."""
    lines = [
        "# Rules reference",
        "",
        "Generated from the rule catalogue (`policies/helixgate/catalogue/data.json`)",
        "by `make docs`; `helixgate explain RULE` shows the same with an example.",
        "A waivable rule is a company commitment: a waiver may cover it, and a",
        "profile may lower it. Any other rule can only be raised.",
    ]
    for heading, members in _grouped(rules()):
        lines += ["", f"## {heading}"]
        for rule in members:
            waivable = "waivable" if rule.waivable else "not waivable"
            lines += ["", f"### {rule.id}: {rule.title}", ""]
            lines.append(f"- **Level:** {rule.level}, {waivable}; source: {rule.source}")
            if rule.replaced_by is not None:
                lines.append(f"- **Replaced by** {rule.replaced_by}: it no longer fires.")
            if rule.obligation is not None:
                lines.append(f"- **Obligation:** `{rule.obligation}`")
            lines += [
                f"- **Checks:** {rule.checks}",
                f"- **Why:** {rule.rationale}",
                f"- **Citation:** {rule.citation}",
                f"- **Fix:** {rule.remediation}",
            ]
    return "\n".join(lines) + "\n"
