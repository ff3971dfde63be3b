# Notions of the portfolio (policy-pack-v2, 1) that the counting rules share:
# who sends, how a party is keyed, who the people of an item are, and the
# entries of the other manifests the caller sends in the context.
package helixgate.lib

_portfolio_defs := _lists.portfolio

# Typed keys of a party, owner or sponsor: its LEI and its matching names
# (an LEI never equals a name).
party_keys(named) := {sprintf("lei:%s", [named.lei]) | named.lei} | {sprintf("name:%s", [k]) |
	some k in name_keys(named)
}

# One key for a party that sends: its LEI, else its matching name.
party_key(named) := sprintf("lei:%s", [named.lei]) if named.lei

else := sprintf("name:%s", [min(name_keys(named))])

# 202.205 "the same U.S. person" (and, for a Chinese study, the processor):
# the study's sponsor; the profile's organisation when the study names none;
# one reserved key for the rest.
sender := key if {
	key := party_key(manifest.study.sponsor)
} else := key if {
	key := party_key(input.context.profile.organisation)
} else := _portfolio_defs.unnamed_sender

# Who the people of an item are: a cohort, scoped per sender, is the same
# people wherever it appears; a group without one is its manifest's own.
people_key(item) := sprintf("cohort:%s:%s", [sender, subjects[item.subjects].cohort]) if {
	subjects[item.subjects].cohort
} else := sprintf("group:%s:%s", [manifest.metadata.id, item.subjects])

# A transfer's day for the counts; null when the pack cannot read it
# (HG-INPUT-001 denies), so the counts never drop it.
count_day(t) := t.start_on if valid_date(t.start_on)

else := null

# The entries of one family ("doj", "pipl") that the caller sends for the
# other manifests of the portfolio; this manifest's own are computed here.
other_entries(family) := [e |
	some e in object.get(input, ["context", "portfolio", "entries"], [])
	e.family == family
	e.manifest != manifest.metadata.id
]

# Distinct people in a list of entries: a people key counts once, at its
# largest count (the last of its pairs once sorted).
distinct_people(found) := people_of({[e.people_key, e.people] | some e in found})

# The same for a set of [people key, people] pairs.
people_of(pairs) := sum([p[1] |
	some i, p in sorted
	not _same_key_next(sorted, i)
]) if sorted := sort(pairs)

_same_key_next(pairs, i) if pairs[i + 1][0] == pairs[i][0]

# [key, value] pairs as an object of each key's values, grouped in one pass
# over the sorted pairs instead of a search per key (an adjacency object
# for graph.reachable, the entries of each manifest).
grouped(pairs) := {sorted[start][0]: [sorted[n][1] | some n in numbers.range(start, _group_end(starts, g, count(sorted)) - 1)] |
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
_group_end(starts, g, _) := starts[g + 1] if g + 1 < count(starts)

_group_end(starts, g, total) := total if g + 1 == count(starts)

# --- Batches ---------------------------------------------------------------------
#
# What the counts of a batch's manifests share (the DOJ counterparties and
# windows, the PIPL running totals) main.results computes once, at the level
# of the batch's input, and hands to each manifest's question in
# data.helixgate.batch (`with`; never data). A manifest uses it when the
# batch's entries of it are the ones the pack computes for it (so a caller
# still cannot speak for it), and else counts on its own, as `result` does.

batch(family) := data.helixgate.batch[family]

# The context's entries of a family, and the indexes of those of each
# manifest of the batch (input.manifests).
batch_entries(family) := {"all": found, "by_manifest": grouped({[e.manifest, j] | some j, e in found; e.manifest in ids})} if {
	ids := {m.metadata.id | some m in input.manifests}
	found := [e | some e in object.get(input, ["context", "portfolio", "entries"], []); e.family == family]
}

batch_fits(view, own) if {
	{object.remove(view.all[j], ["history"]) | some j in view.by_manifest[manifest.metadata.id]} == {e | some e in own}
}
