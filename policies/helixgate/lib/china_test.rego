# Tests of lib/china.rego: mainland China, foreign parties (HGR), Chinese
# personal information, its sensitive part, and exports, at their edges.
package helixgate.lib_test

import data.helixgate.lib
import data.helixgate.test.fixtures

# --- Mainland China ---------------------------------------------------------

test_mainland_china_is_cn_alone if {
	lib.mainland_china("CN")
	every code in ["HK", "MO", "TW", "SG", "US", ""] {
		not lib.mainland_china(code)
	}
}

# --- Foreign parties --------------------------------------------------------

# An organisation in mainland China, headquartered there, with these owners.
cn_org(owners) := object.union(fixtures.lab("org", "Example Org Co.", "CN"), {"owners": owners})

# cn_owner(share) and person(country, nationality, residence): persons_test.rego.
individual_at(country, nationality) := person(country, nationality, country)

test_a_party_outside_mainland_china_is_foreign if {
	lib.foreign_party_reasons(object.remove(fixtures.lab("de", "Example GmbH", "DE"), ["headquarters"])) == ["country DE"]
	lib.foreign_party_reasons(fixtures.lab("hk", "Example HK Ltd", "HK")) == ["country HK", "headquarters HK"]
	lib.foreign_party_reasons(object.union(fixtures.lab("mo", "Example MO Ltd", "MO"), {"headquarters": "CN"})) == ["country MO"]
	lib.foreign_party(fixtures.lab("tw", "Example TW Ltd", "TW"))
}

test_an_organisation_in_mainland_china_is_not_foreign if {
	not lib.foreign_party(fixtures.lab("cn", "Example Co.", "CN"))
	lib.foreign_party_reasons(fixtures.lab("cn", "Example Co.", "CN")) == []
	not lib.foreign_party(cn_org([cn_owner(100)]))
}

test_an_organisation_in_mainland_china_headquartered_in_hong_kong_is_foreign if {
	m := object.union(cn_org([]), {"headquarters": "HK"})
	lib.foreign_party_reasons(m) == ["headquarters HK"]
}

test_an_organisation_in_mainland_china_without_headquarters_is_judged_by_its_owners if {
	not lib.foreign_party(object.remove(cn_org([cn_owner(100)]), ["headquarters"]))
	lib.foreign_party(object.remove(cn_org([{"name": "X", "country": "US", "share": 100}]), ["headquarters"]))
}

test_owners_outside_mainland_china_holding_50_percent_make_a_foreign_party if {
	owners := [{"name": "Example US Inc.", "country": "US", "share": 30}, {"name": "Example HK Ltd", "country": "HK", "share": 20}, cn_owner(50)]
	lib.foreign_party_reasons(cn_org(owners)) == ["owned 50% from outside mainland China"]
}

test_owners_outside_mainland_china_holding_49_9_percent_do_not if {
	owners := [{"name": "Example HK Ltd", "country": "HK", "share": 49.9}, cn_owner(50.1)]
	not lib.foreign_party(cn_org(owners))
}

test_all_reasons_are_given_in_order if {
	m := object.union(fixtures.lab("hk", "Example HK Ltd", "HK"), {"owners": [{"name": "X", "country": "TW", "share": 100}]})
	lib.foreign_party_reasons(m) == ["country HK", "headquarters HK", "owned 100% from outside mainland China"]
}

test_an_individual_is_foreign_by_country_or_nationality if {
	lib.foreign_party_reasons(individual_at("CN", "US")) == ["nationality US"]
	lib.foreign_party_reasons(individual_at("HK", "CN")) == ["country HK"]
	lib.foreign_party_reasons(individual_at("DE", "DE")) == ["country DE", "nationality DE"]
	not lib.foreign_party(individual_at("CN", "CN"))
}

test_missing_facts_count_against_the_party if {
	lib.foreign_party(object.remove(individual_at("CN", "CN"), ["nationality"]))
	lib.foreign_party(object.remove(fixtures.lab("cn", "Example Co.", "CN"), ["country"]))
}

# --- Chinese personal information, sensitive, export ------------------------

# A study in mainland China: each category once, one item anonymised, blood,
# and a group of Germans (Chinese too: the study originates in China).
china := object.union(fixtures.base, {
	"study": {"origin_country": "CN"},
	"subjects": [{"id": "cn", "nationality": "CN", "residence": "CN", "count": 300}],
	"materials": [{"id": "blood", "type": "blood", "subjects": "cn"}],
	"data": array.concat(
		[{"id": c, "category": c, "subjects": "cn", "identifiability": "pseudonymized"} | some c in ["genomic", "epigenomic", "proteomic", "transcriptomic", "health", "biometric", "other"]],
		[{"id": "anon", "category": "genomic", "subjects": "cn", "identifiability": "anonymized"}],
	),
})

test_chinese_personal_information_is_data_of_chinese_subjects_not_anonymised if {
	pi := {id | some id, item in lib.items; lib.chinese_personal_information(item)} with input as fixtures.run(china)
	pi == {"genomic", "epigenomic", "proteomic", "transcriptomic", "health", "biometric", "other"}
}

test_data_of_subjects_outside_mainland_china_is_not_chinese_personal_information if {
	pi := {id | some id, item in lib.items; lib.chinese_personal_information(item)} with input as fixtures.run(fixtures.base)
	pi == set()
}

test_sensitive_categories_are_the_pipl_article_28_ones if {
	sensitive := {id | some id, item in lib.items; lib.sensitive(item)} with input as fixtures.run(china)
	sensitive == {"genomic", "epigenomic", "proteomic", "transcriptomic", "health", "biometric", "anon"}
}

exports := {t.id | some t in lib.transfers; lib.export(t)}

test_an_export_goes_from_mainland_china_to_a_party_outside_it if {
	m := fixtures.with_transfers(china, [
		fixtures.transfer("t1", "genomic", "lab-de"),
		fixtures.transfer("t2", "health", "lab-hk"),
		fixtures.transfer("t3", "genomic", "lab-cn"),
		fixtures.onward("t4", "genomic", "lab-cn", "lab-sg"),
		fixtures.onward("t5", "genomic", "lab-de", "lab-us"),
		fixtures.transfer("t6", "anon", "lab-de"),
		fixtures.transfer("t7", "blood", "lab-de"),
	])
	exports == {"t1", "t2", "t4"} with input as fixtures.run(m)
}

test_chinese_residents_data_from_an_origin_outside_mainland_china_is_no_export if {
	m := fixtures.with_transfers(object.union(china, {"study": {"origin_country": "SG"}}), [fixtures.transfer("t1", "genomic", "lab-de")])
	exports == set() with input as fixtures.run(m)
}

test_a_foreign_party_in_mainland_china_receives_no_export if {
	hq := object.union(fixtures.lab("lab-x", "Example X Co.", "CN"), {"headquarters": "US"})
	m := fixtures.with_party(china, hq, [fixtures.transfer("t1", "genomic", "lab-x")])
	exports == set() with input as fixtures.run(m)
}
