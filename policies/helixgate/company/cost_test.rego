# Tests of CMP-COST-001 and -002; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
