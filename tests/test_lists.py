"""`helixgate lists [--profile FILE]`: the lists in force, each with its
source and as-of date, after the profile as the policies apply it."""

from __future__ import annotations

import json

from conftest import ROOT, run_helixgate, write

LISTS = ROOT / "policies" / "helixgate" / "lists"


def _pack(name: str) -> dict:
    return json.loads((LISTS / name / "data.json").read_text(encoding="utf-8"))


def _lists(*args: str, cwd=None) -> dict:
    done = run_helixgate(["lists", "--format", "json", *args], cwd=cwd)
    assert done.code == 0, done.err
    return {item["name"]: item for item in done.json()["lists"]}


def _values(item: dict) -> list[str]:
    return [entry["value"] for entry in item["entries"]]


def test_without_a_profile_the_pack_lists_are_shown_with_source_and_date():
    lists = _lists()
    assert list(lists) == [
        "countries_of_concern",
        "trusted_countries",
        "entities_of_concern",
        "security_certifications",
        "us_territories",
    ]
    for name, key in [
        ("countries_of_concern", "codes"),
        ("security_certifications", "names"),
        ("us_territories", "codes"),
    ]:
        pack = _pack("united_states" if name == "us_territories" else name)
        assert lists[name]["source"] == pack["source"]
        assert lists[name]["as_of"] == pack["as_of"]
        assert _values(lists[name]) == pack[key]
    # The pack trusts US, so its territories are trusted with it.
    trusted = _values(lists["trusted_countries"])
    assert trusted == _pack("trusted_countries")["codes"] + ["PR", "GU", "VI", "AS", "MP", "UM"]
    entities = lists["entities_of_concern"]["entries"]
    pack_entities = _pack("entities_of_concern")["entities"]
    assert [(e["value"], e["source"], e["as_of"]) for e in entities] == [
        (e["name"], e["source"], e["as_of"]) for e in pack_entities
    ]


def test_the_profile_replaces_trusted_and_adds_to_the_concern_lists(tmp_path):
    write(
        tmp_path / "profile.yaml",
        "lists:\n"
        "  trusted_countries: [DE, FR]\n"
        "  countries_of_concern_extra: [BY]\n"
        "  entities_of_concern_extra: [Example Gene Co.]\n",
    )
    lists = _lists("--profile", "profile.yaml", cwd=tmp_path)
    trusted = lists["trusted_countries"]["entries"]
    assert [(e["value"], e["source"]) for e in trusted] == [
        ("DE", "profile profile.yaml"),
        ("FR", "profile profile.yaml"),
    ]
    concern = lists["countries_of_concern"]["entries"]
    assert _values(lists["countries_of_concern"]) == _pack("countries_of_concern")["codes"] + ["BY"]
    assert concern[-1] == {"value": "BY", "source": "profile profile.yaml", "as_of": None}
    assert lists["entities_of_concern"]["entries"][-1]["value"] == "Example Gene Co."
    assert lists["entities_of_concern"]["entries"][-1]["source"] == "profile profile.yaml"


def test_a_full_countries_of_concern_list_in_the_profile_adds_only_what_is_new(tmp_path):
    codes = [*_pack("countries_of_concern")["codes"], "SY"]
    write(tmp_path / "profile.json", json.dumps({"lists": {"countries_of_concern": codes}}))
    lists = _lists("--profile", "profile.json", cwd=tmp_path)
    assert _values(lists["countries_of_concern"]) == codes


def test_a_trusted_us_in_the_profile_trusts_its_territories(tmp_path):
    write(tmp_path / "profile.yaml", "lists:\n  trusted_countries: [US, PR]\n")
    trusted = _lists("--profile", "profile.yaml", cwd=tmp_path)["trusted_countries"]["entries"]
    assert [e["value"] for e in trusted] == ["US", "PR", "GU", "VI", "AS", "MP", "UM"]
    assert trusted[1]["source"] == "profile profile.yaml"
    assert "28 CFR 202.257" in trusted[2]["source"]


def test_a_profile_that_trusts_a_country_of_concern_is_refused_naming_the_entry(tmp_path):
    write(tmp_path / "profile.yaml", "lists:\n  trusted_countries: [DE, CN]\n")
    done = run_helixgate(["lists", "--profile", "profile.yaml"], cwd=tmp_path)
    assert done.code == 2
    assert done.out == ""
    assert "profile.yaml:2" in done.err
    assert "/lists/trusted_countries/1" in done.err
    assert "CN is a country of concern and cannot be trusted" in done.err


def test_a_missing_profile_is_an_error():
    done = run_helixgate(["lists", "--profile", "no-such-profile.yaml"])
    assert done.code == 2
    assert "no-such-profile.yaml" in done.err


def test_the_text_list_names_each_list_its_source_and_date_and_the_profile(tmp_path):
    write(tmp_path / "profile.yaml", "lists:\n  countries_of_concern_extra: [BY]\n")
    done = run_helixgate(["lists", "--profile", "profile.yaml"], cwd=tmp_path)
    assert done.code == 0, done.err
    text = done.out
    assert text.startswith("Lists in force after the profile profile.yaml\n")
    for title in (
        "Countries of concern (9)",
        "Trusted countries (44)",
        "Entities of concern (11)",
        "Security certifications (2)",
        "United States and its territories (7)",
    ):
        assert f"\n{title}\n" in text
    assert "  as of:  2025-04-08\n" in text
    assert "    CN, HK, MO, CU, IR, KP, RU, VE\n  from profile profile.yaml:\n    BY\n" in text
    assert "    - BGI Genomics Co., Ltd.\n" in text  # names with commas: one a line


def test_profile_from_standard_input():
    done = run_helixgate(
        ["lists", "--profile", "-", "--format", "json"],
        stdin=b"lists:\n  countries_of_concern_extra: [BY]\n",
    )
    assert done.code == 0, done.err
    assert done.json()["profile"] == "-"
    assert done.json()["lists"][0]["entries"][-1]["source"] == "profile -"


def test_the_output_is_the_same_for_the_same_inputs():
    first, second = run_helixgate(["lists"]), run_helixgate(["lists"])
    assert first.raw == second.raw
