"""The project page's display values: the six phases with what was recorded of each,
and the next one to record, so that the template only presents."""

from __future__ import annotations

from dataclasses import dataclass

from .models import ProjectPhase
from .phases import PHASES, Phase


@dataclass(frozen=True)
class PhaseStep:
    phase: Phase
    recorded: ProjectPhase | None
    # The phase before has started, so this one may be recorded now.
    can_record: bool

    @property
    def status(self) -> str:
        if self.recorded is None:
            return "Not started" if self.can_record else "Cannot start yet"
        return "Completed" if self.recorded.ended_on else "Started"


def phase_steps(phases: list[ProjectPhase]) -> list[PhaseStep]:
    by_slug = {phase.phase: phase for phase in phases}
    steps, previous_started = [], True
    for phase in PHASES:
        recorded = by_slug.get(phase.slug)
        steps.append(PhaseStep(phase=phase, recorded=recorded, can_record=previous_started))
        previous_started = recorded is not None
    return steps


def next_phase(steps: list[PhaseStep]) -> Phase | None:
    """The first phase not yet recorded that may be, or None once all six are."""
    return next((step.phase for step in steps if step.recorded is None and step.can_record), None)
