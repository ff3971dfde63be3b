"""Matching names (policy-pack-v2, "Matching names"): the key, the look-alike
script check, the keys sent to OPA, the keys stored in the pack's lists, and
the real `helixgate check` deciding every look-alike form of a listed entity
as it decides the listed name."""

from __future__ import annotations

import copy
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from conftest import dump_yaml, make_manifest, run_helixgate, write
from helixgate.names import (
    lookalike_letters,
    matching_name,
    mixes_lookalike_scripts,
    named_places,
    profile_with_name_keys,
    with_name_keys,
)
from helixgate.references import reference_errors

ROOT = Path(__file__).resolve().parents[1]
LISTS = ROOT / "policies" / "helixgate" / "lists"

# Look-alike forms of "WuXi AppTec", an entity on the pack's own list.
WUXI_FORMS = {
    "zero-width space": "WuXi\u200bAppTec",
    "soft hyphen": "WuXi App\u00adTec",
    "word joiner": "WuXi\u2060AppTec",
    "BOM inside": "Wu\ufeffXi AppTec",
    "fullwidth letters": "\uff37\uff55\uff38\uff49\u3000\uff21\uff50\uff50\uff34\uff45\uff43",
    "mathematical bold letters": "\U0001d416\U0001d42e\U0001d417\U0001d422 "
    "\U0001d400\U0001d429\U0001d429\U0001d413\U0001d41e\U0001d41c",
    "hyphen for the space": "WuXi-AppTec",
    "no space, lower case": "wuxiapptec",
    "accents added": "W\u00fcX\u00ed AppTe\u0301c",
}
# Punctuation changed in "BGI Genomics Co., Ltd.", also on the list.
BGI_FORMS = {
    "full stop left out": "BGI Genomics Co., Ltd",
    "comma left out": "BGI Genomics Co. Ltd.",
}
DIFFERENT = ["WuXi AppTec Partners", "WuXi AppTech", "BGI Genomic Co., Ltd."]
CYRILLIC_A = "\u0430"


# --------------------------------------------------------------------------
# matching_name


@pytest.mark.parametrize("form", list(WUXI_FORMS))
def test_every_look_alike_form_has_the_listed_names_key(form):
    assert matching_name(WUXI_FORMS[form]) == matching_name("WuXi AppTec") == "wuxiapptec"


@pytest.mark.parametrize("form", list(BGI_FORMS))
def test_punctuation_does_not_change_the_key(form):
    assert matching_name(BGI_FORMS[form]) == matching_name("BGI Genomics Co., Ltd.")


def test_the_key_is_case_folded_not_only_lower_cased():
    assert matching_name("Großmann GmbH") == matching_name("GROSSMANN gmbh") == "grossmanngmbh"


def test_white_space_of_every_kind_is_dropped():
    assert matching_name("Example\u00a0Gene\u2003Co\u0085\u000b\u001c\u3000") == "examplegeneco"


@pytest.mark.parametrize("name", DIFFERENT)
def test_a_genuinely_different_name_keeps_a_different_key(name):
    assert matching_name(name) not in {"wuxiapptec", "bgigenomicscoltd"}


# --------------------------------------------------------------------------
# Look-alike scripts


def test_a_cyrillic_letter_inside_a_latin_name_mixes_scripts():
    name = f"WuXi {CYRILLIC_A}ppTec"
    assert mixes_lookalike_scripts(name)
    assert lookalike_letters(name) == ["U+0430 CYRILLIC SMALL LETTER A"]


def test_a_greek_letter_inside_a_latin_name_mixes_scripts():
    assert mixes_lookalike_scripts("BG\u0399 Genomics")  # GREEK CAPITAL LETTER IOTA


@pytest.mark.parametrize(
    "name",
    [
        "\uff37\uff55\uff38\uff49 \u0410pp",  # fullwidth Latin and a Cyrillic A
        "\U0001d416u\U0001d417i \u0430pp",  # mathematical bold Latin and a Cyrillic a
        "WuXi \U0001d6c2pp",  # Latin and a mathematical bold Greek alpha
    ],
)
def test_fullwidth_and_mathematical_letters_count_as_the_script_they_stand_for(name):
    assert mixes_lookalike_scripts(name)


@pytest.mark.parametrize(
    "name",
    [
        "\u041e\u041e\u041e \u041f\u0440\u0438\u043c\u0435\u0440",  # OOO Primer, in Cyrillic
        "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1 \u0391\u0395",  # Ellada AE, in Greek
        "\u00b5Lab GmbH",  # micro sign
        "Caf\u00e9 Gen\u00f4mica S.A.",
        "WuXi AppTec 药明康德",
    ],
)
def test_one_script_the_micro_sign_and_other_scripts_are_fine(name):
    assert not mixes_lookalike_scripts(name)
    assert lookalike_letters(name) == []


# --------------------------------------------------------------------------
# The keys sent to OPA


def _v2_manifest() -> dict[str, Any]:
    manifest = make_manifest("NAMES-KEYS")
    manifest["study"]["sponsor"] = {"name": "Example Sponsor, Inc."}
    manifest["parties"][0]["owners"].append({"name": "WuXi-AppTec", "country": "CN", "share": 0})
    manifest["parties"].append(
        {"id": "person", "kind": "individual", "employer": {"name": "BGI Genomics Co., Ltd"}}
    )
    manifest["parties"].append(
        {"id": "person-2", "kind": "individual", "employer": {"party": "lab-de"}}
    )
    return manifest


def test_with_name_keys_adds_a_key_beside_every_name_the_pack_compares():
    keyed = with_name_keys(_v2_manifest())
    assert keyed["study"]["sponsor"]["name_key"] == "examplesponsorinc"
    assert keyed["parties"][0]["name_key"] == "examplegenomicsgmbh"
    assert [o["name_key"] for o in keyed["parties"][0]["owners"]] == [
        "exampleholdingag",
        "wuxiapptec",
    ]
    assert keyed["parties"][1]["employer"]["name_key"] == "bgigenomicscoltd"
    assert keyed["parties"][2]["employer"] == {"party": "lab-de"}
    assert "name_key" not in keyed["parties"][1]


def test_every_named_place_gets_its_key():
    manifest = _v2_manifest()
    keyed = with_name_keys(manifest)
    places = list(named_places(manifest))
    assert len(places) == 5
    for pointer, name in places:
        holder: Any = keyed
        for part in pointer.split("/")[1:-1]:
            holder = holder[int(part)] if isinstance(holder, list) else holder[part]
        assert holder["name_key"] == matching_name(name), pointer


def test_with_name_keys_leaves_the_manifest_as_it_was():
    manifest = _v2_manifest()
    before = copy.deepcopy(manifest)
    with_name_keys(manifest)
    assert manifest == before


def test_without_a_sponsor_or_parties_nothing_is_added():
    assert with_name_keys({"study": {"type": "research"}}) == {"study": {"type": "research"}}


def test_the_profiles_added_entities_and_organisation_get_keys():
    profile = {
        "rules": {"CMP-LOCAL-001": "deny"},
        "lists": {"entities_of_concern_extra": ["Example Gene Co.", "\uff25\uff38 Bio"]},
        "organisation": {"name": "Example Pharma, Inc."},
    }
    before = copy.deepcopy(profile)
    keyed = profile_with_name_keys(profile)
    assert keyed["lists"]["entities_of_concern_extra_keys"] == ["examplegeneco", "exbio"]
    assert (
        keyed["lists"]["entities_of_concern_extra"] == before["lists"]["entities_of_concern_extra"]
    )
    assert keyed["organisation"]["name_key"] == "examplepharmainc"
    assert keyed["rules"] == before["rules"]
    assert profile == before
    assert profile_with_name_keys({}) == {}


# --------------------------------------------------------------------------
# Keys stored in the pack


def _list_entries() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted(LISTS.glob("*/data.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for value in data.values():
            if isinstance(value, list):
                found += [
                    (path.parent.name, e) for e in value if isinstance(e, dict) and "name" in e
                ]
    return found


def test_every_name_list_entry_carries_its_key():
    entries = _list_entries()
    assert any(folder == "entities_of_concern" for folder, _ in entries)
    stale = [
        (folder, entry["name"], entry.get("key"))
        for folder, entry in entries
        if entry.get("key") != matching_name(entry["name"])
    ]
    assert stale == []


def _computed_in_rego(text: str) -> str:
    """What helixgate.lib._computed_name_key does after the letter folds: lower
    case, without Cf, Mn, P*, Z* and white space."""
    return "".join(
        char
        for char in text.lower()
        if unicodedata.category(char) not in ("Cf", "Mn")
        and unicodedata.category(char)[0] not in "PZ"
        and not char.isspace()
    )


def test_the_letter_folds_give_the_matching_name_of_every_letter_of_their_ranges():
    data = json.loads((LISTS / "letter_folds" / "data.json").read_text(encoding="utf-8"))
    folds: dict[str, str] = data["folds"]
    assert {char: key for char, key in folds.items() if key != matching_name(char)} == {}
    wrong = {}
    for block in data["ranges"]:
        for code in range(int(block["first"], 16), int(block["last"], 16) + 1):
            char = chr(code)
            if unicodedata.category(char) in ("Cn", "Mn", "Mc", "Me"):
                continue
            if _computed_in_rego(folds.get(char, char)) != matching_name(char):
                wrong[f"U+{code:04X}"] = matching_name(char)
    assert wrong == {}, "add these to lists/letter_folds/data.json"


# --------------------------------------------------------------------------
# Reference errors


def test_a_mixed_script_name_is_a_reference_error_at_its_pointer():
    manifest = _v2_manifest()
    manifest["parties"][0]["owners"][1]["name"] = f"WuXi {CYRILLIC_A}ppTec"
    manifest["study"]["sponsor"]["name"] = f"Ex{CYRILLIC_A}mple Sponsor"
    manifest["parties"][1]["employer"]["name"] = "BG\u0399 Genomics"
    pointers = [pointer for pointer, _ in reference_errors(manifest)]
    assert pointers == [
        "/study/sponsor/name",
        "/parties/0/owners/1/name",
        "/parties/1/employer/name",
    ]


# --------------------------------------------------------------------------
# Through the real `helixgate check`


def _check(tmp_path: Path, *manifests: dict[str, Any]) -> Any:
    path = write(tmp_path / "names.yaml", dump_yaml(*manifests))
    return run_helixgate(["check", "--format", "json", "--as-of", "2026-11-25", str(path)])


def _named(manifest_id: str, name: str, *, owner: bool = False) -> dict[str, Any]:
    """American T cells to a German lab under a new IND: allowed unless the lab
    (or, with `owner`, its sole owner) is an entity of concern."""
    manifest = make_manifest(manifest_id)
    party = manifest["parties"][0]
    if owner:
        party["owners"] = [{"name": name, "country": "DE", "share": 100}]
    else:
        party["name"] = name
    return manifest


def _outcome(result: dict[str, Any]) -> tuple[str, list[tuple[str, str, tuple[str, ...]]]]:
    return result["decision"], sorted(
        (f["rule"], f["level"], tuple(f["reasons"])) for f in result["findings"]
    )


@pytest.mark.parametrize("owner", [False, True], ids=["party", "owner"])
def test_every_look_alike_form_is_decided_like_the_listed_name(tmp_path, owner):
    forms = {
        "plain": "WuXi AppTec",
        **WUXI_FORMS,
        "bgi-plain": "BGI Genomics Co., Ltd.",
        **BGI_FORMS,
    }
    manifests = [_named(f"NAMES-{i}", name, owner=owner) for i, name in enumerate(forms.values())]
    different = [_named(f"OTHER-{i}", name, owner=owner) for i, name in enumerate(DIFFERENT)]
    done = _check(tmp_path, *manifests, *different)
    report = done.json()
    assert report["errors"] == [], report["errors"]
    results = {r["manifest"]: r for r in report["results"]}
    plain = _outcome(results["NAMES-0"])
    assert plain[0] == "deny"
    for i, form in enumerate(forms):
        assert _outcome(results[f"NAMES-{i}"]) == plain, form
    for i, name in enumerate(DIFFERENT):
        assert results[f"OTHER-{i}"]["decision"] == "allow", name
    assert done.code == 1


def test_a_mixed_cyrillic_name_is_an_input_error_at_its_pointer(tmp_path):
    manifest = _named("NAMES-CYRILLIC", f"WuXi {CYRILLIC_A}ppTec")
    manifest["parties"][0]["owners"][0]["name"] = f"Ex{CYRILLIC_A}mple Holding AG"
    done = _check(tmp_path, manifest)
    assert done.code == 2
    errors = done.json()["errors"]
    assert [(e["kind"], e["pointer"]) for e in errors] == [
        ("reference", "/parties/0/name"),
        ("reference", "/parties/0/owners/0/name"),
    ]
    assert "CYRILLIC SMALL LETTER A" in errors[0]["message"]
    assert errors[0]["line"] is not None


def test_a_pure_cyrillic_name_is_decided_normally(tmp_path):
    done = _check(
        tmp_path, _named("NAMES-RU", "\u041e\u041e\u041e \u041f\u0440\u0438\u043c\u0435\u0440")
    )
    assert done.code == 0, done.err
    assert done.json()["results"][0]["decision"] == "allow"
