"""What one run found: decisions, input and engine errors, skipped documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..decision import DECISIONS, Decision, Finding
from ..engine import EngineInfo
from ..errors import InputError, Location
from ..interrupts import Interrupted
from ..sources import InputRecord

REPORT_VERSION = 1


@dataclass(frozen=True)
class ReportError:
    """An input that could not be decided: kind syntax, schema, reference, limit or engine."""

    kind: str
    message: str
    location: Location

    @classmethod
    def from_input(cls, error: InputError) -> ReportError:
        return cls(error.kind, error.message, error.location)

    @property
    def source(self) -> str:
        return self.location.source

    @property
    def document(self) -> int | None:
        return self.location.document

    @property
    def pointer(self) -> str | None:
        return self.location.pointer

    @property
    def line(self) -> int | None:
        return self.location.line

    @property
    def column(self) -> int | None:
        return self.location.column


@dataclass(frozen=True)
class Skip:
    source: str
    document: int | None
    reason: str


@dataclass
class Report:
    engine: EngineInfo | None = None
    mode: str = "embedded"
    results: list[Decision] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    complete: bool = True
    interrupted_by: Interrupted | None = None
    notes: list[str] = field(default_factory=list)
    """What the person running the check should hear beside any format."""
    control_findings: list[Finding] = field(default_factory=list)
    """Findings about the run's waivers and sign-offs rather than one manifest
    (HG-WAIVER-003, HG-WAIVER-004), each at its entry in its file."""
    as_of: dt.date | None = None
    """The evaluation date the questions carried (None when none was asked)."""
    inputs: tuple[InputRecord, ...] | None = None
    """Every file read, in the order first read, with its role and SHA-256
    (None when the report was not made by a run that records its reads)."""

    @property
    def interrupted(self) -> bool:
        return self.interrupted_by is not None

    def add(self, outcome: Decision | ReportError | Skip) -> None:
        """File one outcome of the run where it belongs; an engine error means
        the run did not decide everything."""
        if isinstance(outcome, Decision):
            self.results.append(outcome)
        elif isinstance(outcome, Skip):
            self.skipped.append(outcome)
        else:
            self.errors.append(outcome)
            if outcome.kind == "engine":
                self.complete = False

    def summary(self) -> dict[str, int]:
        counts = {name: 0 for name in DECISIONS}
        for result in self.results:
            counts[result.decision] += 1
        return {"manifests": len(self.results), **counts, "errors": len(self.errors),
                "skipped": len(self.skipped)}  # fmt: skip

    def exit_code(self, fail_on: str) -> int:
        """The interruption's status (130, 143) if interrupted, 2 if anything
        could not be read, validated or decided, 1 if a decision reaches
        `fail_on`, else 0."""
        if self.interrupted_by is not None:
            return self.interrupted_by.exit_code
        if self.errors or not self.complete:
            return 2
        return 1 if any(result.reaches(fail_on) for result in self.results) else 0
