# Tests of HGR-MAT-001, HGR-INFO-001 and HGR-INFO-002, at their edges: who is
# a foreign party (country, headquarters, owners 49.9 / 50% from outside
# mainland China, an individual's nationality), where a transfer starts, and
# the 500 people of the security review.
package helixgate.hgr_test

import data.helixgate.hgr
import data.helixgate.test.fixtures

# --- Manifests ----------------------------------------------------------------

# A study collected in mainland China with its approval, filing and security
# review: no finding whatever it sends. Its groups are 300, 201, 200 and 500
# Chinese residents; `big-a` and `big-b` share a cohort.
china := object.union(fixtures.base, {
	"study": {"origin_country": "CN"},
	"consent": {"disclosed_countries": ["DE", "HK", "US", "SG"]},
	"compliance": {
		"hgr_approval": {"reference": "HGR-2026-0091", "approved_on": "2026-07-30"},
		"hgr_filing": {"reference": "HGRF-2026-0112", "filed_on": "2026-08-02"},
		"hgr_security_review": {"reference": "SR-2026-7", "reviewed_on": "2026-08-10"},
	},
	"subjects": [
		{"id": "cn", "nationality": "CN", "residence": "CN", "count": 300},
		{"id": "cn-201", "nationality": "CN", "residence": "CN", "count": 201},
		{"id": "cn-200", "nationality": "CN", "residence": "CN", "count": 200},
		{"id": "cn-500", "nationality": "CN", "residence": "CN", "count": 500},
		{"id": "big-a", "nationality": "CN", "residence": "CN", "count": 400, "cohort": "big"},
		{"id": "big-b", "nationality": "CN", "residence": "CN", "count": 450, "cohort": "big"},
	],
	"materials": [
		{"id": "blood", "type": "blood", "subjects": "cn"},
		{"id": "plasma", "type": "plasma", "subjects": "cn"},
		{"id": "serum", "type": "serum", "subjects": "cn"},
		{"id": "urine", "type": "urine", "subjects": "cn"},
	],
	"data": [
		{"id": "wgs", "category": "genomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "wgs-201", "category": "genomic", "subjects": "cn-201", "identifiability": "pseudonymized"},
		{"id": "wgs-200", "category": "genomic", "subjects": "cn-200", "identifiability": "pseudonymized"},
		{"id": "wgs-500", "category": "genomic", "subjects": "cn-500", "identifiability": "pseudonymized"},
		{"id": "wgs-big-a", "category": "genomic", "subjects": "big-a", "identifiability": "pseudonymized"},
		{"id": "wgs-big-b", "category": "genomic", "subjects": "big-b", "identifiability": "pseudonymized"},
		{"id": "methylome", "category": "epigenomic", "subjects": "cn-500", "identifiability": "pseudonymized"},
		{"id": "rna", "category": "transcriptomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "proteome", "category": "proteomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "ehr", "category": "health", "subjects": "cn", "identifiability": "pseudonymized"},
	],
	"parties": array.concat(fixtures.base.parties, [
		object.union(fixtures.lab("cn-hq-hk", "Example Shenzhen Co.", "CN"), {"headquarters": "HK"}),
		owned("cn-owned-50", 50),
		owned("cn-owned-49", 49.9),
		individual("dr-us", "US"),
		individual("dr-cn", "CN"),
	]),
})

# A laboratory in mainland China, headquartered there, `share` percent of it
# held from Hong Kong and the rest from mainland China.
owned(id, share) := object.union(fixtures.lab(id, sprintf("Example %s Co.", [id]), "CN"), {"owners": [
	{"name": "Example HK Holding", "country": "HK", "share": share},
	{"name": "Example CN Holding", "country": "CN", "share": 100 - share},
]})

# A researcher in mainland China, resident there, of this nationality.
individual(id, nationality) := {
	"id": id,
	"kind": "individual",
	"name": sprintf("Dr. %s", [id]),
	"role": "analysis_provider",
	"country": "CN",
	"nationality": nationality,
	"residence": "CN",
}

# China, but with these transfers and without the records named.
without(records, transfers) := json.remove(fixtures.with_transfers(china, transfers), [sprintf("compliance/%s", [r]) | some r in records])

# China sending `item` to `to`, without the records.
sent(records, item, to) := without(records, [fixtures.transfer("t1", item, to)])

# --- Helpers ------------------------------------------------------------------

hits := {[f.rule, f.pointer, f.transfer, f.party] | some f in hgr.findings}

rules := {f.rule | some f in hgr.findings}

messages(rule) := {f.message | some f in hgr.findings; f.rule == rule}

all_records := ["hgr_approval", "hgr_filing", "hgr_security_review"]

test_no_finding_with_approval_filing_and_review if {
	m := fixtures.with_transfers(china, [
		fixtures.transfer("t1", "blood", "lab-de"),
		fixtures.transfer("t2", "wgs", "lab-de"),
		fixtures.transfer("t3", "wgs-500", "cn-hq-hk"),
	])
	count(hgr.findings) == 0 with input as fixtures.run(m)
}

# --- HGR-MAT-001 ----------------------------------------------------------------

test_hgr_mat_001_fires_for_blood_leaving_mainland_china_without_approval if {
	hits == {["HGR-MAT-001", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(sent(["hgr_approval"], "blood", "lab-de"))
	messages("HGR-MAT-001") == {"transfer t1 sends material blood from the origin to lab-de (country DE, headquarters DE): human genetic resources material goes from mainland China to a foreign party without an HGR export approval"} with input as fixtures.run(sent(["hgr_approval"], "blood", "lab-de"))
}

test_hgr_mat_001_does_not_fire_with_an_approval_reference if {
	count(hgr.findings) == 0 with input as fixtures.run(sent(["hgr_filing", "hgr_security_review"], "blood", "lab-de"))
}

test_hgr_mat_001_does_not_fire_for_plasma_serum_or_urine if {
	every item in ["plasma", "serum", "urine"] {
		count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, item, "lab-de"))
	}
}

test_hgr_mat_001_fires_for_a_party_in_hong_kong if {
	hits == {["HGR-MAT-001", "/transfers/0", "t1", "lab-hk"]} with input as fixtures.run(sent(all_records, "blood", "lab-hk"))
}

test_hgr_mat_001_does_not_fire_for_a_chinese_lab_in_mainland_china if {
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "blood", "lab-cn"))
}

test_hgr_mat_001_fires_for_a_lab_in_mainland_china_headquartered_in_hong_kong if {
	m := sent(all_records, "blood", "cn-hq-hk")
	hits == {["HGR-MAT-001", "/transfers/0", "t1", "cn-hq-hk"]} with input as fixtures.run(m)
	messages("HGR-MAT-001") == {"transfer t1 sends material blood from the origin to cn-hq-hk (headquarters HK): human genetic resources material goes from mainland China to a foreign party without an HGR export approval"} with input as fixtures.run(m)
}

test_hgr_mat_001_fires_at_50_percent_held_from_outside_mainland_china_not_at_49_9 if {
	rules == {"HGR-MAT-001"} with input as fixtures.run(sent(all_records, "blood", "cn-owned-50"))
	messages("HGR-MAT-001") == {"transfer t1 sends material blood from the origin to cn-owned-50 (owned 50% from outside mainland China): human genetic resources material goes from mainland China to a foreign party without an HGR export approval"} with input as fixtures.run(sent(all_records, "blood", "cn-owned-50"))
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "blood", "cn-owned-49"))
}

test_hgr_mat_001_fires_for_a_foreign_national_in_mainland_china if {
	hits == {["HGR-MAT-001", "/transfers/0", "t1", "dr-us"]} with input as fixtures.run(sent(all_records, "blood", "dr-us"))
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "blood", "dr-cn"))
}

test_hgr_mat_001_fires_on_the_hop_that_leaves_from_mainland_china if {
	m := without(all_records, [
		fixtures.transfer("t1", "blood", "lab-cn"),
		fixtures.onward("t2", "blood", "lab-cn", "lab-de"),
		fixtures.onward("t3", "blood", "lab-de", "lab-us"),
	])
	hits == {["HGR-MAT-001", "/transfers/1", "t2", "lab-de"]} with input as fixtures.run(m)
}

test_hgr_mat_001_does_not_fire_for_a_study_whose_origin_is_outside_mainland_china if {
	m := object.union(sent(all_records, "blood", "lab-de"), {"study": {"origin_country": "SG"}})
	count(hgr.findings) == 0 with input as fixtures.run(m)
}

test_hgr_mat_001_fires_from_a_lab_in_mainland_china_for_residents_of_a_study_run_elsewhere if {
	m := object.union(
		without(all_records, [fixtures.onward("t1", "blood", "lab-cn", "lab-de")]),
		{"study": {"origin_country": "SG"}},
	)
	rules == {"HGR-MAT-001"} with input as fixtures.run(m)
}

# --- HGR-INFO-001 ---------------------------------------------------------------

test_hgr_info_001_fires_for_genomic_epigenomic_and_transcriptomic_data_without_filing if {
	every item in ["wgs", "methylome", "rna"] {
		hits == {["HGR-INFO-001", "/transfers/0", "t1", "lab-de"]} with input as fixtures.run(sent(["hgr_filing"], item, "lab-de"))
	}
	messages("HGR-INFO-001") == {"transfer t1 sends data rna from the origin to lab-de (country DE, headquarters DE): human genetic resources information is provided to a foreign party without an HGR filing"} with input as fixtures.run(sent(["hgr_filing"], "rna", "lab-de"))
}

test_hgr_info_001_does_not_fire_for_proteomic_or_health_data if {
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "proteome", "lab-de"))
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "ehr", "lab-de"))
}

test_hgr_info_001_does_not_fire_with_a_filing_reference if {
	count(hgr.findings) == 0 with input as fixtures.run(sent(["hgr_approval", "hgr_security_review"], "wgs", "lab-de"))
}

test_hgr_info_001_fires_for_hong_kong_but_not_for_a_chinese_lab_in_mainland_china if {
	rules == {"HGR-INFO-001"} with input as fixtures.run(sent(all_records, "wgs", "lab-hk"))
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "wgs", "lab-cn"))
}

test_hgr_info_001_fires_for_a_foreign_party_in_mainland_china if {
	every to in ["cn-hq-hk", "cn-owned-50", "dr-us"] {
		hits == {["HGR-INFO-001", "/transfers/0", "t1", to]} with input as fixtures.run(sent(all_records, "wgs", to))
	}
	messages("HGR-INFO-001") == {"transfer t1 sends data wgs from the origin to dr-us (nationality US): human genetic resources information is provided to a foreign party without an HGR filing"} with input as fixtures.run(sent(all_records, "wgs", "dr-us"))
}

test_hgr_info_001_does_not_fire_for_49_9_percent_held_from_outside_or_a_chinese_national if {
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "wgs", "cn-owned-49"))
	count(hgr.findings) == 0 with input as fixtures.run(sent(all_records, "wgs", "dr-cn"))
}

test_hgr_info_001_fires_on_every_hop_to_a_foreign_party if {
	m := without(all_records, [
		fixtures.transfer("t1", "wgs", "lab-de"),
		fixtures.onward("t2", "wgs", "lab-de", "lab-us"),
		fixtures.onward("t3", "wgs", "lab-us", "lab-cn"),
	])
	hits == {["HGR-INFO-001", "/transfers/0", "t1", "lab-de"], ["HGR-INFO-001", "/transfers/1", "t2", "lab-us"]} with input as fixtures.run(m)
}

# --- HGR-INFO-002 ---------------------------------------------------------------

# Genomic data on these groups to these parties, with approval and filing.
genomes(transfers) := without(["hgr_security_review"], transfers)

test_hgr_info_002_does_not_fire_at_500_people if {
	m := genomes([fixtures.transfer("t1", "wgs-500", "lab-de")])
	count(hgr.findings) == 0 with input as fixtures.run(m)
}

test_hgr_info_002_fires_once_at_501_people_at_the_first_such_transfer if {
	m := genomes([
		fixtures.transfer("t1", "blood", "lab-de"),
		fixtures.transfer("t2", "wgs", "lab-cn"),
		fixtures.transfer("t3", "wgs", "lab-de"),
		fixtures.transfer("t4", "wgs-201", "lab-us"),
	])
	hits == {["HGR-INFO-002", "/transfers/2", "t3", "lab-de"]} with input as fixtures.run(m)
	messages("HGR-INFO-002") == {"transfer t3 sends data wgs from the origin to lab-de (country DE, headquarters DE): genomic human genetic resources information on 501 people, more than 500, is provided to foreign parties in this manifest without an HGR security review"} with input as fixtures.run(m)
}

test_hgr_info_002_counts_the_people_outside_mainland_china_and_the_foreign_parties_in_it if {
	# 300 to a lab headquartered in Hong Kong and 201 to a U.S. national,
	# both in mainland China; 200 to a Chinese lab do not count
	m := genomes([
		fixtures.transfer("t1", "wgs-200", "lab-cn"),
		fixtures.transfer("t2", "wgs", "cn-hq-hk"),
		fixtures.transfer("t3", "wgs-201", "dr-us"),
	])
	hits == {["HGR-INFO-002", "/transfers/1", "t2", "cn-hq-hk"]} with input as fixtures.run(m)
	count(hgr.findings) == 0 with input as fixtures.run(genomes([
		fixtures.transfer("t1", "wgs-201", "lab-cn"),
		fixtures.transfer("t2", "wgs", "cn-owned-49"),
		fixtures.transfer("t3", "wgs-200", "dr-cn"),
	]))
}

test_hgr_info_002_counts_a_group_sent_twice_once if {
	m := genomes([
		fixtures.transfer("t1", "wgs", "lab-de"),
		fixtures.transfer("t2", "wgs", "lab-us"),
		fixtures.transfer("t3", "wgs-200", "lab-sg"),
	])
	count(hgr.findings) == 0 with input as fixtures.run(m)
}

test_hgr_info_002_counts_a_cohort_once_at_its_largest_group if {
	# big-a (400) and big-b (450) are one cohort: 450 people
	m := genomes([fixtures.transfer("t1", "wgs-big-a", "lab-de"), fixtures.transfer("t2", "wgs-big-b", "lab-us")])
	count(hgr.findings) == 0 with input as fixtures.run(m)

	# without the cohort they are 850 people
	apart := json.patch(m, [{"op": "remove", "path": "/subjects/4/cohort"}])
	rules == {"HGR-INFO-002"} with input as fixtures.run(apart)

	# the cohort's 450 and 300 others are 750
	more := genomes([
		fixtures.transfer("t1", "wgs-big-a", "lab-de"),
		fixtures.transfer("t2", "wgs-big-b", "lab-us"),
		fixtures.transfer("t3", "wgs", "lab-us"),
	])
	messages("HGR-INFO-002") == {"transfer t1 sends data wgs-big-a from the origin to lab-de (country DE, headquarters DE): genomic human genetic resources information on 750 people, more than 500, is provided to foreign parties in this manifest without an HGR security review"} with input as fixtures.run(more)
}

test_hgr_info_002_counts_genomic_information_only if {
	m := genomes([fixtures.transfer("t1", "wgs-500", "lab-de"), fixtures.transfer("t2", "rna", "lab-de")])
	count(hgr.findings) == 0 with input as fixtures.run(m)
}

test_hgr_info_002_does_not_fire_with_a_security_review_reference if {
	m := without(["hgr_approval", "hgr_filing"], [fixtures.transfer("t1", "wgs-500", "lab-de"), fixtures.transfer("t2", "wgs", "lab-de")])
	rules == {"HGR-INFO-001"} with input as fixtures.run(m)
}

test_hgr_info_002_comes_with_hgr_info_001_when_both_records_are_missing if {
	m := without(all_records, [fixtures.transfer("t1", "wgs-500", "lab-de"), fixtures.transfer("t2", "wgs-200", "lab-de")])
	hits == {
		["HGR-INFO-001", "/transfers/0", "t1", "lab-de"],
		["HGR-INFO-001", "/transfers/1", "t2", "lab-de"],
		["HGR-INFO-002", "/transfers/0", "t1", "lab-de"],
	} with input as fixtures.run(m)
}
