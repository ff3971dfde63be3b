# METADATA
# title: Authorization of an OPA server that runs the helixgate bundle
# description: |
#   Loaded beside deploy/opa-config.yaml on each server of a fleet, which runs
#   with --authentication=token --authorization=basic. /health is open for
#   load balancers and probes. Everything else needs the bearer token the
#   server holds in its environment (HELIXGATE_OPA_TOKEN, at least 32
#   characters), and may only ask helixgate questions: the decision entry
#   points, the pack's metadata, and the configuration (from which clients
#   read OPA's version). No policy or data can be written through the API and
#   no ad-hoc query runs, so neither the bundle nor these policies can be
#   changed by a caller, and manifests travel only as input, which the
#   decision-log mask in log.rego sees.
package system.authz

# METADATA
# title: OPA's authorization decision
# description: |
#   Whether OPA serves the request: /health for anyone, and
#   helixgate's questions only with the server's bearer token.
# scope: document
# entrypoint: true
default allow := false

allow if input.path == ["health"]

allow if {
	bearer_token_matches
	helixgate_request
}

bearer_token_matches if {
	token := opa.runtime().env.HELIXGATE_OPA_TOKEN
	count(token) >= 32
	input.identity == token
}

helixgate_request if {
	input.method == "POST"
	input.path in {
		["v1", "data", "helixgate", "main", "results"],
		["v1", "data", "helixgate", "main", "result"],
		["v1", "data", "helixgate", "main", "entries"],
	}
}

helixgate_request if {
	input.method in {"GET", "POST"}
	input.path == ["v1", "data", "helixgate", "meta"]
}

helixgate_request if {
	input.method == "GET"
	input.path == ["v1", "config"]
}
