# METADATA
# title: Tests of the DOJ rules
# description: |
#   DOJ-BULK-001 to -003 (28 CFR 202) within one manifest (portfolio_test.rego
#   counts across manifests): counting people per covered party over 12
#   months, the thresholds, the exemptions and the U.S. person test. The base is a privately funded research study sending American genomic data
#   to a German lab: no DOJ finding.
package helixgate.doj_test

import data.helixgate.doj
import data.helixgate.test.fixtures

# The German and the Chinese lab, nothing else: the tests add the parties
# they need.
labs := [
	fixtures.lab("lab-de", "Example Genomics GmbH", "DE"),
	fixtures.lab("lab-cn", "Example Analysis Co.", "CN"),
]

# The base of these tests: the shared base with only those two labs, and
# American genomic data to the German lab.
clean := study([group("us-a", 150)], [dataset("wgs", "genomic", "us-a")], [send("t1", "wgs", "lab-de", "2026-11-01")])

group(id, n) := {"id": id, "nationality": "US", "residence": "US", "count": n}

foreign_group(id, n) := {"id": id, "nationality": "CN", "residence": "CN", "count": n}

dataset(id, category, subjects) := {"id": id, "category": category, "subjects": subjects, "identifiability": "pseudonymized"}

send(id, item, to, date) := object.union(fixtures.transfer(id, item, to), {"purpose": "analysis", "start_on": date})

# The two labs, with these subjects, data and transfers.
study(subjects, datasets, transfers) := object.union(fixtures.base, {
	"subjects": subjects,
	"materials": [{"id": "blood", "type": "blood", "subjects": "us-a"}],
	"data": datasets,
	"parties": labs,
	"transfers": transfers,
})

# The base, but genomic data on n Americans goes to the lab in China.
genomic(n) := study([group("us-a", n)], [dataset("wgs", "genomic", "us-a")], [send("t1", "wgs", "lab-cn", "2026-11-01")])

# The base, but genomic data on n Americans goes to `party`.
genomic_to_party(n, party) := object.union(genomic(n), {
	"parties": array.concat(labs, [party]),
	"transfers": [send("t1", "wgs", party.id, "2026-11-01")],
})

# Two groups of 60 Americans, their genomic data sent to China on two dates.
two_dates(first, second) := study(
	[group("us-a", 60), group("us-b", 60)],
	[dataset("wgs-a", "genomic", "us-a"), dataset("wgs-b", "genomic", "us-b")],
	[send("t1", "wgs-a", "lab-cn", first), send("t2", "wgs-b", "lab-cn", second)],
)

# The base, but data of one category on n Americans goes to China.
category(name, n) := study([group("us-a", n)], [dataset("d", name, "us-a")], [send("t1", "d", "lab-cn", "2026-11-01")])

rules := {f.rule | some f in doj.findings}

hits := {[f.rule, f.pointer, f.transfer, f.party] | some f in doj.findings}

test_no_finding_for_a_lab_in_germany if {
	count(doj.findings) == 0 with input as fixtures.run(clean)
}

# --- Thresholds ---------------------------------------------------------------

test_genomic_data_on_101_americans_is_bulk if {
	doj.findings == {{
		"rule": "DOJ-BULK-001",
		"order": 0,
		"pointer": "/transfers/0",
		"transfer": "t1",
		"item": "wgs",
		"party": "lab-cn",
		"reasons": ["country CN", "headquarters CN"],
		"message": "transfer t1 sends data wgs (American subjects) from the origin to lab-cn: over 12 months up to transfer t1, human genomic data or biospecimens on 101 U.S. persons reach covered party lab-cn (bulk is more than 100)",
	}} with input as fixtures.run(genomic(101))
}

test_genomic_data_on_100_americans_is_not_bulk_but_watched if {
	doj.findings == {{
		"rule": "DOJ-BULK-002",
		"order": 0,
		"pointer": "/transfers/0",
		"transfer": "t1",
		"item": "wgs",
		"party": "lab-cn",
		"reasons": ["country CN", "headquarters CN"],
		"message": "transfer t1 sends data wgs (American subjects) from the origin to lab-cn: American genetic items reach covered party lab-cn on at most 100 U.S. persons in any 12 months across the portfolio, at or below the bulk thresholds",
	}} with input as fixtures.run(genomic(100))
}

# The base, but blood of n Americans goes to the lab in China.
blood(n) := study([group("us-a", n)], [], [send("t1", "blood", "lab-cn", "2026-11-01")])

test_biospecimens_count_with_genomic_data if {
	rules == {"DOJ-BULK-001"} with input as fixtures.run(blood(101))
	rules == {"DOJ-BULK-002"} with input as fixtures.run(blood(100))
}

test_a_biospecimen_group_and_a_genomic_group_add_up if {
	m := study(
		[group("us-a", 60), group("us-b", 60)],
		[dataset("wgs", "genomic", "us-b")],
		[send("t1", "blood", "lab-cn", "2026-11-01"), send("t2", "wgs", "lab-cn", "2026-11-02")],
	)
	hits == {["DOJ-BULK-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

# Proteomic, transcriptomic and epigenomic data on three groups, no genomic
# data and no materials, sent on three dates.
omic(last) := study(
	[group("us-a", 400), group("us-b", 300), group("us-c", last)],
	[dataset("prot", "proteomic", "us-a"), dataset("rna", "transcriptomic", "us-b"), dataset("meth", "epigenomic", "us-c")],
	[
		send("t1", "prot", "lab-cn", "2026-11-01"),
		send("t2", "rna", "lab-cn", "2026-12-01"),
		send("t3", "meth", "lab-cn", "2027-01-01"),
	],
)

test_omic_data_on_1000_americans_is_not_bulk if {
	hits == {["DOJ-BULK-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(omic(300))
}

test_omic_data_on_1001_americans_is_bulk_at_the_transfer_that_goes_over if {
	hits == {["DOJ-BULK-001", "/transfers/2", "t3", "lab-cn"]} with input as fixtures.run(omic(301))
	{f.message | some f in doj.findings} == {"transfer t3 sends data meth (American subjects) from the origin to lab-cn: over 12 months up to transfer t3, human 'omic data or biospecimens on 1001 U.S. persons reach covered party lab-cn (bulk is more than 1000)"} with input as fixtures.run(omic(301))
}

# --- Counting people ----------------------------------------------------------

test_the_same_group_sent_twice_counts_once if {
	m := study(
		[group("us-a", 60)],
		[dataset("wgs", "genomic", "us-a"), dataset("wes", "genomic", "us-a")],
		[send("t1", "wgs", "lab-cn", "2026-11-01"), send("t2", "wes", "lab-cn", "2026-11-02"), send("t3", "blood", "lab-cn", "2026-11-03")],
	)
	hits == {["DOJ-BULK-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
	{f.message | some f in doj.findings} == {"transfer t1 sends data wgs (American subjects) from the origin to lab-cn: American genetic items reach covered party lab-cn on at most 60 U.S. persons in any 12 months across the portfolio, at or below the bulk thresholds"} with input as fixtures.run(m)
}

test_non_american_groups_do_not_count if {
	m := study(
		[group("us-a", 60), foreign_group("cn-a", 500)],
		[dataset("wgs", "genomic", "us-a"), dataset("cn-wgs", "genomic", "cn-a")],
		[send("t1", "cn-wgs", "lab-cn", "2026-11-01"), send("t2", "wgs", "lab-cn", "2026-11-02")],
	)

	# DOJ-BULK-002 at the first transfer of American items, on 60 people
	hits == {["DOJ-BULK-002", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

test_only_non_american_items_give_no_finding if {
	m := study([foreign_group("cn-a", 500)], [dataset("cn-wgs", "genomic", "cn-a")], [send("t1", "cn-wgs", "lab-cn", "2026-11-01")])
	count(doj.findings) == 0 with input as fixtures.run(m)
}

test_americans_living_abroad_count if {
	m := study(
		[{"id": "us-abroad", "nationality": "US", "residence": "DE", "count": 101}],
		[dataset("wgs", "genomic", "us-abroad")],
		[send("t1", "wgs", "lab-cn", "2026-11-01")],
	)
	rules == {"DOJ-BULK-001"} with input as fixtures.run(m)
}

test_anonymised_data_counts if {
	m := json.patch(genomic(101), [{"op": "replace", "path": "/data/0/identifiability", "value": "anonymized"}])
	rules == {"DOJ-BULK-001"} with input as fixtures.run(m)
}

test_people_are_counted_per_covered_party if {
	m := object.union(genomic(60), {
		"subjects": [group("us-a", 60), group("us-b", 60)],
		"data": [dataset("wgs-a", "genomic", "us-a"), dataset("wgs-b", "genomic", "us-b")],
		"parties": array.concat(labs, [{"id": "lab-ru", "name": "Example OOO", "role": "cro", "country": "RU", "headquarters": "RU"}]),
		"transfers": [send("t1", "wgs-a", "lab-cn", "2026-11-01"), send("t2", "wgs-b", "lab-ru", "2026-11-01")],
	})
	hits == {
		["DOJ-BULK-002", "/transfers/0", "t1", "lab-cn"],
		["DOJ-BULK-002", "/transfers/1", "t2", "lab-ru"],
	} with input as fixtures.run(m)
}

test_one_finding_per_covered_party_at_the_first_transfer_over_the_threshold if {
	m := study(
		[group("us-a", 101), group("us-b", 101)],
		[dataset("wgs-a", "genomic", "us-a"), dataset("wgs-b", "genomic", "us-b")],
		[send("t1", "wgs-a", "lab-cn", "2026-11-01"), send("t2", "wgs-b", "lab-cn", "2026-11-02")],
	)
	hits == {["DOJ-BULK-001", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
}

test_an_onward_transfer_to_a_covered_party_counts if {
	m := object.union(genomic(150), {"transfers": [
		send("t1", "wgs", "lab-de", "2026-11-01"),
		object.union(send("t2", "wgs", "lab-cn", "2026-12-01"), {"from": "lab-de"}),
	]})
	hits == {["DOJ-BULK-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

# --- The 12-month window ---------------------------------------------------------

test_two_transfers_exactly_one_year_apart_are_not_counted_together if {
	hits == {["DOJ-BULK-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(two_dates("2026-01-10", "2027-01-10"))
}

test_two_transfers_one_day_less_than_a_year_apart_are_counted_together if {
	hits == {["DOJ-BULK-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(two_dates("2026-01-11", "2027-01-10"))
}

test_the_window_of_29_february_2028_starts_after_1_march_2027 if {
	hits == {["DOJ-BULK-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(two_dates("2027-03-01", "2028-02-29"))
	hits == {["DOJ-BULK-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(two_dates("2027-03-02", "2028-02-29"))
}

test_the_window_is_one_calendar_year_not_365_days if {
	# 2027-03-01 to 2028-03-01 is 366 days: one year back from 2028-03-01 is
	# 2027-03-01, so 2027-03-02 is inside the window and 2027-03-01 is not
	hits == {["DOJ-BULK-001", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(two_dates("2027-03-02", "2028-03-01"))
	hits == {["DOJ-BULK-002", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(two_dates("2027-03-01", "2028-03-01"))
}

test_a_later_transfer_listed_first_opens_the_window_that_goes_over if {
	hits == {["DOJ-BULK-001", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(two_dates("2027-01-10", "2026-01-11"))
}

# --- Health and biometric data (restricted) --------------------------------------

test_health_data_on_10000_americans_is_not_restricted if {
	count(doj.findings) == 0 with input as fixtures.run(category("health", 10000))
}

test_health_data_on_10001_americans_is_restricted if {
	m := category("health", 10001)
	hits == {["DOJ-BULK-003", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(m)
	{f.message | some f in doj.findings} == {"transfer t1 sends data d (American subjects) from the origin to lab-cn: over 12 months up to transfer t1, personal health data on 10001 U.S. persons reach covered party lab-cn (more than 10000): a restricted transaction"} with input as fixtures.run(m)
	data.helixgate.main.result.obligations == ["doj-security-requirements"] with input as fixtures.run(m)
}

test_biometric_data_on_1000_americans_is_not_restricted if {
	count(doj.findings) == 0 with input as fixtures.run(category("biometric", 1000))
}

test_biometric_data_on_1001_americans_is_restricted if {
	hits == {["DOJ-BULK-003", "/transfers/0", "t1", "lab-cn"]} with input as fixtures.run(category("biometric", 1001))
}

test_health_and_biometric_each_give_their_own_finding if {
	m := study(
		[group("us-a", 10001), group("us-b", 600), group("us-c", 500)],
		[dataset("ehr", "health", "us-a"), dataset("face-a", "biometric", "us-b"), dataset("face-b", "biometric", "us-c")],
		[
			send("t1", "ehr", "lab-cn", "2026-11-01"),
			send("t2", "face-a", "lab-cn", "2026-11-02"),
			send("t3", "face-b", "lab-cn", "2026-11-03"),
		],
	)
	hits == {
		["DOJ-BULK-003", "/transfers/0", "t1", "lab-cn"],
		["DOJ-BULK-003", "/transfers/2", "t3", "lab-cn"],
	} with input as fixtures.run(m)
}

test_health_data_do_not_count_toward_the_genomic_threshold if {
	m := study(
		[group("us-a", 60), group("us-b", 60)],
		[dataset("wgs", "genomic", "us-a"), dataset("ehr", "health", "us-b")],
		[send("t1", "ehr", "lab-cn", "2026-11-01"), send("t2", "wgs", "lab-cn", "2026-11-02")],
	)
	hits == {["DOJ-BULK-002", "/transfers/1", "t2", "lab-cn"]} with input as fixtures.run(m)
}

# --- Exemptions -------------------------------------------------------------------

test_no_doj_finding_under_an_fda_application_that_is_not_closed if {
	every status in ["planned", "submitted", "active"] {
		count(doj.findings) == 0 with input as fixtures.run(fixtures.with_fda(genomic(150), status))
	}
	count(doj.findings) == 0 with input as fixtures.run(fixtures.with_fda(category("health", 10001), "active"))
}

test_doj_rules_apply_when_the_fda_application_is_closed if {
	rules == {"DOJ-BULK-001"} with input as fixtures.run(fixtures.with_fda(genomic(150), "closed"))
}

test_no_doj_finding_in_a_federally_funded_study if {
	count(doj.findings) == 0 with input as fixtures.run(fixtures.funded_by(genomic(150), ["NIH"]))
	count(doj.findings) == 0 with input as fixtures.run(fixtures.funded_by(genomic(150), ["other_federal", "private"]))
	count(doj.findings) == 0 with input as fixtures.run(fixtures.funded_by(category("health", 10001), ["other_federal"]))
}

test_doj_rules_apply_to_privately_funded_or_unfunded_studies if {
	rules == {"DOJ-BULK-001"} with input as fixtures.run(fixtures.funded_by(genomic(150), ["private", "foreign_public"]))
	rules == {"DOJ-BULK-001"} with input as fixtures.run(json.remove(genomic(150), ["study/funding"]))
}

# --- Covered parties (28 CFR 202.211, 202.256) ---------------------------------------

test_no_doj_finding_for_a_us_subsidiary_of_a_chinese_company if {
	m := genomic_to_party(150, {"id": "lab-sub", "name": "Example US Inc.", "role": "cro", "country": "US", "incorporated_in": "US", "headquarters": "CN"})
	count(doj.findings) == 0 with input as fixtures.run(m)
}

test_a_us_branch_of_a_chinese_company_is_covered if {
	m := genomic_to_party(150, {"id": "lab-branch", "name": "Example Co. US Branch", "role": "cro", "country": "US", "incorporated_in": "CN", "headquarters": "CN"})
	{[f.rule, f.party, f.reasons] | some f in doj.findings} == {["DOJ-BULK-001", "lab-branch", ["headquarters CN", "incorporated in CN"]]} with input as fixtures.run(m)
}

test_no_doj_finding_for_a_us_company_branch_in_china if {
	m := genomic_to_party(150, {"id": "lab-branch", "name": "Example Inc. Shanghai Branch", "role": "cro", "country": "CN", "incorporated_in": "US", "headquarters": "US"})
	count(doj.findings) == 0 with input as fixtures.run(m)
}

test_a_listed_entity_is_covered_even_when_incorporated_in_the_us if {
	m := genomic_to_party(150, {"id": "lab-gene", "name": "example  gene CO.", "role": "cro", "country": "US", "incorporated_in": "US", "headquarters": "US"})
	hits == {["DOJ-BULK-001", "/transfers/0", "t1", "lab-gene"]} with input as fixtures.run(m)
		with data.helixgate.lists.entities_of_concern.entities as [{"name": "Example Gene Co.", "source": "test"}]
	count(doj.findings) == 0 with input as fixtures.run(m)
}

# The base, but genomic data on 150 Americans goes to a German lab with
# `share` percent owned from China.
owned(share) := genomic_to_party(150, {
	"id": "lab-owned", "name": "Example Owned GmbH", "role": "cro", "country": "DE", "headquarters": "DE",
	"owners": [{"name": "Example Bio Group", "country": "CN", "share": share}],
})

test_a_foreign_lab_50_percent_owned_from_china_is_covered if {
	rules == {"DOJ-BULK-001"} with input as fixtures.run(owned(50))
	count(doj.findings) == 0 with input as fixtures.run(owned(49.9))
}
