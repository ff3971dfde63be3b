# METADATA
# title: Waivers
# description: |
#   Time-limited exceptions granted outside the manifest, carried in
#   `input.context.waivers` with the evaluation date `input.context.as_of`.
#   A valid waiver turns the findings it names into level `waived`; an expired
#   one does nothing and says so (HG-WAIVER-002); one for an FDA, NIH or DOJ
#   rule is ignored and says why (HG-WAIVER-001).
package helixgate.waivers

import data.helixgate.lib

catalogue := data.helixgate.catalogue.rules

_waivers := object.get(input, ["context", "waivers"], [])

# The waivers that name the manifest under evaluation, with their place in
# the waiver file; a waiver for another manifest never applies.
mine contains [i, w] if {
	some i, w in _waivers
	w.manifest == input.manifest.metadata.id
}

protected(w) if not catalogue[w.rule].waivable

# Expired when its last day is before the evaluation date. Without an
# evaluation date, or without an expiry date, no waiver can be shown valid.
expired(_) if not input.context.as_of

expired(w) if not w.expires_on

expired(w) if w.expires_on < input.context.as_of

valid(w) if {
	not protected(w)
	not expired(w)
}

_covers(w, _) if not w.transfer

_covers(w, f) if w.transfer == f.transfer

# The first valid waiver (in file order) that covers a finding.
waiver_for(f) := covering[0] if {
	covering := [w |
		some [_, w] in sort(mine)
		w.rule == f.rule
		valid(w)
		_covers(w, f)
	]
	count(covering) > 0
}

# What a waived finding reports of its waiver.
summary(w) := object.filter(w, ["reason", "approved_by", "expires_on", "transfer"])

_name(i, w) := sprintf("waiver %d (%s%s, approved by %s)", [i + 1, w.rule, _scope(w), w.approved_by])

_scope(w) := sprintf(", transfer %s", [w.transfer]) if w.transfer

else := ""

_why_protected(w) := "it names a rule that does not exist" if {
	not catalogue[w.rule]
} else := sprintf("%s findings cannot be waived (%s)", [w.rule, catalogue[w.rule].source])

# Where a finding about the waiver at index i stands: the wrapper places it
# on the waiver's entry in its file.
control(i) := {"control": {"kind": "waivers", "index": i}}

# The indexes of the waivers that meet one of `fs` (any level, valid or
# not): the wrapper reports those of no manifest of the run (HG-WAIVER-003).
matched(fs) := sort({i |
	some [i, w] in mine
	some f in fs
	f.rule == w.rule
	_covers(w, f)
})

findings contains object.union(
	lib.finding("HG-WAIVER-001", -1, "", sprintf("%s is ignored: %s", [_name(i, w), _why_protected(w)])),
	control(i),
) if {
	some [i, w] in mine
	protected(w)
}

findings contains object.union(
	lib.finding("HG-WAIVER-002", -1, "", sprintf(
		"%s expired on %s, before the evaluation date %s: it waives nothing",
		[_name(i, w), w.expires_on, object.get(input, ["context", "as_of"], "(none given)")],
	)),
	control(i),
) if {
	some [i, w] in mine
	not protected(w)
	expired(w)
}
