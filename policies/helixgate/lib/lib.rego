# METADATA
# title: helixgate shared notions
# description: |
#   The derived notions of manifest-v1.md ("Derived notions the policies use"),
#   defined once. Every rule package builds on these; none recomputes them.
package helixgate.lib

# The manifest under evaluation. `helixgate.main.results` asks about each
# manifest of a batch with an input of its own.
manifest := input.manifest

_lists := data.helixgate.lists

defs := data.helixgate.lists.definitions

# --- Lists (policy data, never literals) ------------------------------------
#
# An organisation profile travels in `input.context.profile` (never as data in
# OPA): it may replace the trusted countries and add countries and entities of
# concern, never remove one. A country of concern is never trusted, whatever
# a profile says.

_profile_lists := object.get(input, ["context", "profile", "lists"], {})

_countries_of_concern := {c | some c in _lists.countries_of_concern.codes} | {c |
	some c in object.get(_profile_lists, "countries_of_concern_extra", [])
}

_trusted_listed := {c | some c in object.get(_profile_lists, "trusted_countries", _lists.trusted_countries.codes)}

# A trusted United States is trusted with its territories.
_trusted_territories := _united_states if defs.united_states in _trusted_listed

else := set()

trusted_countries := {c |
	some c in (_trusted_listed | _trusted_territories)
	not c in _countries_of_concern
}

security_certifications := {c | some c in _lists.security_certifications.names}

_letter_folds := _lists.letter_folds.folds

# Every key an entity of concern is matched by: the pack's entries, and the
# names a profile adds (with the wrapper's keys for them, when it sends them).
_entities_of_concern := ({k |
	some e in _lists.entities_of_concern.entities
	some k in name_keys(e)
} | {k |
	some name in object.get(_profile_lists, "entities_of_concern_extra", [])
	some k in name_keys({"name": name})
}) | {k |
	some k in object.get(_profile_lists, "entities_of_concern_extra_keys", [])
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
_computed_name_key(name) := regex.replace(
	lower(concat("", [object.get(_letter_folds, c, c) | some c in split(name, "")])),
	`[\p{Cf}\p{Mn}\p{P}\p{Z}\s\v\x{1c}-\x{1f}\x{85}]+`,
	"",
)

# The keys a party, owner, sponsor, employer or list entry is matched by.
name_keys(named) := {k |
	some k in [object.get(named, "name_key", ""), object.get(named, "key", ""), _computed_name_key(named.name)]
	k != ""
}

# --- Indexes over the manifest ----------------------------------------------

_materials := object.get(manifest, "materials", [])

_datasets := object.get(manifest, "data", [])

transfers := manifest.transfers

# Whole objects built once per question: a lookup in them is a map access,
# where a partial rule `subjects[s.id] := s if ...` would be searched again
# at every lookup (quadratic in manifests with many transfers).
subjects := {s.id: s | some s in manifest.subjects}

parties := {p.id: p | some p in manifest.parties}

items := object.union(
	{m.id: object.union(m, {"kind": "material"}) | some m in _materials},
	{d.id: object.union(d, {"kind": "data"}) | some d in _datasets},
)

# --- Study ------------------------------------------------------------------

_study := manifest.study

# The study's FDA application (IND, IDE or BLA, with its status), present
# if and only if the study is FDA-regulated.
fda_application := _study.fda

_funding := {f | some f in object.get(_study, "funding", [])}

# 28 CFR 202.504: transactions under a U.S. Government grant or contract.
federally_funded if {
	some f in defs.federal_funding
	f in _funding
}

nih_funded if {
	some f in defs.nih_funding
	f in _funding
}

fda_new if fda_application.status in defs.fda_new_statuses

fda_ongoing if fda_application.status in defs.fda_ongoing_statuses

# An FDA application that is not closed: inside the FDA rules and the
# 202.511 exemption from the DOJ rules.
fda_in_scope if fda_new

fda_in_scope if fda_ongoing

# --- Subjects and items -----------------------------------------------------

material(item) if item.kind == "material"

data_item(item) if item.kind == "data"

# Every material, and data whose category is an 'omic one.
genetic(item) if material(item)

genetic(item) if {
	data_item(item)
	item.category in defs.omic_categories
}

# Chinese items, HGR material and information: lib/china.rego.

# --- Dates ------------------------------------------------------------------
#
# policy-pack-v2, "Dates": the pack computes with real days written
# YYYY-MM-DD from dates.first to dates.last. OPA's time functions stop in
# 1677 and 2262, so the range is checked on the text before time.parse_ns
# sees it.

dates := _lists.dates

valid_date(value) if {
	is_string(value)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, value)
	value >= dates.first
	value <= dates.last
	is_number(time.parse_ns("2006-01-02", value))
}

# --- Findings ---------------------------------------------------------------
#
# Every finding of every rule package is made here. `order` sorts it: the
# index of its transfer, -1 for a finding about the manifest as a whole.
# `pointer` is the JSON pointer of what the fix goes into ("" for none).

finding(rule, order, pointer, message) := {
	"rule": rule,
	"order": order,
	"pointer": pointer,
	"reasons": [],
	"message": message,
}

# A finding about transfer i: its transfer, item and receiving party, with
# the reasons that party has ties of concern.
transfer_finding(rule, i, t, message) := object.union(finding(rule, i, sprintf("/transfers/%d", [i]), message), {
	"transfer": t.id,
	"item": t.item,
	"party": t.to,
	"reasons": reasons_of[t.to],
})
