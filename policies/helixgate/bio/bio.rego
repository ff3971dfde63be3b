# METADATA
# title: BIOSECURE rules
# description: |
#   The BIOSECURE provisions, Sec. 851 of the FY2026 NDAA (P.L. 119-60, 18
#   December 2025): no federal contract, grant or loan funds for
#   biotechnology companies of concern. A federally funded study that sends
#   an item under its award to a named entity of concern, or to a party its
#   named owners hold half or more of, is reviewed for the procurement
#   obligation.
package helixgate.bio

import data.helixgate.lib

# Named on the entities-of-concern list, the profile's additions included
# (policy-pack-v2, 4 Matching names): true or false.
_named(named) := lib.named_entity_of_concern(named)

# The percentage of a party held, together, by owners named on the list.
_named_share(party) := sum([o.share | some o in object.get(party, "owners", []); _named(o)])

# Why a party is a biotechnology company of concern, in this order: named on
# the list, held half or more by owners named on it. Empty when it is not.
_reasons(party) := [c.text |
	some c in [
		{
			"applies": _named(party),
			"text": "named on the entities-of-concern list",
		},
		{
			"applies": _named_share(party) >= lib.defs.ownership_threshold_percent,
			"text": sprintf("%v%% owned by entities named on the list", [_named_share(party)]),
		},
	]
	c.applies
]

# Any item, by any route, under the award.
findings contains lib.transfer_finding("BIO-001", i, t, sprintf(
	"%s, %s, under the study's federal award: federal funds may not go to biotechnology companies of concern",
	[lib.describe(t, lib.items[t.item]), concat("; ", reasons)],
)) if {
	some i, t in lib.transfers
	lib.under_federal_award(t)
	reasons := _reasons(lib.parties[t.to])
	count(reasons) > 0
}
