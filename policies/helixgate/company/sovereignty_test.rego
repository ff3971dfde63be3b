# Tests of CMP-SOV-001; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
