# CMP-PARTNER-001 and -002, trusted partners: genetic items only to
# parties that passed due diligence without conditions.
package helixgate.company

import data.helixgate.lib

_diligence_gap(party) := "has no due diligence on record" if {
	not party.due_diligence
} else := "passed due diligence only with conditions" if {
	party.due_diligence.outcome == "conditional"
}

findings contains lib.transfer_finding("CMP-PARTNER-001", i, t, sprintf(
	"%s, whose due diligence was rejected on %s",
	[lib.describe(t, item), party.due_diligence.completed_on],
)) if {
	some [i, t, item, party] in _genetic_transfers
	party.due_diligence.outcome == "rejected"
}

findings contains lib.transfer_finding("CMP-PARTNER-002", i, t, sprintf(
	"%s, which %s",
	[lib.describe(t, item), _diligence_gap(party)],
)) if {
	some [i, t, item, party] in _genetic_transfers
	_diligence_gap(party)
}
