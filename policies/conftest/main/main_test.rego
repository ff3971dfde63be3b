# METADATA
# title: Tests of the conftest entry point
# description: |
#   package main as conftest queries it: `deny` for deny findings, `warn` for
#   review findings, "RULE: message (pointer)", nothing for info findings or
#   other documents, and a deny when a claimed manifest gets no decision.
#   The base is a clean manifest (American genomic data to a certified,
#   vetted German lab).
package main_test

import data.helixgate.test.fixtures
import data.main

# The warnings of the findings, without the one that asks for --combine.
rule_warn := main.warn - {main.combine_warning}

# The base with its one transfer changed.
changed(patch) := json.patch(fixtures.base, patch)

test_a_clean_manifest_gives_no_deny_and_only_the_combine_warning if {
	count(main.deny) == 0 with input as fixtures.base
	main.warn == {main.combine_warning} with input as fixtures.base
	main.result.decision == "allow" with input as fixtures.base
}

test_a_deny_finding_is_a_deny_with_rule_message_and_pointer if {
	m := changed([{"op": "remove", "path": "/transfers/0/safeguards"}])
	main.deny == {"CMP-SEC-001: transfer t1 sends data wgs (American subjects) from the origin to lab-de (DE) across a border without encryption both in transit and at rest (/transfers/0)"} with input as m
	count(rule_warn) == 0 with input as m
}

test_a_review_finding_is_a_warn if {
	m := changed([{"op": "remove", "path": "/parties/0/certifications"}])
	count(main.deny) == 0 with input as m
	rule_warn == {"CMP-SEC-003: transfer t1 sends data wgs (American subjects) from the origin to lab-de, which holds none of the security certifications ISO27001, SOC2 (/transfers/0)"} with input as m
}

test_deny_and_warn_together_follow_the_levels if {
	# American genomic data to a Chinese lab: CMP-SOV-001 (review); 50 people,
	# under the bulk threshold: DOJ-BULK-002 (review); chosen for cost:
	# CMP-COST-001 (deny)
	m := changed([
		{"op": "replace", "path": "/transfers/0/item", "value": "small-wgs"},
		{"op": "replace", "path": "/transfers/0/to", "value": "lab-cn"},
		{"op": "replace", "path": "/transfers/0/selection_reason", "value": "cost"},
	])
	{split(d, ":")[0] | some d in main.deny} == {"CMP-COST-001"} with input as m
	{split(w, ":")[0] | some w in rule_warn} == {"CMP-SOV-001", "DOJ-BULK-002"} with input as m
	main.result.decision == "deny" with input as m
}

test_an_info_finding_gives_neither if {
	m := changed([{"op": "replace", "path": "/transfers/0/to", "value": "lab-sg"}])
	[f.level | some f in main.result.findings] == ["info"] with input as m
	count(main.deny) == 0 with input as m
	count(rule_warn) == 0 with input as m
}

test_a_finding_without_a_pointer_has_no_parentheses if {
	m := json.remove(fixtures.base, ["compliance"])
	main.deny == {"CMP-ASSESS-001: no cross-border compliance assessment is recorded, and the first cross-border transfer starts on 2026-12-01"} with input as m
}

test_the_question_carries_today_and_the_default_pack if {
	# 2027-03-01T23:30:00Z
	main.context == {"as_of": "2027-03-01", "profile": {}, "waivers": []} with time.now_ns as 1803943800000000000
}

test_the_pack_sees_the_document_as_the_manifest if {
	main.result.manifest == fixtures.base.metadata.id with input as fixtures.base
}

test_a_document_that_is_not_a_manifest_gives_nothing if {
	config_map := {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}
	count(main.deny) == 0 with input as config_map
	count(main.warn) == 0 with input as config_map
	not main.result with input as config_map
}

test_a_claimed_manifest_without_a_decision_is_denied if {
	no_id := json.remove(fixtures.base, ["metadata/id"])
	[d | some d in main.deny; startswith(d, "HG-CONFTEST:")] != [] with input as no_id
	kind_only := {"kind": "TransferManifest"}
	[d | some d in main.deny; startswith(d, "HG-CONFTEST:")] != [] with input as kind_only
}

test_a_manifest_is_denied_when_the_pack_data_is_not_loaded if {
	[d | some d in main.deny; startswith(d, "HG-CONFTEST:")] != [] with input as fixtures.base with data.helixgate.meta as {}
}

test_a_finding_without_a_level_is_denied if {
	m := changed([{"op": "remove", "path": "/transfers/0/safeguards"}])
	main.deny == {"CMP-SEC-001: finding without a level from the rule catalogue (load it with --data policies)"} with input as m with data.helixgate.catalogue.rules as {}
}

# --- conftest test --combine ----------------------------------------------------

part(id, n, day) := object.union(fixtures.base, {
	"metadata": {"id": id},
	"subjects": [{"id": "us-a", "nationality": "US", "residence": "US", "count": n}],
	"materials": [],
	"data": [{"id": "wgs", "category": "genomic", "subjects": "us-a", "identifiability": "pseudonymized"}],
	"transfers": [object.union(fixtures.transfer("t1", "wgs", "lab-cn"), {"purpose": "analysis", "start_on": day})],
})

combined(ms) := [{"path": sprintf("%s.yaml", [m.metadata.id]), "contents": m} | some m in ms]

test_combined_files_count_together if {
	files := combined([part("A", 60, "2026-03-01"), part("B", 60, "2026-04-01")])
	{d | some d in main.deny; contains(d, "DOJ-BULK-001")} == {"B.yaml B: DOJ-BULK-001: transfer t1 sends data wgs (American subjects) from the origin to lab-cn: over 12 months up to transfer t1, human genomic data or biospecimens on 120 U.S. persons reach covered party lab-cn (bulk is more than 100); with A (60 people, transfer t1 on 2026-03-01) (/transfers/0)"} with input as files
	not main.combine_warning in main.warn with input as files
}

test_one_file_alone_counts_alone_and_asks_for_combine if {
	m := part("B", 60, "2026-04-01")
	{split(w, ":")[0] | some w in rule_warn} == {"CMP-SOV-001", "DOJ-BULK-002"} with input as m
	main.combine_warning in main.warn with input as m
}

test_a_multi_document_file_counts_each_document if {
	files := [{"path": "both.yaml", "contents": [part("A", 60, "2026-03-01"), part("B", 60, "2026-04-01")]}]
	count({d | some d in main.deny; startswith(d, "both.yaml B: DOJ-BULK-001")}) == 1 with input as files
}

test_a_combined_claimed_manifest_without_a_decision_is_denied_with_its_path if {
	files := [{"path": "x.yaml", "contents": {"kind": "TransferManifest"}}]
	[d | some d in main.deny; startswith(d, "x.yaml: HG-CONFTEST:")] != [] with input as files
}
