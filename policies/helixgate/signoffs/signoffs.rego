# METADATA
# title: Sign-offs
# description: |
#   The compliance officer's approval of a `review` finding, kept outside the
#   manifest like a waiver and carried in `input.context.signoffs` with the
#   evaluation date `input.context.as_of`. A valid sign-off turns a matching
#   finding of level `review`, of any rule (waivable or not), into level
#   `signed_off`: still reported, not counted, its obligations kept. It never
#   clears a `deny`: a valid sign-off that meets a deny finding is ignored and
#   says why (HG-SIGNOFF-001). Expiry is as for waivers.
package helixgate.signoffs

import data.helixgate.lib
import data.helixgate.waivers

_signoffs := object.get(input, ["context", "signoffs"], [])

# The sign-offs that name the manifest under evaluation, with their place in
# the list the wrapper sent (the waiver file's `signoffs` first, then the
# sign-off file's).
mine contains [i, s] if {
	some i, s in _signoffs
	s.manifest == input.manifest.metadata.id
}

# Valid up to its last day, included; without an evaluation date nothing can
# be shown valid (the same expiry as a waiver's).
valid(s) if not waivers.expired(s)

_covers(s, _) if not s.transfer

_covers(s, f) if s.transfer == f.transfer

# The first valid sign-off (in list order) for a finding.
signoff_for(f) := covering[0] if {
	covering := [s |
		some [_, s] in sort(mine)
		s.rule == f.rule
		valid(s)
		_covers(s, f)
	]
	count(covering) > 0
}

# What a signed-off finding reports of its sign-off.
summary(s) := object.filter(s, ["reason", "approved_by", "approved_on", "expires_on", "transfer"])

# Where a finding about the sign-off at index i stands: the wrapper places it
# on the sign-off's entry in its file.
control(i) := {"control": {"kind": "signoffs", "index": i}}

_name(i, s) := sprintf("sign-off %d (%s%s, approved by %s on %s)", [i + 1, s.rule, _scope(s), s.approved_by, s.approved_on])

_scope(s) := sprintf(", transfer %s", [s.transfer]) if s.transfer

else := ""

# HG-SIGNOFF-001 for each valid sign-off that meets one of `denied` (the
# findings of level deny): a sign-off never clears a deny.
ignored(denied) := {object.union(
	lib.finding("HG-SIGNOFF-001", -1, "", sprintf(
		"%s is ignored: %s is a deny finding%s, and a sign-off only clears review findings",
		[_name(i, s), f.rule, _on(f)],
	)),
	control(i),
) |
	some [i, s] in mine
	valid(s)
	some f in denied
	f.rule == s.rule
	_covers(s, f)
}

_on(f) := sprintf(" on transfer %s", [f.transfer]) if f.transfer

else := ""

# The indexes of the sign-offs that meet one of `fs` (any level, valid or
# not): the wrapper reports those of no manifest of the run (HG-WAIVER-003).
matched(fs) := sort({i |
	some [i, s] in mine
	some f in fs
	f.rule == s.rule
	_covers(s, f)
})

findings contains object.union(
	lib.finding("HG-WAIVER-002", -1, "", sprintf(
		"%s expired on %s, before the evaluation date %s: it signs off nothing",
		[_name(i, s), s.expires_on, object.get(input, ["context", "as_of"], "(none given)")],
	)),
	control(i),
) if {
	some [i, s] in mine
	waivers.expired(s)
}
