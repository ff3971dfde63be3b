"""The Python API (interfaces.md, "Python API"): helixgate.check and
helixgate.Evaluator against a real embedded OPA."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
import yaml

import helixgate
from helixgate import Decision, EngineError, Evaluator, HelixgateError, InputErrors

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = "2026-11-25"


@pytest.fixture(scope="module")
def evaluator():
    with Evaluator(as_of=AS_OF, batch_size=3) as opened:
        yield opened


def test_check_decides_a_manifest_file_with_lines_for_its_findings():
    decision = helixgate.check(EXAMPLES / "cart-china.yaml", as_of=AS_OF)
    assert isinstance(decision, Decision)
    assert decision.decision == "deny"
    assert decision.source == str(EXAMPLES / "cart-china.yaml")
    fda = next(f for f in decision.findings if f.rule == "FDA-CELLS-001")
    assert fda.level == "deny"
    assert fda.line is not None
    assert fda.column is not None
    with pytest.raises(AttributeError):
        fda.level = "info"  # frozen


def test_a_dict_from_yaml_safe_load_with_dates_decides_like_the_file(evaluator):
    path = EXAMPLES / "cart-china.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert any(isinstance(v, dt.date) for v in _values(data))
    from_dict, from_file = evaluator.evaluate(data), evaluator.evaluate(str(path))
    assert from_dict.decision == from_file.decision == "deny"
    assert [f.rule for f in from_dict.findings] == [f.rule for f in from_file.findings]
    assert from_dict.source == "<manifest>"
    assert all(f.line is None for f in from_dict.findings)


def _values(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _values(item)
    else:
        yield value


def test_evaluate_many_streams_in_input_order_in_batches(evaluator, manifest):
    decisions = ["allow", "review", "deny"] * 4
    pulled = []

    def manifests():
        for n, decision in enumerate(decisions):
            pulled.append(n)
            yield manifest(f"HG-{n:02d}", decision)

    stream = evaluator.evaluate_many(manifests(), stream=True)
    first = next(stream)
    assert 3 <= len(pulled) <= 6, "reading runs at most one batch of 3 ahead of the decisions"
    rest = list(stream)
    got = [first, *rest]
    assert [d.manifest for d in got] == [f"HG-{n:02d}" for n in range(len(decisions))]
    assert [d.decision for d in got] == decisions
    assert [d.source for d in got[:2]] == ["<manifest 0>", "<manifest 1>"]


def _genomic(manifest_id: str, people: int, day: str) -> dict:
    """Genomic data on `people` Americans to a laboratory in China, outside
    any FDA application: counted by the DOJ rules."""
    from conftest import make_manifest

    study = make_manifest(manifest_id, "deny")
    del study["study"]["fda"]
    study["subjects"][0]["count"] = people
    study["data"] = [
        {"id": "wgs", "category": "genomic", "subjects": "us-patients", "identifiability": "pseudonymized"}
    ]
    study["transfers"][0].update(item="wgs", purpose="analysis", start_on=day)
    return study


def _bulk(decision) -> bool:
    return "DOJ-BULK-001" in {f.rule for f in decision.findings}


def test_evaluate_many_counts_the_manifests_of_one_call_together(evaluator):
    first, second = _genomic("HG-P1", 60, "2026-03-01"), _genomic("HG-P2", 60, "2026-04-01")
    together = list(evaluator.evaluate_many([first, second]))
    assert [_bulk(d) for d in together] == [False, True]
    apart = list(evaluator.evaluate_many([first, second], stream=True))
    assert [_bulk(d) for d in apart] == [False, False]


def test_history_counts_toward_every_decision_and_gets_none_of_its_own(tmp_path, to_yaml):
    (tmp_path / "past.yaml").write_text(to_yaml(_genomic("HG-PAST", 60, "2026-03-01")))
    later = _genomic("HG-NOW", 60, "2026-04-01")
    with Evaluator(as_of=AS_OF, history=[tmp_path]) as evaluator:
        assert _bulk(evaluator.evaluate(later))
        assert [d.manifest for d in evaluator.evaluate_many([later], stream=True)] == ["HG-NOW"]
        assert _bulk(next(evaluator.evaluate_many([later], stream=True)))
    assert _bulk(helixgate.check(later, as_of=AS_OF, history=[_genomic("HG-PAST", 60, "2026-03-01")]))
    assert not _bulk(helixgate.check(later, as_of=AS_OF))


def test_an_invalid_history_manifest_raises_before_opa_starts(tmp_path, to_yaml):
    broken = _genomic("HG-PAST", 60, "2026-03-01")
    broken["parties"][0]["country"] = "China"
    (tmp_path / "past.yaml").write_text(to_yaml(broken))
    with pytest.raises(InputErrors) as raised:
        Evaluator(history=[tmp_path / "past.yaml"])
    assert raised.value.pointer == "/parties/0/country"


def test_an_invalid_manifest_ends_the_stream_after_the_decisions_before_it(evaluator, manifest):
    broken = manifest("HG-BAD", "allow")
    broken["parties"][0]["country"] = "Germany"
    items = [manifest("HG-A", "allow"), manifest("HG-B", "deny"), broken, manifest("HG-C")]
    stream = evaluator.evaluate_many(items, stream=True)
    assert [next(stream).manifest, next(stream).manifest] == ["HG-A", "HG-B"]
    with pytest.raises(InputErrors) as raised:
        next(stream)
    assert raised.value.source == "<manifest 2>"
    assert raised.value.pointer == "/parties/0/country"
    assert isinstance(raised.value, HelixgateError)


def test_an_invalid_file_raises_with_its_path_and_line(evaluator, tmp_path, manifest, to_yaml):
    broken = manifest("HG-BAD")
    broken["parties"][0]["country"] = "Germany"
    path = tmp_path / "bad.yaml"
    path.write_text(to_yaml(broken), encoding="utf-8")
    with pytest.raises(InputErrors) as raised:
        evaluator.evaluate(path)
    error = raised.value.errors[0]
    assert (error.source, error.kind, error.pointer) == (str(path), "schema", "/parties/0/country")
    assert error.line == raised.value.line
    assert error.line is not None
    text = path.read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert text[error.column - 1 :].startswith("Germany")  # 1-based, at the value


def test_a_file_must_hold_exactly_one_manifest(evaluator, tmp_path, manifest, to_yaml):
    two = tmp_path / "two.yaml"
    two.write_text(to_yaml(manifest("HG-1"), manifest("HG-2")), encoding="utf-8")
    none = tmp_path / "none.yaml"
    none.write_text("site_name: docs\n", encoding="utf-8")
    with pytest.raises(InputErrors, match="2 manifests"):
        evaluator.evaluate(two)
    with pytest.raises(InputErrors, match="no helixgate/v1 TransferManifest"):
        evaluator.evaluate(none)
    with pytest.raises(InputErrors, match="cannot read"):
        evaluator.evaluate(tmp_path / "missing.yaml")


def test_what_json_cannot_carry_is_an_input_error_at_its_pointer(evaluator, manifest):
    data = manifest("HG-SET")
    data["consent"]["disclosed_countries"] = {"DE", "CN"}
    with pytest.raises(InputErrors) as raised:
        evaluator.evaluate(data)
    assert raised.value.pointer == "/consent/disclosed_countries"
    with pytest.raises(TypeError):
        evaluator.evaluate(42)


def test_invalid_input_is_refused_before_any_opa_starts(monkeypatch, tmp_path):
    monkeypatch.setenv("HELIXGATE_OPA", str(tmp_path / "no-opa"))
    with pytest.raises(InputErrors):
        helixgate.check({"apiVersion": "helixgate/v1", "kind": "TransferManifest"})
    with pytest.raises(InputErrors, match="no rule has id"):
        Evaluator(waivers=[{"rule": "CMP-NOPE-001", "manifest": "x", "reason": "r",
                            "approved_by": "a@example.com", "expires_on": "2027-01-01"}])  # fmt: skip
    with pytest.raises(InputErrors, match="can only be raised"):
        Evaluator(profile={"rules": {"FDA-CELLS-001": "info"}})
    with pytest.raises(EngineError, match="HELIXGATE_OPA"):
        helixgate.check(EXAMPLES / "cart-germany.yaml")


def test_a_profile_and_waivers_given_as_data_apply(manifest):
    review = manifest("HG-REVIEW", "review")
    profile = {"rules": {"CMP-SOV-001": "deny"}}
    assert helixgate.check(review, profile=profile, as_of=AS_OF).decision == "deny"
    waiver = {
        "rule": "CMP-SOV-001",
        "manifest": "HG-REVIEW",
        "reason": "board approval on file",
        "approved_by": "ciso@example.com",
        "expires_on": "2027-02-28",
    }
    with Evaluator(waivers=[waiver], as_of=AS_OF) as evaluator:
        decision = evaluator.evaluate(review)
    assert decision.decision == "allow"
    [waived] = [f for f in decision.findings if f.rule == "CMP-SOV-001"]
    assert waived.level == "waived"
    assert waived.waiver.approved_by == "ciso@example.com"


def test_the_evaluator_is_used_inside_with_and_stops_opa_on_leaving(manifest):
    evaluator = Evaluator()
    with pytest.raises(EngineError, match="not open"):
        evaluator.evaluate(manifest("HG-1"))
    with pytest.raises(RuntimeError), evaluator:  # noqa: PT012
        process = evaluator._decider._engine._server._process
        assert evaluator.info.mode == "embedded"
        raise RuntimeError("boom")
    assert process.poll() is not None
    with pytest.raises(EngineError, match="not open"):
        evaluator.evaluate(manifest("HG-1"))


def test_threads_can_share_one_evaluator(evaluator, manifest):
    expected = ["allow", "review", "deny"]
    failures: list[BaseException] = []

    def work(thread: int) -> None:
        try:
            for n in range(6):
                wanted = expected[(thread + n) % 3]
                decision = evaluator.evaluate(manifest(f"HG-T{thread}-{n}", wanted))
                assert (decision.manifest, decision.decision) == (f"HG-T{thread}-{n}", wanted)
            items = [manifest(f"HG-T{thread}-M{n}", expected[n % 3]) for n in range(7)]
            decided = list(evaluator.evaluate_many(items))
            assert [d.decision for d in decided] == [expected[n % 3] for n in range(7)]
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_the_package_exports_the_api():
    for name in ("check", "Evaluator", "Decision", "Finding", "HelixgateError", "InputError",
                 "InputErrors", "EngineError", "EngineInfo"):  # fmt: skip
        assert name in helixgate.__all__
        assert hasattr(helixgate, name)
    assert (Path(helixgate.__file__).parent / "py.typed").exists()


def test_a_dict_nested_too_deeply_is_an_input_error_not_a_crash(manifest):
    import helixgate

    deep: dict = {}
    inner = deep
    for _ in range(5000):
        inner["x"] = {}
        inner = inner["x"]
    data = manifest("HG-DEEP", "allow")
    data["metadata"]["labels"] = deep
    with pytest.raises(helixgate.InputErrors) as refused:
        helixgate.check(data)
    assert refused.value.errors[0].kind == "limit"
