# CMP-COST-001 and -002, supply-chain security before cost: no party with
# ties of concern, nor one across a border outside the trusted countries,
# chosen for cost.
package helixgate.company

import data.helixgate.lib

_chosen_for_cost contains [i, t, party] if {
	some i, t in lib.transfers
	t.selection_reason == "cost"
	party := lib.parties[t.to]
}

findings contains lib.transfer_finding("CMP-COST-001", i, t, sprintf(
	"transfer %s goes to %s, a party with ties of concern (%s), and was chosen for cost",
	[t.id, t.to, concat(", ", lib.reasons_of[party.id])],
)) if {
	some [i, t, party] in _chosen_for_cost
	party.id in lib.tied
}

findings contains lib.transfer_finding("CMP-COST-002", i, t, sprintf(
	"transfer %s goes across a border to %s in %s, outside the trusted countries, and was chosen for cost",
	[t.id, t.to, party.country],
)) if {
	some [i, t, party] in _chosen_for_cost
	not party.id in lib.tied
	lib.cross_border(t)
	not party.country in lib.trusted_countries
}
