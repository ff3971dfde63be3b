# CMP-SEC-001, -002 and -003, data security: data encrypted in transit and
# at rest across borders, no remote access from a country of concern, and
# genetic items only to certified receivers.
package helixgate.company

import data.helixgate.lib

_safeguards(t) := object.get(t, "safeguards", {})

_encrypted(t) if {
	_safeguards(t).encrypted_in_transit == true
	_safeguards(t).encrypted_at_rest == true
}

_certified(party) if {
	some c in object.get(party, "certifications", [])
	c in lib.security_certifications
}

findings contains lib.transfer_finding("CMP-SEC-001", i, t, sprintf(
	"%s (%s) across a border without encryption both in transit and at rest",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _data_transfers
	lib.cross_border(t)
	not _encrypted(t)
}

findings contains lib.transfer_finding("CMP-SEC-002", i, t, sprintf(
	"%s; the receiver's staff can reach it remotely from %s",
	[lib.describe(t, item), concat(", ", countries)],
)) if {
	some [i, t, item, _] in _data_transfers
	countries := lib.remote_access_of_concern[i]
}

findings contains lib.transfer_finding("CMP-SEC-003", i, t, sprintf(
	"%s, which holds none of the security certifications %s",
	[lib.describe(t, item), concat(", ", sort(lib.security_certifications))],
)) if {
	some [i, t, item, party] in _genetic_transfers
	not _certified(party)
}
