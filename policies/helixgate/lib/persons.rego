# helixgate.lib, persons: who is American, who is in the United States, who
# is a U.S. person and who is a covered person (28 CFR 202.211, 202.256,
# 202.257; policy-pack-v2, 2 "Who is a covered person"), for organisations
# and individuals, defined once.
package helixgate.lib

# --- The United States ------------------------------------------------------
#
# 28 CFR 202.257: the United States includes its territories and possessions
# (lists/united_states), everywhere the pack says US.

_united_states := {c | some c in _lists.united_states.codes}

# The country `code` is in the United States: a state or a territory.
in_united_states(code) if code in _united_states

# --- Subjects ---------------------------------------------------------------

# American subjects: U.S. nationals or U.S. residents, territories included.
_american_group(g) if in_united_states(g.nationality)

_american_group(g) if in_united_states(g.residence)

american(item) if _american_group(subjects[item.subjects])

# --- Parties ----------------------------------------------------------------

concern_country(code) if code in _countries_of_concern

# policy-pack-v2: `kind: individual` is a natural person; a party without a
# kind is an organisation.
_individual(p) if p.kind == "individual"

_owners(p) := object.get(p, "owners", [])

# Shares are percentages: all of a party's shares.
_all_shares := 100

# A party, owner or employer whose name is on the entities-of-concern list;
# false, not undefined, when it is not (it is one of the tie reasons).
default named_entity_of_concern(_) := false

named_entity_of_concern(named) if {
	some k in name_keys(named)
	k in _entities_of_concern
}

# The keys each party of the manifest is matched by, computed once.
_party_name_keys := {p.id: name_keys(p) | some p in manifest.parties}

# `named` (an owner or an employer) is the party `id` of the manifest: by
# party id, by LEI or by matching name.
_is_party(named, id) if named.party == id

_is_party(named, id) if named.lei == parties[id].lei

_is_party(named, id) if {
	some k in name_keys(named)
	k in _party_name_keys[id]
}

# Covered persons are found level by level (Rego has no recursion): `known`
# is the set of parties of the manifest found covered so far. Each notion
# below is monotone in `known`, and level 0 starts from no party at all, so a
# cycle of owners never makes a party covered on its own.

# 202.211(a)(2): an owner from a country of concern, named on the entities
# list, or a covered party of the manifest.
_owner_of_concern(o, _) if concern_country(o.country)

_owner_of_concern(o, _) if named_entity_of_concern(o)

_owner_of_concern(o, known) if {
	some id in known
	_is_party(o, id)
}

# Percentage held, in total, by owners of concern.
_share_of_concern_knowing(p, known) := sum([o.share | some o in _owners(p); _owner_of_concern(o, known)])

# 202.211(a)(3): an employer that is a covered party or a named entity.
default _employer_of_concern(_, _) := false

_employer_of_concern(e, _) if named_entity_of_concern(e)

_employer_of_concern(e, known) if {
	some id in known
	_is_party(e, id)
}

# The employer as a reason names it: its party id, else its name.
_employer_label(e) := object.get(e, "party", object.get(e, "name", ""))

# The reasons a party has ties of concern, all that apply, in the order
# policy-pack-v1 gives ("Where a finding points") for an organisation and
# policy-pack-v2 (2) for an individual; never an individual's nationality.
_tie_reasons_knowing(p, known) := [c.text | some c in _reason_candidates(p, known); c.applies]

# Each candidate's "applies" is a boolean, so that every candidate is
# defined and the order of the list is the order of the reasons.
_reason_candidates(p, known) := [
	{
		"applies": p.country in _countries_of_concern,
		"text": sprintf("country %s", [p.country]),
	},
	{
		"applies": object.get(p, "residence", "") in _countries_of_concern,
		"text": sprintf("residence %s", [object.get(p, "residence", "")]),
	},
	{
		"applies": _employer_of_concern(object.get(p, "employer", {}), known),
		"text": sprintf("employee of %s", [_employer_label(object.get(p, "employer", {}))]),
	},
	{
		"applies": named_entity_of_concern(p),
		"text": "named entity of concern",
	},
] if {
	_individual(p)
} else := [
	{
		"applies": p.country in _countries_of_concern,
		"text": sprintf("country %s", [p.country]),
	},
	{
		"applies": object.get(p, "headquarters", "") in _countries_of_concern,
		"text": sprintf("headquarters %s", [object.get(p, "headquarters", "")]),
	},
	{
		"applies": object.get(p, "incorporated_in", "") in _countries_of_concern,
		"text": sprintf("incorporated in %s", [object.get(p, "incorporated_in", "")]),
	},
	{
		"applies": _share_of_concern_knowing(p, known) >= defs.ownership_threshold_percent,
		"text": sprintf("owned %v%% from countries of concern", [_share_of_concern_knowing(p, known)]),
	},
	{
		"applies": named_entity_of_concern(p),
		"text": "named entity of concern",
	},
]

# Under whose law an organisation is organised; a branch gives its parent's.
_jurisdiction(p) := object.get(p, "incorporated_in", p.country)

# 28 CFR 202.256: an organisation organised under U.S. law (a U.S. company's
# foreign branch is one; its foreign subsidiary is not; a foreign company's
# U.S. branch is not; its U.S. subsidiary is); an individual in the United
# States, or a U.S. citizen or national wherever located (a Chinese or
# Russian citizen in the United States is one, 202.211 example 2).
us_person(p) if {
	not _individual(p)
	in_united_states(_jurisdiction(p))
}

us_person(p) if {
	_individual(p)
	in_united_states(p.country)
}

us_person(p) if {
	_individual(p)
	in_united_states(p.nationality)
}

# The DOJ test (28 CFR 202.211), given the parties known to be covered.
# (a)(5): a named entity, whoever and wherever it is.
_covered_knowing(p, _) if named_entity_of_concern(p)

# (a)(1), (a)(2): a foreign organisation with ties of concern.
_covered_knowing(p, known) if {
	not _individual(p)
	not us_person(p)
	count(_tie_reasons_knowing(p, known)) > 0
}

# (a)(4): a foreign individual primarily resident in a country of concern.
_covered_knowing(p, _) if {
	_individual(p)
	not us_person(p)
	concern_country(p.residence)
}

# (a)(3): a foreign individual employed by a covered party or named entity.
_covered_knowing(p, known) if {
	_individual(p)
	not us_person(p)
	_employer_of_concern(object.get(p, "employer", {}), known)
}

# The parties covered through chains of at most k links (an owner or an
# employer that is a party of the manifest). Chains are followed to a depth of
# 5 (policy-pack-v2, 2; the wrapper refuses deeper chains through
# owners[].party): the reasons and the test below take the parties of 4 links,
# and so give those of 5.
_covered_0 := {p.id | some p in manifest.parties; _covered_knowing(p, set())}

_covered_1 := {p.id | some p in manifest.parties; _covered_knowing(p, _covered_0)}

_covered_2 := {p.id | some p in manifest.parties; _covered_knowing(p, _covered_1)}

_covered_3 := {p.id | some p in manifest.parties; _covered_knowing(p, _covered_2)}

_covered_4 := {p.id | some p in manifest.parties; _covered_knowing(p, _covered_3)}

_tie_reasons(p) := _tie_reasons_knowing(p, _covered_4)

_share_of_concern(p) := _share_of_concern_knowing(p, _covered_4)

_ties_of_concern(p) if count(_tie_reasons(p)) > 0

_covered_party(p) if _covered_knowing(p, _covered_4)

# Where the party is: a state or a territory of the United States.
located_in_united_states(p) if in_united_states(p.country)

# The NIH test: a location test.
located_in_country_of_concern(p) if concern_country(p.country)

# The FDA test: foreign laboratories only, whoever owns them.
_party_of_concern(p) if {
	not located_in_united_states(p)
	_covered_party(p)
}

_party_of_concern(p) if {
	not located_in_united_states(p)
	located_in_country_of_concern(p)
}

# The percentage of an organisation's ownership its `owners` leave out.
undisclosed_share(p) := _all_shares - sum([o.share | some o in _owners(p)])

# An organisation that is not a U.S. person, has no ties by the facts given
# and no headquarters, and whose undisclosed ownership, with its owners of
# concern, could still reach the ownership test. An individual, who has a
# nationality and a residence, never is.
undetermined(p) if {
	not _individual(p)
	not us_person(p)
	not _ties_of_concern(p)
	not p.headquarters
	_share_of_concern(p) + undisclosed_share(p) >= defs.ownership_threshold_percent
}

# --- Per-party notions, once per question ------------------------------------
#
# The functions above define each notion for any party; these rules evaluate
# them once for each party of the manifest (rules are evaluated once per
# question, functions at every call), for the rule packages to look up by id.

reasons_of[p.id] := _tie_reasons(p) if some p in manifest.parties

tied contains id if {
	some id, reasons in reasons_of
	count(reasons) > 0
}

covered contains p.id if {
	some p in manifest.parties
	_covered_party(p)
}

of_concern contains p.id if {
	some p in manifest.parties
	_party_of_concern(p)
}
