"""The fields policy-pack-v2 adds to the manifest (its section 0) and the
input errors its sections 0-3 name, each at its JSON pointer: the schema
accepts every new field, helixgate.references refuses what the schema cannot
judge, and every v1 manifest stays valid.

Each case is one small change to one valid v2 manifest, validated as YAML the
way the pipeline does (header, schema, then reference checks), with both
schema validators."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from conftest import dump_yaml, make_manifest
from helixgate.errors import InputErrors
from helixgate.loader import load
from helixgate.manifests import Manifest, validate
from helixgate.references import (
    MAX_OWNERSHIP_DEPTH,
    profile_reference_errors,
    reference_errors,
    valid_lei,
)
from helixgate.schema import (
    MANIFEST_SCHEMA,
    PROFILE_SCHEMA,
    _fast_validator,
    schema_errors,
    validator,
)

# GLEIF's own LEI; the same with its last check digit changed.
LEI = "5493001KJTIIGC8Y1R12"
BAD_LEI = "5493001KJTIIGC8Y1R13"
OTHER_LEI = "529900T8BM49AURSDO55"
CYRILLIC_A = "\u0430"


def _v2() -> dict[str, Any]:
    """A valid manifest with every new field of policy-pack-v2 section 0: a
    sponsor, LEIs, an individual employed by a party and one employed by a
    name, an owner that is a party, cohorts, sequencing data made in Germany
    from the T cells sent there, an open-access data set, a cell line, care
    and federal-award transfers, and the Chinese export records."""
    m = make_manifest("HG-V2-1")
    m["study"]["sponsor"] = {"name": "Example Sponsor, Inc.", "lei": LEI}
    m["consent"]["separate_export_consent"] = True
    m["compliance"]["cn_export"] = {
        "mechanism": "standard_contract",
        "reference": "SCC-2026-3",
        "completed_on": "2026-07-01",
    }
    m["compliance"]["hgr_security_review"] = {"reference": "SR-7", "reviewed_on": "2026-07-02"}
    m["subjects"][0]["cohort"] = "trial-a"
    m["subjects"].append(
        {
            "id": "us-patients-2",
            "nationality": "US",
            "residence": "US",
            "count": 7,
            "cohort": "trial-a",
        }
    )
    m["materials"].append(
        {
            "id": "hek",
            "type": "cell_line",
            "subjects": "us-patients-2",
            "public_since": "1977-01-01",
        }
    )
    m["data"] = [
        {
            "id": "wgs",
            "category": "genomic",
            "subjects": "us-patients",
            "identifiability": "pseudonymized",
            "produced_by": "lab-de",
            "produced_from": "tcells",
            "repository": {"name": "dbGaP", "nih_controlled_access": True},
        },
        {
            "id": "summary",
            "category": "health",
            "subjects": "us-patients",
            "identifiability": "anonymized",
            "open_access": True,
            "repository": {"nih_controlled_access": False},
        },
    ]
    lab = m["parties"][0]
    lab["lei"] = OTHER_LEI
    holding = {
        "id": "holding",
        "name": "Example Holding AG",
        "role": "other",
        "country": "DE",
        "headquarters": "DE",
    }
    lab["owners"][0].update(party="holding", lei=OTHER_LEI)
    m["parties"] += [
        holding,
        {
            "id": "analyst",
            "kind": "individual",
            "name": "Jane Example",
            "role": "analysis_provider",
            "country": "DE",
            "nationality": "FR",
            "residence": "DE",
            "employer": {"party": "lab-de"},
        },
        {
            "id": "consultant",
            "kind": "individual",
            "name": "John Example",
            "role": "other",
            "country": "US",
            "nationality": "US",
            "residence": "US",
            "employer": {"name": "Example Consulting LLC"},
        },
        {
            "id": "lab-us",
            "kind": "organisation",
            "name": "Example Clinic Inc.",
            "role": "other",
            "country": "US",
        },
    ]
    t1 = m["transfers"][0]
    t1["under_federal_award"] = False
    m["transfers"] += [
        # Made at lab-de: without `from` it starts there, and `from: lab-de` says the same.
        dict(t1, id="t2", item="wgs", to="analyst", purpose="analysis"),
        dict(t1, id="t3", item="wgs", to="consultant", purpose="analysis", **{"from": "lab-de"}),
        dict(t1, id="t4", item="wgs", to="lab-us", purpose="storage", **{"from": "consultant"}),
        dict(t1, id="t5", item="hek", to="lab-us", purpose="clinical_care"),
        dict(t1, id="t6", item="summary", to="consultant", under_federal_award=True),
    ]
    return m


def _validated(manifest: dict[str, Any]) -> Manifest:
    (document,) = list(load("m.yaml", dump_yaml(manifest), False))
    return validate(document)


def _errors(manifest: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, pointer, message) of each input error of the manifest."""
    (document,) = list(load("m.yaml", dump_yaml(manifest), False))
    with pytest.raises(InputErrors) as caught:
        validate(document)
    return [(e.kind, e.pointer or "", e.message) for e in caught.value.errors]


def _refused(manifest: dict[str, Any], kind: str) -> list[str]:
    errors = _errors(manifest)
    assert {k for k, _, _ in errors} == {kind}, errors
    return [pointer for _, pointer, _ in errors]


def _changed(change: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    manifest = _v2()
    change(manifest)
    return manifest


fast = _fast_validator(MANIFEST_SCHEMA)


def _both_validators(manifest: dict[str, Any]) -> bool:
    slow = validator().is_valid(manifest)
    if fast is not None:
        assert fast.is_valid(manifest) == slow
    return slow


# --------------------------------------------------------------------------
# Accepted


def test_a_manifest_with_every_new_field_is_valid():
    manifest = _v2()
    assert _both_validators(manifest)
    assert reference_errors(manifest) == []
    assert _validated(manifest).id == "HG-V2-1"


def test_a_v1_manifest_stays_valid():
    for decision in ("allow", "review", "deny"):
        manifest = make_manifest("HG-V1", decision)
        assert _both_validators(manifest)
        assert reference_errors(manifest) == []


@pytest.mark.parametrize("lei", [LEI, OTHER_LEI, "7LTWFZYICNSX8D621K86", "HWUPKR0MPOU8FGXBT394"])
def test_valid_leis_pass_the_check_digits(lei):
    assert valid_lei(lei)


@pytest.mark.parametrize(
    "lei", [BAD_LEI, "5493001KJTIIGC8Y1R21", "5493001KJTIIGC8Y1R1", "5493001kjtiigc8y1r12"]
)
def test_wrong_check_digits_or_forms_fail(lei):
    assert not valid_lei(lei)


def test_the_check_digits_by_hand():
    """5493001 K J T I I G C 8 Y 1 R 1 2 → 5493001 20 19 29 18 18 16 12 8 34 1 27 1 2,
    taken modulo 97 digit by digit: 1. The check digits of the first 18 are
    98 minus (those digits followed by 00) modulo 97: 12."""
    digits = "".join(str(int(char, 36)) for char in LEI)
    assert digits == "54930012019291818161283412712"
    rest = 0
    for digit in digits:
        rest = (rest * 10 + int(digit)) % 97
    assert rest == 1
    base = int("".join(str(int(char, 36)) for char in LEI[:18]) + "00")
    assert 98 - base % 97 == 12


def test_the_default_kind_and_an_explicit_organisation_are_organisations():
    manifest = _v2()
    assert "kind" not in manifest["parties"][0]
    assert manifest["parties"][4]["kind"] == "organisation"
    assert reference_errors(manifest) == []


def test_an_ownership_chain_of_five_links_is_accepted_and_a_cycle_is_no_error():
    manifest = _chain(MAX_OWNERSHIP_DEPTH)
    assert reference_errors(manifest) == []
    # The last owner owns the first: a cycle of six parties, chains of five links.
    manifest["parties"][-1]["owners"] = [
        {"name": "Example Genomics GmbH", "country": "DE", "share": 10, "party": "lab-de"}
    ]
    assert reference_errors(manifest) == []
    manifest["parties"][0]["owners"][0]["party"] = "lab-de"  # a party owning itself
    assert reference_errors(manifest) == []


def test_a_material_transferred_onward_to_the_producer_reaches_it():
    manifest = _v2()
    manifest["parties"].append(dict(manifest["parties"][1], id="hub", name="Example Hub GmbH"))
    t1 = manifest["transfers"][0]
    manifest["transfers"][0] = dict(t1, to="hub")
    manifest["transfers"].append(dict(t1, id="t7", to="lab-de", **{"from": "hub"}))
    assert _both_validators(manifest)
    assert reference_errors(manifest) == []


def test_the_profile_organisation_is_accepted():
    profile = {"organisation": {"name": "Example Pharma, Inc.", "lei": LEI}}
    assert schema_errors(profile, PROFILE_SCHEMA) == []
    assert profile_reference_errors(profile) == []
    assert schema_errors({"organisation": {"name": "Example Pharma"}}, PROFILE_SCHEMA) == []


# --------------------------------------------------------------------------
# Refused by the schema, at the pointer


def _set(*path: Any) -> Callable[[dict[str, Any]], None]:
    *keys, value = path

    def change(manifest: dict[str, Any]) -> None:
        node = manifest
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def _drop(*keys: Any) -> Callable[[dict[str, Any]], None]:
    def change(manifest: dict[str, Any]) -> None:
        node = manifest
        for key in keys[:-1]:
            node = node[key]
        del node[keys[-1]]

    return change


SCHEMA_REFUSALS = [
    pytest.param(_drop("study", "sponsor", "name"), "/study/sponsor", id="sponsor_without_name"),
    pytest.param(_set("study", "sponsor", "x", 1), "/study/sponsor", id="sponsor_unknown_field"),
    pytest.param(_set("study", "sponsor", "lei", "5493001kjtiigc8y1r12"), "/study/sponsor/lei",
                 id="lei_lower_case"),
    pytest.param(_set("parties", 0, "lei", "5493001KJTIIGC8Y1R1"), "/parties/0/lei",
                 id="lei_of_19"),
    pytest.param(_set("parties", 0, "lei", LEI + "\n"), "/parties/0/lei", id="lei_with_newline"),
    pytest.param(_set("parties", 0, "lei", "5493001KJTIIGC8Y1RA2"), "/parties/0/lei",
                 id="lei_letter_in_check_digits"),
    pytest.param(_set("parties", 0, "owners", 0, "lei", "X"), "/parties/0/owners/0/lei",
                 id="owner_lei"),
    pytest.param(_set("parties", 0, "owners", 0, "party", "no id"), "/parties/0/owners/0/party",
                 id="owner_party_not_an_id"),
    pytest.param(_set("parties", 0, "kind", "person"), "/parties/0/kind", id="kind_unknown"),
    pytest.param(_drop("parties", 2, "nationality"), "/parties/2", id="individual_no_nationality"),
    pytest.param(_drop("parties", 2, "residence"), "/parties/2", id="individual_no_residence"),
    pytest.param(_set("parties", 2, "residence", "UK"), "/parties/2/residence",
                 id="residence_not_a_country"),
    pytest.param(_set("parties", 2, "employer", {}), "/parties/2/employer", id="employer_empty"),
    pytest.param(_set("parties", 2, "employer", {"party": "lab-de", "name": "Example"}),
                 "/parties/2/employer", id="employer_party_and_name"),
    pytest.param(_set("parties", 2, "employer", {"id": "lab-de"}), "/parties/2/employer",
                 id="employer_unknown_field"),
    pytest.param(_set("subjects", 0, "cohort", "trial a"), "/subjects/0/cohort",
                 id="cohort_not_an_id"),
    pytest.param(_set("subjects", 0, "cohort", "trial-a\n"), "/subjects/0/cohort",
                 id="cohort_with_newline"),
    pytest.param(_set("data", 0, "produced_by", ""), "/data/0/produced_by", id="produced_by_empty"),
    pytest.param(_set("data", 0, "produced_from", 3), "/data/0/produced_from",
                 id="produced_from_number"),
    pytest.param(_set("data", 1, "open_access", "yes"), "/data/1/open_access",
                 id="open_access_string"),
    pytest.param(_drop("data", 0, "repository", "nih_controlled_access"), "/data/0/repository",
                 id="repository_without_nih_controlled_access"),
    pytest.param(_set("data", 0, "repository", "name", ""), "/data/0/repository/name",
                 id="repository_empty_name"),
    pytest.param(_set("materials", 1, "type", "cell-line"), "/materials/1/type",
                 id="material_type_unknown"),
    pytest.param(_set("materials", 1, "public_since", "2026-02-30"), "/materials/1/public_since",
                 id="public_since_no_real_day"),
    pytest.param(_set("materials", 1, "public_since", "1899-12-31"), "/materials/1/public_since",
                 id="public_since_before_1900"),
    pytest.param(_set("transfers", 0, "purpose", "care"), "/transfers/0/purpose",
                 id="purpose_unknown"),
    pytest.param(_set("transfers", 0, "under_federal_award", "false"),
                 "/transfers/0/under_federal_award", id="under_federal_award_string"),
    pytest.param(_set("consent", "separate_export_consent", "true"),
                 "/consent/separate_export_consent", id="separate_export_consent_string"),
    pytest.param(_set("compliance", "cn_export", "mechanism", "contract"),
                 "/compliance/cn_export/mechanism", id="cn_export_mechanism"),
    pytest.param(_drop("compliance", "cn_export", "reference"), "/compliance/cn_export",
                 id="cn_export_without_reference"),
    pytest.param(_drop("compliance", "cn_export", "completed_on"), "/compliance/cn_export",
                 id="cn_export_without_date"),
    pytest.param(_drop("compliance", "hgr_security_review", "reference"),
                 "/compliance/hgr_security_review", id="security_review_without_reference"),
    pytest.param(_set("compliance", "hgr_security_review", "reviewed_on", "2200-01-01"),
                 "/compliance/hgr_security_review/reviewed_on", id="security_review_after_2199"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "pointer"), SCHEMA_REFUSALS)
def test_a_malformed_new_field_is_a_schema_error_at_its_pointer(change, pointer):
    manifest = _changed(change)
    assert not _both_validators(manifest)
    assert _refused(manifest, "schema") == [pointer]


def test_the_schema_error_says_what_an_individual_lacks():
    (error,) = _errors(_changed(_drop("parties", 2, "nationality")))
    assert "'nationality' is a required property" in error[2]


@pytest.mark.parametrize(
    ("organisation", "pointer"),
    [
        ({"lei": LEI}, "/organisation"),
        ({"name": "Example", "lei": "5493001KJTIIGC8Y1R1"}, "/organisation/lei"),
        ({"name": "Example", "country": "US"}, "/organisation"),
        ({"name": ""}, "/organisation/name"),
    ],
)
def test_a_malformed_profile_organisation_is_a_schema_error(organisation, pointer):
    assert [p for p, _ in schema_errors({"organisation": organisation}, PROFILE_SCHEMA)] == [
        pointer
    ]


# --------------------------------------------------------------------------
# Refused by the reference checks, at the pointer


def _owner_party(party: str) -> Callable[[dict[str, Any]], None]:
    return _set("parties", 0, "owners", 0, "party", party)


REFERENCE_REFUSALS = [
    pytest.param(_set("study", "sponsor", "lei", BAD_LEI), ["/study/sponsor/lei"],
                 id="sponsor_lei_check_digits"),
    pytest.param(_set("parties", 0, "lei", BAD_LEI), ["/parties/0/lei"],
                 id="party_lei_check_digits"),
    pytest.param(_set("parties", 0, "owners", 0, "lei", BAD_LEI), ["/parties/0/owners/0/lei"],
                 id="owner_lei_check_digits"),
    pytest.param(_set("parties", 2, "headquarters", "DE"), ["/parties/2/headquarters"],
                 id="individual_with_headquarters"),
    pytest.param(_set("parties", 2, "incorporated_in", "DE"), ["/parties/2/incorporated_in"],
                 id="individual_with_incorporated_in"),
    pytest.param(_set("parties", 2, "owners", []), ["/parties/2/owners"],
                 id="individual_with_owners"),
    pytest.param(_set("parties", 0, "nationality", "DE"), ["/parties/0/nationality"],
                 id="organisation_with_nationality"),
    pytest.param(_set("parties", 4, "residence", "US"), ["/parties/4/residence"],
                 id="explicit_organisation_with_residence"),
    pytest.param(_set("parties", 1, "employer", {"name": "Example"}), ["/parties/1/employer"],
                 id="organisation_with_employer"),
    pytest.param(_set("parties", 2, "employer", {"party": "lab-xx"}),
                 ["/parties/2/employer/party"], id="employer_party_dangling"),
    pytest.param(_owner_party("lab-xx"), ["/parties/0/owners/0/party"],
                 id="owner_party_dangling"),
    pytest.param(_set("subjects", 1, "nationality", "DE"), ["/subjects/1/nationality"],
                 id="cohort_nationality_differs"),
    pytest.param(_set("subjects", 1, "residence", "CA"), ["/subjects/1/residence"],
                 id="cohort_residence_differs"),
    pytest.param(lambda m: m["subjects"][1].update(nationality="CN", residence="CN"),
                 ["/subjects/1/nationality", "/subjects/1/residence"], id="cohort_both_differ"),
    pytest.param(_set("materials", 0, "public_since", "2001-01-01"),
                 ["/materials/0/public_since"], id="public_since_on_living_cells"),
    # Without lab-de as its producer, lab-de never receives wgs: t3 (from lab-de) and
    # t4 (from consultant, fed by t3) lose their start.
    pytest.param(_set("data", 0, "produced_by", "lab-xx"),
                 ["/data/0/produced_by", "/transfers/2/from", "/transfers/3/from"],
                 id="produced_by_dangling"),
    pytest.param(_drop("data", 0, "produced_by"),
                 ["/transfers/2/from", "/transfers/3/from", "/data/0/produced_from"],
                 id="produced_from_without_produced_by"),
    pytest.param(_set("data", 0, "produced_from", "blood"), ["/data/0/produced_from"],
                 id="produced_from_no_such_material"),
    pytest.param(_set("data", 0, "produced_from", "summary"), ["/data/0/produced_from"],
                 id="produced_from_a_data_item"),
    pytest.param(_set("data", 0, "produced_from", "hek"), ["/data/0/produced_from"],
                 id="produced_from_another_group"),
    pytest.param(_set("transfers", 0, "to", "lab-us"), ["/data/0/produced_from"],
                 id="produced_from_never_reaches_the_producer"),
    pytest.param(_set("data", 0, "open_access", True), ["/data/0/open_access"],
                 id="open_access_in_nih_controlled_access"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "pointers"), REFERENCE_REFUSALS)
def test_a_new_field_that_breaks_a_check_is_a_reference_error_at_its_pointer(change, pointers):
    manifest = _changed(change)
    assert _both_validators(manifest)
    assert _refused(manifest, "reference") == pointers


def test_a_bad_check_digit_names_the_lei_and_the_rule():
    ((_, _, message),) = _errors(_changed(_set("parties", 0, "lei", BAD_LEI)))
    assert BAD_LEI in message
    assert "check digits" in message
    assert "97" in message


def test_the_kind_messages_say_which_kind_the_party_is():
    ((_, _, message),) = _errors(_changed(_set("parties", 2, "headquarters", "DE")))
    assert "'analyst' is an individual" in message
    assert "headquarters" in message
    ((_, _, message),) = _errors(_changed(_set("parties", 0, "employer", {"name": "X"})))
    assert "'lab-de' is an organisation" in message
    assert "kind: individual" in message


def test_the_cohort_message_names_the_first_group():
    ((_, _, message),) = _errors(_changed(_set("subjects", 1, "nationality", "DE")))
    assert "'us-patients'" in message
    assert "'trial-a'" in message
    assert "'US'" in message


def test_an_error_of_the_reference_checks_has_its_line():
    manifest = _changed(_set("study", "sponsor", "lei", BAD_LEI))
    text = dump_yaml(manifest)
    (document,) = list(load("m.yaml", text, False))
    with pytest.raises(InputErrors) as caught:
        validate(document)
    (error,) = caught.value.errors
    assert error.line == text[: text.index(BAD_LEI)].count("\n") + 1


def test_the_profile_organisation_lei_and_name_are_checked():
    profile = {"organisation": {"name": f"Ex{CYRILLIC_A}mple Pharma", "lei": BAD_LEI}}
    assert schema_errors(profile, PROFILE_SCHEMA) == []
    assert [p for p, _ in profile_reference_errors(profile)] == [
        "/organisation/name",
        "/organisation/lei",
    ]
    assert profile_reference_errors({}) == []


# --------------------------------------------------------------------------
# Ownership chains


def _chain(links: int) -> dict[str, Any]:
    """The v2 manifest with lab-de owned by o1, owned by o2, … owned by
    o<links>: a chain of `links` links through owners[].party."""
    manifest = _v2()
    owner = manifest["parties"][1]
    manifest["parties"][0]["owners"][0]["party"] = "o1"
    for number in range(1, links + 1):
        party = dict(copy.deepcopy(owner), id=f"o{number}", name=f"Example Owner {number} AG")
        if number < links:
            party["owners"] = [
                {"name": f"Example Owner {number + 1} AG", "country": "DE", "share": 60,
                 "party": f"o{number + 1}"}
            ]  # fmt: skip
        manifest["parties"].append(party)
    return manifest


def _index(manifest: dict[str, Any], party: str) -> int:
    return next(i for i, p in enumerate(manifest["parties"]) if p["id"] == party)


def test_a_chain_of_six_links_is_an_error_at_the_sixth_owner():
    manifest = _chain(MAX_OWNERSHIP_DEPTH + 1)
    assert _both_validators(manifest)
    errors = _errors(manifest)
    assert [(k, p) for k, p, _ in errors] == [
        ("reference", f"/parties/{_index(manifest, 'o5')}/owners/0")
    ]
    message = errors[0][2]
    assert "'lab-de' → 'o1' → 'o2' → 'o3' → 'o4' → 'o5' → 'o6'" in message
    assert "depth of 5" in message


def test_a_long_chain_is_one_error_not_one_per_party_or_segment():
    manifest = _chain(12)
    assert [p for p, _ in reference_errors(manifest)] == [
        f"/parties/{_index(manifest, 'o5')}/owners/0"
    ]


def test_a_cycle_of_seven_parties_holds_a_chain_of_six_links():
    manifest = _chain(6)
    manifest["parties"][-1]["owners"] = [
        {"name": "Example Genomics GmbH", "country": "DE", "share": 10, "party": "lab-de"}
    ]
    pointers = [p for p, _ in reference_errors(manifest)]
    assert pointers == [f"/parties/{_index(manifest, 'o5')}/owners/0"]


def test_a_chain_that_leaves_a_cycle_is_followed_through_it():
    """lab-de ⇄ o1 (a cycle), then o1 → o2 → … → o5: lab-de → o1 → … → o5 is
    five links; one more owner of o5 makes six."""
    manifest = _chain(5)
    o1 = manifest["parties"][_index(manifest, "o1")]
    o1["owners"].append(
        {"name": "Example Genomics GmbH", "country": "DE", "share": 10, "party": "lab-de"}
    )
    assert reference_errors(manifest) == []
    o5 = manifest["parties"][_index(manifest, "o5")]
    o5["owners"] = [
        {"name": "Example Holding AG", "country": "DE", "share": 60, "party": "holding"}
    ]
    assert [p for p, _ in reference_errors(manifest)] == [
        f"/parties/{_index(manifest, 'o5')}/owners/0"
    ]


def test_many_owners_are_checked_quickly():
    """Ten thousand parties, each owned by the next and by a common holding:
    linear outside cycles (each party's longest chain is kept)."""
    import time

    manifest = _v2()
    base = manifest["parties"][1]
    parties = [
        dict(
            base,
            id=f"p{i}",
            owners=[
                {"name": "Example", "country": "DE", "share": 50, "party": f"p{i + 1}"},
                {"name": "Example Holding AG", "country": "DE", "share": 50, "party": "holding"},
            ],
        )
        for i in range(9_999)
    ]
    manifest["parties"] += [*parties, dict(base, id="p9999")]
    started = time.monotonic()
    errors = reference_errors(manifest)
    assert time.monotonic() - started < 2.0
    assert [p for p, _ in errors] == [f"/parties/{_index(manifest, 'p5')}/owners/0"]


# --------------------------------------------------------------------------
# Data made abroad: transfers start at the producer


def test_a_transfer_of_produced_data_starts_at_the_producer():
    manifest = _v2()
    assert manifest["data"][0]["produced_by"] == "lab-de"
    assert "from" not in manifest["transfers"][1]
    assert manifest["transfers"][2]["from"] == "lab-de"
    assert reference_errors(manifest) == []


def test_without_produced_by_the_onward_transfer_from_the_producer_is_refused():
    manifest = _changed(_drop("data", 0, "produced_by"))
    del manifest["data"][0]["produced_from"]
    pointers = [p for p, _ in reference_errors(manifest)]
    assert pointers == ["/transfers/2/from", "/transfers/3/from"]


def test_a_from_party_that_never_received_produced_data_is_refused():
    manifest = _changed(_set("transfers", 3, "from", "holding"))
    ((pointer, message),) = reference_errors(manifest)
    assert pointer == "/transfers/3/from"
    assert "from its producer 'lab-de'" in message


def test_sending_produced_data_to_its_producer_is_refused():
    without_from = _changed(_set("transfers", 1, "to", "lab-de"))
    ((pointer, message),) = reference_errors(without_from)
    assert pointer == "/transfers/1/to"
    assert "'lab-de'" in message
    assert "produced_by" in message
    explicit = _changed(_set("transfers", 2, "to", "lab-de"))
    # t4 goes on from consultant, which t3 no longer feeds.
    assert [p for p, _ in reference_errors(explicit)] == ["/transfers/2/from", "/transfers/3/from"]


def test_sending_produced_data_back_to_the_producer_closes_a_cycle():
    manifest = _v2()
    t1 = manifest["transfers"][0]
    manifest["transfers"].append(
        dict(t1, id="back", item="wgs", to="lab-de", **{"from": "consultant"})
    )
    ((pointer, message),) = reference_errors(manifest)
    assert pointer == "/transfers/6/from"
    assert "cycle" in message


# --------------------------------------------------------------------------
# Names (policy-pack-v2, "Matching names")


def test_the_new_names_are_checked_for_look_alike_letters():
    manifest = _v2()
    manifest["study"]["sponsor"]["name"] = f"Ex{CYRILLIC_A}mple Sponsor"
    manifest["parties"][3]["employer"]["name"] = f"Ex{CYRILLIC_A}mple Consulting"
    manifest["parties"][0]["owners"][0]["name"] = f"Ex{CYRILLIC_A}mple Holding"
    assert _both_validators(manifest)
    assert _refused(manifest, "reference") == [
        "/study/sponsor/name",
        "/parties/0/owners/0/name",
        "/parties/3/employer/name",
    ]


def test_the_new_names_get_their_keys_for_opa():
    keyed = _validated(_v2()).engine_data
    assert keyed["study"]["sponsor"]["name_key"] == "examplesponsorinc"
    assert keyed["parties"][3]["employer"]["name_key"] == "exampleconsultingllc"
    assert keyed["parties"][2]["employer"] == {"party": "lab-de"}
    assert keyed["parties"][0]["owners"][0]["name_key"] == "exampleholdingag"
