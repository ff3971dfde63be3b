# METADATA
# title: Tests of the shared notions
# description: |
#   The derived notions of manifest-v1.md, each tested at its edges: matching
#   names, and the item and transfer notions (the party notions in
#   persons_test.rego).
package helixgate.lib_test

import data.helixgate.lib
import data.helixgate.test.fixtures

# --- Matching names ---------------------------------------------------------
#
# The party notions are tested in persons_test.rego; these tests match names
# on a German laboratory with no ties of concern.
lab := {
	"id": "lab-de",
	"name": "Example Genomics GmbH",
	"role": "sequencing_lab",
	"country": "DE",
	"headquarters": "DE",
	"owners": [{"name": "Example Holding AG", "country": "DE", "share": 100}],
}

listed := [{"name": "Example Gene Co.", "source": "test"}]

owned(owners) := object.union(lab, {"owners": owners})

test_a_computed_name_key_drops_case_white_space_and_punctuation if {
	lib._computed_name_key("  example   GENE co. ") == "examplegeneco"
	lib._computed_name_key("Example Gene Co") == "examplegeneco"
	lib._computed_name_key("Example-Gene (Co.)") == "examplegeneco"
}

test_unicode_white_space_inside_a_name_is_dropped_like_at_its_ends if {
	# no-break space, em space, ideographic space, next line, vertical tab
	lib._computed_name_key("\u00a0Example\u00a0Gene \u2003Co.\u3000") == "examplegeneco"
	lib._computed_name_key("Example\u0085Gene\u000bCo.") == "examplegeneco"
	p := object.union(lab, {"name": "Example\u00a0Gene\u00a0Co."})
	lib._tie_reasons(p) == ["named entity of concern"] with data.helixgate.lists.entities_of_concern.entities as listed
}

# Look-alike forms of an entity on the pack's own list (key: "wuxiapptec").
wuxi_forms := {
	"zero-width space": "WuXi\u200bAppTec",
	"soft hyphen": "WuXi App\u00adTec",
	"word joiner": "WuXi\u2060AppTec",
	"BOM inside": "Wu\ufeffXi AppTec",
	"fullwidth letters": "ＷｕＸｉ\u3000ＡｐｐＴｅｃ",
	"mathematical bold letters": "𝐖𝐮𝐗𝐢 𝐀𝐩𝐩𝐓𝐞𝐜",
	"hyphen for a space": "WuXi-AppTec",
	"accents added": "W\u00fcX\u00ed App\u0054e\u0301c",
}

bgi_forms := {
	"full stop left out": "BGI Genomics Co., Ltd",
	"comma left out": "BGI Genomics Co. Ltd.",
	"no punctuation, lower case": "bgi genomics co ltd",
}

named_lab(name) := object.union(lab, {"name": name})

keyed_lab(name, key) := object.union(lab, {"name": name, "name_key": key})

test_every_look_alike_form_of_a_listed_name_matches_without_a_key if {
	every _, name in wuxi_forms {
		lib._computed_name_key(name) == "wuxiapptec"
		lib._tie_reasons(named_lab(name)) == ["named entity of concern"]
	}
	every _, name in bgi_forms {
		lib._computed_name_key(name) == "bgigenomicscoltd"
		lib._party_of_concern(named_lab(name))
	}
}

# Without the letter folds Rego keeps fullwidth and mathematical letters: the
# wrapper's key alone matches then.
test_every_look_alike_form_of_a_listed_name_matches_by_the_wrappers_key_alone if {
	not lib.named_entity_of_concern(named_lab(wuxi_forms["fullwidth letters"])) with lib._letter_folds as {}
	every _, name in wuxi_forms {
		lib._tie_reasons(keyed_lab(name, "wuxiapptec")) == ["named entity of concern"] with lib._letter_folds as {}
	}
	every _, name in bgi_forms {
		lib._party_of_concern(keyed_lab(name, "bgigenomicscoltd")) with lib._letter_folds as {}
	}
}

test_an_owner_named_in_a_look_alike_form_counts_for_the_fifty_percent_test if {
	every name in [wuxi_forms["fullwidth letters"], bgi_forms["full stop left out"]] {
		p := owned([
			{"name": name, "country": "DE", "share": 50},
			{"name": "Example Holding AG", "country": "DE", "share": 50},
		])
		lib._tie_reasons(p) == ["owned 50% from countries of concern"]
	}
}

test_a_wrong_key_does_not_hide_a_listed_name if {
	lib.named_entity_of_concern({"name": "WuXi AppTec", "name_key": "examplegenomicsgmbh"})
	lib.named_entity_of_concern({"name": "WuXi AppTec", "name_key": ""})
}

test_an_employer_or_sponsor_name_is_matched_the_same_way if {
	lib.named_entity_of_concern({"name": wuxi_forms["mathematical bold letters"]})
	lib.named_entity_of_concern({"name": "WuXi AppTe\u0441", "name_key": "wuxiapptec"}) # a Cyrillic es
	not lib.named_entity_of_concern({"name": "WuXi AppTe\u0441"})
}

test_a_list_entry_is_matched_by_its_stored_key if {
	entries := [{"name": "Example Gene Company", "key": "examplegeneco", "source": "test"}]
	lib.named_entity_of_concern(named_lab("Example Gene Co.")) with data.helixgate.lists.entities_of_concern.entities as entries
	lib.named_entity_of_concern(named_lab("EXAMPLE GENE COMPANY")) with data.helixgate.lists.entities_of_concern.entities as entries
}

test_a_genuinely_different_name_does_not_match if {
	every name in ["WuXi AppTec Partners", "WuXi AppTech", "Wu Xi App", "BGI Genomic Co., Ltd.", "MGI Tech Co., Ltd. Holdings", "\u200b", "..."] {
		not lib.named_entity_of_concern(named_lab(name))
		not lib.named_entity_of_concern(keyed_lab(name, lib._computed_name_key(name)))
		lib._tie_reasons(named_lab(name)) == []
	}
}

test_a_name_of_only_punctuation_and_format_characters_matches_nothing if {
	lib._computed_name_key("\u200b.-\u00ad") == ""
	lib.name_keys({"name": "\u200b.-\u00ad"}) == set()
	not "" in lib._entities_of_concern with input.context.profile.lists.entities_of_concern_extra as ["..."]
		with input.context.profile.lists.entities_of_concern_extra_keys as [""]
}

# --- Items, study and transfers ----------------------------------------------

manifest := {
	"apiVersion": "helixgate/v1",
	"kind": "TransferManifest",
	"metadata": {"id": "HG-TEST-LIB"},
	"study": {"type": "research", "origin_country": "US", "funding": ["private"]},
	"consent": {"foreign_transfer_disclosed": true, "disclosed_countries": ["DE"], "sequencing_disclosed": true},
	"subjects": [
		{"id": "us", "nationality": "US", "residence": "US", "count": 10},
		{"id": "us-citizens-in-cn", "nationality": "US", "residence": "CN", "count": 10},
		{"id": "cn-citizens-in-us", "nationality": "CN", "residence": "US", "count": 10},
		{"id": "cn", "nationality": "CN", "residence": "CN", "count": 10},
		{"id": "hk", "nationality": "CN", "residence": "HK", "count": 10},
	],
	"materials": [
		{"id": "blood", "type": "blood", "subjects": "cn"},
		{"id": "plasma", "type": "plasma", "subjects": "cn"},
		{"id": "serum", "type": "serum", "subjects": "cn"},
		{"id": "urine", "type": "urine", "subjects": "cn"},
		{"id": "tcells", "type": "living_cells", "subjects": "us"},
		{"id": "hk-blood", "type": "blood", "subjects": "hk"},
	],
	"data": [
		{"id": "genomic", "category": "genomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "epigenomic", "category": "epigenomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "transcriptomic", "category": "transcriptomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "proteomic", "category": "proteomic", "subjects": "cn", "identifiability": "pseudonymized"},
		{"id": "health", "category": "health", "subjects": "us", "identifiability": "identified"},
		{"id": "biometric", "category": "biometric", "subjects": "us", "identifiability": "identified"},
		{"id": "other", "category": "other", "subjects": "us", "identifiability": "anonymized"},
	],
	"parties": [
		lab,
		object.union(lab, {"id": "lab-de2", "name": "Example Zwei GmbH"}),
		{"id": "lab-us", "name": "Example Inc.", "role": "biobank", "country": "US", "headquarters": "US"},
	],
	"transfers": [
		{"id": "t1", "item": "tcells", "to": "lab-de", "purpose": "sequencing", "start_on": "2027-01-01", "selection_reason": "capability"},
		{"id": "t2", "item": "tcells", "to": "lab-de2", "from": "lab-de", "purpose": "storage", "start_on": "2027-02-01", "selection_reason": "capability"},
		{"id": "t3", "item": "health", "to": "lab-us", "purpose": "analysis", "start_on": "2027-03-01", "selection_reason": "proximity"},
	],
}

test_genetic_items_are_materials_and_omic_data if {
	genetic := {id | some id, item in lib.items; lib.genetic(item)} with input as fixtures.run(manifest)
	genetic == {
		"blood", "plasma", "serum", "urine", "tcells", "hk-blood",
		"genomic", "epigenomic", "transcriptomic", "proteomic",
	}
}

test_items_know_their_kind if {
	lib.items.blood.kind == "material" with input as fixtures.run(manifest)
	lib.items.health.kind == "data" with input as fixtures.run(manifest)
	lib._item_label(lib.items.blood) == "material blood" with input as fixtures.run(manifest)
	lib._item_label(lib.items.health) == "data health" with input as fixtures.run(manifest)
}

test_chinese_items_are_those_of_mainland_residents if {
	chinese := {id | some id, item in lib.items; lib.chinese(item)} with input as fixtures.run(manifest)
	chinese == {"blood", "plasma", "serum", "urine", "genomic", "epigenomic", "transcriptomic", "proteomic"}
}

test_every_item_of_a_study_originating_in_china_is_chinese if {
	m := object.union(manifest, {"study": {"origin_country": "CN"}})
	chinese := {id | some id, item in lib.items; lib.chinese(item)} with input as fixtures.run(m)
	chinese == {id | some id, _ in lib.items} with input as fixtures.run(m)
}

test_a_study_originating_in_hong_kong_is_not_chinese_for_hgr if {
	m := object.union(manifest, {"study": {"origin_country": "HK"}})
	not lib.chinese(lib.items["hk-blood"]) with input as fixtures.run(m)
}

test_hgr_material_leaves_out_plasma_serum_and_urine if {
	hgr := {id | some id, item in lib.items; lib.hgr_material(item)} with input as fixtures.run(manifest)
	hgr == {"blood"}
}

test_hgr_information_is_genomic_epigenomic_and_transcriptomic_data if {
	hgr := {id | some id, item in lib.items; lib.hgr_information(item)} with input as fixtures.run(manifest)
	hgr == {"genomic", "epigenomic", "transcriptomic"}
}

test_funding_nih_is_federal_and_nih if {
	m := object.union(manifest, {"study": {"funding": ["NIH"]}})
	lib.federally_funded with input as fixtures.run(m)
	lib.nih_funded with input as fixtures.run(m)
}

test_funding_other_federal_is_federal_but_not_nih if {
	m := object.union(manifest, {"study": {"funding": ["other_federal", "private"]}})
	lib.federally_funded with input as fixtures.run(m)
	not lib.nih_funded with input as fixtures.run(m)
}

test_private_or_absent_funding_is_not_federal if {
	not lib.federally_funded with input as fixtures.run(manifest)
	not lib.federally_funded with input as fixtures.run(json.remove(manifest, ["study/funding"]))
}

test_fda_statuses if {
	lib.fda_new with input as fixtures.run(fixtures.with_fda(manifest, "planned"))
	lib.fda_new with input as fixtures.run(fixtures.with_fda(manifest, "submitted"))
	lib.fda_ongoing with input as fixtures.run(fixtures.with_fda(manifest, "active"))
	not lib.fda_in_scope with input as fixtures.run(fixtures.with_fda(manifest, "closed"))
	not lib.fda_in_scope with input as fixtures.run(manifest)
	lib.fda_in_scope with input as fixtures.run(fixtures.with_fda(manifest, "active"))
}

test_a_finding_has_its_rule_order_pointer_message_and_no_reasons if {
	lib.finding("X-1", -1, "/compliance", "m") == {"rule": "X-1", "order": -1, "pointer": "/compliance", "reasons": [], "message": "m"}
}

test_transfer_finding_names_transfer_item_party_and_reasons if {
	m := json.patch(manifest, [{"op": "replace", "path": "/parties/1/country", "value": "HK"}])
	f := lib.transfer_finding("X-1", 1, m.transfers[1], "m") with input as fixtures.run(m)
	f == {
		"rule": "X-1",
		"order": 1,
		"pointer": "/transfers/1",
		"transfer": "t2",
		"item": "tcells",
		"party": "lab-de2",
		"reasons": ["country HK"],
		"message": "m",
	}
}
