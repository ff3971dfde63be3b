# METADATA
# title: helixgate shared notions
# description: |
#   The derived notions of manifest-v1.md ("Derived notions the policies use"),
#   defined once. Every rule package builds on these; none recomputes them.
package helixgate.lib

# The manifest under evaluation. `helixgate.main.results` binds it for each
# manifest of a batch with `with input.manifest as ...`.
manifest := input.manifest

lists := data.helixgate.lists

defs := data.helixgate.lists.definitions

# --- Lists (policy data, never literals) ------------------------------------
#
# An organisation profile travels in `input.context.profile` (never as data in
# OPA): it may replace the trusted countries and add countries and entities of
# concern, never remove one. A country of concern is never trusted, whatever
# a profile says.

profile_lists := object.get(input, ["context", "profile", "lists"], {})

countries_of_concern := {c | some c in lists.countries_of_concern.codes} | {c |
	some c in object.get(profile_lists, "countries_of_concern_extra", [])
}

trusted_countries := {c |
	some c in object.get(profile_lists, "trusted_countries", lists.trusted_countries.codes)
	not c in countries_of_concern
}

security_certifications := {c | some c in lists.security_certifications.names}

letter_folds := lists.letter_folds.folds

# Every key an entity of concern is matched by: the pack's entries, and the
# names a profile adds (with the wrapper's keys for them, when it sends them).
entities_of_concern := ({k |
	some e in lists.entities_of_concern.entities
	some k in name_keys(e)
} | {k |
	some name in object.get(profile_lists, "entities_of_concern_extra", [])
	some k in name_keys({"name": name})
}) | {k |
	some k in object.get(profile_lists, "entities_of_concern_extra_keys", [])
	k != ""
}

# --- Matching names ---------------------------------------------------------
#
# policy-pack-v2, "Matching names": names are compared by a key, the name in
# NFKC, case-folded, NFD, without format characters (zero-width space, soft
# hyphen, word joiner, BOM), combining marks, punctuation, separators and
# white space. Rego has no Unicode normalisation, so the wrapper computes the
# key and sends it beside the name (`name_key`; `key` on a list entry). Rego
# computes what it can as well, and a name matches by either key: a missing
# or a wrong key never hides a name.

# Fullwidth, mathematical, enclosed, accented and ligature Latin letters
# folded by the pack's table (lists/letter_folds), then lower case, without
# format characters, combining marks, punctuation, separators and white
# space: Go's unicode.IsSpace (`\v`, U+0085) and Python's str.isspace
# (U+001C to U+001F) included.
computed_name_key(name) := regex.replace(
	lower(concat("", [object.get(letter_folds, c, c) | some c in split(name, "")])),
	`[\p{Cf}\p{Mn}\p{P}\p{Z}\s\v\x{1c}-\x{1f}\x{85}]+`,
	"",
)

# The keys a party, owner, sponsor, employer or list entry is matched by.
name_keys(named) := {k |
	some k in [object.get(named, "name_key", ""), object.get(named, "key", ""), computed_name_key(named.name)]
	k != ""
}

# --- Indexes over the manifest ----------------------------------------------

materials := object.get(manifest, "materials", [])

datasets := object.get(manifest, "data", [])

transfers := manifest.transfers

# Whole objects built once per question: a lookup in them is a map access,
# where a partial rule `subjects[s.id] := s if ...` would be searched again
# at every lookup (quadratic in manifests with many transfers).
subjects := {s.id: s | some s in manifest.subjects}

parties := {p.id: p | some p in manifest.parties}

items := object.union(
	{m.id: object.union(m, {"kind": "material"}) | some m in materials},
	{d.id: object.union(d, {"kind": "data"}) | some d in datasets},
)

# --- Study ------------------------------------------------------------------

study := manifest.study

fda := study.fda

funding := {f | some f in object.get(study, "funding", [])}

# 28 CFR 202.504: transactions under a U.S. Government grant or contract.
federally_funded if {
	some f in defs.federal_funding
	f in funding
}

nih_funded if {
	some f in defs.nih_funding
	f in funding
}

fda_new if fda.status in defs.fda_new_statuses

fda_ongoing if fda.status in defs.fda_ongoing_statuses

# An FDA application that is not closed: inside the FDA rules and the
# 202.511 exemption from the DOJ rules.
fda_in_scope if fda_new

fda_in_scope if fda_ongoing

# --- Subjects and items -----------------------------------------------------

american_group(g) if g.nationality == defs.united_states

american_group(g) if g.residence == defs.united_states

american(item) if american_group(subjects[item.subjects])

material(item) if item.kind == "material"

data_item(item) if item.kind == "data"

# Every material, and data whose category is an 'omic one.
genetic(item) if material(item)

genetic(item) if {
	data_item(item)
	item.category in defs.omic_categories
}

# Chinese items: collected from residents of mainland China, or in a study
# that originates there (HK and MO are outside the HGR rules).
chinese(item) if subjects[item.subjects].residence == defs.hgr_jurisdiction

chinese(_) if study.origin_country == defs.hgr_jurisdiction

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

genetic_processing(purpose) if purpose in defs.genetic_processing_purposes

# --- Parties ----------------------------------------------------------------

concern_country(code) if code in countries_of_concern

owners(p) := object.get(p, "owners", [])

# A party, owner or employer whose name is on the entities-of-concern list;
# false, not undefined, when it is not (it is one of the tie reasons).
default named_entity_of_concern(_) := false

named_entity_of_concern(named) if {
	some k in name_keys(named)
	k in entities_of_concern
}

owner_of_concern(o) if concern_country(o.country)

owner_of_concern(o) if named_entity_of_concern(o)

# Percentage held, in total, by owners from countries of concern or named on
# the entities-of-concern list.
share_of_concern(p) := sum([o.share | some o in owners(p); owner_of_concern(o)])

# The reasons a party has ties of concern, all that apply, in the order
# policy-pack-v1 gives ("Where a finding points").
tie_reasons(p) := [c.text | some c in _reason_candidates(p); c.applies]

# Each candidate's "applies" is a boolean, so that every candidate is
# defined and the order of the list is the order of the reasons.
_reason_candidates(p) := [
	{
		"applies": p.country in countries_of_concern,
		"text": sprintf("country %s", [p.country]),
	},
	{
		"applies": object.get(p, "headquarters", "") in countries_of_concern,
		"text": sprintf("headquarters %s", [object.get(p, "headquarters", "")]),
	},
	{
		"applies": object.get(p, "incorporated_in", "") in countries_of_concern,
		"text": sprintf("incorporated in %s", [object.get(p, "incorporated_in", "")]),
	},
	{
		"applies": share_of_concern(p) >= defs.ownership_threshold_percent,
		"text": sprintf("owned %v%% from countries of concern", [share_of_concern(p)]),
	},
	{
		"applies": named_entity_of_concern(p),
		"text": "named entity of concern",
	},
]

ties_of_concern(p) if count(tie_reasons(p)) > 0

# Under whose law the party is organised; a branch gives its parent's.
jurisdiction(p) := object.get(p, "incorporated_in", p.country)

# 28 CFR 202.256: organised under U.S. law. A U.S. company's foreign branch
# is one; its foreign subsidiary is not; a foreign company's U.S. branch is
# not; its U.S. subsidiary is.
us_person(p) if jurisdiction(p) == defs.united_states

# The DOJ test (28 CFR 202.211).
covered_party(p) if {
	ties_of_concern(p)
	not us_person(p)
}

covered_party(p) if named_entity_of_concern(p)

located_in_united_states(p) if p.country == defs.united_states

# The NIH test: a location test.
located_in_country_of_concern(p) if concern_country(p.country)

# The FDA test: foreign laboratories only, whoever owns them.
party_of_concern(p) if {
	not located_in_united_states(p)
	covered_party(p)
}

party_of_concern(p) if {
	not located_in_united_states(p)
	located_in_country_of_concern(p)
}

# Not a U.S. person, no ties by the facts given, and nothing to run the
# ownership test on.
undetermined(p) if {
	not us_person(p)
	not ties_of_concern(p)
	not p.headquarters
	count(owners(p)) == 0
}

# --- Per-party notions, once per question ------------------------------------
#
# The functions above define each notion for any party; these rules evaluate
# them once for each party of the manifest (rules are evaluated once per
# question, functions at every call), for the rule packages to look up by id.

reasons_of[p.id] := tie_reasons(p) if some p in manifest.parties

tied contains id if {
	some id, reasons in reasons_of
	count(reasons) > 0
}

covered contains p.id if {
	some p in manifest.parties
	covered_party(p)
}

of_concern contains p.id if {
	some p in manifest.parties
	party_of_concern(p)
}

# --- Dates ------------------------------------------------------------------
#
# policy-pack-v2, "Dates": the pack computes with real days written
# YYYY-MM-DD from dates.first to dates.last. OPA's time functions stop in
# 1677 and 2262, so the range is checked on the text before time.parse_ns
# sees it.

dates := lists.dates

valid_date(value) if {
	is_string(value)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, value)
	value >= dates.first
	value <= dates.last
	is_number(time.parse_ns("2006-01-02", value))
}

# --- Transfers --------------------------------------------------------------

source_country(t) := parties[t.from].country

source_country(t) := study.origin_country if not t.from

cross_border(t) if parties[t.to].country != source_country(t)

onward(t) if t.from

# An item reaches every party it is transferred to, directly or through a
# chain of onward transfers of the same item: each transfer of the item is
# one hop, judged on its own destination.
reaches(item_id, party_id) if {
	some t in transfers
	t.item == item_id
	t.to == party_id
}

# A transfer's start in nanoseconds; undefined when its start_on is not a
# date the pack can compute with (HG-INPUT-001 denies then).
start_ns(t) := time.parse_ns("2006-01-02", t.start_on) if valid_date(t.start_on)

consent := object.get(manifest, "consent", {})

consent_names(country) if {
	consent.foreign_transfer_disclosed == true
	country in object.get(consent, "disclosed_countries", [])
}

# Plain words for messages: "material tcells", "data wgs".
item_label(item) := sprintf("%s %s", [item.kind, item.id])

# "transfer t2 sends material tcells (American subjects) onward from lab-de to lab-sz"
describe(t, item) := sprintf("transfer %s sends %s%s %s to %s", [
	t.id,
	item_label(item),
	_subjects_label(item),
	_route(t),
	t.to,
])

_subjects_label(item) := " (American subjects)" if american(item)

else := ""

_route(t) := sprintf("onward from %s", [t.from]) if onward(t)

else := "from the origin"

# The common fields of a finding about transfer i.
transfer_finding(rule, i, t, extra) := object.union(
	{
		"rule": rule,
		"order": i,
		"pointer": sprintf("/transfers/%d", [i]),
		"transfer": t.id,
		"item": t.item,
		"party": t.to,
		"reasons": reasons_of[t.to],
	},
	extra,
)
