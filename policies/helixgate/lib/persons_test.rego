# Tests of lib/persons.rego, each notion at its edges: the United States and
# its territories, American subjects, U.S. person, ties of concern and their
# reasons, covered party (organisations, individuals, indirect ownership),
# party of concern and undetermined party. Built on the shared fixtures.
package helixgate.lib_test

import data.helixgate.lib
import data.helixgate.test.fixtures

# --- Fixtures of these tests --------------------------------------------------

# A German laboratory with no ties of concern: the base every party test varies.
org := {
	"id": "org-de",
	"name": "Example Genomics GmbH",
	"role": "sequencing_lab",
	"country": "DE",
	"headquarters": "DE",
	"owners": [{"name": "Example Holding AG", "country": "DE", "share": 100}],
}

org_owned(owners) := object.union(org, {"owners": owners})

# An entities list of one name, for the tests that need their own.
gene_co := [{"name": "Example Gene Co.", "source": "test"}]

# An individual: where the person is, their nationality and primary residence.
person(country, nationality, residence) := {
	"id": "dr-x",
	"kind": "individual",
	"name": "Dr. Example X",
	"role": "analysis_provider",
	"country": country,
	"nationality": nationality,
	"residence": residence,
}

employed(p, employer) := object.union(p, {"employer": employer})

# The base manifest with these parties added (no transfer needs them).
among(parties) := object.union(fixtures.base, {"parties": array.concat(fixtures.base.parties, parties)})

# A holding company in Singapore owned from China: a covered party.
holding := {
	"id": "hold-sg",
	"name": "Example Holdings Pte. Ltd.",
	"lei": "5493001KJTIIGC8Y1R12",
	"role": "other",
	"country": "SG",
	"headquarters": "SG",
	"owners": [{"name": "Beijing Example Group", "country": "CN", "share": 100}],
}

# A Singapore lab whose one listed owner (`share`%) is `owner`; the rest
# owned by its founders in Singapore.
lab_owned_by(owner, share) := {
	"id": "lab-x",
	"name": "Lion City Example Genomics Pte. Ltd.",
	"role": "sequencing_lab",
	"country": "SG",
	"headquarters": "SG",
	"owners": [
		object.union({"country": "SG", "share": share}, owner),
		{"name": "Founders Pte. Ltd.", "country": "SG", "share": 100 - share},
	],
}

covered_among(parties) := covered if {
	covered := lib.covered with input as fixtures.run(among(parties))
}

reasons_among(parties, id) := reasons if {
	reasons := lib.reasons_of[id] with input as fixtures.run(among(parties))
}

# The base's covered parties: the Chinese, Hong Kong and Russian labs.
base_covered := {"lab-cn", "lab-hk", "lab-ru"}

# --- The United States --------------------------------------------------------

test_the_united_states_are_the_states_and_the_territories if {
	every code in ["US", "PR", "GU", "VI", "AS", "MP", "UM"] {
		lib.in_united_states(code)
	}
	every code in ["CA", "MX", "PH", "GB", "", "USA", "us"] {
		not lib.in_united_states(code)
	}
}

test_american_subjects_include_territories if {
	every g in [
		{"nationality": "US", "residence": "US"},
		{"nationality": "PR", "residence": "PR"},
		{"nationality": "CN", "residence": "GU"},
		{"nationality": "VI", "residence": "CN"},
		{"nationality": "US", "residence": "CN"},
		{"nationality": "CN", "residence": "US"},
	] {
		lib._american_group(g)
	}
	not lib._american_group({"nationality": "CN", "residence": "CN"})
	not lib._american_group({"nationality": "PH", "residence": "PH"})
}

test_a_puerto_rico_cohorts_items_are_american if {
	m := object.union(fixtures.base, {"subjects": [{"id": "us", "nationality": "PR", "residence": "PR", "count": 500}]})
	lib.american(lib.items.wgs) with input as fixtures.run(m)
	not lib.american(lib.items["de-wgs"]) with input as fixtures.run(fixtures.base)
}

test_an_organisation_of_a_territory_is_a_us_person_and_in_the_united_states if {
	every code in ["PR", "GU"] {
		p := {"id": "lab-pr", "name": "Example Labs LLC", "country": code}
		lib.us_person(p)
		lib.located_in_united_states(p)
		not lib.undetermined(p)
	}
	lib.us_person(object.union(org, {"incorporated_in": "PR"})) # a Puerto Rico company's German branch
	not lib.located_in_united_states(org)
}

test_a_chinese_companys_branch_in_guam_is_covered_but_not_of_concern_for_fda if {
	p := {"id": "lab-gu", "name": "Example Branch", "country": "GU", "incorporated_in": "CN", "headquarters": "CN"}
	not lib.us_person(p)
	lib._covered_party(p)
	not lib._party_of_concern(p)
}

# --- Organisations (as in version 1) -------------------------------------------

test_a_german_lab_owned_from_germany_has_no_ties if {
	lib._tie_reasons(org) == []
	not lib._ties_of_concern(org)
	not lib._covered_party(org)
	not lib._party_of_concern(org)
	not lib.undetermined(org)
}

test_fifty_percent_owned_from_china_is_a_tie_and_a_covered_party_of_concern if {
	p := org_owned([
		{"name": "Example Bio Group", "country": "CN", "share": 50},
		{"name": "Example Holding AG", "country": "DE", "share": 50},
	])
	lib._tie_reasons(p) == ["owned 50% from countries of concern"]
	lib._covered_party(p)
	lib._party_of_concern(p)
}

test_forty_nine_point_nine_percent_owned_from_china_is_no_tie if {
	p := org_owned([
		{"name": "Example Bio Group", "country": "CN", "share": 49.9},
		{"name": "Example Holding AG", "country": "DE", "share": 50.1},
	])
	lib._share_of_concern(p) == 49.9
	lib._tie_reasons(p) == []
	not lib._covered_party(p)
	not lib._party_of_concern(p)
}

test_thirty_percent_mainland_and_twenty_five_percent_hong_kong_add_up_to_fifty_five if {
	p := org_owned([
		{"name": "Example Bio Group", "country": "CN", "share": 30},
		{"name": "Example Capital Ltd", "country": "HK", "share": 25},
		{"name": "Example Holding AG", "country": "DE", "share": 45},
	])
	lib._share_of_concern(p) == 55
	lib._tie_reasons(p) == ["owned 55% from countries of concern"]
	lib._covered_party(p)
}

test_macau_and_russia_owners_count_as_countries_of_concern if {
	p := org_owned([
		{"name": "Example Macau Ltd", "country": "MO", "share": 25},
		{"name": "Example Russia OOO", "country": "RU", "share": 25},
		{"name": "Example Holding AG", "country": "DE", "share": 50},
	])
	lib._tie_reasons(p) == ["owned 50% from countries of concern"]
}

test_an_owner_named_on_the_entities_list_counts_as_from_a_country_of_concern if {
	p := org_owned([
		{"name": "  example   GENE co. ", "country": "DE", "share": 50},
		{"name": "Example Holding AG", "country": "DE", "share": 50},
	])
	lib._tie_reasons(p) == ["owned 50% from countries of concern"] with data.helixgate.lists.entities_of_concern.entities as gene_co
	lib._covered_party(p) with data.helixgate.lists.entities_of_concern.entities as gene_co
}

test_an_owner_not_on_the_entities_list_does_not_count if {
	p := org_owned([
		{"name": "Example Gene Co.", "country": "DE", "share": 50},
		{"name": "Example Holding AG", "country": "DE", "share": 50},
	])
	lib._tie_reasons(p) == []
	lib._tie_reasons(p) == [] with data.helixgate.lists.entities_of_concern.entities as [{"name": "Other Gene Co.", "source": "test"}]
}

test_a_named_owner_and_a_chinese_owner_add_up if {
	p := org_owned([
		{"name": "Example Gene Co.", "country": "DE", "share": 20},
		{"name": "Example Bio Group", "country": "CN", "share": 30},
		{"name": "Example Holding AG", "country": "DE", "share": 50},
	])
	lib._tie_reasons(p) == ["owned 50% from countries of concern"] with data.helixgate.lists.entities_of_concern.entities as gene_co
	lib._tie_reasons(p) == [] # without the list: 30% only
}

test_the_ownership_threshold_is_policy_data if {
	p := org_owned([
		{"name": "Example Bio Group", "country": "CN", "share": 50},
		{"name": "Example Holding AG", "country": "DE", "share": 50},
	])
	not lib._covered_party(p) with data.helixgate.lists.definitions.ownership_threshold_percent as 51
}

test_a_party_whose_own_name_is_listed_is_covered_even_when_incorporated_in_the_us if {
	p := {
		"id": "lab-us",
		"name": " EXAMPLE gene  Co. ",
		"role": "sequencing_lab",
		"country": "US",
		"headquarters": "US",
		"incorporated_in": "US",
	}
	lib.us_person(p)
	lib._tie_reasons(p) == ["named entity of concern"] with data.helixgate.lists.entities_of_concern.entities as gene_co
	lib._covered_party(p) with data.helixgate.lists.entities_of_concern.entities as gene_co
	not lib._covered_party(p)

	# in the United States: covered for the DOJ, never an FDA party of concern
	not lib._party_of_concern(p) with data.helixgate.lists.entities_of_concern.entities as gene_co
}

test_a_listed_party_outside_the_us_is_a_party_of_concern if {
	p := object.union(org, {"name": "Example Gene Co."})
	lib._party_of_concern(p) with data.helixgate.lists.entities_of_concern.entities as gene_co
	not lib._party_of_concern(p)
}

test_reasons_are_all_that_apply_in_the_contract_order if {
	p := {
		"id": "lab-cn",
		"name": "Example Gene Co.",
		"role": "sequencing_lab",
		"country": "CN",
		"headquarters": "CN",
		"incorporated_in": "CN",
		"owners": [
			{"name": "Example Bio Group", "country": "CN", "share": 30},
			{"name": "Example Capital Ltd", "country": "HK", "share": 25},
			{"name": "Example Holding AG", "country": "DE", "share": 45},
		],
	}
	lib._tie_reasons(p) == [
		"country CN",
		"headquarters CN",
		"incorporated in CN",
		"owned 55% from countries of concern",
		"named entity of concern",
	] with data.helixgate.lists.entities_of_concern.entities as gene_co
}

test_hong_kong_and_macau_count_as_china if {
	hk := object.union(org, {"country": "HK", "headquarters": "HK"})
	mo := object.union(org, {"country": "MO", "incorporated_in": "MO"})
	lib._tie_reasons(hk) == ["country HK", "headquarters HK"]
	lib._tie_reasons(mo) == ["country MO", "incorporated in MO"]
	lib.located_in_country_of_concern(hk)
	lib.located_in_country_of_concern(mo)
	lib._party_of_concern(hk)
	lib._party_of_concern(mo)
}

test_a_lab_headquartered_in_china_is_covered_but_not_located_there if {
	p := object.union(org, {"headquarters": "CN"})
	lib._tie_reasons(p) == ["headquarters CN"]
	lib._covered_party(p)
	lib._party_of_concern(p)
	not lib.located_in_country_of_concern(p)
}

# 28 CFR 202.256: which organisation is a U.S. person.

test_a_us_company_is_a_us_person_by_its_country_when_incorporated_in_is_absent if {
	lib.us_person({"id": "x", "name": "X Inc.", "country": "US"})
	not lib.us_person(org)
}

test_a_us_subsidiary_of_a_chinese_company_is_neither_covered_nor_of_concern if {
	p := {"id": "lab-us", "name": "Example US Inc.", "country": "US", "incorporated_in": "US", "headquarters": "CN"}
	lib.us_person(p)
	lib._tie_reasons(p) == ["headquarters CN"]
	lib._ties_of_concern(p)
	not lib._covered_party(p)
	not lib._party_of_concern(p)
}

test_a_us_branch_of_a_chinese_company_is_covered_but_not_of_concern_for_fda if {
	p := {"id": "lab-us", "name": "Example Branch", "country": "US", "incorporated_in": "CN", "headquarters": "CN"}
	not lib.us_person(p)
	lib._covered_party(p)
	not lib._party_of_concern(p)
	not lib.located_in_country_of_concern(p)
}

test_a_us_company_branch_in_china_is_of_concern_for_fda_but_not_covered if {
	p := {"id": "lab-cn", "name": "Example US Inc. Shanghai Branch", "country": "CN", "incorporated_in": "US", "headquarters": "US"}
	lib.us_person(p)
	lib._tie_reasons(p) == ["country CN"]
	not lib._covered_party(p)
	lib._party_of_concern(p)
	lib.located_in_country_of_concern(p)
}

# --- Individuals ----------------------------------------------------------------

test_a_foreign_individual_resident_in_china_is_covered_wherever_located if {
	# scenario V09: a Chinese citizen in Germany, primarily resident in China
	p := person("DE", "CN", "CN")
	not lib.us_person(p)
	lib._tie_reasons(p) == ["residence CN"]
	lib._covered_party(p)
	lib._party_of_concern(p)
	not lib.located_in_country_of_concern(p)
	not lib.undetermined(p)
}

test_a_chinese_citizen_in_the_united_states_is_a_us_person if {
	# scenario V10, 202.211 example 2
	p := person("US", "CN", "US")
	lib.us_person(p)
	lib._tie_reasons(p) == []
	not lib._covered_party(p)
	not lib._party_of_concern(p)

	# in a territory too
	lib.us_person(person("PR", "CN", "PR"))
}

test_an_individual_in_the_united_states_resident_in_china_is_a_us_person if {
	p := person("US", "CN", "CN")
	lib.us_person(p)
	lib._tie_reasons(p) == ["residence CN"]
	not lib._covered_party(p)
	not lib._party_of_concern(p)
}

test_a_us_citizen_in_china_is_no_covered_person_but_of_concern_by_location if {
	p := person("CN", "US", "CN")
	lib.us_person(p)
	lib._tie_reasons(p) == ["country CN", "residence CN"]
	not lib._covered_party(p)
	lib._party_of_concern(p)
	lib.located_in_country_of_concern(p)

	# a U.S. national of a territory likewise
	not lib._covered_party(person("CN", "GU", "CN"))
}

test_nationality_alone_is_never_a_tie if {
	every code in ["CN", "RU", "IR"] {
		p := person("DE", code, "DE")
		not lib.us_person(p)
		lib._tie_reasons(p) == []
		not lib._covered_party(p)
		not lib._party_of_concern(p)
	}
}

test_an_individual_merely_located_in_china_is_tied_and_of_concern_but_not_covered if {
	p := person("CN", "DE", "DE")
	lib._tie_reasons(p) == ["country CN"]
	not lib._covered_party(p)
	lib._party_of_concern(p)
}

test_residence_in_hong_kong_or_russia_covers_too if {
	every code in ["HK", "MO", "RU"] {
		p := person("DE", "DE", code)
		lib._tie_reasons(p) == [sprintf("residence %s", [code])]
		lib._covered_party(p)
	}
}

test_an_employee_of_a_named_entity_is_covered if {
	p := employed(person("DE", "DE", "DE"), {"name": "WuXi AppTec"})
	lib._tie_reasons(p) == ["employee of WuXi AppTec"]
	lib._covered_party(p)
	lib._party_of_concern(p)

	# matched as a matching name, or by the wrapper's key
	lib._covered_party(employed(person("DE", "DE", "DE"), {"name": "WUXI-APPTEC"}))
	lib._covered_party(employed(person("DE", "DE", "DE"), {"name": "Ｗｕｘｉ", "name_key": "wuxiapptec"}))
}

test_an_employee_of_an_unlisted_company_is_not_covered if {
	p := employed(person("DE", "DE", "DE"), {"name": "Example Holding AG"})
	lib._tie_reasons(p) == []
	not lib._covered_party(p)
}

test_a_us_national_employed_by_a_named_entity_is_tied_but_not_covered if {
	p := employed(person("DE", "US", "DE"), {"name": "WuXi AppTec"})
	lib._tie_reasons(p) == ["employee of WuXi AppTec"]
	not lib._covered_party(p)
}

test_an_employee_of_a_covered_party_of_the_manifest_is_covered if {
	by_id := employed(person("DE", "DE", "DE"), {"party": "lab-cn"})
	by_name := employed(person("DE", "DE", "DE"), {"name": "Example Analysis Co"})
	covered_among([by_id]) == base_covered | {"dr-x"}
	reasons_among([by_id], "dr-x") == ["employee of lab-cn"]
	covered_among([by_name]) == base_covered | {"dr-x"}
	reasons_among([by_name], "dr-x") == ["employee of Example Analysis Co"]
}

test_an_employee_of_a_party_with_ties_that_is_not_covered_is_not_covered if {
	# lab-sub: a U.S. subsidiary of a Chinese company, tied but not covered
	p := employed(person("DE", "DE", "DE"), {"party": "lab-sub"})
	covered_among([p]) == base_covered
	reasons_among([p], "dr-x") == []
}

test_an_employee_of_a_party_covered_through_its_owner_is_covered if {
	p := employed(person("DE", "DE", "DE"), {"party": "lab-x"})
	covered_among([holding, lab_owned_by({"name": "Example Holdings", "party": "hold-sg"}, 60), p]) == base_covered | {"hold-sg", "lab-x", "dr-x"}
}

test_a_listed_individual_is_covered_even_as_a_us_person if {
	p := object.union(person("US", "US", "US"), {"name": "Example Gene Co."})
	lib._tie_reasons(p) == ["named entity of concern"] with data.helixgate.lists.entities_of_concern.entities as gene_co
	lib._covered_party(p) with data.helixgate.lists.entities_of_concern.entities as gene_co
	not lib._party_of_concern(p) with data.helixgate.lists.entities_of_concern.entities as gene_co
}

test_an_individuals_reasons_are_all_that_apply_in_the_contract_order if {
	p := employed(object.union(person("CN", "CN", "CN"), {"name": "Example Gene Co."}), {"name": "WuXi AppTec"})
	lib._tie_reasons(p) == [
		"country CN",
		"residence CN",
		"employee of WuXi AppTec",
		"named entity of concern",
	] with data.helixgate.lists.entities_of_concern.entities as array.concat(gene_co, [{"name": "WuXi AppTec", "source": "test"}])
}

test_an_individual_is_never_undetermined if {
	every p in [person("SG", "SG", "SG"), person("DE", "CN", "DE"), person("GB", "GB", "GB")] {
		not lib.undetermined(p)
	}
}

# --- Indirect ownership (202.211(a)(2)) -----------------------------------------

test_an_owner_that_is_a_covered_party_by_id_counts if {
	# scenario V11
	lab := lab_owned_by({"name": "Example Holdings Pte. Ltd.", "party": "hold-sg"}, 60)
	covered_among([holding, lab]) == base_covered | {"hold-sg", "lab-x"}
	reasons_among([holding, lab], "lab-x") == ["owned 60% from countries of concern"]
	lib.of_concern == {"lab-cn", "lab-hk", "lab-ru", "hold-sg", "lab-x"} with input as fixtures.run(among([holding, lab]))
}

test_an_owner_that_is_a_covered_party_by_lei_or_by_matching_name_counts if {
	every owner in [
		{"name": "Other Name Pte", "lei": holding.lei},
		{"name": "EXAMPLE HOLDINGS PTE LTD"},
		{"name": "Example Holdings (SG)", "name_key": "exampleholdingspteltd"},
	] {
		covered_among([holding, lab_owned_by(owner, 50)]) == base_covered | {"hold-sg", "lab-x"}
	}
}

test_an_owner_that_matches_no_covered_party_does_not_count if {
	every owner in [
		{"name": "Other Name Pte", "lei": "5493001KJTIIGC8Y1R20"},
		{"name": "Example Holdings Two Pte Ltd"},
		{"name": "Example Genomics GmbH", "party": "lab-de"}, # a party, not covered
	] {
		covered_among([holding, lab_owned_by(owner, 60)]) == base_covered | {"hold-sg"}
	}
}

test_forty_nine_percent_through_a_covered_holding_is_not_enough if {
	lab := lab_owned_by({"name": "Example Holdings Pte. Ltd.", "party": "hold-sg"}, 49)
	covered_among([holding, lab]) == base_covered | {"hold-sg"}
	reasons_among([holding, lab], "lab-x") == []
}

test_a_covered_holding_and_a_chinese_owner_add_up if {
	lab := object.union(lab_owned_by({"name": "Example Holdings Pte. Ltd.", "party": "hold-sg"}, 20), {"owners": [
		{"name": "Example Holdings Pte. Ltd.", "party": "hold-sg", "country": "SG", "share": 20},
		{"name": "Beijing Example Group", "country": "CN", "share": 30},
		{"name": "Founders Pte. Ltd.", "country": "SG", "share": 50},
	]})
	reasons_among([holding, lab], "lab-x") == ["owned 50% from countries of concern"]
}

test_an_owner_with_ties_that_is_not_covered_does_not_count if {
	# lab-sub, a U.S. subsidiary of a Chinese company, is a U.S. person
	lab := lab_owned_by({"name": "Example US Inc.", "party": "lab-sub"}, 100)
	covered_among([lab]) == base_covered
}

test_an_individual_owner_resident_in_china_counts if {
	lab := lab_owned_by({"name": "Dr. Example X", "party": "dr-x"}, 50)
	covered_among([person("DE", "DE", "CN"), lab]) == base_covered | {"dr-x", "lab-x"}
	covered_among([person("DE", "DE", "DE"), lab]) == base_covered
}

# A chain of n links: party link-0 owned by link-1 ... owned by link-n, the
# last owned from China.
chain(n) := [object.union(lab_owned_by({"name": sprintf("Link %d", [i + 1]), "party": sprintf("link-%d", [i + 1])}, 100), {
	"id": sprintf("link-%d", [i]),
	"name": sprintf("Link %d", [i]),
	"owners": owners,
}) |
	some i in numbers.range(0, n)
	owners := _chain_owners(i, n)
]

_chain_owners(i, n) := [{"name": "Beijing Example Group", "country": "CN", "share": 100}] if i == n

else := [{"name": sprintf("Link %d", [i + 1]), "party": sprintf("link-%d", [i + 1]), "country": "SG", "share": 100}]

test_a_chain_of_five_links_is_followed_to_its_end if {
	covered_among(chain(5)) == base_covered | {sprintf("link-%d", [i]) | some i in numbers.range(0, 5)}
	reasons_among(chain(5), "link-0") == ["owned 100% from countries of concern"]
}

test_a_chain_is_not_followed_past_five_links if {
	# the wrapper refuses such a chain; the pack stops at the depth it follows
	covered_among(chain(6)) == base_covered | {sprintf("link-%d", [i]) | some i in numbers.range(1, 6)}
}

test_a_cycle_of_owners_never_makes_a_party_covered_on_its_own if {
	a := object.union(lab_owned_by({"name": "B", "party": "lab-b"}, 60), {"id": "lab-a", "name": "A"})
	b := object.union(lab_owned_by({"name": "A", "party": "lab-a"}, 60), {"id": "lab-b", "name": "B"})
	covered_among([a, b]) == base_covered

	# one that owns itself
	c := object.union(lab_owned_by({"name": "C", "party": "lab-c"}, 100), {"id": "lab-c", "name": "C"})
	covered_among([c]) == base_covered

	# 40% from China and 60% from the other end of the cycle: still neither
	b40 := object.union(b, {"owners": [
		{"name": "A", "party": "lab-a", "country": "SG", "share": 60},
		{"name": "Beijing Example Group", "country": "CN", "share": 40},
	]})
	covered_among([a, b40]) == base_covered
}

test_a_cycle_with_a_covered_owner_is_covered_through_it if {
	a := object.union(lab_owned_by({"name": "B", "party": "lab-b"}, 60), {"id": "lab-a", "name": "A"})
	b := object.union(b_owned, {"id": "lab-b", "name": "B"})
	covered_among([holding, a, b]) == base_covered | {"hold-sg", "lab-a", "lab-b"}
}

b_owned := {
	"role": "other",
	"country": "SG",
	"headquarters": "SG",
	"owners": [
		{"name": "A", "party": "lab-a", "country": "SG", "share": 40},
		{"name": "Example Holdings Pte. Ltd.", "party": "hold-sg", "country": "SG", "share": 60},
	],
}

# --- Undetermined -------------------------------------------------------------------

unknown_lab := {"id": "lab-sg", "name": "Example Labs Pte", "country": "SG"}

unknown_owned(owners) := object.union(unknown_lab, {"owners": owners})

sg_owner(share) := {"name": "Example Holding", "country": "SG", "share": share}

cn_owner(share) := {"name": "Example Bio Group", "country": "CN", "share": share}

test_a_foreign_party_without_headquarters_and_owners_is_undetermined if {
	lib.undetermined(unknown_lab)
	lib.undetermined(unknown_owned([]))
	lib.undisclosed_share(unknown_lab) == 100
}

test_one_small_owner_leaves_a_party_undetermined if {
	# version 1 took any owner as enough
	lib.undetermined(unknown_owned([sg_owner(1)]))
	lib.undisclosed_share(unknown_owned([sg_owner(1)])) == 99
}

test_undisclosed_ownership_of_fifty_percent_still_reaches_the_test if {
	lib.undetermined(unknown_owned([sg_owner(50)]))
	not lib.undetermined(unknown_owned([sg_owner(50.1)]))
	not lib.undetermined(unknown_owned([sg_owner(100)]))
}

test_owners_of_concern_add_to_the_undisclosed_share if {
	lib.undetermined(unknown_owned([cn_owner(30), sg_owner(50)])) # 30 + 20
	not lib.undetermined(unknown_owned([cn_owner(30), sg_owner(50.1)])) # 30 + 19.9
	lib.undetermined(unknown_owned([cn_owner(40), sg_owner(20)]))
}

test_the_undetermined_threshold_is_policy_data if {
	not lib.undetermined(unknown_owned([sg_owner(50)])) with data.helixgate.lists.definitions.ownership_threshold_percent as 60
}

test_a_party_with_headquarters_or_ties_or_us_law_is_not_undetermined if {
	not lib.undetermined(object.union(unknown_lab, {"headquarters": "SG"}))
	not lib.undetermined(unknown_owned([cn_owner(50)])) # owned from China: determined, covered
	not lib.undetermined(object.union(unknown_lab, {"country": "CN"}))
	not lib.undetermined(object.union(unknown_lab, {"incorporated_in": "US"}))
	not lib.undetermined(object.union(unknown_lab, {"incorporated_in": "PR"}))
	not lib.undetermined(object.union(unknown_lab, {"country": "US"}))
	not lib.undetermined(object.union(unknown_lab, {"name": "WuXi AppTec"}))
}

test_a_party_owned_through_a_covered_holding_is_not_undetermined if {
	p := object.union(unknown_lab, {"owners": [{"name": "Example Holdings Pte. Ltd.", "party": "hold-sg", "country": "SG", "share": 50}]})
	not lib.undetermined(p) with input as fixtures.run(among([holding, p]))
	lib.undetermined(p) # without the manifest, its owner is nobody known
}

test_an_employee_of_a_listed_party_of_the_manifest_is_covered if {
	wuxi := {"id": "wuxi", "name": "WuXi AppTec", "role": "cro", "country": "SG", "headquarters": "SG"}
	p := employed(person("DE", "DE", "DE"), {"party": "wuxi"})
	covered_among([wuxi, p]) == base_covered | {"wuxi", "dr-x"}
	reasons_among([wuxi, p], "dr-x") == ["employee of wuxi"]
}
