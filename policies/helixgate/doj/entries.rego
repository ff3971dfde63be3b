# DOJ counting entries: what counting needs of one manifest (policy-pack-v2, 1 Portfolio): one
# entry per reach of an American item (a transfer, a producer's holding, a
# covered counterparty's remote access), reduced to its sender, counterparty
# keys, day, classes, people and whether it is counted. The wrapper gathers
# the entries of every manifest of a run (data.helixgate.main.entries) and
# sends them back in input.context.portfolio.entries.
package helixgate.doj

import data.helixgate.lib

_majority_more_than := data.helixgate.lists.portfolio.majority_more_than_percent

_manifest_id := lib.manifest.metadata.id

# The keys an owner is matched by: its own, and its party's when it names one.
_owner_keys(o) := lib.party_keys(o) | {k |
	some k in lib.party_keys(lib.parties[o.party])
}

# Keys of the owners holding more than half of a party (a corporate group).
_majority_owner_keys(party_id) := sort({k |
	some o in object.get(lib.parties[party_id], "owners", [])
	o.share > _majority_more_than
	some k in _owner_keys(o)
})

_classes_of(item) := sort({name | some name, class in classes; in_class(item, class)})

_entry(i, item, party_id, counted) := {
	"family": "doj",
	"manifest": _manifest_id,
	"transfer": lib.transfers[i].id,
	"order": i,
	"party": party_id,
	"sender": lib.sender,
	"keys": sort(lib.party_keys(lib.parties[party_id])),
	"covered": party_id in lib.covered,
	"reasons": lib.reasons_of[party_id],
	"owners": _majority_owner_keys(party_id),
	"day": lib.count_day(lib.transfers[i]),
	"classes": _classes_of(item),
	"people_key": lib.people_key(item),
	"people": lib.subjects[item.subjects].count,
	"counted": counted,
}

_counted(i) if lib.doj_counted(i)

else := false

_holding_counted(h) if lib.doj_counted_holding(h)

else := false

_remote_reason(countries) := sprintf("remote access from %s", [concat(", ", countries)])

# Each transfer of an American item to its receiving party. A covered
# receiver reachable remotely from a country of concern keeps one entry,
# with the remote access among its reasons.
_transfer_entries contains object.union(base, {"reasons": reasons}) if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.american(item)
	base := _entry(i, item, t.to, _counted(i))
	reasons := array.concat(base.reasons, [_remote_reason(lib.remote_access_of_concern[i])])
	t.to in lib.covered
}

_transfer_entries contains _entry(i, item, t.to, _counted(i)) if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.american(item)
	not _covered_remote(i, t)
}

_covered_remote(i, t) if {
	lib.remote_access_of_concern[i]
	t.to in lib.covered
}

# 202.303 "access": staff of a receiver that is not covered, in a country of
# concern from which the data can be reached, are a covered counterparty of
# their own; the finding stays on the receiving party.
_remote_entries contains object.union(_entry(i, item, t.to, _counted(i)), {
	"keys": sort({sprintf("staff:%s:%s", [k, country]) | some k in lib.party_keys(lib.parties[t.to])}),
	"covered": true,
	"reasons": [_remote_reason([country])],
	"owners": [],
}) if {
	some i, countries in lib.remote_access_of_concern
	t := lib.transfers[i]
	not t.to in lib.covered
	item := lib.items[t.item]
	lib.american(item)
	some country in countries
}

# The producer's holding of data made at it (policy-pack-v2, 3): counted,
# never a transfer, placed and dated at the transfer `lib.holdings` names.
_holding_entries contains _entry(h.at, item, h.party, _holding_counted(h)) if {
	some h in lib.holdings
	item := lib.items[h.item]
	lib.american(item)
}

# METADATA
# title: This manifest's counting entries
# description: Sorted, so that the same manifest always gives the same list.
entries := sort(((_transfer_entries | _remote_entries) | _holding_entries))
