# METADATA
# title: Tests of the NIH rules
# description: |
#   NIH-SPEC-001 and -002 (NOT-OD-25-160): a location test on American
#   biospecimens of NIH-supported studies. The base is an NIH-funded study
#   that sends American blood to a German lab: no NIH finding.
package helixgate.nih_test

import data.helixgate.nih

base := {
	"apiVersion": "helixgate/v1",
	"kind": "TransferManifest",
	"metadata": {"id": "HG-TEST-NIH"},
	"study": {"type": "research", "origin_country": "US", "funding": ["NIH"]},
	"consent": {"foreign_transfer_disclosed": true, "disclosed_countries": ["DE", "CN"], "sequencing_disclosed": true},
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
		{"id": "lab-de", "name": "Example Genomics GmbH", "role": "sequencing_lab", "country": "DE", "headquarters": "DE"},
		{"id": "lab-cn", "name": "Example Biobank Co.", "role": "biobank", "country": "CN", "headquarters": "CN"},
	],
	"transfers": [transfer("t1", "lab-de", "sequencing")],
}

transfer(id, to, purpose) := {
	"id": id,
	"item": "blood",
	"to": to,
	"purpose": purpose,
	"start_on": "2026-11-01",
	"selection_reason": "capability",
}

onward(id, from, to, purpose) := object.union(transfer(id, to, purpose), {"from": from})

excepted(t, exception) := object.union(t, {"nih_exception": exception})

# The base, but its one transfer is `t`.
sending(t) := object.union(base, {"transfers": [t]})

# The base, but with `party` added and the blood sent to it.
sent_to_party(party) := object.union(base, {
	"parties": array.concat(base.parties, [party]),
	"transfers": [transfer("t1", party.id, "sequencing")],
})

funded_by(m, funding) := object.union(m, {"study": {"funding": funding}})

run(m) := {"manifest": m, "context": {}}

rules := {f.rule | some f in nih.findings}

hits := {[f.rule, f.pointer, f.transfer, f.party] | some f in nih.findings}

test_no_finding_for_a_lab_in_germany if {
	count(nih.findings) == 0 with input as run(base)
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
	}} with input as run(sending(transfer("t1", "lab-cn", "sequencing")))
}

test_nih_spec_001_fires_for_any_purpose if {
	every purpose in ["storage", "other", "analysis"] {
		rules == {"NIH-SPEC-001"} with input as run(sending(transfer("t1", "lab-cn", purpose)))
	}
}

test_nih_spec_001_fires_alongside_other_funding if {
	m := funded_by(sending(transfer("t1", "lab-cn", "sequencing")), ["private", "NIH"])
	rules == {"NIH-SPEC-001"} with input as run(m)
}

test_nih_spec_002_fires_instead_when_an_exception_is_recorded if {
	m := sending(excepted(transfer("t1", "lab-cn", "sequencing"), "donor_care"))
	hits == {["NIH-SPEC-002", "/transfers/0", "t1", "lab-cn"]} with input as run(m)
	{f.message | some f in nih.findings} == {"transfer t1 sends material blood (American subjects) from the origin to lab-cn, located in CN, in an NIH-supported study, under the NIH exception donor_care: keep the documentation the notice requires"} with input as run(m)
}

test_nih_spec_002_fires_for_every_exception if {
	every exception in ["federal_law", "unique_expertise", "donor_care"] {
		rules == {"NIH-SPEC-002"} with input as run(sending(excepted(transfer("t1", "lab-cn", "sequencing"), exception)))
	}
}

test_no_nih_finding_for_other_federal_funding_only if {
	m := funded_by(sending(transfer("t1", "lab-cn", "sequencing")), ["other_federal"])
	count(nih.findings) == 0 with input as run(m)
}

test_no_nih_finding_for_private_or_absent_funding if {
	m := sending(transfer("t1", "lab-cn", "sequencing"))
	count(nih.findings) == 0 with input as run(funded_by(m, ["private"]))
	count(nih.findings) == 0 with input as run(json.remove(m, ["study/funding"]))
}

test_no_nih_finding_for_a_lab_headquartered_in_china_but_located_in_germany if {
	m := sent_to_party({
		"id": "lab-de-cn", "name": "Example Sino GmbH", "role": "sequencing_lab", "country": "DE", "headquarters": "CN", "incorporated_in": "CN",
		"owners": [{"name": "Example Bio Group", "country": "CN", "share": 100}],
	})
	count(nih.findings) == 0 with input as run(m)
}

test_nih_spec_001_fires_for_hong_kong_and_macau if {
	every code in ["HK", "MO"] {
		hits == {["NIH-SPEC-001", "/transfers/0", "t1", "lab-x"]} with input as run(sent_to_party({"id": "lab-x", "name": "Example Ltd", "role": "cro", "country": code, "headquarters": code}))
	}
}

test_nih_spec_001_fires_for_a_us_company_branch_in_china if {
	m := sent_to_party({"id": "lab-branch", "name": "Example Inc. Beijing Branch", "role": "cro", "country": "CN", "incorporated_in": "US", "headquarters": "US"})
	{[f.rule, f.reasons] | some f in nih.findings} == {["NIH-SPEC-001", ["country CN"]]} with input as run(m)
}

test_no_nih_finding_for_a_us_branch_of_a_chinese_company if {
	m := sent_to_party({"id": "lab-branch", "name": "Example Co. US Branch", "role": "cro", "country": "US", "incorporated_in": "CN", "headquarters": "CN"})
	count(nih.findings) == 0 with input as run(m)
}

test_nih_spec_001_fires_for_an_onward_transfer_to_china if {
	m := object.union(base, {"transfers": [transfer("t1", "lab-de", "sequencing"), onward("t2", "lab-de", "lab-cn", "storage")]})
	hits == {["NIH-SPEC-001", "/transfers/1", "t2", "lab-cn"]} with input as run(m)
}

test_each_hop_is_judged_on_its_own_exception if {
	# the exception on the onward hop
	m1 := object.union(base, {"transfers": [
		transfer("t1", "lab-de", "sequencing"),
		excepted(onward("t2", "lab-de", "lab-cn", "storage"), "unique_expertise"),
	]})
	hits == {["NIH-SPEC-002", "/transfers/1", "t2", "lab-cn"]} with input as run(m1)

	# an exception on the first hop does not carry over to the next
	m2 := object.union(base, {"transfers": [
		excepted(transfer("t1", "lab-de", "sequencing"), "unique_expertise"),
		onward("t2", "lab-de", "lab-cn", "storage"),
	]})
	hits == {["NIH-SPEC-001", "/transfers/1", "t2", "lab-cn"]} with input as run(m2)
}

test_nih_rules_ignore_data_items if {
	m := sending(object.union(transfer("t1", "lab-cn", "analysis"), {"item": "wgs"}))
	count(nih.findings) == 0 with input as run(m)
}

test_nih_rules_ignore_non_american_material if {
	m := sending(object.union(transfer("t1", "lab-cn", "analysis"), {"item": "jp-blood"}))
	count(nih.findings) == 0 with input as run(m)
}

test_nih_rules_apply_in_an_fda_trial_too if {
	m := object.union(sending(transfer("t1", "lab-cn", "storage")), {"study": {"fda": {"application": "IND", "status": "active", "submitted_on": "2026-01-01"}}})
	rules == {"NIH-SPEC-001"} with input as run(m)
}
