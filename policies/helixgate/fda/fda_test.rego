# METADATA
# title: Tests of the FDA rules
# description: |
#   FDA-CELLS-001 to -005: each fires, and does not fire just across its edge.
#   The base is a new IND trial that sends American T cells to a German lab
#   with no ties of concern: no FDA finding.
package helixgate.fda_test

import data.helixgate.fda
import data.helixgate.test.fixtures

# The base of these tests: a new IND trial that sends American T cells to the
# German lab.
trial := object.union(fixtures.base, {
	"study": {"type": "clinical_trial", "fda": {"application": "IND", "status": "planned"}},
	"consent": {"disclosed_countries": ["DE", "CN"]},
	"subjects": [
		{"id": "us-patients", "nationality": "US", "residence": "US", "count": 30},
		{"id": "de-patients", "nationality": "DE", "residence": "DE", "count": 30},
	],
	"materials": [
		{"id": "tcells", "type": "living_cells", "subjects": "us-patients"},
		{"id": "de-tcells", "type": "living_cells", "subjects": "de-patients"},
	],
	"data": [{"id": "wgs", "category": "genomic", "subjects": "us-patients", "identifiability": "pseudonymized"}],
	"parties": [
		fixtures.lab("lab-de", "Example Genomics GmbH", "DE"),
		object.union(fixtures.lab("lab-cn", "Example Cell Co.", "CN"), {"role": "manufacturing_site"}),
	],
	"transfers": [cells_to("t1", "lab-de", "sequencing")],
})

# The T cells sent to `to` for `purpose`.
cells_to(id, to, purpose) := object.union(fixtures.transfer(id, "tcells", to), {"purpose": purpose})

cells_onward(id, from, to, purpose) := object.union(cells_to(id, to, purpose), {"from": from})

# The trial, but its one transfer goes to `to` for `purpose`.
sent(to, purpose) := fixtures.with_transfers(trial, [cells_to("t1", to, purpose)])

# The trial, but with `party` added and the transfer going to it for sequencing.
sent_to_party(party) := fixtures.with_party(trial, party, [cells_to("t1", party.id, "sequencing")])

with_status(m, status) := object.union(m, {"study": {"fda": {"status": status, "submitted_on": "2026-09-01"}}})

rules := {f.rule | some f in fda.findings}

# [rule, pointer, transfer, party] of every finding
hits := {[f.rule, f.pointer, f.transfer, f.party] | some f in fda.findings}

test_no_finding_for_a_lab_in_germany if {
	count(fda.findings) == 0 with input as fixtures.run(trial)
}

# --- FDA-CELLS-001 ----------------------------------------------------------

test_fda_cells_001_fires_for_a_new_trial_sending_american_cells_to_a_lab_in_china if {
	fda.findings == {{
		"rule": "FDA-CELLS-001",
		"order": 0,
		"pointer": "/transfers/0",
		"transfer": "t1",
		"item": "tcells",
		"party": "lab-cn",
		"reasons": ["country CN", "headquarters CN"],
		"message": "transfer t1 sends material tcells (American subjects) from the origin to lab-cn for sequencing under a new FDA application (planned)",
	}} with input as fixtures.run(sent("lab-cn", "sequencing"))
}

test_fda_cells_001_fires_for_a_submitted_application if {
	rules == {"FDA-CELLS-001"} with input as fixtures.run(with_status(sent("lab-cn", "sequencing"), "submitted"))
}

test_fda_cells_001_fires_for_every_genetic_processing_purpose if {
	every purpose in ["sequencing", "genetic_engineering", "manufacturing", "analysis"] {
		rules == {"FDA-CELLS-001"} with input as fixtures.run(sent("lab-cn", purpose))
	}
}

test_fda_cells_001_fires_for_onward_transfer_to_macau if {
	m := object.union(trial, {
		"parties": array.concat(trial.parties, [{"id": "lab-mo", "name": "Example Macau Lab", "role": "sequencing_lab", "country": "MO", "headquarters": "MO"}]),
		"transfers": [cells_to("t1", "lab-de", "sequencing"), cells_onward("t2", "lab-de", "lab-mo", "sequencing")],
	})
	hits == {["FDA-CELLS-001", "/transfers/1", "t2", "lab-mo"]} with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_onward_transfer_us_to_germany_to_china if {
	m := object.union(trial, {"transfers": [cells_to("t1", "lab-de", "sequencing"), cells_onward("t2", "lab-de", "lab-cn", "analysis")]})
	hits == {["FDA-CELLS-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

test_fda_cells_001_fires_at_the_third_hop_of_a_chain if {
	m := object.union(trial, {
		"parties": array.concat(trial.parties, [{"id": "lab-jp", "name": "Example KK", "role": "cro", "country": "JP", "headquarters": "JP"}]),
		"transfers": [
			cells_to("t1", "lab-de", "storage"),
			cells_onward("t2", "lab-de", "lab-jp", "analysis"),
			cells_onward("t3", "lab-jp", "lab-cn", "genetic_engineering"),
		],
	})
	hits == {["FDA-CELLS-001", "/transfers/2", "t3", "lab-cn"]} with input as fixtures.run(m)
}

test_an_onward_hop_for_storage_is_fda_cells_005_not_001 if {
	m := object.union(trial, {"transfers": [cells_to("t1", "lab-de", "sequencing"), cells_onward("t2", "lab-de", "lab-cn", "storage")]})
	hits == {["FDA-CELLS-005", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_a_lab_in_russia if {
	m := sent_to_party({"id": "lab-ru", "name": "Example OOO", "role": "cro", "country": "RU", "headquarters": "RU"})
	rules == {"FDA-CELLS-001"} with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_a_lab_in_singapore_with_a_chinese_parent if {
	m := sent_to_party({"id": "lab-sg", "name": "Example Pte", "role": "cro", "country": "SG", "headquarters": "CN"})
	{[f.rule, f.reasons] | some f in fda.findings} == {["FDA-CELLS-001", ["headquarters CN"]]} with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_a_german_lab_50_percent_owned_from_china if {
	m := sent_to_party({
		"id": "lab-owned", "name": "Example Owned GmbH", "role": "sequencing_lab", "country": "DE", "headquarters": "DE",
		"owners": [{"name": "Example Bio Group", "country": "CN", "share": 50}, {"name": "Example AG", "country": "DE", "share": 50}],
	})
	{[f.rule, f.reasons[0]] | some f in fda.findings} == {["FDA-CELLS-001", "owned 50% from countries of concern"]} with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_30_percent_mainland_and_25_percent_hong_kong if {
	m := sent_to_party({
		"id": "lab-owned", "name": "Example Owned GmbH", "role": "sequencing_lab", "country": "DE", "headquarters": "DE",
		"owners": [
			{"name": "Example Bio Group", "country": "CN", "share": 30},
			{"name": "Example Capital", "country": "HK", "share": 25},
			{"name": "Example AG", "country": "DE", "share": 45},
		],
	})
	{[f.rule, f.reasons] | some f in fda.findings} == {["FDA-CELLS-001", ["owned 55% from countries of concern"]]} with input as fixtures.run(m)
}

test_fda_cells_001_does_not_fire_for_a_german_lab_49_9_percent_owned_from_china if {
	m := sent_to_party({
		"id": "lab-owned", "name": "Example Owned GmbH", "role": "sequencing_lab", "country": "DE", "headquarters": "DE",
		"owners": [{"name": "Example Bio Group", "country": "CN", "share": 49.9}, {"name": "Example AG", "country": "DE", "share": 50.1}],
	})
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_a_german_lab_named_on_the_entities_list if {
	m := sent_to_party({"id": "lab-gene", "name": "  example   GENE co. ", "role": "sequencing_lab", "country": "DE", "headquarters": "DE"})
	{[f.rule, f.reasons] | some f in fda.findings} == {["FDA-CELLS-001", ["named entity of concern"]]} with input as fixtures.run(m)
		with data.helixgate.lists.entities_of_concern.entities as [{"name": "Example Gene Co.", "source": "test"}]
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_a_us_company_branch_in_china if {
	m := sent_to_party({"id": "lab-branch", "name": "Example Inc. Shanghai Branch", "role": "cro", "country": "CN", "incorporated_in": "US", "headquarters": "US"})
	{[f.rule, f.reasons] | some f in fda.findings} == {["FDA-CELLS-001", ["country CN"]]} with input as fixtures.run(m)
}

test_no_fda_finding_for_a_us_subsidiary_of_a_chinese_company if {
	m := sent_to_party({"id": "lab-sub", "name": "Example US Inc.", "role": "cro", "country": "US", "incorporated_in": "US", "headquarters": "CN"})
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_no_fda_finding_for_a_us_branch_of_a_chinese_company if {
	m := sent_to_party({"id": "lab-branch", "name": "Example Co. US Branch", "role": "cro", "country": "US", "incorporated_in": "CN", "headquarters": "CN"})
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_no_fda_finding_for_a_listed_entity_inside_the_us if {
	m := sent_to_party({"id": "lab-gene", "name": "Example Gene Co.", "role": "cro", "country": "US", "headquarters": "US"})
	count(fda.findings) == 0 with input as fixtures.run(m)
		with data.helixgate.lists.entities_of_concern.entities as [{"name": "Example Gene Co.", "source": "test"}]
}

test_fda_rules_ignore_data_items if {
	m := object.union(trial, {"transfers": [object.union(cells_to("t1", "lab-cn", "sequencing"), {"item": "wgs"})]})
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_fda_rules_ignore_non_american_subjects if {
	m := object.union(trial, {"transfers": [object.union(cells_to("t1", "lab-cn", "sequencing"), {"item": "de-tcells"})]})
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_fda_rules_count_american_residents_of_another_nationality if {
	m := json.patch(sent("lab-cn", "sequencing"), [{"op": "replace", "path": "/subjects/0/nationality", "value": "MX"}])
	rules == {"FDA-CELLS-001"} with input as fixtures.run(m)
}

test_no_fda_finding_when_the_application_is_closed if {
	count(fda.findings) == 0 with input as fixtures.run(with_status(sent("lab-cn", "sequencing"), "closed"))
}

test_no_fda_finding_without_an_fda_block if {
	count(fda.findings) == 0 with input as fixtures.run(json.remove(sent("lab-cn", "sequencing"), ["study/fda"]))
}

# --- FDA-CELLS-002 and -003 (ongoing trials) ---------------------------------

test_fda_cells_002_fires_for_an_ongoing_trial_whose_consent_names_china if {
	m := with_status(sent("lab-cn", "sequencing"), "active")
	hits == {["FDA-CELLS-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
	data.helixgate.main.result.obligations == ["fda-enhanced-oversight"] with input as fixtures.run(m)
}

test_fda_cells_003_fires_for_an_ongoing_trial_without_consent if {
	m := object.remove(with_status(sent("lab-cn", "sequencing"), "active"), ["consent"])
	hits == {["FDA-CELLS-003", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
}

test_fda_cells_003_fires_when_the_foreign_transfer_is_not_disclosed if {
	m := fixtures.with_consent(with_status(sent("lab-cn", "sequencing"), "active"), {"foreign_transfer_disclosed": false, "disclosed_countries": ["CN"]})
	rules == {"FDA-CELLS-003"} with input as fixtures.run(m)
}

test_fda_cells_003_fires_when_the_country_is_not_named if {
	m := fixtures.with_consent(with_status(sent("lab-cn", "sequencing"), "active"), {"foreign_transfer_disclosed": true, "disclosed_countries": ["DE"]})
	rules == {"FDA-CELLS-003"} with input as fixtures.run(m)
}

test_consent_naming_china_does_not_cover_a_lab_in_hong_kong if {
	hk := {"id": "lab-hk", "name": "Example HK Ltd", "role": "sequencing_lab", "country": "HK", "headquarters": "HK"}
	m := with_status(sent_to_party(hk), "active")
	rules == {"FDA-CELLS-003"} with input as fixtures.run(m)
	rules == {"FDA-CELLS-002"} with input as fixtures.run(fixtures.with_consent(m, {"foreign_transfer_disclosed": true, "disclosed_countries": ["HK"]}))
}

test_an_ongoing_trial_storing_cells_in_china_is_fda_cells_005 if {
	m := with_status(sent("lab-cn", "storage"), "active")
	rules == {"FDA-CELLS-005"} with input as fixtures.run(m)
}

test_fda_cells_002_message_names_the_oversight if {
	m := with_status(sent("lab-cn", "analysis"), "active")
	{f.message | some f in fda.findings} == {"transfer t1 sends material tcells (American subjects) from the origin to lab-cn for analysis in an ongoing FDA trial; consent discloses the transfer to CN: enhanced oversight applies"} with input as fixtures.run(m)
}

# --- FDA-CELLS-004 (undetermined party) ---------------------------------------

undetermined := {"id": "lab-sg", "name": "Example Labs Pte", "role": "cro", "country": "SG"}

test_fda_cells_004_fires_for_an_undetermined_party_across_a_border if {
	hits == {["FDA-CELLS-004", "/transfers/0", "t1", "lab-sg"]} with input as fixtures.run(sent_to_party(undetermined))
}

test_fda_cells_004_fires_in_an_ongoing_trial_too if {
	rules == {"FDA-CELLS-004"} with input as fixtures.run(with_status(sent_to_party(undetermined), "active"))
}

test_fda_cells_004_does_not_fire_when_headquarters_is_given if {
	count(fda.findings) == 0 with input as fixtures.run(sent_to_party(object.union(undetermined, {"headquarters": "SG"})))
}

test_fda_cells_004_does_not_fire_when_owners_are_given if {
	m := sent_to_party(object.union(undetermined, {"owners": [{"name": "Example Holdings", "country": "SG", "share": 100}]}))
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_fda_cells_004_message_says_how_much_ownership_is_undisclosed if {
	{f.message | some f in fda.findings} == {"transfer t1 sends material tcells (American subjects) from the origin to lab-sg (SG) in an FDA trial; its headquarters is not given and 100% of its ownership is not disclosed, so its ties cannot be checked"} with input as fixtures.run(sent_to_party(undetermined))
}

test_fda_cells_004_fires_when_the_owners_given_leave_half_undisclosed if {
	# version 1 took one small owner as enough to determine a party
	every owners in [
		[{"name": "Example Holdings", "country": "SG", "share": 1}],
		[{"name": "Example Holdings", "country": "SG", "share": 50}],
		[{"name": "Example Holdings", "country": "SG", "share": 20}, {"name": "Example Bio Group", "country": "CN", "share": 30}],
	] {
		hits == {["FDA-CELLS-004", "/transfers/0", "t1", "lab-sg"]} with input as fixtures.run(sent_to_party(object.union(undetermined, {"owners": owners})))
	}
	m := sent_to_party(object.union(undetermined, {"owners": [{"name": "Example Holdings", "country": "SG", "share": 50.1}]}))
	count(fda.findings) == 0 with input as fixtures.run(m)
}

test_fda_cells_004_fires_on_an_onward_hop_inside_one_country if {
	# policy-pack-v2, 3: by any route; version 1 looked only at hops that
	# crossed a border
	lab_de2 := {"id": "lab-de2", "name": "Example Zwei GmbH", "role": "cro", "country": "DE"}
	m := object.union(trial, {
		"parties": array.concat(trial.parties, [lab_de2]),
		"transfers": [cells_to("t1", "lab-de", "sequencing"), cells_onward("t2", "lab-de", "lab-de2", "analysis")],
	})
	hits == {["FDA-CELLS-004", "/transfers/1", "t2", "lab-de2"]} with input as fixtures.run(m)

	# and between two labs in Singapore, at each hop
	sg := object.union(sent_to_party(undetermined), {
		"parties": array.concat(trial.parties, [undetermined, object.union(undetermined, {"id": "lab-sg2", "name": "Example Two Pte"})]),
		"transfers": [cells_to("t1", "lab-sg", "sequencing"), cells_onward("t2", "lab-sg", "lab-sg2", "analysis")],
	})
	hits == {
		["FDA-CELLS-004", "/transfers/0", "t1", "lab-sg"],
		["FDA-CELLS-004", "/transfers/1", "t2", "lab-sg2"],
	} with input as fixtures.run(sg)
}

test_fda_cells_004_does_not_fire_for_a_party_in_the_united_states if {
	# a German company's branch in the United States or in Puerto Rico: not a
	# U.S. person, nothing known of its owners, but the cells stay in the
	# United States
	every code in ["US", "PR"] {
		branch := {"id": "lab-us", "name": "Example GmbH US Branch", "role": "cro", "country": code, "incorporated_in": "DE"}
		count(fda.findings) == 0 with input as fixtures.run(sent_to_party(branch))
	}
}

test_fda_cells_004_does_not_fire_for_an_individual if {
	# an individual has a nationality and a residence: never undetermined
	dr := {"id": "dr-sg", "kind": "individual", "name": "Dr. Example Tan", "role": "cro", "country": "SG", "nationality": "SG", "residence": "SG"}
	count(fda.findings) == 0 with input as fixtures.run(sent_to_party(dr))
}

test_fda_cells_004_does_not_fire_when_the_application_is_closed if {
	count(fda.findings) == 0 with input as fixtures.run(with_status(sent_to_party(undetermined), "closed"))
}

test_fda_cells_004_ignores_data_and_non_american_material if {
	m := object.union(sent_to_party(undetermined), {"transfers": [
		object.union(cells_to("t1", "lab-sg", "sequencing"), {"item": "wgs"}),
		object.union(cells_to("t2", "lab-sg", "sequencing"), {"item": "de-tcells"}),
	]})
	count(fda.findings) == 0 with input as fixtures.run(m)
}

# --- FDA-CELLS-005 (storage and other purposes) ---------------------------------

test_fda_cells_005_fires_for_storage_in_china if {
	hits == {["FDA-CELLS-005", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(sent("lab-cn", "storage"))
}

test_fda_cells_005_fires_for_other_purposes if {
	rules == {"FDA-CELLS-005"} with input as fixtures.run(sent("lab-cn", "other"))
}

test_fda_cells_005_does_not_fire_for_storage_in_germany if {
	count(fda.findings) == 0 with input as fixtures.run(sent("lab-de", "storage"))
}

test_fda_cells_005_does_not_fire_when_the_application_is_closed if {
	count(fda.findings) == 0 with input as fixtures.run(with_status(sent("lab-cn", "storage"), "closed"))
}

test_each_hop_is_judged_on_its_own_purpose if {
	m := object.union(trial, {
		"parties": array.concat(trial.parties, [{"id": "lab-cn2", "name": "Example Two Co.", "role": "biobank", "country": "CN", "headquarters": "CN"}]),
		"transfers": [cells_to("t1", "lab-cn", "sequencing"), cells_onward("t2", "lab-cn", "lab-cn2", "storage")],
	})
	hits == {
		["FDA-CELLS-001", "/transfers/0", "t1", "lab-cn"],
		["FDA-CELLS-005", "/transfers/1", "t2", "lab-cn2"],
	} with input as fixtures.run(m)
}

# --- Individuals and the territories (policy-pack-v2, 2) ---------------------------

# An individual `id` in `country`, of `nationality`, primarily resident in
# `residence`.
individual(id, country, nationality, residence) := {
	"id": id, "kind": "individual", "name": "Dr. Example", "role": "analysis_provider",
	"country": country, "nationality": nationality, "residence": residence,
}

test_fda_cells_001_fires_for_an_individual_abroad_resident_in_china if {
	# a covered person (202.211(a)(4)) outside the United States
	m := sent_to_party(individual("dr-li", "DE", "CN", "CN"))
	hits == {["FDA-CELLS-001", "/transfers/0", "t1", "dr-li"]} with input as fixtures.run(m)
	{f.reasons | some f in fda.findings} == {["residence CN"]} with input as fixtures.run(m)
}

test_fda_cells_001_fires_for_an_individual_located_in_china if {
	# the location test, as for an organisation: a U.S. citizen there too
	every nationality in ["CN", "US"] {
		m := sent_to_party(individual("dr-x", "CN", nationality, "CN"))
		hits == {["FDA-CELLS-001", "/transfers/0", "t1", "dr-x"]} with input as fixtures.run(m)
	}
}

test_no_fda_finding_for_a_chinese_citizen_in_the_united_states if {
	every residence in ["US", "CN"] {
		count(fda.findings) == 0 with input as fixtures.run(sent_to_party(individual("dr-wang", "US", "CN", residence)))
	}
}

test_no_fda_finding_for_a_chinese_citizen_resident_in_germany if {
	count(fda.findings) == 0 with input as fixtures.run(sent_to_party(individual("dr-x", "DE", "CN", "DE")))
}

test_a_puerto_rico_patients_cells_are_american if {
	m := object.union(sent("lab-cn", "sequencing"), {"subjects": [
		{"id": "us-patients", "nationality": "PR", "residence": "PR", "count": 30},
		{"id": "de-patients", "nationality": "DE", "residence": "DE", "count": 30},
	]})
	rules == {"FDA-CELLS-001"} with input as fixtures.run(m)
}

test_no_fda_finding_for_a_covered_partys_branch_in_guam if {
	# in the United States: never an FDA party of concern
	branch := {"id": "lab-gu", "name": "Example Cell Co. Guam Branch", "role": "cro", "country": "GU", "incorporated_in": "CN", "headquarters": "CN"}
	count(fda.findings) == 0 with input as fixtures.run(sent_to_party(branch))
}
