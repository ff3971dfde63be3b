# METADATA
# title: Tests of the PIPL rules
# description: |
#   Exports of Chinese personal information (policy-pack-v2, 6): the running
#   totals since 1 January per exporter across manifests, the mechanisms they
#   call for, and separate consent. The base: a study run in China sends
#   pseudonymised genomic data of n residents to a U.S. lab under a standard
#   contract, with separate export consent, HGR filing and review.
package helixgate.pipl_test

import data.helixgate.main
import data.helixgate.pipl
import data.helixgate.test.fixtures

lab_us := fixtures.lab("lab-us", "Boston Example Sequencing Inc.", "US")

export(id, n, day) := object.union(fixtures.base, {
	"metadata": {"id": id},
	"study": {"type": "research", "origin_country": "CN", "funding": ["private"], "sponsor": {"name": "Example Gene Therapy (Suzhou) Co., Ltd."}},
	"consent": {"foreign_transfer_disclosed": true, "disclosed_countries": ["US"], "sequencing_disclosed": true, "separate_export_consent": true},
	"compliance": {
		"assessment": {"completed_on": "2025-01-02", "reference": "CA-1"},
		"hgr_filing": {"reference": "HGRF-1", "filed_on": "2025-08-02"},
		"hgr_security_review": {"reference": "HGRSR-1"},
		"cn_export": {"mechanism": "standard_contract", "reference": "SC-1", "completed_on": "2025-08-01"},
	},
	"subjects": [{"id": "cn-cohort", "nationality": "CN", "residence": "CN", "count": n}],
	"materials": [],
	"data": [{"id": "ds", "category": "genomic", "subjects": "cn-cohort", "identifiability": "pseudonymized"}],
	"parties": [lab_us],
	"transfers": [object.union(fixtures.transfer("t1", "ds", "lab-us"), {"purpose": "analysis", "start_on": day})],
})

with_category(m, category) := json.patch(m, [{"op": "replace", "path": "/data/0/category", "value": category}])

with_mechanism(m, mechanism, completed_on) := json.patch(m, [{"op": "replace", "path": "/compliance/cn_export", "value": {"mechanism": mechanism, "reference": "X-1", "completed_on": completed_on}}])

without_mechanism(m) := json.remove(m, ["compliance/cn_export"])

entries_of(m) := found if {
	found := pipl.entries with input as fixtures.run(m)
}

# Rule ids found for m, with the exports of `others` in the portfolio.
rules_with(m, others) := {f.rule | some f in found} if {
	entries := [e | some o in others; some e in entries_of(o)]
	found := pipl.findings with input as {"manifest": m, "context": {"portfolio": {"entries": entries}}}
}

test_sensitive_data_under_a_standard_contract_below_10000_is_allowed if {
	rules_with(export("A", 6000, "2026-03-01"), []) == set()
}

test_9999_across_two_manifests_is_below_the_security_assessment_threshold if {
	rules_with(export("B", 4999, "2026-09-01"), [export("A", 5000, "2026-03-01")]) == set()
}

test_10000_across_two_manifests_needs_a_security_assessment if {
	rules_with(export("B", 5000, "2026-09-01"), [export("A", 5000, "2026-03-01")]) == {"PIPL-XFER-001"}
}

test_an_earlier_export_is_judged_on_the_total_at_its_own_date if {
	rules_with(export("A", 5000, "2026-03-01"), [export("B", 5000, "2026-09-01")]) == set()
}

test_a_security_assessment_meets_10000 if {
	m := with_mechanism(export("B", 5000, "2026-09-01"), "security_assessment", "2026-08-01")
	rules_with(m, [export("A", 5000, "2026-03-01")]) == set()
}

test_the_running_total_starts_again_on_1_january if {
	rules_with(export("B", 6000, "2027-01-01"), [export("A", 6000, "2026-12-31")]) == set()
	rules_with(export("B", 6000, "2026-12-31"), [export("A", 6000, "2026-12-30")]) == {"PIPL-XFER-001"}
}

test_two_exporters_count_apart if {
	other := json.patch(export("A", 6000, "2026-03-01"), [{"op": "replace", "path": "/study/sponsor/name", "value": "Another Processor Co."}])
	rules_with(export("B", 6000, "2026-09-01"), [other]) == set()
}

cohort(m) := json.patch(m, [{"op": "add", "path": "/subjects/0/cohort", "value": "cn-trial"}])

test_one_cohort_in_two_manifests_counts_once if {
	rules_with(cohort(export("B", 6000, "2026-09-01")), [cohort(export("A", 6000, "2026-03-01"))]) == set()
}

test_sensitive_data_without_a_mechanism_needs_one if {
	rules_with(without_mechanism(export("A", 1, "2026-03-01")), []) == {"PIPL-XFER-002"}
}

test_a_mechanism_completed_after_the_export_does_not_count if {
	m := with_mechanism(export("A", 100, "2026-03-01"), "standard_contract", "2026-03-02")
	rules_with(m, []) == {"PIPL-XFER-002"}
	on_the_day := with_mechanism(export("A", 100, "2026-03-01"), "standard_contract", "2026-03-01")
	rules_with(on_the_day, []) == set()
}

test_ordinary_data_below_100000_needs_nothing if {
	rules_with(without_mechanism(with_category(export("A", 99999, "2026-03-01"), "other")), []) == set()
}

test_ordinary_data_of_100000_needs_a_mechanism if {
	rules_with(without_mechanism(with_category(export("A", 100000, "2026-03-01"), "other")), []) == {"PIPL-XFER-002"}
	rules_with(with_category(export("A", 100000, "2026-03-01"), "other"), []) == set()
}

test_ordinary_data_of_1000000_needs_a_security_assessment if {
	rules_with(with_category(export("A", 1000000, "2026-03-01"), "other"), []) == {"PIPL-XFER-002"}
	m := with_mechanism(with_category(export("A", 1000000, "2026-03-01"), "other"), "security_assessment", "2026-01-01")
	rules_with(m, []) == set()
}

test_sensitive_and_ordinary_count_apart if {
	rules_with(export("B", 6000, "2026-09-01"), [with_category(export("A", 6000, "2026-03-01"), "other")]) == set()
}

test_anonymised_data_is_not_personal_information if {
	m := json.patch(without_mechanism(export("A", 50000, "2026-03-01")), [
		{"op": "replace", "path": "/data/0/identifiability", "value": "anonymized"},
		{"op": "replace", "path": "/consent/separate_export_consent", "value": false},
	])
	rules_with(m, []) == set()
	count(entries_of(m)) == 0
}

test_an_export_without_separate_consent_is_denied if {
	m := json.patch(export("A", 10, "2026-03-01"), [{"op": "replace", "path": "/consent/separate_export_consent", "value": false}])
	rules_with(m, []) == {"PIPL-CONSENT-001"}
	rules_with(json.remove(m, ["consent/separate_export_consent"]), []) == {"PIPL-CONSENT-001"}
}

test_a_transfer_inside_mainland_china_is_no_export if {
	m := object.union(export("A", 6000, "2026-03-01"), {
		"parties": [fixtures.lab("lab-sz", "Shenzhen Example Lab", "CN")],
		"transfers": [object.union(fixtures.transfer("t1", "ds", "lab-sz"), {"purpose": "analysis", "start_on": "2026-03-01"})],
	})
	count(entries_of(without_mechanism(m))) == 0
}

test_the_finding_names_the_total_and_what_it_needs if {
	found := pipl.findings with input as {"manifest": export("B", 5000, "2026-09-01"), "context": {"portfolio": {"entries": entries_of(export("A", 5000, "2026-03-01"))}}}
	some f in found
	f.rule == "PIPL-XFER-001"
	f.transfer == "t1"
	contains(f.message, "reach 10000 people")
	contains(f.message, "needs a security assessment")
}

# --- A batch counts as each of its manifests would -----------------------------

batch_agrees(ms) if {
	context := {"portfolio": {"entries": [e | some m in ms; some e in entries_of(m)]}}
	batch := main.results with input as {"manifests": ms, "context": context}
	alone := [r | some m in ms; r := main.result with input as {"manifest": m, "context": context}]
	batch == alone
}

test_a_batch_of_exports_over_a_year_agrees_with_each_alone if {
	batch_agrees([
		export("A", 5000, "2026-03-01"), export("B", 5000, "2026-09-01"),
		export("C", 4000, "2026-12-31"), export("D", 6000, "2027-01-01"),
		cohort(export("E", 3000, "2026-10-01")), cohort(export("F", 3000, "2026-11-01")),
	])
}

test_a_batch_export_whose_context_entries_are_not_its_own_is_counted_on_its_own if {
	a := export("A", 5000, "2026-03-01")
	b := export("B", 5000, "2026-09-01")
	understated := [object.union(e, {"people": 1}) | some e in entries_of(b)]
	context := {"portfolio": {"entries": array.concat(entries_of(a), understated)}}
	r := main.results with input as {"manifests": [a, b], "context": context}
	"PIPL-XFER-001" in {f.rule | some f in r[1].findings}
}
