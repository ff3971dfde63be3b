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
#
# What depends on the entries only (counterparties, windows, who is over a
# threshold, where a finding is placed) is the `analysis` of the entries of
# `focus`, the manifests decided; a batch computes it once for all of its
# manifests (lib, Batches). Computed per manifest instead, a batch of 100
# bench manifests linked to 400 entries took 12.7 s in OPA, against 0.66 s
# without those entries; at 270 manifests with the whole portfolio in the
# context, 9.7 s before, 2.1 s once per batch.

_id := lib.manifest.metadata.id

_batch := lib.batch("doj")

_batch_fits if lib.batch_fits(_batch, entries)

all := _batch.all if _batch_fits

else := array.concat(lib.other_entries("doj"), entries)

_own := {j | some j in _batch.by_manifest[_id]} if _batch_fits

else := {j | some j, e in all; e.manifest == _id}

# The entries whose counterparties are counted: this manifest's own (for a
# batch, those of all its manifests).
focus := _own

_analysis := _batch.analysis if _batch_fits

else := analysis

# A batch's view (main.results): its entries and their analysis.
batch_view := object.union(found, {"analysis": view}) if {
	found := lib.batch_entries("doj")
	decided := {j | some js in found.by_manifest; some j in js}
	view := analysis with data.helixgate.doj.all as found.all with data.helixgate.doj.focus as decided
}

analysis := {
	"component": _component_of,
	"pairs": pair_class,
	"timelines": _timelines,
	"day_people": _day_people,
	"bulk": _bulk_at,
	"members": _members,
	"evasion": _evasion_at,
}

# Counterparties: entries sharing a key, transitively, are one person. The
# keys of each entry are linked to its first; a counterparty is the keys
# its first key reaches, named by the least of them.
_keys(j) := all[j].keys if count(all[j].keys) > 0

else := [sprintf("entry:%d", [j])]

_key_pairs contains pair if {
	some j, _ in all
	keys := _keys(j)
	some k in keys
	some pair in [[keys[0], k], [k, keys[0]]]
}

_key_graph := lib.grouped(_key_pairs)

_by_key := lib.grouped({[k, j] | some j, _ in all; some k in _keys(j)})

_first_keys := {_keys(j)[0] | some j in focus}

_reached[k] := graph.reachable(_key_graph, [k]) if some k in _first_keys

_component_keys[min(keys)] := keys if some _, keys in _reached

_entries_of(keys) := {j | some k in keys; some j in _by_key[k]}

_components[c] := _entries_of(keys) if some c, keys in _component_keys

_component_of := {j: min(_reached[_keys(j)[0]]) | some j in focus}

# A counterparty is covered when any of its appearances is.
_covered(c) if {
	some j in _components[c]
	all[j].covered
}

# The senders of the decided entries reaching each counterparty.
_senders := lib.grouped({[_component_of[j], all[j].sender] | some j in focus})

# The counted entries of a class from a sender reaching a covered
# counterparty: the pair's transfers. Grouped in one pass over each
# counterparty's entries, not a search of them per sender and class (one
# lab reached by 10,000 manifests, each with its own sponsor).
pair_class[c][s][name] := {k | some k in object.get(_pair_entries, [[c, s, name]], [])} if {
	some c, _ in _components
	_covered(c)
	some s in _senders[c]
	some name, _ in classes
}

_pair_entries := lib.grouped({[[c, all[k].sender, name], k] |
	some c, entries in _components
	_covered(c)
	some k in entries
	all[k].counted
	some name in all[k].classes
})

# The entry of a set that comes first in its manifest.
_first(set) := min({[all[k].order, k] | some k in set})[1]

# --- Windows -------------------------------------------------------------------
#
# The window of a day is the entries in the 12 months up to and including
# it: after the same date one year earlier, on or before the day, and those
# without a readable day (they may lie in any window). The window of no day
# is all of them. A timeline sorts a set's dated entries by day once and
# keeps where each day's window begins and ends in that order, so that a
# window is a slice, not a search of the set: the sum over windows, not
# days times entries (10,000 transfers on distinct days to one party).

_year_before(day) := time.format([time.add_date(time.parse_ns("2006-01-02", day), -1, 0, 0), "UTC", "2006-01-02"])

_year_after(day) := time.format([time.add_date(time.parse_ns("2006-01-02", day), 1, 0, 0), "UTC", "2006-01-02"])

_timeline(set) := {
	"set": set, "dated": ids, "undated": undated, "bounds": bounds, "relevant": relevant,
	"pairs": [[all[k].people_key, all[k].people] | some k in ids],
	"undated_pairs": [[all[k].people_key, all[k].people] | some k in undated],
} if {
	dated := sort({[all[k].day, k] | some k in set; all[k].day != null})
	ids := [p[1] | some p in dated]
	undated := {k | some k in set; all[k].day == null}
	days := {p[0] | some p in dated}

	# An entry on the day a year earlier sorts before its mark, so that the
	# mark's place less the marks before it counts the entries up to then.
	marks := sort(array.concat([[p[0], 0, p[1]] | some p in dated], [[_year_before(d), 1, d] | some d in days]))
	rank := {b[2]: i | some i, b in sort([[_year_before(d), 1, d] | some d in days])}
	ends := {p[0]: (i + 1) | some i, p in dated; not _same_day_next(dated, i)}
	bounds := {m[2]: [i - rank[m[2]], ends[m[2]]] | some i, m in marks; m[1] == 1}
	relevant := _relevant(set, dated, ids)
}

_same_day_next(dated, i) if dated[i + 1][0] == dated[i][0]

# The days whose windows matter to the decided manifests: those of their
# entries, and those of history entries less than a year after one of them
# (a window closed in history that holds a decided entry is placed on it).
# Only these windows are counted: a batch of 100 manifests of 10,000 to one
# counterparty counts 100 windows, not 10,000.
_relevant(set, dated, ids) := ({all[k].day | some k in set; k in focus} | _history_relevant(set, dated, ids)) | _undated_relevant(set)

_history_relevant(set, dated, ids) := {all[k].day |
	some f, [start, end] in _year_after_slices(set, dated)
	some k in array.slice(ids, start, end)
	all[k].history
} if {
	some k in set
	all[k].history
} else := set()

# For each day of a decided dated entry, where its day begins in the dated
# entries and where the entries before the same date a year later end (a
# mark sorts before the entries of its own day, so that its place less the
# marks before it counts the entries before that day).
_year_after_slices(set, dated) := {m[2]: [starts[m[2]], i - rank[m[2]]] | some i, m in marks; m[1] == 0} if {
	days := {all[j].day | some j in set; j in focus; all[j].day != null}
	marks := sort(array.concat([[p[0], 1, p[1]] | some p in dated], [[_year_after(d), 0, d] | some d in days]))
	rank := {m[2]: i | some i, m in sort([[_year_after(d), 0, d] | some d in days])}
	starts := {p[0]: i | some i, p in dated; not _same_day_next(dated, i - 1)}
}

# An undated entry lies in every window: a decided one makes every day
# matter; a history one matters in the window of no day.
_undated_relevant(set) := {all[k].day | some k in set} if {
	some j in set
	j in focus
	all[j].day == null
} else := {null} if {
	some k in set
	all[k].day == null
	some j in set
	j in focus
} else := set()

window(t, null) := t.set

window(t, day) := {t.dated[i] | some i in numbers.range(b[0], b[1] - 1)} | t.undated if b := t.bounds[day]

# Distinct people in a set of entries.
people(set) := lib.distinct_people([all[k] | some k in set])

# People in the window of a day, from the timeline's slice of [people key,
# people] pairs rather than from the window's entries: a third of the steps
# per entry (10,000 transfers on distinct days: 21 s to 7 s).
_window_people(t, null) := people(t.set)

_window_people(t, day) := lib.people_of({p | some p in array.concat(array.slice(t.pairs, b[0], b[1]), t.undated_pairs)}) if {
	b := t.bounds[day]
}

_timelines[c][s][name] := _timeline(set) if {
	some c, by_sender in pair_class
	some s, by_class in by_sender
	some name, set in by_class
}

# People in the window of each day of a pair's entries.
_day_people[c][s][name] := {day: _window_people(t, day) | some day in t.relevant} if {
	some c, by_sender in _timelines
	some s, by_class in by_sender
	some name, t in by_class
}

# [closing entry, people] of each window over the class's threshold, when
# all of the pair's entries together are (else no window can be).
_over[c][s][name] := {[k, n] |
	some k in set
	n := _day_people[c][s][name][all[k].day]
	n > classes[name].more_than
} if {
	some c, by_sender in pair_class
	some s, by_class in by_sender
	some name, set in by_class
	people(set) > classes[name].more_than
}

# Where the decided manifests get the finding for window w closed by entry
# k: at k itself when it is decided; when k is a history manifest's (a
# later transfer already in the repository closes a window a change
# opened), at each decided manifest's first entry in the window. Not at all
# when another checked manifest closes it: that one gets the finding.
_placed(_, k) := {k} if k in focus

_placed(w, k) := _firsts({j | some j in w; j in focus}) if {
	not k in focus
	all[k].history
}

_firsts(set) := {x[2] | some i, x in xs; _new_manifest(xs, i)} if {
	xs := sort({[all[j].manifest, all[j].order, j] | some j in set})
}

_new_manifest(_, 0)

_new_manifest(xs, i) if {
	i > 0
	xs[i - 1][0] != xs[i][0]
}

# [counterparty, order placed at, class, closing entry, people] of each
# window over a threshold, by the decided manifest that answers for it.
_bulk_at[all[p].manifest] contains [c, all[p].order, name, k, n] if {
	some c, by_sender in _over
	some s, by_class in by_sender
	some name, windows in by_class
	some [k, n] in windows
	some p in _placed(window(_timelines[c][s][name], all[k].day), k)
}

# --- Corporate groups (DOJ-BULK-004) --------------------------------------------
#
# Counterparties linked by majority ownership (an owner holding more than
# half, matched by key to another counterparty or shared as a common owner)
# are one corporate group. Owner nodes ("owner:<key>") join the key graph.

_group_graph := lib.grouped(_key_pairs | {pair |
	some j, e in all
	some o in e.owners
	node := concat("", ["owner:", o])
	some pair in [[_keys(j)[0], node], [node, _keys(j)[0]], [node, o], [o, node]]
})

# The covered counterparties of the group of each covered counterparty a
# decided entry reaches, as their entries by name, when there are two or
# more.
_members[c] := members if {
	some c, keys in _component_keys
	_covered(c)
	outside := {k | some k in graph.reachable(_group_graph, [c]); _by_key[k]; not k in keys}
	count(outside) > 0
	others := {min(graph.reachable(_key_graph, [k])) | some k in outside}
	members := {m: _entries_of(graph.reachable(_key_graph, [m])) |
		some m in (others | {c})
		_covered_keys(graph.reachable(_key_graph, [m]))
	}
	count(members) > 1
}

_covered_keys(keys) if {
	some j in _entries_of(keys)
	all[j].covered
}

# The group's counted entries of a genetic class from a sender.
_group_class[c][s][name] := {k |
	some _, m in members
	some k in m
	all[k].sender == s
	all[k].counted
	name in all[k].classes
} if {
	some c, members in _members
	some s in _senders[c]
	some name in _genetic_classes
}

# [counterparty, order placed at, placed entry, class, closing entry,
# people] of each window of a group that reaches two or more members and is
# over the threshold while no member alone is: one shipment split between
# subsidiaries; by the decided manifest that answers for it.
_evasion_at[all[p].manifest] contains [c, all[p].order, p, name, k, n] if {
	some c, by_sender in _group_class
	some _, by_class in by_sender
	some name, set in by_class
	people(set) > classes[name].more_than
	t := _timeline(set)
	some k in set
	w := window(t, all[k].day)
	n := people(w)
	n > classes[name].more_than
	reached := {m | some m, entries in _members[c]; count(entries & w) > 0}
	count(reached) > 1
	every m in reached {
		people(_members[c][m] & w) <= classes[name].more_than
	}
	some p in _placed(w, k)
}

# --- This manifest ----------------------------------------------------------------

_sender := lib.sender

# The counterparties this manifest reaches.
_reached_by_own := {_analysis.component[j] | some j in _own}

_pair(c, name) := _analysis.pairs[c][_sender][name]

_window_of(c, name, day) := window(_analysis.timelines[c][_sender][name], day)

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
	c := _analysis.component[j]
	some name in all[j].classes
	j in _pair(c, name)
	n := _analysis.day_people[c][_sender][name][all[j].day]
})

_same_order_next(i) if _window_pairs[i + 1][0] == _window_pairs[i][0]

# [class, closing entry, people] of each window over the threshold this
# manifest answers for, by counterparty and the order it is placed at.
_bulk[c][order] contains [name, k, n] if some [c, order, name, k, n] in _analysis.bulk[_id]

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

_own_at(c, order) := min({j | some j in _own; _analysis.component[j] == c; all[j].order == order})

# The transfer that closes a window, named with its manifest when it is another's.
_closing(k) := all[k].transfer if k in _own

else := sprintf("%s of %s", [all[k].transfer, all[k].manifest])

findings contains _finding(
	"DOJ-BULK-001", order, sprintf(
		"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (bulk is more than %d)%s",
		[lib.describe(lib.transfers[order], lib.items[lib.transfers[order].item]), _closing(k), classes[name].label, n, lib.transfers[order].to, classes[name].more_than, _across(_window_of(c, name, all[k].day))],
	),
	_reasons(_own_at(c, order)),
) if {
	some c, _ in _bulk
	[order, name, k, n] := _first_bulk(c, _genetic_classes)
}

_bulk_rule_for(c) if _first_bulk(c, _genetic_classes)

findings contains _finding(
	"DOJ-BULK-002", all[j].order, sprintf(
		"%s: American genetic items reach covered party %s on at most %d U.S. persons in any 12 months across the portfolio, at or below the bulk thresholds",
		[lib.describe(lib.transfers[all[j].order], lib.items[lib.transfers[all[j].order].item]), lib.transfers[all[j].order].to, largest],
	),
	_reasons(j),
) if {
	some c in _reached_by_own
	_analysis.pairs[c][_sender]
	not _bulk_rule_for(c)
	own := {o | some o in _own; _analysis.component[o] == c}
	j := min({o |
		some o in own
		all[o].counted
		count({name | some name in _genetic_classes; name in all[o].classes}) > 0
	})
	largest := max({n |
		some o in own
		some name in _genetic_classes
		o in _pair(c, name)
		n := _analysis.day_people[c][_sender][name][all[o].day]
	})
}

findings contains _finding(
	"DOJ-BULK-003", order, sprintf(
		"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach covered party %s (more than %d): a restricted transaction%s",
		[lib.describe(lib.transfers[order], lib.items[lib.transfers[order].item]), _closing(k), classes[name].label, n, lib.transfers[order].to, classes[name].more_than, _across(_window_of(c, name, all[k].day))],
	),
	_reasons(_own_at(c, order)),
) if {
	some c, _ in _bulk
	some name, class in classes
	not class.genetic
	[order, name, k, n] = _first_bulk(c, {name})
}

findings contains _finding(
	"DOJ-BULK-004", all[placed].order, sprintf(
		"%s: over 12 months up to transfer %s, %s on %d U.S. persons reach the corporate group of %s together, no one of them over the bulk threshold of %d: splitting a bulk transfer within a group is evasion",
		[lib.describe(lib.transfers[all[placed].order], lib.items[lib.transfers[all[placed].order].item]), _closing(k), classes[name].label, n, concat(", ", sort({all[o].party | some _, m in _analysis.members[c]; some o in m})), classes[name].more_than],
	),
	_reasons(placed),
) if {
	found := {x | some x in _analysis.evasion[_id]; x[0] in _reached_by_own}
	some c in {x[0] | some x in found}
	[_, _, placed, name, k, n] := min({x | some x in found; x[0] == c})
}
