# Tests of CMP-LOCAL-001; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
