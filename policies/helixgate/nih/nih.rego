# METADATA
# title: NIH rules
# description: |
#   NIH NOT-OD-25-160: biospecimens of U.S. persons from NIH-supported research
#   may not go, directly or indirectly, to institutions located in countries
#   of concern, except under a documented exception; a cell line publicly
#   available before the notice took effect is outside it. NIH NOT-OD-25-083:
#   no access to NIH controlled-access data by institutions or researchers
#   located in countries of concern.
package helixgate.nih

import data.helixgate.lib

# The notices' dates and the material types a public release takes out of
# NOT-OD-25-160 (lists/nih), never literals.
_notices := data.helixgate.lists.nih

# --- NIH-SPEC-*: biospecimens (NOT-OD-25-160) --------------------------------

# policy-pack-v2, 5: a cell line commercially or publicly available before
# NOT-OD-25-160 took effect is outside it. A cell line without
# `public_since`, or with one the pack cannot compute with (HG-INPUT-001
# denies that), stays inside.
_public_before_the_notice(item) if {
	item.type in _notices.public_material_types
	lib.valid_date(item.public_since)
	item.public_since < _notices.biospecimens_from
}

_to_country_of_concern contains [i, t, item, party] if {
	lib.nih_funded
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.material(item)
	lib.american(item)
	not _public_before_the_notice(item)
	party := lib.parties[t.to]
	lib.located_in_country_of_concern(party)
}

findings contains lib.transfer_finding("NIH-SPEC-001", i, t, sprintf(
	"%s, located in %s, in an NIH-supported study, with no NIH exception recorded",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _to_country_of_concern
	not t.nih_exception
}

findings contains lib.transfer_finding("NIH-SPEC-002", i, t, sprintf(
	"%s, located in %s, in an NIH-supported study, under the NIH exception %s: keep the documentation the notice requires",
	[lib.describe(t, item), party.country, t.nih_exception],
)) if {
	some [i, t, item, party] in _to_country_of_concern
	t.nih_exception
}

# --- NIH-DATA-001: controlled-access data (NOT-OD-25-083) --------------------

# A data item of an NIH controlled-access data repository (dbGaP, say).
_controlled_access(item) if {
	lib.data_item(item)
	item.repository.nih_controlled_access == true
}

# NOT-OD-25-083 applies from 4 April 2025: a transfer that starts before then
# is outside it. One whose start the pack cannot compute with stays inside
# (HG-INPUT-001 denies it anyway).
_before_the_data_notice(t) if {
	lib.valid_date(t.start_on)
	t.start_on < _notices.controlled_access_data_from
}

# Transfer i of controlled-access data, with the item it sends.
_controlled_access_transfers[i] := item if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	_controlled_access(item)
	not _before_the_data_notice(t)
}

# How the data of transfer i reaches a country of concern: the receiving
# party is located in one (any transfer, by any route), or its staff can
# reach the data remotely from one (safeguards.remote_access_from).
_reaches contains [i, sprintf("located in %s", [party.country])] if {
	some i, _ in _controlled_access_transfers
	party := lib.parties[lib.transfers[i].to]
	lib.located_in_country_of_concern(party)
}

_reaches contains [i, sprintf("remotely reachable from %s", [concat(", ", countries)])] if {
	some i, _ in _controlled_access_transfers
	countries := lib.remote_access_of_concern[i]
}

_repository_label(item) := sprintf("the NIH controlled-access data repository %s", [item.repository.name]) if {
	item.repository.name
} else := "an NIH controlled-access data repository"

findings contains lib.transfer_finding("NIH-DATA-001", i, t, sprintf(
	"%s, data of %s, %s: no access from countries of concern",
	[lib.describe(t, item), _repository_label(item), concat("; ", reaches)],
)) if {
	some i, item in _controlled_access_transfers
	t := lib.transfers[i]
	reaches := sort([r | some [j, r] in _reaches; j == i])
	count(reaches) > 0
}
