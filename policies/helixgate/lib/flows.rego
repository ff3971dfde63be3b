# helixgate.lib, what flows and from where: where a transfer starts and
# whether it crosses a border (manifest-v1 "Derived notions";
# policy-pack-v2, 3 "What flows, and from where": data made abroad starts at
# its producer), how a transfer is described in messages, the producer's
# holdings of the data it makes, and which transfers and holdings the DOJ
# rules count (policy-pack-v2, 1 "Counted transfers"; 2 "Remote access is
# access").
package helixgate.lib

# --- Purposes ---------------------------------------------------------------

# policy-pack-v2, 3 "Biospecimens for care": `clinical_care` is not on the
# list, on a material or on a data item (where it is a purpose like `other`),
# so the purpose alone decides.
genetic_processing(purpose) if purpose in defs.genetic_processing_purposes

_care_purposes := {p | some p in _lists.doj_exemptions.care_purposes}

# --- Transfers --------------------------------------------------------------

# The party where an item made abroad (`data[].produced_by`) is made.
_producer(t) := items[t.item].produced_by

# The party a transfer starts at: its `from`, else the producer of the item
# it sends; undefined when it starts at the study's origin.
_start_party(t) := t.from

_start_party(t) := _producer(t) if not t.from

# The country a transfer starts in: its start party's, else the study's
# origin.
source_country(t) := parties[_start_party(t)].country

source_country(t) := _study.origin_country if not _start_party(t)

# A border between two countries; the states and territories of the United
# States are one country (policy-pack-v2, 2).
cross_border(t) if {
	parties[t.to].country != source_country(t)
	not _within_united_states(t)
}

_within_united_states(t) if {
	in_united_states(parties[t.to].country)
	in_united_states(source_country(t))
}

# The transfer starts at a party, not at the study's origin.
_onward(t) if _start_party(t)

# The transfer starts at the producer of the item it sends (without `from`,
# or with `from: <producer>`, which means the same).
_from_producer(t) if _start_party(t) == _producer(t)

# A transfer's start in nanoseconds; undefined when its start_on is not a
# date the pack can compute with (HG-INPUT-001 denies then).
start_ns(t) := time.parse_ns("2006-01-02", t.start_on) if valid_date(t.start_on)

consent := object.get(manifest, "consent", {})

consent_names(country) if {
	consent.foreign_transfer_disclosed == true
	country in object.get(consent, "disclosed_countries", [])
}

# Consent naming the United States names its territories too.
consent_names(country) if {
	consent.foreign_transfer_disclosed == true
	in_united_states(country)
	defs.united_states in object.get(consent, "disclosed_countries", [])
}

# Plain words for messages: "material tcells", "data wgs".
_item_label(item) := sprintf("%s %s", [item.kind, item.id])

# "transfer t2 sends material tcells (American subjects) onward from lab-de to lab-sz"
describe(t, item) := sprintf("transfer %s sends %s%s %s to %s", [
	t.id,
	_item_label(item),
	_subjects_label(item),
	_route(t),
	t.to,
])

_subjects_label(item) := " (American subjects)" if american(item)

else := ""

_route(t) := sprintf("from its producer %s", [_start_party(t)]) if _from_producer(t)

else := sprintf("onward from %s", [_start_party(t)]) if _onward(t)

else := "from the origin"

# --- Holdings of data made abroad -------------------------------------------
#
# policy-pack-v2, 3: the producer's holding of the data it makes is a reach,
# not a transfer: no per-transfer rule fires on it (it is not in
# `transfers`); it counts only in the DOJ counts, dated and placed at the
# transfer `at` (an index in `transfers`): the first transfer, in manifest
# order, of the `produced_from` material to the producer, or, without
# `produced_from`, the item's own first transfer. A produced item with no
# such transfer has no holding.

holdings contains {"item": d.id, "party": d.produced_by, "at": at} if {
	some d in _datasets
	at := _placed_at(d)
}

_placed_at(d) := min(at) if {
	at := {i | some i, t in transfers; t.item == d.produced_from; t.to == d.produced_by}
	count(at) > 0
}

_placed_at(d) := min(at) if {
	d.produced_by
	not d.produced_from
	at := {i | some i, t in transfers; t.item == d.id}
	count(at) > 0
}

# --- Counted transfers (policy-pack-v2, 1) ----------------------------------
#
# Only counted transfers and holdings enter or close a DOJ window.

# Transfer i of `transfers` is counted.
doj_counted(i) if _doj_counted(transfers[i], items[transfers[i].item])

# A holding of `holdings` is counted: judged as its item sent by the
# transfer it is placed at (that transfer's `under_federal_award`; the item
# is data, so the care exemption of materials never applies to it).
doj_counted_holding(h) if _doj_counted(transfers[h.at], items[h.item])

_doj_counted(t, item) if {
	not _for_care(t, item)
	not _open_access(item)
	not fda_in_scope
	not under_federal_award(t)
}

# 28 CFR 202.223(b): a biospecimen solely for the donor's care. On a data
# item the purpose is like `other`.
_for_care(t, item) if {
	material(item)
	t.purpose in _care_purposes
}

# 28 CFR 202.249(b): data open to the public.
_open_access(item) if item.open_access == true

# 28 CFR 202.504: in a federally funded study, a transfer is under the grant
# or contract unless it says `under_federal_award: false`; without federal
# funding `under_federal_award: true` changes nothing.
under_federal_award(t) if {
	federally_funded
	not t.under_federal_award == false
}

# --- Remote access (policy-pack-v2, 2 "Remote access is access") ------------

# The countries of concern, sorted, from which the receiver's staff can reach
# the data item of transfer i (`safeguards.remote_access_from`); defined only
# for data transfers that list one.
remote_access_of_concern[i] := countries if {
	some i, t in transfers
	data_item(items[t.item])
	countries := sort({c | some c in object.get(t, ["safeguards", "remote_access_from"], []); concern_country(c)})
	count(countries) > 0
}
