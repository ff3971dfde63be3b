# METADATA
# title: Tests of the decision
# description: |
#   helixgate.main: the decision (deny over review over allow), the order of
#   findings, their catalogue fields, obligations, and `results` for a batch.
#   The base is a clean manifest (American genomic data to a certified, vetted
#   German lab): allow, no finding.
package helixgate.main_test

import data.helixgate.main
import data.helixgate.test.fixtures

catalogue := data.helixgate.catalogue.rules

with_id(m, id) := object.union(m, {"metadata": {"id": id}})

rules := {f.rule | some f in main.result.findings}

# [pointer, rule] of the findings, in the order given
order := [[f.pointer, f.rule] | some f in main.result.findings]

# --- Decision -----------------------------------------------------------------

test_a_clean_manifest_is_allowed_with_no_finding if {
	object.remove(main.result, ["facts"]) == {
		"manifest": fixtures.base.metadata.id,
		"decision": "allow",
		"findings": [],
		"obligations": [],
		"controls_matched": {"waivers": [], "signoffs": []},
		"policy_revision": data.helixgate.meta.revision,
	} with input as fixtures.run(fixtures.base)
}

test_a_deny_finding_denies_whatever_else_stands if {
	# CMP-SEC-001 (deny) and CMP-SEC-003 (review) on one transfer
	m := json.patch(fixtures.base, [
		{"op": "remove", "path": "/transfers/0/safeguards"},
		{"op": "replace", "path": "/parties/0/certifications", "value": []},
	])
	rules == {"CMP-SEC-001", "CMP-SEC-003"} with input as fixtures.run(m)
	main.result.decision == "deny" with input as fixtures.run(m)
}

test_a_review_finding_without_deny_asks_for_review if {
	# CMP-PARTNER-002 (review) and CMP-LOCAL-001 (info)
	m := json.remove(fixtures.sending([fixtures.transfer("t1", "blood", "lab-sg")]), ["parties/3/due_diligence"])
	rules == {"CMP-PARTNER-002", "CMP-LOCAL-001"} with input as fixtures.run(m)
	main.result.decision == "review" with input as fixtures.run(m)
}

test_an_info_finding_alone_allows if {
	m := fixtures.sending([fixtures.transfer("t1", "blood", "lab-sg")])
	[[f.rule, f.level] | some f in main.result.findings] == [["CMP-LOCAL-001", "info"]] with input as fixtures.run(m)
	main.result.decision == "allow" with input as fixtures.run(m)
}

test_a_finding_at_a_level_that_does_not_count_leaves_the_decision if {
	m := json.remove(fixtures.base, ["transfers/0/safeguards"])
	waived := object.union(catalogue, {"CMP-SEC-001": {"level": "waived"}})
	main.result.decision == "deny" with input as fixtures.run(m)
	main.result.decision == "allow" with input as fixtures.run(m) with data.helixgate.catalogue.rules as waived
	[f.level | some f in main.result.findings] == ["waived"] with input as fixtures.run(m) with data.helixgate.catalogue.rules as waived
}

test_a_finding_at_a_level_that_does_not_count_adds_no_obligation if {
	m := fixtures.sending([fixtures.transfer("t1", "ehr", "lab-cn")]) # DOJ-BULK-003
	waived := object.union(catalogue, {"DOJ-BULK-003": {"level": "waived"}})
	main.result.obligations == ["doj-security-requirements"] with input as fixtures.run(m)
	main.result.obligations == [] with input as fixtures.run(m) with data.helixgate.catalogue.rules as waived
	main.result.decision == "allow" with input as fixtures.run(m) with data.helixgate.catalogue.rules as waived
}

# --- Findings ----------------------------------------------------------------------

test_findings_are_sorted_by_transfer_index_then_rule_id if {
	m := object.union(
		json.remove(
			fixtures.sending([
				fixtures.transfer("t1", "blood", "lab-sg"), # CMP-LOCAL-001, CMP-PARTNER-002
				object.union(fixtures.transfer("t2", "wgs", "lab-cn"), {"selection_reason": "cost"}), # CMP-COST-001, CMP-SOV-001, DOJ-BULK-001
			]),
			["parties/3/due_diligence"],
		),
		{"compliance": {"assessment": {"completed_on": "2027-01-01"}}}, # CMP-ASSESS-001
	)
	order == [
		["/compliance/assessment/completed_on", "CMP-ASSESS-001"],
		["/transfers/0", "CMP-LOCAL-001"],
		["/transfers/0", "CMP-PARTNER-002"],
		["/transfers/1", "CMP-COST-001"],
		["/transfers/1", "CMP-SOV-001"],
		["/transfers/1", "DOJ-BULK-001"],
	] with input as fixtures.run(m)
}

test_findings_are_sorted_by_the_number_of_the_transfer_not_its_text if {
	# twelve transfers; only /transfers/2 and /transfers/10 go to Singapore
	transfers := [t |
		some i in numbers.range(0, 11)
		t := fixtures.transfer(sprintf("t%d", [i]), "blood", {true: "lab-sg", false: "lab-de"}[i in {2, 10}])
	]
	order == [["/transfers/2", "CMP-LOCAL-001"], ["/transfers/10", "CMP-LOCAL-001"]] with input as fixtures.run(fixtures.sending(transfers))
}

test_doj_findings_for_two_parties_point_at_their_own_first_transfers if {
	m := fixtures.sending([fixtures.transfer("t1", "small-wgs", "lab-ru"), fixtures.transfer("t2", "small-wgs", "lab-cn")])
	[[f.pointer, f.rule, f.party] | some f in main.result.findings; startswith(f.rule, "DOJ")] == [
		["/transfers/0", "DOJ-BULK-002", "lab-ru"],
		["/transfers/1", "DOJ-BULK-002", "lab-cn"],
	] with input as fixtures.run(m)
}

test_each_finding_carries_level_title_citation_and_remediation_from_the_catalogue if {
	m := object.union(fixtures.sending([object.union(fixtures.transfer("t1", "wgs", "lab-cn"), {"selection_reason": "cost"})]), {"compliance": {"assessment": {"completed_on": "2027-01-01"}}})
	findings := main.result.findings with input as fixtures.run(m)
	count(findings) == 4
	every f in findings {
		entry := catalogue[f.rule]
		f.level == entry.level
		f.title == entry.title
		f.citation == {"source": entry.source, "text": entry.citation}
		f.remediation == entry.remediation
		not f.order
	}
}

test_a_finding_keeps_the_fields_of_its_rule if {
	m := fixtures.sending([object.union(fixtures.transfer("t1", "wgs", "lab-cn"), {"purpose": "analysis"})])
	findings := main.result.findings with input as fixtures.run(m)
	some f in findings
	f.rule == "DOJ-BULK-001"
	f == {
		"rule": "DOJ-BULK-001",
		"level": "deny",
		"title": catalogue["DOJ-BULK-001"].title,
		"message": "transfer t1 sends data wgs (American subjects) from the origin to lab-cn: over 12 months up to transfer t1, human genomic data or biospecimens on 150 U.S. persons reach covered party lab-cn (bulk is more than 100)",
		"pointer": "/transfers/0",
		"transfer": "t1",
		"item": "wgs",
		"party": "lab-cn",
		"reasons": ["country CN", "headquarters CN"],
		"citation": {"source": "28 CFR 202", "text": catalogue["DOJ-BULK-001"].citation},
		"remediation": catalogue["DOJ-BULK-001"].remediation,
	}
}

# A U.S. subsidiary of a Chinese company (lab-sub): a U.S. person, so neither
# covered (DOJ) nor a foreign laboratory (FDA); only the company's
# sovereignty commitment speaks.
test_a_us_subsidiary_of_a_chinese_company_gets_only_cmp_sov_001 if {
	m := fixtures.sending([fixtures.transfer("t1", "wgs", "lab-sub")]) # 150 Americans
	[[f.rule, f.party, f.reasons] | some f in main.result.findings] == [["CMP-SOV-001", "lab-sub", ["headquarters CN"]]] with input as fixtures.run(m)
	main.result.decision == "review" with input as fixtures.run(m)
	[f.rule | some f in main.result.findings] == ["CMP-SOV-001"] with input as fixtures.run(fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-sub")]), "planned"))
}

test_a_us_branch_of_a_chinese_company_is_covered_for_doj_but_not_fda if {
	branch := {"id": "lab-branch", "name": "Example Co. US Branch", "role": "cro", "country": "US", "incorporated_in": "CN", "headquarters": "CN", "certifications": ["ISO27001"], "due_diligence": {"completed_on": "2026-08-01", "outcome": "approved"}}
	m := object.union(fixtures.base, {"parties": array.concat(fixtures.base.parties, [branch]), "transfers": [fixtures.transfer("t1", "wgs", "lab-branch")]})
	rules == {"DOJ-BULK-001", "CMP-SOV-001"} with input as fixtures.run(m)
	rules == {"CMP-SOV-001"} with input as fixtures.run(fixtures.with_fda(object.union(m, {"transfers": [fixtures.transfer("t1", "blood", "lab-branch")]}), "planned"))
}

# --- Obligations -----------------------------------------------------------------

test_an_ongoing_fda_trial_under_oversight_carries_its_obligation_once if {
	m := fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn"), object.union(fixtures.transfer("t2", "blood", "lab-cn"), {"purpose": "analysis"})]), "active")
	[f.rule | some f in main.result.findings; startswith(f.rule, "FDA")] == ["FDA-CELLS-002", "FDA-CELLS-002"] with input as fixtures.run(m)
	main.result.obligations == ["fda-enhanced-oversight"] with input as fixtures.run(m)
	main.result.decision == "review" with input as fixtures.run(m)
}

test_a_restricted_transaction_carries_the_security_requirements if {
	m := fixtures.sending([fixtures.transfer("t1", "ehr", "lab-cn")])
	rules == {"DOJ-BULK-003"} with input as fixtures.run(m)
	main.result.obligations == ["doj-security-requirements"] with input as fixtures.run(m)
	main.result.decision == "review" with input as fixtures.run(m)
}

test_no_obligation_without_a_finding_that_carries_one if {
	m := fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), "planned")
	rules == {"FDA-CELLS-001", "CMP-SOV-001"} with input as fixtures.run(m)
	main.result.obligations == [] with input as fixtures.run(m)
}

# --- Batches -------------------------------------------------------------------------

test_results_gives_one_result_per_manifest_in_input_order if {
	m1 := with_id(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), "HG-1") # deny: DOJ-BULK-001
	m2 := with_id(fixtures.base, "HG-2") # allow
	m3 := with_id(fixtures.sending([fixtures.transfer("t1", "ehr", "lab-cn")]), "HG-3") # review
	results := main.results with input as {"manifests": [m1, m2, m3], "context": {}}
	[[r.manifest, r.decision] | some r in results] == [["HG-1", "deny"], ["HG-2", "allow"], ["HG-3", "review"]]
	results[0] == main.result with input as fixtures.run(m1)
	results[1] == main.result with input as fixtures.run(m2)
	results[2] == main.result with input as fixtures.run(m3)
}

test_results_keeps_identical_manifests_apart if {
	results := main.results with input as {"manifests": [fixtures.base, fixtures.base], "context": {}}
	count(results) == 2
	results[0] == results[1]
}

test_results_of_no_manifest_is_empty if {
	main.results == [] with input as {"manifests": [], "context": {}}
}

# --- Every rule of the catalogue -------------------------------------------------------

# Manifests that, between them, make every rule of the catalogue fire.
showcase := [
	# FDA-CELLS-001 (sequencing in China), -005 (storage in China), -004 (a lab
	# in Singapore whose owners are unknown, with no certification and no due
	# diligence: CMP-SEC-003, CMP-PARTNER-002, CMP-LOCAL-001), CMP-SOV-001
	with_id(
		fixtures.with_fda(
			object.union(fixtures.base, {
				"parties": array.concat(fixtures.base.parties, [{"id": "lab-x", "name": "Example X Pte", "role": "cro", "country": "SG"}]),
				"transfers": [
					fixtures.transfer("t1", "blood", "lab-cn"),
					object.union(fixtures.transfer("t2", "blood", "lab-cn"), {"purpose": "storage"}),
					fixtures.transfer("t3", "blood", "lab-x"),
				],
			}),
			"planned",
		),
		"SHOW-FDA-NEW",
	),
	# FDA-CELLS-002
	with_id(fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), "active"), "SHOW-FDA-DISCLOSED"),
	# FDA-CELLS-003 and CMP-CONSENT-001: consent does not name CN
	with_id(fixtures.with_fda(object.union(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), {"consent": {"disclosed_countries": ["DE"]}}), "active"), "SHOW-FDA-UNDISCLOSED"),
	# NIH-SPEC-001 and -002
	with_id(
		object.union(
			fixtures.sending([
				fixtures.transfer("t1", "blood", "lab-cn"),
				object.union(fixtures.transfer("t2", "blood", "lab-cn"), {"nih_exception": "donor_care"}),
			]),
			{"study": {"funding": ["NIH"]}},
		),
		"SHOW-NIH",
	),
	# DOJ-BULK-001 (150 to lab-cn), -002 (50 to lab-ru), -003 (health on 10,001)
	with_id(
		fixtures.sending([
			fixtures.transfer("t1", "wgs", "lab-cn"),
			fixtures.transfer("t2", "small-wgs", "lab-ru"),
			fixtures.transfer("t3", "ehr", "lab-cn"),
		]),
		"SHOW-DOJ",
	),
	# CMP-ASSESS-001 (late), CMP-SEC-001 (no safeguards), CMP-SEC-002 (remote
	# access from CN), CMP-PARTNER-001 (rejected), CMP-COST-002 (Singapore for
	# cost), CMP-COST-001 (China for cost)
	with_id(
		object.union(
			json.patch(fixtures.base, [{"op": "replace", "path": "/parties/0/due_diligence/outcome", "value": "rejected"}]),
			{
				"compliance": {"assessment": {"completed_on": "2027-01-01"}},
				"transfers": [
					object.remove(fixtures.transfer("t1", "ehr", "lab-sg"), ["safeguards"]),
					object.union(fixtures.transfer("t2", "ehr", "lab-sg"), {"safeguards": {"remote_access_from": ["CN"]}, "selection_reason": "cost"}),
					fixtures.transfer("t3", "blood", "lab-de"),
					object.union(fixtures.transfer("t4", "small-wgs", "lab-ru"), {"selection_reason": "cost"}),
				],
			},
		),
		"SHOW-CMP",
	),
	# HGR-MAT-001, HGR-INFO-001 and -002: blood and genomic data on 600
	# people leave mainland China (with what PIPL needs: no PIPL finding)
	with_id(
		object.union(fixtures.base, {
			"study": {"origin_country": "CN"},
			"consent": {"separate_export_consent": true},
			"compliance": {"cn_export": {"mechanism": "standard_contract", "reference": "SC-1", "completed_on": "2026-09-01"}},
			"subjects": [{"id": "cn", "nationality": "CN", "residence": "CN", "count": 600}],
			"materials": [{"id": "blood", "type": "blood", "subjects": "cn"}],
			"data": [{"id": "wgs", "category": "genomic", "subjects": "cn", "identifiability": "pseudonymized"}],
			"transfers": [fixtures.transfer("t1", "blood", "lab-de"), fixtures.transfer("t2", "wgs", "lab-de")],
		}),
		"SHOW-HGR",
	),
	# HG-INPUT-001: a start in 2300, beyond OPA's time functions
	with_id(fixtures.sending([object.union(fixtures.transfer("t1", "wgs", "lab-de"), {"start_on": "2300-01-01"})]), "SHOW-INPUT"),
	# DOJ-BULK-004: genomic data on 60 and 60 Americans to two subsidiaries
	# of one holding, neither over the threshold, together over it
	with_id(
		object.union(fixtures.base, {
			"subjects": [
				{"id": "us-a", "nationality": "US", "residence": "US", "count": 60},
				{"id": "us-b", "nationality": "US", "residence": "US", "count": 60},
			],
			"materials": [],
			"data": [
				{"id": "wgs-a", "category": "genomic", "subjects": "us-a", "identifiability": "pseudonymized"},
				{"id": "wgs-b", "category": "genomic", "subjects": "us-b", "identifiability": "pseudonymized"},
			],
			"parties": [subsidiary("sub-1", "Example Sequencing One"), subsidiary("sub-2", "Example Sequencing Two")],
			"transfers": [fixtures.transfer("t1", "wgs-a", "sub-1"), fixtures.transfer("t2", "wgs-b", "sub-2")],
		}),
		"SHOW-GROUP",
	),
	# NIH-DATA-001: data of dbGaP, an NIH controlled-access repository, to a
	# lab in China
	with_id(
		fixtures.with_data(fixtures.sending([fixtures.transfer("t1", "small-wgs", "lab-cn")]), "small-wgs", {"repository": {"name": "dbGaP", "nih_controlled_access": true}}),
		"SHOW-NIH-DATA",
	),
	# BIO-001: a federally funded study sends data to a lab named on the
	# entities-of-concern list
	with_id(
		fixtures.with_party(fixtures.funded_by(fixtures.base, ["other_federal"]), fixtures.lab("lab-wuxi", "WuXi AppTec", "DE"), [fixtures.transfer("t1", "wgs", "lab-wuxi")]),
		"SHOW-BIO",
	),
	# PIPL-XFER-001 (sensitive data of 10,000 people without a security
	# assessment), -002 (ordinary data of 100,000 without any mechanism),
	# PIPL-CONSENT-001 (no separate consent): a study run in China exports to
	# a U.S. lab, with HGR filing and security review
	with_id(
		object.union(fixtures.base, {
			"study": {"origin_country": "CN"},
			"consent": {"disclosed_countries": ["US"], "separate_export_consent": false},
			"compliance": {"hgr_filing": {"reference": "HGRF-1"}, "hgr_security_review": {"reference": "HGRSR-1"}},
			"subjects": [
				{"id": "cn-a", "nationality": "CN", "residence": "CN", "count": 10000},
				{"id": "cn-b", "nationality": "CN", "residence": "CN", "count": 100000},
			],
			"materials": [],
			"data": [
				{"id": "wgs-cn", "category": "genomic", "subjects": "cn-a", "identifiability": "pseudonymized"},
				{"id": "survey", "category": "other", "subjects": "cn-b", "identifiability": "pseudonymized"},
			],
			"parties": [fixtures.lab("lab-us", "Boston Example Sequencing Inc.", "US")],
			"transfers": [fixtures.transfer("t1", "wgs-cn", "lab-us"), fixtures.transfer("t2", "survey", "lab-us")],
		}),
		"SHOW-PIPL",
	),
]

subsidiary(id, name) := object.union(fixtures.lab(id, name, "CN"), {"owners": [{"name": "Example Holding Group", "country": "CN", "share": 100}]})

# Two waivers for SHOW-FDA-NEW: one names an FDA rule (HG-WAIVER-001), one has
# expired (HG-WAIVER-002).
showcase_waivers := [
	{"rule": "FDA-CELLS-001", "manifest": "SHOW-FDA-NEW", "reason": "r", "approved_by": "a@example.com", "expires_on": "2030-01-01"},
	{"rule": "CMP-SEC-003", "manifest": "SHOW-FDA-NEW", "reason": "r", "approved_by": "a@example.com", "expires_on": "2026-01-01"},
]

# A sign-off for SHOW-FDA-NEW's deny finding (HG-SIGNOFF-001).
showcase_signoffs := [{"rule": "FDA-CELLS-001", "manifest": "SHOW-FDA-NEW", "reason": "r", "approved_by": "a@example.com", "approved_on": "2026-11-01", "expires_on": "2030-01-01"}]

# The rules about the whole run, which the wrapper emits after it (a waiver or
# sign-off that meets no finding, or that expires soon).
about_the_run := {"HG-WAIVER-003", "HG-WAIVER-004"}

# History that could not be read (HG-PORTFOLIO-001) reviews the manifests
# that are not denied.
test_every_rule_of_the_catalogue_is_emitted_by_some_manifest if {
	context := {"as_of": "2026-11-25", "waivers": showcase_waivers, "signoffs": showcase_signoffs, "portfolio": {"entries": [], "incomplete": ["broken.yaml"]}}
	results := main.results with input as {"manifests": showcase, "context": context}
	{f.rule | some r in results; some f in r.findings} == {id | some id, rule in catalogue; not rule.replaced_by; not id in about_the_run}
}

test_the_showcase_manifests_are_decided_as_expected if {
	results := main.results with input as {"manifests": showcase, "context": {}}
	[[r.manifest, r.decision, r.obligations] | some r in results] == [
		["SHOW-FDA-NEW", "deny", []],
		["SHOW-FDA-DISCLOSED", "review", ["fda-enhanced-oversight"]],
		["SHOW-FDA-UNDISCLOSED", "deny", []],
		["SHOW-NIH", "deny", []],
		["SHOW-DOJ", "deny", ["doj-security-requirements"]],
		["SHOW-CMP", "deny", ["doj-security-requirements"]],
		["SHOW-HGR", "deny", []],
		["SHOW-INPUT", "deny", []],
		["SHOW-GROUP", "review", []],
		["SHOW-NIH-DATA", "deny", []],
		["SHOW-BIO", "review", ["biosecure-procurement"]],
		["SHOW-PIPL", "deny", []],
	]
}

test_each_showcase_manifest_emits_exactly_its_rules if {
	results := main.results with input as {"manifests": showcase, "context": {}}
	[{f.rule | some f in r.findings} | some r in results] == [
		{"FDA-CELLS-001", "FDA-CELLS-005", "FDA-CELLS-004", "CMP-SOV-001", "CMP-SEC-003", "CMP-PARTNER-002", "CMP-LOCAL-001"},
		{"FDA-CELLS-002", "CMP-SOV-001"},
		{"FDA-CELLS-003", "CMP-CONSENT-001", "CMP-SOV-001"},
		{"NIH-SPEC-001", "NIH-SPEC-002", "CMP-SOV-001"}, # federally funded: no DOJ finding
		{"DOJ-BULK-001", "DOJ-BULK-002", "DOJ-BULK-003", "CMP-SOV-001"},
		# remote access from CN to health data: DOJ-BULK-003 for the staff there
		{"CMP-ASSESS-001", "CMP-SEC-001", "CMP-SEC-002", "CMP-COST-002", "CMP-PARTNER-001", "CMP-COST-001", "CMP-SOV-001", "DOJ-BULK-002", "DOJ-BULK-003"},
		{"HGR-MAT-001", "HGR-INFO-001", "HGR-INFO-002"},
		{"HG-INPUT-001"},
		{"DOJ-BULK-004", "DOJ-BULK-002", "CMP-SOV-001"},
		{"NIH-DATA-001", "DOJ-BULK-002", "CMP-SOV-001"},
		{"BIO-001", "CMP-SOV-001"}, # federally funded: no DOJ finding
		{"PIPL-XFER-001", "PIPL-XFER-002", "PIPL-CONSENT-001"},
	]
}

test_a_finding_of_a_rule_missing_from_the_catalogue_is_kept_without_a_level if {
	m := json.remove(fixtures.base, ["transfers/0/safeguards"])
	without := object.remove(catalogue, ["CMP-SEC-001"])
	findings := main.result.findings with input as fixtures.run(m) with data.helixgate.catalogue.rules as without
	[f.rule | some f in findings] == ["CMP-SEC-001"]
	not findings[0].level
}
