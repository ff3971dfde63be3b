# METADATA
# title: DOJ rules
# description: |
#   28 CFR 202 (Data Security Program): bulk human 'omic data and biospecimens
#   (prohibited, 202.303) and health or biometric data (restricted, 202.401)
#   reaching covered persons. Counted within one manifest, over 12 months.
package helixgate.doj

import data.helixgate.lib

classes := lib.defs.doj_classes

# 202.511 (FDA-regulated clinical investigations) and 202.504 (federal grants
# and contracts) exempt the study from these rules.
applies if {
	not lib.fda_in_scope
	not lib.federally_funded
}

covered_parties[p.id] := p if {
	applies
	some p in lib.manifest.parties
	p.id in lib.covered
}

in_class(item, class) if {
	class.materials
	lib.material(item)
}

in_class(item, class) if {
	lib.data_item(item)
	item.category in class.categories
}

# Indexes of the transfers that bring American items of a class to a party.
class_transfers(party_id, name) := {i |
	some i, t in lib.transfers
	t.to == party_id
	item := lib.items[t.item]
	lib.american(item)
	in_class(item, classes[name])
}

# The transfers of a class reaching the party in the 12 months up to and
# including transfer i: after the same date one year earlier, on or before
# its own start.
window(party_id, name, i) := {j |
	some j in class_transfers(party_id, name)
	start := lib.start_ns(lib.transfers[j])
	start > time.add_date(lib.start_ns(lib.transfers[i]), -1, 0, 0)
	start <= lib.start_ns(lib.transfers[i])
}

# People in a set of transfers: the distinct subject groups, counted once.
people(indexes) := sum([lib.subjects[g].count | some g in {lib.items[lib.transfers[j].item].subjects | some j in indexes}])

# [transfer index, class name, people] for each window over its threshold.
over_threshold(party_id, name) := {[i, people(w)] |
	some i in class_transfers(party_id, name)
	w := window(party_id, name, i)
	people(w) > classes[name].more_than
}

_genetic_classes := {name | some name, class in classes; class.genetic}

_bulk_windows(party_id) := {[i, name, n] |
	some name in _genetic_classes
	some [i, n] in over_threshold(party_id, name)
}

_genetic_transfers(party_id) := union({class_transfers(party_id, name) | some name in _genetic_classes})

_finding(rule, party_id, i, message) := lib.transfer_finding(rule, i, lib.transfers[i], {
	"party": party_id,
	"message": message,
})

findings contains _finding("DOJ-BULK-001", party_id, i, sprintf(
	"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (bulk is more than %d)",
	[lib.describe(lib.transfers[i], lib.items[lib.transfers[i].item]), lib.transfers[i].id, classes[name].label, n, party_id, classes[name].more_than],
)) if {
	some party_id, _ in covered_parties
	windows := _bulk_windows(party_id)
	count(windows) > 0
	i := min({j | some [j, _, _] in windows})

	# the first class (by name) that is over the threshold at that transfer
	[name, n] := min({[c, k] | some [j, c, k] in windows; j == i})
}

findings contains _finding("DOJ-BULK-002", party_id, i, sprintf(
	"%s: American genetic items reach covered party %s on %d U.S. persons, at or below the bulk thresholds; helixgate counts within this manifest only, so watch the 12-month total across manifests",
	[lib.describe(lib.transfers[i], lib.items[lib.transfers[i].item]), party_id, people(indexes)],
)) if {
	some party_id, _ in covered_parties
	indexes := _genetic_transfers(party_id)
	count(indexes) > 0
	count(_bulk_windows(party_id)) == 0
	i := min(indexes)
}

findings contains _finding("DOJ-BULK-003", party_id, i, sprintf(
	"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (more than %d): a restricted transaction",
	[lib.describe(lib.transfers[i], lib.items[lib.transfers[i].item]), lib.transfers[i].id, classes[name].label, n, party_id, classes[name].more_than],
)) if {
	some party_id, _ in covered_parties
	some name, class in classes
	not class.genetic
	windows := over_threshold(party_id, name)
	count(windows) > 0
	[i, n] := min(windows)
}
