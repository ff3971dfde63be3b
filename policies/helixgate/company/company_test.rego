# METADATA
# title: Tests of the company commitments
# description: |
#   CMP-* rules, each fired and each held back just across its edge. The base
#   is a privately funded research study sending American genomic data to a
#   certified, vetted German lab, with consent and an assessment in place:
#   no company finding. The tests of each commitment are in the file named
#   after it.
package helixgate.company_test

import data.helixgate.company
import data.helixgate.test.fixtures

# The base, but its one transfer sends `item` to `to`.
sent(item, to) := fixtures.sending([fixtures.transfer("t1", item, to)])

# The base, but its one transfer also has `fields`.
sent_with(item, to, fields) := fixtures.sending([object.union(fixtures.transfer("t1", item, to), fields)])

rules := {f.rule | some f in company.findings}

hits := {[f.rule, f.pointer, f.transfer, f.party] | some f in company.findings}

messages(rule) := {f.message | some f in company.findings; f.rule == rule}

test_no_finding_for_the_base if {
	count(company.findings) == 0 with input as fixtures.run(fixtures.base)
}
