"""The compliance officer's controls: waiver files, sign-offs and organisation
profiles.

Both are read like manifests (YAML or JSON, positions kept), validated by their
JSON Schemas, then checked against the rule catalogue. What passes travels to
OPA in each question's `input.context`; what does not is an input error that
names the entry, so no control is ever applied half-way or silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalogue import default_countries_of_concern, rules
from .errors import InputError, InputErrors, Location
from .loader import Document
from .names import profile_with_name_keys
from .references import profile_reference_errors
from .schema import PROFILE_SCHEMA, SIGNOFFS_SCHEMA, WAIVERS_SCHEMA, schema_errors
from .sources import DEFAULT_MAX_FILE_SIZE, Source, read_documents


def _document(path: str, max_size: int) -> Document:
    documents = list(read_documents(Source.named(path), max_size))
    if len(documents) != 1 or documents[0].data is None:
        raise InputErrors(
            [InputError("schema", "expected exactly one document", Location(path, 0, ""))]
        )
    return documents[0]


def _error(document: Document, kind: str, pointer: str, message: str) -> InputError:
    line, column = document.locate(pointer) or (None, None)
    return InputError(kind, message, Location(document.source, 0, pointer, line, column))


def _validated(document: Document, schema: str) -> None:
    problems = [_error(document, "schema", p, m) for p, m in schema_errors(document.data, schema)]
    if problems:
        raise InputErrors(problems)


def load_waivers(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> list[dict[str, Any]]:
    """The waivers of a waiver file; a waiver for a rule that does not exist is
    an input error (a typo must not pass as a waiver)."""
    return checked_waivers(_document(path, max_size))


def checked_waivers(document: Document) -> list[dict[str, Any]]:
    """The waivers of a waiver document already read (a file, or data the
    Python API was given), after the same checks as load_waivers (its
    `signoffs` section is checked too; checked_signoffs gives it)."""
    _validated(document, WAIVERS_SCHEMA)
    waivers: list[dict[str, Any]] = document.data["waivers"]
    _check_rules(document, "waivers")
    _check_rules(document, "signoffs")
    return waivers


def _check_rules(document: Document, key: str) -> None:
    problems = [
        _error(document, "reference", f"/{key}/{i}/rule", message)
        for i, entry in enumerate(document.data.get(key, []))
        if (message := _unusable_rule(entry["rule"])) is not None
    ]
    if problems:
        raise InputErrors(problems)


def load_signoffs(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> list[dict[str, Any]]:
    """The sign-offs of a sign-off file (schemas/signoffs.v1.schema.json); one
    for a rule that does not exist, or that was replaced, is an input error."""
    return checked_signoffs(_document(path, max_size))


def checked_signoffs(document: Document) -> list[dict[str, Any]]:
    """The sign-offs of a sign-off document already read, after the same
    checks as load_signoffs."""
    _validated(document, SIGNOFFS_SCHEMA)
    _check_rules(document, "signoffs")
    signoffs: list[dict[str, Any]] = document.data["signoffs"]
    return signoffs


@dataclass(frozen=True)
class Controls:
    """The waivers and sign-offs of a run as they travel to OPA, each with the
    place of its entry in its file: a finding about one (HG-WAIVER-*,
    HG-SIGNOFF-*) is placed there. The sign-offs of a waiver file's
    `signoffs` section come before those of a sign-off file."""

    waivers: tuple[dict[str, Any], ...] = ()
    signoffs: tuple[dict[str, Any], ...] = ()
    waiver_places: tuple[Location, ...] = ()
    signoff_places: tuple[Location, ...] = ()

    def __add__(self, other: Controls) -> Controls:
        return Controls(
            self.waivers + other.waivers,
            self.signoffs + other.signoffs,
            self.waiver_places + other.waiver_places,
            self.signoff_places + other.signoff_places,
        )

    def place(self, kind: str, index: int) -> Location | None:
        """Where entry `index` of `kind` (waivers or signoffs) stands."""
        places = {"waivers": self.waiver_places, "signoffs": self.signoff_places}.get(kind, ())
        return places[index] if 0 <= index < len(places) else None

    @classmethod
    def of_waiver_document(cls, document: Document) -> Controls:
        waivers = checked_waivers(document)
        signoffs = document.data.get("signoffs", [])
        return cls(
            tuple(waivers),
            tuple(signoffs),
            _places(document, "waivers", len(waivers)),
            _places(document, "signoffs", len(signoffs)),
        )

    @classmethod
    def of_signoff_document(cls, document: Document) -> Controls:
        signoffs = checked_signoffs(document)
        return cls(
            signoffs=tuple(signoffs), signoff_places=_places(document, "signoffs", len(signoffs))
        )


def _places(document: Document, key: str, count: int) -> tuple[Location, ...]:
    places = []
    for i in range(count):
        pointer = f"/{key}/{i}"
        line, column = document.locate(pointer) or (None, None)
        places.append(Location(document.source, 0, pointer, line, column))
    return tuple(places)


def load_waiver_file(path: str | None, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Controls:
    """The waivers and sign-offs of a waiver file, with their places (none
    without a file)."""
    return Controls.of_waiver_document(_document(path, max_size)) if path else Controls()


def load_signoff_file(path: str | None, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Controls:
    """The sign-offs of a sign-off file, with their places (none without a file)."""
    return Controls.of_signoff_document(_document(path, max_size)) if path else Controls()


def _unusable_rule(rule_id: str) -> str | None:
    """Why a waiver or a profile cannot name `rule_id`: no such rule, or one
    replaced by another (it never fires, so naming it would do nothing)."""
    rule = rules().get(rule_id)
    if rule is None:
        return f"no rule has id {rule_id!r}"
    if rule.replaced_by is not None:
        return f"{rule_id} was replaced by {rule.replaced_by}: name {rule.replaced_by}"
    return None


def load_profile(path: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> dict[str, Any]:
    """The profile as it travels to OPA. Refused, naming each entry: a rule that
    does not exist, an FDA/NIH/DOJ rule lowered or switched off, a country of
    concern trusted, or one removed from the countries of concern."""
    return checked_profile(_document(path, max_size))


def checked_profile(document: Document) -> dict[str, Any]:
    """The profile of a profile document already read (a file, or data the
    Python API was given), after the same checks as load_profile."""
    _validated(document, PROFILE_SCHEMA)
    profile: dict[str, Any] = document.data
    problems = [_error(document, "reference", p, m) for p, m in profile_problems(profile)]
    if problems:
        raise InputErrors(problems)
    return normalized_profile(profile)


def profile_problems(profile: dict[str, Any]) -> list[tuple[str, str]]:
    known = rules()
    problems: list[tuple[str, str]] = []
    for rule_id, level in profile.get("rules", {}).items():
        pointer = "/rules/" + rule_id
        rule = known.get(rule_id)
        unusable = _unusable_rule(rule_id)
        if unusable is not None:
            problems.append((pointer, unusable))
        elif rule is not None and not rule.may_set(level):
            verb = "switched off" if level == "off" else f"lowered from {rule.level} to {level}"
            problems.append(
                (pointer, f"{rule_id} cannot be {verb}: {rule.source} rules can only be raised")
            )
    lists = profile.get("lists", {})
    defaults = default_countries_of_concern()
    if "countries_of_concern" in lists:
        removed = [c for c in defaults if c not in lists["countries_of_concern"]]
        if removed:
            problems.append(
                (
                    "/lists/countries_of_concern",
                    f"countries of concern cannot be removed: {', '.join(removed)} "
                    "(28 CFR 202.601); add countries with countries_of_concern_extra",
                )
            )
    concern = set(defaults) | set(lists.get("countries_of_concern_extra", []))
    concern |= set(lists.get("countries_of_concern", []))
    for index, code in enumerate(lists.get("trusted_countries", [])):
        if code in concern:
            problems.append(
                (
                    f"/lists/trusted_countries/{index}",
                    f"{code} is a country of concern and cannot be trusted",
                )
            )
    problems += profile_reference_errors(profile)
    return problems


def normalized_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile in the form the policies read: a full countries_of_concern
    list (which keeps every default) becomes the extras it adds."""
    lists = dict(profile.get("lists", {}))
    if "countries_of_concern" in lists:
        defaults = set(default_countries_of_concern())
        extra = [c for c in lists.pop("countries_of_concern") if c not in defaults]
        lists["countries_of_concern_extra"] = sorted(
            set(lists.get("countries_of_concern_extra", [])) | set(extra)
        )
    normalized = dict(profile)
    if lists:
        normalized["lists"] = lists
    return profile_with_name_keys(normalized)
