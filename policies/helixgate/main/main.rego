# METADATA
# title: helixgate decision
# description: |
#   Gathers the findings of every rule package, dresses them from the rule
#   catalogue, and answers one result per manifest (`result`) or per manifest
#   of a batch, in input order (`results`).
package helixgate.main

import data.helixgate.company
import data.helixgate.doj
import data.helixgate.fda
import data.helixgate.nih

catalogue := data.helixgate.catalogue.rules

_raw contains f if some f in fda.findings

_raw contains f if some f in nih.findings

_raw contains f if some f in doj.findings

_raw contains f if some f in company.findings

# A finding as reported: the rule's catalogue entry gives level, title,
# citation and remediation. A rule missing from the catalogue keeps its
# finding undressed: the wrapper refuses a finding without a level as an
# engine error instead of losing it.
_dressed(f) := object.union(object.remove(f, ["order"]), {
	"level": rule.level,
	"title": rule.title,
	"citation": {"source": rule.source, "text": rule.citation},
	"remediation": rule.remediation,
}) if {
	rule := catalogue[f.rule]
} else := object.remove(f, ["order"])

# Sorted by transfer index (findings without a transfer first), then rule id;
# the rest of the key only makes the order total.
findings := [_dressed(key[4]) | some key in sort([[f.order, f.rule, object.get(f, "party", ""), f.message, f] | some f in _raw])]

counted_levels := {"deny", "review", "info"}

_standing := [f | some f in findings; f.level in counted_levels]

decision := "deny" if {
	some f in _standing
	f.level == "deny"
} else := "review" if {
	some f in _standing
	f.level == "review"
} else := "allow"

obligations := sort({catalogue[f.rule].obligation |
	some f in _standing
	catalogue[f.rule].obligation
})

result := {
	"manifest": input.manifest.metadata.id,
	"decision": decision,
	"findings": findings,
	"obligations": obligations,
	"policy_revision": data.helixgate.meta.revision,
}

# One result per manifest of `input.manifests`, in input order, each the same
# as `result` would give for that manifest alone.
results := [r |
	some m in input.manifests
	r := result with input.manifest as m
]
