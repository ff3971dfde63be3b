"""Typed decisions, and the fail-closed reading of OPA's answer into them.

An answer is accepted only if it has exactly the shape policy-pack-v1.md
describes and names the manifest that was asked about; anything else is an
EngineError, so a malformed answer can never read as `allow`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import EngineError, Location
from .loader import Document

DECISIONS = ("allow", "review", "deny")
FINDING_LEVELS = ("deny", "review", "info", "waived", "signed_off")
COUNTED_LEVELS = ("deny", "review", "info")


@dataclass(frozen=True)
class Citation:
    source: str
    text: str


@dataclass(frozen=True)
class Waiver:
    """The waiver that turned a finding into level `waived`."""

    reason: str
    approved_by: str
    expires_on: str
    transfer: str | None = None


@dataclass(frozen=True)
class SignOff:
    """The sign-off that turned a review finding into level `signed_off`."""

    reason: str
    approved_by: str
    approved_on: str
    expires_on: str
    transfer: str | None = None


@dataclass(frozen=True)
class Finding:
    """One firing of one rule, placed on the manifest line that caused it."""

    rule: str
    level: str
    title: str
    message: str
    location: Location
    citation: Citation
    remediation: str
    reasons: tuple[str, ...] = ()
    transfer: str | None = None
    item: str | None = None
    party: str | None = None
    waiver: Waiver | None = None
    signoff: SignOff | None = None

    @property
    def pointer(self) -> str:
        return self.location.pointer or ""

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column

    @property
    def counts(self) -> bool:
        """Whether the finding counts toward the decision (a waived or signed-off
        one does not)."""
        return self.level in COUNTED_LEVELS


@dataclass(frozen=True)
class Decision:
    """The decision on one manifest of one document of one source."""

    source: str
    document: int
    manifest: str
    decision: str
    findings: tuple[Finding, ...]
    obligations: tuple[str, ...]
    policy_revision: str
    # Why it was decided: the policy's facts of each transfer (helixgate.facts),
    # as OPA gives them; None when the answer carries none.
    facts: dict[str, Any] | None = None
    # Which waivers and sign-offs (indexes in the run's lists) met a finding
    # of this manifest; None when the answer does not say.
    controls_matched: dict[str, tuple[int, ...]] | None = None

    def reaches(self, level: str) -> bool:
        """Whether this decision is at least as severe as `level` (review or deny)."""
        return DECISIONS.index(self.decision) >= DECISIONS.index(level)


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise EngineError(f"OPA's answer has no valid {what}")
    return value


def _optional(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    return None if value is None else _string(value, f"finding {key}")


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise EngineError(f"OPA's answer has no valid {what}")
    return tuple(value)


def _waiver(raw: Any) -> Waiver | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise EngineError("OPA's answer has a waiver that is not an object")
    return Waiver(
        reason=_string(raw.get("reason"), "waiver reason"),
        approved_by=_string(raw.get("approved_by"), "waiver approver"),
        expires_on=_string(raw.get("expires_on"), "waiver expiry"),
        transfer=_optional(raw, "transfer"),
    )


def _signoff(raw: Any) -> SignOff | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise EngineError("OPA's answer has a sign-off that is not an object")
    return SignOff(
        reason=_string(raw.get("reason"), "sign-off reason"),
        approved_by=_string(raw.get("approved_by"), "sign-off approver"),
        approved_on=_string(raw.get("approved_on"), "sign-off date"),
        expires_on=_string(raw.get("expires_on"), "sign-off expiry"),
        transfer=_optional(raw, "transfer"),
    )


# Where a finding about a waiver or sign-off stands: (kind, index) to the
# place of that entry in its file (controls.Controls.place).
Places = Callable[[str, int], Location | None]


def _no_places(_kind: str, _index: int) -> Location | None:
    return None


def _location(raw: dict[str, Any], document: Document, pointer: str, places: Places) -> Location:
    """A finding about a waiver or sign-off (`control`) at its entry in its
    file; any other on the manifest line its pointer names."""
    control = raw.get("control")
    if control is None:
        return document.location(pointer)
    if not isinstance(control, dict) or not isinstance(control.get("index"), int):
        raise EngineError("OPA's answer has a finding with a control that is not one")
    place = places(_string(control.get("kind"), "control kind"), control["index"])
    return place if place is not None else document.location(pointer)


def read_finding(raw: Any, document: Document, places: Places = _no_places) -> Finding:
    if not isinstance(raw, dict):
        raise EngineError("OPA's answer has a finding that is not an object")
    level = _string(raw.get("level"), "finding level")
    if level not in FINDING_LEVELS:
        raise EngineError(f"OPA's answer has a finding of unknown level {level!r}")
    if (level == "waived") != (raw.get("waiver") is not None):
        raise EngineError("OPA's answer has a waived finding without its waiver, or the reverse")
    if (level == "signed_off") != (raw.get("signoff") is not None):
        raise EngineError(
            "OPA's answer has a signed-off finding without its sign-off, or the reverse"
        )
    citation = raw.get("citation")
    if not isinstance(citation, dict):
        raise EngineError("OPA's answer has a finding without a citation")
    pointer = _string(raw.get("pointer"), "finding pointer")
    return Finding(
        rule=_string(raw.get("rule"), "finding rule"),
        level=level,
        title=_string(raw.get("title"), "finding title"),
        message=_string(raw.get("message"), "finding message"),
        location=_location(raw, document, pointer, places),
        citation=Citation(
            _string(citation.get("source"), "citation source"),
            _string(citation.get("text"), "citation text"),
        ),
        remediation=_string(raw.get("remediation"), "finding remediation"),
        reasons=_strings(raw.get("reasons", []), "finding reasons"),
        transfer=_optional(raw, "transfer"),
        item=_optional(raw, "item"),
        party=_optional(raw, "party"),
        waiver=_waiver(raw.get("waiver")),
        signoff=_signoff(raw.get("signoff")),
    )


def read_decision(
    raw: Any, document: Document, manifest_id: str, places: Places = _no_places
) -> Decision:
    """The Decision in OPA's answer for one manifest; EngineError if the answer
    is not one."""
    if not isinstance(raw, dict):
        raise EngineError(f"OPA's answer for {manifest_id} is not an object")
    if raw.get("manifest") != manifest_id:
        raise EngineError(
            f"OPA answered for {raw.get('manifest')!r} when asked about {manifest_id!r}"
        )
    decision = raw.get("decision")
    if decision not in DECISIONS:
        raise EngineError(f"OPA's answer for {manifest_id} has no valid decision: {decision!r}")
    raw_findings = raw.get("findings")
    if not isinstance(raw_findings, list):
        raise EngineError(f"OPA's answer for {manifest_id} has no findings list")
    findings = tuple(read_finding(f, document, places) for f in raw_findings)
    _check_consistent(decision, findings, manifest_id)
    return Decision(
        source=document.source,
        document=document.index,
        manifest=manifest_id,
        decision=decision,
        findings=findings,
        obligations=_strings(raw.get("obligations"), "obligations"),
        controls_matched=_matched(raw.get("controls_matched"), manifest_id),
        policy_revision=_string(raw.get("policy_revision"), "policy revision"),
        facts=_facts(raw.get("facts"), manifest_id),
    )


def _facts(raw: Any, manifest_id: str) -> dict[str, Any] | None:
    """The facts as OPA gives them: an object, whose `transfers` and
    `destinations` are lists of objects when present."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(key, []), list) and all(isinstance(v, dict) for v in raw.get(key, []))
        for key in ("transfers", "destinations")
    ):
        raise EngineError(f"OPA's answer for {manifest_id} has facts that are not an object")
    return raw


def _matched(raw: Any, manifest_id: str) -> dict[str, tuple[int, ...]] | None:
    """Which waivers and sign-offs met a finding of the manifest; None when
    the answer does not say (a policy before sign-offs)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not all(
        isinstance(raw.get(k), list) and all(isinstance(i, int) for i in raw[k])
        for k in ("waivers", "signoffs")
    ):
        raise EngineError(f"OPA's answer for {manifest_id} has no valid controls_matched")
    return {k: tuple(raw[k]) for k in ("waivers", "signoffs")}


def _check_consistent(decision: str, findings: tuple[Finding, ...], manifest_id: str) -> None:
    """The decision must be the one the standing findings give; a policy bug
    that says allow beside a deny finding is an engine error, not an allow."""
    levels = {f.level for f in findings if f.counts}
    expected = "deny" if "deny" in levels else "review" if "review" in levels else "allow"
    if decision != expected:
        raise EngineError(
            f"OPA's decision for {manifest_id} is {decision!r} but its findings give {expected!r}"
        )


def read_entries(raw: Any, manifest_id: str) -> list[dict[str, Any]]:
    """The counting entries in OPA's answer for one manifest; EngineError if
    they are not entries of that manifest: the DOJ family's carry lists of
    counterparty and owner keys, the PIPL family's an exporter."""
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise EngineError(f"OPA's counting entries for {manifest_id} are not a list of objects")
    for entry in raw:
        family = entry.get("family")
        if family == "doj":
            shaped = isinstance(entry.get("keys"), list) and isinstance(entry.get("owners"), list)
        else:
            shaped = family == "pipl" and isinstance(entry.get("exporter"), str)
        if entry.get("manifest") != manifest_id or not shaped:
            raise EngineError(f"OPA's counting entries for {manifest_id} are not its own")
    return raw
