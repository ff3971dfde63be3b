# Tests of CMP-ASSESS-001; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
