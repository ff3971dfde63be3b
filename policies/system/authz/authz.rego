# METADATA
# title: Embedded server authorization
# description: |
#   For the OPA server helixgate starts itself (embedded mode); not part of
#   the bundle users deploy. Lets /health through for readiness checks, and
#   every other request only with the run's random token, which the wrapper
#   passes in the environment (never on the command line or in a file).
package system.authz

# METADATA
# title: OPA's authorization decision
# description: |
#   Whether OPA serves the request: /health for anyone, and
#   anything else only with the run's token.
# scope: document
# entrypoint: true
default allow := false

allow if input.path == ["health"]

allow if {
	token := opa.runtime().env.HELIXGATE_OPA_TOKEN
	count(token) >= 32
	input.identity == token
}
