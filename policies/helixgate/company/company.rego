# METADATA
# title: Company commitments
# description: |
#   The company's public commitments (COMMITMENTS): compliance assessed at the
#   start, consent, China's human genetic resources rules, data security,
#   trusted partners, supply-chain security before cost, genetic data
#   sovereignty, local and nearshore first. Waivable. One file for each
#   commitment; this one holds what several of them share.
package helixgate.company

import data.helixgate.lib

# Transfers of genetic items and of data, with their index, item and
# receiving party.
_genetic_transfers contains [i, t, item, party] if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.genetic(item)
	party := lib.parties[t.to]
}

_data_transfers contains [i, t, item, party] if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.data_item(item)
	party := lib.parties[t.to]
}
