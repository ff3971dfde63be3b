"""The matching key the wrapper computes (policy-pack-v2, "Matching names")
travels to OPA with every name: a listed company written in fullwidth letters,
which Rego's own fallback cannot fold, is still the listed company."""

from __future__ import annotations

import json


def test_a_listed_company_in_fullwidth_letters_is_still_listed(
    helixgate, manifest, to_yaml, tmp_path
):
    study = manifest("HG-FULLWIDTH-1", "allow")
    study["parties"][0]["name"] = "\uff22\uff27\uff29\u3000\uff27\uff52\uff4f\uff55\uff50"  # BGI Group in fullwidth letters
    (tmp_path / "study.yaml").write_text(to_yaml(study), encoding="utf-8")
    done = helixgate(["check", "--format", "json", str(tmp_path / "study.yaml")])
    (result,) = json.loads(done.out)["results"]
    reasons = {r for f in result["findings"] for r in f["reasons"]}
    assert "named entity of concern" in reasons
    assert result["decision"] == "deny"
