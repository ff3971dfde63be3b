# CMP-LOCAL-001, local and nearshore first: a genetic item across a border
# to a party outside the trusted countries is worth a local or nearshore
# partner.
package helixgate.company

import data.helixgate.lib

findings contains lib.transfer_finding("CMP-LOCAL-001", i, t, sprintf(
	"%s in %s, outside the trusted countries: prefer a local or nearshore partner",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _genetic_transfers
	lib.cross_border(t)
	not party.id in lib.tied
	not party.country in lib.trusted_countries
}
