"""Input errors suggest the fix: the nearest key or value, the ISO code of a
country written another way, and never Python's None."""

from __future__ import annotations

import pytest

from conftest import dump_yaml, make_manifest, write


def _messages(helixgate, tmp_path, change) -> dict[str, str]:
    manifest = make_manifest("HG-HINT", "allow")
    change(manifest)
    path = write(tmp_path / "hint.yaml", dump_yaml(manifest))
    run = helixgate(["check", "--format", "json", str(path)])
    assert run.code == 2
    return {e["pointer"]: e["message"] for e in run.json()["errors"]}


@pytest.mark.parametrize(
    ("written", "code"), [("Singapore", "SG"), ("UK", "GB"), ("de", "DE"), ("Germany", "DE")]
)
def test_a_country_written_another_way_suggests_its_code(helixgate, tmp_path, written, code):
    def change(m):
        m["parties"][0]["country"] = written

    message = _messages(helixgate, tmp_path, change)["/parties/0/country"]
    assert message.endswith(f"did you mean {code!r}?")


def test_an_unknown_country_suggests_nothing(helixgate, tmp_path):
    def change(m):
        m["parties"][0]["country"] = "Atlantis"

    assert "did you mean" not in _messages(helixgate, tmp_path, change)["/parties/0/country"]


def test_a_mistyped_key_suggests_the_nearest(helixgate, tmp_path):
    def change(m):
        m["transfers"][0]["selection_reson"] = m["transfers"][0].pop("selection_reason")

    message = _messages(helixgate, tmp_path, change)["/transfers/0"]
    assert "did you mean 'selection_reason'?" in message


def test_a_mistyped_value_suggests_the_nearest(helixgate, tmp_path):
    def change(m):
        m["materials"][0]["type"] = "living_cell"

    message = _messages(helixgate, tmp_path, change)["/materials/0/type"]
    assert message.endswith("did you mean 'living_cells'?")
    assert "'blood'" in message  # the valid values are listed


def test_an_empty_value_is_not_called_none(helixgate, tmp_path):
    def change(m):
        m["parties"][0]["role"] = None

    message = _messages(helixgate, tmp_path, change)["/parties/0/role"]
    assert "None" not in message
    assert message == "an empty value (null) where a string is expected"


def test_a_missing_file_is_its_own_kind_of_error(helixgate, tmp_path):
    run = helixgate(["check", "--format", "json", str(tmp_path / "no-such.yaml")])
    assert run.code == 2
    [error] = run.json()["errors"]
    assert (error["kind"], error["message"]) == ("missing", "no such file or directory")
    profile = helixgate(["check", "--profile", str(tmp_path / "gone.yaml"), str(tmp_path)])
    assert profile.code == 2
    assert "error[missing]" in profile.err


def test_a_comma_in_an_unquoted_flow_value_says_to_quote_it(helixgate, tmp_path):
    text = dump_yaml(make_manifest("HG-QUOTE", "allow"))
    text = text.replace(
        "  - name: Example Holding AG\n    country: DE\n    share: 100",
        "  - {name: Example (Shenzhen) Co., Ltd., country: DE, share: 100}",
    )
    assert "Shenzhen" in text
    path = write(tmp_path / "quote.yaml", text)
    run = helixgate(["check", "--format", "json", str(path)])
    [error] = run.json()["errors"]
    assert error["pointer"] == "/parties/0/owners/0"
    assert "quote a value that holds one" in error["message"]


def test_an_integer_too_long_to_write_out_is_an_input_error_not_a_crash():
    """Found by the Hypothesis property test: a header given as a Python int
    of more than 4,300 digits made the message itself raise."""
    import helixgate
    from helixgate import InputErrors

    manifest = make_manifest("HG-HUGE", "allow")
    manifest["apiVersion"] = 10**5000
    with pytest.raises(InputErrors) as raised:
        helixgate.validate(manifest)
    assert "an integer of about 5001 digits" in str(raised.value)
