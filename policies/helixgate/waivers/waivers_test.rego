# METADATA
# title: Tests of waivers
# description: |
#   helixgate.waivers through helixgate.main.result: a valid waiver turns the
#   findings it covers into level `waived` (kept, not counted); an expired one,
#   one without an evaluation date, one for another manifest or another
#   transfer waives nothing; one for an FDA, NIH or DOJ rule, or for a rule
#   that does not exist, is ignored with HG-WAIVER-001. The base is a clean
#   manifest (American genomic data to a certified, vetted German lab).
package helixgate.waivers_test

import data.helixgate.main
import data.helixgate.test.fixtures
import data.helixgate.waivers

catalogue := data.helixgate.catalogue.rules

# One manifest whose only finding is CMP-SEC-001 (deny) on t1.
insecure := fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-de"))])

# Two transfers, each with CMP-SEC-001 (deny).
insecure_twice := fixtures.sending([
	fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-de")),
	fixtures.unprotected(fixtures.transfer("t2", "wgs", "lab-de")),
])

# Today's question about `m`, with these waivers.
ask_waiving(m, ws) := fixtures.ask(m, {"waivers": ws})

# The question about `m` on `as_of`, with these waivers.
ask_waiving_on(m, ws, as_of) := fixtures.ask(m, {"waivers": ws, "as_of": as_of})

waiver(rule) := {
	"rule": rule,
	"manifest": fixtures.base.metadata.id,
	"reason": "encryption at rest lands in the December release",
	"approved_by": "ciso@example.com",
	"expires_on": "2027-02-28",
}

# [transfer or "", rule, level] of the findings, in the order given
levels := [[object.get(f, "transfer", ""), f.rule, f.level] | some f in main.result.findings]

# --- A valid waiver -------------------------------------------------------------

test_without_a_waiver_the_insecure_manifest_is_denied if {
	levels == [["t1", "CMP-SEC-001", "deny"]] with input as ask_waiving(insecure, [])
	main.result.decision == "deny" with input as ask_waiving(insecure, [])
}

test_a_valid_waiver_turns_the_finding_into_waived_and_the_manifest_is_allowed if {
	r := main.result with input as ask_waiving(insecure, [waiver("CMP-SEC-001")])
	r.decision == "allow"
	r.obligations == []
	[[f.rule, f.level] | some f in r.findings] == [["CMP-SEC-001", "waived"]]
	r.findings[0].waiver == {
		"reason": "encryption at rest lands in the December release",
		"approved_by": "ciso@example.com",
		"expires_on": "2027-02-28",
	}
}

test_a_waived_finding_keeps_every_other_field if {
	plain := main.result.findings[0] with input as ask_waiving(insecure, [])
	waived := main.result.findings[0] with input as ask_waiving(insecure, [waiver("CMP-SEC-001")])
	object.remove(waived, ["level", "waiver"]) == object.remove(plain, ["level"])
	plain.level == "deny"
	not plain.waiver
	waived.pointer == "/transfers/0"
	waived.transfer == "t1"
}

test_a_waived_finding_reports_the_transfer_its_waiver_names if {
	w := object.union(waiver("CMP-SEC-001"), {"transfer": "t1"})
	main.result.findings[0].waiver == {
		"reason": "encryption at rest lands in the December release",
		"approved_by": "ciso@example.com",
		"expires_on": "2027-02-28",
		"transfer": "t1",
	} with input as ask_waiving(insecure, [w])
}

test_the_waiver_summary_keeps_only_its_four_fields if {
	w := object.union(waiver("CMP-SEC-001"), {"transfer": "t1", "ticket": "SEC-12"})
	waivers.summary(w) == {
		"reason": "encryption at rest lands in the December release",
		"approved_by": "ciso@example.com",
		"expires_on": "2027-02-28",
		"transfer": "t1",
	}
}

test_a_waived_deny_leaves_the_standing_review_to_decide if {
	# CMP-SEC-001 (deny, waived) and CMP-SEC-003 (review, standing) on t1
	m := fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-nocert"))])
	main.result.decision == "deny" with input as ask_waiving(m, [])
	levels == [["t1", "CMP-SEC-001", "waived"], ["t1", "CMP-SEC-003", "review"]] with input as ask_waiving(m, [waiver("CMP-SEC-001")])
	main.result.decision == "review" with input as ask_waiving(m, [waiver("CMP-SEC-001")])
}

test_obligations_come_only_from_standing_findings if {
	# Give CMP-SEC-003 an obligation for this test: waived, it carries none.
	with_obligation := object.union(catalogue, {"CMP-SEC-003": {"obligation": "certification-plan"}})
	m := fixtures.sending([fixtures.transfer("t1", "wgs", "lab-nocert")])
	main.result.obligations == ["certification-plan"] with input as ask_waiving(m, []) with data.helixgate.catalogue.rules as with_obligation
	r := main.result with input as ask_waiving(m, [waiver("CMP-SEC-003")]) with data.helixgate.catalogue.rules as with_obligation
	r.obligations == []
	r.decision == "allow"
	[f.level | some f in r.findings] == ["waived"]
}

test_a_waiver_that_is_ignored_keeps_the_obligation if {
	# DOJ-BULK-003 cannot be waived: it stands with its obligation
	m := fixtures.sending([fixtures.transfer("t1", "ehr", "lab-cn")])
	r := main.result with input as ask_waiving(m, [waiver("DOJ-BULK-003")])
	levels == [["", "HG-WAIVER-001", "review"], ["t1", "DOJ-BULK-003", "review"]] with input as ask_waiving(m, [waiver("DOJ-BULK-003")])
	r.obligations == ["doj-security-requirements"]
	r.decision == "review"
}

# --- Expiry -------------------------------------------------------------------------

test_a_waiver_applies_on_its_expiry_date if {
	levels == [["t1", "CMP-SEC-001", "waived"]] with input as ask_waiving_on(insecure, [waiver("CMP-SEC-001")], "2027-02-28")
	main.result.decision == "allow" with input as ask_waiving_on(insecure, [waiver("CMP-SEC-001")], "2027-02-28")
}

test_a_waiver_does_not_apply_the_day_after_its_expiry_date if {
	r := main.result with input as ask_waiving_on(insecure, [waiver("CMP-SEC-001")], "2027-03-01")
	r.decision == "deny"
	[[object.get(f, "transfer", ""), f.rule, f.level] | some f in r.findings] == [["", "HG-WAIVER-002", "info"], ["t1", "CMP-SEC-001", "deny"]]
	not r.findings[1].waiver
}

test_an_expired_waiver_is_reported_by_hg_waiver_002 if {
	w := object.union(waiver("CMP-SEC-001"), {"expires_on": "2026-12-31"})
	r := main.result with input as ask_waiving_on(insecure, [w], "2027-01-01")
	some f in r.findings
	f.rule == "HG-WAIVER-002"
	f.level == "info"
	f.pointer == ""
	f.reasons == []
	not f.transfer
	not f.item
	not f.party
	not f.waiver
	contains(f.message, "CMP-SEC-001")
	contains(f.message, "2026-12-31")
	contains(f.message, "ciso@example.com")
	f.title == catalogue["HG-WAIVER-002"].title
	f.citation == {"source": catalogue["HG-WAIVER-002"].source, "text": catalogue["HG-WAIVER-002"].citation}
}

test_an_expired_waiver_message_names_its_transfer_and_the_evaluation_date if {
	w := object.union(waiver("CMP-SEC-001"), {"transfer": "t1", "expires_on": "2026-01-31"})
	messages := [f.message | some f in main.result.findings; f.rule == "HG-WAIVER-002"] with input as ask_waiving_on(insecure, [w], "2026-02-01")
	count(messages) == 1
	contains(messages[0], "transfer t1")
	contains(messages[0], "2026-01-31")
	contains(messages[0], "2026-02-01")
}

test_an_expired_waiver_alone_does_not_change_the_decision if {
	w := object.union(waiver("CMP-SEC-001"), {"expires_on": "2026-01-01"})
	r := main.result with input as ask_waiving(fixtures.base, [w])
	r.decision == "allow"
	[f.rule | some f in r.findings] == ["HG-WAIVER-002"]
}

test_without_an_evaluation_date_no_waiver_applies if {
	r := main.result with input as {"manifest": insecure, "context": {"waivers": [waiver("CMP-SEC-001")]}}
	r.decision == "deny"
	[[f.rule, f.level] | some f in r.findings; f.rule == "CMP-SEC-001"] == [["CMP-SEC-001", "deny"]]
	every f in r.findings {
		not f.waiver
	}
}

test_without_an_evaluation_date_the_waiver_says_it_waives_nothing if {
	messages := [f.message | some f in main.result.findings; f.rule == "HG-WAIVER-002"] with input as {"manifest": insecure, "context": {"waivers": [waiver("CMP-SEC-001")]}}
	count(messages) == 1
	contains(messages[0], "CMP-SEC-001")
	contains(messages[0], "(none given)")
}

test_expiry_compares_dates_across_a_year_end if {
	w := object.union(waiver("CMP-SEC-001"), {"expires_on": "2026-12-31"})
	levels == [["t1", "CMP-SEC-001", "waived"]] with input as ask_waiving_on(insecure, [w], "2026-12-31")
	levels == [["", "HG-WAIVER-002", "info"], ["t1", "CMP-SEC-001", "deny"]] with input as ask_waiving_on(insecure, [w], "2027-01-01")
}

# --- Scope: manifest and transfer ------------------------------------------------------

test_a_waiver_for_another_manifest_never_applies_and_says_nothing if {
	other := [
		object.union(waiver("CMP-SEC-001"), {"manifest": "HG-OTHER"}),
		object.union(waiver("CMP-SEC-001"), {"manifest": "HG-OTHER", "expires_on": "2020-01-01"}),
		object.union(waiver("FDA-CELLS-001"), {"manifest": "HG-OTHER"}),
		object.union(waiver("NO-SUCH-RULE"), {"manifest": "HG-OTHER"}),
	]
	levels == [["t1", "CMP-SEC-001", "deny"]] with input as ask_waiving(insecure, other)
	main.result.decision == "deny" with input as ask_waiving(insecure, other)
	waivers.findings == set() with input as ask_waiving(insecure, other)
}

test_a_waiver_naming_a_transfer_waives_only_that_transfers_finding if {
	w := object.union(waiver("CMP-SEC-001"), {"transfer": "t2"})
	r := main.result with input as ask_waiving(insecure_twice, [w])
	[[f.transfer, f.level] | some f in r.findings] == [["t1", "deny"], ["t2", "waived"]]
	r.findings[1].waiver.transfer == "t2"
	r.decision == "deny"
}

test_a_waiver_without_a_transfer_covers_every_finding_of_its_rule if {
	r := main.result with input as ask_waiving(insecure_twice, [waiver("CMP-SEC-001")])
	[[f.transfer, f.level] | some f in r.findings] == [["t1", "waived"], ["t2", "waived"]]
	r.decision == "allow"
}

test_a_waiver_covers_only_its_own_rule if {
	# CMP-SEC-001 and CMP-SEC-003 on t1; the waiver names CMP-SEC-003
	m := fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-nocert"))])
	levels == [["t1", "CMP-SEC-001", "deny"], ["t1", "CMP-SEC-003", "waived"]] with input as ask_waiving(m, [waiver("CMP-SEC-003")])
}

test_a_waiver_naming_a_transfer_does_not_cover_a_finding_about_the_whole_manifest if {
	# CMP-ASSESS-001 has no transfer
	m := object.union(fixtures.base, {"compliance": {"assessment": {"completed_on": "2027-01-01"}}})
	narrow := object.union(waiver("CMP-ASSESS-001"), {"transfer": "t1"})
	levels == [["", "CMP-ASSESS-001", "deny"]] with input as ask_waiving(m, [narrow])
	levels == [["", "CMP-ASSESS-001", "waived"]] with input as ask_waiving(m, [waiver("CMP-ASSESS-001")])
}

test_a_waiver_naming_a_transfer_that_does_not_exist_waives_nothing if {
	w := object.union(waiver("CMP-SEC-001"), {"transfer": "t9"})
	levels == [["t1", "CMP-SEC-001", "deny"]] with input as ask_waiving(insecure, [w])
}

# --- Rules that cannot be waived -------------------------------------------------------

# A new IND sending American blood to a Chinese lab: FDA-CELLS-001 (deny).
fda_manifest := fixtures.with_fda(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), "planned")

# NIH-funded, American blood to a Chinese lab: NIH-SPEC-001 (deny).
nih_manifest := object.union(fixtures.sending([fixtures.transfer("t1", "blood", "lab-cn")]), {"study": {"funding": ["NIH"]}})

# Privately funded, 150 Americans' genomes to a Chinese lab: DOJ-BULK-001 (deny).
doj_manifest := fixtures.sending([fixtures.transfer("t1", "wgs", "lab-cn")])

protected_level(m, rule) := levels_of_rule if {
	findings := main.result.findings with input as ask_waiving(m, [waiver(rule)])
	levels_of_rule := [f.level | some f in findings; f.rule == rule]
}

hg_waiver_001(m, rule) := found if {
	findings := main.result.findings with input as ask_waiving(m, [waiver(rule)])
	found := [f | some f in findings; f.rule == "HG-WAIVER-001"]
}

test_a_waiver_for_fda_cells_001_is_ignored if {
	protected_level(fda_manifest, "FDA-CELLS-001") == ["deny"]
	main.result.decision == "deny" with input as ask_waiving(fda_manifest, [waiver("FDA-CELLS-001")])
	[f] := hg_waiver_001(fda_manifest, "FDA-CELLS-001")
	f.level == "review"
	f.pointer == ""
	f.reasons == []
	not f.transfer
	contains(f.message, "FDA-CELLS-001")
	contains(f.message, "cannot be waived")
	contains(f.message, "FDA-2025-06-18")
}

test_a_waiver_for_nih_spec_001_is_ignored if {
	protected_level(nih_manifest, "NIH-SPEC-001") == ["deny"]
	main.result.decision == "deny" with input as ask_waiving(nih_manifest, [waiver("NIH-SPEC-001")])
	[f] := hg_waiver_001(nih_manifest, "NIH-SPEC-001")
	f.level == "review"
	contains(f.message, "NIH-SPEC-001")
	contains(f.message, "cannot be waived")
}

test_a_waiver_for_doj_bulk_001_is_ignored if {
	protected_level(doj_manifest, "DOJ-BULK-001") == ["deny"]
	main.result.decision == "deny" with input as ask_waiving(doj_manifest, [waiver("DOJ-BULK-001")])
	[f] := hg_waiver_001(doj_manifest, "DOJ-BULK-001")
	f.level == "review"
	contains(f.message, "DOJ-BULK-001")
	contains(f.message, "cannot be waived")
	contains(f.message, "28 CFR 202")
}

test_a_waiver_for_a_protected_rule_makes_a_clean_manifest_at_least_review if {
	every rule in ["FDA-CELLS-001", "NIH-SPEC-001", "DOJ-BULK-001"] {
		r := main.result with input as ask_waiving(fixtures.base, [waiver(rule)])
		r.decision == "review"
		[f.rule | some f in r.findings] == ["HG-WAIVER-001"]
	}
}

test_a_protected_waiver_is_not_reported_as_expired if {
	w := object.union(waiver("FDA-CELLS-001"), {"expires_on": "2020-01-01"})
	[f.rule | some f in main.result.findings] == ["HG-WAIVER-001"] with input as ask_waiving(fixtures.base, [w])
}

test_a_waiver_for_a_rule_that_does_not_exist_is_ignored_and_says_so if {
	# a typo of CMP-SEC-001 must not pass as a waiver
	r := main.result with input as ask_waiving(insecure, [waiver("CMP-SEC-01")])
	[[object.get(f, "transfer", ""), f.rule, f.level] | some f in r.findings] == [["", "HG-WAIVER-001", "review"], ["t1", "CMP-SEC-001", "deny"]]
	contains(r.findings[0].message, "CMP-SEC-01")
	contains(r.findings[0].message, "does not exist")
	r.decision == "deny"
	main.result.decision == "review" with input as ask_waiving(fixtures.base, [waiver("CMP-SEC-01")])
}

test_two_identical_ignored_waivers_give_two_findings if {
	messages := [f.message | some f in main.result.findings] with input as ask_waiving(fixtures.base, [waiver("FDA-CELLS-001"), waiver("FDA-CELLS-001")])
	count(messages) == 2
	startswith(messages[0], "waiver 1 ")
	startswith(messages[1], "waiver 2 ")
}

# --- Several waivers for one finding ----------------------------------------------------

named(reason, extra) := object.union(object.union(waiver("CMP-SEC-001"), {"reason": reason}), extra)

waiver_reasons := [f.waiver.reason | some f in main.result.findings; f.waiver]

test_of_two_valid_waivers_the_first_in_file_order_is_reported if {
	waiver_reasons == ["first"] with input as ask_waiving(insecure, [named("first", {}), named("second", {})])
	waiver_reasons == ["second"] with input as ask_waiving(insecure, [named("second", {}), named("first", {})])
}

test_the_first_valid_waiver_is_reported_not_the_first_one if {
	ws := [
		named("expired", {"expires_on": "2026-01-01"}),
		named("other transfer", {"transfer": "t2"}),
		named("valid", {}),
		named("also valid", {}),
	]
	waiver_reasons == ["valid"] with input as ask_waiving(insecure, ws)
	[f.rule | some f in main.result.findings] == ["HG-WAIVER-002", "CMP-SEC-001"] with input as ask_waiving(insecure, ws)
}

test_file_order_is_numeric_beyond_ten_waivers if {
	# waivers 0..11 all expired except 2 and 10: waiver 2 ("w2") comes first
	ws := [w |
		some i in numbers.range(0, 11)
		w := named(sprintf("w%d", [i]), {"expires_on": {true: "2027-02-28", false: "2026-01-01"}[i in {2, 10}]})
	]
	waiver_reasons == ["w2"] with input as ask_waiving(insecure, ws)
	count([f | some f in main.result.findings; f.rule == "HG-WAIVER-002"]) == 10 with input as ask_waiving(insecure, ws)
}

# --- Order ---------------------------------------------------------------------------------

test_hg_waiver_findings_come_before_the_findings_of_transfers if {
	m := object.union(
		fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-nocert"))]),
		{"compliance": {"assessment": {"completed_on": "2027-01-01"}}}, # CMP-ASSESS-001
	)
	ws := [
		object.union(waiver("CMP-SEC-003"), {"expires_on": "2026-01-01"}), # HG-WAIVER-002
		waiver("DOJ-BULK-001"), # HG-WAIVER-001
		waiver("CMP-SEC-001"),
	]
	[[f.pointer, f.rule, f.level] | some f in main.result.findings] == [
		["/compliance/assessment/completed_on", "CMP-ASSESS-001", "deny"],
		["", "HG-WAIVER-001", "review"],
		["", "HG-WAIVER-002", "info"],
		["/transfers/0", "CMP-SEC-001", "waived"],
		["/transfers/0", "CMP-SEC-003", "review"],
	] with input as ask_waiving(m, ws)
}

# --- Batches ---------------------------------------------------------------------------------

test_each_manifest_of_a_batch_gets_only_its_own_waivers if {
	a := object.union(insecure, {"metadata": {"id": "HG-A"}})
	b := object.union(insecure, {"metadata": {"id": "HG-B"}})
	ws := [object.union(waiver("CMP-SEC-001"), {"manifest": "HG-B"})]
	results := main.results with input as {"manifests": [a, b], "context": {"as_of": fixtures.today, "waivers": ws}}
	[[r.manifest, r.decision, [f.level | some f in r.findings]] | some r in results] == [
		["HG-A", "deny", ["deny"]],
		["HG-B", "allow", ["waived"]],
	]
}

test_a_waiver_without_an_expiry_date_is_never_valid if {
	w := object.remove({"rule": "CMP-SEC-003", "manifest": "x", "reason": "r", "approved_by": "a", "expires_on": "2027-01-01"}, ["expires_on"])
	waivers.expired(w) with input as {"manifest": {"metadata": {"id": "x"}}, "context": {"as_of": "2026-11-25"}}
}
