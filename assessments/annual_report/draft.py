"""A draft of the involvement section of an ICB's annual report (section 14Z58 asks how
the duty to involve the public was met), made from the self-assessment, the impact
ledger, the co-design projects and the principles.

The draft is plain data: the HTML page and the Word document (``docx.py``) present the
same ``AnnualReportDraft``, so they cannot say different things. Every number or result
in it is a ``Figure`` that names where it came from, so whoever edits the draft can check
it before it goes to the Board. Each part is read through the function its own page uses
(``score_of``, the ledger's ``summarise``, ``projects_in_period``, the principles'
evidence), in a fixed number of queries whatever the size of the ledger or the plan.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from coprod_grid import catalogue
from coprod_grid.models import CommissioningStage

from ..codesign.models import CoDesignProject
from ..codesign.summary import phase_reached, projects_in_period
from ..ledger.models import LedgerEntry, Outcome
from ..ledger.summary import ImpactSummary, summarise
from ..models import Action, Answer, Assessment, Commitment, Frequency, Participant
from ..periods import period_bounds
from ..principles.evidence import (
    PrincipleEvidence,
    ledger_entries_of,
    practised_of,
    principles_evidence,
)
from ..principles.presenters import by_framework
from ..results.results import answers_of, score_of
from ..results.scoring import as_percent

SECTION_TITLES = (
    "How we involved people",
    "What we heard",
    "What we did",
    "What we will do next",
)
SOURCES_HEADING = "Where these figures come from"
EXAMPLES_SHOWN = 5  # of what people said, and of what changed: a report quotes a few
PHASE_COUNT = 6  # the phases of experience-based co-design (codesign/phases.py)

DRAFT_NOTICE = (
    "This is a draft. It was made from the records in this service. "
    "Check every figure and change the words before you use it."
)
DRAFT_ASSESSMENT_NOTICE = (
    "The self-assessment has not been submitted yet, so its figures may change."
)

# What each part of the Grid means, in our words (the Grid's own are a quotation about
# CCGs): keyed by the two halves, so an admin renaming a quadrant changes no meaning.
QUADRANT_MEANINGS = {
    (True, True): (
        "This means people with lived experience share in our decisions, "
        "and this is how we normally work."
    ),
    (True, False): (
        "This means people with lived experience share in some of our decisions. "
        "It is not yet how we normally work."
    ),
    (False, True): (
        "This means we ask people with lived experience for their views as normal "
        "practice. They do not yet share in our decisions."
    ),
    (False, False): (
        "This means we ask people with lived experience for their views now and then. "
        "It is not yet part of how we normally work."
    ),
}

COMMITMENT_WORDS = {
    Commitment.NONE: "We have not yet made a stated commitment to co-production.",
    Commitment.PLANS: "We plan to do more co-production.",
    Commitment.STANDARD: "We have adopted co-production as our standard approach.",
}

PARTICIPANT_WORDS = {
    Participant.COMMISSIONERS: "commissioners",
    Participant.CARERS: "carers",
    Participant.VOLUNTARY_SECTOR: "voluntary sector partners",
}


# --- the shape of the draft ---------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number or a result, the words that follow it, and where it came from."""

    value: int | str
    words: str
    source: str

    @property
    def text(self) -> str:
        return f"{self.value} {self.words}" if self.words else str(self.value)


@dataclass(frozen=True)
class Paragraph:
    """Plain text and figures, in reading order."""

    parts: tuple[str | Figure, ...]

    @property
    def pieces(self) -> tuple[tuple[str, Figure | None], ...]:
        """Each part's text, with its figure when it is one (a template cannot tell a
        string from a dataclass)."""
        return tuple(
            (part.text, part) if isinstance(part, Figure) else (part, None) for part in self.parts
        )

    @property
    def text(self) -> str:
        return "".join(text for text, _figure in self.pieces)

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(part for part in self.parts if isinstance(part, Figure))


@dataclass(frozen=True)
class Block:
    """Paragraphs, then a bulleted list, under an optional second-level heading."""

    heading: str = ""
    paragraphs: tuple[Paragraph, ...] = ()
    items: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]

    @property
    def slug(self) -> str:
        return self.title.lower().replace(" ", "-")

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure of the section in reading order, each once."""
        found: dict[Figure, None] = {}
        for block in self.blocks:
            for paragraph in (*block.paragraphs, *block.items):
                found.update(dict.fromkeys(paragraph.figures))
        return tuple(found)


@dataclass(frozen=True)
class AnnualReportDraft:
    title: str
    organisation: str
    period: str
    notice: tuple[str, ...]
    sections: tuple[Section, ...]
    #: When the figures were settled: the submission, or the draft assessment's last save.
    as_of: datetime.datetime


def _p(*parts: str | Figure) -> Paragraph:
    return Paragraph(tuple(part for part in parts if part != ""))


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _names(names: Sequence[str]) -> str:
    """A list in words: "a", "a and b", "a, b and c"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# --- where the figures come from -------------------------------------------------------


@dataclass(frozen=True)
class Sources:
    assessment: str
    ledger: str
    projects: str
    principles: str
    actions: str = "Action plan"

    @staticmethod
    def project(title: str) -> str:
        return f"Co-design project '{title}'"

    # Which part of a record a figure counts, so that two figures of one record that
    # happen to read alike ("1 thing") can each be found again.
    def of_assessment(self, part: str) -> str:
        return f"{self.assessment}: {part}"

    def of_ledger(self, part: str) -> str:
        return f"{self.ledger}: {part}"

    def of_actions(self, part: str) -> str:
        return f"{self.actions}: {part}"


def sources_of(assessment: Assessment) -> Sources:
    period = assessment.period
    if assessment.is_submitted and assessment.submitted_at:
        submitted = timezone.localtime(assessment.submitted_at).date()
        own = f"Self-assessment {period}, submitted {_day(submitted)}"
    else:
        own = f"Self-assessment {period}, not yet submitted"
    first, last = period_bounds(period)
    ledger = f"Impact ledger, entries heard {_day(first)} to {_day(last)}"
    return Sources(
        assessment=own,
        ledger=ledger,
        projects=f"Co-design projects with work in {period}",
        principles=f"Principles, matched with the self-assessment {period} and the impact ledger",
    )


# --- the Grid result ------------------------------------------------------------------


@dataclass(frozen=True)
class GridResult:
    quadrant: str  # "" when nothing is practised
    activeness: float | None
    embeddedness: float | None
    practices: tuple[tuple[str, str], ...]  # (name, frequency), strongest first
    stage_levels: dict[str, str]


def grid_result(
    assessment: Assessment, answers: Sequence[Answer], stages: Sequence[CommissioningStage]
) -> GridResult:
    """The result the results page shows, through ``score_of``: a submitted assessment
    is scored with the values kept with its answers, so this is what it was submitted
    with (``SubmittedResult`` holds the same); a draft with its answers as they stand."""
    score = score_of(assessment, answers, stages=[stage.slug for stage in stages])
    names = {
        answer.activity.slug: (
            answer.snapshot_name
            if assessment.is_submitted and answer.snapshot_name
            else answer.activity.name
        )
        for answer in answers
    }
    return GridResult(
        quadrant=score.quadrant or "",
        activeness=score.activeness,
        embeddedness=score.embeddedness,
        practices=tuple((names[p.activity], p.frequency) for p in score.practices),
        stage_levels=dict(score.stage_levels),
    )


# --- How we involved people -------------------------------------------------------------


def _who_took_part(assessment: Assessment, sources: Sources) -> Paragraph:
    chosen = assessment.participants or []
    others = [words for value, words in PARTICIPANT_WORDS.items() if value in chosen]
    with_others = f", with {_names(others)}" if others else ""
    count = assessment.experts_by_experience_count
    if count:
        words = _plural(count, "expert by experience", "experts by experience")
        return _p(
            Figure(count, words, sources.of_assessment("who took part")),
            f" took part in the self-assessment{with_others}.",
        )
    if Participant.EXPERTS in chosen:
        return _p(f"Experts by experience took part in the self-assessment{with_others}.")
    if others:
        return _p(
            f"The self-assessment was done by {_names(others)}. "
            "No experts by experience took part in it."
        )
    return _p("The self-assessment does not say who took part.")


def _position(grid: GridResult, sources: Sources) -> list[Paragraph]:
    quadrant = next((q for q in catalogue.quadrants() if q.slug == grid.quadrant), None)
    if quadrant is None or grid.activeness is None or grid.embeddedness is None:
        return [_p("We have not recorded any involvement yet, so we have no place on the Grid.")]
    return [
        _p(
            "Our place on the Grid is ",
            Figure(quadrant.name, "", sources.of_assessment("place on the Grid")),
            ".",
        ),
        _p(QUADRANT_MEANINGS[(quadrant.active, quadrant.embedded)]),
        _p(
            "We score ",
            Figure(as_percent(grid.activeness), "out of 100", sources.of_assessment("activeness")),
            " for how active our involvement is. We score ",
            Figure(
                as_percent(grid.embeddedness), "out of 100", sources.of_assessment("embeddedness")
            ),
            " for how embedded it is.",
        ),
    ]


def _involved(
    assessment: Assessment,
    grid: GridResult,
    stages: Sequence[CommissioningStage],
    principles: Sequence[PrincipleEvidence],
    sources: Sources,
) -> Section:
    paragraphs = [
        _p(
            f"In {assessment.period} we looked at how we involve people with lived "
            "experience in commissioning. We used the Co-production Grid "
            "(Rethink Mental Illness, 2017)."
        ),
        _who_took_part(assessment, sources),
        *_position(grid, sources),
    ]
    routine = [name for name, frequency in grid.practices if frequency == Frequency.ROUTINE]
    if grid.practices:
        paragraphs.append(
            _p(
                "We do ",
                Figure(
                    len(grid.practices),
                    "of the Grid's activities",
                    sources.of_assessment("activities done occasionally or routinely"),
                ),
                ". We do ",
                Figure(
                    len(routine),
                    "of them as routine",
                    sources.of_assessment("activities done routinely"),
                ),
                ".",
            )
        )
    reached = [s.name.lower() for s in stages if grid.stage_levels.get(s.slug, "none") != "none"]
    paragraphs.append(
        _p(
            "Our involvement reaches ",
            Figure(
                len(reached),
                f"of the {len(stages)} stages of commissioning",
                sources.of_assessment("stages reached"),
            ),
            f": {_names(reached)}." if reached else ".",
        )
    )
    if areas := [area.name for area in assessment.service_areas.all()]:
        paragraphs.append(_p(f"We looked at these services: {_names(areas)}."))
    if words := COMMITMENT_WORDS.get(assessment.commitment):
        paragraphs.append(_p(words))
    blocks = [Block(paragraphs=tuple(paragraphs))]
    if routine:
        blocks.append(
            Block(heading="What we do as routine", items=tuple(_p(name) for name in routine))
        )
    if principles:
        blocks += _principles(principles, sources)
    return Section(SECTION_TITLES[0], tuple(blocks))


def _principles(evidence: Sequence[PrincipleEvidence], sources: Sources) -> list[Block]:
    """The evidence found for each principle, and plainly where there is none: a record
    to check, never a verdict of whether a principle was met."""
    blocks = []
    for number, group in enumerate(by_framework(evidence)):
        intro = _p(
            "We looked for evidence of each principle in our self-assessment and our "
            "impact ledger. We found evidence for ",
            Figure(
                group.with_evidence,
                f"of the {len(group.principles)} principles",
                f"{sources.principles}: {group.name}",
            ),
            ".",
        )
        items = tuple(_principle(item) for item in group.principles)
        if number == 0:
            note = _p("This is a record of the evidence. It does not judge whether we met them.")
            paragraphs: tuple[Paragraph, ...] = (intro, note)
        else:
            paragraphs = (intro,)
        blocks.append(Block(heading=group.name, paragraphs=paragraphs, items=items))
    return blocks


def _principle(item: PrincipleEvidence) -> Paragraph:
    name = item.principle.name
    if not item.has_evidence:
        return _p(f"{name}: no evidence recorded yet.")
    # In words, not counts: the principles page lists each piece of evidence, and a
    # count per principle would make the sources table longer than the section.
    places = [
        place
        for place, found in (
            ("what we do", item.activities),
            ("our impact ledger", item.entries),
        )
        if found
    ]
    return _p(f"{name}: evidence found in {_names(places)}.")


# --- What we heard --------------------------------------------------------------------


def _things(count: int) -> str:
    return _plural(count, "thing", "things")


def _heard(summary: ImpactSummary, heard: Sequence[LedgerEntry], sources: Sources) -> Section:
    source = sources.ledger
    first, last = period_bounds(summary.period)
    between = f" between {_day(first)} and {_day(last)}."
    if not summary.entries:
        opening = _p("Our impact ledger has ", Figure(0, "entries", source), between)
        return Section(SECTION_TITLES[1], (Block(paragraphs=(opening,)),))
    count = summary.entries
    opening = _p(
        "We recorded ",
        Figure(count, f"{_things(count)} people told us", source),
        between,
    )
    blocks = [Block(paragraphs=(opening,))]
    if stage_items := tuple(
        _p(
            f"{row.name}: ",
            Figure(row.entries, _things(row.entries), sources.of_ledger(f"stage {row.name}")),
        )
        for row in summary.by_stage
        if row.entries
    ):
        blocks.append(Block(heading="At each stage of commissioning", items=stage_items))
    if heard:
        blocks.append(Block(heading="Some of what people told us", items=tuple(map(_said, heard))))
    return Section(SECTION_TITLES[1], tuple(blocks))


def _said(entry: LedgerEntry) -> Paragraph:
    where = f", {entry.source}" if entry.source else ""
    return _p(f"“{entry.said}” ({_day(entry.heard_on)}{where})")


# --- What we did ------------------------------------------------------------------------


def _did(
    summary: ImpactSummary,
    changed: Sequence[LedgerEntry],
    projects: Sequence[CoDesignProject],
    sources: Sources,
) -> Section:
    if not summary.entries:
        blocks = [Block(paragraphs=(_p("Our impact ledger has nothing acted on yet."),))]
    else:
        decisions, services = summary.decisions_changed, summary.services_changed
        acted = decisions + services
        paragraphs = [
            _p(
                "We acted on ",
                Figure(acted, f"{_things(acted)} people told us", sources.of_ledger("acted on")),
                ". This changed ",
                Figure(
                    decisions,
                    _plural(decisions, "decision", "decisions"),
                    sources.of_ledger("a decision changed"),
                ),
                " and ",
                Figure(
                    services,
                    _plural(services, "service", "services"),
                    sources.of_ledger("a service changed"),
                ),
                ".",
            )
        ]
        if summary.not_acted_on:
            count = summary.not_acted_on
            paragraphs.append(
                _p(
                    "We did not act on ",
                    Figure(count, _things(count), sources.of_ledger("not acted on")),
                    ". We said why.",
                )
            )
        if summary.open:
            paragraphs.append(
                _p(
                    "We have not yet decided what to do about ",
                    Figure(summary.open, _things(summary.open), sources.of_ledger("still open")),
                    ".",
                )
            )
        paragraphs.append(
            _p(
                "We went back to tell people what we did. We did this for ",
                Figure(
                    summary.fed_back, f"of the {summary.entries}", sources.of_ledger("fed back")
                ),
                ". That is ",
                Figure(f"{summary.fed_back_percent}%", "", sources.of_ledger("share fed back")),
                ".",
            )
        )
        blocks = [Block(paragraphs=tuple(paragraphs))]
        if changed:
            blocks.append(Block(heading="You said, we did", items=tuple(map(_you_said, changed))))
    if projects:
        blocks.append(_projects(projects, sources))
    return Section(SECTION_TITLES[2], tuple(blocks))


def _you_said(entry: LedgerEntry) -> Paragraph:
    did = entry.did or Outcome(entry.outcome).label
    return _p(f"You said: “{entry.said}” We did: {did}")


def _projects(projects: Sequence[CoDesignProject], sources: Sources) -> Block:
    count = len(projects)
    intro = _p(
        "We ran ",
        Figure(count, _plural(count, "co-design project", "co-design projects"), sources.projects),
        ". In each, people who use a service and its staff improve it together.",
    )
    return Block(
        heading="Co-design projects",
        paragraphs=(intro,),
        items=tuple(_project(project) for project in projects),
    )


def _project(project: CoDesignProject) -> Paragraph:
    source = Sources.project(project.title)
    area = f" ({project.service_area.name})" if project.service_area_id else ""
    parts: list[str | Figure] = [f"{project.title}{area}."]
    if (reached := phase_reached(project)) is not None:
        phase = Figure(
            f"phase {reached.number} of {PHASE_COUNT}", f"({reached.name.lower()})", source
        )
        parts += [" It reached ", phase, "."]
    if people := project.participant_count:
        parts += [" ", Figure(people, _plural(people, "person", "people"), source), " took part"]
        if users := project.service_user_count + project.carer_count:
            parts += [", ", Figure(users, "of them people who use services or carers", source)]
        parts.append(".")
    if project.changes:
        parts.append(f" What changed: {project.changes}")
    return _p(*parts)


# --- What we will do next ---------------------------------------------------------------


def _next(actions: Sequence[Action], sources: Sources) -> Section:
    if not actions:
        opening = _p("Our action plan has no actions yet.")
        return Section(SECTION_TITLES[3], (Block(paragraphs=(opening,)),))
    still = [action for action in actions if action.status != Action.Status.DONE]
    done = len(actions) - len(still)
    opening = _p(
        "Our action plan has ",
        Figure(
            len(still),
            _plural(len(still), "action", "actions") + " still to do",
            sources.of_actions("not done yet"),
        ),
        ". We have finished ",
        Figure(done, _plural(done, "action", "actions"), sources.of_actions("done")),
        ".",
    )
    items = []
    for action in still:
        parts = [action.description.strip().rstrip(".") + "."]
        if action.owner:
            parts.append(f" Who: {action.owner}.")
        if action.due_date:
            parts.append(f" By: {_day(action.due_date)}.")
        items.append(_p(*parts))
    return Section(SECTION_TITLES[3], (Block(paragraphs=(opening,), items=tuple(items)),))


# --- the draft --------------------------------------------------------------------------


def annual_report_draft(
    assessment: Assessment, *, answers: Sequence[Answer] | None = None
) -> AnnualReportDraft:
    """The draft for ``assessment``, its organisation loaded (as ``assessment_for_user``
    gives it); ``answers`` (``answers_of``'s) read unless given."""
    organisation = assessment.organisation
    sources = sources_of(assessment)
    stages = catalogue.commissioning_stages()
    if answers is None:
        answers = answers_of(assessment)
    # The period's entries, newest first, read once: the principles' evidence, the
    # examples quoted and the figures, counted as the ledger page counts them
    # (``summarise``, which ``impact_summary`` uses over the same period's entries).
    entries = ledger_entries_of(assessment)
    principles = principles_evidence(
        catalogue.principles(), practised_of(assessment, answers), entries
    )
    summary = summarise(organisation.pk, assessment.period, entries, stages)
    changed = [entry for entry in entries if entry.changed_something][:EXAMPLES_SHOWN]
    projects = projects_in_period(organisation.pk, assessment.period)
    actions = list(Action.objects.filter(assessment=assessment))

    notice = (DRAFT_NOTICE,) if assessment.is_submitted else (DRAFT_NOTICE, DRAFT_ASSESSMENT_NOTICE)
    as_of = assessment.submitted_at if assessment.is_submitted else assessment.updated_at
    return AnnualReportDraft(
        title=f"Involving people and communities in {assessment.period}",
        organisation=organisation.name,
        period=assessment.period,
        notice=notice,
        sections=(
            _involved(
                assessment, grid_result(assessment, answers, stages), stages, principles, sources
            ),
            _heard(summary, entries[:EXAMPLES_SHOWN], sources),
            _did(summary, changed, projects, sources),
            _next(actions, sources),
        ),
        as_of=as_of or assessment.created_at,
    )
