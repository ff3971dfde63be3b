# METADATA
# title: China's human genetic resources rules
# description: |
#   policy-pack-v2, 6: HGR-MAT-001 (an export approval for HGR material),
#   HGR-INFO-001 (a filing for HGR information provided to a foreign party)
#   and HGR-INFO-002 (a security review for genomic information on more
#   than 500 people). Law, not company commitments: none is waivable, and no
#   profile lowers them. They replace CMP-HGR-001 and -002.
package helixgate.hgr

import data.helixgate.lib

_review := data.helixgate.lists.hgr.security_review

_compliance := object.get(lib.manifest, "compliance", {})

# "(country DE)", "(headquarters HK)": why the receiving party is foreign.
_why_foreign(party) := concat(", ", lib.foreign_party_reasons(party))

# HGR Regulations (State Council Order 717): HGR material leaves mainland
# China, or goes to a foreign party there, only with an export approval.
findings contains lib.transfer_finding("HGR-MAT-001", i, t, sprintf(
	"%s (%s): human genetic resources material goes from mainland China to a foreign party without an HGR export approval",
	[lib.describe(t, item), _why_foreign(party)],
)) if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.hgr_material(item)
	lib.mainland_china(lib.source_country(t))
	party := lib.parties[t.to]
	lib.foreign_party(party)
	not _compliance.hgr_approval.reference
}

# Implementation Rules Art. 37: HGR information provided to a foreign party,
# wherever it is, needs a filing.
findings contains lib.transfer_finding("HGR-INFO-001", i, t, sprintf(
	"%s (%s): human genetic resources information is provided to a foreign party without an HGR filing",
	[lib.describe(t, lib.items[t.item]), _why_foreign(lib.parties[t.to])],
)) if {
	some i in _information_to_foreign_parties
	t := lib.transfers[i]
	not _compliance.hgr_filing.reference
}

# The transfers (their indexes) of HGR information to foreign parties.
_information_to_foreign_parties contains i if {
	some i, t in lib.transfers
	lib.hgr_information(lib.items[t.item])
	lib.foreign_party(lib.parties[t.to])
}

# --- HGR-INFO-002: the security review --------------------------------------
#
# Implementation Rules Art. 37: exome or genome sequencing information of
# more than 500 people provided to foreign parties, taken together over the
# manifest. The people are the distinct groups sent; groups that share a
# cohort count once, at the largest count among them.

_reviewed := {i |
	some i in _information_to_foreign_parties
	lib.items[lib.transfers[i].item].category in _review.categories
}

_reviewed_groups := {lib.items[lib.transfers[i].item].subjects | some i in _reviewed}

# The people of a group: its cohort's, else its own.
_people_of(group) := {"cohort": lib.subjects[group].cohort} if lib.subjects[group].cohort

else := {"group": group}

_reviewed_people := sum([max({lib.subjects[g].count | some g in _reviewed_groups; _people_of(g) == people}) |
	some people in {_people_of(g) | some g in _reviewed_groups}
])

findings contains lib.transfer_finding("HGR-INFO-002", i, t, sprintf(
	"%s (%s): genomic human genetic resources information on %d people, more than %d, is provided to foreign parties in this manifest without an HGR security review",
	[lib.describe(t, lib.items[t.item]), _why_foreign(lib.parties[t.to]), _reviewed_people, _review.more_than_people],
)) if {
	_reviewed_people > _review.more_than_people
	not _compliance.hgr_security_review.reference
	i := min(_reviewed)
	t := lib.transfers[i]
}
