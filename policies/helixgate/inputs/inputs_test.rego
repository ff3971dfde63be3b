# METADATA
# title: Tests of the input checks
# description: |
#   HG-INPUT-001 at the edges of the dates the pack computes with
#   (1900-01-01 … 2199-12-31), for days that do not exist and values that are
#   not strings, at the pointer of each date field; a deny no profile or
#   waiver changes, and a transfer with such a date still counted by the DOJ
#   rules. The base is a clean manifest (American genomic data to a certified,
#   vetted German lab): allow, no finding.
package helixgate.inputs_test

import data.helixgate.inputs
import data.helixgate.main
import data.helixgate.test.fixtures

# `t`, but starting on `start_on`.
dated(t, start_on) := object.union(t, {"start_on": start_on})

# The base, but its transfer starts on `date`.
starting(date) := fixtures.sending([dated(fixtures.transfer("t1", "wgs-a", "lab-de"), date)])

# [pointer, order] of the HG-INPUT-001 findings
hits := {[f.pointer, f.order] | some f in inputs.findings}

test_the_clean_base_has_no_input_finding if {
	main.result.findings == [] with input as fixtures.ask(fixtures.base, {})
}

test_the_first_and_last_day_of_the_range_are_dates if {
	every date in ["1900-01-01", "2199-12-31", "2028-02-29"] {
		count(inputs.findings) == 0 with input as fixtures.ask(starting(date), {})
	}
}

test_a_day_just_outside_the_range_denies_at_its_pointer if {
	every date in ["1899-12-31", "2200-01-01"] {
		hits == {["/transfers/0/start_on", 0]} with input as fixtures.ask(starting(date), {})
		main.result.decision == "deny" with input as fixtures.ask(starting(date), {})
	}
}

test_years_beyond_what_opa_can_compute_with_deny if {
	every date in ["2300-01-01", "1500-06-30", "9999-12-31", "0000-01-01"] {
		hits == {["/transfers/0/start_on", 0]} with input as fixtures.ask(starting(date), {})
	}
}

test_a_day_that_does_not_exist_denies if {
	every date in ["2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31"] {
		hits == {["/transfers/0/start_on", 0]} with input as fixtures.ask(starting(date), {})
	}
}

test_a_date_in_another_form_denies if {
	every date in ["2026-12-1", "26-12-01", "2026/12/01", "2026-12-01T00:00:00Z", " 2026-12-01", "2026-12-01\n", "２０２６-12-01", ""] {
		hits == {["/transfers/0/start_on", 0]} with input as fixtures.ask(starting(date), {})
	}
}

test_a_date_that_is_not_a_string_denies if {
	every date in [20261201, null, true, ["2026-12-01"], {"date": "2026-12-01"}] {
		hits == {["/transfers/0/start_on", 0]} with input as fixtures.ask(starting(date), {})
	}
}

test_a_transfer_without_a_start_denies if {
	m := object.union(fixtures.base, {"transfers": [object.remove(dated(fixtures.transfer("t1", "wgs-a", "lab-de"), ""), ["start_on"])]})
	[[f.pointer, f.message] | some f in inputs.findings] == [[
		"/transfers/0/start_on",
		"/transfers/0/start_on (missing) is not a real day written YYYY-MM-DD from 1900-01-01 to 2199-12-31: no rule can place it in time",
	]] with input as fixtures.ask(m, {})
}

test_the_message_quotes_the_value if {
	[f.message | some f in inputs.findings] == [
		"/transfers/0/start_on (\"2300-01-01\") is not a real day written YYYY-MM-DD from 1900-01-01 to 2199-12-31: no rule can place it in time",
	] with input as fixtures.ask(starting("2300-01-01"), {})
}

test_every_date_field_is_checked_at_its_pointer if {
	m := object.union(fixtures.base, {
		"study": {"fda": {"application": "IND", "status": "closed", "submitted_on": "2300-01-01"}},
		"compliance": {
			"assessment": {"completed_on": "1899-12-31"},
			"hgr_approval": {"reference": "HGR-1", "approved_on": "2026-02-30"},
			"hgr_filing": {"reference": "HGR-2", "filed_on": 2026},
			"cn_export": {"mechanism": "standard_contract", "reference": "SC-1", "completed_on": "2200-01-01"},
			"hgr_security_review": {"reference": "SR-1", "reviewed_on": "1500-01-01"},
		},
		"materials": [{"id": "line", "type": "cell_line", "subjects": "us-a", "public_since": "2262-04-12"}],
		"parties": [fixtures.lab("lab-de", "Example Genomics GmbH", "DE"), object.union(fixtures.lab("lab-cn", "Example Analysis Co.", "CN"), {"due_diligence": {"completed_on": "12/01/2026", "outcome": "approved"}})],
		"transfers": [dated(fixtures.transfer("t1", "wgs-a", "lab-de"), "2026-12-01"), dated(fixtures.transfer("t2", "wgs-a", "lab-de"), "2300-01-01")],
	})
	hits == {
		["/study/fda/submitted_on", -1],
		["/compliance/assessment/completed_on", -1],
		["/compliance/hgr_approval/approved_on", -1],
		["/compliance/hgr_filing/filed_on", -1],
		["/compliance/cn_export/completed_on", -1],
		["/compliance/hgr_security_review/reviewed_on", -1],
		["/materials/0/public_since", -1],
		["/parties/1/due_diligence/completed_on", -1],
		["/transfers/1/start_on", 1],
	} with input as fixtures.ask(m, {})
}

test_an_optional_date_field_left_out_is_no_finding if {
	m := object.union(fixtures.base, {"compliance": {"assessment": {"reference": "CA-2026-17"}}, "parties": [object.remove(fixtures.lab("lab-de", "Example Genomics GmbH", "DE"), ["due_diligence"])]})
	count(inputs.findings) == 0 with input as fixtures.ask(m, {})
}

test_an_evaluation_date_outside_the_range_denies if {
	every as_of in ["0001-01-01", "2300-01-01", "2026-02-30", 20261125] {
		hits == {["", -1]} with input as {"manifest": fixtures.base, "context": {"as_of": as_of}}
		main.result.decision == "deny" with input as {"manifest": fixtures.base, "context": {"as_of": as_of}}
	}
	count(inputs.findings) == 0 with input as {"manifest": fixtures.base, "context": {}}
}

# --- A deny nothing lowers -----------------------------------------------------

bad := starting("2300-01-01")

input_levels := [f.level | some f in main.result.findings; f.rule == "HG-INPUT-001"]

test_a_profile_cannot_lower_or_switch_off_hg_input_001 if {
	every level in ["off", "info", "review"] {
		input_levels == ["deny"] with input as {"manifest": bad, "context": {"profile": {"rules": {"HG-INPUT-001": level}}}}
		main.result.decision == "deny" with input as {"manifest": bad, "context": {"profile": {"rules": {"HG-INPUT-001": level}}}}
	}
}

test_a_waiver_cannot_waive_hg_input_001 if {
	waiver := {"rule": "HG-INPUT-001", "manifest": fixtures.base.metadata.id, "reason": "r", "approved_by": "a@example.com", "expires_on": "2199-12-31"}
	r := main.result with input as {"manifest": bad, "context": {"as_of": "2026-11-25", "waivers": [waiver]}}
	[[f.rule, f.level] | some f in r.findings] == [["HG-WAIVER-001", "review"], ["HG-INPUT-001", "deny"]]
	r.decision == "deny"
}

# --- A transfer with such a date is never dropped from the windows -----------------

doj_rules(m) := {f.rule | some f in r.findings; startswith(f.rule, "DOJ-")} if {
	r := main.result with input as fixtures.ask(m, {})
}

two_to_china(first, second) := object.union(fixtures.base, {"transfers": [
	dated(fixtures.transfer("t1", "wgs-a", "lab-cn"), first),
	dated(fixtures.transfer("t2", "wgs-b", "lab-cn"), second),
]})

test_a_transfer_in_2300_still_counts_toward_bulk if {
	# 60 + 60 Americans' genomes to China: bulk (more than 100) with both dated
	doj_rules(two_to_china("2026-12-01", "2027-01-15")) == {"DOJ-BULK-001"}
	doj_rules(two_to_china("2026-12-01", "2300-01-01")) == {"DOJ-BULK-001"}
	doj_rules(two_to_china("1500-01-01", "2026-12-01")) == {"DOJ-BULK-001"}
	doj_rules(two_to_china("2026-02-30", "not a date")) == {"DOJ-BULK-001"}
}

test_a_lone_undated_transfer_over_the_threshold_is_bulk if {
	m := object.union(fixtures.base, {"transfers": [dated(fixtures.transfer("t1", "wgs", "lab-cn"), "2300-01-01")]})
	r := main.result with input as fixtures.ask(m, {})
	{[f.rule, f.pointer] | some f in r.findings; f.level == "deny"} == {
		["DOJ-BULK-001", "/transfers/0"],
		["HG-INPUT-001", "/transfers/0/start_on"],
	}
}

test_an_undated_transfer_at_or_below_the_threshold_is_not_bulk if {
	m := object.union(fixtures.base, {"transfers": [dated(fixtures.transfer("t1", "wgs-a", "lab-cn"), "2300-01-01")]})
	doj_rules(m) == {"DOJ-BULK-002"}
}
