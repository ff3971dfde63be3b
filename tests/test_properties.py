"""Properties, with Hypothesis, against one real embedded OPA.

- Random VALID manifests (built from the schema's enums, references that
  resolve, onward transfers that chain back to the origin) read back from
  the YAML or JSON dumped for them, pass validation, and are decided allow,
  review or deny, the same way twice (in another batch order too); the JSON
  report built from the decisions is valid against its schema, and every
  finding is placed on a line.
- Random MUTATIONS of valid manifests (a key dropped, a type changed, a
  reference swapped, a key duplicated, garbage bytes inserted, the text cut
  short) go through the pipeline's reading path without any exception (an
  error there would escape the CLI's run as a traceback); whatever survives
  is decided allow, review or deny, or refused with helixgate's EngineError.
- A handful of mutated files through the real CLI: exit 0, 1 or 2, never a
  traceback.

HYPOTHESIS_PROFILE=long runs many more examples (`make fuzz` falls back to
it where atheris does not install).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixgate
from conftest import ROOT, run_helixgate
from document_paths import value_paths
from helixgate.dates import parse_date
from helixgate.decision import DECISIONS, Decision, read_decision
from helixgate.engine import Engine
from helixgate.errors import EngineError, HelixgateError, InputErrors
from helixgate.loader import Document, NotJson, Yaml12Loader, load
from helixgate.manifests import Manifest, validate
from helixgate.names import mixes_lookalike_scripts
from helixgate.pipeline import Options, manifests_and_problems
from helixgate.reports.json_report import report_dict
from helixgate.reports.report import Report, ReportError, Skip
from helixgate.schema import MANIFEST_SCHEMA, _fast_validator, schema_errors, validator
from helixgate.sources import DEFAULT_MAX_FILE_SIZE

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
EXAMPLES = {
    "quick": {"valid": 60, "mutated": 200, "cli": 10},
    "long": {"valid": 1500, "mutated": 6000, "cli": 100},
}[PROFILE]
BASE = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
CONTEXT = Options(as_of=dt.date(2026, 11, 1)).context()
INPUT_ERROR_KINDS = {"syntax", "schema", "reference", "limit"}
TRACEBACK = "Traceback (most recent call last)"

# --------------------------------------------------------------------------
# Dumping so that helixgate's YAML 1.2 reader reads back what was dumped:
# PyYAML's dumper quotes strings that YAML 1.1 would read as something else
# (NO, yes, 1_000), and this one also those YAML 1.2 would (0o17).


class Dumper(yaml.SafeDumper):
    pass


for _first, _resolvers in Yaml12Loader.yaml_implicit_resolvers.items():
    for _tag, _pattern in _resolvers:
        Dumper.add_implicit_resolver(_tag, _pattern, [_first])


def dump(manifest: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(manifest, indent=2, ensure_ascii=False)
    # Non-ASCII escaped: PyYAML writes a raw NEL or U+2028 into a quoted
    # scalar, where YAML reads it as a line break (folded to a space).
    return yaml.dump(manifest, Dumper=Dumper, sort_keys=False, allow_unicode=False)


# --------------------------------------------------------------------------
# Valid manifests

COUNTRIES = ["US", "CN", "HK", "MO", "DE", "SG", "JP", "GB", "NO", "RU", "IN"]
ENTITIES = [
    e["name"]
    for e in json.loads(
        (ROOT / "policies/helixgate/lists/entities_of_concern/data.json").read_text()
    )["entities"]
][:3]

country = st.sampled_from(COUNTRIES)
day = st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)).map(dt.date.isoformat)
identifier = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,11}", fullmatch=True)
text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=24)
# A name mixing Latin with Cyrillic or Greek letters is an input error (a
# look-alike must not dodge the list): valid manifests have names in one script.
name = st.one_of(st.sampled_from(ENTITIES), text.filter(lambda n: not mixes_lookalike_scripts(n)))
count = st.one_of(
    st.integers(0, 300),
    st.sampled_from([99, 100, 999, 1000, 9_999, 10_000, 100_000, 1_000_000]),
    st.integers(0, 10_000_000_000),
)


def _optional(draw: Any, target: dict[str, Any], key: str, strategy: Any) -> None:
    if draw(st.booleans()):
        target[key] = draw(strategy)


@st.composite
def owners(draw: Any) -> list[dict[str, Any]]:
    """Owners whose shares (in tenths of a percent) add up to at most 100."""
    tenths = draw(st.lists(st.integers(1, 1000), max_size=4))
    found, total = [], 0
    for part in tenths:
        if total + part > 1000:
            break
        total += part
        share: float | int = part // 10 if part % 10 == 0 else part / 10
        found.append({"name": draw(name), "country": draw(country), "share": share})
    return found


@st.composite
def parties(draw: Any, ids: list[str]) -> list[dict[str, Any]]:
    found = []
    for party_id in ids:
        party: dict[str, Any] = {
            "id": party_id,
            "name": draw(name),
            "role": draw(st.sampled_from(ROLES)),
            "country": draw(country),
        }
        _optional(draw, party, "headquarters", country)
        _optional(draw, party, "incorporated_in", country)
        _optional(draw, party, "owners", owners())
        _optional(draw, party, "certifications", st.lists(st.sampled_from(CERTS), max_size=3))
        _optional(
            draw,
            party,
            "due_diligence",
            st.fixed_dictionaries(
                {
                    "completed_on": day,
                    "outcome": st.sampled_from(["approved", "conditional", "rejected"]),
                }
            ),
        )
        found.append(party)
    return found


ROLES = ["sequencing_lab", "manufacturing_site", "cro", "analysis_provider", "biobank", "other"]
CERTS = ["ISO27001", "SOC2", "CAP", "CLIA"]
MATERIALS = ["living_cells", "tissue", "blood", "saliva", "dna", "rna", "plasma", "serum", "urine", "other_biospecimen"]  # fmt: skip
CATEGORIES = ["genomic", "epigenomic", "proteomic", "transcriptomic", "health", "biometric", "other"]  # fmt: skip
PURPOSES = ["sequencing", "genetic_engineering", "manufacturing", "analysis", "storage", "other"]
REASONS = ["capability", "capacity", "cost", "proximity", "continuity", "other"]


@st.composite
def transfer(draw: Any, transfer_id: str, item: str, to: str, source: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"id": transfer_id, "item": item, "to": to}
    if source is not None:
        found["from"] = source
    found.update(
        purpose=draw(st.sampled_from(PURPOSES)),
        start_on=draw(day),
        selection_reason=draw(st.sampled_from(REASONS)),
    )
    safeguards: dict[str, Any] = {}
    _optional(draw, safeguards, "encrypted_in_transit", st.booleans())
    _optional(draw, safeguards, "encrypted_at_rest", st.booleans())
    _optional(draw, safeguards, "remote_access_from", st.lists(country, max_size=3))
    if draw(st.booleans()):
        found["safeguards"] = safeguards
    _optional(
        draw,
        found,
        "nih_exception",
        st.sampled_from(["federal_law", "unique_expertise", "donor_care"]),
    )
    return found


@st.composite
def transfers(draw: Any, items: list[str], party_ids: list[str]) -> list[dict[str, Any]]:
    """For each item sent, a tree over the parties rooted at the origin: each
    party receives the item at most once, from the origin or from a party
    that already has it, so every `from` chain is valid and acyclic."""
    found: list[dict[str, Any]] = []
    for item in items:
        if found and not draw(st.booleans()):
            continue
        order = draw(st.permutations(party_ids))
        reached: list[str] = []
        for to in order[: draw(st.integers(1, len(order)))]:
            source = None
            if reached and draw(st.booleans()):
                source = draw(st.sampled_from(reached))
            found.append(draw(transfer(f"t{len(found)}", item, to, source)))
            reached.append(to)
    return found


@st.composite
def manifests(draw: Any) -> dict[str, Any]:
    subject_ids = draw(st.lists(identifier, min_size=1, max_size=3, unique=True))
    item_ids = draw(st.lists(identifier, min_size=1, max_size=4, unique=True))
    party_ids = draw(st.lists(identifier, min_size=1, max_size=4, unique=True))
    split = draw(st.integers(0, len(item_ids)))
    metadata: dict[str, Any] = {"id": draw(identifier)}
    _optional(draw, metadata, "title", text)
    _optional(draw, metadata, "owner", text)
    _optional(draw, metadata, "labels", st.dictionaries(text, st.text(max_size=12), max_size=3))
    study: dict[str, Any] = {
        "type": draw(st.sampled_from(["clinical_trial", "research", "commercial_service"])),
        "origin_country": draw(country),
    }
    _optional(draw, study, "id", identifier)
    _optional(
        draw,
        study,
        "funding",
        st.lists(
            st.sampled_from(["NIH", "other_federal", "private", "foreign_public", "other"]),
            unique=True,
        ),
    )
    if draw(st.booleans()):
        fda: dict[str, Any] = {
            "application": draw(st.sampled_from(["IND", "IDE", "BLA"])),
            "status": draw(st.sampled_from(["planned", "submitted", "active", "closed"])),
        }
        _optional(draw, fda, "number", st.from_regex(r"[0-9]{1,8}", fullmatch=True))
        if fda["status"] != "planned" or draw(st.booleans()):
            fda["submitted_on"] = draw(day)
        study["fda"] = fda
    manifest: dict[str, Any] = {
        "apiVersion": "helixgate/v1",
        "kind": "TransferManifest",
        "metadata": metadata,
        "study": study,
    }
    consent: dict[str, Any] = {}
    _optional(draw, consent, "foreign_transfer_disclosed", st.booleans())
    _optional(draw, consent, "disclosed_countries", st.lists(country, max_size=4))
    _optional(draw, consent, "sequencing_disclosed", st.booleans())
    if draw(st.booleans()):
        manifest["consent"] = consent
    compliance: dict[str, Any] = {}
    if draw(st.booleans()):
        compliance["assessment"] = {"completed_on": draw(day)}
        _optional(draw, compliance["assessment"], "reference", text)
    if draw(st.booleans()):
        compliance["hgr_approval"] = {"reference": draw(text)}
        _optional(draw, compliance["hgr_approval"], "approved_on", day)
    if draw(st.booleans()):
        compliance["hgr_filing"] = {"reference": draw(text)}
        _optional(draw, compliance["hgr_filing"], "filed_on", day)
    if compliance or draw(st.booleans()):
        manifest["compliance"] = compliance
    manifest["subjects"] = [
        {"id": s, "nationality": draw(country), "residence": draw(country), "count": draw(count)}
        for s in subject_ids
    ]
    manifest["materials"] = [
        {
            "id": i,
            "type": draw(st.sampled_from(MATERIALS)),
            "subjects": draw(st.sampled_from(subject_ids)),
        }
        for i in item_ids[:split]
    ]
    manifest["data"] = [
        {
            "id": i,
            "category": draw(st.sampled_from(CATEGORIES)),
            "subjects": draw(st.sampled_from(subject_ids)),
            "identifiability": draw(st.sampled_from(["identified", "pseudonymized", "anonymized"])),
        }
        for i in item_ids[split:]
    ]
    for section in ("materials", "data"):
        if not manifest[section] and draw(st.booleans()):
            del manifest[section]
    manifest["parties"] = draw(parties(party_ids))
    manifest["transfers"] = draw(transfers(item_ids, party_ids))
    return manifest


def first_difference(expected: Any, found: Any, path: str = "") -> str:
    """Where the data read back first differs from the data dumped."""
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in [*expected, *(k for k in found if k not in expected)]:
            if key not in expected or key not in found:
                return f"{path}/{key}: only in one of them"
            difference = first_difference(expected[key], found[key], f"{path}/{key}")
            if difference:
                return difference
        return ""
    if isinstance(expected, list) and isinstance(found, list) and len(expected) == len(found):
        for index, (one, other) in enumerate(zip(expected, found, strict=True)):
            difference = first_difference(one, other, f"{path}/{index}")
            if difference:
                return difference
        return ""
    if expected == found and type(expected) is type(found):
        return ""
    return f"{path}: dumped {expected!r}, read back {found!r}"


# --------------------------------------------------------------------------
# One embedded OPA for the module


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with Engine() as started:
        yield started


def decide(engine: Engine, documents: list[Document]) -> list[Decision]:
    answers = engine.decide([d.data for d in documents], CONTEXT)
    return [
        read_decision(answer, document, document.data["metadata"]["id"])
        for answer, document in zip(answers, documents, strict=True)
    ]


@settings(BASE, max_examples=EXAMPLES["valid"])
@given(batch=st.lists(manifests(), min_size=1, max_size=4), fmt=st.sampled_from(["yaml", "json"]))
def test_valid_manifests_are_decided_the_same_way_twice(engine, report_validator, batch, fmt):
    documents = []
    for index, manifest in enumerate(batch):
        manifest["metadata"]["id"] = f"{manifest['metadata']['id']}-{index}"
        text = dump(manifest, fmt)
        [document] = load(f"m{index}.{fmt}", text, fmt == "json")
        assert document.data == manifest, first_difference(manifest, document.data)
        assert isinstance(validate(document), Manifest)
        documents.append(document)

    first = decide(engine, documents)
    again = list(reversed(decide(engine, list(reversed(documents)))))

    assert first == again
    for decision, document in zip(first, documents, strict=True):
        assert decision.decision in DECISIONS
        assert decision.manifest == document.data["metadata"]["id"]
        for finding in decision.findings:
            assert finding.line is not None, finding
    assert engine.info is not None
    report_validator.validate(report_dict(Report(engine=engine.info, results=first)))


# --------------------------------------------------------------------------
# Mutations

REFERENCES = [("materials", "subjects"), ("data", "subjects"), ("transfers", "item"),
              ("transfers", "to"), ("transfers", "from")]  # fmt: skip
OTHER_VALUE = st.one_of(
    st.integers(-(10**12), 10**12),
    st.text(max_size=6),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just([]),
    st.just({}),
    st.lists(st.integers(0, 9), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _parent(manifest: dict[str, Any], path: tuple[Any, ...]) -> Any:
    parent: Any = manifest
    for part in path[:-1]:
        parent = parent[part]
    return parent


@st.composite
def mutated(draw: Any) -> tuple[str, bytes]:
    """(suffix, file content): a valid manifest with one to three mutations,
    on its data (drop a key, change a type, swap a reference) and then on
    its text (duplicate a key, tag a YAML value, put a lone surrogate in a
    JSON string, insert garbage bytes, cut it short)."""
    manifest = draw(manifests())
    fmt = draw(st.sampled_from(["yaml", "json"]))
    kinds = draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3))
    for kind in kinds:
        if kind in ("drop", "retype"):
            path = draw(st.sampled_from(list(value_paths(manifest))))
            parent = _parent(manifest, path)
            if kind == "drop":
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(OTHER_VALUE)
        elif kind == "swap":
            _swap_a_reference(draw, manifest)
    content = dump(manifest, fmt)
    if "duplicate" in kinds:
        content = _duplicate_a_key(draw, content, fmt)
    if "tag" in kinds and fmt == "yaml":
        content = _tag_a_value(draw, content)
    if "surrogate" in kinds and fmt == "json":
        content = _lone_surrogate(draw, content)
    raw = content.encode("utf-8")
    if "garbage" in kinds:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if "truncate" in kinds:
        raw = raw[: draw(st.integers(0, len(raw)))]
    return fmt, raw


MUTATIONS = ["drop", "retype", "swap", "duplicate", "garbage", "truncate", "tag", "surrogate"]

# Tags a YAML value may carry: JSON's own (a value that does not fit is a
# syntax error), and ones JSON has no type for (an error in a manifest).
TAGS = ["!!binary", "!!set", "!!timestamp", "!!omap", "!!python/name:os.system", "!reference",
        "!!int", "!!float", "!!bool", "!!null", "!!str", "!custom"]  # fmt: skip
_YAML_VALUE = re.compile(r"^( *(?:- )?[A-Za-z_]+: )(?=\S)", re.MULTILINE)
_JSON_STRING = re.compile(r': "(?=[^"\\])')


def _tag_a_value(draw: Any, content: str) -> str:
    """A tag in front of some value of a YAML text."""
    matches = list(_YAML_VALUE.finditer(content))
    if not matches:
        return content
    match = draw(st.sampled_from(matches))
    return content[: match.end()] + draw(st.sampled_from(TAGS)) + " " + content[match.end() :]


def _lone_surrogate(draw: Any, content: str) -> str:
    """An escaped lone surrogate at the start of some string value of a JSON text."""
    matches = list(_JSON_STRING.finditer(content))
    if not matches:
        return content
    match = draw(st.sampled_from(matches))
    escape = draw(st.sampled_from(["\\ud800", "\\udfff", "\\udc00x"]))
    return content[: match.end()] + escape + content[match.end() :]


def _swap_a_reference(draw: Any, manifest: dict[str, Any]) -> None:
    """Point a reference at another id: a party, a transfer id, or nothing."""
    section, field = draw(st.sampled_from(REFERENCES))
    entries = manifest.get(section)
    if not isinstance(entries, list) or not entries:
        return
    entry = draw(st.sampled_from(entries))
    if not isinstance(entry, dict):
        return
    parties = manifest.get("parties")
    parties = parties if isinstance(parties, list) else []  # a retype may have made it 0
    ids = [p["id"] for p in parties if isinstance(p, dict) and "id" in p]
    entry[field] = draw(st.sampled_from([*ids, "nowhere", "t0", str(entry.get("to", "x"))]))


_YAML_KEY = re.compile(r"^( *)(- )?([A-Za-z_]+):", re.MULTILINE)
_JSON_KEY = re.compile(r'"([A-Za-z_]+)": ')


def _duplicate_a_key(draw: Any, content: str, fmt: str) -> str:
    """A second occurrence of some key in the same mapping."""
    matches = list((_JSON_KEY if fmt == "json" else _YAML_KEY).finditer(content))
    if not matches:
        return content
    match = draw(st.sampled_from(matches))
    if fmt == "json":
        return content[: match.start()] + f'"{match.group(1)}": null, ' + content[match.start() :]
    indent = match.group(1) + ("  " if match.group(2) else "")
    line_end = content.find("\n", match.end())
    line_end = len(content) if line_end < 0 else line_end
    return content[:line_end] + f"\n{indent}{match.group(3)}: again" + content[line_end:]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mutations")


@settings(BASE, max_examples=EXAMPLES["mutated"])
@given(case=mutated())
def test_mutated_manifests_are_errors_or_decisions_never_crashes(engine, scratch, case):
    fmt, raw = case
    path = scratch / f"mutated.{fmt}"
    path.write_bytes(raw)
    found = list(manifests_and_problems([str(path)], DEFAULT_MAX_FILE_SIZE))
    assert found
    valid: list[Manifest] = []
    for item in found:
        if isinstance(item, Manifest):
            valid.append(item)
        elif isinstance(item, ReportError):
            assert item.kind in INPUT_ERROR_KINDS
            assert item.source == str(path)
            assert len(item.message) <= 300
        else:
            assert isinstance(item, Skip)
    if not valid:
        return
    try:
        decisions = decide(engine, [m.document for m in valid])
    except EngineError:
        return  # refused, never allowed: helixgate's own error
    assert all(d.decision in DECISIONS for d in decisions)


@settings(BASE, max_examples=EXAMPLES["cli"])
@given(cases=st.lists(mutated(), min_size=1, max_size=3))
def test_mutated_files_through_the_cli_exit_0_1_or_2(report_validator, cases):
    with tempfile.TemporaryDirectory(prefix="helixgate-mutated-") as folder:
        for index, (fmt, raw) in enumerate(cases):
            Path(folder, f"m{index}.{fmt}").write_bytes(raw)
        run = run_helixgate(["check", "--format", "json", folder])
    assert run.code in (0, 1, 2), run.err
    assert TRACEBACK not in run.err
    report = run.json()
    report_validator.validate(report)
    if report["errors"]:
        assert run.code == 2


# --------------------------------------------------------------------------
# One verdict on validity, and Python data that JSON cannot carry

NEAR_EDGES = st.sampled_from(
    ["", "\n", "\r", "\r\n", " ", "\t", "\x00", "\u2028", "\u200b", "\n\n"]
)
near_identifier = st.tuples(
    st.sampled_from(["", "\n", " ", "-", "."]),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,70}", fullmatch=True),
    NEAR_EDGES,
).map("".join)
near_date = st.tuples(
    st.sampled_from(["", "+", " ", "\n"]),
    st.integers(0, 9999).map("{:04d}".format),
    st.sampled_from(["-", "", "/"]),
    st.integers(0, 13).map("{:02d}".format),
    st.sampled_from(["-", ""]),
    st.integers(0, 32).map("{:02d}".format),
    NEAR_EDGES,
).map("".join)
ID_FIELDS = [("metadata", "id"), ("subjects", 0, "id"), ("transfers", 0, "to")]
DATE_FIELDS = [("transfers", 0, "start_on"), ("study", "fda", "submitted_on")]


def _set(manifest: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    parent: Any = manifest
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return manifest


@settings(BASE, max_examples=EXAMPLES["mutated"])
@given(
    base=manifests(),
    where=st.sampled_from(ID_FIELDS + DATE_FIELDS),
    identifier_text=near_identifier,
    date_text=near_date,
)
def test_a_document_either_validator_refuses_is_refused(base, where, identifier_text, date_text):
    """Ids and dates near their forms' edges: jsonschema-rs and jsonschema
    give one verdict, and schema_errors follows it."""
    if where[-1] == "submitted_on" and "fda" not in base["study"]:
        return
    value = date_text if where in DATE_FIELDS else identifier_text
    variant = _set(base, where, value)
    fast = _fast_validator(MANIFEST_SCHEMA)
    slow_ok = validator().is_valid(variant)
    if fast is not None:
        assert fast.is_valid(variant) == slow_ok, (where, value)
    assert (schema_errors(variant) == []) == slow_ok, (where, value)
    if where in DATE_FIELDS and slow_ok:
        assert parse_date(value).isoformat() == value


class _Text(str):
    __slots__ = ()


class _Number(int):
    pass


NOT_JSON = st.one_of(
    st.binary(max_size=4),
    st.sets(st.integers(0, 3), max_size=2),
    st.frozensets(st.integers(0, 3), max_size=2),
    st.datetimes(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.times(),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 10**5000, 1j, object()]),
    st.tuples(st.integers(0, 0xFFFF), st.integers(0xD800, 0xDFFF)).map(
        lambda pair: chr(pair[0] % 0xD800) + chr(pair[1])
    ),
    st.builds(_Text, st.text(max_size=4)),
    st.builds(_Number, st.integers(0, 9)),
    st.builds(NotJson, st.sampled_from(["!!binary", "!reference"])),
    st.dictionaries(st.one_of(st.integers(), st.none(), st.booleans()), st.integers(), min_size=1),
    st.dictionaries(st.just("\ud800"), st.integers(), min_size=1),
)


@settings(BASE, max_examples=EXAMPLES["mutated"])
@given(base=manifests(), data=st.data())
def test_python_data_json_cannot_carry_raises_only_helixgate_errors(base, data):
    """helixgate.check(dict) on any value anywhere: a HelixgateError (an
    input error, or an engine error for a manifest that stays valid, such
    as a date from the range), never another exception."""
    path = data.draw(st.sampled_from(list(value_paths(base))))
    _set(base, path, data.draw(NOT_JSON))
    with pytest.raises(HelixgateError) as caught:
        helixgate.check(base, opa_url=UNREACHABLE)
    problems = caught.value.errors if isinstance(caught.value, InputErrors) else []
    assert isinstance(caught.value, EngineError) or problems
    for problem in problems:
        assert problem.kind in INPUT_ERROR_KINDS
        assert len(problem.message) <= 300
        assert problem.message.isprintable()


UNREACHABLE = "http://127.0.0.1:9"
