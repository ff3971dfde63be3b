# METADATA
# title: NIH rules
# description: |
#   NIH NOT-OD-25-160: biospecimens of U.S. persons from NIH-supported research
#   may not go, directly or indirectly, to institutions located in countries
#   of concern, except under a documented exception.
package helixgate.nih

import data.helixgate.lib

_to_country_of_concern contains [i, t, item, party] if {
	lib.nih_funded
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.material(item)
	lib.american(item)
	party := lib.parties[t.to]
	lib.located_in_country_of_concern(party)
}

findings contains lib.transfer_finding("NIH-SPEC-001", i, t, sprintf(
	"%s, located in %s, in an NIH-supported study, with no NIH exception recorded",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _to_country_of_concern
	not t.nih_exception
}

findings contains lib.transfer_finding("NIH-SPEC-002", i, t, sprintf(
	"%s, located in %s, in an NIH-supported study, under the NIH exception %s: keep the documentation the notice requires",
	[lib.describe(t, item), party.country, t.nih_exception],
)) if {
	some [i, t, item, party] in _to_country_of_concern
	t.nih_exception
}
