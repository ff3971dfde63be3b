# METADATA
# title: helixgate decision
# description: |
#   Gathers the findings of every rule package, dresses them from the rule
#   catalogue, and answers one result per manifest (`result`) or per manifest
#   of a batch, in input order (`results`).
package helixgate.main

import data.helixgate.bio
import data.helixgate.company
import data.helixgate.doj
import data.helixgate.facts
import data.helixgate.fda
import data.helixgate.hgr
import data.helixgate.inputs
import data.helixgate.lib
import data.helixgate.nih
import data.helixgate.pipl
import data.helixgate.signoffs
import data.helixgate.waivers

catalogue := data.helixgate.catalogue.rules

_raw contains f if some f in fda.findings

_raw contains f if some f in nih.findings

_raw contains f if some f in doj.findings

_raw contains f if some f in bio.findings

_raw contains f if some f in company.findings

_raw contains f if some f in hgr.findings

_raw contains f if some f in waivers.findings

_raw contains f if some f in signoffs.findings

_raw contains f if some f in inputs.findings

_raw contains f if some f in pipl.findings

_rank := data.helixgate.catalogue.levels

# The level of a rule for this question: the catalogue's, unless the profile
# in `input.context` sets another that it may set (raise any rule; lower or
# switch off only a waivable one). A profile entry it may not set is ignored
# here; the wrapper refuses such a profile before asking.
level_of(rule_id) := level if {
	level := input.context.profile.rules[rule_id]
	_may_set(rule_id, level)
} else := catalogue[rule_id].level

_may_set(rule_id, level) if _rank[level] >= _rank[catalogue[rule_id].level]

_may_set(rule_id, level) if {
	catalogue[rule_id].waivable
	_rank[level]
}

# A finding as reported: the rule's catalogue entry gives level, title,
# citation and remediation. A rule missing from the catalogue keeps its
# finding undressed: the wrapper refuses a finding without a level as an
# engine error instead of losing it.
_dressed(f) := object.union(object.remove(f, ["order"]), object.union(
	{
		"level": level_of(f.rule),
		"title": rule.title,
		"citation": {"source": rule.source, "text": rule.citation},
		"remediation": rule.remediation,
	},
	_waived(f),
)) if {
	rule := catalogue[f.rule]
} else := object.remove(f, ["order"])

_waived(f) := {"level": "waived", "waiver": waivers.summary(w)} if {
	w := waivers.waiver_for(f)
} else := _signed_off(f)

# A review finding (at the level the profile gives) that a valid sign-off
# covers; a waiver, if one covers it too, comes first.
_signed_off(f) := {"level": "signed_off", "signoff": signoffs.summary(s)} if {
	level_of(f.rule) == "review"
	s := signoffs.signoff_for(f)
} else := {}

# A sign-off never clears a deny finding: each one that meets a deny finding
# not waived is ignored with HG-SIGNOFF-001.
_signoffs_ignored := signoffs.ignored({f |
	some f in _raw
	level_of(f.rule) == "deny"
	not waivers.waiver_for(f)
})

# Sorted by transfer index (findings without a transfer first), then rule id;
# the rest of the key only makes the order total. Rules the profile switched
# off are left out.
_rule_findings := [_dressed(key[4]) |
	some key in sort([[f.order, f.rule, object.get(f, "party", ""), f.message, f] | some f in (_raw | _signoffs_ignored)])
	not switched_off(key[1])
]

# History the wrapper could not read or validate (policy-pack-v2, 1
# Members): the counts across manifests may be low, so a manifest that is
# not denied anyway is reviewed. No profile lowers it; no waiver covers it.
_incomplete := object.get(input, ["context", "portfolio", "incomplete"], [])

_portfolio_finding := object.union(
	lib.finding("HG-PORTFOLIO-001", -1, "", sprintf(
		"the counts across manifests may be low: history that could not be read or validated: %s",
		[concat(", ", sort(_incomplete))],
	)),
	{
		"level": catalogue["HG-PORTFOLIO-001"].level,
		"title": catalogue["HG-PORTFOLIO-001"].title,
		"citation": {"source": catalogue["HG-PORTFOLIO-001"].source, "text": catalogue["HG-PORTFOLIO-001"].citation},
		"remediation": catalogue["HG-PORTFOLIO-001"].remediation,
	},
)

findings := array.concat([object.remove(_portfolio_finding, ["order"])], _rule_findings) if {
	count(_incomplete) > 0
	not _denied
} else := _rule_findings

_denied if {
	some f in _rule_findings
	f.level == "deny"
}

switched_off(rule_id) if level_of(rule_id) == "off"

counted_levels := {"deny", "review", "info"}

_standing := [f | some f in findings; f.level in counted_levels]

decision := "deny" if {
	some f in _standing
	f.level == "deny"
} else := "review" if {
	some f in _standing
	f.level == "review"
} else := "allow"

# A signed-off finding no longer counts, but what it obliges still holds.
obligations := sort({catalogue[f.rule].obligation |
	some f in findings
	f.level in (counted_levels | {"signed_off"})
	catalogue[f.rule].obligation
})

# Which waivers and sign-offs (indexes in input.context) meet a finding of
# this manifest: the wrapper reports those that meet none in the run.
controls_matched := {
	"waivers": waivers.matched(_raw),
	"signoffs": signoffs.matched(_raw),
}

# METADATA
# title: The result for one manifest
# description: |
#   Input {"manifest": {...}, "context": {...}}: the manifest's id, decision,
#   findings, obligations, the pack's revision and the facts of each
#   transfer (helixgate.facts).
# entrypoint: true
result := {
	"manifest": input.manifest.metadata.id,
	"decision": decision,
	"findings": findings,
	"obligations": obligations,
	"controls_matched": controls_matched,
	"policy_revision": data.helixgate.meta.revision,
	"facts": facts.result,
}

# METADATA
# title: The results for a batch
# description: |
#   Input {"manifests": [...], "context": {...}}: one result per manifest, in
#   input order, each the same as `result` would give for that manifest alone.
# entrypoint: true
results := [r |
	some m in input.manifests

	# `with input as` a fresh, small input for each manifest, not `with
	# input.manifest as m`: that patches the whole batch input for every
	# manifest, which made a batch quadratic in its size (a performance fix;
	# `make bench` measures it). What the manifests share is computed once,
	# here, and handed to each (`_batch`).
	r := result with input as {"manifest": m, "context": object.get(input, "context", {})}
		with data.helixgate.batch as _batch
]

# What the counts of a batch's manifests share, computed once per batch
# (helixgate.lib, Batches).
_batch := {"doj": doj.batch_view, "pipl": pipl.batch_view}

# METADATA
# title: The counting entries of a batch
# description: |
#   Input {"manifests": [...], "context": {...}}: for each manifest, in input
#   order, what the DOJ counts need of it (data.helixgate.doj.entries). A
#   caller gathers the entries of every manifest of its portfolio and sends
#   them with each `results` question in context.portfolio.entries, marking
#   those of manifests it does not report with "history": true.
# entrypoint: true
entries := [e |
	some m in input.manifests
	e := array.concat(doj.entries, pipl.entries) with input as {"manifest": m, "context": object.get(input, "context", {})}
]
