# CMP-HGR-001 and -002, China's human genetic resources rules: an HGR
# export approval for HGR material, and an HGR filing for HGR information,
# that leave mainland China.
package helixgate.company

import data.helixgate.lib

_leaves_mainland(party) if party.country != lib.defs.hgr_jurisdiction

findings contains lib.transfer_finding("CMP-HGR-001", i, t, sprintf(
	"%s (%s): human genetic resources material leaves mainland China without an HGR export approval",
	[lib.describe(t, item), party.country],
)) if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.hgr_material(item)
	party := lib.parties[t.to]
	_leaves_mainland(party)
	not lib.manifest.compliance.hgr_approval.reference
}

findings contains lib.transfer_finding("CMP-HGR-002", i, t, sprintf(
	"%s (%s): human genetic resources information is provided abroad without an HGR filing",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _data_transfers
	lib.hgr_information(item)
	_leaves_mainland(party)
	not lib.manifest.compliance.hgr_filing.reference
}
