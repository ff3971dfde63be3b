# CMP-CONSENT-001, consent: the consent of the subjects discloses each
# country a genetic item crosses a border to, and sequencing when it is
# sequenced.
package helixgate.company

import data.helixgate.lib

_consent_gap(t, party) := sprintf("consent does not disclose the transfer to %s", [party.country]) if {
	not lib.consent_names(party.country)
} else := sprintf("consent does not disclose sequencing for %s", [t.purpose]) if {
	lib.genetic_processing(t.purpose)
	not lib.consent.sequencing_disclosed == true
}

findings contains lib.transfer_finding("CMP-CONSENT-001", i, t, sprintf(
	"%s (%s): %s",
	[lib.describe(t, item), party.country, _consent_gap(t, party)],
)) if {
	some [i, t, item, party] in _genetic_transfers
	lib.cross_border(t)
	_consent_gap(t, party)
}
