# Tests of CMP-CONSENT-001; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
