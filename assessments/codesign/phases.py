"""The six phases of experience-based co-design (EBCD), in their order: Box 2 of
Robert, Donetto and Williams, "Co-production and co-design" (the evidence review in
``docs/``). They are the method itself, not catalogue data an admin curates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    slug: str
    number: int
    name: str
    description: str


PHASES: tuple[Phase, ...] = (
    Phase("set-up", 1, "Setting up the project", "Agree the service, the team and the aims."),
    Phase(
        "staff-experiences",
        2,
        "Gathering staff experiences",
        "Observe the service and interview the staff who work in it.",
    ),
    Phase(
        "patient-carer-experiences",
        3,
        "Gathering patient and carer experiences",
        "Interview people who use the service and their carers, often on film.",
    ),
    Phase(
        "joint-event",
        4,
        "Bringing staff, patients and carers together",
        "Share experiences of the service, prompted by a film of people's stories, and "
        "agree the priorities for improvement.",
    ),
    Phase(
        "co-design-teams",
        5,
        "Working in small co-design groups",
        "Patients and staff work on each priority together, usually four to six of them "
        "over three to four months.",
    ),
    Phase(
        "celebration-review",
        6,
        "Celebrating and reviewing",
        "Hold an event to celebrate what changed and review what comes next.",
    ),
)

PHASE_SLUGS = tuple(phase.slug for phase in PHASES)
BY_SLUG = {phase.slug: phase for phase in PHASES}
CHOICES = [(phase.slug, phase.name) for phase in PHASES]
