# METADATA
# title: DOJ rules
# description: |
#   28 CFR 202 (Data Security Program): bulk human 'omic data and biospecimens
#   (prohibited, 202.303) and health or biometric data (restricted, 202.401)
#   reaching covered persons, counted as 202.205 counts: per U.S. person
#   (sender) and covered person (counterparty), over any 12 months, across
#   every manifest of the portfolio (policy-pack-v2, 1).
package helixgate.doj

import data.helixgate.lib

classes := lib.defs.doj_classes

in_class(item, class) if {
	class.materials
	lib.material(item)
}

in_class(item, class) if {
	lib.data_item(item)
	item.category in class.categories
}

_genetic_classes := {name | some name, class in classes; class.genetic}

# --- The portfolio -------------------------------------------------------------
#
# The entries of the other manifests, as the caller sends them, and this
# manifest's own, computed here (so a caller cannot speak for it). Without
# a portfolio in the context, the manifest is counted on its own.

_others := lib.other_entries("doj")

all := array.concat(_others, entries)

_own := {j | some j, e in all; e.manifest == lib.manifest.metadata.id}

# Counterparties: entries sharing a key, transitively, are one person. A
# graph of entry nodes ("e<index>") and key nodes ("k<key>"); the component
# of an entry is the entries it reaches.
_entry_node(j) := sprintf("e%d", [j])

_graph := object.union(
	{_entry_node(j): [concat("", ["k", k]) | some k in e.keys] | some j, e in all},
	_grouped([[concat("", ["k", k]), _entry_node(j)] | some j, e in all; some k in e.keys]),
)

# [node, neighbour] pairs as an adjacency object, grouped in one pass over
# the sorted pairs instead of a search per node.
_grouped(pairs) := {sorted[start][0]: [sorted[n][1] | some n in numbers.range(start, _end(starts, g, count(sorted)) - 1)] |
	some g, start in starts
} if {
	sorted := sort(pairs)
	starts := [s | some s, p in sorted; _group_start(sorted, s, p)]
}

_group_start(_, 0, _)

_group_start(sorted, s, p) if {
	s > 0
	sorted[s - 1][0] != p[0]
}

# Where group g of the sorted pairs ends: where the next begins, or at the end.
_end(starts, g, _) := starts[g + 1] if g + 1 < count(starts)

_end(starts, g, total) := total if g + 1 == count(starts)

_entries_of(nodes) := {to_number(substring(node, 1, -1)) | some node in nodes; startswith(node, "e")}

# The entries of the counterparty each own entry reaches (its component).
component[j] := _entries_of(graph.reachable(_graph, [_entry_node(j)])) if some j in _own

# A counterparty is covered when any of its appearances is.
_covered_component(c) if {
	some j in c
	all[j].covered
}

# One own entry stands for each counterparty this manifest reaches.
_reps := {min(component[j] & _own) | some j in _own}

# The counted entries of a class reaching a covered counterparty from this
# manifest's sender: the pair's transfers.
pair_class[c][name] := {k |
	some k in component[c]
	all[k].sender == all[c].sender
	all[k].counted
	name in all[k].classes
} if {
	some c in _reps
	_covered_component(component[c])
	some name, _ in classes
}

# The entry of a set that comes first in its manifest.
_first(set) := min({[all[k].order, k] | some k in set})[1]

# --- Windows -------------------------------------------------------------------

_ns(day) := time.parse_ns("2006-01-02", day)

# The entries of a set in the 12 months up to and including a day: after
# the same date one year earlier, on or before the day, and those without a
# readable day (they may lie in any window). With no day, all of them.
window(set, day) := {k |
	some k in set
	all[k].day == null
} | {k |
	some k in set
	all[k].day != null
	_ns(all[k].day) > time.add_date(_ns(day), -1, 0, 0)
	_ns(all[k].day) <= _ns(day)
} if day != null

else := set

# Distinct people in a set of entries.
people(set) := lib.distinct_people([all[k] | some k in set])

# People in the window of each day of a pair's entries, computed once for
# the rules below and for `window_people`.
_day_people[c][name] := {day: people(window(set, day)) | some day in {all[k].day | some k in set}} if {
	some c, by_class in pair_class
	some name, set in by_class
}

# The same, for the rules: only when all of a pair's entries together are
# over the threshold (else no window can be).
_by_day[c][name] := _day_people[c][name] if {
	some c, by_class in pair_class
	some name, set in by_class
	people(set) > classes[name].more_than
}

# People counted in the window of each transfer of this manifest (by its
# index in lib.transfers) that is counted and reaches a covered
# counterparty: the U.S. persons of its class in the 12 months up to its
# day, from this manifest's sender to that counterparty, across the
# portfolio; the largest over its classes and its entries (a remote access
# of concern is a counterparty of its own). Undefined for the other
# transfers: no DOJ count runs on them. For the facts (helixgate.facts).
window_people := {p[0]: p[1] | some i, p in _window_pairs; not _same_order_next(i)}

_window_pairs := sort({[all[j].order, n] |
	some j in _own
	c := min(component[j] & _own)
	some name in all[j].classes
	j in pair_class[c][name]
	n := _day_people[c][name][all[j].day]
})

_same_order_next(i) if _window_pairs[i + 1][0] == _window_pairs[i][0]

# [closing entry, people] of each window over the class's threshold.
over[c][name] := {[k, n] |
	some k in pair_class[c][name]
	n := by_day[all[k].day]
	n > classes[name].more_than
} if {
	some c, by_class in _by_day
	some name, by_day in by_class
}

# [class, closing entry, people] of each window over the threshold this
# manifest answers for, by counterparty and the order it is placed at.
_bulk[c][all[placed].order] contains [name, k, n] if {
	some c, by_class in over
	some name, windows in by_class
	some [k, n] in windows
	placed := _placed_in(window(pair_class[c][name], all[k].day), k)
}

# --- Messages -------------------------------------------------------------------

_others_in(set) := [sprintf("%s (%d people, transfer %s on %s)", [m, people({k | some k in set; all[k].manifest == m}), min({all[k].transfer | some k in set; all[k].manifest == m}), _shown_day(min({all[k].day | some k in set; all[k].manifest == m}))]) |
	some m in sort({all[k].manifest | some k in set; not k in _own})
]

_shown_day(day) := day if day != null

else := "an unreadable date"

_across(set) := sprintf("; with %s", [concat(", ", _others_in(set))]) if count(_others_in(set)) > 0

else := ""

# A finding about transfer i; its party is the covered party it reaches.
_finding(rule, i, message, extra) := object.union(lib.transfer_finding(rule, i, lib.transfers[i], message), extra)

_reasons(j) := {"reasons": all[j].reasons}

# --- Findings ---------------------------------------------------------------------

_first_bulk(c, wanted) := [order, name, k, n] if {
	order := min({o | some o, found in _bulk[c]; some [cl, _, _] in found; cl in wanted})
	[name, k, n] := min({x | some x in _bulk[c][order]; x[0] in wanted})
}

_own_at(c, order) := min({j | some j in (component[c] & _own); all[j].order == order})

# The transfer that closes a window, named with its manifest when it is another's.
_closing(k) := all[k].transfer if k in _own

else := sprintf("%s of %s", [all[k].transfer, all[k].manifest])

findings contains _finding(
	"DOJ-BULK-001", order, sprintf(
		"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (bulk is more than %d)%s",
		[lib.describe(lib.transfers[order], lib.items[lib.transfers[order].item]), _closing(k), classes[name].label, n, lib.transfers[order].to, classes[name].more_than, _across(window(pair_class[c][name], all[k].day))],
	),
	_reasons(_own_at(c, order)),
) if {
	some c, _ in _bulk
	[order, name, k, n] := _first_bulk(c, _genetic_classes)
}

_bulk_rule_for(c) if _first_bulk(c, _genetic_classes)

# Every genetic class's counted entries of a counterparty this manifest
# reaches, for DOJ-BULK-002's largest total.
_genetic_pair(j) := union({set | some name in _genetic_classes; set := pair_class[j][name]})

findings contains _finding(
	"DOJ-BULK-002", all[j].order, sprintf(
		"%s: American genetic items reach covered party %s on at most %d U.S. persons in any 12 months across the portfolio, at or below the bulk thresholds",
		[lib.describe(lib.transfers[all[j].order], lib.items[lib.transfers[all[j].order].item]), lib.transfers[all[j].order].to, largest],
	),
	_reasons(j),
) if {
	some c, _ in pair_class
	not _bulk_rule_for(c)
	j := min({o |
		some o in (component[c] & _own)
		all[o].counted
		count({name | some name in _genetic_classes; name in all[o].classes}) > 0
	})
	largest := max({n |
		some o in (component[c] & _own)
		some name in _genetic_classes
		o in pair_class[c][name]
		n := people(window(pair_class[c][name], all[o].day))
	})
}

findings contains _finding(
	"DOJ-BULK-003", order, sprintf(
		"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (more than %d): a restricted transaction%s",
		[lib.describe(lib.transfers[order], lib.items[lib.transfers[order].item]), _closing(k), classes[name].label, n, lib.transfers[order].to, classes[name].more_than, _across(window(pair_class[c][name], all[k].day))],
	),
	_reasons(_own_at(c, order)),
) if {
	some c, _ in _bulk
	some name, class in classes
	not class.genetic
	[order, name, k, n] = _first_bulk(c, {name})
}

# --- Corporate groups (DOJ-BULK-004) --------------------------------------------
#
# Counterparties linked by majority ownership (an owner holding more than
# half, matched by key to another counterparty or shared as a common owner)
# are one corporate group. Owner nodes ("o<key>") join the graph.

_group_graph := _grouped(array.concat(
	[pair |
		some j, e in all
		some k in e.keys
		some pair in [[_entry_node(j), concat("", ["k", k])], [concat("", ["k", k]), _entry_node(j)]]
	],
	[pair |
		some j, e in all
		some k in e.owners
		some pair in [
			[_entry_node(j), concat("", ["o", k])],
			[concat("", ["o", k]), _entry_node(j)],
			[concat("", ["o", k]), concat("", ["k", k])],
			[concat("", ["k", k]), concat("", ["o", k])],
		]
	],
))

# The covered counterparties of the group of each counterparty this
# manifest reaches, each as its set of entries, when there are two or more.
_members[c] := members if {
	some c in _reps
	group := _entries_of(graph.reachable(_group_graph, [_entry_node(c)]))
	members := {m |
		some k in group
		m := _entries_of(graph.reachable(_graph, [_entry_node(k)]))
		_covered_component(m)
	}
	count(members) > 1
}

# The group's counted entries of a genetic class from this manifest's sender.
_group_class[c][name] := {k |
	some m in members
	some k in m
	all[k].sender == all[c].sender
	all[k].counted
	name in all[k].classes
} if {
	some c, members in _members
	some name in _genetic_classes
}

# [placed entry, class, closing entry, people] of each window of the group
# that reaches two or more members and is over the threshold while no
# member alone is: one shipment split between subsidiaries.
_evasion[c] contains [all[placed].order, placed, name, k, n] if {
	some c, by_class in _group_class
	some name, set in by_class
	people(set) > classes[name].more_than
	some k in set
	w := window(set, all[k].day)
	n := people(w)
	n > classes[name].more_than
	reached := {m | some m in _members[c]; count(m & w) > 0}
	count(reached) > 1
	every m in reached {
		people(m & w) <= classes[name].more_than
	}
	placed := _placed_in(w, k)
}

# Where this manifest gets the finding for window w closed by entry k: at k
# itself when it is this manifest's; at this manifest's first entry in the
# window when k is a history manifest's (a later transfer already in the
# repository closes a window this change opened). Not at all when another
# checked manifest closes it: that one gets the finding.
_placed_in(_, k) := k if k in _own

_placed_in(w, k) := _first(w & _own) if {
	not k in _own
	all[k].history
}

findings contains _finding(
	"DOJ-BULK-004", all[placed].order, sprintf(
		"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach the corporate group of %s together, no one of them over the bulk threshold of %d: splitting a bulk transfer within a group is evasion",
		[lib.describe(lib.transfers[all[placed].order], lib.items[lib.transfers[all[placed].order].item]), _closing(k), classes[name].label, n, concat(", ", sort({all[o].party | some m in _members[c]; some o in m})), classes[name].more_than],
	),
	_reasons(placed),
) if {
	some c, found in _evasion
	[_, placed, name, k, n] := min(found)
}
