# Tests of counting across manifests (policy-pack-v2, 1 Portfolio), beside
# doj_test.rego in the same package: manifests named A, B, ... send American
# genomic data to the lab in China; each is asked with the others' entries in
# its context, as the wrapper asks.
package helixgate.doj_test

import data.helixgate.doj
import data.helixgate.main
import data.helixgate.test.fixtures

# Manifest `id`: genomic data on n Americans (group "us-a") to lab-cn on `day`.
part(id, n, day) := object.union(
	study([group("us-a", n)], [dataset("wgs", "genomic", "us-a")], [send("t1", "wgs", "lab-cn", day)]),
	{"metadata": {"id": id}},
)

entries_of(m) := found if {
	found := doj.entries with input as fixtures.run(m)
}

# The entries of other manifests, as checked manifests (history false) or
# as history.
checked(ms) := [e | some m in ms; some e in entries_of(m)]

past(ms) := [object.union(e, {"history": true}) | some m in ms; some e in entries_of(m)]

# A question about m with a portfolio of these entries.
with_portfolio(m, entries) := {"manifest": m, "context": {"portfolio": {"entries": entries}}}

findings_with(m, entries) := {[f.rule, f.transfer, f.party] | some f in found} if {
	found := doj.findings with input as with_portfolio(m, entries)
}

rules_with(m, entries) := {f.rule | some f in found} if {
	found := doj.findings with input as with_portfolio(m, entries)
}

# --- 100 vs 101 across two manifests -------------------------------------------

test_fifty_and_fifty_one_across_two_manifests_are_bulk_at_the_later if {
	a := part("A", 50, "2026-03-01")
	b := part("B", 51, "2026-04-01")
	rules_with(b, checked([a])) == {"DOJ-BULK-001"}
	rules_with(a, checked([b])) == {"DOJ-BULK-002"}
}

test_fifty_and_fifty_across_two_manifests_are_not_bulk if {
	a := part("A", 50, "2026-03-01")
	b := part("B", 50, "2026-04-01")
	rules_with(b, checked([a])) == {"DOJ-BULK-002"}
	rules_with(a, checked([b])) == {"DOJ-BULK-002"}
}

test_the_bulk_message_names_the_other_manifest if {
	a := part("A", 60, "2026-03-01")
	b := part("B", 60, "2026-04-01")
	some f in doj.findings with input as with_portfolio(b, checked([a]))
	f.rule == "DOJ-BULK-001"
	contains(f.message, "120 U.S. persons")
	contains(f.message, "with A (60 people, transfer t1 on 2026-03-01)")
}

test_without_a_portfolio_each_manifest_counts_alone if {
	rules_with(part("B", 60, "2026-04-01"), []) == {"DOJ-BULK-002"}
}

# A caller cannot speak for the manifest asked about: its own entries in the
# context are replaced by the ones the pack computes.
test_the_manifests_own_entries_in_the_context_are_ignored if {
	b := part("B", 60, "2026-04-01")
	inflated := [object.union(e, {"people": 500}) | some e in entries_of(b)]
	rules_with(b, inflated) == {"DOJ-BULK-002"}
}

# --- Windows across manifests --------------------------------------------------

test_exactly_twelve_months_apart_across_manifests_are_not_counted_together if {
	a := part("A", 60, "2026-01-10")
	b := part("B", 60, "2027-01-10")
	rules_with(b, checked([a])) == {"DOJ-BULK-002"}
}

test_one_day_less_than_twelve_months_apart_across_manifests_are_counted_together if {
	a := part("A", 60, "2026-01-11")
	b := part("B", 60, "2027-01-10")
	rules_with(b, checked([a])) == {"DOJ-BULK-001"}
}

test_31_december_and_1_january_fall_in_one_window if {
	a := part("A", 60, "2026-12-31")
	b := part("B", 60, "2027-01-01")
	rules_with(b, checked([a])) == {"DOJ-BULK-001"}
}

# --- History -------------------------------------------------------------------

test_a_history_manifest_counts_toward_a_checked_one if {
	a := part("A", 60, "2026-03-01")
	b := part("B", 60, "2026-04-01")
	rules_with(b, past([a])) == {"DOJ-BULK-001"}
}

# An earlier manifest added beside a later one already in the repository:
# the history transfer closes the window, the change gets the finding.
test_a_window_closed_by_history_is_found_on_the_checked_manifest_in_it if {
	a := part("A", 60, "2026-03-01")
	b := part("B", 60, "2026-04-01")
	findings_with(a, past([b])) == {["DOJ-BULK-001", "t1", "lab-cn"]}
}

# Closed by another checked manifest: that one answers for it.
test_a_window_closed_by_another_checked_manifest_is_found_there_only if {
	a := part("A", 60, "2026-03-01")
	b := part("B", 60, "2026-04-01")
	findings_with(a, checked([b])) == {["DOJ-BULK-002", "t1", "lab-cn"]}
}

test_a_history_window_that_does_not_hold_the_checked_manifest_says_nothing_of_it if {
	a := part("A", 60, "2025-01-01")
	b := part("B", 60, "2026-04-01")
	c := part("C", 60, "2026-05-01")
	rules_with(a, past([b, c])) == {"DOJ-BULK-002"}
}

# --- Cohorts -------------------------------------------------------------------

cohort_part(id, n, day, cohort) := json.patch(part(id, n, day), [{"op": "add", "path": "/subjects/0/cohort", "value": cohort}])

test_one_cohort_in_two_manifests_counts_once_at_its_largest_count if {
	a := cohort_part("A", 80, "2026-03-01", "us-trial")
	b := cohort_part("B", 90, "2026-04-01", "us-trial")
	rules_with(b, checked([a])) == {"DOJ-BULK-002"}
	some f in doj.findings with input as with_portfolio(b, checked([a]))
	contains(f.message, "at most 90 U.S. persons")
}

test_two_cohorts_in_two_manifests_add_up if {
	a := cohort_part("A", 80, "2026-03-01", "us-trial")
	b := cohort_part("B", 80, "2026-04-01", "us-registry")
	rules_with(b, checked([a])) == {"DOJ-BULK-001"}
}

# --- Senders -------------------------------------------------------------------

sponsored(m, name) := object.union(m, {"study": object.union(m.study, {"sponsor": {"name": name}})})

test_two_senders_are_two_pairs if {
	a := sponsored(part("A", 60, "2026-03-01"), "Example University")
	b := sponsored(part("B", 60, "2026-04-01"), "Example Hospital")
	rules_with(b, checked([a])) == {"DOJ-BULK-002"}
}

test_one_sender_by_matching_name_is_one_pair if {
	a := sponsored(part("A", 60, "2026-03-01"), "Example University")
	b := sponsored(part("B", 60, "2026-04-01"), "EXAMPLE  university.")
	rules_with(b, checked([a])) == {"DOJ-BULK-001"}
}

test_the_profile_organisation_is_the_sender_of_manifests_without_a_sponsor if {
	a := sponsored(part("A", 60, "2026-03-01"), "Example University")
	b := part("B", 60, "2026-04-01")
	question := {"manifest": b, "context": {
		"portfolio": {"entries": checked([a])},
		"profile": {"organisation": {"name": "Example University"}},
	}}
	{f.rule | some f in doj.findings} == {"DOJ-BULK-001"} with input as question
	rules_with(b, checked([a])) == {"DOJ-BULK-002"}
}

# --- Counterparties ------------------------------------------------------------

lei_lab(id, lei) := object.union(fixtures.lab(id, sprintf("Example Analysis %s", [id]), "CN"), {"lei": lei})

test_two_party_ids_with_one_lei_in_one_manifest_are_one_counterparty if {
	m := object.union(
		study(
			[group("us-a", 60), group("us-b", 60)],
			[dataset("wgs-a", "genomic", "us-a"), dataset("wgs-b", "genomic", "us-b")],
			[send("t1", "wgs-a", "lab-x", "2026-03-01"), send("t2", "wgs-b", "lab-y", "2026-04-01")],
		),
		{"parties": [lei_lab("lab-x", "5493001KJTIIGC8Y1R12"), lei_lab("lab-y", "5493001KJTIIGC8Y1R12")]},
	)
	{[f.rule, f.transfer, f.party] | some f in doj.findings} == {["DOJ-BULK-001", "t2", "lab-y"]} with input as fixtures.run(m)
}

test_two_party_ids_with_two_leis_are_two_counterparties if {
	m := object.union(
		study(
			[group("us-a", 60), group("us-b", 60)],
			[dataset("wgs-a", "genomic", "us-a"), dataset("wgs-b", "genomic", "us-b")],
			[send("t1", "wgs-a", "lab-x", "2026-03-01"), send("t2", "wgs-b", "lab-y", "2026-04-01")],
		),
		{"parties": [lei_lab("lab-x", "5493001KJTIIGC8Y1R12"), lei_lab("lab-y", "529900T8BM49AURSDO55")]},
	)
	{f.rule | some f in doj.findings} == {"DOJ-BULK-002"} with input as fixtures.run(m)
}

test_an_lei_never_equals_a_name if {
	e := entries_of(part("A", 60, "2026-03-01"))[0]
	every k in e.keys {
		startswith(k, "name:")
	}
}

# --- Counted transfers ---------------------------------------------------------

test_an_fda_trial_transfer_is_not_counted_for_the_others if {
	a := fixtures.with_fda(part("A", 60, "2026-03-01"), "submitted")
	b := part("B", 60, "2026-04-01")
	rules_with(b, checked([a])) == {"DOJ-BULK-002"}
}

# --- Corporate groups ------------------------------------------------------------

subsidiary(id, name) := object.union(fixtures.lab(id, name, "CN"), {"owners": [{"name": "Example Holding Group", "country": "CN", "share": 51}]})

group_split(n_a, n_b) := object.union(
	study(
		[group("us-a", n_a), group("us-b", n_b)],
		[dataset("wgs-a", "genomic", "us-a"), dataset("wgs-b", "genomic", "us-b")],
		[send("t1", "wgs-a", "sub-1", "2026-03-01"), send("t2", "wgs-b", "sub-2", "2026-04-01")],
	),
	{"parties": [subsidiary("sub-1", "Example Sequencing One"), subsidiary("sub-2", "Example Sequencing Two")]},
)

test_a_group_split_over_two_subsidiaries_is_evasion if {
	{[f.rule, f.transfer] | some f in doj.findings; f.rule == "DOJ-BULK-004"} == {["DOJ-BULK-004", "t2"]} with input as fixtures.run(group_split(60, 60))
}

test_a_group_split_at_or_below_the_threshold_together_is_not_evasion if {
	every f in doj.findings {
		f.rule != "DOJ-BULK-004"
	} with input as fixtures.run(group_split(50, 50))
}

test_a_group_whose_one_member_is_over_is_bulk_not_evasion if {
	found := doj.findings with input as fixtures.run(group_split(101, 10))
	rules := {f.rule | some f in found}
	"DOJ-BULK-001" in rules
	not "DOJ-BULK-004" in rules
}

half(id, name) := object.union(fixtures.lab(id, name, "CN"), {"owners": [{"name": "Example Holding Group", "country": "CN", "share": 50}]})

test_an_owner_with_exactly_half_makes_no_group if {
	m := object.union(group_split(60, 60), {"parties": [half("sub-1", "Example Sequencing One"), half("sub-2", "Example Sequencing Two")]})
	every f in doj.findings {
		f.rule != "DOJ-BULK-004"
	} with input as fixtures.run(m)
}

# --- Remote access -----------------------------------------------------------------

remote(n, from) := json.patch(study([group("us-a", n)], [dataset("wgs", "genomic", "us-a")], [send("t1", "wgs", "lab-de", "2026-11-01")]), [{"op": "add", "path": "/transfers/0/safeguards/remote_access_from", "value": from}])

test_remote_access_from_china_to_bulk_data_is_access_by_a_covered_person if {
	{[f.rule, f.party, f.reasons] | some f in doj.findings} == {["DOJ-BULK-001", "lab-de", ["remote access from CN"]]} with input as fixtures.run(remote(101, ["CN"]))
}

test_remote_access_from_china_below_the_threshold_is_watched if {
	{f.rule | some f in doj.findings} == {"DOJ-BULK-002"} with input as fixtures.run(remote(100, ["CN"]))
}

test_remote_access_from_a_trusted_country_is_no_access_of_concern if {
	count(doj.findings) == 0 with input as fixtures.run(remote(500, ["DE"]))
}

# --- History that could not be read ------------------------------------------------

test_incomplete_history_reviews_a_manifest_that_is_not_denied if {
	question := {"manifest": fixtures.base, "context": {"portfolio": {"entries": [], "incomplete": ["history/broken.yaml"]}}}
	r := main.result with input as question
	r.decision == "review"
	r.findings[0].rule == "HG-PORTFOLIO-001"
	contains(r.findings[0].message, "history/broken.yaml")
}

test_incomplete_history_adds_nothing_to_a_denied_manifest if {
	question := {"manifest": part("A", 150, "2026-03-01"), "context": {"portfolio": {"entries": [], "incomplete": ["history/broken.yaml"]}}}
	r := main.result with input as question
	r.decision == "deny"
	every f in r.findings {
		f.rule != "HG-PORTFOLIO-001"
	}
}

test_incomplete_history_cannot_be_switched_off_by_a_profile if {
	question := {"manifest": fixtures.base, "context": {
		"portfolio": {"entries": [], "incomplete": ["broken.yaml"]},
		"profile": {"rules": {"HG-PORTFOLIO-001": "off"}},
	}}
	r := main.result with input as question
	r.decision == "review"
}

# --- The batch entry point ---------------------------------------------------------

test_entries_gives_each_manifests_entries_in_input_order if {
	a := part("A", 60, "2026-03-01")
	b := part("B", 70, "2026-04-01")
	[[ea], [eb]] := main.entries with input as {"manifests": [a, b], "context": {}}
	[[ea.manifest, ea.people], [eb.manifest, eb.people]] == [["A", 60], ["B", 70]]
}

# --- A batch counts as each of its manifests would -----------------------------
#
# main.results computes what a batch's manifests share once; each result
# must equal the one asked about that manifest alone with the same context.

batch_agrees(ms, context_entries) if {
	context := {"portfolio": {"entries": context_entries}}
	batch := main.results with input as {"manifests": ms, "context": context}
	alone := [r | some m in ms; r := main.result with input as {"manifest": m, "context": context}]
	batch == alone
}

test_a_batch_of_two_over_together_agrees_with_each_alone if {
	ms := [part("A", 60, "2026-03-01"), part("B", 60, "2026-04-01")]
	batch_agrees(ms, checked(ms))
	r := main.results with input as {"manifests": ms, "context": {"portfolio": {"entries": checked(ms)}}}
	{f.rule | some f in r[1].findings; startswith(f.rule, "DOJ-")} == {"DOJ-BULK-001"}
}

test_a_batch_with_history_closing_a_window_agrees_with_each_alone if {
	ms := [part("A", 60, "2026-03-01"), part("C", 30, "2026-03-15")]
	batch_agrees(ms, array.concat(checked(ms), past([part("B", 60, "2026-04-01")])))
}

test_a_batch_at_the_twelve_month_edges_agrees_with_each_alone if {
	ms := [part("A", 60, "2026-01-10"), part("B", 60, "2027-01-10"), part("C", 1, "2027-01-09"), part("D", 60, "2026-12-31")]
	batch_agrees(ms, checked(ms))
}

test_a_batch_with_a_group_split_agrees_with_it_alone if {
	ms := [object.union(group_split(60, 60), {"metadata": {"id": "G"}}), part("A", 10, "2026-03-01")]
	batch_agrees(ms, checked(ms))
}

test_a_batch_without_a_portfolio_counts_each_manifest_alone if {
	ms := [part("A", 60, "2026-03-01"), part("B", 60, "2026-04-01")]
	batch_agrees(ms, [])
	r := main.results with input as {"manifests": ms, "context": {}}
	{f.rule | some f in r[1].findings; startswith(f.rule, "DOJ-")} == {"DOJ-BULK-002"}
}

# A caller that understates a batch manifest's entries in the context cannot
# lower that manifest's own count: it is counted on its own entries.
test_a_batch_manifest_whose_context_entries_are_not_its_own_is_counted_on_its_own if {
	a := part("A", 60, "2026-03-01")
	b := part("B", 60, "2026-04-01")
	understated := [object.union(e, {"people": 1}) | some e in entries_of(b)]
	r := main.results with input as {"manifests": [a, b], "context": {"portfolio": {"entries": array.concat(checked([a]), understated)}}}
	{f.rule | some f in r[1].findings; startswith(f.rule, "DOJ-")} == {"DOJ-BULK-001"}
}

# 29 February: one year before 1 March 2025 is 1 March 2024 (Go's date
# arithmetic), so 29 February 2024 is outside that window and inside the
# window of 28 February 2025.
test_29_february_is_outside_the_window_of_1_march_a_year_later if {
	a := part("A", 60, "2024-02-29")
	rules_with(part("B", 60, "2025-03-01"), checked([a])) == {"DOJ-BULK-002"}
	rules_with(part("C", 60, "2025-02-28"), checked([a])) == {"DOJ-BULK-001"}
}

# Many transfers on distinct days to one covered party: windows are slices
# of one day-sorted timeline (the timeline is what keeps this linear).
test_transfers_on_distinct_days_count_only_their_own_window if {
	days := [sprintf("%d-%02d-01", [2026 + ((m - (m % 12)) / 12), (m % 12) + 1]) | some m in numbers.range(0, 23)]
	groups := [group(sprintf("us-%d", [i]), 8) | some i, _ in days]
	items := [dataset(sprintf("wgs-%d", [i]), "genomic", sprintf("us-%d", [i])) | some i, _ in days]
	sends := [send(sprintf("t%d", [i]), sprintf("wgs-%d", [i]), "lab-cn", day) | some i, day in days]
	m := study(groups, items, sends)
	found := doj.findings with input as fixtures.run(m)
	{f.rule | some f in found} == {"DOJ-BULK-002"}
	people := doj.window_people with input as fixtures.run(m)
	people == {i: (min([i + 1, 12]) * 8) | some i, _ in days}
}

# Only windows that hold a decided entry are counted; a history window a
# year and more after it holds none (29 February: a year after it is 1 March).
test_a_history_window_within_a_year_after_a_checked_leap_day_is_placed_on_it if {
	a := part("A", 60, "2024-02-29")
	findings_with(a, past([part("B", 60, "2025-02-28")])) == {["DOJ-BULK-001", "t1", "lab-cn"]}
	findings_with(a, past([part("C", 60, "2025-03-01")])) == {["DOJ-BULK-002", "t1", "lab-cn"]}
	batch_agrees([a, part("D", 1, "2024-03-01")], array.concat(checked([a, part("D", 1, "2024-03-01")]), past([part("B", 60, "2025-02-28"), part("C", 60, "2025-03-01")])))
}
