# METADATA
# title: Tests of the embedded server's authorization
# description: |
#   /health is open; every other request needs the run's token, read from the
#   environment, and a token too short to be random is refused.
package system.authz_test

import data.system.authz

token := "0123456789abcdef0123456789abcdef01234567" # 40 characters

runtime := {"env": {"HELIXGATE_OPA_TOKEN": token}}

query := {"path": ["v1", "data", "helixgate", "main", "results"], "method": "POST", "identity": token}

test_health_is_allowed_without_identity if {
	authz.allow with input as {"path": ["health"], "method": "GET"}
		with opa.runtime as {"env": {}}
}

test_the_run_token_is_allowed if {
	count(token) == 40
	authz.allow with input as query with opa.runtime as runtime
}

test_a_wrong_token_is_refused if {
	not authz.allow with input as object.union(query, {"identity": concat("", [token, "x"])}) with opa.runtime as runtime
	not authz.allow with input as object.union(query, {"identity": upper(token)}) with opa.runtime as runtime
}

test_a_missing_identity_is_refused if {
	not authz.allow with input as object.remove(query, ["identity"]) with opa.runtime as runtime
}

test_an_empty_identity_is_refused_when_the_token_is_unset if {
	not authz.allow with input as object.union(query, {"identity": ""}) with opa.runtime as {"env": {}}
	not authz.allow with input as query with opa.runtime as {"env": {}}
}

test_a_token_of_31_characters_is_refused if {
	short := substring(token, 0, 31)
	not authz.allow with input as object.union(query, {"identity": short})
		with opa.runtime as {"env": {"HELIXGATE_OPA_TOKEN": short}}
}

test_a_token_of_32_characters_is_allowed if {
	t := substring(token, 0, 32)
	authz.allow with input as object.union(query, {"identity": t})
		with opa.runtime as {"env": {"HELIXGATE_OPA_TOKEN": t}}
}

test_only_the_health_path_is_open if {
	not authz.allow with input as {"path": ["health", "live"], "method": "GET"} with opa.runtime as runtime
	not authz.allow with input as {"path": ["v1", "data"], "method": "GET"} with opa.runtime as runtime
}
