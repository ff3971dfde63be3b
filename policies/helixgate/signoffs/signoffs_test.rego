# METADATA
# title: Tests of sign-offs
# description: |
#   helixgate.signoffs through helixgate.main.result: a valid sign-off turns
#   the review findings it covers into level `signed_off` (kept, not counted,
#   obligations kept); one on the expiry date still holds, the day after it
#   signs off nothing (HG-WAIVER-002); one for another manifest, another
#   transfer or another rule does nothing; one that meets a deny finding is
#   ignored with HG-SIGNOFF-001 and the manifest stays denied.
package helixgate.signoffs_test

import data.helixgate.main
import data.helixgate.test.fixtures

# One manifest whose only finding is CMP-SEC-003 (review) on t1: the lab
# holds no security certification.
uncertified := json.remove(fixtures.base, ["parties/0/certifications"])

# One manifest whose only finding is CMP-SEC-001 (deny) on t1.
insecure := fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-de"))])

signoff(rule) := {
	"rule": rule,
	"manifest": fixtures.base.metadata.id,
	"reason": "certification audit passed on site, certificate pending",
	"approved_by": "officer@example.com",
	"approved_on": "2026-11-01",
	"expires_on": "2027-02-28",
}

ask(m, ss) := fixtures.ask(m, {"signoffs": ss})

ask_on(m, ss, as_of) := fixtures.ask(m, {"signoffs": ss, "as_of": as_of})

levels := [[object.get(f, "transfer", ""), f.rule, f.level] | some f in main.result.findings]

test_without_a_signoff_the_uncertified_manifest_is_reviewed if {
	levels == [["t1", "CMP-SEC-003", "review"]] with input as ask(uncertified, [])
	main.result.decision == "review" with input as ask(uncertified, [])
}

test_a_valid_signoff_turns_the_review_into_signed_off_and_the_manifest_is_allowed if {
	r := main.result with input as ask(uncertified, [signoff("CMP-SEC-003")])
	r.decision == "allow"
	[[f.rule, f.level] | some f in r.findings] == [["CMP-SEC-003", "signed_off"]]
	r.findings[0].signoff == {
		"reason": "certification audit passed on site, certificate pending",
		"approved_by": "officer@example.com",
		"approved_on": "2026-11-01",
		"expires_on": "2027-02-28",
	}
	not r.findings[0].waiver
	r.controls_matched == {"waivers": [], "signoffs": [0]}
}

test_a_signoff_for_the_transfer_covers_it_and_one_for_another_transfer_does_not if {
	s := object.union(signoff("CMP-SEC-003"), {"transfer": "t1"})
	main.result.decision == "allow" with input as ask(uncertified, [s])
	main.result.findings[0].signoff.transfer == "t1" with input as ask(uncertified, [s])
	other := object.union(signoff("CMP-SEC-003"), {"transfer": "t2"})
	levels == [["t1", "CMP-SEC-003", "review"]] with input as ask(uncertified, [other])
	main.result.controls_matched.signoffs == [] with input as ask(uncertified, [other])
}

test_a_signoff_for_another_manifest_or_rule_does_nothing if {
	elsewhere := object.union(signoff("CMP-SEC-003"), {"manifest": "OTHER-1"})
	levels == [["t1", "CMP-SEC-003", "review"]] with input as ask(uncertified, [elsewhere])
	levels == [["t1", "CMP-SEC-003", "review"]] with input as ask(uncertified, [signoff("CMP-SEC-002")])
	main.result.controls_matched.signoffs == [] with input as ask(uncertified, [signoff("CMP-SEC-002")])
}

test_a_signoff_holds_on_its_expiry_date_and_not_the_day_after if {
	levels == [["t1", "CMP-SEC-003", "signed_off"]] with input as ask_on(uncertified, [signoff("CMP-SEC-003")], "2027-02-28")
	after := main.result with input as ask_on(uncertified, [signoff("CMP-SEC-003")], "2027-03-01")
	after.decision == "review"
	[[f.rule, f.level] | some f in after.findings] == [["HG-WAIVER-002", "info"], ["CMP-SEC-003", "review"]]
	after.findings[0].control == {"kind": "signoffs", "index": 0}
	contains(after.findings[0].message, "sign-off 1 (CMP-SEC-003, approved by officer@example.com on 2026-11-01) expired on 2027-02-28")
}

test_without_an_evaluation_date_no_signoff_holds if {
	levels == [["", "HG-WAIVER-002", "info"], ["t1", "CMP-SEC-003", "review"]] with input as {"manifest": uncertified, "context": {"signoffs": [signoff("CMP-SEC-003")]}}
}

test_a_signoff_never_clears_a_deny if {
	r := main.result with input as ask(insecure, [signoff("CMP-SEC-001")])
	r.decision == "deny"
	[[f.rule, f.level] | some f in r.findings] == [["HG-SIGNOFF-001", "review"], ["CMP-SEC-001", "deny"]]
	r.findings[0].control == {"kind": "signoffs", "index": 0}
	r.findings[0].message == "sign-off 1 (CMP-SEC-001, approved by officer@example.com on 2026-11-01) is ignored: CMP-SEC-001 is a deny finding on transfer t1, and a sign-off only clears review findings"
	r.controls_matched.signoffs == [0]
}

test_a_review_raised_to_deny_by_the_profile_is_not_signed_off if {
	q := fixtures.ask(uncertified, {"signoffs": [signoff("CMP-SEC-003")], "profile": {"rules": {"CMP-SEC-003": "deny"}}})
	[[f.rule, f.level] | some f in main.result.findings] == [["HG-SIGNOFF-001", "review"], ["CMP-SEC-003", "deny"]] with input as q
}

test_a_signoff_covers_a_rule_that_cannot_be_waived if {
	# HG-WAIVER-001 (review, not waivable) from a waiver for an FDA rule
	w := {"rule": "FDA-CELLS-001", "manifest": fixtures.base.metadata.id, "reason": "r", "approved_by": "a@example.com", "expires_on": "2027-02-28"}
	q := fixtures.ask(fixtures.base, {"waivers": [w], "signoffs": [signoff("HG-WAIVER-001")]})
	[[f.rule, f.level] | some f in main.result.findings] == [["HG-WAIVER-001", "signed_off"]] with input as q
	main.result.decision == "allow" with input as q
}

test_a_waiver_comes_before_a_signoff if {
	w := object.remove(signoff("CMP-SEC-003"), ["approved_on"])
	q := fixtures.ask(uncertified, {"waivers": [w], "signoffs": [signoff("CMP-SEC-003")]})
	[[f.rule, f.level] | some f in main.result.findings] == [["CMP-SEC-003", "waived"]] with input as q
	main.result.controls_matched == {"waivers": [0], "signoffs": [0]} with input as q
}

test_a_waiver_that_meets_no_finding_is_not_matched if {
	w := object.remove(signoff("CMP-SEC-002"), ["approved_on"])
	main.result.controls_matched.waivers == [] with input as fixtures.ask(uncertified, {"waivers": [w]})
	main.result.findings[0].level == "review" with input as fixtures.ask(uncertified, {"waivers": [w]})
}
