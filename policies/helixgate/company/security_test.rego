# Tests of CMP-SEC-001, -002, -003; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
