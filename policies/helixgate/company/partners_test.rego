# Tests of CMP-PARTNER-001 and -002; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
