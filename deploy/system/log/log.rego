# METADATA
# title: Decision-log mask for helixgate decisions
# description: |
#   OPA evaluates `mask` on every decision-log event before the event leaves
#   the server (decision_logs.mask_decision, by default /system/log/mask). An
#   audit trail needs which manifest was decided, when, by which policy
#   revision, with which outcome and which rules; it must not carry the
#   personal and commercial detail of the manifests. So, for the helixgate
#   entry points, the input and the result are replaced by what is kept:
#   each manifest's metadata.id, the evaluation date, the profile, each
#   waiver's rule, manifest, transfer and expiry; each result's manifest,
#   decision, policy revision and obligations, and each finding's rule,
#   level, transfer and pointer. Gone: subjects, materials, data, parties
#   (names, owners, countries), consent, study details, the findings'
#   messages and reasons (which quote the manifest), waiver reasons and
#   approvers. Any other path keeps neither input nor result, except the
#   pack's metadata.
package system.log

decision_paths := {"helixgate/main/results", "helixgate/main/result"}

# METADATA
# title: The decision-log mask
# description: What each decision-log event keeps of its input and result.
# scope: document
# entrypoint: true
mask contains {"op": "upsert", "path": "/input", "value": kept_input} if {
	input.path in decision_paths
	input.input
}

mask contains {"op": "upsert", "path": "/result", "value": kept_result} if {
	input.path in decision_paths
	input.result
}

mask contains "/input" if not input.path in decision_paths

mask contains "/result" if {
	not input.path in decision_paths
	input.path != "helixgate/meta"
}

kept_input["manifests"] := [kept_manifest(m) | some m in input.input.manifests]

kept_input["manifest"] := kept_manifest(input.input.manifest)

kept_input["context"] := kept_context if input.input.context

kept_manifest(m) := {"metadata": {"id": m.metadata.id}} if is_string(m.metadata.id)

else := {}

kept_context[key] := input.input.context[key] if some key in {"as_of", "profile"}

kept_context["waivers"] := [kept_fields(w, {"rule", "manifest", "transfer", "expires_on"}) |
	some w in input.input.context.waivers
]

kept_result := [kept_decision(r) | some r in input.result] if input.path == "helixgate/main/results"

kept_result := kept_decision(input.result) if input.path == "helixgate/main/result"

kept_decision(r) := object.union(
	kept_fields(r, {"manifest", "decision", "policy_revision", "obligations"}),
	{"findings": [kept_fields(f, {"rule", "level", "transfer", "pointer"}) | some f in r.findings]},
)

# The named fields of an object that it has; {} for anything that is not one.
kept_fields(x, names) := {name: x[name] | some name in names; x[name] != null} if is_object(x)

else := {}
