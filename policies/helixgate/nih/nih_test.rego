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
