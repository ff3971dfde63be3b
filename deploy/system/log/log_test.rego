package system.log_test

import data.system.log

manifest := {
	"apiVersion": "helixgate/v1",
	"kind": "TransferManifest",
	"metadata": {"id": "HG-1", "title": "CAR-T study"},
	"subjects": [{"id": "us-patients", "nationality": "US", "count": 40}],
	"parties": [{
		"id": "lab-cn",
		"name": "Shenzhen Example Biotech Co.",
		"owners": [{"name": "Shenzhen Example Group", "country": "CN", "share": 100}],
	}],
}

context := {
	"as_of": "2026-11-25",
	"profile": {"rules": {"CMP-SOV-001": "deny"}},
	"waivers": [{
		"rule": "CMP-SEC-003",
		"manifest": "HG-1",
		"reason": "audit booked",
		"approved_by": "ciso@example.com",
		"expires_on": "2027-02-28",
	}],
}

finding := {
	"rule": "FDA-CELLS-001",
	"level": "deny",
	"title": "...",
	"message": "transfer t1 sends tcells (subjects us-patients) to Shenzhen Example Biotech Co.",
	"reasons": ["owner Shenzhen Example Group"],
	"pointer": "/transfers/0",
	"transfer": "t1",
	"party": "lab-cn",
}

result := {
	"manifest": "HG-1",
	"decision": "deny",
	"findings": [finding],
	"obligations": [],
	"policy_revision": "2026.11.0+abc1234",
}

event := {
	"path": "helixgate/main/results",
	"input": {"manifests": [manifest], "context": context},
	"result": [result],
}

upserted(masks, path) := value if {
	some m in masks
	m.op == "upsert"
	m.path == path
	value := m.value
}

test_a_batch_keeps_ids_decisions_and_rules_only if {
	masks := log.mask with input as event
	upserted(masks, "/input") == {
		"manifests": [{"metadata": {"id": "HG-1"}}],
		"context": {
			"as_of": "2026-11-25",
			"profile": {"rules": {"CMP-SOV-001": "deny"}},
			"waivers": [{"rule": "CMP-SEC-003", "manifest": "HG-1", "expires_on": "2027-02-28"}],
		},
	}
	upserted(masks, "/result") == [{
		"manifest": "HG-1",
		"decision": "deny",
		"obligations": [],
		"policy_revision": "2026.11.0+abc1234",
		"findings": [{"rule": "FDA-CELLS-001", "level": "deny", "transfer": "t1", "pointer": "/transfers/0"}],
	}]
}

test_a_single_manifest_question_is_masked_the_same_way if {
	masks := log.mask with input as {
		"path": "helixgate/main/result",
		"input": {"manifest": manifest, "context": context},
		"result": result,
	}
	upserted(masks, "/input").manifest == {"metadata": {"id": "HG-1"}}
	upserted(masks, "/result").findings == [{
		"rule": "FDA-CELLS-001", "level": "deny",
		"transfer": "t1", "pointer": "/transfers/0",
	}]
}

test_names_subjects_and_messages_are_gone if {
	masks := log.mask with input as event
	kept := json.marshal([upserted(masks, "/input"), upserted(masks, "/result")])
	every word in ["Shenzhen", "us-patients", "ciso@example.com", "audit booked", "CAR-T", "lab-cn"] {
		not contains(kept, word)
	}
}

test_malformed_input_is_reduced_not_an_error if {
	masks := log.mask with input as {
		"path": "helixgate/main/results",
		"input": {"manifests": [1, {"metadata": 2}, "x"]},
		"result": [3, {"findings": "nope"}],
	}
	upserted(masks, "/input") == {"manifests": [{}, {}, {}]}
	upserted(masks, "/result") == [{"findings": []}, {"findings": []}]
}

test_any_other_path_loses_input_and_result if {
	masks := log.mask with input as {"path": "helixgate/lib", "input": {"manifest": manifest}, "result": 1}
	masks == {"/input", "/result"}
}

test_the_pack_metadata_keeps_its_result if {
	masks := log.mask with input as {"path": "helixgate/meta", "result": {"revision": "r"}}
	masks == {"/input"}
}
