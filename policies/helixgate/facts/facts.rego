# METADATA
# title: Why it passed
# description: |
#   For every transfer of the manifest, the notions that decided it, taken
#   from the notions the rules use (helixgate.lib, the DOJ and PIPL counts),
#   never derived again: where it starts and ends, whether it crosses a
#   border, what it sends and whose it is, the receiving party's status, and
#   the people counted in its DOJ window and its PIPL year.
package helixgate.facts

import data.helixgate.doj
import data.helixgate.lib
import data.helixgate.pipl

# --- Per item and per party, once -------------------------------------------

# A notion as a boolean: true when it holds, false (not undefined) else.
default _holds(_, _) := false

_holds("american", item) if lib.american(item)

_holds("chinese", item) if lib.chinese(item)

_holds("genetic", item) if lib.genetic(item)

_holds("sensitive", item) if lib.sensitive(item)

_holds("us_person", p) if lib.us_person(p)

_holds("undetermined", p) if lib.undetermined(p)

_item_notions := ["american", "chinese", "genetic", "sensitive"]

_items := {id: object.union({"kind": item.kind}, {name: _holds(name, item) | some name in _item_notions}) |
	some id, item in lib.items
}

_parties := {id: {
	"party": id,
	"country": object.get(p, "country", null),
	"us_person": _holds("us_person", p),
	"covered": id in lib.covered,
	"of_concern": id in lib.of_concern,
	"undetermined": _holds("undetermined", p),
	"reasons": object.get(lib.reasons_of, id, []),
	"foreign_party": count(lib.foreign_party_reasons(p)) > 0,
	"foreign_party_reasons": lib.foreign_party_reasons(p),
} |
	some id, p in lib.parties
}

# --- Per transfer -------------------------------------------------------------

default _cross_border(_) := false

_cross_border(t) if lib.cross_border(t)

_source_country(t) := country if {
	country := lib.source_country(t)
} else := null

# The facts of transfer i, in manifest order: what the notions say of it,
# of its item and of its receiving party.
transfers := [object.union(object.get(_items, t.item, {}), {
	"transfer": t.id,
	"order": i,
	"item": t.item,
	"source_country": _source_country(t),
	"destination_country": object.get(_parties, [t.to, "country"], null),
	"cross_border": _cross_border(t),
	"destination": object.get(_parties, t.to, {"party": t.to}),
	"doj_window_people": object.get(doj.window_people, i, null),
	"pipl_year_people": object.get(pipl.year_people, i, null),
}) |
	some i, t in lib.transfers
]

# Where each transfer goes, in manifest order: for the report's
# destinations by country.
destinations := [{"transfer": f.transfer, "party": f.destination.party, "country": f.destination_country} |
	some f in transfers
]

# METADATA
# title: The facts of one manifest
result := {
	"transfers": transfers,
	"destinations": destinations,
}
