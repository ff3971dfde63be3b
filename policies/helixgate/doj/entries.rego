# DOJ counting entries: what counting needs of one manifest (policy-pack-v2, 1 Portfolio): one
# entry per reach of an American item (a transfer, a producer's holding, a
# covered counterparty's remote access), reduced to its sender, counterparty
# keys, day, classes, people and whether it is counted. The wrapper gathers
# the entries of every manifest of a run (data.helixgate.main.entries) and
# sends them back in input.context.portfolio.entries.
package helixgate.doj

import data.helixgate.lib

_portfolio_defs := data.helixgate.lists.portfolio

_manifest_id := lib.manifest.metadata.id

# Typed keys: an LEI never equals a name.
_keys(named) := {sprintf("lei:%s", [named.lei]) | named.lei} | {sprintf("name:%s", [k]) |
	some k in lib.name_keys(named)
}

# One key for a sender: its LEI, else its matching name.
_sender_key(named) := sprintf("lei:%s", [named.lei]) if named.lei

else := sprintf("name:%s", [min(lib.name_keys(named))])

_profile_organisation := input.context.profile.organisation

# 202.205 "the same U.S. person": the study's sponsor; the profile's
# organisation when the study names none; one reserved key for the rest.
sender := key if {
	key := _sender_key(lib.manifest.study.sponsor)
} else := key if {
	key := _sender_key(_profile_organisation)
} else := _portfolio_defs.unnamed_sender

# The keys an owner is matched by: its own, and its party's when it names one.
_owner_keys(o) := _keys(o) | {k |
	some k in _keys(lib.parties[o.party])
}

# Keys of the owners holding more than half of a party (a corporate group).
_majority_owner_keys(party_id) := sort({k |
	some o in object.get(lib.parties[party_id], "owners", [])
	o.share > _portfolio_defs.majority_more_than_percent
	some k in _owner_keys(o)
})

# Who the people of an item are: a cohort, scoped per sender, is the same
# people wherever it appears; a group without one is its manifest's own.
_people_key(item) := sprintf("cohort:%s:%s", [sender, lib.subjects[item.subjects].cohort]) if {
	lib.subjects[item.subjects].cohort
} else := sprintf("group:%s:%s", [_manifest_id, item.subjects])

_classes_of(item) := sort({name | some name, class in classes; in_class(item, class)})

_day(t) := t.start_on if lib.valid_date(t.start_on)

else := null

_entry(i, item, party_id, counted) := {
	"manifest": _manifest_id,
	"transfer": lib.transfers[i].id,
	"order": i,
	"party": party_id,
	"sender": sender,
	"keys": sort(_keys(lib.parties[party_id])),
	"covered": party_id in lib.covered,
	"reasons": lib.reasons_of[party_id],
	"owners": _majority_owner_keys(party_id),
	"day": _day(lib.transfers[i]),
	"classes": _classes_of(item),
	"people_key": _people_key(item),
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
	"keys": sort({sprintf("staff:%s:%s", [k, country]) | some k in _keys(lib.parties[t.to])}),
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
