"""Matching names (policy-pack-v2, "Matching names"): the key under which two
spellings of one name are the same name, the keys the wrapper sends to OPA
beside every name the pack compares, and whether a name hides a look-alike
letter of another script."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

_DROPPED_CATEGORIES = frozenset({"Cf", "Mn"})
_DROPPED_CLASSES = frozenset({"P", "Z"})
_MICRO_SIGN = "\u00b5"
_LATIN = "LATIN"
_LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})
NAME_KEY = "name_key"
EXTRA_ENTITY_KEYS = "entities_of_concern_extra_keys"


def matching_name(name: str) -> str:
    """NFKC, case-folded, NFD, without format characters, combining marks,
    punctuation, separators and white space: "WuXi App-Tec" in fullwidth
    letters and "wuxiapptec" give the same key."""
    folded = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", name).casefold())
    return "".join(char for char in folded if not _dropped(char))


def _dropped(char: str) -> bool:
    category = unicodedata.category(char)
    return category in _DROPPED_CATEGORIES or category[0] in _DROPPED_CLASSES or char.isspace()


def mixes_lookalike_scripts(name: str) -> bool:
    """Whether the name as written has Latin letters and Cyrillic or Greek ones
    (a Cyrillic a, U+0430, in "WuXi"). Fullwidth and mathematical letters count as the
    script they stand for; the micro sign, common in Latin names, counts as none."""
    if name.isascii():  # the common case, at once: no ASCII letter is Cyrillic or Greek
        return False
    scripts = {script for char in name if char != _MICRO_SIGN for script in _scripts(char)}
    return _LATIN in scripts and not scripts.isdisjoint(_LOOKALIKE_SCRIPTS)


def lookalike_letters(name: str) -> list[str]:
    """The Cyrillic and Greek letters of a name that mixes them with Latin
    ones, by their Unicode names: the difference cannot be seen."""
    if not mixes_lookalike_scripts(name):
        return []
    found = [
        f"U+{ord(char):04X} {unicodedata.name(char, '')}".rstrip()
        for char in name
        if char != _MICRO_SIGN and not _LOOKALIKE_SCRIPTS.isdisjoint(_scripts(char))
    ]
    return list(dict.fromkeys(found))


def _scripts(char: str) -> Iterator[str]:
    for letter in {char, *unicodedata.normalize("NFKC", char)}:
        if unicodedata.category(letter).startswith("L"):
            yield unicodedata.name(letter, "").partition(" ")[0]


def named_places(manifest: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(JSON pointer, name) of every name of the manifest that the pack
    compares: parties, their owners and employers, and the study's sponsor."""
    study = manifest.get("study")
    sponsor = study.get("sponsor") if isinstance(study, Mapping) else None
    if isinstance(sponsor, Mapping) and isinstance(sponsor.get("name"), str):
        yield "/study/sponsor/name", sponsor["name"]
    parties = manifest.get("parties")
    for index, party in enumerate(parties if isinstance(parties, list) else []):
        if not isinstance(party, Mapping):
            continue
        if isinstance(party.get("name"), str):
            yield f"/parties/{index}/name", party["name"]
        owners = party.get("owners")
        for number, owner in enumerate(owners if isinstance(owners, list) else []):
            if isinstance(owner, Mapping) and isinstance(owner.get("name"), str):
                yield f"/parties/{index}/owners/{number}/name", owner["name"]
        employer = party.get("employer")
        if isinstance(employer, Mapping) and isinstance(employer.get("name"), str):
            yield f"/parties/{index}/employer/name", employer["name"]


def with_name_keys(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest as OPA is asked about it: a copy with `name_key` beside
    every name of `named_places`. The input is not changed; what has no name
    to key is shared with it, not copied."""
    keyed = dict(manifest)
    study = manifest.get("study")
    if isinstance(study, Mapping) and isinstance(study.get("sponsor"), Mapping):
        keyed["study"] = {**study, "sponsor": _keyed(study["sponsor"])}
    parties = manifest.get("parties")
    if isinstance(parties, list):
        keyed["parties"] = [_party_keyed(party) for party in parties]
    return keyed


def _party_keyed(party: Any) -> Any:
    if not isinstance(party, Mapping):
        return party
    keyed = _keyed(party)
    owners = party.get("owners")
    if isinstance(owners, list):
        keyed["owners"] = [_keyed(owner) for owner in owners]
    if isinstance(party.get("employer"), Mapping):
        keyed["employer"] = _keyed(party["employer"])
    return keyed


def _keyed(named: Any) -> Any:
    if not isinstance(named, Mapping):
        return named
    copy = dict(named)
    if isinstance(named.get("name"), str):
        copy[NAME_KEY] = matching_name(named["name"])
    return copy


def profile_with_name_keys(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The profile as OPA is asked with it: a copy whose `lists` carry
    `entities_of_concern_extra_keys`, the key of each added entity's name, and
    whose `organisation` carries its `name_key`."""
    keyed = dict(profile)
    lists = profile.get("lists")
    extra = lists.get("entities_of_concern_extra") if isinstance(lists, Mapping) else None
    if isinstance(lists, Mapping) and isinstance(extra, list):
        keys = [matching_name(name) for name in extra if isinstance(name, str)]
        keyed["lists"] = {**lists, EXTRA_ENTITY_KEYS: keys}
    if isinstance(profile.get("organisation"), Mapping):
        keyed["organisation"] = _keyed(profile["organisation"])
    return keyed
