# METADATA
# title: FDA rules
# description: |
#   FDA announcement of 18 June 2025 (FDA-2025-06-18): American biospecimens
#   sent to laboratories in countries of concern in FDA-regulated trials.
package helixgate.fda

import data.helixgate.lib

# An American material moving to a party of concern under an FDA
# application that is not closed, with its transfer index.
_to_party_of_concern contains [i, t, item, party] if {
	lib.fda_in_scope
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.material(item)
	lib.american(item)
	party := lib.parties[t.to]
	t.to in lib.of_concern
}

_genetic_processing contains [i, t, item, party] if {
	some [i, t, item, party] in _to_party_of_concern
	lib.genetic_processing(t.purpose)
}

findings contains lib.transfer_finding("FDA-CELLS-001", i, t, sprintf(
	"%s for %s under a new FDA application (%s)",
	[lib.describe(t, item), t.purpose, lib.fda_application.status],
)) if {
	lib.fda_new
	some [i, t, item, _] in _genetic_processing
}

findings contains lib.transfer_finding("FDA-CELLS-002", i, t, sprintf(
	"%s for %s in an ongoing FDA trial; consent discloses the transfer to %s: enhanced oversight applies",
	[lib.describe(t, item), t.purpose, party.country],
)) if {
	lib.fda_ongoing
	some [i, t, item, party] in _genetic_processing
	lib.consent_names(party.country)
}

findings contains lib.transfer_finding("FDA-CELLS-003", i, t, sprintf(
	"%s for %s in an ongoing FDA trial, but consent does not disclose the transfer to %s",
	[lib.describe(t, item), t.purpose, party.country],
)) if {
	lib.fda_ongoing
	some [i, t, item, party] in _genetic_processing
	not lib.consent_names(party.country)
}

# policy-pack-v2, 3: by any route, an onward hop inside one country
# included, to an undetermined party outside the United States.
findings contains lib.transfer_finding("FDA-CELLS-004", i, t, sprintf(
	"%s (%s) in an FDA trial; its headquarters is not given and %v%% of its ownership is not disclosed, so its ties cannot be checked",
	[lib.describe(t, item), party.country, lib.undisclosed_share(party)],
)) if {
	lib.fda_in_scope
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.material(item)
	lib.american(item)
	party := lib.parties[t.to]
	not lib.located_in_united_states(party)
	lib.undetermined(party)
}

findings contains lib.transfer_finding("FDA-CELLS-005", i, t, sprintf(
	"%s for %s in an FDA trial; the material can still be sequenced there",
	[lib.describe(t, item), t.purpose],
)) if {
	some [i, t, item, _] in _to_party_of_concern
	not lib.genetic_processing(t.purpose)
}
