# METADATA
# title: PIPL rules
# description: |
#   China's outbound personal information rules (policy-pack-v2, 6): an
#   export of Chinese personal information needs the mechanism its
#   exporter's running total since 1 January calls for (PIPL-XFER-001, -002)
#   and separate consent (PIPL-CONSENT-001). Law, not a company commitment:
#   never waivable, never lowered by a profile. The totals count every
#   manifest of the portfolio (input.context.portfolio.entries).
package helixgate.pipl

import data.helixgate.lib

_defs := data.helixgate.lists.pipl

# The exporter: the `from` party of an onward hop, else the sender.
_exporter(t) := lib.party_key(lib.parties[t.from]) if t.from

else := lib.sender

_class(item) := "sensitive" if lib.sensitive(item)

else := "ordinary"

_exports := {i: lib.items[t.item] | some i, t in lib.transfers; lib.export(t)}

# METADATA
# title: This manifest's exports, for the running totals
entries := sort({{
	"family": "pipl",
	"manifest": lib.manifest.metadata.id,
	"transfer": lib.transfers[i].id,
	"order": i,
	"exporter": _exporter(lib.transfers[i]),
	"class": _class(item),
	"day": lib.count_day(lib.transfers[i]),
	"people_key": lib.people_key(item),
	"people": lib.subjects[item.subjects].count,
} |
	some i, item in _exports
})

_batch := lib.batch("pipl")

_batch_fits if lib.batch_fits(_batch, entries)

all := _batch.all if _batch_fits

else := array.concat(lib.other_entries("pipl"), entries)

# The [exporter, class, day] of each export decided: this manifest's (for a
# batch, those of all its manifests).
focus := {[x.exporter, x.class, x.day] | some x in entries}

_totals := _batch.totals if _batch_fits

else := totals

# A batch's view (main.results): its entries and their totals.
batch_view := object.union(found, {"totals": view}) if {
	found := lib.batch_entries("pipl")
	decided := {[e.exporter, e.class, e.day] | some js in found.by_manifest; some j in js; e := found.all[j]}
	view := totals with data.helixgate.pipl.all as found.all with data.helixgate.pipl.focus as decided
}

# The exporter's distinct people of a class exported since 1 January of the
# year of each decided export's day, up to and including that day (entries
# without a readable day count everywhere; an export without one counts all
# of its exporter's); an export is judged on the total at its own date.
totals := {t: _total(t) | some t in focus}

_total([exporter, class, null]) := _people(object.get(_by_exporter, [[exporter, class]], []))

_total([exporter, class, day]) := _people({j | some j in object.get(_by_year, [[exporter, class, substring(day, 0, 4)]], []); all[j].day <= day} | {j | some j in object.get(_by_year, [[exporter, class, null]], [])}) if day != null

_people(set) := lib.distinct_people([all[j] | some j in set])

_by_exporter := lib.grouped({[[e.exporter, e.class], j] | some j, e in all})

_by_year := lib.grouped({[[e.exporter, e.class, _year(e.day)], j] | some j, e in all})

_year(null) := null

_year(day) := substring(day, 0, 4) if day != null

# METADATA
# title: The running total of each export
# description: |
#   By the export's index in lib.transfers: the exporter's distinct people
#   of the export's class since 1 January of its year, up to its day, across
#   the portfolio; what the PIPL rules judge it on.
year_people[x.order] := _totals[[x.exporter, x.class, x.day]] if some x in entries

# What an export needs: the first tier its running total reaches.
_needs[x.order] := tier if {
	some x in entries
	tiers := [tier |
		some tier in _defs.needs[x.class]
		year_people[x.order] >= tier.at_least
	]
	tier := object.union(tiers[0], {"total": year_people[x.order]})
}

_cn_export := lib.manifest.compliance.cn_export

# A mechanism counts for an export when it was completed on or before the
# export's start.
_mechanism_for(t) := _cn_export.mechanism if {
	lib.valid_date(_cn_export.completed_on)
	lib.valid_date(t.start_on)
	_cn_export.completed_on <= t.start_on
}

_meets(t, "any") if _mechanism_for(t) in _defs.mechanisms

_meets(t, needs) if {
	needs != "any"
	_mechanism_for(t) == needs
}

_lacking[rule] contains i if {
	some i, tier in _needs
	rule := tier.rule
	not _meets(lib.transfers[i], tier.needs)
}

_wanted(tier) := "a security assessment" if tier.needs == _defs.assessment

else := "a security assessment, a standard contract or a certification"

_kind(x) := "sensitive personal information" if x.class == "sensitive"

else := "personal information"

_has(t) := sprintf("%s completed on %s", [_cn_export.mechanism, _cn_export.completed_on]) if {
	_mechanism_for(t)
} else := "no mechanism completed by then"

findings contains lib.transfer_finding(rule, i, t, sprintf(
	"%s: an export of Chinese %s; the exporter's exports since 1 January reach %d people, which needs %s (compliance.cn_export has %s)",
	[lib.describe(t, _exports[i]), _kind(x), _needs[i].total, _wanted(_needs[i]), _has(t)],
)) if {
	some rule, lacking in _lacking
	i := min(lacking)
	t := lib.transfers[i]
	some x in entries
	x.order == i
}

findings contains lib.transfer_finding("PIPL-CONSENT-001", i, t, sprintf(
	"%s: an export of Chinese personal information without separate consent to providing it abroad (consent.separate_export_consent)",
	[lib.describe(t, _exports[i])],
)) if {
	not lib.consent.separate_export_consent == true
	i := min({j | some j, _ in _exports})
	t := lib.transfers[i]
}
