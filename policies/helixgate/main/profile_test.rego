# Tests of organisation profiles (package helixgate.main_test, with main_test.rego).
#
# An organisation profile in `input.context.profile`: it may raise the level
# of any rule, lower or switch off a company (CMP-*) rule, replace the
# trusted countries, and add countries and entities of concern. It can
# never lower or switch off an FDA, NIH or DOJ rule, nor make a country of
# concern trusted: the wrapper refuses such a profile, and the policy
# ignores such an entry anyway (defence in depth). The base is a clean
# manifest (American genomic data to a certified, vetted German lab).
package helixgate.main_test

import data.helixgate.lib
import data.helixgate.main
import data.helixgate.test.fixtures

for_cost(t) := object.union(t, {"selection_reason": "cost"})

# Today's question about `m`, with this profile.
ask_profile(m, profile) := fixtures.ask(m, {"profile": profile})

setting(rules) := {"rules": rules}

listing(lists) := {"lists": lists}

# [rule, level] of the findings, in the order given
levels := [[f.rule, f.level] | some f in main.result.findings]

# --- Raising ------------------------------------------------------------------------

# American blood to a vetted lab in Singapore: CMP-LOCAL-001 (info) only.
to_singapore := fixtures.sending([fixtures.transfer("t1", "blood", "lab-sg")])

test_raising_cmp_local_001_from_info_to_deny_denies if {
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(to_singapore, {})
	main.result.decision == "allow" with input as ask_profile(to_singapore, {})
	levels == [["CMP-LOCAL-001", "deny"]] with input as ask_profile(to_singapore, setting({"CMP-LOCAL-001": "deny"}))
	main.result.decision == "deny" with input as ask_profile(to_singapore, setting({"CMP-LOCAL-001": "deny"}))
}

test_raising_cmp_local_001_to_review_asks_for_review if {
	main.result.decision == "review" with input as ask_profile(to_singapore, setting({"CMP-LOCAL-001": "review"}))
}

# An ongoing FDA trial whose consent names CN: FDA-CELLS-002 (review) and
# CMP-SOV-001 (review).
ongoing_fda := fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), "active")

test_raising_an_fda_rule_from_review_to_deny_works if {
	main.result.decision == "review" with input as ask_profile(ongoing_fda, {})
	r := main.result with input as ask_profile(ongoing_fda, setting({"FDA-CELLS-002": "deny"}))
	[[f.rule, f.level] | some f in r.findings] == [["CMP-SOV-001", "review"], ["FDA-CELLS-002", "deny"]]
	r.decision == "deny"
	r.obligations == ["fda-enhanced-oversight"]
}

test_raising_cmp_sov_001_to_deny_denies if {
	levels == [["CMP-SOV-001", "deny"], ["FDA-CELLS-002", "review"]] with input as ask_profile(ongoing_fda, setting({"CMP-SOV-001": "deny"}))
	main.result.decision == "deny" with input as ask_profile(ongoing_fda, setting({"CMP-SOV-001": "deny"}))
}

test_setting_a_protected_rule_to_its_own_level_keeps_it if {
	levels == [["CMP-SOV-001", "review"], ["FDA-CELLS-002", "review"]] with input as ask_profile(ongoing_fda, setting({"FDA-CELLS-002": "review"}))
}

test_a_raised_level_is_also_what_the_finding_reports_not_only_the_decision if {
	f := main.result.findings[0] with input as ask_profile(to_singapore, setting({"CMP-LOCAL-001": "deny"}))
	f.level == "deny"
	f.title == catalogue["CMP-LOCAL-001"].title
	f.remediation == catalogue["CMP-LOCAL-001"].remediation
}

# --- Lowering and switching off -------------------------------------------------------

# CMP-SEC-001 (deny) only.
insecure := json.remove(fixtures.base, ["transfers/0/safeguards"])

test_lowering_cmp_sec_001_from_deny_to_review_asks_for_review if {
	main.result.decision == "deny" with input as ask_profile(insecure, {})
	levels == [["CMP-SEC-001", "review"]] with input as ask_profile(insecure, setting({"CMP-SEC-001": "review"}))
	main.result.decision == "review" with input as ask_profile(insecure, setting({"CMP-SEC-001": "review"}))
}

test_lowering_cmp_sec_001_to_info_allows if {
	levels == [["CMP-SEC-001", "info"]] with input as ask_profile(insecure, setting({"CMP-SEC-001": "info"}))
	main.result.decision == "allow" with input as ask_profile(insecure, setting({"CMP-SEC-001": "info"}))
}

test_switching_cmp_sec_003_off_removes_its_findings if {
	# CMP-SEC-003 (review) on both transfers, CMP-SEC-001 (deny) on t2
	m := fixtures.sending([
		fixtures.transfer("t1", "wgs", "lab-nocert"),
		object.remove(fixtures.transfer("t2", "wgs", "lab-nocert"), ["safeguards"]),
	])
	levels == [["CMP-SEC-003", "review"], ["CMP-SEC-001", "deny"], ["CMP-SEC-003", "review"]] with input as ask_profile(m, {})
	r := main.result with input as ask_profile(m, setting({"CMP-SEC-003": "off"}))
	[[f.rule, f.level] | some f in r.findings] == [["CMP-SEC-001", "deny"]]
	r.decision == "deny"
}

test_switching_off_the_only_finding_allows_with_no_finding if {
	m := fixtures.sending([fixtures.transfer("t1", "wgs", "lab-nocert")])
	main.result.decision == "review" with input as ask_profile(m, {})
	main.result.findings == [] with input as ask_profile(m, setting({"CMP-SEC-003": "off"}))
	main.result.decision == "allow" with input as ask_profile(m, setting({"CMP-SEC-003": "off"}))
}

test_switching_off_cmp_local_001_leaves_the_other_rules if {
	# CMP-LOCAL-001 and CMP-COST-002 on a transfer to Singapore chosen for cost
	m := fixtures.sending([for_cost(fixtures.transfer("t1", "blood", "lab-sg"))])
	levels == [["CMP-COST-002", "review"], ["CMP-LOCAL-001", "info"]] with input as ask_profile(m, {})
	levels == [["CMP-COST-002", "review"]] with input as ask_profile(m, setting({"CMP-LOCAL-001": "off"}))
}

test_a_profile_entry_for_a_rule_that_does_not_fire_changes_nothing if {
	plain := main.result with input as ask_profile(insecure, {})
	with_profile := main.result with input as ask_profile(insecure, setting({"CMP-LOCAL-001": "off", "CMP-SOV-001": "deny"}))
	plain == with_profile
	[[f.rule, f.level] | some f in with_profile.findings] == [["CMP-SEC-001", "deny"]]
}

# --- What a profile cannot do ------------------------------------------------------------

# A new IND sending American blood to a Chinese lab: FDA-CELLS-001 (deny),
# CMP-SOV-001 (review).
new_fda := fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), "planned")

# Privately funded, 150 Americans' genomes to a Chinese lab: DOJ-BULK-001
# (deny), CMP-SOV-001 (review).
doj_bulk := fixtures.sending([fixtures.transfer("t1", "wgs", "lab-cn")])

# NIH-funded, American blood to a Chinese lab: NIH-SPEC-001 (deny),
# CMP-SOV-001 (review).
nih_funded := object.union(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), {"study": {"funding": ["NIH"]}})

level_of_rule(rule) := [f.level | some f in main.result.findings; f.rule == rule]

test_lowering_fda_cells_001_is_ignored if {
	every level in ["review", "info", "off"] {
		level_of_rule("FDA-CELLS-001") == ["deny"] with input as ask_profile(new_fda, setting({"FDA-CELLS-001": level}))
		main.result.decision == "deny" with input as ask_profile(new_fda, setting({"FDA-CELLS-001": level}))
	}
}

test_switching_off_doj_bulk_001_is_ignored if {
	levels == [["CMP-SOV-001", "review"], ["DOJ-BULK-001", "deny"]] with input as ask_profile(doj_bulk, setting({"DOJ-BULK-001": "off"}))
	main.result.decision == "deny" with input as ask_profile(doj_bulk, setting({"DOJ-BULK-001": "off"}))
}

test_lowering_nih_spec_001_is_ignored if {
	level_of_rule("NIH-SPEC-001") == ["deny"] with input as ask_profile(nih_funded, setting({"NIH-SPEC-001": "info"}))
	main.result.decision == "deny" with input as ask_profile(nih_funded, setting({"NIH-SPEC-001": "info"}))
}

test_lowering_a_review_level_fda_rule_is_ignored if {
	levels == [["CMP-SOV-001", "review"], ["FDA-CELLS-002", "review"]] with input as ask_profile(ongoing_fda, setting({"FDA-CELLS-002": "off"}))
	main.result.obligations == ["fda-enhanced-oversight"] with input as ask_profile(ongoing_fda, setting({"FDA-CELLS-002": "info"}))
}

test_an_ignored_entry_does_not_stop_the_valid_ones if {
	profile := setting({"FDA-CELLS-001": "off", "CMP-SOV-001": "off"})
	levels == [["FDA-CELLS-001", "deny"]] with input as ask_profile(new_fda, profile)
}

test_an_unknown_level_is_ignored if {
	every level in ["block", "Deny", "DENY", "waived", "", "none"] {
		levels == [["CMP-SEC-001", "deny"]] with input as ask_profile(insecure, setting({"CMP-SEC-001": level}))
		levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(to_singapore, setting({"CMP-LOCAL-001": level}))
	}
}

test_a_level_that_is_not_a_string_is_ignored if {
	every level in [0, 3, true, null, ["deny"]] {
		levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(to_singapore, setting({"CMP-LOCAL-001": level}))
	}
}

test_an_empty_profile_or_none_gives_the_catalogue_levels if {
	expected := [["CMP-LOCAL-001", "info"]]
	levels == expected with input as ask_profile(to_singapore, {})
	levels == expected with input as ask_profile(to_singapore, {"rules": {}, "lists": {}})
	levels == expected with input as {"manifest": to_singapore, "context": {}}
	levels == expected with input as {"manifest": to_singapore}
}

# --- Trusted countries ---------------------------------------------------------------------

default_trusted := data.helixgate.lists.trusted_countries.codes

test_trusting_singapore_silences_cmp_local_001_and_cmp_cost_002 if {
	m := fixtures.sending([for_cost(fixtures.transfer("t1", "blood", "lab-sg"))])
	levels == [["CMP-COST-002", "review"], ["CMP-LOCAL-001", "info"]] with input as ask_profile(m, {})
	r := main.result with input as ask_profile(m, listing({"trusted_countries": array.concat(default_trusted, ["SG"])}))
	r.findings == []
	r.decision == "allow"
}

test_a_trusted_list_that_omits_germany_makes_a_german_transfer_local_001 if {
	profile := listing({"trusted_countries": ["US", "CA", "GB", "FR", "NL", "JP"]})
	main.result.findings == [] with input as ask_profile(fixtures.base, {})
	[[f.rule, f.level, f.party] | some f in main.result.findings] == [["CMP-LOCAL-001", "info", "lab-de"]] with input as ask_profile(fixtures.base, profile)
	levels == [["CMP-COST-002", "review"], ["CMP-LOCAL-001", "info"]] with input as ask_profile(fixtures.sending([for_cost(fixtures.transfer("t1", "wgs", "lab-de"))]), profile)
}

test_the_trusted_list_is_replaced_not_added_to if {
	lib.trusted_countries == {"SG"} with input as ask_profile(fixtures.base, listing({"trusted_countries": ["SG"]}))
	lib.trusted_countries == set() with input as ask_profile(fixtures.base, listing({"trusted_countries": []}))
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(fixtures.base, listing({"trusted_countries": []}))
}

test_the_default_trusted_list_applies_without_a_profile if {
	lib.trusted_countries == {c | some c in default_trusted} | territories with input as ask_profile(fixtures.base, {})
	count(lib.trusted_countries) == 38 + 6 with input as ask_profile(fixtures.base, {})
}

test_a_country_of_concern_is_never_trusted if {
	profile := listing({"trusted_countries": ["US", "DE", "SG", "CN", "HK", "RU"]})
	lib.trusted_countries == {"US", "DE", "SG"} | territories with input as ask_profile(fixtures.base, profile)
}

test_an_added_country_of_concern_is_never_trusted_either if {
	profile := listing({"trusted_countries": ["US", "DE", "BY"], "countries_of_concern_extra": ["BY"]})
	lib.trusted_countries == {"US", "DE"} | territories with input as ask_profile(fixtures.base, profile)
}

# The territories of the United States (policy-pack-v2, 2), trusted with it.
territories := {"PR", "GU", "VI", "AS", "MP", "UM"}

test_a_trusted_list_without_the_united_states_leaves_out_its_territories if {
	profile := listing({"trusted_countries": ["DE", "PR"]})
	lib.trusted_countries == {"DE", "PR"} with input as ask_profile(fixtures.base, profile)
}

test_trusting_china_does_not_silence_the_rules_on_a_chinese_lab if {
	# lab-cn chosen for cost: CMP-COST-001 (ties of concern), never trusted
	m := fixtures.sending([for_cost(fixtures.transfer("t1", "wgs", "lab-cn"))])
	profile := listing({"trusted_countries": array.concat(default_trusted, ["CN"])})
	plain := main.result with input as ask_profile(m, {})
	trusting := main.result with input as ask_profile(m, profile)
	plain == trusting
	levels == [["CMP-COST-001", "deny"], ["CMP-SOV-001", "review"], ["DOJ-BULK-001", "deny"]] with input as ask_profile(m, profile)
}

# --- Countries of concern ------------------------------------------------------------------

# A new IND sending American blood to a lab in Belarus.
to_belarus := fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-by")]), "planned")

test_belarus_is_not_of_concern_by_default if {
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(to_belarus, {})
	main.result.decision == "allow" with input as ask_profile(to_belarus, {})
}

test_an_added_country_of_concern_makes_a_belarus_lab_a_party_of_concern if {
	r := main.result with input as ask_profile(to_belarus, listing({"countries_of_concern_extra": ["BY"]}))
	[[f.rule, f.level, f.party, f.reasons] | some f in r.findings] == [
		["CMP-SOV-001", "review", "lab-by", ["country BY", "headquarters BY"]],
		["FDA-CELLS-001", "deny", "lab-by", ["country BY", "headquarters BY"]],
	]
	r.decision == "deny"
}

test_an_added_country_of_concern_keeps_the_default_ones if {
	profile := listing({"countries_of_concern_extra": ["BY"]})
	lib._countries_of_concern == {"CN", "HK", "MO", "CU", "IR", "KP", "RU", "VE", "BY"} with input as ask_profile(fixtures.base, profile)
	level_of_rule("FDA-CELLS-001") == ["deny"] with input as ask_profile(new_fda, profile)
}

test_an_added_country_of_concern_counts_for_ownership if {
	owned := object.union(fixtures.lab("lab-sg-by", "Example Owned Pte", "SG"), {"owners": [{"name": "Example Minsk Holding", "country": "BY", "share": 50}]})
	m := fixtures.with_party(fixtures.base, owned, [fixtures.transfer("t1", "wgs", "lab-sg-by")])
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(m, {})
	r := main.result with input as ask_profile(m, listing({"countries_of_concern_extra": ["BY"]}))
	[[f.rule, f.reasons] | some f in r.findings] == [
		["CMP-SOV-001", ["owned 50% from countries of concern"]],
		["DOJ-BULK-001", ["owned 50% from countries of concern"]],
	]
}

# --- Entities of concern -------------------------------------------------------------------

gene_co := listing({"entities_of_concern_extra": ["Example Gene Co."]})

test_an_added_entity_of_concern_covers_a_party_of_that_name if {
	named := fixtures.lab("lab-gene", "  example  gene co. ", "SG")
	m := fixtures.with_party(fixtures.base, named, [fixtures.transfer("t1", "wgs", "lab-gene")]) # 150 Americans' genomes
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(m, {})
	r := main.result with input as ask_profile(m, gene_co)
	[[f.rule, f.level, f.party, f.reasons] | some f in r.findings] == [
		["CMP-SOV-001", "review", "lab-gene", ["named entity of concern"]],
		["DOJ-BULK-001", "deny", "lab-gene", ["named entity of concern"]],
	]
	r.decision == "deny"
}

test_an_added_entity_of_concern_is_matched_across_white_space_and_case if {
	every name in ["EXAMPLE GENE CO.", "Example\tGene\nCo.", "Example\u00a0Gene Co.", "\u2003example gene co.\u2003"] {
		named := fixtures.lab("lab-gene", name, "SG")
		m := fixtures.with_party(fixtures.base, named, [fixtures.transfer("t1", "wgs", "lab-gene")])
		level_of_rule("DOJ-BULK-001") == ["deny"] with input as ask_profile(m, gene_co)
	}
}

test_an_added_entity_of_concern_is_normalised_on_the_profile_side_too if {
	named := fixtures.lab("lab-gene", "Example Gene Co.", "SG")
	m := fixtures.with_party(fixtures.base, named, [fixtures.transfer("t1", "wgs", "lab-gene")])
	profile := listing({"entities_of_concern_extra": ["  EXAMPLE\u00a0 gene\tCO. "]})
	level_of_rule("DOJ-BULK-001") == ["deny"] with input as ask_profile(m, profile)
	"examplegeneco" in lib._entities_of_concern with input as ask_profile(m, profile)
}

test_an_added_entity_of_concern_matches_its_look_alike_forms if {
	every name in ["Example\u200bGene Co.", "Ｅｘａｍｐｌｅ Ｇｅｎｅ Ｃｏ．", "𝐄𝐱𝐚𝐦𝐩𝐥𝐞 Gene Co", "Example-Gene\u00adCo"] {
		m := fixtures.with_party(fixtures.base, fixtures.lab("lab-gene", name, "SG"), [fixtures.transfer("t1", "wgs", "lab-gene")])
		level_of_rule("DOJ-BULK-001") == ["deny"] with input as ask_profile(m, gene_co)
	}
}

test_the_wrappers_keys_of_the_added_entities_are_matched if {
	# keys only Python can compute, sent beside the names by the wrapper
	profile := listing({"entities_of_concern_extra": ["Example Gene Co."], "entities_of_concern_extra_keys": ["examplegeneco", "exampleotherco"]})
	named := object.union(fixtures.lab("lab-other", "Example Other Co.", "SG"), {"name_key": "exampleotherco"})
	m := fixtures.with_party(fixtures.base, named, [fixtures.transfer("t1", "wgs", "lab-other")])
	level_of_rule("DOJ-BULK-001") == ["deny"] with input as ask_profile(m, profile)
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(m, gene_co)
}

test_an_added_entity_of_concern_is_a_party_of_concern_for_the_fda_rules if {
	named := fixtures.lab("lab-gene", "  example  gene co. ", "SG")
	m := fixtures.with_fda(fixtures.with_party(fixtures.base, named, [fixtures.transfer("t1", "blood", "lab-gene")]), "planned")
	levels == [["CMP-SOV-001", "review"], ["FDA-CELLS-001", "deny"]] with input as ask_profile(m, gene_co)
}

test_an_owner_named_on_the_entities_list_counts_for_the_50_percent_test if {
	owned := object.union(fixtures.lab("lab-owned", "Example Subsidiary Pte", "SG"), {"owners": [
		{"name": "  EXAMPLE gene   Co. ", "country": "SG", "share": 30},
		{"name": "Example Holding", "country": "CN", "share": 20},
		{"name": "Example Partner", "country": "SG", "share": 50},
	]})
	m := fixtures.with_party(fixtures.base, owned, [fixtures.transfer("t1", "wgs", "lab-owned")])
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(m, {}) # 20% from CN alone
	r := main.result with input as ask_profile(m, gene_co)
	[[f.rule, f.reasons] | some f in r.findings] == [
		["CMP-SOV-001", ["owned 50% from countries of concern"]],
		["DOJ-BULK-001", ["owned 50% from countries of concern"]],
	]
}

test_an_owner_named_on_the_entities_list_below_50_percent_is_not_enough if {
	owned := object.union(fixtures.lab("lab-owned", "Example Subsidiary Pte", "SG"), {"owners": [{"name": "Example Gene Co.", "country": "SG", "share": 49}]})
	m := fixtures.with_party(fixtures.base, owned, [fixtures.transfer("t1", "wgs", "lab-owned")])
	levels == [["CMP-LOCAL-001", "info"]] with input as ask_profile(m, gene_co)
}

test_an_added_entity_of_concern_in_the_united_states_is_still_covered if {
	# 202.211(a)(5): a listed entity is covered wherever it is incorporated
	named := object.union(fixtures.lab("lab-gene-us", "Example Gene Co.", "US"), {"incorporated_in": "US"})
	m := fixtures.with_party(fixtures.base, named, [fixtures.transfer("t1", "wgs", "lab-gene-us")])
	main.result.findings == [] with input as ask_profile(m, {})
	levels == [["CMP-SOV-001", "review"], ["DOJ-BULK-001", "deny"]] with input as ask_profile(m, gene_co)
}

# --- One context for a whole batch -----------------------------------------------------------

test_results_applies_the_context_to_every_manifest_of_the_batch if {
	a := object.union(to_singapore, {"metadata": {"id": "HG-A"}})
	b := object.union(to_singapore, {"metadata": {"id": "HG-B"}})
	c := object.union(fixtures.base, {"metadata": {"id": "HG-C"}})
	context := {
		"as_of": "2026-11-25",
		"profile": {"rules": {"CMP-LOCAL-001": "deny"}, "lists": {"trusted_countries": ["US", "GB"]}},
		"waivers": [{"rule": "CMP-LOCAL-001", "manifest": "HG-B", "reason": "r", "approved_by": "a@example.com", "expires_on": "2026-12-31"}],
	}
	results := main.results with input as {"manifests": [a, b, c], "context": context}
	[[r.manifest, r.decision, [[f.rule, f.level] | some f in r.findings]] | some r in results] == [
		["HG-A", "deny", [["CMP-LOCAL-001", "deny"]]],
		["HG-B", "allow", [["CMP-LOCAL-001", "waived"]]],
		["HG-C", "deny", [["CMP-LOCAL-001", "deny"]]], # DE no longer trusted
	]
	every i, m in [a, b, c] {
		results[i] == main.result with input as {"manifest": m, "context": context}
	}
}

test_results_without_a_context_uses_the_catalogue_levels if {
	results := main.results with input as {"manifests": [to_singapore, fixtures.base]}
	[[r.decision, [f.level | some f in r.findings]] | some r in results] == [["allow", ["info"]], ["allow", []]]
}
