# Tests of CMP-HGR-001 and -002; the helpers they share are in company_test.rego.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

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
