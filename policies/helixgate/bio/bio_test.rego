# METADATA
# title: Tests of the BIOSECURE rules
# description: |
#   BIO-001 (P.L. 119-60, sec. 851): a federally funded study sends an item
#   under its award to a biotechnology company of concern. The base is an
#   NIH-funded study that sends American genomic data and blood to a German
#   lab named on the entities list.
package helixgate.bio_test

import data.helixgate.bio
import data.helixgate.main
import data.helixgate.test.fixtures

# A lab in Germany by the name `name`, with these owners.
named_lab(id, name, owners) := object.union(fixtures.lab(id, name, "DE"), {"owners": owners})

# The base of these tests: an NIH-funded study whose genomic data goes to a
# German lab by one of the names of the list, written otherwise.
bgi := named_lab("lab-bgi", "BGI Genomics Co., Ltd", [{"name": "Example Holding", "country": "DE", "share": 100}])

study(party, transfers) := fixtures.with_party(fixtures.funded_by(fixtures.base, ["NIH"]), party, transfers)

# The genomic data to `to`; `fields` added to the transfer.
wgs_to(to, fields) := object.union(fixtures.transfer("t1", "wgs", to), fields)

hits := {[f.rule, f.pointer, f.transfer, f.item, f.party] | some f in bio.findings}

messages := {f.message | some f in bio.findings}

test_bio_001_fires_for_data_to_a_named_entity_of_concern if {
	bio.findings == {{
		"rule": "BIO-001",
		"order": 0,
		"pointer": "/transfers/0",
		"transfer": "t1",
		"item": "wgs",
		"party": "lab-bgi",
		"reasons": ["named entity of concern"],
		"message": "transfer t1 sends data wgs (American subjects) from the origin to lab-bgi, named on the entities-of-concern list, under the study's federal award: federal funds may not go to biotechnology companies of concern",
	}} with input as fixtures.run(study(bgi, [wgs_to("lab-bgi", {})]))
}

test_no_bio_finding_for_the_clean_base_or_a_lab_not_named if {
	count(bio.findings) == 0 with input as fixtures.run(fixtures.funded_by(fixtures.base, ["NIH"]))
	similar := named_lab("lab-x", "BGI Genomics Research Partners GmbH", [])
	count(bio.findings) == 0 with input as fixtures.run(study(similar, [wgs_to("lab-x", {})]))
}

test_bio_001_fires_for_nih_and_other_federal_funding if {
	every funding in [["NIH"], ["other_federal"], ["private", "other_federal"]] {
		m := fixtures.funded_by(study(bgi, [wgs_to("lab-bgi", {})]), funding)
		hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-bgi"]} with input as fixtures.run(m)
	}
}

test_no_bio_finding_without_federal_funding if {
	m := study(bgi, [wgs_to("lab-bgi", {})])
	count(bio.findings) == 0 with input as fixtures.run(fixtures.funded_by(m, ["private"]))
	count(bio.findings) == 0 with input as fixtures.run(fixtures.funded_by(m, []))
	count(bio.findings) == 0 with input as fixtures.run(json.remove(m, ["study/funding"]))

	# marking the transfer under an award does not make the study federally funded
	p := fixtures.funded_by(study(bgi, [wgs_to("lab-bgi", {"under_federal_award": true})]), ["private"])
	count(bio.findings) == 0 with input as fixtures.run(p)
}

test_bio_001_fires_unless_the_transfer_is_marked_outside_the_award if {
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-bgi"]} with input as fixtures.run(study(bgi, [wgs_to("lab-bgi", {"under_federal_award": true})]))
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-bgi"]} with input as fixtures.run(study(bgi, [wgs_to("lab-bgi", {})]))
	count(bio.findings) == 0 with input as fixtures.run(study(bgi, [wgs_to("lab-bgi", {"under_federal_award": false})]))
}

test_each_transfer_is_judged_on_its_own_award_mark if {
	m := study(bgi, [
		wgs_to("lab-bgi", {"under_federal_award": false}),
		object.union(fixtures.transfer("t2", "blood", "lab-bgi"), {"purpose": "storage"}),
	])
	hits == {["BIO-001", "/transfers/1", "t2", "blood", "lab-bgi"]} with input as fixtures.run(m)
}

test_bio_001_fires_for_any_item_by_any_route if {
	# a material, a health record, data of German subjects, and an onward hop
	m := study(bgi, [
		fixtures.transfer("t1", "wgs", "lab-de"),
		fixtures.onward("t2", "wgs", "lab-de", "lab-bgi"),
		object.union(fixtures.transfer("t3", "blood", "lab-bgi"), {"purpose": "storage"}),
		fixtures.transfer("t4", "ehr", "lab-bgi"),
		fixtures.transfer("t5", "de-wgs", "lab-bgi"),
	])
	hits == {
		["BIO-001", "/transfers/1", "t2", "wgs", "lab-bgi"],
		["BIO-001", "/transfers/2", "t3", "blood", "lab-bgi"],
		["BIO-001", "/transfers/3", "t4", "ehr", "lab-bgi"],
		["BIO-001", "/transfers/4", "t5", "de-wgs", "lab-bgi"],
	} with input as fixtures.run(m)
	"transfer t2 sends data wgs (American subjects) onward from lab-de to lab-bgi, named on the entities-of-concern list, under the study's federal award: federal funds may not go to biotechnology companies of concern" in messages with input as fixtures.run(m)
}

test_bio_001_fires_wherever_the_named_entity_is if {
	every country in ["US", "CN", "DE", "SG"] {
		p := object.union(bgi, {"country": country, "headquarters": country})
		hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-bgi"]} with input as fixtures.run(study(p, [wgs_to("lab-bgi", {})]))
	}
}

test_bio_001_fires_in_an_fda_trial_too if {
	m := fixtures.with_fda(study(bgi, [wgs_to("lab-bgi", {})]), "active")
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-bgi"]} with input as fixtures.run(m)
}

test_bio_001_matches_names_by_their_matching_name if {
	every name in ["WuXi AppTec", "WUXI-APPTEC", "ＷｕＸｉ　ＡｐｐＴｅｃ", "wuxi apptec co., ltd."] {
		p := named_lab("lab-w", name, [])
		hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-w"]} with input as fixtures.run(study(p, [wgs_to("lab-w", {})]))
	}

	# the wrapper's key counts as well as the computed one
	keyed := object.union(named_lab("lab-w", "Example Lab", []), {"name_key": "mgitechcoltd"})
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-w"]} with input as fixtures.run(study(keyed, [wgs_to("lab-w", {})]))
}

test_bio_001_takes_in_the_profiles_entities if {
	p := named_lab("lab-g", "Example Gene Co.", [])
	m := study(p, [wgs_to("lab-g", {})])
	count(bio.findings) == 0 with input as fixtures.ask(m, {})
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-g"]} with input as fixtures.ask(m, {"profile": {"lists": {"entities_of_concern_extra": ["EXAMPLE GENE CO"]}}})
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-g"]} with input as fixtures.ask(m, {"profile": {"lists": {"entities_of_concern_extra_keys": ["examplegeneco"]}}})
}

# A lab whose owners named on the list hold `a` and `b` percent, the rest
# owned by a German holding.
owned(a, b) := named_lab("lab-o", "Example Partner GmbH", [
	{"name": "BGI Group", "country": "CN", "share": a},
	{"name": "MGI Tech Co., Ltd.", "country": "CN", "share": b},
	{"name": "Example Holding", "country": "DE", "share": (100 - a) - b},
])

test_bio_001_fires_for_a_party_its_named_owners_hold_half_of if {
	m := study(owned(25, 25), [wgs_to("lab-o", {})])
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-o"]} with input as fixtures.run(m)
	messages == {"transfer t1 sends data wgs (American subjects) from the origin to lab-o, 50% owned by entities named on the list, under the study's federal award: federal funds may not go to biotechnology companies of concern"} with input as fixtures.run(m)
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-o"]} with input as fixtures.run(study(owned(50, 0), [wgs_to("lab-o", {})]))
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-o"]} with input as fixtures.run(study(owned(100, 0), [wgs_to("lab-o", {})]))
}

test_no_bio_finding_for_a_party_its_named_owners_hold_less_than_half_of if {
	count(bio.findings) == 0 with input as fixtures.run(study(owned(49.9, 0), [wgs_to("lab-o", {})]))
	count(bio.findings) == 0 with input as fixtures.run(study(owned(24.9, 25), [wgs_to("lab-o", {})]))
}

test_only_owners_named_on_the_list_count if {
	# owners from China that are not on the list: a DOJ and FDA matter, not BIOSECURE
	p := named_lab("lab-o", "Example Partner GmbH", [{"name": "Example Beijing Group", "country": "CN", "share": 100}])
	count(bio.findings) == 0 with input as fixtures.run(study(p, [wgs_to("lab-o", {})]))

	# a named owner's share and an unnamed Chinese owner's are not added up
	q := named_lab("lab-o", "Example Partner GmbH", [{"name": "BGI", "country": "CN", "share": 30}, {"name": "Example Beijing Group", "country": "CN", "share": 70}])
	count(bio.findings) == 0 with input as fixtures.run(study(q, [wgs_to("lab-o", {})]))

	# a profile's addition counts as an owner named on the list
	r := named_lab("lab-o", "Example Partner GmbH", [{"name": "Example Gene Co.", "country": "US", "share": 60}, {"name": "Example Holding", "country": "DE", "share": 40}])
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-o"]} with input as fixtures.ask(study(r, [wgs_to("lab-o", {})]), {"profile": {"lists": {"entities_of_concern_extra": ["Example Gene Co."]}}})
}

test_a_party_named_and_owned_by_the_named_is_one_finding_with_both_reasons if {
	p := object.union(owned(50, 10), {"name": "WuXi Biologics"})
	messages == {"transfer t1 sends data wgs (American subjects) from the origin to lab-o, named on the entities-of-concern list; 60% owned by entities named on the list, under the study's federal award: federal funds may not go to biotechnology companies of concern"} with input as fixtures.run(study(p, [wgs_to("lab-o", {})]))
}

test_bio_001_fires_for_an_individual_named_on_the_list if {
	p := {"id": "dr-x", "kind": "individual", "name": "Complete Genomics", "role": "analysis_provider", "country": "US", "nationality": "US", "residence": "US"}
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "dr-x"]} with input as fixtures.run(study(p, [wgs_to("dr-x", {})]))
}

test_the_ownership_threshold_comes_from_the_definitions if {
	m := study(owned(40, 0), [wgs_to("lab-o", {})])
	count(bio.findings) == 0 with input as fixtures.run(m)
	hits == {["BIO-001", "/transfers/0", "t1", "wgs", "lab-o"]} with input as fixtures.run(m) with data.helixgate.lists.definitions.ownership_threshold_percent as 40
}

# --- The decision: BIO-* is law (policy-pack-v2, 5) ---------------------------

bio_levels := {f.level | some f in main.findings; f.rule == "BIO-001"}

test_bio_001_is_dressed_as_review_and_adds_the_procurement_obligation if {
	q := fixtures.ask(study(bgi, [wgs_to("lab-bgi", {})]), {})
	bio_levels == {"review"} with input as q
	"biosecure-procurement" in main.obligations with input as q
	not "biosecure-procurement" in main.obligations with input as fixtures.ask(study(bgi, [wgs_to("lab-bgi", {"under_federal_award": false})]), {})
}

test_a_profile_may_raise_bio_001_but_never_lower_or_switch_it_off if {
	m := study(bgi, [wgs_to("lab-bgi", {})])
	every level in ["off", "info"] {
		bio_levels == {"review"} with input as fixtures.ask(m, {"profile": {"rules": {"BIO-001": level}}})
		not main.switched_off("BIO-001") with input as fixtures.ask(m, {"profile": {"rules": {"BIO-001": level}}})
	}
	bio_levels == {"deny"} with input as fixtures.ask(m, {"profile": {"rules": {"BIO-001": "deny"}}})
}

test_a_waiver_never_covers_bio_001 if {
	waiver := {"rule": "BIO-001", "manifest": "HG-TEST", "reason": "accepted", "approved_by": "compliance@example.com", "expires_on": "2027-01-01"}
	bio_levels == {"review"} with input as fixtures.ask(study(bgi, [wgs_to("lab-bgi", {})]), {"waivers": [waiver]})
}
