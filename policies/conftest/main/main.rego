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

result := r if {
	r := data.helixgate.main.result with input as {"manifest": input, "context": context}
}

_message(f) := sprintf("%s: %s (%s)", [f.rule, f.message, f.pointer]) if f.pointer != ""

else := sprintf("%s: %s", [f.rule, f.message])

# METADATA
# title: conftest's failures
# description: |
#   "RULE: message (pointer)" for each finding of level deny; a deny as well
#   for a claimed manifest without a decision, and for a finding without a
#   level from the rule catalogue.
# scope: document
# entrypoint: true
deny contains _message(f) if {
	some f in result.findings
	f.level == "deny"
}

# METADATA
# title: conftest's warnings
# description: '"RULE: message (pointer)" for each finding of level review.'
# entrypoint: true
warn contains _message(f) if {
	some f in result.findings
	f.level == "review"
}

# Fail closed: a document that claims to be a helixgate manifest is never
# passed without a decision (the pack or its data not loaded, e.g. `--data
# policies/helixgate` instead of `--data policies`, or no metadata.id).
claims_manifest if input.apiVersion == "helixgate/v1"

claims_manifest if input.kind == "TransferManifest"

deny contains "HG-CONFTEST: no helixgate decision for this document: load the pack with --policy policies/helixgate --data policies, and validate the manifest with helixgate check" if {
	claims_manifest
	not result
}

# A finding without a known level means the rule catalogue is not loaded.
deny contains sprintf("%s: finding without a level from the rule catalogue (load it with --data policies)", [f.rule]) if {
	some f in result.findings
	not _known_level(f)
}

_known_level(f) if f.level in {"deny", "review", "info", "waived"}
