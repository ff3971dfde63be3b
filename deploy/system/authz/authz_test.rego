package system.authz_test

import data.system.authz

token := "fleet-token-0123456789abcdefghijklmnopqrstuvwxyz"

runtime := {"env": {"HELIXGATE_OPA_TOKEN": token}}

request(method, path, identity) := {"method": method, "path": path, "identity": identity}

results := ["v1", "data", "helixgate", "main", "results"]

test_health_is_open_without_a_token if {
	authz.allow with input as {"method": "GET", "path": ["health"]}
		with opa.runtime as runtime
}

test_a_decision_with_the_servers_token_is_allowed if {
	authz.allow with input as request("POST", results, token) with opa.runtime as runtime
}

# The counting entries of a batch (policy-pack-v2, 1): asked before the decisions.
test_the_counting_entries_with_the_servers_token_are_allowed if {
	entries := ["v1", "data", "helixgate", "main", "entries"]
	authz.allow with input as request("POST", entries, token) with opa.runtime as runtime
	not authz.allow with input as {"method": "POST", "path": entries} with opa.runtime as runtime
}

test_a_decision_without_the_token_is_refused if {
	not authz.allow with input as {"method": "POST", "path": results} with opa.runtime as runtime
}

test_a_decision_with_another_token_is_refused if {
	not authz.allow with input as request("POST", results, concat("", [token, "x"]))
		with opa.runtime as runtime
}

test_nothing_is_allowed_when_the_server_has_no_token if {
	not authz.allow with input as request("POST", results, "") with opa.runtime as {"env": {}}
}

test_a_short_server_token_is_never_accepted if {
	not authz.allow with input as request("POST", results, "short")
		with opa.runtime as {"env": {"HELIXGATE_OPA_TOKEN": "short"}}
}

test_meta_and_config_can_be_read_with_the_token if {
	authz.allow with input as request("GET", ["v1", "data", "helixgate", "meta"], token)
		with opa.runtime as runtime
	authz.allow with input as request("GET", ["v1", "config"], token) with opa.runtime as runtime
}

test_policies_and_data_cannot_be_written_even_with_the_token if {
	not authz.allow with input as request("PUT", ["v1", "policies", "x"], token)
		with opa.runtime as runtime
	not authz.allow with input as request("PUT", ["v1", "data", "helixgate", "meta"], token)
		with opa.runtime as runtime
	not authz.allow with input as request("PATCH", ["v1", "data"], token) with opa.runtime as runtime
	not authz.allow with input as request("DELETE", ["v1", "data", "helixgate"], token)
		with opa.runtime as runtime
}

test_no_ad_hoc_query_and_no_other_document if {
	not authz.allow with input as request("POST", ["v1", "query"], token) with opa.runtime as runtime
	not authz.allow with input as request("POST", ["v1", "data"], token) with opa.runtime as runtime
	not authz.allow with input as request("GET", ["v1", "data", "system", "authz"], token)
		with opa.runtime as runtime
	not authz.allow with input as request("POST", ["v1", "data", "helixgate", "lib"], token)
		with opa.runtime as runtime
}
