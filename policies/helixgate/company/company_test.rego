# METADATA
# title: Tests of the company commitments
# description: |
#   CMP-* rules, each fired and each held back just across its edge. The base
#   is a privately funded research study sending American genomic data to a
#   certified, vetted German lab, with consent and an assessment in place:
#   no company finding.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

# The base, but its one transfer sends `item` to `to`.
sent(item, to) := fixtures.sending([fixtures.transfer("t1", item, to)])

# The base, but its one transfer also has `fields`.
sent_with(item, to, fields) := fixtures.sending([object.union(fixtures.transfer("t1", item, to), fields)])

rules := {f.rule | some f in company.findings}

hits := {[f.rule, f.pointer, f.transfer, f.party] | some f in company.findings}

messages(rule) := {f.message | some f in company.findings; f.rule == rule}

test_no_finding_for_the_base if {
	count(company.findings) == 0 with input as fixtures.run(fixtures.base)
}

# --- CMP-ASSESS-001 ----------------------------------------------------------

assessed_on(m, date) := object.union(m, {"compliance": {"assessment": {"completed_on": date}}})

test_cmp_assess_001_fires_for_an_assessment_a_day_after_the_first_cross_border_start if {
	company.findings == {{
		"rule": "CMP-ASSESS-001",
		"order": -1,
		"pointer": "/compliance/assessment/completed_on",
		"reasons": [],
		"message": "the cross-border compliance assessment is dated 2026-12-02, after the first cross-border transfer starts on 2026-12-01",
	}} with input as fixtures.run(assessed_on(fixtures.base, "2026-12-02"))
}

test_cmp_assess_001_does_not_fire_for_an_assessment_on_the_day_of_the_first_cross_border_start if {
	count(company.findings) == 0 with input as fixtures.run(assessed_on(fixtures.base, "2026-12-01"))
}

test_cmp_assess_001_looks_at_the_earliest_cross_border_start_only if {
	m := fixtures.sending([
		object.union(fixtures.transfer("t0", "wgs", "lab-us"), {"start_on": "2026-06-01"}), # domestic, earlier
		fixtures.transfer("t1", "wgs", "lab-de"),
		object.union(fixtures.transfer("t2", "blood", "lab-de"), {"start_on": "2026-11-15"}),
	])
	count(company.findings) == 0 with input as fixtures.run(assessed_on(m, "2026-11-15"))
	messages("CMP-ASSESS-001") == {"the cross-border compliance assessment is dated 2026-11-16, after the first cross-border transfer starts on 2026-11-15"} with input as fixtures.run(assessed_on(m, "2026-11-16"))
}

test_cmp_assess_001_points_at_the_assessment_when_its_date_is_missing if {
	m := json.remove(fixtures.base, ["compliance/assessment/completed_on"])
	{[f.rule, f.pointer] | some f in company.findings} == {["CMP-ASSESS-001", "/compliance/assessment"]} with input as fixtures.run(m)
	messages("CMP-ASSESS-001") == {"no cross-border compliance assessment is recorded, and the first cross-border transfer starts on 2026-12-01"} with input as fixtures.run(m)
}

test_cmp_assess_001_points_at_compliance_when_the_assessment_is_missing if {
	m := object.union(json.remove(fixtures.base, ["compliance/assessment"]), {"compliance": {"hgr_filing": {"reference": "HGRF-1", "filed_on": "2026-08-02"}}})
	{[f.rule, f.pointer] | some f in company.findings} == {["CMP-ASSESS-001", "/compliance"]} with input as fixtures.run(m)
}

test_cmp_assess_001_points_at_the_whole_document_when_compliance_is_missing if {
	m := object.remove(fixtures.base, ["compliance"])
	{[f.rule, f.pointer] | some f in company.findings} == {["CMP-ASSESS-001", ""]} with input as fixtures.run(m)
}

test_cmp_assess_001_names_no_transfer if {
	findings := company.findings with input as fixtures.run(object.remove(fixtures.base, ["compliance"]))
	some f in findings
	f.rule == "CMP-ASSESS-001"
	not f.transfer
	not f.item
	not f.party
}

test_cmp_assess_001_does_not_fire_without_a_cross_border_transfer if {
	m := object.remove(sent("wgs", "lab-us"), ["compliance"])
	count(company.findings) == 0 with input as fixtures.run(m)
}

# --- CMP-CONSENT-001 -----------------------------------------------------------

test_cmp_consent_001_fires_when_there_is_no_consent if {
	m := object.remove(fixtures.base, ["consent"])
	hits == {["CMP-CONSENT-001", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(m)
	messages("CMP-CONSENT-001") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de (DE): consent does not disclose the transfer to DE"} with input as fixtures.run(m)
}

test_cmp_consent_001_fires_when_the_foreign_transfer_is_not_disclosed if {
	m := fixtures.with_consent(fixtures.base, {"foreign_transfer_disclosed": false, "disclosed_countries": ["DE"], "sequencing_disclosed": true})
	rules == {"CMP-CONSENT-001"} with input as fixtures.run(m)
}

test_cmp_consent_001_fires_when_the_destination_country_is_not_named if {
	m := fixtures.with_consent(fixtures.base, {"foreign_transfer_disclosed": true, "disclosed_countries": ["JP"], "sequencing_disclosed": true})
	rules == {"CMP-CONSENT-001"} with input as fixtures.run(m)
}

test_cmp_consent_001_wants_hong_kong_named_by_its_own_code if {
	m := sent("de-wgs", "lab-hk")
	rules == {"CMP-CONSENT-001"} with input as fixtures.run(m) # consent names CN, not HK
	count(company.findings) == 0 with input as fixtures.run(fixtures.with_consent(m, {"foreign_transfer_disclosed": true, "disclosed_countries": ["HK"], "sequencing_disclosed": true}))
}

test_cmp_consent_001_fires_for_genetic_processing_without_sequencing_disclosed if {
	m := json.remove(fixtures.base, ["consent/sequencing_disclosed"])
	hits == {["CMP-CONSENT-001", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(m)
	messages("CMP-CONSENT-001") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de (DE): consent does not disclose sequencing for sequencing"} with input as fixtures.run(m)
	rules == {"CMP-CONSENT-001"} with input as fixtures.run(object.union(fixtures.base, {"consent": {"sequencing_disclosed": false}}))
}

test_cmp_consent_001_does_not_ask_for_sequencing_consent_for_storage if {
	m := json.remove(sent_with("wgs", "lab-de", {"purpose": "storage"}), ["consent/sequencing_disclosed"])
	count(company.findings) == 0 with input as fixtures.run(m)
}

test_cmp_consent_001_never_fires_for_a_domestic_transfer if {
	m := object.remove(sent("wgs", "lab-us"), ["consent"])
	count(company.findings) == 0 with input as fixtures.run(m)
}

test_cmp_consent_001_ignores_non_genetic_items if {
	m := object.remove(sent("ehr", "lab-de"), ["consent"])
	count(company.findings) == 0 with input as fixtures.run(m)
}

# --- CMP-HGR-001 and -002 ---------------------------------------------------------

# A study collected in mainland China, with HGR approval and filing: the base
# of the HGR tests (no finding).
china := object.union(fixtures.base, {
	"study": {"origin_country": "CN"},
	"consent": {"disclosed_countries": ["DE", "HK"]},
	"compliance": {
		"hgr_approval": {"reference": "HGR-2026-0091", "approved_on": "2026-07-30"},
		"hgr_filing": {"reference": "HGRF-2026-0112", "filed_on": "2026-08-02"},
	},
	"subjects": [{"id": "cn", "nationality": "CN", "residence": "CN", "count": 300}],
	"materials": [
		{"id": "blood", "type": "blood", "subjects": "cn"},
		{"id": "plasma", "type": "plasma", "subjects": "cn"},
		{"id": "serum", "type": "serum", "subjects": "cn"},
		{"id": "urine", "type": "urine", "subjects": "cn"},
	],
	"data": [
		{"id": "wgs", "category": "genomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "methylome", "category": "epigenomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "rna", "category": "transcriptomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "proteome", "category": "proteomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "ehr", "category": "health", "subjects": "cn", "identifiability": "pseudonymized"},
	],
})

# China, but `item` goes to `to`, and without approval and filing.
from_china(item, to) := json.remove(object.union(china, {"transfers": [fixtures.transfer("t1", item, to)]}), ["compliance/hgr_approval", "compliance/hgr_filing"])

test_no_hgr_finding_with_approval_and_filing if {
	count(company.findings) == 0 with input as fixtures.run(object.union(china, {"transfers": [fixtures.transfer("t1", "blood", "lab-de"), fixtures.transfer("t2", "wgs", "lab-de")]}))
}

test_cmp_hgr_001_fires_for_whole_blood_leaving_china_without_approval if {
	hits == {["CMP-HGR-001", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(from_china("blood", "lab-de"))
	messages("CMP-HGR-001") == {"transfer t1 sends material blood from the origin to lab-de (DE): human genetic resources material leaves mainland China without an HGR export approval"} with input as fixtures.run(from_china("blood", "lab-de"))
}

test_cmp_hgr_001_does_not_fire_with_an_approval_reference if {
	m := object.union(from_china("blood", "lab-de"), {"compliance": {"hgr_approval": {"reference": "HGR-1"}}})
	count(company.findings) == 0 with input as fixtures.run(m)
}

test_cmp_hgr_001_does_not_fire_for_plasma_serum_or_urine if {
	every item in ["plasma", "serum", "urine"] {
		count(company.findings) == 0 with input as fixtures.run(from_china(item, "lab-de"))
	}
}

test_cmp_hgr_001_fires_for_china_to_hong_kong if {
	hits == {["CMP-HGR-001", "/transfers/0", "t1", "lab-hk"]} with input as fixtures.run(from_china("blood", "lab-hk"))
}

test_cmp_hgr_001_does_not_fire_within_mainland_china if {
	count(company.findings) == 0 with input as fixtures.run(from_china("blood", "lab-cn"))
}

test_cmp_hgr_001_fires_for_residents_of_china_in_a_study_run_elsewhere if {
	m := object.union(from_china("blood", "lab-de"), {"study": {"origin_country": "SG"}})
	rules == {"CMP-HGR-001"} with input as fixtures.run(m)
}

test_cmp_hgr_001_fires_for_non_residents_in_a_study_run_in_china if {
	m := json.patch(from_china("blood", "lab-de"), [{"op": "replace", "path": "/subjects/0/residence", "value": "SG"}])
	rules == {"CMP-HGR-001"} with input as fixtures.run(m)
}

test_cmp_hgr_001_does_not_fire_for_chinese_nationals_living_elsewhere_in_a_study_run_elsewhere if {
	m := json.patch(from_china("blood", "lab-de"), [
		{"op": "replace", "path": "/subjects/0/residence", "value": "SG"},
		{"op": "replace", "path": "/study/origin_country", "value": "SG"},
	])
	count(company.findings) == 0 with input as fixtures.run(m)
}

test_cmp_hgr_002_fires_for_genomic_epigenomic_and_transcriptomic_data_without_filing if {
	every item in ["wgs", "methylome", "rna"] {
		hits == {["CMP-HGR-002", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(from_china(item, "lab-de"))
	}
	messages("CMP-HGR-002") == {"transfer t1 sends data rna from the origin to lab-de (DE): human genetic resources information is provided abroad without an HGR filing"} with input as fixtures.run(from_china("rna", "lab-de"))
}

test_cmp_hgr_002_does_not_fire_for_proteomic_or_health_data if {
	count(company.findings) == 0 with input as fixtures.run(from_china("proteome", "lab-de"))
	count(company.findings) == 0 with input as fixtures.run(from_china("ehr", "lab-de"))
}

test_cmp_hgr_002_does_not_fire_with_a_filing_reference if {
	m := object.union(from_china("wgs", "lab-de"), {"compliance": {"hgr_filing": {"reference": "HGRF-1"}}})
	count(company.findings) == 0 with input as fixtures.run(m)
}

test_cmp_hgr_002_fires_for_hong_kong_but_not_within_mainland_china if {
	rules == {"CMP-HGR-002"} with input as fixtures.run(from_china("wgs", "lab-hk"))
	count(company.findings) == 0 with input as fixtures.run(from_china("wgs", "lab-cn"))
}

# --- CMP-SEC-001, -002, -003 ------------------------------------------------------

test_cmp_sec_001_fires_for_data_crossing_a_border_without_safeguards if {
	m := fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-de"))])
	hits == {["CMP-SEC-001", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(m)
	messages("CMP-SEC-001") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de (DE) across a border without encryption both in transit and at rest"} with input as fixtures.run(m)
}

test_cmp_sec_001_fires_unless_encrypted_both_in_transit_and_at_rest if {
	rules == {"CMP-SEC-001"} with input as fixtures.run(sent_with("wgs", "lab-de", {"safeguards": {"encrypted_at_rest": false}}))
	rules == {"CMP-SEC-001"} with input as fixtures.run(sent_with("wgs", "lab-de", {"safeguards": {"encrypted_in_transit": false}}))
	rules == {"CMP-SEC-001"} with input as fixtures.run(fixtures.sending([object.union(fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-de")), {"safeguards": {"encrypted_in_transit": true}})]))
}

test_cmp_sec_001_covers_every_data_category if {
	rules == {"CMP-SEC-001"} with input as fixtures.run(fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "ehr", "lab-de"))]))
}

test_cmp_sec_001_does_not_fire_for_a_domestic_transfer if {
	count(company.findings) == 0 with input as fixtures.run(fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-us"))]))
}

test_cmp_sec_001_does_not_fire_for_materials if {
	count(company.findings) == 0 with input as fixtures.run(fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "blood", "lab-de"))]))
}

test_cmp_sec_002_fires_for_remote_access_from_a_country_of_concern if {
	m := sent_with("wgs", "lab-de", {"safeguards": {"remote_access_from": ["RU", "DE", "HK"]}})
	hits == {["CMP-SEC-002", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(m)
	messages("CMP-SEC-002") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de; the receiver's staff can reach it remotely from HK, RU"} with input as fixtures.run(m)
}

test_cmp_sec_002_fires_for_a_domestic_transfer_too if {
	rules == {"CMP-SEC-002"} with input as fixtures.run(sent_with("ehr", "lab-us", {"safeguards": {"remote_access_from": ["CN"]}}))
}

test_cmp_sec_002_does_not_fire_for_remote_access_from_elsewhere if {
	count(company.findings) == 0 with input as fixtures.run(sent_with("wgs", "lab-de", {"safeguards": {"remote_access_from": ["DE", "JP", "US"]}}))
}

test_cmp_sec_002_does_not_fire_for_materials if {
	count(company.findings) == 0 with input as fixtures.run(sent_with("blood", "lab-de", {"safeguards": {"remote_access_from": ["CN"]}}))
}

uncertified(m, certifications) := json.patch(m, [{"op": "replace", "path": "/parties/0/certifications", "value": certifications}])

test_cmp_sec_003_fires_for_a_party_without_a_security_certification if {
	hits == {["CMP-SEC-003", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(uncertified(fixtures.base, ["CAP", "CLIA"]))
	messages("CMP-SEC-003") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de, which holds none of the security certifications ISO27001, SOC2"} with input as fixtures.run(uncertified(fixtures.base, []))
	rules == {"CMP-SEC-003"} with input as fixtures.run(json.remove(fixtures.base, ["parties/0/certifications"]))
}

test_cmp_sec_003_does_not_fire_for_soc2 if {
	count(company.findings) == 0 with input as fixtures.run(uncertified(fixtures.base, ["SOC2"]))
}

test_cmp_sec_003_fires_for_a_domestic_transfer_too if {
	m := json.patch(sent("blood", "lab-us"), [{"op": "replace", "path": "/parties/1/certifications", "value": []}])
	hits == {["CMP-SEC-003", "/transfers/0", "t1", "lab-us"]} with input as fixtures.run(m)
}

test_cmp_sec_003_ignores_non_genetic_items if {
	count(company.findings) == 0 with input as fixtures.run(uncertified(sent("ehr", "lab-de"), []))
}

# --- CMP-PARTNER-001 and -002 -------------------------------------------------------

diligence(m, outcome) := json.patch(m, [{"op": "replace", "path": "/parties/0/due_diligence/outcome", "value": outcome}])

test_cmp_partner_001_fires_for_a_rejected_partner if {
	hits == {["CMP-PARTNER-001", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(diligence(fixtures.base, "rejected"))
	messages("CMP-PARTNER-001") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de, whose due diligence was rejected on 2026-08-01"} with input as fixtures.run(diligence(fixtures.base, "rejected"))
}

test_cmp_partner_002_fires_for_a_conditional_outcome if {
	hits == {["CMP-PARTNER-002", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(diligence(fixtures.base, "conditional"))
	messages("CMP-PARTNER-002") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de, which passed due diligence only with conditions"} with input as fixtures.run(diligence(fixtures.base, "conditional"))
}

test_cmp_partner_002_fires_for_missing_due_diligence if {
	m := json.remove(fixtures.base, ["parties/0/due_diligence"])
	hits == {["CMP-PARTNER-002", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(m)
	messages("CMP-PARTNER-002") == {"transfer t1 sends data wgs (American subjects) from the origin to lab-de, which has no due diligence on record"} with input as fixtures.run(m)
}

test_cmp_partner_rules_ignore_non_genetic_items if {
	count(company.findings) == 0 with input as fixtures.run(diligence(sent("ehr", "lab-de"), "rejected"))
	count(company.findings) == 0 with input as fixtures.run(json.remove(sent("ehr", "lab-de"), ["parties/0/due_diligence"]))
}

# --- CMP-COST-001 and -002 -------------------------------------------------------------

test_cmp_cost_001_fires_for_a_party_with_ties_chosen_for_cost if {
	m := sent_with("wgs", "lab-cn", {"selection_reason": "cost"})
	rules == {"CMP-COST-001", "CMP-SOV-001"} with input as fixtures.run(m)
	messages("CMP-COST-001") == {"transfer t1 goes to lab-cn, a party with ties of concern (country CN, headquarters CN), and was chosen for cost"} with input as fixtures.run(m)
	rules == {"CMP-SOV-001"} with input as fixtures.run(sent("wgs", "lab-cn"))
}

test_cmp_cost_001_fires_for_any_item_and_any_location if {
	rules == {"CMP-COST-001"} with input as fixtures.run(sent_with("ehr", "lab-cn", {"selection_reason": "cost"}))
	rules == {"CMP-COST-001", "CMP-SOV-001"} with input as fixtures.run(sent_with("wgs", "lab-sub", {"selection_reason": "cost"}))
}

test_cmp_cost_002_fires_for_a_cross_border_transfer_outside_the_trusted_countries_chosen_for_cost if {
	m := sent_with("wgs", "lab-sg", {"selection_reason": "cost"})
	hits == {
		["CMP-COST-002", "/transfers/0", "t1", "lab-sg"],
		["CMP-LOCAL-001", "/transfers/0", "t1", "lab-sg"],
	} with input as fixtures.run(m)
	messages("CMP-COST-002") == {"transfer t1 goes across a border to lab-sg in SG, outside the trusted countries, and was chosen for cost"} with input as fixtures.run(m)
	rules == {"CMP-COST-002"} with input as fixtures.run(sent_with("ehr", "lab-sg", {"selection_reason": "cost"}))
}

test_cmp_cost_002_does_not_fire_for_other_reasons if {
	rules == {"CMP-LOCAL-001"} with input as fixtures.run(sent_with("wgs", "lab-sg", {"selection_reason": "capacity"}))
}

test_cmp_cost_002_does_not_fire_inside_the_trusted_countries if {
	count(company.findings) == 0 with input as fixtures.run(sent_with("wgs", "lab-de", {"selection_reason": "cost"}))
}

test_cmp_cost_002_does_not_fire_for_a_domestic_hop if {
	m := fixtures.sending([
		fixtures.transfer("t1", "wgs", "lab-sg"),
		object.union(fixtures.onward("t2", "wgs", "lab-sg", "lab-sg2"), {"selection_reason": "cost"}),
	])
	hits == {["CMP-LOCAL-001", "/transfers/0", "t1", "lab-sg"]} with input as fixtures.run(m)
}

# --- CMP-SOV-001 ---------------------------------------------------------------------

test_cmp_sov_001_fires_for_a_us_lab_owned_from_china if {
	m := sent("wgs", "lab-sub")
	hits == {["CMP-SOV-001", "/transfers/0", "t1", "lab-sub"]} with input as fixtures.run(m)
	{[f.reasons, f.message] | some f in company.findings} == {[
		["headquarters CN"],
		"transfer t1 sends data wgs (American subjects) from the origin to lab-sub, a party with ties of concern (headquarters CN), in US",
	]} with input as fixtures.run(m)
}

test_cmp_sov_001_fires_for_an_onward_transfer_of_american_material if {
	m := fixtures.sending([fixtures.transfer("t1", "blood", "lab-de"), fixtures.onward("t2", "blood", "lab-de", "lab-hk")])
	hits == {
		["CMP-SOV-001", "/transfers/1", "t2", "lab-hk"],
		["CMP-CONSENT-001", "/transfers/1", "t2", "lab-hk"],
	} with input as fixtures.run(m)
}

test_cmp_sov_001_does_not_fire_for_non_american_subjects if {
	count(company.findings) == 0 with input as fixtures.run(sent("de-wgs", "lab-cn"))
}

test_cmp_sov_001_does_not_fire_for_non_genetic_data if {
	count(company.findings) == 0 with input as fixtures.run(sent("ehr", "lab-cn"))
}

test_cmp_sov_001_does_not_fire_for_a_party_without_ties if {
	count(company.findings) == 0 with input as fixtures.run(sent("wgs", "lab-us"))
}

# --- CMP-LOCAL-001 ---------------------------------------------------------------------

test_cmp_local_001_fires_for_a_genetic_item_sent_outside_the_trusted_countries if {
	hits == {["CMP-LOCAL-001", "/transfers/0", "t1", "lab-sg"]} with input as fixtures.run(sent("blood", "lab-sg"))
	messages("CMP-LOCAL-001") == {"transfer t1 sends material blood (American subjects) from the origin to lab-sg in SG, outside the trusted countries: prefer a local or nearshore partner"} with input as fixtures.run(sent("blood", "lab-sg"))
}

test_cmp_local_001_does_not_fire_for_a_trusted_country if {
	count(company.findings) == 0 with input as fixtures.run(sent("blood", "lab-de"))
}

test_cmp_local_001_does_not_fire_for_a_party_with_ties if {
	rules == {"CMP-SOV-001"} with input as fixtures.run(sent("blood", "lab-cn"))
}

test_cmp_local_001_does_not_fire_for_non_genetic_items if {
	count(company.findings) == 0 with input as fixtures.run(sent("ehr", "lab-sg"))
}

test_cmp_local_001_does_not_fire_for_a_domestic_hop if {
	m := fixtures.sending([fixtures.transfer("t1", "blood", "lab-sg"), fixtures.onward("t2", "blood", "lab-sg", "lab-sg2")])
	hits == {["CMP-LOCAL-001", "/transfers/0", "t1", "lab-sg"]} with input as fixtures.run(m)
}

test_cmp_local_001_follows_the_trusted_list_data if {
	count(company.findings) == 0 with input as fixtures.run(sent("blood", "lab-sg"))
		with data.helixgate.lists.trusted_countries.codes as ["US", "SG"]
}
