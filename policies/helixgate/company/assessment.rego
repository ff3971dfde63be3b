# CMP-ASSESS-001, compliance assessed at the start: a cross-border
# compliance assessment completed no later than the first cross-border
# transfer starts.
package helixgate.company

import data.helixgate.lib

_cross_border_starts := {t.start_on | some t in lib.transfers; lib.cross_border(t)}

_assessment := object.get(lib.manifest, ["compliance", "assessment"], {})

_assessment_late if _assessment.completed_on > min(_cross_border_starts)

_assessment_late if not _assessment.completed_on

# The field the fix goes into, or its nearest parent that exists.
_assessment_pointer := "/compliance/assessment/completed_on" if {
	_assessment.completed_on
} else := "/compliance/assessment" if {
	lib.manifest.compliance.assessment
} else := "/compliance" if {
	lib.manifest.compliance
} else := ""

_assessment_message := sprintf(
	"the cross-border compliance assessment is dated %s, after the first cross-border transfer starts on %s",
	[_assessment.completed_on, min(_cross_border_starts)],
) if {
	_assessment.completed_on
} else := sprintf(
	"no cross-border compliance assessment is recorded, and the first cross-border transfer starts on %s",
	[min(_cross_border_starts)],
)

findings contains lib.finding("CMP-ASSESS-001", -1, _assessment_pointer, _assessment_message) if {
	count(_cross_border_starts) > 0
	_assessment_late
}
