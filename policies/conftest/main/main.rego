# METADATA
# title: conftest entry point
# description: |
#   For conftest users (not part of the pack helixgate asks):
#     conftest test --policy policies/conftest --policy policies/helixgate --data policies studies/
#   conftest passes each parsed document as `input`; this package asks the
#   pack's `data.helixgate.main.result` about it and turns the findings into
#   conftest's `deny` (findings of level deny) and `warn` (level review), as
#   "RULE: message (pointer)". Info and waived findings are not reported.
#   conftest validates nothing: run `helixgate check` for the schema, the
#   reference checks, profiles and waivers.
package main

# The question about one document: today (UTC) as the evaluation date, as
# `helixgate check` does by default, and the default pack (no profile, no
# waivers: conftest has nowhere to read or validate them).
context := {
	"as_of": time.format([time.now_ns(), "UTC", "2006-01-02"]),
	"profile": {},
	"waivers": [],
}

# --combine gives every file at once, an array of {path, contents} (a
# multi-document file's contents an array of its documents); without it,
# conftest asks about one document at a time.
combined if is_array(input)

# [path, document] of each document: one, or every one of a combined run.
_documents := [["", input]] if not combined

_documents := [[f.path, d] | some f in input; some d in _contents(f.contents)] if combined

_contents(c) := c if is_array(c)

_contents(c) := [c] if not is_array(c)

_claims(d) if d.apiVersion == "helixgate/v1"

_claims(d) if d.kind == "TransferManifest"

_manifests := [[path, d] | some [path, d] in _documents; _claims(d)]

# With --combine the manifests count together (policy-pack-v2, 1): all are
# asked in one batch with the counting entries of all of them, as helixgate
# check asks, so that what they share is counted once.
_portfolio := {"entries": [e |
	some found in data.helixgate.main.entries with input as {"manifests": [m | some [_, m] in _manifests], "context": context}
	some e in found
]} if combined

_context := object.union(context, {"portfolio": _portfolio}) if combined

else := context

# The indexes in _manifests of those that can be asked about (a result
# names its manifest by id).
_asked := [i | some i, [_, m] in _manifests; m.metadata.id]

_answers := found if {
	found := data.helixgate.main.results with input as {"manifests": [_manifests[i][1] | some i in _asked], "context": _context}
}

# [path, result] of each manifest that has a decision; none when the pack
# answers for fewer than it was asked about (it or its data is missing).
_results := [[_manifests[_asked[n]][0], r] | some n, r in _answers] if count(_answers) == count(_asked)

else := []

_decided := {_asked[n] | some n, _ in _results}

# The first result (the only one without --combine), for callers that ask
# about one document.
result := _results[0][1]

_where(path, r) := sprintf("%s %s: ", [path, r.manifest]) if combined

else := ""

_message(path, r, f) := sprintf("%s%s: %s (%s)", [_where(path, r), f.rule, f.message, f.pointer]) if f.pointer != ""

else := sprintf("%s%s: %s", [_where(path, r), f.rule, f.message])

# METADATA
# title: conftest's failures
# description: |
#   "RULE: message (pointer)" for each finding of level deny; a deny as well
#   for a claimed manifest without a decision, and for a finding without a
#   level from the rule catalogue.
# scope: document
# entrypoint: true
deny contains _message(path, r, f) if {
	some [path, r] in _results
	some f in r.findings
	f.level == "deny"
}

# METADATA
# title: conftest's warnings
# description: '"RULE: message (pointer)" for each finding of level review.'
# entrypoint: true
warn contains _message(path, r, f) if {
	some [path, r] in _results
	some f in r.findings
	f.level == "review"
}

# File by file, the DOJ counts see one file: say so (policy-pack-v2, 1).
combine_warning := "HG-CONFTEST: the DOJ counts add up transfers across manifests; run conftest test --combine to count across files"

warn contains combine_warning if {
	not combined
	count(_manifests) > 0
}

# Fail closed: a document that claims to be a helixgate manifest is never
# passed without a decision (the pack or its data not loaded, e.g. `--data
# policies/helixgate` instead of `--data policies`, or no metadata.id).
deny contains sprintf("%sHG-CONFTEST: no helixgate decision for this document: load the pack with --policy policies/helixgate --data policies, and validate the manifest with helixgate check", [_prefix(path)]) if {
	some i, [path, _] in _manifests
	not i in _decided
}

_prefix(path) := sprintf("%s: ", [path]) if combined

else := ""

# A finding without a known level means the rule catalogue is not loaded.
deny contains sprintf("%s: finding without a level from the rule catalogue (load it with --data policies)", [f.rule]) if {
	some [_, r] in _results
	some f in r.findings
	not _known_level(f)
}

_known_level(f) if f.level in {"deny", "review", "info", "waived"}
