# CMP-SOV-001, genetic data sovereignty: no American genetic item to a
# party with ties of concern.
package helixgate.company

import data.helixgate.lib

findings contains lib.transfer_finding("CMP-SOV-001", i, t, sprintf(
	"%s, a party with ties of concern (%s), in %s",
	[lib.describe(t, item), concat(", ", lib.reasons_of[party.id]), party.country],
)) if {
	some [i, t, item, party] in _genetic_transfers
	lib.american(item)
	party.id in lib.tied
}
