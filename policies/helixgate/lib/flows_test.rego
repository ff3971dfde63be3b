# Tests of lib/flows.rego: where a transfer starts, cross-border, messages,
# the holdings of data made abroad, counted transfers and remote access of
# concern. Built on the shared fixtures: the base sends `wgs` (150 American
# subjects) from the U.S. origin to the German lab.
package helixgate.lib_test

import data.helixgate.lib
import data.helixgate.main
import data.helixgate.test.fixtures

# --- Purposes ---------------------------------------------------------------

test_genetic_processing_purposes if {
	purposes := ["sequencing", "genetic_engineering", "manufacturing", "analysis", "storage", "other", "clinical_care"]
	{p | some p in purposes; lib.genetic_processing(p)} == {"sequencing", "genetic_engineering", "manufacturing", "analysis"}
}

# --- Where a transfer starts ------------------------------------------------

# The base's transfers: t1 from the origin to lab-de, t2 onward from lab-de
# to lab-sg, t3 from the origin to lab-us.
plain := fixtures.sending([
	fixtures.transfer("t1", "blood", "lab-de"),
	fixtures.onward("t2", "blood", "lab-de", "lab-sg"),
	fixtures.transfer("t3", "ehr", "lab-us"),
])

# `wgs` made at lab-sg from `blood`: t1 sends the blood there, t2 sends the
# data on (no `from`) within Singapore, t3 to Germany with `from: lab-sg`,
# t4 onward from Germany back to the U.S.
made := fixtures.made_at("lab-sg", [
	fixtures.transfer("t1", "blood", "lab-sg"),
	fixtures.transfer("t2", "wgs", "lab-sg2"),
	fixtures.onward("t3", "wgs", "lab-sg", "lab-de"),
	fixtures.onward("t4", "wgs", "lab-de", "lab-us"),
])

test_source_country_is_the_from_party_or_the_origin if {
	lib.source_country(plain.transfers[0]) == "US" with input as fixtures.run(plain)
	lib.source_country(plain.transfers[1]) == "DE" with input as fixtures.run(plain)
}

test_data_made_abroad_starts_at_its_producer_with_or_without_from if {
	[lib.source_country(t) | some t in made.transfers] == ["US", "SG", "SG", "DE"] with input as fixtures.run(made)
	[lib._start_party(t) | some t in made.transfers] == ["lab-sg", "lab-sg", "lab-de"] with input as fixtures.run(made)
}

test_an_item_not_made_abroad_starts_at_the_origin if {
	not lib._start_party(plain.transfers[0]) with input as fixtures.run(plain)
	not lib._start_party(made.transfers[0]) with input as fixtures.run(made)
}

test_cross_border_compares_destination_with_source if {
	lib.cross_border(plain.transfers[0]) with input as fixtures.run(plain)
	lib.cross_border(plain.transfers[1]) with input as fixtures.run(plain) # DE to SG, onward
	not lib.cross_border(plain.transfers[2]) with input as fixtures.run(plain) # US to US
	not lib.cross_border(fixtures.onward("t9", "blood", "lab-de", "lab-nocert")) with input as fixtures.run(plain) # DE to DE
}

test_data_made_abroad_crosses_a_border_from_its_producers_country if {
	[t.id | some t in made.transfers; lib.cross_border(t)] == ["t1", "t3", "t4"] with input as fixtures.run(made)
}

test_data_made_abroad_read_from_the_origin_would_cross if {
	# Without produced_by, the same t2 starts in the U.S. and crosses.
	lib.cross_border(made.transfers[1]) with input as fixtures.run(fixtures.made_at("lab-us", made.transfers))
	not lib.cross_border(made.transfers[1]) with input as fixtures.run(made)
}

test_onward_transfers_start_at_a_party if {
	[t.id | some t in plain.transfers; lib._onward(t)] == ["t2"] with input as fixtures.run(plain)
	[t.id | some t in made.transfers; lib._onward(t)] == ["t2", "t3", "t4"] with input as fixtures.run(made)
	[t.id | some t in made.transfers; lib._from_producer(t)] == ["t2", "t3"] with input as fixtures.run(made)
}

test_describe_says_where_the_item_goes if {
	lib.describe(plain.transfers[0], lib.items.blood) == "transfer t1 sends material blood (American subjects) from the origin to lab-de" with input as fixtures.run(plain)
	lib.describe(plain.transfers[1], lib.items.blood) == "transfer t2 sends material blood (American subjects) onward from lab-de to lab-sg" with input as fixtures.run(plain)
	lib.describe(plain.transfers[1], lib.items["de-wgs"]) == "transfer t2 sends data de-wgs onward from lab-de to lab-sg" with input as fixtures.run(plain)
}

test_describe_says_data_made_abroad_leaves_its_producer if {
	messages := [lib.describe(t, lib.items[t.item]) | some t in made.transfers] with input as fixtures.run(made)
	messages == [
		"transfer t1 sends material blood (American subjects) from the origin to lab-sg",
		"transfer t2 sends data wgs (American subjects) from its producer lab-sg to lab-sg2",
		"transfer t3 sends data wgs (American subjects) from its producer lab-sg to lab-de",
		"transfer t4 sends data wgs (American subjects) onward from lab-de to lab-us",
	]
}

test_consent_names_a_country_only_when_the_transfer_is_disclosed if {
	m := fixtures.base
	lib.consent_names("DE") with input as fixtures.run(m)
	not lib.consent_names("JP") with input as fixtures.run(m)
	not lib.consent_names("DE") with input as fixtures.run(object.union(m, {"consent": {"foreign_transfer_disclosed": false}}))
	not lib.consent_names("DE") with input as fixtures.run(object.remove(m, ["consent"]))
	not lib.consent_names("DE") with input as fixtures.run(object.union(m, {"consent": {"disclosed_countries": []}}))
}

test_start_ns_reads_the_date if {
	lib.start_ns({"start_on": "2027-01-02"}) - lib.start_ns({"start_on": "2027-01-01"}) == ((24 * 60) * 60) * 1000000000
	not lib.start_ns({"start_on": "2027-02-30"})
}

# --- Per-transfer rules follow the producer ---------------------------------

_rules_at(m) := rules if {
	rules := {[f.rule, f.transfer] | some f in main.result.findings} with input as fixtures.ask(m, {})
}

test_data_made_and_analysed_abroad_needs_no_transit_encryption if {
	# policy-pack-v2 scenario V14: sequenced in Singapore, analysed there.
	m := fixtures.made_at("lab-sg", [
		fixtures.transfer("t1", "blood", "lab-sg"),
		fixtures.unprotected(fixtures.transfer("t2", "wgs", "lab-sg2")),
	])
	_rules_at(m) == {["CMP-LOCAL-001", "t1"]}
}

test_data_made_abroad_sent_on_unencrypted_is_found_at_its_transfer if {
	# Scenario V12: sequenced in Singapore, sent on to Germany.
	m := fixtures.made_at("lab-sg", [
		fixtures.transfer("t1", "blood", "lab-sg"),
		fixtures.unprotected(fixtures.transfer("t2", "wgs", "lab-de")),
	])
	_rules_at(m) == {["CMP-LOCAL-001", "t1"], ["CMP-SEC-001", "t2"]}
}

test_no_per_transfer_rule_fires_on_a_holding if {
	# wgs is made at the uncertified German lab from blood that goes to
	# another German lab: the holding is no transfer, so no rule names it.
	m := fixtures.with_transfers(fixtures.with_data(fixtures.base, "wgs", {"produced_by": "lab-nocert"}), [
		fixtures.transfer("t1", "blood", "lab-de"),
		fixtures.onward("t2", "wgs", "lab-nocert", "lab-de"),
	])
	lib.holdings == {{"item": "wgs", "party": "lab-nocert", "at": 1}} with input as fixtures.run(m)
	count(main.result.findings) == 0 with input as fixtures.ask(m, {})

	# Sent there, the same item is found (CMP-SEC-003).
	sent := fixtures.sending([fixtures.transfer("t1", "wgs", "lab-nocert")])
	{[f.rule, f.party] | some f in main.result.findings} == {["CMP-SEC-003", "lab-nocert"]} with input as fixtures.ask(sent, {})
}

# --- Holdings ---------------------------------------------------------------

test_a_holding_is_placed_at_the_first_transfer_of_its_material_to_the_producer if {
	m := fixtures.made_at("lab-sg", [
		fixtures.transfer("t1", "blood", "lab-de"),
		fixtures.transfer("t2", "wgs", "lab-sg2"),
		fixtures.transfer("t3", "blood", "lab-sg"),
		fixtures.transfer("t4", "blood", "lab-sg"),
	])
	lib.holdings == {{"item": "wgs", "party": "lab-sg", "at": 2}} with input as fixtures.run(m)
}

test_without_produced_from_a_holding_is_placed_at_the_items_first_transfer if {
	m := fixtures.with_transfers(fixtures.with_data(fixtures.base, "ehr", {"produced_by": "lab-sg"}), [
		fixtures.transfer("t1", "blood", "lab-sg"),
		fixtures.transfer("t2", "ehr", "lab-sg2"),
		fixtures.transfer("t3", "ehr", "lab-de"),
	])
	lib.holdings == {{"item": "ehr", "party": "lab-sg", "at": 1}} with input as fixtures.run(m)
}

test_no_holding_without_its_placement_transfer if {
	# The material never reaches the producer; an item that is never sent.
	lib.holdings == set() with input as fixtures.run(fixtures.made_at("lab-sg", [fixtures.transfer("t1", "blood", "lab-de")]))
	lib.holdings == set() with input as fixtures.run(fixtures.with_data(fixtures.base, "ehr", {"produced_by": "lab-sg"}))
}

test_no_holding_for_items_not_made_abroad if {
	lib.holdings == set() with input as fixtures.run(plain)
}

# --- Counted transfers ------------------------------------------------------

# The base's one transfer (wgs to lab-de) with these fields, in `m`.
counted_with(m, fields) if lib.doj_counted(0) with input as fixtures.run(fixtures.with_transfers(m, [object.union(fixtures.transfer("t1", "wgs", "lab-de"), fields)]))

counted_material_with(fields) if lib.doj_counted(0) with input as fixtures.run(fixtures.sending([object.union(fixtures.transfer("t1", "blood", "lab-de"), fields)]))

test_a_transfer_is_counted_by_default if {
	counted_with(fixtures.base, {})
	counted_material_with({})
}

test_a_material_for_the_donors_care_is_not_counted if {
	not counted_material_with({"purpose": "clinical_care"})
	counted_material_with({"purpose": "other"})
	counted_material_with({"purpose": "storage"})
}

test_data_for_care_is_counted_like_other if {
	counted_with(fixtures.base, {"purpose": "clinical_care"})
}

test_open_access_data_is_not_counted if {
	not counted_with(fixtures.with_data(fixtures.base, "wgs", {"open_access": true}), {})
	counted_with(fixtures.with_data(fixtures.base, "wgs", {"open_access": false}), {})
}

test_a_study_under_an_fda_application_not_closed_is_not_counted if {
	not counted_with(fixtures.with_fda(fixtures.base, "planned"), {})
	not counted_with(fixtures.with_fda(fixtures.base, "submitted"), {})
	not counted_with(fixtures.with_fda(fixtures.base, "active"), {})
	counted_with(fixtures.with_fda(fixtures.base, "closed"), {})
}

test_a_federally_funded_study_is_not_counted_unless_outside_the_award if {
	nih := fixtures.funded_by(fixtures.base, ["NIH"])
	federal := fixtures.funded_by(fixtures.base, ["other_federal", "private"])
	not counted_with(nih, {})
	not counted_with(nih, {"under_federal_award": true})
	not counted_with(federal, {})
	counted_with(nih, {"under_federal_award": false})
	counted_with(federal, {"under_federal_award": false})
}

test_under_federal_award_without_federal_funding_changes_nothing if {
	counted_with(fixtures.base, {"under_federal_award": true})
	counted_with(fixtures.base, {"under_federal_award": false})
}

test_counted_is_asked_per_transfer if {
	m := fixtures.sending([
		fixtures.transfer("t1", "blood", "lab-de"),
		object.union(fixtures.transfer("t2", "blood", "lab-de"), {"purpose": "clinical_care"}),
		fixtures.transfer("t3", "wgs", "lab-de"),
	])
	{i | some i, _ in lib.transfers; lib.doj_counted(i)} == {0, 2} with input as fixtures.run(m)
	not lib.doj_counted(3) with input as fixtures.run(m)
}

# A holding of wgs at lab-sg placed at t1 (blood to lab-sg, with `fields`), in `m`.
holding_counted(m, fields) if {
	q := fixtures.run(fixtures.with_transfers(fixtures.with_data(m, "wgs", {"produced_by": "lab-sg", "produced_from": "blood"}), [object.union(fixtures.transfer("t1", "blood", "lab-sg"), fields)]))
	holdings := lib.holdings with input as q
	some h in holdings
	lib.doj_counted_holding(h) with input as q
}

test_a_holding_is_counted_by_default if {
	holding_counted(fixtures.base, {})
}

test_a_holding_is_data_so_its_materials_care_does_not_exempt_it if {
	holding_counted(fixtures.base, {"purpose": "clinical_care"})
}

test_a_holding_of_open_access_data_is_not_counted if {
	not holding_counted(fixtures.with_data(fixtures.base, "wgs", {"open_access": true}), {})
}

test_a_holding_in_an_fda_study_is_not_counted if {
	not holding_counted(fixtures.with_fda(fixtures.base, "active"), {})
	holding_counted(fixtures.with_fda(fixtures.base, "closed"), {})
}

test_a_holding_follows_its_placement_transfers_federal_award if {
	nih := fixtures.funded_by(fixtures.base, ["NIH"])
	not holding_counted(nih, {})
	holding_counted(nih, {"under_federal_award": false})
}

# --- Remote access of concern -----------------------------------------------

remote(item, countries) := fixtures.sending([object.union(fixtures.transfer("t1", item, "lab-de"), {"safeguards": {"remote_access_from": countries}})])

test_remote_access_of_concern_lists_the_countries_of_concern_sorted_once if {
	lib.remote_access_of_concern == {0: ["CN", "HK", "RU"]} with input as fixtures.run(remote("wgs", ["RU", "DE", "HK", "CN", "RU"]))
	lib.remote_access_of_concern == {0: ["CN"]} with input as fixtures.run(remote("ehr", ["CN"]))
}

test_remote_access_from_trusted_countries_only_or_none_is_not_defined if {
	lib.remote_access_of_concern == {} with input as fixtures.run(remote("wgs", ["DE", "US"]))
	lib.remote_access_of_concern == {} with input as fixtures.run(remote("wgs", []))
	lib.remote_access_of_concern == {} with input as fixtures.run(fixtures.sending([fixtures.unprotected(fixtures.transfer("t1", "wgs", "lab-de"))]))
}

test_remote_access_of_concern_is_only_for_data if {
	lib.remote_access_of_concern == {} with input as fixtures.run(remote("blood", ["CN"]))
}

test_remote_access_of_concern_follows_the_profiles_countries_of_concern if {
	q := fixtures.ask(remote("wgs", ["BY", "DE"]), {"profile": {"lists": {"countries_of_concern_extra": ["BY"]}}})
	lib.remote_access_of_concern == {0: ["BY"]} with input as q
}

# --- The United States and its territories (policy-pack-v2, 2) -----------------

test_a_transfer_from_the_united_states_to_puerto_rico_crosses_no_border if {
	t := {"id": "t1", "item": "wgs", "to": "lab-pr"}
	m := object.union(fixtures.base, {"parties": [fixtures.lab("lab-pr", "Example Lab PR", "PR")], "transfers": [object.union(fixtures.transfer("t1", "wgs", "lab-pr"), t)]})
	not lib.cross_border(m.transfers[0]) with input as fixtures.run(m)
}

test_a_transfer_from_the_united_states_to_germany_crosses_a_border if {
	m := object.union(fixtures.base, {"transfers": [fixtures.transfer("t1", "wgs", "lab-de")]})
	lib.cross_border(m.transfers[0]) with input as fixtures.run(m)
}

test_consent_naming_the_united_states_names_puerto_rico_but_not_the_reverse if {
	us := object.union(fixtures.base, {"consent": {"foreign_transfer_disclosed": true, "disclosed_countries": ["US"]}})
	lib.consent_names("PR") with input as fixtures.run(us)
	pr := object.union(fixtures.base, {"consent": {"foreign_transfer_disclosed": true, "disclosed_countries": ["PR"]}})
	not lib.consent_names("US") with input as fixtures.run(pr)
}
