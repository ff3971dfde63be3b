# METADATA
# title: Company commitments
# description: |
#   The company's public commitments (COMMITMENTS): compliance assessed at the
#   start, consent, China's human genetic resources rules, data security,
#   trusted partners, supply-chain security before cost, genetic data
#   sovereignty, local and nearshore first. Waivable.
package helixgate.company

import data.helixgate.lib

# --- CMP-ASSESS-001 ---------------------------------------------------------

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

findings contains lib.finding("CMP-ASSESS-001", -1, _assessment_pointer, _assessment_message) if {
	count(_cross_border_starts) > 0
	_assessment_late
}

_assessment_message := sprintf(
	"the cross-border compliance assessment is dated %s, after the first cross-border transfer starts on %s",
	[_assessment.completed_on, min(_cross_border_starts)],
) if {
	_assessment.completed_on
} else := sprintf(
	"no cross-border compliance assessment is recorded, and the first cross-border transfer starts on %s",
	[min(_cross_border_starts)],
)

# --- Transfers of genetic items ----------------------------------------------

_genetic_transfers contains [i, t, item, party] if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.genetic(item)
	party := lib.parties[t.to]
}

_data_transfers contains [i, t, item, party] if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.data_item(item)
	party := lib.parties[t.to]
}

# --- CMP-CONSENT-001 --------------------------------------------------------

_consent_gap(t, party) := sprintf("consent does not disclose the transfer to %s", [party.country]) if {
	not lib.consent_names(party.country)
} else := sprintf("consent does not disclose sequencing for %s", [t.purpose]) if {
	lib.genetic_processing(t.purpose)
	not lib.consent.sequencing_disclosed == true
}

findings contains lib.transfer_finding("CMP-CONSENT-001", i, t, sprintf(
	"%s (%s): %s",
	[lib.describe(t, item), party.country, _consent_gap(t, party)],
)) if {
	some [i, t, item, party] in _genetic_transfers
	lib.cross_border(t)
	_consent_gap(t, party)
}

# --- CMP-HGR-001 and -002 ---------------------------------------------------

_leaves_mainland(party) if party.country != lib.defs.hgr_jurisdiction

findings contains lib.transfer_finding("CMP-HGR-001", i, t, sprintf(
	"%s (%s): human genetic resources material leaves mainland China without an HGR export approval",
	[lib.describe(t, item), party.country],
)) if {
	some i, t in lib.transfers
	item := lib.items[t.item]
	lib.hgr_material(item)
	party := lib.parties[t.to]
	_leaves_mainland(party)
	not lib.manifest.compliance.hgr_approval.reference
}

findings contains lib.transfer_finding("CMP-HGR-002", i, t, sprintf(
	"%s (%s): human genetic resources information is provided abroad without an HGR filing",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _data_transfers
	lib.hgr_information(item)
	_leaves_mainland(party)
	not lib.manifest.compliance.hgr_filing.reference
}

# --- CMP-SEC-001, -002, -003 ------------------------------------------------

_safeguards(t) := object.get(t, "safeguards", {})

_encrypted(t) if {
	_safeguards(t).encrypted_in_transit == true
	_safeguards(t).encrypted_at_rest == true
}

findings contains lib.transfer_finding("CMP-SEC-001", i, t, sprintf(
	"%s (%s) across a border without encryption both in transit and at rest",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _data_transfers
	lib.cross_border(t)
	not _encrypted(t)
}

_remote_concern(t) := sort({c | some c in object.get(_safeguards(t), "remote_access_from", []); lib.concern_country(c)})

findings contains lib.transfer_finding("CMP-SEC-002", i, t, sprintf(
	"%s; the receiver's staff can reach it remotely from %s",
	[lib.describe(t, item), concat(", ", _remote_concern(t))],
)) if {
	some [i, t, item, _] in _data_transfers
	count(_remote_concern(t)) > 0
}

_certified(party) if {
	some c in object.get(party, "certifications", [])
	c in lib.security_certifications
}

findings contains lib.transfer_finding("CMP-SEC-003", i, t, sprintf(
	"%s, which holds none of the security certifications %s",
	[lib.describe(t, item), concat(", ", sort(lib.security_certifications))],
)) if {
	some [i, t, item, party] in _genetic_transfers
	not _certified(party)
}

# --- CMP-PARTNER-001 and -002 -----------------------------------------------

findings contains lib.transfer_finding("CMP-PARTNER-001", i, t, sprintf(
	"%s, whose due diligence was rejected on %s",
	[lib.describe(t, item), party.due_diligence.completed_on],
)) if {
	some [i, t, item, party] in _genetic_transfers
	party.due_diligence.outcome == "rejected"
}

_diligence_gap(party) := "has no due diligence on record" if {
	not party.due_diligence
} else := "passed due diligence only with conditions" if {
	party.due_diligence.outcome == "conditional"
}

findings contains lib.transfer_finding("CMP-PARTNER-002", i, t, sprintf(
	"%s, which %s",
	[lib.describe(t, item), _diligence_gap(party)],
)) if {
	some [i, t, item, party] in _genetic_transfers
	_diligence_gap(party)
}

# --- CMP-COST-001 and -002 --------------------------------------------------

_chosen_for_cost contains [i, t, party] if {
	some i, t in lib.transfers
	t.selection_reason == "cost"
	party := lib.parties[t.to]
}

findings contains lib.transfer_finding("CMP-COST-001", i, t, sprintf(
	"transfer %s goes to %s, a party with ties of concern (%s), and was chosen for cost",
	[t.id, t.to, concat(", ", lib.reasons_of[party.id])],
)) if {
	some [i, t, party] in _chosen_for_cost
	party.id in lib.tied
}

findings contains lib.transfer_finding("CMP-COST-002", i, t, sprintf(
	"transfer %s goes across a border to %s in %s, outside the trusted countries, and was chosen for cost",
	[t.id, t.to, party.country],
)) if {
	some [i, t, party] in _chosen_for_cost
	not party.id in lib.tied
	lib.cross_border(t)
	not party.country in lib.trusted_countries
}

# --- CMP-SOV-001 ------------------------------------------------------------

findings contains lib.transfer_finding("CMP-SOV-001", i, t, sprintf(
	"%s, a party with ties of concern (%s), in %s",
	[lib.describe(t, item), concat(", ", lib.reasons_of[party.id]), party.country],
)) if {
	some [i, t, item, party] in _genetic_transfers
	lib.american(item)
	party.id in lib.tied
}

# --- CMP-LOCAL-001 ----------------------------------------------------------

findings contains lib.transfer_finding("CMP-LOCAL-001", i, t, sprintf(
	"%s in %s, outside the trusted countries: prefer a local or nearshore partner",
	[lib.describe(t, item), party.country],
)) if {
	some [i, t, item, party] in _genetic_transfers
	lib.cross_border(t)
	not party.id in lib.tied
	not party.country in lib.trusted_countries
}
