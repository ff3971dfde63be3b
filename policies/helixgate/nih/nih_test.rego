# METADATA
# title: Tests of the NIH rules
# description: |
#   NIH-SPEC-001 and -002 (NOT-OD-25-160): a location test on American
#   biospecimens of NIH-supported studies. The base is an NIH-funded study
#   that sends American blood to a German lab: no NIH finding.
package helixgate.nih_test

import data.helixgate.nih
import data.helixgate.test.fixtures

# The base of these tests: an NIH-funded study that sends American blood to
# the German lab.
nih_study := object.union(fixtures.funded_by(fixtures.base, ["NIH"]), {
	"consent": {"disclosed_countries": ["DE", "CN"]},
	"subjects": [
		{"id": "us-donors", "nationality": "US", "residence": "US", "count": 40},
		{"id": "jp-donors", "nationality": "JP", "residence": "JP", "count": 40},
	],
	"materials": [
		{"id": "blood", "type": "blood", "subjects": "us-donors"},
		{"id": "jp-blood", "type": "blood", "subjects": "jp-donors"},
	],
	"data": [{"id": "wgs", "category": "genomic", "subjects": "us-donors", "identifiability": "pseudonymized"}],
	"parties": [
		fixtures.lab("lab-de", "Example Genomics GmbH", "DE"),
		object.union(fixtures.lab("lab-cn", "Example Biobank Co.", "CN"), {"role": "biobank"}),
	],
	"transfers": [blood_to("t1", "lab-de", "sequencing")],
})

# The American blood sent to `to` for `purpose`.
blood_to(id, to, purpose) := object.union(fixtures.transfer(id, "blood", to), {"purpose": purpose})

blood_onward(id, from, to, purpose) := object.union(blood_to(id, to, purpose), {"from": from})

excepted(t, exception) := object.union(t, {"nih_exception": exception})

# The study, but its one transfer is `t`.
sent(t) := fixtures.with_transfers(nih_study, [t])

# The study, but with `party` added and the blood sent to it.
sent_to_party(party) := fixtures.with_party(nih_study, party, [blood_to("t1", party.id, "sequencing")])

rules := {f.rule | some f in nih.findings}

hits := {[f.rule, f.pointer, f.transfer, f.party] | some f in nih.findings}

test_no_finding_for_a_lab_in_germany if {
	count(nih.findings) == 0 with input as fixtures.run(nih_study)
}

test_nih_spec_001_fires_for_american_blood_to_a_lab_in_china if {
	nih.findings == {{
		"rule": "NIH-SPEC-001",
		"order": 0,
		"pointer": "/transfers/0",
		"transfer": "t1",
		"item": "blood",
		"party": "lab-cn",
		"reasons": ["country CN", "headquarters CN"],
		"message": "transfer t1 sends material blood (American subjects) from the origin to lab-cn, located in CN, in an NIH-supported study, with no NIH exception recorded",
	}} with input as fixtures.run(sent(blood_to("t1", "lab-cn", "sequencing")))
}

test_nih_spec_001_fires_for_any_purpose if {
	every purpose in ["storage", "other", "analysis"] {
		rules == {"NIH-SPEC-001"} with input as fixtures.run(sent(blood_to("t1", "lab-cn", purpose)))
	}
}

test_nih_spec_001_fires_alongside_other_funding if {
	m := fixtures.funded_by(sent(blood_to("t1", "lab-cn", "sequencing")), ["private", "NIH"])
	rules == {"NIH-SPEC-001"} with input as fixtures.run(m)
}

test_nih_spec_002_fires_instead_when_an_exception_is_recorded if {
	m := sent(excepted(blood_to("t1", "lab-cn", "sequencing"), "donor_care"))
	hits == {["NIH-SPEC-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
	{f.message | some f in nih.findings} == {"transfer t1 sends material blood (American subjects) from the origin to lab-cn, located in CN, in an NIH-supported study, under the NIH exception donor_care: keep the documentation the notice requires"} with input as fixtures.run(m)
}

test_nih_spec_002_fires_for_every_exception if {
	every exception in ["federal_law", "unique_expertise", "donor_care"] {
		rules == {"NIH-SPEC-002"} with input as fixtures.run(sent(excepted(blood_to("t1", "lab-cn", "sequencing"), exception)))
	}
}

test_no_nih_finding_for_other_federal_funding_only if {
	m := fixtures.funded_by(sent(blood_to("t1", "lab-cn", "sequencing")), ["other_federal"])
	count(nih.findings) == 0 with input as fixtures.run(m)
}

test_no_nih_finding_for_private_or_absent_funding if {
	m := sent(blood_to("t1", "lab-cn", "sequencing"))
	count(nih.findings) == 0 with input as fixtures.run(fixtures.funded_by(m, ["private"]))
	count(nih.findings) == 0 with input as fixtures.run(json.remove(m, ["study/funding"]))
}

test_no_nih_finding_for_a_lab_headquartered_in_china_but_located_in_germany if {
	m := sent_to_party({
		"id": "lab-de-cn", "name": "Example Sino GmbH", "role": "sequencing_lab", "country": "DE", "headquarters": "CN", "incorporated_in": "CN",
		"owners": [{"name": "Example Bio Group", "country": "CN", "share": 100}],
	})
	count(nih.findings) == 0 with input as fixtures.run(m)
}

test_nih_spec_001_fires_for_hong_kong_and_macau if {
	every code in ["HK", "MO"] {
		hits == {["NIH-SPEC-001", "/transfers/0", "t1", "lab-x"]} with input as fixtures.run(sent_to_party({"id": "lab-x", "name": "Example Ltd", "role": "cro", "country": code, "headquarters": code}))
	}
}

test_nih_spec_001_fires_for_a_us_company_branch_in_china if {
	m := sent_to_party({"id": "lab-branch", "name": "Example Inc. Beijing Branch", "role": "cro", "country": "CN", "incorporated_in": "US", "headquarters": "US"})
	{[f.rule, f.reasons] | some f in nih.findings} == {["NIH-SPEC-001", ["country CN"]]} with input as fixtures.run(m)
}

test_no_nih_finding_for_a_us_branch_of_a_chinese_company if {
	m := sent_to_party({"id": "lab-branch", "name": "Example Co. US Branch", "role": "cro", "country": "US", "incorporated_in": "CN", "headquarters": "CN"})
	count(nih.findings) == 0 with input as fixtures.run(m)
}

test_nih_spec_001_fires_for_an_onward_transfer_to_china if {
	m := object.union(nih_study, {"transfers": [blood_to("t1", "lab-de", "sequencing"), blood_onward("t2", "lab-de", "lab-cn", "storage")]})
	hits == {["NIH-SPEC-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

test_each_hop_is_judged_on_its_own_exception if {
	# the exception on the onward hop
	m1 := object.union(nih_study, {"transfers": [
		blood_to("t1", "lab-de", "sequencing"),
		excepted(blood_onward("t2", "lab-de", "lab-cn", "storage"), "unique_expertise"),
	]})
	hits == {["NIH-SPEC-002", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m1)

	# an exception on the first hop does not carry over to the next
	m2 := object.union(nih_study, {"transfers": [
		excepted(blood_to("t1", "lab-de", "sequencing"), "unique_expertise"),
		blood_onward("t2", "lab-de", "lab-cn", "storage"),
	]})
	hits == {["NIH-SPEC-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m2)
}

test_nih_rules_ignore_data_items if {
	m := sent(object.union(blood_to("t1", "lab-cn", "analysis"), {"item": "wgs"}))
	count(nih.findings) == 0 with input as fixtures.run(m)
}

test_nih_rules_ignore_non_american_material if {
	m := sent(object.union(blood_to("t1", "lab-cn", "analysis"), {"item": "jp-blood"}))
	count(nih.findings) == 0 with input as fixtures.run(m)
}

test_nih_rules_apply_in_an_fda_trial_too if {
	m := object.union(sent(blood_to("t1", "lab-cn", "storage")), {"study": {"fda": {"application": "IND", "status": "active", "submitted_on": "2026-01-01"}}})
	rules == {"NIH-SPEC-001"} with input as fixtures.run(m)
}

# --- Individuals and the territories (policy-pack-v2, 2) ---------------------------

# An individual `id` in `country`, of `nationality`, primarily resident in
# `residence`.
individual(id, country, nationality, residence) := {
	"id": id, "kind": "individual", "name": "Dr. Example", "role": "analysis_provider",
	"country": country, "nationality": nationality, "residence": residence,
}

test_nih_spec_001_fires_for_an_individual_located_in_china if {
	every nationality in ["CN", "US", "DE"] {
		m := sent_to_party(individual("dr-x", "CN", nationality, "DE"))
		hits == {["NIH-SPEC-001", "/transfers/0", "t1", "dr-x"]} with input as fixtures.run(m)
	}
}

test_no_nih_finding_for_an_individual_outside_china_resident_there if {
	# a location test: where the person is, not where they live or whose
	# citizen they are
	every p in [individual("dr-li", "DE", "CN", "CN"), individual("dr-wang", "US", "CN", "CN")] {
		count(nih.findings) == 0 with input as fixtures.run(sent_to_party(p))
	}
}

test_a_territorys_donors_are_american if {
	every code in ["PR", "GU", "VI"] {
		m := object.union(sent(blood_to("t1", "lab-cn", "sequencing")), {"subjects": [
			{"id": "us-donors", "nationality": code, "residence": code, "count": 40},
			{"id": "jp-donors", "nationality": "JP", "residence": "JP", "count": 40},
		]})
		rules == {"NIH-SPEC-001"} with input as fixtures.run(m)
	}
}

# --- Cell lines public before NOT-OD-25-160 (policy-pack-v2, 5) ---------------

# The study, but its American blood is a cell line with these fields.
cell_line(fields) := object.union(sent(blood_to("t1", "lab-cn", "sequencing")), {"materials": [
	object.union({"id": "blood", "type": "cell_line", "subjects": "us-donors"}, fields),
	{"id": "jp-blood", "type": "blood", "subjects": "jp-donors"},
]})

test_a_cell_line_public_the_day_before_the_notice_is_outside_the_nih_rules if {
	count(nih.findings) == 0 with input as fixtures.run(cell_line({"public_since": "2025-10-23"}))
	count(nih.findings) == 0 with input as fixtures.run(cell_line({"public_since": "1990-01-01"}))
	m := cell_line({"public_since": "2025-10-23"})
	count(nih.findings) == 0 with input as fixtures.run(fixtures.with_transfers(m, [excepted(blood_to("t1", "lab-cn", "sequencing"), "donor_care")]))
}

test_a_cell_line_public_since_the_notice_is_inside_the_nih_rules if {
	hits == {["NIH-SPEC-001", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(cell_line({"public_since": "2025-10-24"}))
	hits == {["NIH-SPEC-001", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(cell_line({"public_since": "2026-01-01"}))
}

test_a_cell_line_without_public_since_is_inside_the_nih_rules if {
	hits == {["NIH-SPEC-001", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(cell_line({}))
	m := fixtures.with_transfers(cell_line({}), [excepted(blood_to("t1", "lab-cn", "sequencing"), "donor_care")])
	hits == {["NIH-SPEC-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
}

test_a_cell_line_whose_public_since_is_no_date_stays_inside if {
	# HG-INPUT-001 denies the date; the NIH rule does not drop the transfer
	every date in ["1677-09-20", "2025-13-01", "yesterday", 20251001] {
		rules == {"NIH-SPEC-001"} with input as fixtures.run(cell_line({"public_since": date}))
	}
}

test_the_cell_line_date_comes_from_the_list if {
	m := cell_line({"public_since": "2025-10-23"})
	rules == {"NIH-SPEC-001"} with input as fixtures.run(m) with data.helixgate.lists.nih.biospecimens_from as "2025-10-23"
}

# --- NIH-DATA-001: controlled-access data (NOT-OD-25-083) ---------------------

# The study, but its genomic data comes from dbGaP (or `repository`).
dbgap := {"name": "dbGaP", "nih_controlled_access": true}

from_repository(m, repository) := fixtures.with_data(m, "wgs", {"repository": repository})

# The genomic data sent to `to`, with remote access from `countries`.
wgs_to(id, to, countries) := object.union(fixtures.transfer(id, "wgs", to), {
	"purpose": "analysis",
	"safeguards": {"encrypted_in_transit": true, "encrypted_at_rest": true, "remote_access_from": countries},
})

controlled(transfers) := fixtures.with_transfers(from_repository(nih_study, dbgap), transfers)

data_hits := {[f.pointer, f.transfer, f.party] | some f in nih.findings; f.rule == "NIH-DATA-001"}

test_nih_data_001_fires_for_controlled_access_data_to_a_lab_in_china if {
	nih.findings == {{
		"rule": "NIH-DATA-001",
		"order": 0,
		"pointer": "/transfers/0",
		"transfer": "t1",
		"item": "wgs",
		"party": "lab-cn",
		"reasons": ["country CN", "headquarters CN"],
		"message": "transfer t1 sends data wgs (American subjects) from the origin to lab-cn, data of the NIH controlled-access data repository dbGaP, located in CN: no access from countries of concern",
	}} with input as fixtures.run(controlled([wgs_to("t1", "lab-cn", [])]))
}

test_nih_data_001_fires_for_remote_access_from_a_country_of_concern if {
	m := controlled([wgs_to("t1", "lab-de", ["DE", "RU", "CN"])])
	data_hits == {["/transfers/0", "t1", "lab-de"]} with input as fixtures.run(m)
	{f.message | some f in nih.findings} == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de, data of the NIH controlled-access data repository dbGaP, remotely reachable from CN, RU: no access from countries of concern"} with input as fixtures.run(m)
}

test_no_nih_data_001_for_remote_access_from_trusted_countries_only if {
	every countries in [["DE"], ["DE", "US"], []] {
		count(nih.findings) == 0 with input as fixtures.run(controlled([wgs_to("t1", "lab-de", countries)]))
	}
	count(nih.findings) == 0 with input as fixtures.run(controlled([object.remove(wgs_to("t1", "lab-de", []), ["safeguards"])]))
}

test_nih_data_001_is_one_finding_when_located_and_remotely_reachable if {
	m := controlled([wgs_to("t1", "lab-cn", ["HK"])])
	[f.message | some f in nih.findings] == ["transfer t1 sends data wgs (American subjects) from the origin to lab-cn, data of the NIH controlled-access data repository dbGaP, located in CN; remotely reachable from HK: no access from countries of concern"] with input as fixtures.run(m)
}

test_no_nih_data_001_outside_a_controlled_access_repository if {
	every m in [
		fixtures.with_transfers(nih_study, [wgs_to("t1", "lab-cn", ["CN"])]),
		fixtures.with_transfers(from_repository(nih_study, {"name": "dbGaP", "nih_controlled_access": false}), [wgs_to("t1", "lab-cn", ["CN"])]),
		fixtures.with_transfers(from_repository(nih_study, {"name": "Example Open Archive", "nih_controlled_access": false}), [wgs_to("t1", "lab-cn", ["CN"])]),
	] {
		count(nih.findings) == 0 with input as fixtures.run(m)
	}
}

test_nih_data_001_names_the_repository_when_it_has_a_name if {
	m := fixtures.with_transfers(from_repository(nih_study, {"nih_controlled_access": true}), [wgs_to("t1", "lab-cn", [])])
	{f.message | some f in nih.findings} == {"transfer t1 sends data wgs (American subjects) from the origin to lab-cn, data of an NIH controlled-access data repository, located in CN: no access from countries of concern"} with input as fixtures.run(m)
}

test_nih_data_001_fires_by_any_route if {
	m := controlled([wgs_to("t1", "lab-de", []), object.union(wgs_to("t2", "lab-cn", []), {"from": "lab-de"})])
	data_hits == {["/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

test_nih_data_001_fires_for_every_country_of_concern_and_the_profiles if {
	every code in ["HK", "MO", "RU", "IR"] {
		m := fixtures.with_party(from_repository(nih_study, dbgap), fixtures.lab("lab-x", "Example Ltd", code), [wgs_to("t1", "lab-x", [])])
		data_hits == {["/transfers/0", "t1", "lab-x"]} with input as fixtures.run(m)
	}
	m := fixtures.with_party(from_repository(nih_study, dbgap), fixtures.lab("lab-by", "Example Minsk Lab", "BY"), [wgs_to("t1", "lab-by", [])])
	count(nih.findings) == 0 with input as fixtures.run(m)
	data_hits == {["/transfers/0", "t1", "lab-by"]} with input as fixtures.ask(m, {"profile": {"lists": {"countries_of_concern_extra": ["BY"]}}})
}

test_nih_data_001_is_a_location_test if {
	# a German lab owned from China is not located in a country of concern
	owned := object.union(fixtures.lab("lab-de-cn", "Example Sino GmbH", "DE"), {"headquarters": "CN", "owners": [{"name": "Example Bio Group", "country": "CN", "share": 100}]})
	count(nih.findings) == 0 with input as fixtures.run(fixtures.with_party(from_repository(nih_study, dbgap), owned, [wgs_to("t1", "lab-de-cn", [])]))

	# an individual counts where they are, not where they live or whose citizen they are
	in_cn := individual("dr-x", "CN", "US", "US")
	data_hits == {["/transfers/0", "t1", "dr-x"]} with input as fixtures.run(fixtures.with_party(from_repository(nih_study, dbgap), in_cn, [wgs_to("t1", "dr-x", [])]))
	in_de := individual("dr-li", "DE", "CN", "CN")
	count(nih.findings) == 0 with input as fixtures.run(fixtures.with_party(from_repository(nih_study, dbgap), in_de, [wgs_to("t1", "dr-li", [])]))
}

test_nih_data_001_needs_no_nih_funding_and_no_american_subjects if {
	every funding in [["private"], ["other_federal"], []] {
		m := fixtures.funded_by(controlled([wgs_to("t1", "lab-cn", [])]), funding)
		data_hits == {["/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
	}
	m := object.union(controlled([wgs_to("t1", "lab-cn", [])]), {"data": [{"id": "wgs", "category": "genomic", "subjects": "jp-donors", "identifiability": "pseudonymized", "repository": dbgap}]})
	data_hits == {["/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
}

test_nih_data_001_applies_from_the_notice_on if {
	on := object.union(wgs_to("t1", "lab-cn", ["CN"]), {"start_on": "2025-04-04"})
	data_hits == {["/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(controlled([on]))
	before := object.union(wgs_to("t1", "lab-cn", ["CN"]), {"start_on": "2025-04-03"})
	count(nih.findings) == 0 with input as fixtures.run(controlled([before]))
	count(nih.findings) == 0 with input as fixtures.run(controlled([on])) with data.helixgate.lists.nih.controlled_access_data_from as "2025-04-05"
}

test_nih_data_001_keeps_a_transfer_whose_start_is_no_date if {
	every date in ["1677-09-20", "2025-02-30", "soon"] {
		t := object.union(wgs_to("t1", "lab-cn", []), {"start_on": date})
		data_hits == {["/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(controlled([t]))
	}
}

test_nih_data_001_ignores_materials_and_the_producers_holding if {
	# a material has no repository
	count(nih.findings) == 0 with input as fixtures.run(fixtures.with_transfers(nih_study, [blood_to("t1", "lab-de", "sequencing")]))

	# the holding of data made in China is a reach, not a transfer: the
	# transfer from the producer to Germany is judged on its own receiver
	m := fixtures.with_data(controlled([blood_to("t1", "lab-de", "sequencing"), wgs_to("t2", "lab-de", [])]), "wgs", {"produced_by": "lab-cn"})
	count(nih.findings) == 0 with input as fixtures.run(m)
}
