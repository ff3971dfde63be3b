# helixgate.lib, China (policy-pack-v2, 6): mainland China, the foreign
# parties of the HGR rules, Chinese items with the HGR material and
# information among them, Chinese personal information and its sensitive
# part (PIPL Art. 28), and exports (PIPL Art. 38), defined once for the HGR
# and the PIPL rules.
package helixgate.lib

_china := _lists.china

# --- Mainland China ---------------------------------------------------------

# CN alone: Hong Kong, Macau and Taiwan are outside it, as in PRC law.
mainland_china(code) if code == defs.hgr_jurisdiction

# --- Foreign parties (HGR) --------------------------------------------------
#
# HGR Implementation Rules (2023): foreign organisations and individuals, and
# the organisations they set up or actually control: foreign organisations
# and individuals holding, directly or indirectly, 50% or more. A party is
# foreign when any reason below applies; the reasons name the facts.

foreign_party(p) if count(foreign_party_reasons(p)) > 0

# All the reasons `p` is a foreign party, in this order: where it is, an
# individual's nationality, an organisation's headquarters, its owners
# outside mainland China holding 50% or more together. Missing facts count
# against the party: no `country`, or an individual without a `nationality`,
# is foreign.
foreign_party_reasons(p) := [c.text | some c in _foreign_candidates(p); c.applies]

# Each candidate's "applies" is a boolean, so that every candidate is
# defined and the list keeps its order.
_foreign_candidates(p) := [
	{
		"applies": _outside_mainland(object.get(p, "country", "")),
		"text": sprintf("country %s", [object.get(p, "country", "")]),
	},
	{
		"applies": _outside_mainland(object.get(p, "nationality", "")),
		"text": sprintf("nationality %s", [object.get(p, "nationality", "")]),
	},
] if {
	_individual(p)
} else := [
	{
		"applies": _outside_mainland(object.get(p, "country", "")),
		"text": sprintf("country %s", [object.get(p, "country", "")]),
	},
	{
		"applies": _headquarters_outside_mainland(p),
		"text": sprintf("headquarters %s", [object.get(p, "headquarters", "")]),
	},
	{
		"applies": _share_outside_mainland(p) >= defs.ownership_threshold_percent,
		"text": sprintf("owned %v%% from outside mainland China", [_share_outside_mainland(p)]),
	},
]

# A country code (or "" for a missing one) outside mainland China; false,
# not undefined, for CN.
default _outside_mainland(_) := false

_outside_mainland(code) if not mainland_china(code)

# An organisation without `headquarters` is judged by its country and owners.
default _headquarters_outside_mainland(_) := false

_headquarters_outside_mainland(p) if _outside_mainland(p.headquarters)

# Percentage held, in total, by owners whose `country` is not CN.
_share_outside_mainland(p) := sum([o.share | some o in _owners(p); not mainland_china(o.country)])

# --- Chinese items, HGR material and information ----------------------------

# Chinese items: collected from residents of mainland China, or in a study
# that originates there (HK and MO are outside the HGR rules).
chinese(item) if mainland_china(subjects[item.subjects].residence)

chinese(_) if mainland_china(_study.origin_country)

hgr_material(item) if {
	material(item)
	chinese(item)
	not item.type in defs.hgr_material_exclusions
}

hgr_information(item) if {
	data_item(item)
	chinese(item)
	item.category in defs.hgr_information_categories
}

# --- Chinese personal information (PIPL) ------------------------------------

# A data item of Chinese subjects that is not anonymised (PIPL Art. 4:
# anonymised information is not personal information).
chinese_personal_information(item) if {
	data_item(item)
	chinese(item)
	not item.identifiability in _china.not_personal_identifiability
}

# Sensitive personal information (PIPL Art. 28), by the item's category;
# the rest of Chinese personal information is ordinary.
sensitive(item) if {
	data_item(item)
	item.category in _china.sensitive_categories
}

# PIPL Art. 38: a transfer of Chinese personal information from a source in
# mainland China to a party outside it (HK, MO and TW count as outside).
# Remote access from abroad is not modelled as an export.
export(t) if {
	chinese_personal_information(items[t.item])
	mainland_china(source_country(t))
	not mainland_china(parties[t.to].country)
}
