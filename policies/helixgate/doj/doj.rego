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

# Indexes of the transfers that bring American items of a class to each
# covered party. These are rules keyed by party and class, evaluated once per
# question; the functions they replace were evaluated at every call.
class_transfers[party_id][name] := {i |
	some i, t in lib.transfers
	t.to == party_id
	item := lib.items[t.item]
	lib.american(item)
	in_class(item, class)
} if {
	some party_id, _ in covered_parties
	some name, class in classes
}

# Each transfer's start, parsed once.
_start[i] := lib.start_ns(t) if some i, t in lib.transfers

# A transfer whose start the pack cannot read (HG-INPUT-001 denies) may lie
# in any window: it is counted in every one, never left out of them all.
_undated[party_id][name] := {j | some j in indexes; not _start[j]} if {
	some party_id, by_class in class_transfers
	some name, indexes in by_class
}

# The transfers of a class reaching the party in the 12 months up to and
# including a day: after the same date one year earlier, on or before the
# day, and those without a readable start.
window(party_id, name, day) := _undated[party_id][name] | {j |
	some j in class_transfers[party_id][name]
	_start[j] > time.add_date(day, -1, 0, 0)
	_start[j] <= day
}

# People in a set of transfers: the distinct subject groups, counted once.
people(indexes) := sum([lib.subjects[g].count | some g in {lib.items[lib.transfers[j].item].subjects | some j in indexes}])

# People in the window of each start day of a class's transfers to a party.
# A transfer's window depends only on its start, so each day is counted once,
# and only when all the class's transfers together are over the threshold
# (otherwise no window can be).
people_by_day[party_id][name] := _people_by_day(party_id, name, indexes) if {
	some party_id, by_class in class_transfers
	some name, indexes in by_class
}

_people_by_day(party_id, name, indexes) := {day: people(window(party_id, name, day)) |
	some i in indexes
	day := _start[i]
} if {
	people(indexes) > classes[name].more_than
} else := {}

# People in the window of transfer i: of its start day, or, when its start
# cannot be read, of all the class's transfers to the party (the most any
# window could hold).
_people_at(party_id, name, i) := people_by_day[party_id][name][_start[i]]

_people_at(party_id, name, i) := people(class_transfers[party_id][name]) if i in _undated[party_id][name]

# [transfer index, people] for each transfer whose window is over its
# class's threshold.
over_threshold[party_id][name] := {[i, n] |
	some i in indexes
	n := _people_at(party_id, name, i)
	n > classes[name].more_than
} if {
	some party_id, by_class in class_transfers
	some name, indexes in by_class
}

_genetic_classes := {name | some name, class in classes; class.genetic}

_bulk_windows[party_id] := {[i, name, n] |
	some name in _genetic_classes
	some [i, n] in over_threshold[party_id][name]
} if some party_id, _ in covered_parties

_genetic_transfers[party_id] := union({class_transfers[party_id][name] | some name in _genetic_classes}) if {
	some party_id, _ in covered_parties
}

# A finding about transfer i; its party is the covered party it reaches.
_finding(rule, i, message) := lib.transfer_finding(rule, i, lib.transfers[i], message)

findings contains _finding("DOJ-BULK-001", i, sprintf(
	"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (bulk is more than %d)",
	[lib.describe(lib.transfers[i], lib.items[lib.transfers[i].item]), lib.transfers[i].id, classes[name].label, n, party_id, classes[name].more_than],
)) if {
	some party_id, _ in covered_parties
	windows := _bulk_windows[party_id]
	count(windows) > 0
	i := min({j | some [j, _, _] in windows})

	# the first class (by name) that is over the threshold at that transfer
	[name, n] := min({[c, k] | some [j, c, k] in windows; j == i})
}

findings contains _finding("DOJ-BULK-002", i, sprintf(
	"%s: American genetic items reach covered party %s on %d U.S. persons, at or below the bulk thresholds; helixgate counts within this manifest only, so watch the 12-month total across manifests",
	[lib.describe(lib.transfers[i], lib.items[lib.transfers[i].item]), party_id, people(indexes)],
)) if {
	some party_id, _ in covered_parties
	indexes := _genetic_transfers[party_id]
	count(indexes) > 0
	count(_bulk_windows[party_id]) == 0
	i := min(indexes)
}

findings contains _finding("DOJ-BULK-003", i, sprintf(
	"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (more than %d): a restricted transaction",
	[lib.describe(lib.transfers[i], lib.items[lib.transfers[i].item]), lib.transfers[i].id, classes[name].label, n, party_id, classes[name].more_than],
)) if {
	some party_id, _ in covered_parties
	some name, class in classes
	not class.genetic
	windows := over_threshold[party_id][name]
	count(windows) > 0
	[i, n] := min(windows)
}
