"""The history page as people read it: one page of changes at a time, grouped by day and
then by person, newest first, with dates and times written the NHS.UK way."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.utils import timezone

from coprod_grid.templatetags.nhs_style import nhs_date, nhs_datetime, nhs_time

from .changes import Change, FieldChange

PER_PAGE = 15


# Everyday words on the page; the stored verbs stay as the restore rule reads them.
VERBS = {"Added": "Added", "Changed": "Changed", "Deleted": "Removed", "Restored": "Put back"}


@dataclass(frozen=True)
class ChangeView:
    change: Change
    time: str
    moment: str

    @property
    def verb(self) -> str:
        return VERBS.get(self.change.verb, self.change.verb)


# The reason carry_over gives a draft it copied: "Started from 2025/26's answers".
STARTED_FROM = "Started from "


def _with_start(change: Change) -> Change:
    """A draft started from an earlier assessment says so where it was added."""
    if change.kind != "assessment" or not change.reason.startswith(STARTED_FROM):
        return change
    row = FieldChange("Started from", "", change.reason.removeprefix(STARTED_FROM))
    return replace(change, changes=[*change.changes, row])


@dataclass(frozen=True)
class PersonChanges:
    who: str
    changes: list[ChangeView]


@dataclass(frozen=True)
class DayChanges:
    heading: str
    people: list[PersonChanges]


def by_day_and_person(changes: Sequence[Change]) -> list[DayChanges]:
    """``changes`` newest first. Each day keeps that order, and so does each person in
    it: the person who changed something last comes first."""
    days: dict[date, dict[str, list[ChangeView]]] = {}
    for change in changes:
        local = timezone.localtime(change.when)
        views = days.setdefault(local.date(), {}).setdefault(change.who, [])
        views.append(ChangeView(_with_start(change), nhs_time(local), nhs_datetime(local)))
    return [
        DayChanges(nhs_date(day), [PersonChanges(who, views) for who, views in people.items()])
        for day, people in days.items()
    ]


@dataclass(frozen=True)
class PageLink:
    """One item of the NHS.UK numbered pagination: a page's number, or a gap."""

    number: int | None
    href: str = ""
    current: bool = False

    @property
    def is_gap(self) -> bool:
        return self.number is None


@dataclass(frozen=True)
class Person:
    """Someone who changed the assessment, to choose in the filter."""

    value: str
    name: str
    chosen: bool


@dataclass(frozen=True)
class HistoryPage:
    page: Page
    days: list[DayChanges]
    links: list[PageLink]
    previous: str
    next: str
    first: int
    last: int
    total: int
    people: list[Person]
    #: The person chosen in the filter, or "" for everyone.
    chosen: str


def _person_value(change: Change) -> str:
    return str(change.who_id) if change.who_id is not None else "system"


def history_page(
    changes: Sequence[Change], number: str | None, person: str | None = None
) -> HistoryPage:
    """One page of ``changes``, only those by ``person`` (a value from ``people``) when
    given; an unknown person shows everyone's, as an unfiltered page would."""
    names = {}
    for change in changes:
        names.setdefault(_person_value(change), change.who)
    chosen = person if person in names else ""
    if chosen:
        changes = [change for change in changes if _person_value(change) == chosen]
    page = Paginator(changes, PER_PAGE).get_page(number)

    def href(page_number: int) -> str:
        query = {"person": chosen} if chosen else {}
        return "?" + urlencode(query | {"page": page_number})

    links = [
        PageLink(None)
        if item == Paginator.ELLIPSIS
        else PageLink(item, href(item), item == page.number)
        for item in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    people = sorted(
        (Person(value, name, value == chosen) for value, name in names.items()),
        key=lambda someone: someone.name.lower(),
    )
    return HistoryPage(
        page=page,
        days=by_day_and_person(page.object_list),
        links=links if page.has_other_pages() else [],
        previous=href(page.previous_page_number()) if page.has_previous() else "",
        next=href(page.next_page_number()) if page.has_next() else "",
        first=page.start_index(),
        last=page.end_index(),
        total=page.paginator.count,
        people=people if len(people) > 1 else [],
        chosen=names.get(chosen, ""),
    )
