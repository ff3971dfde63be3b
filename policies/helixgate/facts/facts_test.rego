# Tests of helixgate.facts: every transfer's notions, in manifest order, as
# lib, the DOJ counts and the PIPL totals give them.
package helixgate.facts_test

import data.helixgate.facts
import data.helixgate.main
import data.helixgate.test.fixtures

send(id, item, to, day) := object.union(fixtures.transfer(id, item, to), {"purpose": "analysis", "start_on": day})

fact(m, id) := f if {
	some f in facts.transfers with input as fixtures.run(m)
	f.transfer == id
}

test_a_clean_transfer_to_germany if {
	f := fact(fixtures.base, "t1")
	f.order == 0
	f.item == "wgs"
	f.kind == "data"
	f.source_country == "US"
	f.destination_country == "DE"
	f.cross_border == true
	f.american == true
	f.genetic == true
	f.chinese == false
	f.sensitive == true
	f.destination == {
		"party": "lab-de",
		"country": "DE",
		"us_person": false,
		"covered": false,
		"of_concern": false,
		"undetermined": false,
		"reasons": [],
		"foreign_party": true,
		"foreign_party_reasons": ["country DE", "headquarters DE"],
	}
	f.doj_window_people == null
	f.pipl_year_people == null
}

test_transfers_and_destinations_are_in_manifest_order if {
	m := fixtures.sending([
		fixtures.transfer("t2", "blood", "lab-us"),
		fixtures.transfer("t1", "wgs", "lab-de"),
		fixtures.onward("t3", "wgs", "lab-de", "lab-sg"),
	])
	[f.transfer | some f in facts.transfers] == ["t2", "t1", "t3"] with input as fixtures.run(m)
	facts.destinations == [
		{"transfer": "t2", "party": "lab-us", "country": "US"},
		{"transfer": "t1", "party": "lab-de", "country": "DE"},
		{"transfer": "t3", "party": "lab-sg", "country": "SG"},
	] with input as fixtures.run(m)
}

test_within_the_united_states_is_not_cross_border_and_a_us_lab_is_a_us_person if {
	m := fixtures.sending([fixtures.transfer("t1", "blood", "lab-us")])
	f := fact(m, "t1")
	f.cross_border == false
	f.kind == "material"
	f.destination.us_person == true
}

test_an_onward_transfer_starts_where_its_sender_is if {
	m := fixtures.sending([fixtures.transfer("t1", "wgs", "lab-de"), fixtures.onward("t2", "wgs", "lab-de", "lab-de")])
	f := fact(m, "t2")
	f.source_country == "DE"
	f.cross_border == false
}

test_a_covered_destination_with_its_reasons_and_the_people_in_its_doj_window if {
	m := fixtures.sending([send("t1", "wgs-a", "lab-cn", "2026-03-01"), send("t2", "wgs-b", "lab-cn", "2026-09-01")])
	f1 := fact(m, "t1")
	f1.destination.covered == true
	f1.destination.of_concern == true
	f1.destination.reasons == ["country CN", "headquarters CN"]
	f1.destination.foreign_party == false
	f1.doj_window_people == 60
	fact(m, "t2").doj_window_people == 120
}

test_the_doj_window_is_twelve_months if {
	m := fixtures.sending([send("t1", "wgs-a", "lab-cn", "2025-09-01"), send("t2", "wgs-b", "lab-cn", "2026-09-01")])
	fact(m, "t2").doj_window_people == 60
}

test_a_transfer_the_doj_does_not_count_has_no_window if {
	m := fixtures.with_fda(fixtures.sending([send("t1", "wgs-a", "lab-cn", "2026-03-01")]), "planned")
	fact(m, "t1").doj_window_people == null
}

test_an_undetermined_destination if {
	p := object.remove(object.union(fixtures.lab("lab-x", "Example X Pte", "SG"), {"owners": [{"name": "Y", "country": "SG", "share": 40}]}), ["headquarters"])
	m := fixtures.with_party(fixtures.base, p, [fixtures.transfer("t1", "wgs", "lab-x")])
	fact(m, "t1").destination.undetermined == true
}

# A Chinese study exporting genomic data on `n` people to the United States.
export(n) := object.union(fixtures.base, {
	"study": {"type": "research", "origin_country": "CN", "funding": ["private"], "sponsor": {"name": "Example Suzhou Co., Ltd."}},
	"subjects": [{"id": "cn", "nationality": "CN", "residence": "CN", "count": n}],
	"materials": [],
	"data": [{"id": "ds", "category": "genomic", "subjects": "cn", "identifiability": "pseudonymized"}],
	"parties": [fixtures.lab("lab-us", "Example Sequencing Inc.", "US")],
	"transfers": [send("t1", "ds", "lab-us", "2026-03-01")],
})

test_a_pipl_export_has_its_running_total if {
	f := fact(export(700), "t1")
	f.chinese == true
	f.sensitive == true
	f.american == false
	f.source_country == "CN"
	f.destination.foreign_party_reasons == ["country US", "headquarters US"]
	f.pipl_year_people == 700
}

test_the_result_carries_the_facts if {
	r := main.result with input as fixtures.run(fixtures.base)
	r.facts.destinations == [{"transfer": "t1", "party": "lab-de", "country": "DE"}]
	count(r.facts.transfers) == 1
}
